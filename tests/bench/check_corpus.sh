#!/usr/bin/env bash
# `mlide check` throughput over a large real corpus, side by side with pylint.
#
#   tests/bench/check_corpus.sh [MLIDE] [PYLINT_SAMPLE_EVERY]
#
# Corpus: the Python files Debian's python3-torch, python3-torchvision and python3-sklearn
# install under /usr/lib/python3/dist-packages (those present). Both tools run on one core
# (taskset -c 0). mlide runs every rule (--select ALL) over the whole corpus; pylint (default
# checks, --jobs=1) is far slower, so it runs on every Nth file (default 25) and its lines/s
# are computed over that sample. Prints one table row per tool.
set -euo pipefail
MLIDE=${1:-build/dev/mlide}
EVERY=${2:-25}
ROOT=/usr/lib/python3/dist-packages
dirs=()
for p in torch torchvision sklearn; do [[ -d $ROOT/$p ]] && dirs+=("$ROOT/$p"); done
[[ ${#dirs[@]} -gt 0 ]] || { echo "no corpus: install python3-torch" >&2; exit 2; }
list=$(mktemp)
trap 'rm -f "$list" "$list.sample"' EXIT
find "${dirs[@]}" -name '*.py' -type f | sort > "$list"
files=$(wc -l < "$list")
lines=$(xargs cat < "$list" | wc -l)
pin=(taskset -c 0)
command -v taskset > /dev/null || pin=()

t0=$(date +%s.%N)
set +e
# xargs may split the list over several runs; each exits 1 when it has findings (xargs: 123).
"${pin[@]}" xargs "$MLIDE" check --select ALL --format json < "$list" > /tmp/mlide-corpus.json 2> /tmp/mlide-corpus.err
rc=$?
set -e
t1=$(date +%s.%N)
[[ $rc -eq 0 || $rc -eq 123 ]] || { echo "mlide check failed ($rc):" >&2; head /tmp/mlide-corpus.err >&2; exit 1; }
[[ -s /tmp/mlide-corpus.err ]] && { echo "mlide check reported errors:" >&2; head /tmp/mlide-corpus.err >&2; exit 1; }
findings=$(grep -c '"rule":' /tmp/mlide-corpus.json || true)
secs=$(echo "$t1 - $t0" | bc)
echo "corpus: ${dirs[*]}  ($files files, $lines lines)"
printf "| mlide check --select ALL | %d files | %d lines | %.2f s | %.0f lines/s | %s findings |\n" \
  "$files" "$lines" "$secs" "$(echo "$lines / $secs" | bc -l)" "$findings"

if command -v pylint > /dev/null; then
  awk -v n="$EVERY" 'NR % n == 1' "$list" > "$list.sample"
  sfiles=$(wc -l < "$list.sample")
  slines=$(xargs cat < "$list.sample" | wc -l)
  t0=$(date +%s.%N)
  "${pin[@]}" xargs pylint --jobs=1 --persistent=n --score=n < "$list.sample" > /dev/null 2>&1 || true
  t1=$(date +%s.%N)
  secs=$(echo "$t1 - $t0" | bc)
  printf "| pylint (every %dth file) | %d files | %d lines | %.2f s | %.0f lines/s | |\n" \
    "$EVERY" "$sfiles" "$slines" "$secs" "$(echo "$slines / $secs" | bc -l)"
fi
