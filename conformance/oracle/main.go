// Command oracle answers, for each input it is given, what Prometheus' own code answers: the
// parser Pyroscope calls (`parser.NewParser(parser.Options{}).ParseMetricSelector`) and the
// regex constructor its label matchers use (`labels.NewFastRegexMatcher`). It is pyroql's
// conformance oracle: pyroql's answers are compared with these, byte for byte.
//
// Usage:
//
//	oracle info                 versions, as one JSON object
//	oracle selector < inputs    one JSON answer per input line
//	oracle regexp < inputs      likewise, for regex patterns
//	oracle match < inputs       likewise, for label matchers and the values they are given
//	oracle match-info           the versions behind match and lower, as one JSON object
//	oracle lower < inputs       likewise, Prometheus' case-insensitive set key of each input
//	oracle printable            the runes strconv.IsPrint accepts, as ranges
//	oracle bench < spec         the speed of labels.Matcher (see bench.go)
//
// Each input line is the input's bytes in hexadecimal, so that any bytes (newlines, NUL,
// invalid UTF-8) can be given. Each answer is one JSON line, in input order. Strings in
// answers are JSON strings when they are valid UTF-8, and {"hex": "..."} otherwise.
//
// A match input is a JSON object {"op": "=~", "pattern": "...", "values": ["...", ...]}; its
// answer is {"ok": true, "matches": [...], "plain": [...]}: what labels.NewMatcher(op, "l",
// pattern).Matches(value) answers for each value, and beside it, for =~ and !~, what plain RE2
// answers (grafana/regexp's regexp.Compile("^(?s:" + pattern + ")$"), negated for !~), so that
// reports can tell Prometheus' shortcuts from RE2; plain is null where that does not compile.
// When NewMatcher fails the answer is {"ok": false, "error": "..."}.
package main

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/grafana/regexp"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
	"golang.org/x/text/unicode/norm"
)

// text is a Go string as JSON: itself when valid UTF-8, its bytes in hex otherwise.
type text string

func (t text) MarshalJSON() ([]byte, error) {
	if utf8.ValidString(string(t)) {
		return json.Marshal(string(t))
	}
	return json.Marshal(map[string]string{"hex": hex.EncodeToString([]byte(t))})
}

type matcher struct {
	Name  text `json:"name"`
	Op    text `json:"op"`
	Value text `json:"value"`
}

type answer struct {
	OK       bool      `json:"ok"`
	Matchers []matcher `json:"matchers,omitempty"`
	Error    *text     `json:"error,omitempty"`
}

func selectorAnswer(p parser.Parser, input string) answer {
	ms, err := p.ParseMetricSelector(input)
	if err != nil {
		e := text(err.Error())
		return answer{Error: &e}
	}
	out := answer{OK: true, Matchers: []matcher{}}
	for _, m := range ms {
		out.Matchers = append(out.Matchers, matcher{text(m.Name), text(m.Type.String()), text(m.Value)})
	}
	return out
}

func regexpAnswer(pattern string) answer {
	if _, err := labels.NewFastRegexMatcher(pattern); err != nil {
		e := text(err.Error())
		return answer{Error: &e}
	}
	return answer{OK: true}
}

type matchInput struct {
	Op      string   `json:"op"`
	Pattern string   `json:"pattern"`
	Values  []string `json:"values"`
}

type matchAnswer struct {
	OK      bool    `json:"ok"`
	Matches []bool  `json:"matches,omitempty"`
	Plain   []bool  `json:"plain,omitempty"`
	Error   *text   `json:"error,omitempty"`
	Bad     *string `json:"bad_input,omitempty"`
}

var matchTypes = map[string]labels.MatchType{
	"=":  labels.MatchEqual,
	"!=": labels.MatchNotEqual,
	"=~": labels.MatchRegexp,
	"!~": labels.MatchNotRegexp,
}

