"""Real tiny PyTorch runs against a real `mlide listen`: each finding on the right epochs and the
right line of the script (marked `# expect: <rule>` in tests/training/scripts/)."""

import harness
from harness import check, findings


def test():
    ws = harness.Workspace("runs")
    listener = harness.Listener(ws)
    try:
        scripts = {name: ws.add_script(name) for name in
                   ("overfit.py", "nan_loss.py", "unscaled.py", "negative_lr.py", "framework_warnings.py")}
        # Found through the discovery file: no environment variables.
        procs = {name: harness.run_script(path, wait=False) for name, path in scripts.items()}
        for name, p in procs.items():
            out, err = p.communicate(timeout=120)
            check(p.returncode == 0, f"{name} failed:\n{out}\n{err}")
        by_name = {s["name"]: s for s in harness.sessions(ws)}
        check(set(by_name) >= {"overfit", "nan", "unscaled", "negative-lr", "warnings"}, f"sessions: {sorted(by_name)}")
        for s in by_name.values():
            check(s["status"] == "finished", f"{s['name']}: status {s['status']}")

        def located(detail, rule, script):
            fs = findings(detail, rule)
            check(fs, f"{detail['name']}: no {rule} finding; got {[f['rule'] for f in detail['findingList']]}")
            line = harness.marker_line(script, rule)
            f = fs[0]
            check(f["location"] and f["location"]["line"] == line and f["location"]["path"] == script,
                  f"{detail['name']}: {rule} at {f['location']}, expected {script}:{line}")
            return f

        d = harness.show(ws, by_name["overfit"]["id"])
        f = located(d, "overfitting", scripts["overfit.py"])
        val = [e["metrics"]["val_loss"] for e in d["epochList"]]
        first = f["epochs"][0]
        train = [e["metrics"]["loss"] for e in d["epochList"]]
        # Each epoch reported ends three epochs of rising validation loss while training loss fell.
        check(all(val[e - 3] < val[e - 2] < val[e - 1] < val[e] and train[e] <= train[e - 3] for e in f["epochs"]),
              f"overfitting epochs {f['epochs']} vs val {val} train {train}")
        check(first >= 3, f"overfitting reported from epoch {first}, before any divergence could be seen")
        check(not findings(d, "nan-loss"), "overfit run: unexpected nan-loss")

        d = harness.show(ws, by_name["nan"]["id"])
        f = located(d, "nan-loss", scripts["nan_loss.py"])
        bad = [e["epoch"] for e in d["epochList"] if e["metrics"]["loss"] in ("nan", "inf", "-inf")]
        check(bad, "nan run: no non-finite loss stored")
        check(f["epochs"][0] == bad[0], f"nan-loss first epoch {f['epochs']} vs non-finite epochs {bad}")

        d = harness.show(ws, by_name["unscaled"]["id"])
        f = located(d, "input-not-normalized", scripts["unscaled.py"])
        check(d["inputs"] and d["inputs"][0]["max"] > 200 and d["inputs"][0]["integral"], f"inputs: {d['inputs'][:1]}")
        check(d["inputs"][0]["shape"] == [32, 1, 8, 8], f"input shape {d['inputs'][0]['shape']}")

        d = harness.show(ws, by_name["negative-lr"]["id"])
        f = located(d, "lr-out-of-range", scripts["negative_lr.py"])
        lrs = {e["epoch"]: e["lr"] for e in d["epochList"]}
        check(f["severity"] == "error" and f["epochs"] == [3, 4, 5], f"lr-out-of-range {f['epochs']} lrs {lrs}")
        check(not [x for x in findings(d, "lr-out-of-range") if x is not f and 0 in x["epochs"]],
              "lr-out-of-range at epoch 0, where the rate was fine")
        # PyTorch's own warnings, forwarded with the user's line that triggered them.
        d = harness.show(ws, by_name["warnings"]["id"])
        script = scripts["framework_warnings.py"]
        f = located(d, "regression-target-broadcast", script)
        check(f["epochs"] == [0] and "target size" in f["message"], f"regression-target-broadcast: {f}")
        f = located(d, "scheduler-before-optimizer-step", script)
        check(f["epochs"] == [0], f"scheduler-before-optimizer-step: {f}")
        check(len(d["gradients"]) == 4 and [l["layer"] for l in d["gradients"][0]["layers"]] ==
              ["hidden.weight", "hidden.bias", "out.weight", "out.bias"], f"gradients: {d['gradients'][:1]}")
        # The hidden ReLUs never fire: the first layer with all-zero gradients, on its line.
        grads = findings(d, "gradient-health")
        check(grads and all(g["location"]["line"] == harness.marker_line(script, "gradient-health") for g in grads)
              and any("dead units" in g["message"] and "hidden.weight" in g["message"] for g in grads),
              f"gradient-health: {grads}")
        check(listener.alive(), "the listener died")
    finally:
        listener.stop()
        ws.cleanup()


if __name__ == "__main__":
    harness.main(test)
