#!/usr/bin/env bash
# The VS Code tests, end to end. Run tests/e2e/vscode/setup.sh first (scripts/test.sh does).
#   1. unit tests of the extension's own logic (node --test)
#   2. the .vsix, with the native mlide binary inside (vscode-extension/scripts/package.sh)
#   3. tests inside a real extension host: the VS Code server bundled with code-server, driven
#      through headless chromium with --enable-smoke-test-driver (vscode-extension/test/host)
#   4. the UI test: code-server with the .vsix installed, driven by playwright-core (ui-test.mjs)
# Screenshots, logs and the browser and code-server versions (versions.txt) go to
# tests/e2e/vscode/artifacts/. Every side effect outside vscode-extension/'s git-ignored build
# outputs stays in a scratch folder (XDG_*, TMPDIR, HOME, VSCODE_AGENT_FOLDER, the npm cache), set
# up before anything runs; the servers run in their own process groups and every group is killed
# on exit. Exits non-zero on any failure.
#
#   tests/e2e/vscode/run.sh [path/to/mlide]
# The binary: $1, else $MLIDE_BINARY, else build/dev/mlide.
# Environment: MLIDE_E2E_KEEP=1 keeps the scratch folder, MLIDE_E2E_ONLY=host|ui runs one part,
#              MLIDE_E2E_EXAMPLES=dir replaces examples/ as the workspace template,
#              MLIDE_E2E_FILE=name the example file the tests open (default keras_mnist.py).
set -euo pipefail

# Run in a process group of our own so that everything we start can be killed at once.
if [[ -z "${MLIDE_E2E_IN_GROUP:-}" ]]; then
  export MLIDE_E2E_IN_GROUP=1
  exec setsid -w "$0" "$@"
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
ext="$root/vscode-extension"
deps="${MLIDE_DEPS_DIR:-$root/.deps}"
cs_pkg="$deps/code-server-4.139.1/node_modules/code-server"
only="${MLIDE_E2E_ONLY:-}"
artifacts="$here/artifacts"
examples="${MLIDE_E2E_EXAMPLES:-$root/examples}"
example_file="${MLIDE_E2E_FILE:-keras_mnist.py}"
start=$SECONDS

log() { printf '[vscode-e2e %3ds] %s\n' "$((SECONDS - start))" "$*" >&2; }
die() { log "error: $*"; exit 1; }

[[ -x "$deps/node24/bin/node" && -f "$cs_pkg/lib/vscode/out/server-main.js" && -d "$here/node_modules/playwright-core" ]] ||
  die "tools missing: run tests/e2e/vscode/setup.sh"
