# The recipes people type. `just --list` shows them.

# Run the product (for now the CLI; later the server with SQLite and demo data).
run *ARGS:
    cargo run --release -- {{ARGS}}

# Run every test suite (the README's test command).
test:
    bash scripts/test.sh

# Benchmarks (criterion) and the calendar comparison against python chinese_calendar.
bench:
    cargo bench --workspace
    bash scripts/bench-calendar.sh

# HTTP load at scale on a seeded database (release build, wrk on 127.0.0.1; minutes per size):
# `just bench-http 10000 100000`. Figures: docs/performance.md.
bench-http *SIZES:
    bash scripts/bench-http.sh {{SIZES}}

fmt:
    cargo fmt --all

lint:
    cargo clippy --workspace --all-targets -- -D warnings

ci:
    bash .ci/run
