#!/usr/bin/python3
"""The mlide training client's cost per epoch inside a real PyTorch training loop, side by side
with what a user would otherwise record per epoch.

    /usr/bin/python3 tests/bench/training_client_cost.py --mlide build/dev/mlide [--epochs 300] [--rounds 12]

(/usr/bin/python3: Debian's interpreter, which sees python3-torch.)

The loop: a small MLP (32-64-10) on synthetic data (a noise-free linear teacher, 1,024 training
samples, 512 validation), one CPU thread, SGD with momentum; per epoch 8 training batches of 128
(loss.item() per batch, as loops that print a running loss do) and one validation pass. A healthy
run that is still learning at the end, so the checks stay quiet (one suspicious-val-accuracy
finding at an early epoch, which then never changes). The epoch's loss, val_loss, accuracy and
val_accuracy are Python floats in every variant, so only the recording differs:
  bare   nothing recorded;
  mlide  mlide_client.attach(model, optimizer, name=...) before the loop and run.log(...) per
         epoch, against a real `mlide listen` started here: input statistics of the first batch
         of each epoch (forward pre-hook), the lr read from the optimizer, the events queued and
         sent by the client's background thread (whose work competes for the GIL and the CPU);
  csv    what Keras' CSVLogger does per epoch: csv.DictWriter.writerow + flush on a file opened
         before the loop;
  tb     torch.utils.tensorboard.SummaryWriter.add_scalar per metric + flush, only where
         importable (it needs the tensorboard package, which Debian does not ship: usually absent).
Each round runs every variant once for --epochs epochs, the rounds going through every order of
the variants (a variant right after an mlide run is measurably slower, so each must follow it
equally often), with a short pause between runs; one warm-up round is discarded. attach() or
open() before the loop and finish() or close() after it are timed separately (once per run).

How to read it:
  per epoch        the loop's wall time / epochs, median over the rounds.
  overhead         per round, variant minus bare of the same round; the median of these.
  in the call      time spent inside run.log() / writerow+flush per epoch (median): the part the
                   training loop waits for. mlide's end-to-end overhead also holds the pre-hook's
                   statistics and the sender thread; the csv overhead is all in the call.
  bare spread      median absolute deviation of bare across rounds: overheads below it are noise.
  ratio            mlide's end-to-end overhead / csv's time in the call, per epoch: all of the CSV
                   logger's work is in its call, and its end-to-end difference (printed too) is
                   a few tens of µs inside the loop's noise. Also the two calls alone.
  where it goes    mlide's per-epoch work by part: tensor_stats() timed alone on one batch;
                   run.log(); CPU time of the sender thread and of the daemon (/proc, 10 ms
                   ticks summed over all rounds) per epoch.
The machine is shared and noisy: compare the rows of one run, not absolute figures across runs.
"""

import argparse
import csv
import gc
import itertools
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import training_bench_common as common  # noqa: E402

sys.path.insert(0, common.CLIENT_DIR)
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402
from torch import nn  # noqa: E402

import mlide_client  # noqa: E402

try:
    from torch.utils.tensorboard import SummaryWriter  # noqa: E402
except Exception as e:  # ModuleNotFoundError: No module named 'tensorboard'
    SummaryWriter = None
    TB_MISSING = f"{type(e).__name__}: {e}"

torch.set_num_threads(1)
BATCH, TRAIN_BATCHES, FEATURES, CLASSES, VAL, LR = 128, 8, 32, 10, 512, 0.01


def make_data():
    """A noise-free linear teacher and a training rate at which the run is still learning after
    its epochs: a healthy run, on which no check fires (the daemon's work is then the ingest
    and the checks' evaluation, not findings that change every epoch)."""
    g = torch.Generator().manual_seed(0)
    w = torch.randn(FEATURES, CLASSES, generator=g)
    x = torch.randn(BATCH * TRAIN_BATCHES, FEATURES, generator=g)
    vx = torch.randn(VAL, FEATURES, generator=g)
    return x, (x @ w).argmax(1), vx, (vx @ w).argmax(1)


