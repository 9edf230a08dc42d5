#!/usr/bin/env python3
"""Compare `disclosure calendar add --batch` with the PyPI package chinese_calendar's find_workday.

Both answer "the N-th working day after D" for the same inputs, timed in one run. The batch mode is
fed 1,000,000 lines (end to end: parse, compute, print); chinese_calendar, which walks day by day,
gets the first PY_CALLS of the same lines (it would take minutes for all). Results are compared on
those lines: they must agree wherever the start date is a working day. (chinese_calendar, like
bdays, first rolls a non-working start forward, which legal periods must not do: R-TIME-2.)

Usage: bench_calendar.py BINARY [LINES] [PY_CALLS]
"""
import datetime
import os
import random
import subprocess
import sys
import tempfile
import time

import chinese_calendar

# Days where this project's data corrects chinese_calendar 1.11.0 (crates/calendar/data/README.md):
# inputs whose counted span touches one of them are not compared.
CORRECTIONS = {datetime.date(2005, 12, 31)}


def main():
    binary = sys.argv[1]
    lines = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    py_calls = int(sys.argv[3]) if len(sys.argv) > 3 else 20_000
    rng = random.Random(20261123)
    first = datetime.date(2004, 1, 1)
    span = (datetime.date(2026, 10, 31) - first).days  # keep +N inside the loaded data
    inputs = []
    for _ in range(lines):
        d = first + datetime.timedelta(days=rng.randrange(span))
        inputs.append((d, rng.choice((7, 15, 20, 40))))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "batch.txt")
        with open(path, "w") as f:
            f.writelines(f"{d.isoformat()} {n}\n" for d, n in inputs)
        t0 = time.perf_counter()
        out = subprocess.run([binary, "calendar", "add", "--batch", path],
                             check=True, capture_output=True, text=True).stdout
        rust_s = time.perf_counter() - t0
    results = out.splitlines()
    assert len(results) == lines, (len(results), lines)

    t0 = time.perf_counter()
    py_results = [chinese_calendar.find_workday(n, d) for d, n in inputs[:py_calls]]
    py_s = time.perf_counter() - t0

    compared = disagree = 0
    for (d, n), ours, theirs in zip(inputs, results, py_results):
        end = datetime.date.fromisoformat(ours.split()[0])
        if any(d < c <= end for c in CORRECTIONS):
            continue
        if chinese_calendar.is_workday(d):
            compared += 1
            if ours != theirs.isoformat():
                disagree += 1
                print(f"DISAGREE {d} +{n}: ours {ours}, chinese_calendar {theirs}")
    rust_ns = rust_s / lines * 1e9
    py_ns = py_s / py_calls * 1e9
    print(f"disclosure batch : {lines:>9} lines in {rust_s:8.3f} s = {rust_ns:10.1f} ns/line "
          f"({lines / rust_s:,.0f} lines/s, end to end incl. process start, parse and print)")
    print(f"chinese_calendar : {py_calls:>9} calls in {py_s:8.3f} s = {py_ns:10.1f} ns/call "
          f"(find_workday)")
    print(f"ratio (per call, batch end to end vs find_workday): {py_ns / rust_ns:,.0f}x")
    print(f"agreement on working-day starts: {compared - disagree}/{compared}")
    if disagree:
        sys.exit(1)


if __name__ == "__main__":
    main()
