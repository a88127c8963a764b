"""`mlide sessions import`: a Keras CSVLogger file (';' separator, BOM, an lr column) becomes an
imported session whose overfitting finding names the epochs where validation loss rose; a
TensorBoard event file and a malformed CSV are refused with a clear message. Needs no torch."""

import os
import struct
import subprocess

import harness
from harness import check


def crc32c(data):
    """CRC-32C written from the definition (bit by bit), to frame a TFRecord like TensorFlow."""
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def masked(crc):
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def tfrecord(payload):
    header = struct.pack("<Q", len(payload))
    return header + struct.pack("<I", masked(crc32c(header))) + payload + struct.pack("<I", masked(crc32c(payload)))


def run(*args):
    return subprocess.run([harness.mlide_binary(), "sessions", *args], capture_output=True, text=True, timeout=60)


def test():
    check(crc32c(b"123456789") == 0xE3069283, "the test's CRC-32C is wrong")  # the standard check value
    ws = harness.Workspace("import")
    try:
        # Validation loss is lowest at epoch 2 and rises from epoch 3 on while training loss
        # keeps falling: with the default patience (3 rising epochs) epochs 5, 6 and 7 overfit.
        rows = [(0, 1.00, 1.00), (1, 0.80, 0.80), (2, 0.60, 0.70), (3, 0.50, 0.72),
                (4, 0.40, 0.75), (5, 0.30, 0.80), (6, 0.25, 0.90), (7, 0.20, 0.95)]
        log = os.path.join(ws.dir, "training.log")
        with open(log, "w", encoding="utf-8-sig", newline="") as f:  # utf-8-sig writes a BOM
            f.write("epoch;loss;lr;val_loss\r\n")
            for e, loss, val in rows:
                f.write(f"{e};{loss};{0.001 if e < 4 else 0.0005};{val}\r\n")
        p = run("import", log, "--db", ws.db, "--name", "csv-run", "--format", "json")
        check(p.returncode == 0, f"import failed: {p.stderr}")
        sessions = harness.sessions(ws)
        check(len(sessions) == 1 and sessions[0]["name"] == "csv-run" and sessions[0]["status"] == "imported",
              f"sessions {sessions}")
        detail = harness.show(ws, sessions[0]["id"])
        check([e["epoch"] for e in detail["epochList"]] == list(range(8)), f"epochs {detail['epochList']}")
        check([e["lr"] for e in detail["epochList"]] == [0.001] * 4 + [0.0005] * 4, f"lr {detail['epochList']}")
        check(detail["epochList"][3]["metrics"] == {"loss": 0.5, "val_loss": 0.72},
              f"epoch 3 metrics {detail['epochList'][3]}")
        over = harness.findings(detail, "overfitting")
        check(len(over) == 1 and over[0]["epochs"] == [5, 6, 7], f"overfitting {detail['findingList']}")

        # TensorBoard: by name, and by TFRecord framing under any name.
        event = tfrecord(b"\x09" + b"\0" * 8 + b"\x1a\x0dbrain.Event:2")
        for name in ("events.out.tfevents.1700000000.host.42.0", "run.log"):
            path = os.path.join(ws.dir, name)
            with open(path, "wb") as f:
                f.write(event + tfrecord(b"\x09" + b"\1" * 8))
            p = run("import", path, "--db", ws.db)
            check(p.returncode == 1 and "TensorBoard event file" in p.stderr and "not supported yet" in p.stderr,
                  f"{name}: {p.returncode} {p.stderr}")

        bad = os.path.join(ws.dir, "bad.csv")
        with open(bad, "w") as f:
            f.write("epoch,loss\n0,1.0\n1,0.9,0.8\n")
        p = run("import", bad, "--db", ws.db)
        check(p.returncode == 1 and "line 3: 3 fields, the header has 2" in p.stderr, f"bad csv: {p.stderr}")
        check(len(harness.sessions(ws)) == 1, "a refused import left a session behind")
    finally:
        ws.cleanup()


if __name__ == "__main__":
    harness.main(test)