class Recorder:
    """One variant: setup() before the loop, record() per epoch, close() after it."""

    def __init__(self, kind, listener, folder):
        self.kind, self.listener, self.folder = kind, listener, folder
        self.count = 0

    def setup(self, model, optimizer, tag):
        self.run = self.f = self.tb = None
        if self.kind == "mlide":
            self.run = mlide_client.attach(model, optimizer, name=f"cost-{tag}", loss=nn.CrossEntropyLoss(),
                                           endpoint=self.listener.endpoint, token_file=self.listener.token_file,
                                           verbose=False)
        elif self.kind == "csv":
            self.f = open(os.path.join(self.folder, f"log-{tag}.csv"), "w", newline="")
            self.writer = csv.DictWriter(self.f, fieldnames=["epoch", "loss", "val_loss", "accuracy",
                                                             "val_accuracy", "lr"])
            self.writer.writeheader()
            self.f.flush()
        elif self.kind == "tb":
            self.tb = SummaryWriter(os.path.join(self.folder, f"tb-{tag}"))

    def record(self, epoch, optimizer, loss, val_loss, acc, val_acc):
        if self.kind == "mlide":
            self.run.log(loss=loss, val_loss=val_loss, accuracy=acc, val_accuracy=val_acc)
        elif self.kind == "csv":
            self.writer.writerow({"epoch": epoch, "loss": loss, "val_loss": val_loss, "accuracy": acc,
                                  "val_accuracy": val_acc, "lr": optimizer.param_groups[0]["lr"]})
            self.f.flush()
        elif self.kind == "tb":
            for k, v in (("loss", loss), ("val_loss", val_loss), ("accuracy", acc), ("val_accuracy", val_acc),
                         ("lr", optimizer.param_groups[0]["lr"])):
                self.tb.add_scalar(k, v, epoch)
            self.tb.flush()

    def close(self):
        if self.run is not None:
            # The sender thread's CPU time so far (it starts with the run): its work per epoch
            # is json + http.client in Python, mostly holding the GIL the loop needs.
            self.sender_cpu = common.process_cpu("self", self.run.session._thread.native_id)
            if not self.run.finish(timeout=60):
                raise SystemExit(f"FAIL: the mlide run was not acknowledged: {self.run.session.last_error}; "
                                 f"{self.listener.describe()}")
        if self.f is not None:
            self.f.close()
        if self.tb is not None:
            self.tb.close()


