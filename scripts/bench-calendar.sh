#!/usr/bin/env bash
# The calendar benchmarks of the foundation issue, in one go:
#   1. criterion: add_working_days / working_days_between per call (target <= 100 ns);
#   2. `disclosure calendar add --batch` over 1,000,000 lines against python chinese_calendar's
#      find_workday on the same inputs (target >= 1000x faster per call).
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${LINES:-1000000}
PY_CALLS=${PY_CALLS:-20000}
python3 -c 'import chinese_calendar' 2>/dev/null || pip install -q 'chinese-calendar==1.11.0'
cargo bench -p disclosure-calendar --bench add_working_days -- --warm-up-time 1 --measurement-time 3
cargo build --release -q
python3 scripts/bench_calendar.py target/release/disclosure "$LINES" "$PY_CALLS"
