#!/usr/bin/env bash
# Fuzzes the JSON API with schemathesis (PyPI) against a real `disclosure serve` on loopback, from
# the OpenAPI document it serves, with a clerk's and an officer's bearer token. Bounded: at most
# FUZZ_MAX_EXAMPLES examples per operation (default 25) and FUZZ_SECONDS seconds in all (default
# 600). Passes when no answer is a 5xx and every 4xx carries the error envelope
# (tests/fuzz/envelope_check.py). A longer run: FUZZ_MAX_EXAMPLES=1000 FUZZ_SECONDS=3600.
set -euo pipefail
cd "$(dirname "$0")/.."
max_examples=${FUZZ_MAX_EXAMPLES:-25}
seconds=${FUZZ_SECONDS:-600}
bin=${DISCLOSURE_BIN:-$PWD/target/debug/disclosure}
[ -x "$bin" ] || cargo build --locked --bin disclosure
command -v schemathesis >/dev/null || { echo "schemathesis is not installed (pip install schemathesis)" >&2; exit 1; }

work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$work" && exec "$bin" serve --bind "127.0.0.1:$port") >"$work/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 120); do
  grep -q "serving on" "$work/server.log" && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.5
done
grep -q "serving on" "$work/server.log" || { echo "the server did not start" >&2; exit 1; }

status=0
for user in clerk officer; do
  token=$("$bin" --database "$work/data/disclosure.db" token create --user "$user" --label fuzz 2>/dev/null)
  echo "== schemathesis as $user: at most $max_examples examples per operation"
  PYTHONPATH=tests/fuzz SCHEMATHESIS_HOOKS=envelope_check timeout "$seconds" \
    schemathesis run "http://127.0.0.1:$port/api/v1/openapi.json" \
      --header "Authorization: Bearer $token" \
      --checks not_a_server_error,error_envelope \
      --max-examples "$max_examples" \
      --seed 20261123 \
      --request-timeout 10 \
      --workers 1 \
      --no-color || status=$?
done
if grep -q "panicked" "$work/server.log"; then
  echo "the server panicked during the run:" >&2
  grep -A3 "panicked" "$work/server.log" >&2
  status=1
fi
exit "$status"
