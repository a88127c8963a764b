"""`mlide check --format json` and `--format sarif` carry every severity the catalogue uses:
an Info and a Hint finding come out as "info" / "hint" in JSON, and as SARIF levels "note" /
"none" (with the exact severity in properties.severity); the rules' default levels agree.

usage: test_output_severities.py MLIDE"""

import json
import os
import subprocess
import sys

MLIDE = os.path.abspath(sys.argv[1])
RULES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "rules")
# ML104 (Info) and ML501 (one Hint and one Warning finding) from the rule fixtures.
FILES = [os.path.join(RULES, "train-loader-not-shuffled", "bug_torch.py"),
         os.path.join(RULES, "redundant-activation", "bug_both.py")]
SARIF_LEVEL = {"critical": "error", "error": "error", "warning": "warning", "info": "note", "hint": "none"}


def run(fmt):
    out = subprocess.run([MLIDE, "check", "--format", fmt, *FILES], capture_output=True, text=True, timeout=60)
    assert out.returncode == 1, f"{fmt}: exit {out.returncode}: {out.stderr}"
    return json.loads(out.stdout)


def main():
    found = run("json")
    severities = sorted((f["code"], f["severity"]) for f in found)
    assert severities == [("ML104", "info"), ("ML501", "hint"), ("ML501", "warning")], severities
    assert all(f["severity"] in SARIF_LEVEL for f in found), found

    sarif = run("sarif")["runs"][0]
    results = sorted((r["ruleId"], r["properties"]["severity"], r["level"]) for r in sarif["results"])
    assert results == [("ML104", "info", "note"), ("ML501", "hint", "none"), ("ML501", "warning", "warning")], results
    rules = {r["id"]: r for r in sarif["tool"]["driver"]["rules"]}
    rules_json = json.loads(subprocess.run([MLIDE, "rules", "--format", "json"], capture_output=True, text=True,
                                           check=True).stdout)
    for rule in rules_json:
        if rule["code"] in rules:
            expected = SARIF_LEVEL[rule["severity"]]
            actual = rules[rule["code"]]["defaultConfiguration"]["level"]
            assert actual == expected, f"{rule['code']}: default level {actual}, severity {rule['severity']}"
    print("ok")


if __name__ == "__main__":
    main()
