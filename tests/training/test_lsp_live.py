"""The editor path: `mlide serve` started like an editor does, a training run streaming to the
listener it starts, and the findings arriving as diagnostics on the script's lines through LSP
(in the same publish as the static ones), with a quick fix that edits the right line, plus
mlide/sessionChanged and mlide/training/* requests. Edits to the buffer move the findings and
their fixes with the code, and a fix is never offered for text it was not computed for. A second
run of the same script clears the first run's diagnostics."""

import os

import harness
from harness import check


def training_diags(msg, uri):
    if msg.get("method") != "textDocument/publishDiagnostics" or msg["params"]["uri"] != uri:
        return None
    return [d for d in msg["params"]["diagnostics"] if "training run" in d.get("message", "")]


def offset(text, pos):
    """Byte offset of an LSP position (the scripts are ASCII: UTF-16 units are bytes)."""
    lines = text.split("\n")
    return sum(len(l) + 1 for l in lines[:pos["line"]]) + pos["character"]


def apply_edits(text, edits):
    for e in sorted(edits, key=lambda e: offset(text, e["range"]["start"]), reverse=True):
        text = text[:offset(text, e["range"]["start"])] + e["newText"] + text[offset(text, e["range"]["end"]):]
    return text


def fix_actions(client, uri, diag):
    r = client.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": diag["range"],
                                                   "context": {"diagnostics": [diag], "only": ["quickfix"]}})
    return [a for a in r["result"] if not a["title"].startswith("Suppress")]


def with_line_after(text, marker, line):
    """`text` with `line` inserted after the first line containing `marker` (the expected fix)."""
    lines = text.split("\n")
    at = next(i for i, l in enumerate(lines) if marker in l)
    return "\n".join(lines[:at + 1] + [line] + lines[at + 1:])