export PATH="$deps/node24/bin:$PATH"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/mlide-vscode-e2e.XXXXXX")"
server_groups=()
cleanup() {
  local rc=$?
  for pgid in "${server_groups[@]}"; do kill -TERM -- "-$pgid" 2>/dev/null || true; done
  sleep 0.5
  for pgid in "${server_groups[@]}"; do kill -KILL -- "-$pgid" 2>/dev/null || true; done
  if [[ -z "${MLIDE_E2E_KEEP:-}" ]]; then rm -rf "$scratch"; else log "scratch kept: $scratch"; fi
  trap '' TERM
  kill -TERM -- "-$$" 2>/dev/null || true # stragglers in our own group (browsers, drivers)
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -rf "$artifacts" && mkdir -p "$artifacts"

# --- scratch environment ---------------------------------------------------------------------------
# First, before npm, vsce or a server runs: nothing below writes to the real HOME (~/.npm, ~/.config,
# ~/.vscode*). The user's npmrc is still read (registry, proxy), only never written.
mkdir -p "$scratch"/{home,tmp,agent,xdg/config,xdg/data,xdg/cache}
export npm_config_userconfig="${npm_config_userconfig:-$HOME/.npmrc}"
export HOME="$scratch/home" TMPDIR="$scratch/tmp" VSCODE_AGENT_FOLDER="$scratch/agent"
export XDG_CONFIG_HOME="$scratch/xdg/config" XDG_DATA_HOME="$scratch/xdg/data" XDG_CACHE_HOME="$scratch/xdg/cache"
export npm_config_cache="$scratch/npm-cache" npm_config_update_notifier=false

# The browser and the editor this run used, so a failure can be matched to them (one line each).
chromium="${MLIDE_CHROMIUM:-/usr/bin/chromium}"
code_server_bin="$deps/code-server-4.139.1/node_modules/.bin/code-server"
{
  printf 'chromium: %s (%s)\n' "$("$chromium" --version 2>/dev/null | head -1 || echo 'unknown')" "$chromium"
  printf 'code-server: %s\n' "$(timeout 60 "$code_server_bin" --version 2>/dev/null | grep -E '^[0-9]' | head -1 || echo 'unknown')"
} >"$artifacts/versions.txt"
log "$(paste -sd ';' "$artifacts/versions.txt" | sed 's/;/; /')"

# --- the binary -----------------------------------------------------------------------------------
bin="${1:-${MLIDE_BINARY:-$root/build/dev/mlide}}"
[[ -x "$bin" && -f "$bin" ]] || die "no mlide binary at '$bin': build it (cmake --build --preset dev --target mlide), pass its path or set MLIDE_BINARY"
bin="$(realpath "$bin")"
[[ -f "$examples/$example_file" ]] || die "no example $examples/$example_file (set MLIDE_E2E_EXAMPLES / MLIDE_E2E_FILE)"
log "mlide: $bin ($("$bin" --version 2>&1 | head -1))"

# --- unit tests and the .vsix ------------------------------------------------------------------------
log "unit tests"
(
  cd "$ext"
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    timeout 600 npm ci --no-audit --no-fund --loglevel=error
  fi
  rm -rf out && timeout 120 npx --no-install tsc -p test &&
    timeout 120 node --test --test-timeout=30000 --test-reporter=spec out/test/unit/*.test.js
) || die "unit tests failed"

log "packaging the .vsix"
vsix="$scratch/mlide-linux-x64.vsix"
timeout 300 "$ext/scripts/package.sh" --binary "$bin" --out "$vsix" >/dev/null || die "packaging the .vsix failed"
unzip -l "$vsix" >"$artifacts/vsix-contents.txt"
grep -q 'extension/server/mlide$' "$artifacts/vsix-contents.txt" || die "the .vsix lacks server/mlide"
if compgen -G "$root/docs/rules/*.md" >/dev/null; then
  grep -q 'extension/server/docs/rules/.*\.md$' "$artifacts/vsix-contents.txt" || die "the .vsix lacks the rule pages"
fi
grep -q 'extension/server/clients/python/mlide_client/__init__.py$' "$artifacts/vsix-contents.txt" ||
  die "the .vsix lacks the Python training client"

# User settings: quiet, no start page, no chat stealing focus, no network. Application-scoped
# keys may only live here (in a workspace file VS Code complains on screen).
settings_json='{
  "workbench.startupEditor": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "chat.disableAIFeatures": true,
  "chat.commandCenter.enabled": false,
  "update.mode": "none",
  "telemetry.telemetryLevel": "off",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "remote.autoForwardPorts": false,
  "security.workspace.trust.enabled": false,
  "git.enabled": false,
  "editor.hover.delay": 200,
  "editor.minimap.enabled": false,
  "window.zoomLevel": 0
}'
# Workspace settings: only what a workspace may set (the extension-host tests get no user
# settings file in the browser, so these are what keep their window quiet).
workspace_settings_json='{
  "workbench.startupEditor": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "git.enabled": false,
  "editor.hover.delay": 200,
  "editor.minimap.enabled": false
}'

make_workspace() { # a copy of examples/ plus two stand-in model files (not loaded by these tests)
  local ws="$1"
  mkdir -p "$ws/models" "$ws/.vscode"
  cp -r "$examples/." "$ws/"
  printf 'stand-in for a TorchScript model\n' >"$ws/models/a.pt"
  printf 'stand-in for a TorchScript model\n' >"$ws/models/b.pt"
  printf '%s\n' "$workspace_settings_json" >"$ws/.vscode/settings.json"
}

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

wait_http() { # url, seconds
  node -e '
    const [url, secs] = process.argv.slice(1); const end = Date.now() + secs * 1000;
    (async () => { for (;;) { try { if ((await fetch(url)).status < 500) process.exit(0); } catch {}
      if (Date.now() > end) process.exit(1); await new Promise((r) => setTimeout(r, 250)); } })();' "$1" "$2"
}

start_server() { # logfile, command...: starts it in a new process group (session) of its own
  local logfile="$1"; shift
  setsid "$@" >"$logfile" 2>&1 </dev/null &
  server_groups+=("$!")
}

stop_servers() {
  for pgid in "${server_groups[@]}"; do kill -TERM -- "-$pgid" 2>/dev/null || true; done
  sleep 0.5
  for pgid in "${server_groups[@]}"; do kill -KILL -- "-$pgid" 2>/dev/null || true; done
  server_groups=()
}

host_rc=0
ui_rc=0
rule_docs=0
compgen -G "$root/docs/rules/*.md" >/dev/null && rule_docs=1

# --- tests inside the extension host -------------------------------------------------------------
run_host_suite() { # name (host|restricted), then extra server flags
  local name="$1"; shift
  local ws="$scratch/ws-$name" port report="$artifacts/$name-tests.txt" rc=0
  make_workspace "$ws"
  if [[ $name == restricted ]]; then # a workspace that tries to choose the binary
    printf '{ "chat.disableAIFeatures": true, "mlide.server.path": "/nonexistent/mlide" }\n' >"$ws/.vscode/settings.json"
  fi
  port="$(free_port)"
  : >"$report"
  MLIDE_TEST_SUITE="$name" MLIDE_TEST_REPORT="$report" MLIDE_TEST_FILE="$example_file" MLIDE_TEST_RULE_DOCS="$rule_docs" \
    start_server "$artifacts/$name-server.log" \
    node "$cs_pkg/lib/vscode/out/server-main.js" --host 127.0.0.1 --port "$port" \
    --without-connection-token --accept-server-license-terms --disable-telemetry "$@" \
    --server-data-dir "$scratch/$name/server-data" --user-data-dir "$scratch/$name/user-data" \
    --extensions-dir "$scratch/$name/extensions" --enable-smoke-test-driver
  wait_http "http://127.0.0.1:$port/" 60 || { log "the VS Code server did not answer (see artifacts/$name-server.log)"; stop_servers; return 1; }
  timeout 480 node "$here/host-tests.mjs" --name "$name" --port "$port" --extension "$ext" --workspace "$ws" \
    --artifacts "$artifacts" --profile "$scratch/$name/chromium" --timeout 420 || rc=$?
  cat "$report" >&2
  grep -qE '^host tests: [0-9]+ passed, 0 failed$' "$report" || rc=1
  stop_servers
  return "$rc"
}

if [[ -z "$only" || "$only" == host ]]; then
  log "extension-host tests (trusted workspace)"
  run_host_suite host --disable-workspace-trust || host_rc=1
  log "extension-host tests (Restricted Mode)"
  run_host_suite restricted || host_rc=1
fi

# --- the UI test against code-server with the .vsix installed ------------------------------------
if [[ -z "$only" || "$only" == ui ]]; then
  log "UI test (code-server + the .vsix)"
  ws="$scratch/ws-ui" && make_workspace "$ws"
  cs_data="$scratch/cs/user-data" cs_ext="$scratch/cs/extensions"
  mkdir -p "$cs_data/User" && printf '%s\n' "$settings_json" >"$cs_data/User/settings.json"
  code_server=("$code_server_bin" --user-data-dir "$cs_data" --extensions-dir "$cs_ext")
  timeout 120 "${code_server[@]}" --install-extension "$vsix" >"$artifacts/install-extension.log" 2>&1 ||
    { cat "$artifacts/install-extension.log" >&2; die "installing the .vsix failed"; }
  [[ -x "$(ls -d "$cs_ext"/mlide.mlide-*/server/mlide | head -1)" ]] || log "note: the installed binary lost its mode bits"
  port="$(free_port)"
  printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" >"$scratch/cs/config.yaml"
  start_server "$artifacts/code-server.log" "${code_server[@]}" --config "$scratch/cs/config.yaml" \
    --bind-addr "127.0.0.1:$port" --auth none --disable-telemetry --disable-update-check \
    --disable-workspace-trust --disable-getting-started-override "$ws"
  wait_http "http://127.0.0.1:$port/healthz" 60 || die "code-server did not answer (see artifacts/code-server.log)"
  timeout 480 node "$here/ui-test.mjs" --port "$port" --workspace "$ws" --artifacts "$artifacts" \
    --profile "$scratch/cs/chromium" --file "$example_file" || ui_rc=$?
  stop_servers
fi

log "screenshots and logs: $artifacts"
if ((host_rc != 0 || ui_rc != 0)); then
  log "FAILED (extension-host tests: rc $host_rc, UI test: rc $ui_rc) after $((SECONDS - start)) s"
  exit 1
fi
log "all VS Code tests passed in $((SECONDS - start)) s"
