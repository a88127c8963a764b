"""Shared by the training benchmarks (training_ingest.py, training_client_cost.py): find the mlide
binary, run a real `mlide listen` in a temporary workspace, read back what it stored, and small
statistics helpers. Standard library only."""

import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
CLIENT_DIR = os.path.join(SOURCE_DIR, "plugins", "checks", "clients", "python")


def find_mlide(explicit=None):
    """--mlide PATH, else $MLIDE_BIN, else build/dev/mlide in the source tree."""
    for candidate in (explicit, os.environ.get("MLIDE_BIN"), os.path.join(SOURCE_DIR, "build", "dev", "mlide")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return os.path.abspath(candidate)
    sys.exit("no mlide binary: pass --mlide PATH or set MLIDE_BIN")


class Listener:
    """`mlide listen` in a fresh temporary workspace. Its stdout (one line per session change per
    commit batch) goes to a file, never to a pipe nobody reads: a full pipe would block the
    daemon's writer thread in printf and stall every acknowledgement."""

    def __init__(self, mlide, name):
        self.mlide = mlide
        self.dir = tempfile.mkdtemp(prefix=f"mlide-bench-{name}-")
        self.db = os.path.join(self.dir, ".mlide", "mlide.db")
        self.out_path = os.path.join(self.dir, "listen.out")
        self.err_path = os.path.join(self.dir, "listen.err")
        self._out = open(self.out_path, "w")
        self._err = open(self.err_path, "w")
        self.proc = subprocess.Popen([mlide, "listen", "--workspace", self.dir], stdout=self._out, stderr=self._err,
                                     stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        lines = []
        while time.monotonic() < deadline:
            with open(self.out_path) as f:
                lines = f.read().splitlines()
            if len(lines) >= 3 or self.proc.poll() is not None:
                break
            time.sleep(0.02)
        if len(lines) < 3 or not lines[0].startswith("mlide listen: http"):
            self.stop()
            with open(self.err_path) as f:
                err = f.read()
            raise SystemExit(f"mlide listen did not start: {lines!r} {err}")
        self.endpoint = lines[0].split()[2]
        self.env = dict(line.partition("=")[::2] for line in lines[1:3])
        self.token_file = self.env["MLIDE_TRAINING_TOKEN_FILE"]

    def describe(self):
        """For a failure report: is the daemon alive, and the end of its stderr."""
        rc = self.proc.poll()
        self._err.flush()
        with open(self.err_path) as f:
            err = f.read()[-2000:]
        return f"mlide listen {'running' if rc is None else f'exited with {rc}'}; stderr: {err.strip() or '(empty)'}"

    def pid(self):
        return self.proc.pid

    def kill(self):
        """SIGKILL: what is in the database afterwards is what was committed."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._out.close()
        self._err.close()

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def mlide_json(mlide, *args):
    p = subprocess.run([mlide, *args, "--format", "json"], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError(f"mlide {' '.join(args)} failed ({p.returncode}): {p.stderr}")
    return json.loads(p.stdout)


def stored_sessions(mlide, db):
    return mlide_json(mlide, "sessions", "--db", db)["sessions"]


def stored_session(mlide, db, session_id):
    return mlide_json(mlide, "sessions", "show", str(session_id), "--db", db)


def process_cpu(pid, task=None):
    """User + system CPU seconds of a process (or of one of its threads), from /proc: 10 ms ticks."""
    path = f"/proc/{pid}/task/{task}/stat" if task is not None else f"/proc/{pid}/stat"
    with open(path) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(p / 100.0 * len(s)) - 1))
    return s[k]


def median(values):
    return statistics.median(values)


def machine_line():
    try:
        load = os.getloadavg()
        load_s = f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    except OSError:
        load_s = "load ?"
    return f"machine: {os.cpu_count()} cores, {load_s}, python {sys.version.split()[0]}"
