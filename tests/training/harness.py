"""Helpers for the training-session tests: a real `mlide listen` in a temporary workspace, real
training scripts run with Debian's /usr/bin/python3 (which sees python3-torch), and the results
read back with `mlide sessions show --format json`."""

import http.client
import json
import os
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
