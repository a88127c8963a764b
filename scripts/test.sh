#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine and runs every mlide test: unit tests, JSON-RPC transcripts,
# rule fixtures, training runs, the Neovim end-to-end test (all through ctest), a bounded
# libFuzzer run, and the VS Code tests (extension host + headless Chromium UI).
# `.ci/run` runs exactly this. Idempotent: a second run reuses what is installed and built.
#
#   MLIDE_FUZZ_SECONDS=60   how long the fuzzer runs (0 skips the fuzz step)
#   MLIDE_SKIP_VSCODE=1     skip the VS Code tests (they need Chromium and code-server)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
jobs="$(nproc)"
fuzz_seconds="${MLIDE_FUZZ_SECONDS:-60}"
step() { printf '\n=== [%s] %s ===\n' "$(date +%H:%M:%S)" "$*"; }

step "setup"
bash scripts/setup.sh --npm

step "configure + build (ci preset: optimised, warnings as errors)"
cmake --preset ci >/dev/null
cmake --build --preset ci -j "$jobs"

step "ctest"
ctest --preset ci -j "$jobs" --timeout 900

if ((fuzz_seconds > 0)); then
  step "fuzz: framing + dispatch for ${fuzz_seconds}s (clang, ASan + UBSan)"
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j "$jobs" --target fuzz_lsp
  # The fuzzer writes new inputs into its first corpus folder: keep it out of the tree.
  work_corpus="build/fuzz/corpus"
  mkdir -p "$work_corpus"
  build/fuzz/tests/fuzz/fuzz_lsp -max_total_time="$fuzz_seconds" -timeout=20 -rss_limit_mb=4096 \
    -print_final_stats=1 -artifact_prefix=build/fuzz/ "$work_corpus" tests/fuzz/corpus
fi

if [[ "${MLIDE_SKIP_VSCODE:-0}" != 1 && -f tests/e2e/vscode/run.sh ]]; then
  step "VS Code: setup"
  bash tests/e2e/vscode/setup.sh
  step "VS Code: extension-host and UI tests"
  bash tests/e2e/vscode/run.sh "$here/build/ci/mlide"
fi

step "all tests passed"
