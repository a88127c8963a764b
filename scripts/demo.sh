#!/usr/bin/env bash
# The README's run command: set up, build mlide, print its findings on the bundled example
# training programs, then open a real VS Code (code-server, in your browser, bound to 127.0.0.1)
# with the extension installed and examples/ open, and print its URL. Ctrl+C stops it.
#
#   scripts/demo.sh              findings, then VS Code in the browser
#   scripts/demo.sh --check-only findings only
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
check_only=0
for arg in "$@"; do
  case "$arg" in
    --check-only) check_only=1 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "demo.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done

bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target mlide

printf '\n$ mlide check examples/\n'
status=0
build/release/mlide check examples/ || status=$?
# 1 means "findings" — the point of the demo; anything else is a real failure.
if ((status > 1)); then
  echo "demo.sh: mlide check failed with status $status" >&2
  exit "$status"
fi

if ((check_only)); then exit 0; fi
printf '\nStarting VS Code in the browser (code-server) with mlide and examples/ ...\n'
exec bash scripts/vscode-demo.sh
