#!/usr/bin/env bash
# Installs everything mlide needs to build, test and run on Debian 12 (bookworm).
# Idempotent and quick when everything is already present: it checks before it installs.
#
#   scripts/setup.sh            native deps + tree-sitter grammar
#   scripts/setup.sh --npm      also the npm packages of vscode-extension/ (lockfile, pinned)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deps_dir="${MLIDE_DEPS_DIR:-$here/.deps}"
want_npm=0
for arg in "$@"; do
  case "$arg" in
    --npm) want_npm=1 ;;
    *) echo "setup.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done

log() { printf '[setup] %s\n' "$*" >&2; }

# --- Debian packages -------------------------------------------------------------------------
# Versions are Debian 12's; bookworm is a stable release, so the package set pins them.
apt_packages=(
  g++ cmake ninja-build pkg-config ccache git ca-certificates
  clang libclang-rt-14-dev            # libFuzzer target under tests/fuzz
  libboost-dev                        # Asio (header-only) 1.74; never libboost1.81-dev
  nlohmann-json3-dev libtree-sitter-dev libsqlite3-dev sqlite3
  libgtest-dev libgmock-dev libbenchmark-dev
  libtorch-dev libopencv-dev libopenblas-dev libhnswlib-dev
  python3 python3-torch               # tests make TorchScript models and run training clients
  neovim                              # real LSP client for the end-to-end test
  nodejs npm                          # only installed if missing; the machine may bring its own
  pylint                              # peer for the lint benchmark
)

missing=()
for p in "${apt_packages[@]}"; do
  case "$p" in
    nodejs|npm) command -v "$p" >/dev/null 2>&1 && continue ;;
  esac
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  log "Debian packages: all present"
fi

# --- tree-sitter Python grammar --------------------------------------------------------------
# Generated parser from the npm registry, pinned by version and checksum. 0.23.6 is ABI 14, the
# newest that loads on Debian's tree-sitter 0.20.7 runtime (0.25 is ABI 15 and does not).
ts_version=0.23.6
ts_sha256=aab5b860d93dbf84b37fed532f7dacc0468ede5387d0c74911d68f964287662a
ts_dir="$deps_dir/tree-sitter-python-$ts_version"
if [[ ! -f "$ts_dir/src/parser.c" ]]; then
  log "fetching tree-sitter-python@$ts_version"
  mkdir -p "$deps_dir"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "tree-sitter-python@$ts_version" >/dev/null)
  tgz="$tmp/tree-sitter-python-$ts_version.tgz"
  echo "$ts_sha256  $tgz" | sha256sum -c --quiet -
  mkdir -p "$tmp/x" && tar -xzf "$tgz" -C "$tmp/x"
  rm -rf "$ts_dir" && mkdir -p "$ts_dir"
  cp -r "$tmp/x/package/src" "$tmp/x/package/LICENSE" "$ts_dir/"
else
  log "tree-sitter-python@$ts_version: present"
fi

# --- npm packages of the VS Code extension -----------------------------------------------------
if ((want_npm)) && [[ -f "$here/vscode-extension/package-lock.json" ]]; then
  if [[ ! -d "$here/vscode-extension/node_modules" ]] ||
     [[ "$here/vscode-extension/package-lock.json" -nt "$here/vscode-extension/node_modules/.package-lock.json" ]]; then
    log "npm ci in vscode-extension/"
    (cd "$here/vscode-extension" && npm ci --no-audit --no-fund --loglevel=error)
  else
    log "vscode-extension/node_modules: up to date"
  fi
fi
log "done"
