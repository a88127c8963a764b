#!/usr/bin/python3
"""Training-session ingest: many concurrent training clients stream epochs into one `mlide listen`.

    /usr/bin/python3 tests/bench/training_ingest.py --mlide build/dev/mlide
        [--clients 100] [--epochs 200] [--interval 0.1] [--phases paced,burst] [--no-csv]
        [--slowest] [--noisy] [--dump PREFIX]

About 70-90 s on a 2-core machine. --slowest names the five slowest acknowledgements (client,
epoch, when); --noisy makes a check fire and keep changing its findings; --dump writes every
client's raw figures.

What runs: for each phase, a fresh `mlide listen` (own temporary workspace and database) and
--clients worker processes. Each worker is one training run: the real client core
(plugins/checks/clients/python/mlide_client/core.py: background sender thread that batches
whatever is pending, keep-alive HTTP, retry) streaming what mlide_client.attach() + run.log()
send for --epochs epochs: per epoch one input-statistics event (the forward pre-hook's first
batch) and one epoch event (loss, val_loss, accuracy, val_accuracy, lr), then the final status.
  paced  each client trains an epoch every --interval seconds (start times spread over one
         interval): 100 clients x 0.1 s is 1,000 epochs/s (2,000 events/s) offered, far above
         what 100 real training runs send; at 0.05 s a 2-core machine saturates (the 100 Python
         clients and the daemon share its CPU) and the latency becomes queueing.
  burst  each client logs all its epochs at once: the daemon's throughput at saturation.
Afterwards the daemon is killed with SIGKILL, and `mlide sessions --format json` plus
`mlide sessions show ID --format json` for every session must find every epoch (values
compared) and every input event of every client: if not, the script fails loudly (exit 1).

Peer ("csv" rows): what a user records per run without mlide, Keras' CSVLogger: each of the same
worker processes appends one CSV row per epoch to its own file and flushes it. Its "ack" is the
return of flush(), the same durability class as mlide's acknowledgement (SQLite WAL with
synchronous=NORMAL: survives the process or daemon being killed, not a power cut), but with no
checks, no server and nothing shared across runs. Its files are read back and compared too.

Fairness of the timing: every worker makes one request before the common start (Python's
first HTTP reply imports http.client's lazy dependencies: tens of ms of CPU that 100 processes
starting at once would turn into queueing), and no worker works out its figures or exits until
all are done. In the paced phase the next epoch's input event follows the epoch event at once,
so the two usually share a request (ev/req 2.0).

Why separate processes, and Python: the figure wanted is what the real client sees, so the
workers run the real client core, batching included. 100 threads in one Python process would
serialise on the GIL and measure the GIL; a C++ load generator would not batch the way the
client does. 100 processes on a 2-core machine also compete with the daemon for the CPU, as
100 training processes would: the latencies include that scheduling.

How to read it: one row per phase and store.
  ack p50/p99/max  per epoch event, from the run.log() call (the event enters the client's queue;
                   the call itself returns at once) to the moment the acknowledgement covering it
                   is back in the client, i.e. the event is committed to SQLite.
  events/s         all events stored / (last acknowledgement - first event), over all clients
                   (mlide: 2 per epoch + the final status; csv: 1 row per epoch).
  epochs/s         epochs stored / the same span: comparable across the two stores.
  ev/req           events per HTTP request: how much the client's batching kicked in.
  req p50          one request's round trip, as the sender thread sees it.
  daemon CPU       the daemon's user+system CPU time per stored event.
  ratio            paced: ack latency mlide / csv; burst (where latency is only queueing):
                   epochs/s csv / mlide. The price of a daemon that acknowledges commits, runs
                   the checks and keeps all runs in one database, against a file per run.
The machine is shared and noisy: compare the rows of one run, not absolute figures across runs.
"""

import argparse
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import training_bench_common as common  # noqa: E402

FIELDS = ["epoch", "loss", "val_loss", "accuracy", "val_accuracy", "lr"]
SCRIPT = '''import torch
from torch import nn
import mlide_client

model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 30 * 30, 10))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
run = mlide_client.attach(model, optimizer, name="sweep")
for epoch in range(200):
    run.log(loss=0.0, val_loss=0.0, accuracy=0.0, val_accuracy=0.0)
'''


