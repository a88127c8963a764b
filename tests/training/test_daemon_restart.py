"""The listener killed with SIGKILL mid-run and restarted: every epoch acknowledged before the
kill is in the database, the client buffers and retries, and the run completes with all epochs."""

import time

import harness
from harness import check

EPOCHS = 40


def test():
    ws = harness.Workspace("restart")
    listener = harness.Listener(ws)
    script = ws.add_script("long_run.py")
    proc = None
    try:
        proc = harness.run_script(script, wait=False)
        acked = harness.wait_acked(proc, 20)
        check(acked >= 20, f"only {acked} events acknowledged before the kill")
        port = listener.port
        listener.kill()
        time.sleep(0.7)  # the client is now buffering and retrying
        listener = harness.Listener(ws)
        check(listener.port == port, f"restarted on port {listener.port}, not {port}")
        out, err = proc.communicate(timeout=120)
        check(proc.returncode == 0, f"client exit {proc.returncode}:\n{out}\n{err}")
        sessions = harness.sessions(ws)
        check(len(sessions) == 1, f"expected the same session after the restart, got {len(sessions)}")
        detail = harness.show(ws, sessions[0]["id"])
        epochs = [e["epoch"] for e in detail["epochList"]]
        check(epochs == list(range(EPOCHS)), f"epochs stored: {epochs}")
        check(detail["status"] == "finished", f"status {detail['status']}")
        check(detail["lastSeq"] >= acked, f"lastSeq {detail['lastSeq']} < acked before kill {acked}")
    finally:
        if proc and proc.poll() is None:
            proc.kill()
        listener.stop()
        ws.cleanup()


if __name__ == "__main__":
    harness.main(test)
