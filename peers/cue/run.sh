#!/usr/bin/env bash
# Validates the plugins of a JSON-lines file (stdin) against the pyroscope CUE schemas of a
# perses/plugins checkout, as Perses does; prints the verdicts as JSON lines (stdout).
# Usage: peers/cue/run.sh PLUGINS_CHECKOUT [LABEL] < plugins.jsonl > verdicts.jsonl
set -euo pipefail
cd "$(dirname "$0")"
plugins=$(cd "$1" && pwd)
label=${2:-$(git -C "$plugins" rev-parse HEAD 2>/dev/null || basename "$plugins")}
go mod download github.com/perses/spec github.com/perses/shared
spec=$(go list -m -f '{{.Dir}}' github.com/perses/spec)
shared=$(go list -m -f '{{.Dir}}' github.com/perses/shared)
exec go run . -plugins "$plugins" -spec "$spec" -shared "$shared" -label "$label"
