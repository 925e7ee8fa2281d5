#!/usr/bin/env python3
"""Prints the results of conformance plans from the suite's API, as Markdown.

  results.py KEY PLAN_ID [KEY PLAN_ID ...]     per plan: counts per result, then every module with its
                                                result; for each module not PASSED, the log entries that
                                                made it so (condition, message)
  results.py --has-module PLAN_ID MODULE        exit status 0 when the plan holds that module

A module's result is the one of its latest run in the plan (rotate-keys.py runs one module again)."""
import json
import os
import ssl
import sys
import urllib.request

BASE = os.environ.get("SUITE_URL", "https://localhost:8443/")
TLS = ssl._create_unverified_context()  # the suite's self-signed certificate on localhost
ORDER = ["PASSED", "WARNING", "REVIEW", "SKIPPED", "FAILED", "INTERRUPTED", "NOT RUN"]
NOTABLE = ("FAILURE", "WARNING", "REVIEW", "SKIPPED", "INTERRUPTED")


def get(path):
    with urllib.request.urlopen(BASE + path, context=TLS, timeout=60) as response:
        return json.loads(response.read())


def outcome(test_id):
    info = get("api/info/" + test_id)
    if info.get("status") == "INTERRUPTED":
        return "INTERRUPTED"
    if info.get("status") != "FINISHED":
        return "NOT RUN"
    return info.get("result") or "UNKNOWN"


def notes(test_id):
    lines = []
    for entry in get("api/log/" + test_id):
        if entry.get("result") in NOTABLE:
            msg = " ".join(str(entry.get("msg", "")).split())
            lines.append("%s `%s`: %s" % (entry["result"], entry.get("src"), msg[:400]))
    return lines


def report(key, plan_id):
    plan = get("api/plan/" + plan_id)
    rows, counts = [], {}
    for module in plan.get("modules", []):
        runs = module.get("instances") or []
        result = outcome(runs[-1]) if runs else "NOT RUN"
        counts[result] = counts.get(result, 0) + 1
        rows.append((module["testModule"], result, runs[-1] if runs else ""))
    variant = plan.get("variant") or {}
    print("\n### %s: `%s`%s\n" % (key, plan.get("planName"),
                                   "".join("[%s=%s]" % kv for kv in sorted(variant.items()))))
    print("Plan id `%s`, %d modules.\n" % (plan_id, len(rows)))
    shown = [r for r in ORDER if counts.get(r)] + [r for r in counts if r not in ORDER]
    print("| " + " | ".join(shown) + " |")
    print("|" + "---|" * len(shown))
    print("| " + " | ".join(str(counts[r]) for r in shown) + " |\n")
    print("| Module | Result |\n|---|---|")
    for name, result, _ in rows:
        print("| %s | %s |" % (name, result))
    details = [(name, result, test_id) for name, result, test_id in rows if result not in ("PASSED", "NOT RUN")]
    if details:
        print()
    for name, result, test_id in details:
        print("- **%s** (%s, log `%s`)" % (name, result, test_id))
        for line in notes(test_id):
            print("  - " + line)
    return counts


def main(args):
    if args[:1] == ["--has-module"]:
        plan = get("api/plan/" + args[1])
        sys.exit(0 if any(m["testModule"] == args[2] for m in plan.get("modules", [])) else 1)
    totals = []
    for key, plan_id in zip(args[0::2], args[1::2]):
        totals.append((key, report(key, plan_id)))
    print("\n### Totals\n")
    print("| Plan | " + " | ".join(ORDER) + " |")
    print("|---|" + "---|" * len(ORDER))
    for key, counts in totals:
        print("| %s | %s |" % (key, " | ".join(str(counts.get(r, 0)) for r in ORDER)))


if __name__ == "__main__":
    main(sys.argv[1:])
