#!/usr/bin/env python3
"""Bad input at the byte level, against the real `mlide serve` process on stdin/stdout.

Each case sends something broken, then checks that the server (1) says clearly what was wrong
and (2) still answers a normal request afterwards. The last cases close stdin in the middle of
a message and check for a clean exit. Usage: stdio_robustness.py MLIDE_BINARY
"""
import atexit
import json
import os
import select
import subprocess
import sys
import tempfile
import time

BINARY = sys.argv[1]
failures = []


def frame(obj_or_text):
    body = obj_or_text if isinstance(obj_or_text, (bytes, bytearray)) else json.dumps(obj_or_text).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


STARTED = []


def kill_leftovers():
    """A failed case must not leave a server behind (one stuck in a loop burns a core for hours)."""
    for proc in STARTED:
        if proc.poll() is None:
            proc.kill()


atexit.register(kill_leftovers)


class Server:
    def __init__(self, workspace):
        self.proc = subprocess.Popen([BINARY, "serve", "--debounce", "20"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=workspace)
        STARTED.append(self.proc)
        self.buf = b""
        self.next_id = 100
        self.history = []  # every message read, in order

    def send(self, raw):
        self.proc.stdin.write(raw)
        self.proc.stdin.flush()

    def read_message(self, timeout=20.0):
        deadline = time.monotonic() + timeout
        while True:
            head_end = self.buf.find(b"\r\n\r\n")
            if head_end >= 0:
                length = None
                for line in self.buf[:head_end].split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                assert length is not None, "server sent a header without Content-Length"
                if len(self.buf) >= head_end + 4 + length:
                    body = self.buf[head_end + 4: head_end + 4 + length]
                    self.buf = self.buf[head_end + 4 + length:]
                    msg = json.loads(body)
                    self.history.append(msg)
                    return msg
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no message from the server")
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 1 << 20)
                if not chunk:
                    raise EOFError("server closed stdout")
                self.buf += chunk

    def wait_for(self, pred, timeout=20.0):
        """Reads messages until one satisfies pred; returns it (others are collected)."""
        seen = []
        deadline = time.monotonic() + timeout
        while True:
            msg = self.read_message(max(0.1, deadline - time.monotonic()))
            seen.append(msg)
            if pred(msg):
                return msg, seen

    def seen_or_wait(self, pred, timeout=20.0):
        """The first message read so far that satisfies pred, else the next one that does."""
        for msg in self.history:
            if pred(msg):
                return msg
        return self.wait_for(pred, timeout)[0]

    def request(self, method, params=None, timeout=20.0):
        self.next_id += 1
        rid = self.next_id
        msg = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(frame(msg))
        reply, _ = self.wait_for(lambda m: m.get("id") == rid and "method" not in m, timeout)
        return reply

    def alive(self, label):
        reply = self.request("mlide/serverStatus")
        check("result" in reply, f"{label}: server did not answer serverStatus afterwards: {reply}")

    def close(self):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        return self.proc.wait(timeout=20)


def check(cond, message):
    if not cond:
        failures.append(message)
        print("FAIL:", message)
    return cond


def case(name):
    print("case:", name)


def show_message(text):
    """A predicate: a window/showMessage whose message contains text."""
    return lambda m: m.get("method") == "window/showMessage" and text in m.get("params", {}).get("message", "")


def parse_error(msg):
    return msg.get("id", "absent") is None and msg.get("error", {}).get("code") == -32700


