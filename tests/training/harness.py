"""Helpers for the training-session tests: a real `mlide listen` in a temporary workspace, real
training scripts run with Debian's /usr/bin/python3 (which sees python3-torch), and the results
read back with `mlide sessions show --format json`."""

import http.client
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
CLIENT_DIR = os.path.join(SOURCE_DIR, "plugins", "checks", "clients", "python")
PYTHON = "/usr/bin/python3"


def mlide_binary():
    if len(sys.argv) > 1 and os.path.exists(sys.argv[1]):
        return os.path.abspath(sys.argv[1])
    return os.environ["MLIDE_BIN"]


class Failure(Exception):
    pass


def check(cond, message):
    if not cond:
        raise Failure(message)


class Workspace:
    """A temporary folder with the test scripts copied in (so findings point at their lines)."""

    def __init__(self, name):
        self.dir = tempfile.mkdtemp(prefix=f"mlide-{name}-")
        self.db = os.path.join(self.dir, ".mlide", "mlide.db")

    def add_script(self, name):
        dst = os.path.join(self.dir, name)
        shutil.copy(os.path.join(HERE, "scripts", name), dst)
        return dst

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class Listener:
    def __init__(self, ws, *extra):
        self.ws = ws
        self.proc = subprocess.Popen([mlide_binary(), "listen", "--workspace", ws.dir, *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("mlide listen: http"):
            err = self.proc.stderr.read() if self.proc.poll() is not None else ""
            raise Failure(f"mlide listen did not start: {line!r} {err}")
        self.endpoint = line.split()[2]
        env = {}
        for _ in range(2):
            k, _, v = self.proc.stdout.readline().strip().partition("=")
            env[k] = v
        self.env = env
        self.port = int(self.endpoint.rsplit(":", 1)[1])
        # Keep reading: the listener prints a line per session change, and a full pipe would
        # block its writer thread (and every acknowledgement) after ~64 KB.
        self.lines = []
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for line in self.proc.stdout:
            self.lines.append(line)

    def token(self):
        with open(self.env["MLIDE_TRAINING_TOKEN_FILE"]) as f:
            return f.read().strip()

    def alive(self):
        return self.proc.poll() is None

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self):
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class LspClient:
    """`mlide serve` as an editor runs it: Content-Length framed JSON-RPC over its stdio."""

    def __init__(self, cmd, cwd):
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.messages = queue.Queue()
        self.next_id = 1
        self.seen = []  # every message wait() read, in order
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
        return self.wait(lambda m: m.get("id") == rid and "method" not in m, timeout, f"the reply to {method}")

    def wait(self, pred, timeout=60, what="a message"):
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
        raise Failure(f"timed out waiting for {what}")


def listener_info(workspace_dir, timeout=20):
    """The discovery file `mlide serve`'s daemon writes into the workspace, once it is there."""
    discovery = os.path.join(workspace_dir, ".mlide", "listener.json")
    deadline = time.time() + timeout
    while not os.path.exists(discovery) and time.time() < deadline:
        time.sleep(0.05)
    check(os.path.exists(discovery), "the daemon wrote no discovery file")
    with open(discovery) as f:
        return json.load(f)


def request(port, method, path, body=None, headers=None):
    """One HTTP request to a listener on 127.0.0.1:`port`; returns (status, the JSON reply)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    resp = conn.getresponse()
    payload = json.loads(resp.read() or b"{}")
    conn.close()
    return resp.status, payload


def run_script(script, env_extra=None, timeout=120, wait=True):
    env = dict(os.environ)
    env["PYTHONPATH"] = CLIENT_DIR
    env.pop("MLIDE_TRAINING_ENDPOINT", None)
    env.pop("MLIDE_TRAINING_TOKEN_FILE", None)
    env.update(env_extra or {})
    env.setdefault("OMP_NUM_THREADS", "1")
    cmd = [PYTHON, script]
    if not wait:
        return subprocess.Popen(cmd, env=env, cwd=os.path.dirname(script), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    p = subprocess.run(cmd, env=env, cwd=os.path.dirname(script), capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        raise Failure(f"{script} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return p


def wait_acked(proc, count, timeout=60):
    """Reads a long_run.py's output until it reports `count` acknowledged events (or `timeout`
    seconds pass); returns the last count it reported."""
    acked = 0
    deadline = time.time() + timeout
    while acked < count and time.time() < deadline:
        line = proc.stdout.readline()
        if line.startswith("acked"):
            acked = int(line.split()[1])
    return acked


def sessions(ws, *extra):
    out = subprocess.run([mlide_binary(), "sessions", "--db", ws.db, "--format", "json", *extra],
                         capture_output=True, text=True, timeout=30)
    if out.returncode != 0:
        raise Failure("mlide sessions failed: " + out.stderr)
    return json.loads(out.stdout)["sessions"]


def show(ws, session_id):
    out = subprocess.run([mlide_binary(), "sessions", "show", str(session_id), "--db", ws.db, "--format", "json"],
                         capture_output=True, text=True, timeout=30)
    if out.returncode != 0:
        raise Failure("mlide sessions show failed: " + out.stderr)
    return json.loads(out.stdout)


def marker_line(path, marker):
    """The 1-based line holding `# expect: <marker>`."""
    with open(path) as f:
        for i, line in enumerate(f, 1):
            if re.search(r"#.*expect:.*\b" + re.escape(marker) + r"\b", line):
                return i
    raise Failure(f"no '# expect: {marker}' in {path}")


def findings(detail, rule):
    return [f for f in detail["findingList"] if f["rule"] == rule]


def main(test):
    """Runs `test()`, prints PASS/FAIL; the exit status is what ctest reads."""
    start = time.time()
    try:
        test()
    except Failure as e:
        print(f"FAIL: {e}")
        sys.exit(1)
    print(f"PASS ({time.time() - start:.1f} s)")