def test():
    ws = harness.Workspace("lsp")
    script = ws.add_script("nan_loss.py")
    uri = "file://" + script
    client = harness.LspClient([harness.mlide_binary(), "serve"], ws.dir)
    try:
        caps = {"textDocument": {"publishDiagnostics": {"versionSupport": True}}}
        r = client.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + ws.dir,
                                          "capabilities": caps, "initializationOptions": {"training": {"listener": True}}})
        check("result" in r, f"initialize: {r}")
        client.notify("initialized", {})
        with open(script) as f:
            text = f.read()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1,
                                                                "text": text}})
        info = harness.listener_info(ws.dir)
        env = {"MLIDE_TRAINING_ENDPOINT": info["endpoint"], "MLIDE_TRAINING_TOKEN_FILE": info["tokenFile"]}
        harness.run_script(script, env)

        line = harness.marker_line(script, "nan-loss")
        # The run is named "nan", so match the rule, not the word: lr-out-of-range comes first.
        def nan_loss(m):
            return [d for d in training_diags(m, uri) or [] if d.get("data", {}).get("rule") == "nan-loss"]
        msg = client.wait(lambda m: bool(nan_loss(m)), timeout=60)
        diags = training_diags(msg, uri)
        nan = nan_loss(msg)
        check(nan, f"no nan-loss diagnostic: {diags}")
        check(nan[0]["range"]["start"]["line"] == line - 1, f"nan-loss on line {nan[0]['range']['start']['line'] + 1}, "
                                                            f"expected {line}")
        static = [d for d in msg["params"]["diagnostics"] if d not in diags]
        check([d for d in static if d["data"]["rule"] == "train-loader-not-shuffled"],
              f"the static finding is not in the same publish: {msg['params']['diagnostics']}")

        # The quick fix of the training finding edits the line after backward().
        clip_line = "        nn.utils.clip_grad_norm_(model.parameters(), 1.0)"  # as the script imports nn
        actions = fix_actions(client, uri, nan[0])
        check([a["title"] for a in actions] == ["Clip the gradient norm to 1.0 after backward()"], f"actions {actions} for {nan[0]}")
        fixed = apply_edits(text, actions[0]["edit"]["changes"][uri])
        check(fixed == with_line_after(text, "loss.backward()", clip_line), f"clip fix gave:\n{fixed}")

        # Lines typed above the finding: it moves down with its code, and so does its fix.
        top = "# notes\n# more notes\n# and more\n"
        text = top + text
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                                "text": top}]})
        msg = client.wait(lambda m: training_diags(m, uri) is not None and m["params"].get("version") == 2)
        moved = [d for d in training_diags(msg, uri) if d["data"]["rule"] == "nan-loss"]
        check(moved and moved[0]["range"]["start"]["line"] == line + 2,
              f"after inserting 3 lines nan-loss is on {[d['range'] for d in moved]}, expected line {line + 3}")
        check([a for a in fix_actions(client, uri, nan[0])] == [],
              "a fix was offered for the diagnostic of the old text")
        actions = fix_actions(client, uri, moved[0])
        check(len(actions) == 1, f"actions after the insertion: {actions}")
        fixed = apply_edits(text, actions[0]["edit"]["changes"][uri])
        check(fixed == with_line_after(text, "loss.backward()", clip_line), f"clip fix after the insertion:\n{fixed}")

        # Apply it: the code after backward() changed, so the clip fix is not offered again; the
        # finding itself (on the optimizer line) stays.
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                                 "contentChanges": [{"text": fixed}]})
        text = fixed
        msg = client.wait(lambda m: training_diags(m, uri) is not None and m["params"].get("version") == 3)
        still = [d for d in training_diags(msg, uri) if d["data"]["rule"] == "nan-loss"]
        check(still and still[0]["range"] == moved[0]["range"], f"nan-loss after the fix: {still}")
        check(fix_actions(client, uri, still[0]) == [], "the clip fix was offered twice")

        # Editing the line the finding is about: the finding of the old code is not shown on the new one.
        opt_line = text.split("\n")[line + 2]
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 4}, "contentChanges": [
            {"range": {"start": {"line": line + 2, "character": 0}, "end": {"line": line + 2, "character": len(opt_line)}},
             "text": opt_line.replace("lr=50.0", "lr=0.05")}]})
        msg = client.wait(lambda m: training_diags(m, uri) is not None and m["params"].get("version") == 4)
        check(not [d for d in training_diags(msg, uri) if d["range"]["start"]["line"] == line + 2],
              f"findings of the old optimizer line remain: {training_diags(msg, uri)}")
        check(any(m.get("method") == "mlide/sessionChanged" for m in client.seen) or client.wait(
            lambda m: m.get("method") == "mlide/sessionChanged", 10), "no mlide/sessionChanged")

        r = client.request("mlide/training/listSessions", {})
        sessions = r["result"]["sessions"]
        check(len(sessions) == 1 and sessions[0]["name"] == "nan" and sessions[0]["script"] == script,
              f"listSessions: {sessions}")
        r = client.request("mlide/training/session", {"id": sessions[0]["id"]})
        nan_findings = [f for f in r["result"]["findingList"] if f["rule"] == "nan-loss"]
        check(nan_findings, f"session: {r}")
        # The panel's cards show the rule's catalogue title.
        check(nan_findings[0]["title"] == "Loss became NaN or infinite", f"title: {nan_findings[0]}")
        r = client.request("mlide/training/session", {"id": 4242})
        check("error" in r, f"unknown session: {r}")

        # A new run of the same script replaces the old run's diagnostics: patch the script to
        # train sanely, run it, and the nan-loss diagnostic goes away.
        with open(script) as f:
            text = f.read()
        with open(script, "w") as f:
            f.write(text.replace("lr=50.0", "lr=0.01"))
        harness.run_script(script, env)
        client.wait(lambda m: training_diags(m, uri) is not None and not nan_loss(m), timeout=60)
        client.request("shutdown", None)
        client.notify("exit", None)
        client.proc.wait(10)
        check(client.proc.returncode == 0, f"serve exit {client.proc.returncode}")
        check(not os.path.exists(os.path.join(ws.dir, ".mlide", "listener.json")),
              "the discovery file outlived the daemon")
    finally:
        if client.proc.poll() is None:
            client.proc.kill()
        ws.cleanup()


if __name__ == "__main__":
    harness.main(test)
