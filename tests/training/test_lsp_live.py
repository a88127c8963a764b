"""The editor path: `mlide serve` started like an editor does, a training run streaming to the
listener it starts, and the findings arriving as diagnostics on the script's lines through LSP
(merged with the static ones), plus mlide/sessionChanged and mlide/training/* requests. A second
run of the same script clears the first run's diagnostics."""

import json
import os
import queue
import subprocess
import threading
import time

import harness
from harness import check


class LspClient:
    """Content-Length framed JSON-RPC over the server's stdio."""

    def __init__(self, cmd, cwd):
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.messages = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                k, _, v = line.decode().partition(":")
                if k.lower() == "content-length":
                    length = int(v)
            self.messages.put(json.loads(out.read(length)))

    def send(self, msg):
        data = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params, timeout=30):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == rid and "method" not in m, timeout)

    def wait(self, pred, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                m = self.messages.get(timeout=max(0.05, deadline - time.time()))
            except queue.Empty:
                break
            if m.get("method") == "workspace/configuration" and "id" in m:
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": [{}]})
                continue
            if "id" in m and "method" in m:  # other server requests: acknowledge
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
            self.seen.append(m)
            if pred(m):
                return m
        raise harness.Failure("timed out waiting for a message")

    seen = []


def training_diags(msg, uri):
    if msg.get("method") != "textDocument/publishDiagnostics" or msg["params"]["uri"] != uri:
        return None
    return [d for d in msg["params"]["diagnostics"] if "training run" in d.get("message", "")]


def test():
    ws = harness.Workspace("lsp")
    script = ws.add_script("nan_loss.py")
    uri = "file://" + script
    client = LspClient([harness.mlide_binary(), "serve"], ws.dir)
    try:
        r = client.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + ws.dir,
                                          "capabilities": {}, "initializationOptions": {"training": {"listener": True}}})
        check("result" in r, f"initialize: {r}")
        client.notify("initialized", {})
        with open(script) as f:
            client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1,
                                                                    "text": f.read()}})
        discovery = os.path.join(ws.dir, ".mlide", "listener.json")
        deadline = time.time() + 20
        while not os.path.exists(discovery) and time.time() < deadline:
            time.sleep(0.05)
        check(os.path.exists(discovery), "the daemon wrote no discovery file")
        with open(discovery) as f:
            info = json.load(f)
        env = {"MLIDE_TRAINING_ENDPOINT": info["endpoint"], "MLIDE_TRAINING_TOKEN_FILE": info["tokenFile"]}
        harness.run_script(script, env)

        line = harness.marker_line(script, "nan-loss")
        # The run is named "nan", so match the rule, not the word: lr-out-of-range comes first.
        def nan_loss(m):
            return [d for d in training_diags(m, uri) or [] if d.get("data", {}).get("rule") == "nan-loss"]
        msg = client.wait(lambda m: bool(nan_loss(m)), timeout=60)
        diags = training_diags(msg, uri)
        nan = nan_loss(msg)
        check(nan, f"no nan-loss diagnostic: {diags}")
        check(nan[0]["range"]["start"]["line"] == line - 1, f"nan-loss on line {nan[0]['range']['start']['line'] + 1}, "
                                                            f"expected {line}")
        check(any(m.get("method") == "mlide/sessionChanged" for m in client.seen) or client.wait(
            lambda m: m.get("method") == "mlide/sessionChanged", 10), "no mlide/sessionChanged")

        r = client.request("mlide/training/listSessions", {})
        sessions = r["result"]["sessions"]
        check(len(sessions) == 1 and sessions[0]["name"] == "nan" and sessions[0]["script"] == script,
              f"listSessions: {sessions}")
        r = client.request("mlide/training/session", {"id": sessions[0]["id"]})
        nan_findings = [f for f in r["result"]["findingList"] if f["rule"] == "nan-loss"]
        check(nan_findings, f"session: {r}")
        # The panel's cards show the rule's catalogue title.
        check(nan_findings[0]["title"] == "Loss became NaN or infinite", f"title: {nan_findings[0]}")
        r = client.request("mlide/training/session", {"id": 4242})
        check("error" in r, f"unknown session: {r}")

        # A new run of the same script replaces the old run's diagnostics: patch the script to
        # train sanely, run it, and the nan-loss diagnostic goes away.
        with open(script) as f:
            text = f.read()
        with open(script, "w") as f:
            f.write(text.replace("lr=50.0", "lr=0.01"))
        harness.run_script(script, env)
        client.wait(lambda m: training_diags(m, uri) is not None and not nan_loss(m), timeout=60)
        client.request("shutdown", None)
        client.notify("exit", None)
        client.proc.wait(10)
        check(client.proc.returncode == 0, f"serve exit {client.proc.returncode}")
        check(not os.path.exists(discovery), "the discovery file outlived the daemon")
    finally:
        if client.proc.poll() is None:
            client.proc.kill()
        ws.cleanup()


if __name__ == "__main__":
    harness.main(test)
