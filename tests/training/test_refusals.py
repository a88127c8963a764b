"""Refusals: no token, wrong token, a 100 MB body, invalid JSON, a non-loopback bind. Each gets a
clear error; the listener keeps serving."""

import json
import os
import socket
import stat
import subprocess

import harness
from harness import check, request


def huge_request(port, token, size):
    """Sends the whole body like a real client would, then reads the answer."""
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall((f"POST /v1/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
               f"Content-Type: application/json\r\nContent-Length: {size}\r\n\r\n").encode())
    chunk = b" " * (1 << 20)
    sent = 0
    try:
        while sent < size:
            s.sendall(chunk)
            sent += len(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server may stop reading after its cap; the answer is already there
    data = b""
    while True:
        part = s.recv(65536)
        if not part:
            break
        data += part
    s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def test():
    ws = harness.Workspace("refusals")
    listener = harness.Listener(ws)
    try:
        token = listener.token()
        token_file = listener.env["MLIDE_TRAINING_TOKEN_FILE"]
        mode = stat.S_IMODE(os.stat(token_file).st_mode)
        check(mode == 0o600, f"token file mode {oct(mode)}")
        with open(os.path.join(ws.dir, ".mlide", "listener.json")) as f:
            disc = json.load(f)
        check(disc["endpoint"] == listener.endpoint and disc["tokenFile"] == token_file, f"discovery {disc}")
        good = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
        start = json.dumps({"name": "r", "model": {"framework": "pytorch"}})

        status, body = request(listener.port, "POST", "/v1/sessions", start, {"Content-Type": "application/json"})
        check(status == 401 and body["error"]["code"] == "missing-token" and "Authorization" in body["error"]["message"],
              f"no token: {status} {body}")
        status, body = request(listener.port, "POST", "/v1/sessions", start,
                               {"Authorization": "Bearer " + "0" * 64})
        check(status == 403 and body["error"]["code"] == "wrong-token", f"wrong token: {status} {body}")
        status, body = huge_request(listener.port, token, 100 * 1024 * 1024)
        check(status == 413 and body["error"]["code"] == "too-large" and "limit" in body["error"]["message"],
              f"100 MB: {status} {body}")
        status, body = request(listener.port, "POST", "/v1/sessions", '{"name": "r", ', good)
        check(status == 400 and body["error"]["code"] == "invalid-json", f"invalid JSON: {status} {body}")
        status, body = request(listener.port, "POST", "/v1/sessions", json.dumps({"model": {"attachLine": "x"}}), good)
        check(status == 400 and "body.model.attachLine" in body["error"]["message"], f"bad field: {status} {body}")
        status, body = request(listener.port, "POST", "/v1/sessions/999/events", json.dumps({"events": []}), good)
        check(status == 404 and body["error"]["code"] == "unknown-session", f"unknown session: {status} {body}")

        # Still serving, and storing.
        check(listener.alive(), "the listener died")
        status, body = request(listener.port, "POST", "/v1/sessions", start, good)
        check(status == 200 and body["session"] > 0, f"after refusals: {status} {body}")
        sid = body["session"]
        events = {"events": [{"seq": 1, "type": "epoch", "epoch": 0, "metrics": {"loss": "nan"}}]}
        status, body = request(listener.port, "POST", f"/v1/sessions/{sid}/events", json.dumps(events), good)
        check(status == 200 and body["ackedSeq"] == 1, f"events: {status} {body}")
        status, body = request(listener.port, "POST", f"/v1/sessions/{sid}/events", json.dumps(events), good)
        check(status == 200 and body["duplicates"] == 1 and body["accepted"] == 0, f"retry: {status} {body}")
        detail = harness.show(ws, sid)
        check(detail["epochList"][0]["metrics"]["loss"] == "nan", f"stored {detail['epochList']}")
        check([f for f in detail["findingList"] if f["rule"] == "nan-loss"], "no nan-loss for a NaN loss")
    finally:
        listener.stop()

    # Loopback only.
    p = subprocess.run([harness.mlide_binary(), "listen", "--workspace", ws.dir, "--host", "0.0.0.0"],
                       capture_output=True, text=True, timeout=30)
    check(p.returncode != 0 and "loopback" in p.stderr, f"non-loopback bind: {p.returncode} {p.stderr}")
    ws.cleanup()


if __name__ == "__main__":
    harness.main(test)