def train(recorder, epochs, data, tag):
    """Returns (loop seconds, seconds inside record(), setup seconds, close seconds)."""
    x, y, vx, vy = data
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(FEATURES, 64), nn.ReLU(), nn.Linear(64, CLASSES))
    optimizer = torch.optim.SGD(model.parameters(), lr=LR, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    t = time.perf_counter()
    if recorder is not None:
        recorder.setup(model, optimizer, tag)
    t0 = time.perf_counter()
    in_call = 0.0
    for epoch in range(epochs):
        model.train()
        total, correct = 0.0, 0
        for b in range(TRAIN_BATCHES):
            xb, yb = x[b * BATCH:(b + 1) * BATCH], y[b * BATCH:(b + 1) * BATCH]
            optimizer.zero_grad()
            out = model(xb)
            loss = loss_fn(out, yb)
            loss.backward()
            optimizer.step()
            total += loss.item()
            correct += int((out.argmax(1) == yb).sum())
        model.eval()
        with torch.no_grad():
            vout = model(vx)
            val_loss = loss_fn(vout, vy).item()
            val_acc = float((vout.argmax(1) == vy).float().mean())
        loss_v, acc = total / TRAIN_BATCHES, correct / (BATCH * TRAIN_BATCHES)
        if recorder is not None:
            c = time.perf_counter()
            recorder.record(epoch, optimizer, loss_v, val_loss, acc, val_acc)
            in_call += time.perf_counter() - c
    t1 = time.perf_counter()
    if recorder is not None:
        recorder.close()
    t2 = time.perf_counter()
    return t1 - t0, in_call, t0 - t, t2 - t1


def us(x):
    return f"{x * 1e6:.0f} µs"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mlide")
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=12, help="a multiple of 6 keeps the orders balanced")
    args = ap.parse_args()
    args.mlide = common.find_mlide(args.mlide)
    print(common.machine_line() + f", torch {torch.__version__}, 1 torch thread")
    kinds = ["bare", "mlide", "csv"] + (["tb"] if SummaryWriter is not None else [])
    if SummaryWriter is None:
        print(f"TensorBoard SummaryWriter: not available here ({TB_MISSING}); peer is the CSVLogger-style row")
    listener = common.Listener(args.mlide, "client-cost")
    folder = tempfile.mkdtemp(prefix="mlide-bench-cost-")
    data = make_data()
    recorders = {k: (None if k == "bare" else Recorder(k, listener, folder)) for k in kinds}
    per_epoch = {k: [] for k in kinds}
    in_call = {k: [] for k in kinds}
    once = {k: [] for k in kinds}
    daemon_cpu, sender_cpu = [], []
    # The pre-hook's input statistics, alone, on one training batch (the hook's whole work).
    from mlide_client.pytorch import tensor_stats
    batch = data[0][:BATCH]
    reps = []
    for _ in range(7):
        t = time.perf_counter()
        for _ in range(200):
            tensor_stats(batch)
        reps.append((time.perf_counter() - t) / 200)
    stats_cost = common.median(reps)
    started = time.monotonic()
    try:
        # Every order of the variants in turn: each follows each other equally often (a run
        # right after an mlide run is measurably slower, even after a pause).
        orders = [list(p) for p in itertools.permutations(kinds)]
        orders = orders[-1:] + orders  # the warm-up round, then all orders in turn
        for r in range(args.rounds + 1):
            order = orders[r % len(orders)]
            for k in order:
                # Let the previous run's tail (the daemon's last commit, the old sender thread,
                # garbage) settle, so it is not charged to whichever variant runs next.
                gc.collect()
                time.sleep(0.2)
                daemon0 = common.process_cpu(listener.pid())
                loop, call, setup, close = train(recorders[k], args.epochs, data, f"{k}-{r}")
                if r == 0:
                    continue  # warm-up
                if k == "mlide":
                    daemon_cpu.append(common.process_cpu(listener.pid()) - daemon0)
                    sender_cpu.append(recorders[k].sender_cpu)
                per_epoch[k].append(loop / args.epochs)
                in_call[k].append(call / args.epochs)
                once[k].append((setup, close))
        sessions = common.stored_sessions(args.mlide, listener.db)
        rules = sorted({f["rule"] for s in sessions if s["name"].startswith("cost-mlide-")
                        for f in common.stored_session(args.mlide, listener.db, s["id"])["findingList"]})
    finally:
        listener.cleanup()
        shutil.rmtree(folder, ignore_errors=True)
    cost = [s for s in sessions if s["name"].startswith("cost-mlide-")]
    bad = [s for s in cost if s["epochs"] != args.epochs or s["status"] != "finished"]
    if len(cost) != args.rounds + 1 or bad:
        print(f"FAIL: mlide stored {len(cost)} runs, expected {args.rounds + 1}; incomplete: {bad[:3]}")
        return 1

    bare = per_epoch["bare"]
    bare_med = common.median(bare)
    spread = common.median([abs(b - bare_med) for b in bare])
    print(f"{args.rounds} rounds x {args.epochs} epochs per variant (+1 warm-up round); every mlide run stored "
          f"complete ({args.epochs} epochs, finished)")
    print(f"bare loop: {bare_med * 1e3:.3f} ms per epoch (spread across rounds ±{us(spread)})")
    print("| recorder | per epoch | overhead per epoch | overhead % | in the call | setup once | finish once |")
    print("|---|---|---|---|---|---|---|")
    overhead, call_med = {}, {}
    for k in kinds:
        if k == "bare":
            continue
        diffs = [m - b for m, b in zip(per_epoch[k], bare)]
        overhead[k] = common.median(diffs)
        call_med[k] = common.median(in_call[k])
        setup = common.median([s for s, _ in once[k]])
        close = common.median([c for _, c in once[k]])
        label = {"mlide": "mlide attach + run.log", "csv": "CSVLogger-style writerow + flush",
                 "tb": "TensorBoard SummaryWriter add_scalar + flush"}[k]
        print(f"| {label} | {common.median(per_epoch[k]) * 1e3:.3f} ms | {us(overhead[k])} "
              f"| {overhead[k] / bare_med * 100:.1f} % | {us(call_med[k])} | {setup * 1e3:.1f} ms "
              f"| {close * 1e3:.1f} ms |")
    for peer in [k for k in kinds if k not in ("bare", "mlide")]:
        # The CSV logger's work is all inside its call (no thread, no hook): its time there is
        # its overhead, measured precisely, where the end-to-end difference of a few tens of µs
        # drowns in the loop's noise. SummaryWriter has a writer thread: end to end, if resolved.
        resolved = peer != "csv" and overhead[peer] > 3 * spread
        peer_cost = overhead[peer] if resolved else call_med[peer]
        how = "end to end" if resolved else (f"its time in the call, which is all its work; its end-to-end "
                                             f"difference is {us(overhead[peer])}, bare spread ±{us(spread)}")
        print(f"ratio mlide/{peer} per epoch: {us(overhead['mlide'])} / {us(peer_cost)} ({peer}: {how}) "
              f"= {overhead['mlide'] / peer_cost:.0f}x; in the call alone {call_med['mlide'] / call_med[peer]:.1f}x")
    print("findings on the mlide runs: " + (", ".join(rules) if rules else "none"))
    n = args.rounds * args.epochs
    print(f"mlide per epoch, where it goes: input statistics {us(stats_cost)} (pre-hook, in the loop); run.log() "
          f"{us(call_med['mlide'])}; the client's sender thread {us(sum(sender_cpu) / n)} of CPU (GIL mostly held); "
          f"the daemon {us(sum(daemon_cpu) / n)} of CPU (another process, but on this machine's 2 cores it competes "
          f"with the loop too)")
    print(f"total {time.monotonic() - started:.1f} s; {common.machine_line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
