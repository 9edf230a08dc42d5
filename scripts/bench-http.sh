#!/usr/bin/env bash
# HTTP load at scale (issue #9), bounded in time: a release `disclosure serve` on 127.0.0.1 over a
# seeded SQLite database, driven by wrk:
#   (a) API registrations, 64 connections, and in the same run the raw durable insert rate
#       (crates/store/examples/raw_insert.rs: the same `cases::register` with the same pragmas, in a
#       tight loop) — printed as a ratio; then the same 64 connections paced like clerks, each
#       waiting a think time (exponential, mean BENCH_THINK_MS, default 100 ms) before each request,
#       so the latency is the server's rather than the queue of a closed loop at full speed;
#   (b) the officer's 工作台 and the overdue list (/cases?due=overdue);
#   (c) case detail (/api/v1/cases/{id});
#   (d) the annual report page (/reports/annual/YEAR), a few timed requests;
# with throughput, p50/p95/p99 and the server's resident memory (VmRSS / VmHWM from /proc).
#
# Usage: scripts/bench-http.sh [--postgres] [CASES...]   e.g. scripts/bench-http.sh 10000 100000
#   --postgres: the same runs on a throw-away PostgreSQL cluster (Debian binaries under
#   /usr/lib/postgresql, unix socket only, fsync on, removed afterwards); the raw limit is then the
#   same `cases::register` loop on that cluster.
# Environment: BENCH_SECONDS (per wrk run, default 10), BENCH_AGENCIES (default 1),
#   BENCH_VERIFY=1 (also time `disclosure audit verify` and its peak memory),
#   BENCH_DIR (where databases go; default a temporary directory, removed afterwards),
#   BENCH_KEEP=1 (keep seeded SQLite databases for the next run: seeding 1M cases takes minutes),
#   BENCH_SKIP_REGISTER=1 (skip (a): it adds cases to a kept database),
#   BENCH_BIN_DIR (use the `disclosure` and `raw_insert` binaries there instead of building them),
#   BENCH_THINK_MS (mean think time of the paced registration run, default 100),
#   BENCH_ARENAS (glibc MALLOC_ARENA_MAX of the server, default 2 as in docs/deployment.md's unit).
# Not part of scripts/test.sh: it takes minutes per size. Results: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

secs=${BENCH_SECONDS:-10}
agencies=${BENCH_AGENCIES:-1}
backend=sqlite
if [ "${1:-}" = "--postgres" ]; then backend=postgres; shift; fi
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000)

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }; fi
fi
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed (apt-get install sqlite3)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ -n "${BENCH_BIN_DIR:-}" ]; then
  # Binaries built earlier (`disclosure` and `raw_insert` in one directory), e.g. when the disk is
  # too small to keep the release target directory beside a 1M-case database.
  bin=$BENCH_BIN_DIR/disclosure
  raw=$BENCH_BIN_DIR/raw_insert
  echo "== using $bin and $raw"
else
  echo "== building release binaries"
  cargo build --release --quiet --bin disclosure
  cargo build --release --quiet -p disclosure-store --example raw_insert
  target=${CARGO_TARGET_DIR:-$root/target}
  bin=$target/release/disclosure
  raw=$target/release/examples/raw_insert
fi