func matchAnswerOf(input string) any {
	var in matchInput
	if err := json.Unmarshal([]byte(input), &in); err != nil {
		bad := err.Error()
		return matchAnswer{Bad: &bad}
	}
	op, known := matchTypes[in.Op]
	if !known {
		bad := "unknown op " + in.Op
		return matchAnswer{Bad: &bad}
	}
	m, err := labels.NewMatcher(op, "l", in.Pattern)
	if err != nil {
		e := text(err.Error())
		return matchAnswer{Error: &e}
	}
	out := matchAnswer{OK: true, Matches: make([]bool, len(in.Values))}
	for i, v := range in.Values {
		out.Matches[i] = m.Matches(v)
	}
	if op == labels.MatchRegexp || op == labels.MatchNotRegexp {
		if re, err := regexp.Compile("^(?s:" + in.Pattern + ")$"); err == nil {
			out.Plain = make([]bool, len(in.Values))
			for i, v := range in.Values {
				out.Plain[i] = re.MatchString(v) != (op == labels.MatchNotRegexp)
			}
		}
	}
	return out
}

type lowerAnswer struct {
	Lower text `json:"lower"`
}

// lowerAnswerOf is labels.toNormalisedLower's slow path, which Prometheus' case-insensitive
// sets of 16 or more alternatives key their values by.
func lowerAnswerOf(input string) any {
	return lowerAnswer{Lower: text(strings.Map(unicode.ToLower, norm.NFKD.String(input)))}
}

func moduleVersion(path string) string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, dep := range info.Deps {
		if dep.Path == path {
			if dep.Replace != nil {
				dep = dep.Replace
			}
			return dep.Version + " " + dep.Sum
		}
	}
	return "unknown"
}

func info() map[string]string {
	return map[string]string{
		"prometheus": moduleVersion("github.com/prometheus/prometheus"),
		"regexp":     moduleVersion("github.com/grafana/regexp"),
		"go":         runtime.Version(),
		"unicode":    unicode.Version,
		"call":       "parser.NewParser(parser.Options{}).ParseMetricSelector",
	}
}

func serve[A any](answer func(string) A) error {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for {
		line, err := in.ReadString('\n')
		if len(line) == 0 && err != nil {
			return nil
		}
		if line[len(line)-1] == '\n' {
			line = line[:len(line)-1]
		}
		input, herr := hex.DecodeString(line)
		if herr != nil {
			return fmt.Errorf("input is not hexadecimal: %v", herr)
		}
		if err := enc.Encode(answer(string(input))); err != nil {
			return err
		}
		// An empty line from the caller asks for the answers so far to be sent.
		if in.Buffered() == 0 {
			if err := out.Flush(); err != nil {
				return err
			}
		}
	}
}

// printable writes the ranges of runes strconv.IsPrint accepts, one "lo hi" pair (hex) a line.
func printable() {
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	start := rune(-1)
	for r := rune(0); r <= unicode.MaxRune+1; r++ {
		in := r <= unicode.MaxRune && strconv.IsPrint(r)
		switch {
		case in && start < 0:
			start = r
		case !in && start >= 0:
			fmt.Fprintf(out, "%x %x\n", start, r-1)
			start = -1
		}
	}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: oracle info|selector|regexp|match|lower|printable|bench")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "info":
		enc := json.NewEncoder(os.Stdout)
		enc.SetEscapeHTML(false)
		err = enc.Encode(info())
	case "selector":
		p := parser.NewParser(parser.Options{})
		err = serve(func(input string) answer { return selectorAnswer(p, input) })
	case "regexp":
		err = serve(regexpAnswer)
	case "match":
		err = serve(matchAnswerOf)
	case "match-info":
		// The versions behind match and lower answers, beyond info's.
		enc := json.NewEncoder(os.Stdout)
		enc.SetEscapeHTML(false)
		err = enc.Encode(map[string]string{
			"text":    moduleVersion("golang.org/x/text"),
			"norm":    norm.Version,
			"unicode": unicode.Version,
			"call":    `labels.NewMatcher(op, "l", pattern).Matches(value)`,
		})
	case "lower":
		err = serve(lowerAnswerOf)
	case "bench":
		err = bench(os.Stdin, os.Stdout)
	case "printable":
		printable()
	default:
		fmt.Fprintln(os.Stderr, "usage: oracle info|selector|regexp|match|lower|printable|bench")
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "oracle:", err)
		os.Exit(1)
	}
}
