#!/usr/bin/env python3
"""Self-test of scripts/check-coroutines: run on cases/, it must report exactly the lines of
cases/bad.cpp that say `expect: <rule>` (with that rule), nothing in cases/good.cpp, and exit 1."""
import os
import re
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
checker = os.path.join(here, "..", "..", "scripts", "check-coroutines")
cases = os.path.join(here, "cases")

expected = set()
for name in sorted(os.listdir(cases)):
    with open(os.path.join(cases, name), encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            for rule in re.findall(r"expect: (\w+)", line):
                expected.add((name, number, rule))

run = subprocess.run([sys.executable, checker, cases], capture_output=True, text=True)
reported = set()
for line in run.stderr.splitlines():
    m = re.match(r"(.+?):(\d+): (\w+): ", line)
    if m:
        reported.add((os.path.basename(m.group(1)), int(m.group(2)), m.group(3)))

failures = []
if run.returncode != 1:
    failures.append(f"the checker exited {run.returncode}, not 1")
for name, number, rule in sorted(expected - reported):
    failures.append(f"missed: {name}:{number}: {rule}")
for name, number, rule in sorted(reported - expected):
    failures.append(f"reported wrongly: {name}:{number}: {rule}")
if failures:
    print("\n".join(failures) + "\n--- the checker said:\n" + run.stderr + run.stdout, file=sys.stderr)
    sys.exit(1)
print(f"check-coroutines caught all {len(expected)} planted violations "
      f"({', '.join(sorted({r for _, _, r in expected}))}) and nothing else")
