#!/usr/bin/env python3
"""Rule fixtures: runs `mlide check` over tests/rules/<slug>/*.py and compares with the
checked-in expectations, which a person reads:

  <name>.py            a fixture; `clean_*.py` must have no finding of any rule
  <name>.expected      `mlide check --select <slug>` text output for the fixture
  <name>.fixed.py      the fixture after `mlide check --fix --select <slug>` (safe fixes to a
                       fixed point); absent when no safe fix applies

Every fix of every finding (safe, unsafe, display-only) is also applied on its own, and the
result must still parse as Python. `--update` rewrites the expectations (review the diff!).

usage: run_fixtures.py MLIDE FIXTURE_DIR [--update] [--clean-dir DIR]
"""
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile


def run(mlide, args, cwd):
    return subprocess.run([mlide, "check", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def apply_fix(text, fix):
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line, col):
        return starts[line - 1] + col - 1 if line - 1 < len(lines) else len(text)

    out = text
    for e in sorted(fix["edits"], key=lambda e: (e["line"], e["column"]), reverse=True):
        b = offset(e["line"], e["column"])
        en = offset(e["end_line"], e["end_column"])
        out = out[:b] + e["new_text"] + out[en:]
    return out


def check_fixture(mlide, slug_dir, name, update, failures):
    slug = os.path.basename(slug_dir)
    path = os.path.join(slug_dir, name)
    stem = name[:-3]
    source = open(path, encoding="utf-8").read()
    if name.startswith("clean_"):
        r = run(mlide, ["--select", "ALL", name], slug_dir)
        if r.returncode != 0:
            failures.append(f"{slug}/{name}: expected no findings, got:\n{r.stdout}{r.stderr}")
        return
    r = run(mlide, ["--select", slug, name], slug_dir)
    if r.returncode != 1:
        failures.append(f"{slug}/{name}: expected findings of {slug} (exit 1), got exit {r.returncode}:\n{r.stdout}{r.stderr}")
    expected_path = os.path.join(slug_dir, stem + ".expected")
    if update:
        open(expected_path, "w", encoding="utf-8").write(r.stdout)
    elif not os.path.exists(expected_path) or open(expected_path, encoding="utf-8").read() != r.stdout:
        failures.append(f"{slug}/{name}: output differs from {stem}.expected:\n{r.stdout}")
    # Every fix alone keeps the file valid Python.
    j = run(mlide, ["--format", "json", "--select", slug, name], slug_dir)
    for finding in json.loads(j.stdout or "[]"):
        for fix in finding["fixes"]:
            if not fix["title"]:
                failures.append(f"{slug}/{name}: a fix without a title")
            fixed = apply_fix(source, fix)
            try:
                ast.parse(fixed)
            except SyntaxError as e:
                failures.append(f"{slug}/{name}: fix '{fix['title']}' leaves a syntax error: {e}")
    # Safe fixes to a fixed point.
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, name)
        shutil.copy(path, copy)
        run(mlide, ["--fix", "--select", slug, name], tmp)
        fixed = open(copy, encoding="utf-8").read()
        try:
            ast.parse(fixed)
        except SyntaxError as e:
            failures.append(f"{slug}/{name}: --fix leaves a syntax error: {e}")
        fixed_path = os.path.join(slug_dir, stem + ".fixed.py")
        if update:
            if fixed != source:
                open(fixed_path, "w", encoding="utf-8").write(fixed)
            elif os.path.exists(fixed_path):
                os.remove(fixed_path)
        else:
            want = open(fixed_path, encoding="utf-8").read() if os.path.exists(fixed_path) else source
            if fixed != want:
                failures.append(f"{slug}/{name}: --fix result differs from {stem}.fixed.py:\n{fixed}")


def main():
    args = sys.argv[1:]
    update = "--update" in args
    args = [a for a in args if a != "--update"]
    mlide, root = os.path.abspath(args[0]), os.path.abspath(args[1])
    failures = []
    count = 0
    slugs = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    for slug in slugs:
        d = os.path.join(root, slug)
        for name in sorted(os.listdir(d)):
            if name.endswith(".py") and not name.endswith(".fixed.py"):
                check_fixture(mlide, d, name, update, failures)
                count += 1
    for f in failures:
        print("FAIL", f)
    print(f"{count} fixtures in {len(slugs)} rules, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