def start(workspace):
    s = Server(workspace)
    s.send(frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                  "params": {"rootUri": "file://" + workspace, "capabilities": {},
                             "initializationOptions": {"training": {"listener": False}}}}))
    s.wait_for(lambda m: m.get("id") == 1)
    s.send(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
    return s


def main():
    with tempfile.TemporaryDirectory() as ws:
        s = start(ws)

        case("header without Content-Length")
        s.send(b"Content-Type: application/vscode-jsonrpc\r\n\r\n{}")
        msg, _ = s.wait_for(parse_error)
        check("Content-Length" in msg["error"]["message"], f"unclear error: {msg}")
        s.alive("missing Content-Length")

        case("non-numeric Content-Length")
        s.send(b"Content-Length: twelve\r\n\r\n{\"a\":1}")
        msg, _ = s.wait_for(parse_error)
        s.alive("non-numeric Content-Length")

        case("header line without a colon")
        s.send(b"Content-Length 12\r\n\r\n")
        s.wait_for(parse_error)
        s.alive("header without colon")

        case("Content-Length shorter than the body")
        body = json.dumps({"jsonrpc": "2.0", "id": 7, "method": "mlide/serverStatus"}).encode()
        s.send(b"Content-Length: %d\r\n\r\n" % (len(body) - 5) + body)
        s.wait_for(parse_error)
        s.alive("short Content-Length")

        case("Content-Length longer than the body")
        # The frame swallows the 20-byte header of the next message (a notification, so no reply
        # is lost): a ParseError for the frame; the headerless remains are reported once the
        # next message's header shows where they end, and that next message is answered.
        body = json.dumps({"jsonrpc": "2.0", "id": 8, "method": "mlide/serverStatus"}).encode()
        victim = frame({"jsonrpc": "2.0", "method": "$/setTrace", "params": {"value": "off"}})
        assert victim.index(b"\r\n") + 2 == 20
        s.send(b"Content-Length: %d\r\n\r\n" % (len(body) + 20) + body + victim)
        first, _ = s.wait_for(parse_error)
        check("not valid JSON" in first["error"]["message"], f"unclear error for the long frame: {first}")
        before = len(s.history)
        s.alive("long Content-Length")
        remains = [m for m in s.history[before:] if parse_error(m)]
        check(len(remains) == 1 and "Content-Length" in remains[0]["error"]["message"],
              f"the swallowed message's remains were not reported once: {remains}")

        case("invalid JSON body")
        s.send(frame(b'{"jsonrpc":"2.0","id":3,"method":'))
        s.wait_for(parse_error)
        s.alive("invalid JSON")

        case("JSON that is not an object")
        s.send(frame(b"[1,2,3]"))
        msg, _ = s.wait_for(lambda m: m.get("error", {}).get("code") == -32600)
        s.alive("non-object JSON")

        case("invalid UTF-8 in a document")
        s.send(frame(b'{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":'
                     b'{"uri":"file:///ws/bad.py","languageId":"python","version":1,"text":"x = \xff\xfe"}}}'))
        s.wait_for(parse_error)
        s.alive("invalid UTF-8")

        case("a 20 MB file")
        big = "x = 1  # padding padding padding padding padding padding padding padding\n" * 290_000
        assert len(big) > 20_000_000
        uri = "file://" + ws + "/huge.py"
        t0 = time.monotonic()
        s.send(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                      "params": {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": big}}}))
        s.alive("20 MB file")
        check(time.monotonic() - t0 < 15, "server took over 15 s to answer after a 20 MB file")
        # The user is told why the file has no findings (TextSync.cpp), once.
        told = s.seen_or_wait(show_message("huge.py"))
        text = told["params"]["message"]
        check(told["params"]["type"] == 2 and "does not check huge.py" in text and "limit for analysis" in text,
              f"unclear message for a 20 MB file: {told}")
        # An edit to it keeps it in sync without analysing it.
        s.send(frame({"jsonrpc": "2.0", "method": "textDocument/didChange",
                      "params": {"textDocument": {"uri": uri, "version": 2},
                                 "contentChanges": [{"range": {"start": {"line": 0, "character": 0},
                                                               "end": {"line": 0, "character": 1}}, "text": "y"}]}}))
        s.alive("edit to a 20 MB file")
        time.sleep(0.2)  # past the debounce: the edit's analysis has run
        s.alive("edit to a 20 MB file, again")
        told_twice = [m for m in s.history if show_message("huge.py")(m)]
        check(len(told_twice) == 1, f"the 20 MB file was reported {len(told_twice)} times, expected once")

        case("a notebook that is not valid JSON, opened as a document")
        s.send(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                      "params": {"textDocument": {"uri": "file://" + ws + "/broken.ipynb", "languageId": "python",
                                                  "version": 1, "text": "{\"cells\": [ {\"cell_type\": "}}}))
        s.alive("broken notebook")
        told = s.seen_or_wait(show_message("broken.ipynb"))
        check(told["params"]["type"] == 2 and "cannot read notebook broken.ipynb" in told["params"]["message"] and
              "not valid JSON" in told["params"]["message"], f"unclear message for a broken notebook: {told}")

        case("a request for a document that was never opened")
        reply = s.request("textDocument/hover", {"textDocument": {"uri": "file:///nowhere.py"},
                                                 "position": {"line": 0, "character": 0}})
        check("result" in reply or "error" in reply, f"no reply: {reply}")

        case("shutdown + exit → exit code 0")
        s.request("shutdown")
        s.send(frame({"jsonrpc": "2.0", "method": "exit"}))
        code = s.proc.wait(timeout=20)
        check(code == 0, f"exit code after shutdown+exit was {code}")

        case("stdin closes without shutdown → exit code 1, promptly")
        s = start(ws)
        t0 = time.monotonic()
        code = s.close()
        check(code == 1, f"exit code after EOF was {code}")
        check(time.monotonic() - t0 < 10, "slow exit after EOF")

        case("client disconnects in the middle of a message")
        s = start(ws)
        s.send(b"Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":9,")
        code = s.close()
        err = s.proc.stderr.read().decode(errors="replace")
        check(code == 1, f"exit code after a truncated message was {code}")
        check("input ended inside a message" in err, "truncated message was not reported in the log")

        case("client disconnects while analysis is running")
        s = start(ws)
        text = "import torch\n" + "x = torch.zeros(3)\n" * 20000
        for v in range(1, 4):
            s.send(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen" if v == 1 else "textDocument/didChange",
                          "params": ({"textDocument": {"uri": "file://" + ws + "/m.py", "languageId": "python",
                                                       "version": 1, "text": text}} if v == 1 else
                                     {"textDocument": {"uri": "file://" + ws + "/m.py", "version": v},
                                      "contentChanges": [{"text": text + f"# {v}\n"}]})}))
        code = s.close()
        check(code == 1, f"exit code after a mid-analysis disconnect was {code}")

    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("all stdio robustness cases passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
