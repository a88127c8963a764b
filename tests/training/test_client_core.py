"""The Python client's framework-free core: non-finite numbers on the wire, how it finds the
listener, and buffering while no daemon runs, delivered once one starts."""

import json
import os
import sys
import time

import harness
from harness import check

sys.path.insert(0, harness.CLIENT_DIR)
from mlide_client import core  # noqa: E402


def test():
    check(core._jsonable({"a": float("nan"), "b": [float("inf"), -float("inf"), 1.5]}) ==
          {"a": "nan", "b": ["inf", "-inf", 1.5]}, "non-finite encoding")
    ws = harness.Workspace("client")
    try:
        os.makedirs(os.path.join(ws.dir, ".mlide", "sub"), exist_ok=True)
        with open(os.path.join(ws.dir, ".mlide", "listener.json"), "w") as f:
            json.dump({"endpoint": "http://127.0.0.1:1", "tokenFile": "/nonexistent"}, f)
        nested = os.path.join(ws.dir, "a", "b")
        os.makedirs(nested)
        os.environ.pop(core.ENDPOINT_ENV, None)
        os.environ.pop(core.TOKEN_FILE_ENV, None)
        check(core.find_listener([nested]) == ("http://127.0.0.1:1", "/nonexistent"), "discovery file lookup")
        os.environ[core.ENDPOINT_ENV] = "http://127.0.0.1:2"
        os.environ[core.TOKEN_FILE_ENV] = "/t"
        check(core.find_listener([nested]) == ("http://127.0.0.1:2", "/t"), "the environment wins")
        del os.environ[core.ENDPOINT_ENV], os.environ[core.TOKEN_FILE_ENV]
        os.remove(os.path.join(ws.dir, ".mlide", "listener.json"))

        # No daemon and none configured (a script run without an editor): finish() does not
        # hold the script up for its timeout.
        lone = core.Session("lone", {"framework": "custom"}, search_dirs=[ws.dir], verbose=False)
        lone.log_epoch(0, {"loss": 1.0})
        t0 = time.monotonic()
        check(not lone.finish(timeout=30), "finish() reported delivery without a daemon")
        check(time.monotonic() - t0 < 5, f"finish() waited {time.monotonic() - t0:.1f} s with no daemon anywhere")

        # No daemon yet: events are buffered, nothing is lost.
        s = core.Session("buffered", {"framework": "custom"}, search_dirs=[ws.dir], verbose=False)
        for e in range(5):
            s.log_epoch(e, {"loss": 1.0 / (e + 1)})
        check(not s.flush(0.5), "flush succeeded without a daemon")
        check(s.pending == 5 and s.acked_seq == 0, f"pending {s.pending}, acked {s.acked_seq}")
        listener = harness.Listener(ws)
        try:
            check(s.finish(timeout=30), f"not delivered after the daemon started: {s.last_error}")
            detail = harness.show(ws, s.session_id)
            check([e["epoch"] for e in detail["epochList"]] == [0, 1, 2, 3, 4], f"epochs {detail['epochList']}")
            check(detail["status"] == "finished", f"status {detail['status']}")
        finally:
            listener.stop()
    finally:
        ws.cleanup()


if __name__ == "__main__":
    harness.main(test)
