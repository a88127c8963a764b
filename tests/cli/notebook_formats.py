#!/usr/bin/env python3
"""`mlide check` on a notebook: SARIF regions point into the .ipynb file as written, SARIF fixes
applied to the raw file give what --fix gives, and JSON edits carry their cell.

Usage: notebook_formats.py MLIDE NOTEBOOK
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

MLIDE, NOTEBOOK = sys.argv[1], sys.argv[2]
failures = []


def check(cond, message):
    if not cond:
        failures.append(message)
        print("FAIL:", message)


def run(*args):
    p = subprocess.run([MLIDE, "check", *args], capture_output=True, text=True)
    check(p.returncode in (0, 1), f"mlide check {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p.stdout


def cell_sources(raw):
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in json.loads(raw)["cells"]]


def index(lines, line, column):
    """1-based line and column (code points) -> index into the joined text."""
    return sum(len(l) for l in lines[:line - 1]) + column - 1


with open(NOTEBOOK, encoding="utf-8") as f:
    raw = f.read()
raw_lines = raw.splitlines(keepends=True)
sources = cell_sources(raw)

# SARIF: the region is where the cell's text is written in the file.
sarif = json.loads(run("--format", "sarif", NOTEBOOK))
results = sarif["runs"][0]["results"]
check(len(results) >= 2, f"expected findings in {NOTEBOOK}, got {len(results)}")
for r in results:
    loc = r["locations"][0]
    props = loc.get("properties", {})
    region = loc["physicalLocation"].get("region")
    if not check(region is not None and "cell" in props, f"{r['ruleId']}: no region or no cell: {loc}"):
        continue
    cell_line = sources[props["cell"] - 1].splitlines(keepends=True)[props["cellLine"] - 1]
    rest_of_line = cell_line[props["cellColumn"] - 1:]
    written = json.dumps(rest_of_line, ensure_ascii=False)[1:-1]
    at = raw_lines[region["startLine"] - 1][region["startColumn"] - 1:]
    check(at.startswith(written), f"{r['ruleId']}: line {region['startLine']} column {region['startColumn']} "
                                  f"of the file holds {at!r}, expected the cell text {written!r}")

# Applying every SARIF fix to the raw file gives a valid notebook with the cells --fix writes.
edits = []
for r in results:
    for fix in r.get("fixes", []):
        for rep in fix["artifactChanges"][0]["replacements"]:
            d = rep["deletedRegion"]
            edits.append((index(raw_lines, d["startLine"], d["startColumn"]),
                          index(raw_lines, d["endLine"], d["endColumn"]), rep["insertedContent"]["text"]))
check(len(edits) >= 2, f"expected SARIF fixes, got {edits}")
patched = raw
for start, end, text in sorted(edits, reverse=True):
    patched = patched[:start] + text + patched[end:]
with tempfile.TemporaryDirectory() as tmp:
    copy = os.path.join(tmp, os.path.basename(NOTEBOOK))
    shutil.copy(NOTEBOOK, copy)
    run("--fix", copy)
    with open(copy, encoding="utf-8") as f:
        fixed = cell_sources(f.read())
try:
    check(cell_sources(patched) == fixed, f"SARIF fixes applied to the file:\n{cell_sources(patched)}\n"
                                          f"differ from --fix:\n{fixed}")
except json.JSONDecodeError as e:
    check(False, f"SARIF fixes made the notebook invalid JSON: {e}\n{patched}")

# JSON: each edit names its cell (its line and column are within that cell).
for finding in json.loads(run("--format", "json", NOTEBOOK)):
    for fix in finding["fixes"]:
        for e in fix["edits"]:
            check(e.get("cell") == finding["cell"], f"{finding['code']}: edit without its cell: {e}")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print(f"notebook formats ok ({len(results)} findings, {len(edits)} SARIF replacements)")
