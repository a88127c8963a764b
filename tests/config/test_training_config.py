"""Training thresholds outside the unit tests: `mlide listen` and `mlide sessions import` read
the workspace's pyproject.toml (or --config FILE), and `mlide serve` applies changed settings to
the running training checks. Runs are streamed with the framework-free Python client core (no
torch needed); the findings are read back from the database or through LSP.

usage: test_training_config.py MLIDE"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

MLIDE = os.path.abspath(sys.argv[1])
# The training tests' harness: its LSP client, its discovery-file wait and the client's path.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "training"))
import harness  # noqa: E402
from harness import check  # noqa: E402

sys.path.insert(0, harness.CLIENT_DIR)
from mlide_client import core  # noqa: E402

SGD = {"framework": "custom", "optimizerClass": "SGD"}


def workspace(pyproject=None):
    d = tempfile.mkdtemp(prefix="mlide-config-")
    if pyproject is not None:
        with open(os.path.join(d, "pyproject.toml"), "w") as f:
            f.write(pyproject)
    return d


def stream(name, lrs, **where):
    """One run with the given per-epoch learning rates; returns its session id."""
    s = core.Session(name, SGD, verbose=False, **where)
    for epoch, lr in enumerate(lrs):
        s.log_epoch(epoch, {"loss": 1.0 / (epoch + 1)}, lr=lr)
    check(s.finish(timeout=30), f"run {name}: not acknowledged ({s.last_error})")
    return s.session_id


def rules_in_db(ws, session_id):
    out = subprocess.run([MLIDE, "sessions", "show", str(session_id), "--db", os.path.join(ws, ".mlide", "mlide.db"),
                          "--format", "json"], capture_output=True, text=True, timeout=30)
    check(out.returncode == 0, f"sessions show: {out.stderr}")
    return {f["rule"] for f in json.loads(out.stdout)["findingList"]}


def listen(ws, *extra):
    proc = subprocess.Popen([MLIDE, "listen", "--workspace", ws, *extra], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    banner = proc.stdout.readline()
    return proc, banner


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        proc.wait(20)


def test_listen():
    # lr 50 on SGD is above the default 1.0; a project that allows up to 100 makes it fine.
    plain = workspace()
    allowing = workspace("[project]\nname = 'x'\n\n[tool.mlide]\nlr-max-sgd = 100\n")
    try:
        found = {}
        for ws in (plain, allowing):
            proc, banner = listen(ws)
            try:
                check(banner.startswith("mlide listen: http"), f"listen banner: {banner!r}")
                expected = "thresholds from " + os.path.join(ws, "pyproject.toml") if ws == allowing else "default thresholds"
                check(expected in banner, f"banner does not say where the thresholds come from: {banner!r}")
                found[ws] = rules_in_db(ws, stream("lr", [50.0, 50.0], search_dirs=[ws]))
            finally:
                stop(proc)
        check("lr-out-of-range" in found[plain], f"default thresholds: {found[plain]}")
        check("lr-out-of-range" not in found[allowing], f"lr-max-sgd = 100 ignored: {found[allowing]}")

        # --config names the file; a broken or missing one is a clear error, not a silent default.
        with open(os.path.join(plain, "broken.toml"), "w") as f:
            f.write("[tool.mlide.training]\noverfitting-patience = 0\n")
        for args, expected in [(["--config", os.path.join(plain, "broken.toml")],
                                "broken.toml:2:24: [tool.mlide.training] overfitting-patience: expected an integer"),
                               (["--config", os.path.join(plain, "missing.toml")], "missing.toml: cannot read")]:
            proc, banner = listen(plain, *args)
            err = proc.stderr.read()
            proc.wait(10)
            check(proc.returncode == 1 and banner == "", f"listen {args}: exit {proc.returncode}, {banner!r}")
            check(expected in err, f"listen {args}: {err!r}")
    finally:
        shutil.rmtree(plain, ignore_errors=True)
        shutil.rmtree(allowing, ignore_errors=True)


CSV = """epoch,loss,val_loss,lr
0,1.0,1.0,5.0
1,0.8,0.9,5.0
2,0.6,0.95,5.0
3,0.5,1.0,5.0
4,0.4,1.05,5.0
5,0.3,1.1,5.0
"""


def import_rules(cwd, *extra):
    out = subprocess.run([MLIDE, "sessions", "import", "log.csv", "--db", os.path.join(cwd, "s.db"), "--format",
                          "json", *extra], cwd=cwd, capture_output=True, text=True, timeout=30)
    return out.returncode, ({f["rule"] for f in json.loads(out.stdout)["findingList"]} if out.returncode == 0
                            else out.stderr)


def test_import():
    ws = workspace()
    try:
        sub = os.path.join(ws, "runs")
        os.makedirs(sub)
        with open(os.path.join(sub, "log.csv"), "w") as f:
            f.write(CSV)
        rc, rules = import_rules(sub)
        check(rc == 0 and {"lr-out-of-range", "overfitting"} <= rules, f"defaults: {rc} {rules}")
        # The nearest pyproject.toml above the current folder: both tables apply.
        with open(os.path.join(ws, "pyproject.toml"), "w") as f:
            f.write("[tool.mlide]\nlr-max-sgd = 10\n[tool.mlide.training]\noverfitting-patience = 8\n")
        rc, rules = import_rules(sub)
        check(rc == 0 and "lr-out-of-range" not in rules and "overfitting" not in rules, f"pyproject: {rc} {rules}")
        # --config replaces the search.
        with open(os.path.join(sub, "strict.toml"), "w") as f:
            f.write("[tool.mlide.training]\ndisable = []\n")
        rc, rules = import_rules(sub, "--config", "strict.toml")
        check(rc == 0 and {"lr-out-of-range", "overfitting"} <= rules, f"--config: {rc} {rules}")
        with open(os.path.join(ws, "pyproject.toml"), "w") as f:
            f.write("[tool.mlide]\nlr-max-sgd = 'ten'\n")
        rc, err = import_rules(sub)
        check(rc == 1 and "pyproject.toml:2:14: [tool.mlide] lr-max-sgd: expected a number" in err, f"bad: {rc} {err}")
    finally:
        shutil.rmtree(ws, ignore_errors=True)


def test_serve_live():
    # The daemon reads the workspace's pyproject.toml, and settings changed while it runs apply
    # to the next runs: setting over pyproject, training.disable over both.
    ws = workspace("[tool.mlide]\nlr-max-sgd = 100\n")
    lsp = harness.LspClient([MLIDE, "serve"], ws)
    try:
        r = lsp.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + ws, "capabilities": {},
                                       "initializationOptions": {}})
        check("result" in r, f"initialize: {r}")
        lsp.notify("initialized", {})
        info = harness.listener_info(ws)
        where = {"endpoint": info["endpoint"], "token_file": info["tokenFile"]}

        def rules_of(session_id):
            r = lsp.request("mlide/training/session", {"id": session_id})
            check("result" in r, f"session {session_id}: {r}")
            return {f["rule"] for f in r["result"]["findingList"]}

        steps = [
            (None, False),                                                     # pyproject: up to 100
            ({"checks": {"learningRateMaxSgd": 10}}, True),                    # the setting wins
            ({"checks": {"learningRateMaxSgd": 10}, "training": {"disable": ["lr-out-of-range"]}}, False),
            ({"training": {"lrMaxSgd": 10}}, True),                            # the training-only key
        ]
        for i, (settings, expected) in enumerate(steps):
            if settings is not None:
                lsp.notify("workspace/didChangeConfiguration", {"settings": {"mlide": settings}})
                lsp.request("mlide/training/listSessions", {})  # handled after the notification
            rules = rules_of(stream(f"run{i}", [50.0, 50.0], **where))
            check(("lr-out-of-range" in rules) == expected, f"step {i} ({settings}): {rules}")
        lsp.request("shutdown", None)
        lsp.notify("exit", None)
        lsp.proc.wait(15)
        check(lsp.proc.returncode == 0, f"serve exit {lsp.proc.returncode}")
    finally:
        if lsp.proc.poll() is None:
            lsp.proc.kill()
        shutil.rmtree(ws, ignore_errors=True)


def main():
    failed = 0
    for test in (test_listen, test_import, test_serve_live):
        try:
            test()
            print(f"ok   {test.__name__}")
        except Exception as e:  # report every test, then fail
            failed += 1
            print(f"FAIL {test.__name__}: {e}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
