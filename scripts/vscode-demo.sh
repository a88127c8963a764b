#!/usr/bin/env bash
# The README's main job: a real VS Code in the browser with mlide in it.
# Sets up (apt, Node 24, code-server, npm packages), builds mlide and the .vsix, starts
# code-server on 127.0.0.1 with the extension installed and a fresh copy of the bundled examples/
# open, prints the URL and keeps running. Ctrl+C stops code-server and everything it started.
#
#   scripts/vscode-demo.sh [--port N] [--workspace DIR] [--binary PATH]
#     --port N        the port (default: a free one)
#     --workspace DIR open DIR itself instead of a copy of examples/ (fixes then change DIR)
#     --binary PATH   use this mlide (also $MLIDE_BINARY) instead of building build/release/mlide
# State (settings, extensions, logs, the examples copy) lives in .deps/vscode-demo/, so your own
# VS Code setup and the committed examples/ stay untouched.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deps="${MLIDE_DEPS_DIR:-$root/.deps}"
port=""
workspace=""
binary="${MLIDE_BINARY:-}"
while (($#)); do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --workspace) workspace="$(cd "$2" && pwd)"; shift 2 ;;
    --binary) binary="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "vscode-demo.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
log() { printf '[vscode-demo] %s\n' "$*" >&2; }

if [[ -z "$binary" ]]; then
  "$root/scripts/setup.sh"
  log "building mlide (release preset, -j2)"
  build_dir="$root/build/release"
  [[ -f "$build_dir/CMakeCache.txt" ]] || cmake --preset release >/dev/null
  cmake --build "$build_dir" -j2 --target mlide
  binary="$build_dir/mlide"
fi
[[ -x "$binary" && -f "$binary" ]] || { log "no mlide binary at '$binary'"; exit 1; }
binary="$(realpath "$binary")"
"$root/tests/e2e/vscode/setup.sh"

log "packaging the extension"
state="$deps/vscode-demo"
mkdir -p "$state"
vsix="$("$root/vscode-extension/scripts/package.sh" --binary "$binary" --out "$state/mlide-linux-x64.vsix")"

if [[ -z "$workspace" ]]; then
  # A fresh copy each time: every demo starts from the buggy examples, and applying the quick
  # fixes never edits the committed files.
  workspace="$state/examples"
  rm -rf "$workspace" && cp -r "$root/examples" "$workspace"
  trust=(--disable-workspace-trust) # our own copy of our own examples: no Restricted Mode banner
else
  trust=()                          # a folder of yours: VS Code asks whether you trust it
fi

export PATH="$deps/node24/bin:$PATH"
code_server="$deps/code-server-4.139.1/node_modules/.bin/code-server"
mkdir -p "$state/user-data/User" "$state/extensions" "$state/xdg" "$state/tmp"
settings="$state/user-data/User/settings.json"
cat >"$settings" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "workbench.tips.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "remote.autoForwardPorts": false
}
JSON
cs=("$code_server" --user-data-dir "$state/user-data" --extensions-dir "$state/extensions")
XDG_CONFIG_HOME="$state/xdg" XDG_DATA_HOME="$state/xdg" XDG_CACHE_HOME="$state/xdg" TMPDIR="$state/tmp" \
  "${cs[@]}" --force --install-extension "$vsix" >/dev/null

if [[ -z "$port" ]]; then
  port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
fi
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" >"$state/config.yaml"

# code-server and its children (extension host, mlide, file watchers) get a process group of
# their own; Ctrl+C or a kill of this script stops the whole group.
XDG_CONFIG_HOME="$state/xdg" XDG_DATA_HOME="$state/xdg" XDG_CACHE_HOME="$state/xdg" TMPDIR="$state/tmp" \
  VSCODE_AGENT_FOLDER="$state/agent" \
  setsid "${cs[@]}" --config "$state/config.yaml" --bind-addr "127.0.0.1:$port" --auth none \
  --disable-telemetry --disable-update-check --disable-getting-started-override "${trust[@]}" "$workspace" \
  >"$state/code-server.log" 2>&1 </dev/null &
pgid=$!
stop() { trap - EXIT INT TERM; kill -TERM -- "-$pgid" 2>/dev/null || true; sleep 0.5; kill -KILL -- "-$pgid" 2>/dev/null || true; }
trap stop EXIT
trap 'exit 130' INT TERM

for _ in $(seq 1 120); do
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "http://127.0.0.1:$port/healthz"; then
    break
  fi
  kill -0 "$pgid" 2>/dev/null || { cat "$state/code-server.log" >&2; exit 1; }
  sleep 0.5
done

url="http://127.0.0.1:$port/?folder=$workspace"
cat <<MSG

  mlide in VS Code (code-server) is running:

      $url

  Open a Python file (keras_mnist.py, torch_mnist.py) to see mlide's findings; Ctrl+. offers the fixes;
  F1 → "mlide:" lists the commands. Log: $state/code-server.log
  Press Ctrl+C to stop.

MSG
wait "$pgid"
