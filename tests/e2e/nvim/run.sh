#!/usr/bin/env bash
# Runs the Neovim end-to-end test against a mlide binary: run.sh BINARY
set -euo pipefail
binary="$(realpath "$1")"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp "$here/model.py" "$scratch/model.py"
export MLIDE_BINARY="$binary" MLIDE_E2E_DIR="$scratch"
export MLIDE_E2E_TYPED_LINE="${MLIDE_E2E_TYPED_LINE-opt = keras.optimizers.SGD(learning_rate=-0.5)}"
export MLIDE_E2E_TYPED_CODE="${MLIDE_E2E_TYPED_CODE-ML302}"
# HOME and XDG dirs in the scratch folder: nothing of the user's Neovim setup is read or written.
export HOME="$scratch" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" XDG_STATE_HOME="$scratch/state" XDG_CACHE_HOME="$scratch/cache"
timeout 60 nvim --headless --clean -n -i NONE -c "luafile $here/e2e.lua" </dev/null
