#!/usr/bin/env bash
# JSON-RPC transcript tests: replays tests/lsp/<name>.jsonrpc through `mlide serve --transcript`
# and compares the output with tests/lsp/<name>.expected.
#
#   run.sh BINARY [NAME...]            compare (all transcripts when no NAME is given)
#   run.sh --update BINARY [NAME...]   rewrite the .expected files; review the diff before committing
set -euo pipefail
update=0
if [[ "${1:-}" == "--update" ]]; then update=1; shift; fi
binary="$(realpath "$1")"; shift
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
names=("$@")
if ((${#names[@]} == 0)); then
  for f in "$here"/*.jsonrpc; do names+=("$(basename "$f" .jsonrpc)"); done
fi
# Run where nothing can be picked up from the tree (pyproject.toml, a database).
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
failed=0
for name in "${names[@]}"; do
  out="$scratch/$name.out"
  (cd "$scratch" && "$binary" serve --transcript "$here/$name.jsonrpc" >"$out" 2>"$scratch/$name.log") || {
    echo "FAIL $name: mlide exited with $?"; cat "$scratch/$name.log"; failed=1; continue; }
  if ((update)); then
    cp "$out" "$here/$name.expected"
    echo "updated $name.expected"
  elif ! diff -u "$here/$name.expected" "$out"; then
    echo "FAIL $name (expected vs actual above)"
    failed=1
  else
    echo "ok   $name"
  fi
done
exit "$failed"
