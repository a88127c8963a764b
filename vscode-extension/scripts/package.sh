#!/usr/bin/env bash
# Builds the .vsix: type-check, bundle (production), copy the native binary in, vsce package.
#   vscode-extension/scripts/package.sh [--binary PATH] [--out FILE.vsix]
# Defaults: $MLIDE_BINARY, else the newest of build/{ci,release,dev}/mlide; out: vscode-extension/mlide-linux-x64.vsix.
# Needs Node >= 22 for @vscode/vsce 4 (tests/e2e/vscode/setup.sh puts Node 24 in .deps/node24).
set -euo pipefail
ext="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$ext/.." && pwd)"
deps="${MLIDE_DEPS_DIR:-$root/.deps}"
binary="${MLIDE_BINARY:-${MLIDE_BIN:-}}"
out="$ext/mlide-linux-x64.vsix"
while (($#)); do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "package.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
if [[ -z "$binary" ]]; then
  binary="$(ls -t "$root"/build/{ci,release,dev}/mlide 2>/dev/null | head -1 || true)"
fi
[[ -x "$binary" ]] || { echo "package.sh: no mlide binary (build it, or pass --binary)" >&2; exit 1; }
if [[ -x "$deps/node24/bin/node" ]]; then
  export PATH="$deps/node24/bin:$PATH"
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= 22)) || { echo "package.sh: @vscode/vsce needs Node >= 22 (run tests/e2e/vscode/setup.sh)" >&2; exit 1; }

cd "$ext"
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
rm -rf dist server && mkdir -p server
npx --no-install tsc -p . --noEmit
npx --no-install tsc -p webview --noEmit
node build.mjs --production >/dev/null
# A stripped copy: the debug info stays in the build tree.
strip --strip-debug -o server/mlide "$binary" 2>/dev/null || cp "$binary" server/mlide
chmod 755 server/mlide
# The rule pages, next to the binary: the server links each diagnostic's code to its page there.
if [[ -d "$root/docs/rules" ]]; then
  mkdir -p server/docs/rules && cp "$root"/docs/rules/*.md server/docs/rules/ 2>/dev/null || true
fi
# The Python training client, which the extension puts on PYTHONPATH in integrated terminals.
mkdir -p server/clients/python
cp -r "$root/plugins/checks/clients/python/mlide_client" server/clients/python/
rm -rf server/clients/python/mlide_client/__pycache__
mkdir -p "$(dirname "$out")"
npx --no-install vsce package --target linux-x64 --no-dependencies --skip-license --allow-missing-repository \
  --out "$out" >/dev/null
echo "$out"