work=${BENCH_DIR:-$(mktemp -d /tmp/disclosure-bench.XXXXXX)}
mkdir -p "$work"
server_pid=
pg_dir=
pg_bin=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$pg_dir" ]; then as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"; fi
  if [ -z "${BENCH_DIR:-}" ] && [ -z "${BENCH_KEEP:-}" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

if [ "$backend" = postgres ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || { echo "no PostgreSQL binaries under /usr/lib/postgresql" >&2; exit 1; }
  pg_dir=$(mktemp -d "$work/pg.XXXXXX")
  chmod 755 "$work"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$pg_dir"
  as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C >/dev/null
  # Unix socket only (no TCP port at all); durable commits (fsync, synchronous_commit on).
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-c listen_addresses='' -k $pg_dir -p 5432 -c shared_buffers=512MB -c max_connections=100" start >/dev/null
  echo "== PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on $pg_dir (shared_buffers 512MB, fsync on)"
fi
pg_url() { echo "postgres://postgres@localhost/$1?host=$pg_dir&port=5432"; }
psql_q() { as_pg "$pg_bin/psql" -h "$pg_dir" -p 5432 -U postgres -Atq -d "$1" -c "$2"; }
export BENCH_LUA_DIR=$root/scripts/bench-http

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== disk of $work: $(df -h "$work" | awk 'NR==2{print $1}')"

rss() { awk '/VmRSS|VmHWM/{printf "%s %d MB  ", $1, $2/1024}' "/proc/$server_pid/status"; echo; }

result() { grep '^RESULT' | sed 's/^RESULT /    /'; }

today=$(date -u +%F)
year=$(( $(date -u +%Y) - 1 ))

load() { echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"; }

for n in "${sizes[@]}"; do
  echo
  echo "################ $n cases ($backend) ################"
  if [ "$backend" = postgres ]; then
    psql_q postgres "DROP DATABASE IF EXISTS bench_$n" && psql_q postgres "CREATE DATABASE bench_$n"
    db=$(pg_url "bench_$n")
    sql() { psql_q "bench_$n" "$1"; }
    size() { psql_q "bench_$n" "SELECT pg_size_pretty(pg_database_size('bench_$n'))"; }
  else
    db=$work/bench-$n.db
    sql() { sqlite3 "$db" "$1"; }
    size() { du -h "$db" | cut -f1; }
  fi
  if [ "$backend" = postgres ] || [ ! -f "$db" ]; then
    echo "    $(load) before seeding"
    start=$(date +%s.%N)
    "$bin" --database "$db" seed --cases "$n" --agencies "$agencies" --quiet | sed -n 1p
    echo "    seed: $(echo "$(date +%s.%N) - $start" | bc) s, database $(size); $(load)"
    # Let the load settle before measuring: statistics, the seeded pages flushed (PostgreSQL's
    # checkpoint, SQLite's WAL folded into the file), then a few quiet seconds.
    if [ "$backend" = postgres ]; then sql "VACUUM ANALYZE" >/dev/null; sql "CHECKPOINT" >/dev/null
    else sql "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null; fi
    sync; sleep 10
  else
    echo "    reusing $db ($(size), $(sql 'SELECT count(*) FROM cases') cases incl. earlier runs' registrations)"
  fi
  clerk=$("$bin" --database "$db" token create --user clerk --label bench 2>/dev/null)
  officer=$("$bin" --database "$db" token create --user officer --label bench 2>/dev/null)
  sql "SELECT id FROM cases WHERE agency_id = 'demo' ORDER BY random() LIMIT 2000" > "$work/ids.txt"

  dir=$work/serve-$n
  mkdir -p "$dir"
  ( cd "$dir" && DATABASE_URL=$db DISCLOSURE_MAIL__TRANSPORT=off RUST_LOG=warn MALLOC_ARENA_MAX=${BENCH_ARENAS:-2} exec "$bin" serve --bind 127.0.0.1:0 --no-demo ) > "$work/serve.out" 2> "$work/serve.err" &
  server_pid=$!
  base=
  for _ in $(seq 200); do
    base=$(sed -n 's|^disclosure: serving on \(http://[^/]*\)/.*|\1|p' "$work/serve.out" | head -1)
    [ -n "$base" ] && break
    sleep 0.1
  done
  [ -n "$base" ] || { echo "server did not start"; cat "$work/serve.err"; exit 1; }
  echo "    serving on $base; $(rss)"

  # Session cookies of the officer and of legal staff for the pages (login form with its CSRF token).
  login() {
    local jar=$work/jar-$1
    rm -f "$jar"
    local csrf
    csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
    curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "username=$1" \
      --data-urlencode "password=demo-2026" "$base/login"
    awk '{sub(/^#HttpOnly_/, "")} !/^#/ && NF >= 7 {printf "%s%s=%s", (n++ ? "; " : ""), $6, $7}' "$jar"
  }
  officer_cookie=$(login officer)
  legal_cookie=$(login legal)

  echo "  $(load) before the runs"
  echo "  (b) officer 工作台 /workbench (16 connections, ${secs}s)"
  BENCH_COOKIE=$officer_cookie wrk -t2 -c16 -d"${secs}s" -s "$BENCH_LUA_DIR/get.lua" "$base/workbench" | result
  last=$(curl -s -H "Cookie: $officer_cookie" "$base/workbench" | sed -n 's/.*，共\([0-9]*\)页.*/\1/p' | head -1)
  echo "  (b) the 工作台's last page /workbench?page=${last:-1} (5 sequential requests)"
  for i in 1 2 3 4 5; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Cookie: $officer_cookie" "$base/workbench?page=${last:-1}"
  done | awk '{printf "    %s %.4f s\n", $1, $2}'
  echo "  (b) overdue list /cases?due=overdue (16 connections, ${secs}s)"
  BENCH_COOKIE=$officer_cookie wrk -t2 -c16 -d"${secs}s" -s "$BENCH_LUA_DIR/get.lua" "$base/cases?due=overdue" | result
  echo "  (b) API overdue list /api/v1/cases?due_by=yesterday (16 connections, ${secs}s)"
  BENCH_TOKEN=$officer wrk -t2 -c16 -d"${secs}s" -s "$BENCH_LUA_DIR/get.lua" \
    "$base/api/v1/cases?due_by=$(date -u -d yesterday +%F)&per_page=50" | result
  for q in 养老服务补贴 无此内容的检索词; do
    enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$q")
    if [ "$q" = 养老服务补贴 ] || [ "$n" -le 100000 ]; then
      echo "  (b) request-text search /cases?q=$q (LIKE '%…%'; 4 connections, ${secs}s)"
      BENCH_COOKIE=$officer_cookie wrk -t1 -c4 -d"${secs}s" --timeout 30s -s "$BENCH_LUA_DIR/get.lua" "$base/cases?q=$enc" | result
    else
      # A term found nowhere scans every case: one timed request is enough at this size.
      echo "  (b) request-text search /cases?q=$q (LIKE '%…%'; one request)"
      curl -s -o /dev/null -m 120 -w '    %{http_code} %{time_total} s\n' -H "Cookie: $officer_cookie" "$base/cases?q=$enc" || true
    fi
  done
  echo "  (c) case detail /api/v1/cases/{id} (16 connections, ${secs}s)"
  BENCH_TOKEN=$officer BENCH_IDS=$work/ids.txt wrk -t2 -c16 -d"${secs}s" -s "$BENCH_LUA_DIR/detail.lua" "$base" | result
  echo "    $(rss)"
  echo "  (d) annual report /reports/annual/$year (5 sequential requests)"
  for i in 1 2 3 4 5; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Cookie: $legal_cookie" "$base/reports/annual/$year"
  done | awk '{printf "    %s %.3f s\n", $1, $2}'
  echo "    $(rss)"
  echo "  (d) annual report from the command line: disclosure report annual $year --format json"
  for i in 1 2; do
    /usr/bin/time -f '    %e s wall, max RSS %M KB' "$bin" --database "$db" report annual "$year" --format json 2>&1 >/dev/null | tail -1 || true
  done
  if [ -n "${BENCH_VERIFY:-}" ]; then
    echo "  disclosure audit verify (every chain, page by page)"
    /usr/bin/time -f '    %e s wall, max RSS %M KB' "$bin" --database "$db" audit verify 2>&1 | sed 's/^/    /' || true
  fi
  echo "    $(load)"
  if [ -n "${BENCH_SKIP_REGISTER:-}" ]; then
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
    [ "$backend" = postgres ] && psql_q postgres "DROP DATABASE bench_$n"
    continue
  fi
  echo "  (a) API registrations POST /api/v1/cases (64 connections, ${secs}s)"
  reg=$(BENCH_TOKEN=$clerk wrk -t2 -c64 -d"${secs}s" --timeout 10s -s "$BENCH_LUA_DIR/register.lua" "$base/api/v1/cases" | result)
  echo "$reg"
  think=${BENCH_THINK_MS:-100}
  echo "  (a) the same, paced: 64 connections, each with a think time of mean ${think} ms (${secs}s)"
  BENCH_THINK_MS=$think BENCH_TOKEN=$clerk wrk -t2 -c64 -d"${secs}s" --timeout 10s -s "$BENCH_LUA_DIR/register.lua" "$base/api/v1/cases" | result
  echo "    $(rss)"
  echo "    $(load)"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=

  echo "  (a) raw limit: cases::register in a tight loop, same pragmas, same disk (${secs}s)"
  if [ "$backend" = postgres ]; then
    psql_q postgres "DROP DATABASE bench_$n" && psql_q postgres "CREATE DATABASE bench_raw"
    raw_db=$(pg_url bench_raw)
  else
    rm -f "$work/raw.db"*
    raw_db=$work/raw.db
  fi
  raw_line=$("$raw" "$raw_db" "$secs" 1)
  echo "    $raw_line"
  raw_rps=$(echo "$raw_line" | sed -n 's/.*= \([0-9.]*\)\/s.*/\1/p')
  http_rps=$(echo "$reg" | sed -n 's/.*rps=\([0-9.]*\).*/\1/p')
  echo "    ratio HTTP / raw = $(echo "scale=2; $http_rps / $raw_rps" | bc)"
  if [ "$backend" = postgres ]; then psql_q postgres "DROP DATABASE bench_raw"; else rm -f "$work/raw.db"*; fi
done
