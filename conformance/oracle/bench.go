package main

// The speed of Prometheus' matchers, for the comparison with pyroql (scripts/conformance
// --bench). The spec on standard input names the matchers and the values:
//
//	{"cases": [{"name": "...", "op": "=~", "pattern": "..."}], "values": ["...", ...],
//	 "rounds": 15, "compiles": 2000}
//
// For each case, in order, the loop pyroql's criterion bench runs too: every value through
// m.Matches, counting the matches, timed `rounds` times (after one untimed round); and
// labels.NewMatcher timed over `compiles` calls, `rounds` times. One JSON line per case: the
// median and least ns per match and per NewMatcher, and the count of matches (which pyroql's
// must equal).

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/prometheus/prometheus/model/labels"
)

type benchCase struct {
	Name    string `json:"name"`
	Op      string `json:"op"`
	Pattern string `json:"pattern"`
}

type benchSpec struct {
	Cases    []benchCase `json:"cases"`
	Values   []string    `json:"values"`
	Rounds   int         `json:"rounds"`
	Compiles int         `json:"compiles"`
}

type benchResult struct {
	Name          string  `json:"name"`
	Matched       int     `json:"matched"`
	MatchMedianNs float64 `json:"match_median_ns"`
	MatchMinNs    float64 `json:"match_min_ns"`
	NewMedianNs   float64 `json:"new_matcher_median_ns"`
	NewMinNs      float64 `json:"new_matcher_min_ns"`
}

// sink keeps the compiler from dropping the matchers built while timing NewMatcher.
var sink *labels.Matcher

func medianAndMin(xs []float64) (float64, float64) {
	sort.Float64s(xs)
	return xs[len(xs)/2], xs[0]
}

func bench(in io.Reader, out io.Writer) error {
	var spec benchSpec
	if err := json.NewDecoder(in).Decode(&spec); err != nil {
		return fmt.Errorf("bench spec: %v", err)
	}
	if spec.Rounds < 1 {
		spec.Rounds = 1
	}
	if spec.Compiles < 1 {
		spec.Compiles = 1
	}
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for _, c := range spec.Cases {
		op, known := matchTypes[c.Op]
		if !known {
			return fmt.Errorf("bench: unknown op %q", c.Op)
		}
		m, err := labels.NewMatcher(op, "l", c.Pattern)
		if err != nil {
			return fmt.Errorf("bench %s: %v", c.Name, err)
		}
		count := func() int {
			n := 0
			for _, v := range spec.Values {
				if m.Matches(v) {
					n++
				}
			}
			return n
		}
		matched := count()
		perMatch := make([]float64, spec.Rounds)
		for r := range perMatch {
			start := time.Now()
			if count() != matched {
				return fmt.Errorf("bench %s: the count changed", c.Name)
			}
			perMatch[r] = float64(time.Since(start).Nanoseconds()) / float64(len(spec.Values))
		}
		perNew := make([]float64, spec.Rounds)
		for r := range perNew {
			start := time.Now()
			for i := 0; i < spec.Compiles; i++ {
				sink, _ = labels.NewMatcher(op, "l", c.Pattern)
			}
			perNew[r] = float64(time.Since(start).Nanoseconds()) / float64(spec.Compiles)
		}
		res := benchResult{Name: c.Name, Matched: matched}
		res.MatchMedianNs, res.MatchMinNs = medianAndMin(perMatch)
		res.NewMedianNs, res.NewMinNs = medianAndMin(perNew)
		if err := enc.Encode(res); err != nil {
			return err
		}
	}
	return nil
}
