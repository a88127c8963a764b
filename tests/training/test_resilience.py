"""What goes wrong around a listener: a client that sends half a request and hangs up, a training
client killed mid-run (its acknowledged epochs stay; the run is listed as interrupted once it
has been silent long enough), batches larger than the listener accepts (the client halves them
and drops only an event too large alone), and a `mlide listen` whose output nobody reads (the
acknowledgements keep coming; surplus lines are dropped and counted)."""

import contextlib
import http.client
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import harness
from harness import check

sys.path.insert(0, harness.CLIENT_DIR)
from mlide_client import core  # noqa: E402


def post(port, token, path, body):
    return harness.request(port, "POST", path, json.dumps(body), {"Authorization": "Bearer " + token})


def half_request(port, token, path, body):
    """Announces all of `body`, sends half of it, and hangs up."""
    data = json.dumps(body).encode()
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall((f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
               f"Content-Length: {len(data)}\r\n\r\n").encode() + data[:len(data) // 2])
    s.close()


def test_half_body():
    ws = harness.Workspace("half")
    listener = harness.Listener(ws)
    try:
        token = listener.token()
        half_request(listener.port, token, "/v1/sessions", {"name": "half", "model": {"framework": "custom"}})
        status, body = post(listener.port, token, "/v1/sessions", {"name": "whole", "model": {"framework": "custom"}})
        check(status == 200, f"after a half request: {status} {body}")
        sid = body["session"]
        epochs = {"events": [{"seq": 1, "type": "epoch", "epoch": 0, "metrics": {"loss": 1.0}}]}
        half_request(listener.port, token, f"/v1/sessions/{sid}/events", epochs)
        time.sleep(0.3)
        check(listener.alive(), "the listener died")
        check([s["name"] for s in harness.sessions(ws)] == ["whole"], f"sessions {harness.sessions(ws)}")
        check(harness.show(ws, sid)["epochList"] == [], "half an events body was stored")
        status, body = post(listener.port, token, f"/v1/sessions/{sid}/events", epochs)
        check(status == 200 and body["ackedSeq"] == 1 and body["accepted"] == 1, f"the next request: {status} {body}")
    finally:
        listener.stop()
        ws.cleanup()


def test_killed_client():
    ws = harness.Workspace("killed")
    listener = harness.Listener(ws)
    script = ws.add_script("long_run.py")
    proc = harness.run_script(script, wait=False)
    try:
        acked = harness.wait_acked(proc, 10)
        check(acked >= 10, f"only {acked} events acknowledged")
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        sessions = harness.sessions(ws)
        check(len(sessions) == 1 and sessions[0]["status"] == "running", f"right after the kill: {sessions}")
        detail = harness.show(ws, sessions[0]["id"])
        # Each epoch sends its input statistics, then its metrics: seq 2e+1 and 2e+2.
        epochs = [e["epoch"] for e in detail["epochList"]]
        check(detail["lastSeq"] >= acked and epochs == list(range(len(epochs))) and len(epochs) >= acked // 2,
              f"acknowledged {acked}, stored lastSeq {detail['lastSeq']} epochs {epochs}")
        time.sleep(1.5)
        listed = harness.sessions(ws, "--interrupted-after", "1")
        check(listed[0]["status"] == "interrupted", f"a silent run is not interrupted: {listed}")
        check(harness.sessions(ws)[0]["status"] == "running", "the default wait is far longer than 1.5 s")
        check(listener.alive(), "the listener died with its client")
    finally:
        if proc.poll() is None:
            proc.kill()
        listener.stop()
        ws.cleanup()


def test_batches_too_large():
    ws = harness.Workspace("large")
    listener = None
    try:
        os.environ.pop(core.ENDPOINT_ENV, None)
        os.environ.pop(core.TOKEN_FILE_ENV, None)
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            # No listener yet, as during a long outage: the first request will carry everything.
            s = core.Session("large", {"framework": "custom"}, search_dirs=[ws.dir])
            layers = [{"layer": f"features.{i}.weight", "meanNorm": 0.5, "maxNorm": 1.0, "minNorm": 0.1,
                       "zeroFraction": 0.0, "steps": 10} for i in range(20)]
            for e in range(60):
                s.log_epoch(e, {"loss": 1.0 / (e + 1)})
                s.log_gradients(e, layers)
                if e in (20, 40):
                    s.log_warning(e, "UserWarning", "x" * 40000)  # larger than the listener takes alone
            listener = harness.Listener(ws, "--max-body", "16384")
            check(s.finish(timeout=60), f"not delivered: {s.last_error}")
        detail = harness.show(ws, s.session_id)
        check([e["epoch"] for e in detail["epochList"]] == list(range(60)), f"epochs {detail['epochList']}")
        check(len(detail["gradients"]) == 60, f"{len(detail['gradients'])} gradient epochs stored")
        check(detail["warnings"] == [], "an oversized warning was stored")
        said = [line for line in err.getvalue().splitlines() if "dropped" in line]
        check(len(said) == 1 and "too large" in said[0], f"stderr: {err.getvalue()}")
    finally:
        if listener:
            listener.stop()
        ws.cleanup()


def test_output_not_read():
    ws = harness.Workspace("stdout")
    proc = subprocess.Popen([harness.mlide_binary(), "listen", "--workspace", ws.dir], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        banner = [proc.stdout.readline() for _ in range(3)]
        endpoint = banner[0].split()[2]
        port = int(endpoint.rsplit(":", 1)[1])
        token_file = banner[2].strip().partition("=")[2]
        with open(token_file) as f:
            token = f.read().strip()
        # From here on nobody reads: each request prints a ~270-byte line, so the 64 KB pipe is
        # full after a few hundred and the printer's queue after about a thousand more.
        status, body = post(port, token, "/v1/sessions", {"name": "n" * 200, "model": {"framework": "custom"}})
        check(status == 200, f"session: {status} {body}")
        sid = body["session"]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        slowest = 0.0
        for seq in range(1, 1601):
            t0 = time.monotonic()
            conn.request("POST", f"/v1/sessions/{sid}/events", headers={"Authorization": "Bearer " + token},
                         body=json.dumps({"events": [{"seq": seq, "type": "epoch", "epoch": seq, "metrics": {"loss": 1}}]}))
            resp = conn.getresponse()
            reply = json.loads(resp.read())
            slowest = max(slowest, time.monotonic() - t0)
            check(resp.status == 200 and reply["ackedSeq"] == seq, f"event {seq}: {resp.status} {reply}")
        conn.close()
        check(slowest < 5, f"an acknowledgement took {slowest:.1f} s")
        # Reading again: the queued lines, then how many were dropped.
        lines = []
        reader = threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True)
        reader.start()
        deadline = time.time() + 30
        while not any("lines dropped" in l for l in lines) and time.time() < deadline:
            time.sleep(0.1)
        check(any("lines dropped" in l for l in lines), f"no drop count among {len(lines)} lines")
        proc.send_signal(signal.SIGTERM)
        proc.wait(15)
        check(proc.returncode == 0, f"listen exit {proc.returncode}")
    finally:
        if proc.poll() is None:
            proc.kill()
        ws.cleanup()


def test():
    for t in (test_half_body, test_batches_too_large, test_output_not_read, test_killed_client):
        t0 = time.time()
        t()
        print(f"{t.__name__}: ok ({time.time() - t0:.1f} s)", flush=True)


if __name__ == "__main__":
    harness.main(test)
