#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for one test run, on a unix socket in a temporary directory.
#   scripts/pg-test-cluster.sh start   -> prints BIN|SOCKET_DIR|PORT (export as DISCLOSURE_TEST_PG)
#   scripts/pg-test-cluster.sh stop SPEC
# initdb refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail
cmd=${1:-}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "no PostgreSQL binaries under /usr/lib/postgresql" >&2; exit 1; }
    dir=$(mktemp -d /tmp/disclosure-pg-run-XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses='' -k $dir -p 5432 -c fsync=off -c max_connections=300" start >/dev/null
    echo "$bin|$dir|5432"
    ;;
  stop)
    IFS='|' read -r bin dir _port <<<"${2:?spec}"
    as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start | stop SPEC" >&2; exit 2 ;;
esac