def epoch_values(client, epoch, noisy=False):
    """Deterministic, plausible metrics (the parent recomputes them to compare what is stored).
    Default: a clean run that no check flags. noisy: the loss jitters by more than it falls in
    the late epochs, so oscillating-metric fires from about epoch 130 and its findings (their
    epoch lists) change with every request of every session."""
    jitter = ((client * 7919 + epoch * 104729) % 1000) / 1000.0
    decay = math.exp(-epoch / 60.0)
    loss = 2.3 * decay + 0.05 + (0.02 if noisy else 0.01 * decay) * jitter
    return {"loss": loss, "val_loss": loss * 1.05 + 0.02, "accuracy": 1.0 - loss / 2.5,
            "val_accuracy": 0.98 - loss / 2.5, "lr": 0.01 * 0.5 ** (epoch // 50)}


def input_stats(epoch):
    return {"dtype": "float32", "shape": [64, 3, 32, 32], "nanCount": 0, "infCount": 0, "integral": False,
            "min": -2.117, "max": 2.64, "mean": 0.0012 * (epoch % 7), "std": 0.998, "epoch": epoch, "batch": 0}


# -- worker process ---------------------------------------------------------------------------

def worker(params):
    client, epochs, interval, store = params["client"], params["epochs"], params["interval"], params["store"]
    if store == "mlide":
        sys.path.insert(0, common.CLIENT_DIR)
        from mlide_client import core

        rtts, sizes = [], []
        plain_request = core.Http.request

        def timed_request(self, method, path, body=None):
            t = time.monotonic()
            reply = plain_request(self, method, path, body)
            if path.endswith("/events"):
                rtts.append(time.monotonic() - t)
                sizes.append(len(body["events"]))
            return reply

        core.Http.request = timed_request

        class TimedSession(core.Session):
            """The real Session; only notes when each acknowledgement arrives."""

            def __init__(self, *a, **k):
                self.acks = []  # (monotonic time, ackedSeq), appended by the sender thread
                super().__init__(*a, **k)

            def _ack(self, seq):
                self.acks.append((time.monotonic(), seq))
                super()._ack(seq)

        model = {"framework": "pytorch", "script": params["script"], "attachLine": 7, "logLine": 9,
                 "modelClass": "Sequential", "optimizerClass": "SGD", "initialLr": 0.01,
                 "lossClass": "CrossEntropyLoss", "numClasses": 10, "firstConvName": "0",
                 "firstConvInChannels": 3, "plannedEpochs": epochs}
        # One request before the start, on its own connection: the first HTTP reply a Python
        # process parses imports http.client's lazy dependencies (email.parser, ...), tens of ms
        # of CPU that a hundred processes starting in the same instant would turn into queueing
        # in the first epochs. A real run pays it once, seconds into training, unnoticed.
        with open(params["token_file"]) as f:
            warm = core.Http(params["endpoint"], f.read().strip())
        warm.request("GET", "/v1/health")
        warm.close()
        session = TimedSession(f"sweep-{client:03d}", model, endpoint=params["endpoint"],
                               token_file=params["token_file"], verbose=False)
    else:
        f = open(params["csv"], "w", newline="")
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        writer.writeheader()
        f.flush()
    print("ready", flush=True)
    go = float(sys.stdin.readline().split()[1])
    start = go + (client / params["clients"]) * interval if interval > 0 else go
    sent = []  # (seq or epoch, monotonic time, is_epoch)
    csv_lat = []

    def sleep_until(t):
        d = t - time.monotonic()
        if d > 0:
            time.sleep(d)

    sleep_until(start)
    for e in range(epochs):
        if interval > 0:
            sleep_until(start + e * interval)
        v = epoch_values(client, e, params["noisy"])
        if store == "mlide":
            t = time.monotonic()
            sent.append((session.log_input(input_stats(e)), t, False))
            if interval > 0:
                sleep_until(start + (e + 1) * interval)
            lr = v.pop("lr")
            t = time.monotonic()
            sent.append((session.log_epoch(e, v, lr), t, True))
        else:
            if interval > 0:
                sleep_until(start + (e + 1) * interval)
            t = time.monotonic()
            writer.writerow({"epoch": e, **v})  # Keras CSVLogger.on_epoch_end: writerow, then flush
            f.flush()
            done = time.monotonic()
            csv_lat.append(done - t)
            sent.append((e, t, True))
    if store == "mlide":
        ok = session.finish(timeout=60)
    else:
        f.close()
    # Done; the figures are worked out only once every client is done (the parent says so),
    # so that this work takes no CPU from the clients still streaming.
    print("done", flush=True)
    sys.stdin.readline()
    result = {"client": client, "first": sent[0][1] if sent else go}
    if store == "mlide":
        acks = list(session.acks)
        # Per event: the first acknowledgement that covers its seq (acks only grow).
        lat_epoch, slow = [], []
        i = 0
        for seq, t, is_epoch in sent:  # in seq order
            while i < len(acks) and acks[i][1] < seq:
                i += 1
            if i == len(acks):
                ok = False
                break
            lat = acks[i][0] - t
            if is_epoch:
                lat_epoch.append(lat)
                slow.append((lat, seq // 2 - 1, t - go))
        result.update(ok=ok, session=session.session_id, acked=session.acked_seq, seq=session._seq,
                      last=acks[-1][0] if acks else 0.0, epoch_lat=lat_epoch, rtts=rtts,
                      sizes=sizes, error=session.last_error,
                      slow=sorted(slow, reverse=True)[:3])
    else:
        result.update(ok=True, last=sent[-1][1] + csv_lat[-1], epoch_lat=csv_lat, rtts=[],
                      sizes=[], error=None, slow=[])
    print(json.dumps(result), flush=True)


# -- parent -----------------------------------------------------------------------------------

class Failed(Exception):
    pass


def run_workers(args, store, interval, extra):
    procs = []
    for c in range(args.clients):
        params = {"client": c, "clients": args.clients, "epochs": args.epochs, "interval": interval, "store": store,
                  "noisy": args.noisy}
        params.update(extra(c))
        procs.append(subprocess.Popen([sys.executable, os.path.abspath(__file__), "--worker", json.dumps(params)],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True))
    for p in procs:
        line = p.stdout.readline()
        if line.strip() != "ready":
            raise Failed(f"a worker did not start: {line!r} {p.stderr.read()}")
    go = time.monotonic() + 0.3
    for p in procs:
        p.stdin.write(f"go {go!r}\n")
        p.stdin.flush()
    # Every worker stays (no exit, no bookkeeping) until all are done: a hundred interpreters
    # working out their figures or exiting at once would take the CPU from the clients still
    # streaming and show up as their latency.
    for p in procs:
        line = p.stdout.readline()
        if line.strip() != "done":
            p.wait(60)
            raise Failed(f"a worker failed ({p.returncode}): {line!r} {p.stderr.read()[-2000:]}")
    results = []
    for p in procs:
        out, err = p.communicate("report\n", timeout=120)
        if p.returncode != 0 or not out.strip():
            raise Failed(f"a worker failed ({p.returncode}): {err[-2000:]}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    return go, results


def verify_mlide(args, listener, results):
    """Every epoch and input event of every client, read back from the database."""
    sessions = common.stored_sessions(args.mlide, listener.db)
    by_name = {s["name"]: s for s in sessions}
    problems = []
    if len(sessions) != args.clients:
        problems.append(f"{len(sessions)} sessions stored, expected {args.clients}")
    for r in results:
        name = f"sweep-{r['client']:03d}"
        s = by_name.get(name)
        if not r["ok"]:
            problems.append(f"{name}: the client did not get everything acknowledged "
                            f"(acked {r['acked']} of {r['seq']}; {r['error']})")
        if s is None:
            problems.append(f"{name}: not stored")
            continue
        if s["epochs"] != args.epochs or s["status"] != "finished" or s["lastSeq"] != 2 * args.epochs + 1:
            problems.append(f"{name}: stored {s['epochs']} epochs, status {s['status']}, lastSeq {s['lastSeq']}")
        d = common.stored_session(args.mlide, listener.db, s["id"])
        epochs = d["epochList"]
        if [e["epoch"] for e in epochs] != list(range(args.epochs)):
            problems.append(f"{name}: stored epochs {[e['epoch'] for e in epochs][:10]}...")
        for e in epochs:
            want = epoch_values(r["client"], e["epoch"], args.noisy)
            got = dict(e["metrics"], lr=e["lr"])
            if any(not isinstance(got.get(k), (int, float)) or abs(got[k] - want[k]) > 1e-9 * max(1, abs(want[k]))
                   for k in want):
                problems.append(f"{name}: epoch {e['epoch']} stored {got}, expected {want}")
                break
        if [i["epoch"] for i in d["inputs"]] != list(range(args.epochs)):
            problems.append(f"{name}: {len(d['inputs'])} input events stored, expected {args.epochs}")
    if problems:
        raise Failed("NOT ALL STORED:\n  " + "\n  ".join(problems[:20]))
    return sum(s["lastSeq"] for s in sessions), sum(s["findings"] for s in sessions)


def verify_csv(args, folder, results):
    problems = []
    for r in results:
        path = os.path.join(folder, f"run_{r['client']:03d}.csv")
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
        if len(rows) != args.epochs:
            problems.append(f"{path}: {len(rows)} rows, expected {args.epochs}")
            continue
        for row in rows:
            want = epoch_values(r["client"], int(row["epoch"]), args.noisy)
            if any(abs(float(row[k]) - want[k]) > 1e-9 * max(1, abs(want[k])) for k in want):
                problems.append(f"{path}: epoch {row['epoch']} differs")
                break
    if problems:
        raise Failed("CSV PEER NOT ALL STORED:\n  " + "\n  ".join(problems[:20]))
    return args.clients * args.epochs


def summarize(args, phase, store, go, results, stored, cpu):
    lat = [x for r in results for x in r["epoch_lat"]]
    rtts = [x for r in results for x in r["rtts"]]
    sizes = [x for r in results for x in r["sizes"]]
    first = min(r["first"] for r in results)
    last = max(r["last"] for r in results)
    wall = last - go
    span = max(last - first, 1e-9)
    slowest = sorted(((x[0], r["client"], x[1], x[2]) for r in results for x in r["slow"]), reverse=True)[:5]
    row = {"phase": phase, "store": store, "events": stored, "wall": wall, "rate": stored / span,
           "epoch_rate": args.clients * args.epochs / span,
           "p50": common.percentile(lat, 50), "p99": common.percentile(lat, 99), "max": max(lat),
           "requests": len(rtts), "per_req": (sum(sizes) / len(sizes)) if sizes else None,
           "rtt50": common.percentile(rtts, 50) if rtts else None, "cpu": cpu, "slowest": slowest}
    return row


def ms(x):
    return "-" if x is None else (f"{x * 1e3:.3f} ms" if x < 0.01 else f"{x * 1e3:.1f} ms")


def print_slowest(rows):
    for r in rows:
        if r["slowest"]:
            print(f"slowest acks, {r['phase']} {r['store']}: " + ", ".join(
                f"{lat * 1e3:.0f} ms (client {c}, epoch {e}, logged at +{at:.2f} s)" for lat, c, e, at in r["slowest"]))


def print_rows(rows):
    print("| phase | store | events stored | wall | events/s | epochs/s | ack p50 | ack p99 | ack max | requests "
          "| ev/req | req p50 | daemon CPU/event |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        cpu = "-" if r["cpu"] is None else f"{r['cpu'] / r['events'] * 1e6:.0f} µs"
        per_req = "-" if r["per_req"] is None else f"{r['per_req']:.1f}"
        requests = "-" if not r["requests"] else str(r["requests"])
        print(f"| {r['phase']} | {r['store']} | {r['events']} | {r['wall']:.2f} s | {r['rate']:.0f} "
              f"| {r['epoch_rate']:.0f} | {ms(r['p50'])} | {ms(r['p99'])} | {ms(r['max'])} | {requests} | {per_req} "
              f"| {ms(r['rtt50'])} | {cpu} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mlide")
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--epochs", type=int, default=200)
    ap.add_argument("--interval", type=float, default=0.1, help="seconds per epoch in the paced phase")
    ap.add_argument("--phases", default="paced,burst")
    ap.add_argument("--no-csv", action="store_true", help="skip the CSVLogger peer")
    ap.add_argument("--noisy", action="store_true", help="metrics on which a check fires and keeps changing")
    ap.add_argument("--slowest", action="store_true", help="also print the five slowest acknowledgements")
    ap.add_argument("--dump", help="write the raw per-client figures of mlide to DUMP.PHASE.json")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        return worker(json.loads(args.worker))
    args.mlide = common.find_mlide(args.mlide)
    print(common.machine_line())
    print(f"{args.clients} clients x {args.epochs} epochs; paced interval {args.interval} s; mlide {args.mlide}")
    rows = []
    t_all = time.monotonic()
    try:
        for phase in args.phases.split(","):
            interval = args.interval if phase == "paced" else 0.0
            listener = common.Listener(args.mlide, "ingest")
            try:
                script = os.path.join(listener.dir, "sweep.py")
                with open(script, "w") as f:
                    f.write(SCRIPT)
                cpu0 = common.process_cpu(listener.pid())
                go, results = run_workers(args, "mlide", interval, lambda c: {
                    "endpoint": listener.endpoint, "token_file": listener.token_file, "script": script})
                daemon_cpu = common.process_cpu(listener.pid()) - cpu0
                if listener.proc.poll() is not None:
                    raise Failed("the daemon died during the run: " + listener.describe())
                listener.kill()  # what is read back below was committed, not merely buffered
                stored, findings = verify_mlide(args, listener, results)
                rows.append(summarize(args, phase, "mlide", go, results, stored, daemon_cpu))
                rows[-1]["findings"] = findings
                if args.dump:
                    with open(f"{args.dump}.{phase}.json", "w") as f:
                        json.dump({"go": go, "results": results}, f)
            finally:
                listener.cleanup()
            if not args.no_csv:
                folder = tempfile.mkdtemp(prefix="mlide-bench-csv-")
                try:
                    go, results = run_workers(args, "csv", interval,
                                              lambda c: {"csv": os.path.join(folder, f"run_{c:03d}.csv")})
                    stored = verify_csv(args, folder, results)
                    rows.append(summarize(args, phase, "csv (CSVLogger)", go, results, stored, None))
                finally:
                    shutil.rmtree(folder, ignore_errors=True)
    except Failed as e:
        print(f"FAIL: {e}")
        return 1
    print(f"all stored: every epoch, input event and final status of {args.clients} sessions x {args.epochs} "
          f"epochs read back after SIGKILL of the daemon")
    print_rows(rows)
    print("findings stored: " + ", ".join(f"{r['phase']} {r['findings']}" for r in rows if "findings" in r)
          + ("  (--noisy: oscillating-metric fires)" if args.noisy else "  (a clean run: none expected)"))
    if args.slowest:
        print_slowest(rows)
    for phase in args.phases.split(","):
        m = [r for r in rows if r["phase"] == phase and r["store"] == "mlide"]
        c = [r for r in rows if r["phase"] == phase and r["store"] != "mlide"]
        if m and c and phase == "paced":
            print(f"ratio {phase}: ack latency mlide/csv p50 {m[0]['p50'] / c[0]['p50']:.0f}x, "
                  f"p99 {m[0]['p99'] / c[0]['p99']:.0f}x")
        elif m and c:  # at saturation the latency is queueing: compare the throughput
            print(f"ratio {phase}: epochs/s csv/mlide {c[0]['epoch_rate'] / m[0]['epoch_rate']:.1f}x")
    print(f"total {time.monotonic() - t_all:.1f} s; {common.machine_line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
