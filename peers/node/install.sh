#!/usr/bin/env bash
# Installs the node peer's pinned packages (package-lock.json) into peers/node/node_modules.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
    echo "peers/node: skipped: npm is not installed" >&2
    exit 0
fi
npm ci --ignore-scripts --no-audit --no-fund
