// Command cue-verdicts validates Perses plugins the way the Perses server validates a stored
// resource's plugins (internal/api/plugin/schema and internal/api/validate): the plugin is read
// into perses/spec's Go type, a datasource's proxy is checked by perses/perses'
// datasource.ValidateAndExtract, and the plugin is unified with its kind's CUE schema and
// validated with cue.Concrete(true), cue.Attributes(true), cue.Definitions(true), cue.Hidden(true).
//
// The schemas come from a perses/plugins checkout (the pyroscope module is not on the Go module
// proxy); the perses/spec and perses/shared CUE packages they import come from those Go
// modules, pinned in go.mod, laid out as cue.mod/pkg of a temporary CUE module.
//
// Input: JSON lines {"file", "path", "plugin"}. Output: a header line with the versions, then one
// line per input: {"file", "path", "verdict": "ok" | "refused", "errors": [...]}.
//
// Usage: go run . -plugins PLUGINS_CHECKOUT -spec SPEC_MODULE_DIR -shared SHARED_MODULE_DIR < in > out
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/build"
	"cuelang.org/go/cue/cuecontext"
	cueerrors "cuelang.org/go/cue/errors"
	"cuelang.org/go/cue/load"
	"github.com/perses/perses/pkg/model/api/v1/datasource"
	"github.com/perses/spec/go/plugin"
)

type input struct {
	File   string          `json:"file"`
	Path   string          `json:"path"`
	Plugin json.RawMessage `json:"plugin"`
}

type verdict struct {
	File    string   `json:"file"`
	Path    string   `json:"path"`
	Verdict string   `json:"verdict"`
	Errors  []string `json:"errors,omitempty"`
}

// copyTree copies the .cue files under src to dst, leaving out nested cue.mod directories.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			if d.Name() == "cue.mod" || d.Name() == "tests" || d.Name() == "migrate" {
				return fs.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if filepath.Ext(path) != ".cue" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
}

func loadSchema(dir string) (*build.Instance, error) {
	instances := load.Instances([]string{}, &load.Config{Dir: dir, Package: "model"})
	if len(instances) != 1 {
		return nil, fmt.Errorf("%s: %d build instances", dir, len(instances))
	}
	if instances[0].Err != nil {
		return nil, instances[0].Err
	}
	return instances[0], nil
}

func errorLines(err error) []string {
	var lines []string
	for _, e := range cueerrors.Errors(err) {
		format, args := e.Msg()
		lines = append(lines, fmt.Sprintf("%s: %s", strings.Join(e.Path(), "."), fmt.Sprintf(format, args...)))
	}
	sort.Strings(lines)
	return lines
}

func main() {
	plugins := flag.String("plugins", "", "a perses/plugins checkout")
	specDir := flag.String("spec", "", "the github.com/perses/spec module directory")
	sharedDir := flag.String("shared", "", "the github.com/perses/shared module directory")
	label := flag.String("label", "", "what to call the checkout in the header (its commit)")
	flag.Parse()
	if *plugins == "" || *specDir == "" || *sharedDir == "" {
		fmt.Fprintln(os.Stderr, "usage: cue-verdicts -plugins DIR -spec DIR -shared DIR < plugins.jsonl")
		os.Exit(2)
	}
	root, err := os.MkdirTemp("", "pyroql-cue-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(root)
	steps := []error{
		copyTree(filepath.Join(*plugins, "pyroscope", "schemas"), filepath.Join(root, "schemas")),
		copyTree(filepath.Join(*specDir, "cue"), filepath.Join(root, "cue.mod/pkg/github.com/perses/spec/cue")),
		copyTree(filepath.Join(*sharedDir, "cue"), filepath.Join(root, "cue.mod/pkg/github.com/perses/shared/cue")),
		os.WriteFile(filepath.Join(root, "cue.mod/module.cue"),
			[]byte("module: \"github.com/perses/plugins/pyroscope@v0\"\nlanguage: version: \"v0.15.1\"\n"), 0o644),
	}
	if err := errors.Join(steps...); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	schemas := map[string]*build.Instance{}
	for kind, dir := range map[string]string{
		"PyroscopeDatasource":   "schemas/datasource",
		"PyroscopeProfileQuery": "schemas/pyroscope-profile-query",
	} {
		instance, err := loadSchema(filepath.Join(root, dir))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		schemas[kind] = instance
	}
	out := json.NewEncoder(os.Stdout)
	out.SetEscapeHTML(false)
	_ = out.Encode(map[string]string{
		"generator": "peers/cue",
		"plugins":   *label,
		"spec":      filepath.Base(*specDir),
		"shared":    filepath.Base(*sharedDir),
		"cue":       "cuelang.org/go@v0.16.1",
	})
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 64<<20)
	for scanner.Scan() {
		var in input
		if err := json.Unmarshal(scanner.Bytes(), &in); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		result := verdict{File: in.File, Path: in.Path, Verdict: "ok"}
		if errs := validate(in.Plugin, schemas); len(errs) > 0 {
			result.Verdict = "refused"
			result.Errors = errs
		}
		_ = out.Encode(result)
	}
}

// validate is what Perses does with a plugin it stores.
func validate(raw json.RawMessage, schemas map[string]*build.Instance) []string {
	var p plugin.Plugin
	if err := json.Unmarshal(raw, &p); err != nil {
		return []string{"go: " + err.Error()}
	}
	if p.Kind == "PyroscopeDatasource" {
		if _, _, err := datasource.ValidateAndExtract(p.Spec); err != nil {
			return []string{"go: " + err.Error()}
		}
	}
	schema, ok := schemas[p.Kind]
	if !ok {
		return []string{"no schema for " + p.Kind}
	}
	data, err := p.MarshalJSON()
	if err != nil {
		return []string{"go: " + err.Error()}
	}
	ctx := cuecontext.New()
	value := ctx.CompileBytes(data).Unify(ctx.BuildInstance(schema))
	if err := value.Validate(cue.Concrete(true), cue.Attributes(true), cue.Definitions(true), cue.Hidden(true)); err != nil {
		return errorLines(err)
	}
	return nil
}
