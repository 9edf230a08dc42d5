#!/usr/bin/env bash
# The one command that runs every test of `disclosure` (README: "Run the tests").
#
# It installs what the suites need when it is missing and this machine can install it (as root:
# apt-get, pip), says loudly what it could not install and which suites it therefore skips, then runs
# the Rust test suite of the whole workspace and the other suites.
set -euo pipefail
cd "$(dirname "$0")/.."

skipped=()
note() { printf '\n== %s\n' "$*"; }
warn() { printf '\n!! %s\n' "$*" >&2; }

apt_updated=0
apt_install() {
  # apt_install PKG... : installs Debian packages when running as root; returns non-zero otherwise.
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    return 1
  fi
  if [ "$apt_updated" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}

# --- what the suites need -------------------------------------------------------------------------
# Browser tests: Debian's Chromium and ChromeDriver, and a CJK font so screenshots show the Chinese.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  note "installing chromium and chromium-driver for the browser tests"
  apt_install chromium chromium-driver || true
fi
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  skipped+=("browser tests (tests/browser_*.rs): chromium/chromium-driver could not be installed")
fi
if ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then
  apt_install fonts-noto-cjk || warn "fonts-noto-cjk not installed: screenshots will show boxes for Chinese text"
fi

# PostgreSQL: every store test runs on both backends; one throw-away cluster serves the whole run.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  note "installing postgresql for the PostgreSQL half of the store tests"
  apt_install postgresql || true
fi
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if spec=$(bash scripts/pg-test-cluster.sh start); then
    export DISCLOSURE_TEST_PG="$spec"
    trap 'bash scripts/pg-test-cluster.sh stop "$DISCLOSURE_TEST_PG"' EXIT
    note "PostgreSQL test cluster: $spec"
  else
    warn "could not start a PostgreSQL test cluster"
  fi
fi
if [ -z "${DISCLOSURE_TEST_PG:-}" ]; then
  # The tests themselves fail under CI=true when PostgreSQL is missing; locally they skip loudly.
  skipped+=("PostgreSQL half of the store tests: PostgreSQL could not be installed or started")
fi

# The letters (crates/letters): the Fandol fonts (texlive-lang-chinese), Noto Serif CJK for rare
# characters (fonts-noto-cjk), and poppler-utils to read the rendered PDFs back. Without them the PDF
# tests skip with a loud message, or fail when CI=true.
fandol_dir=/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol
letters_missing=()
if [ -z "${DISCLOSURE_FONT_DIR:-}" ] && [ ! -f "$fandol_dir/FandolFang-Regular.otf" ]; then
  letters_missing+=(texlive-lang-chinese)
fi
if [ -z "${DISCLOSURE_FONT_DIR:-}" ] && [ ! -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ]; then
  letters_missing+=(fonts-noto-cjk)
fi
if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1 || ! command -v pdffonts >/dev/null 2>&1; then
  letters_missing+=(poppler-utils)
fi
if [ ${#letters_missing[@]} -gt 0 ]; then
  note "installing for the letter tests: ${letters_missing[*]}"
  if ! apt_install --no-install-recommends "${letters_missing[@]}"; then
    warn "could not install ${letters_missing[*]} (not root, or no apt-get)"
    skipped+=("letters PDF tests (crates/letters/tests/render_pdf.rs): missing ${letters_missing[*]}")
  fi
fi

# API fuzzing: schemathesis (PyPI) against the served OpenAPI document.
if ! command -v schemathesis >/dev/null 2>&1; then
  note "installing schemathesis for the API fuzz run"
  pip install -q schemathesis >/dev/null 2>&1 || true
fi

# --- the Rust suites ------------------------------------------------------------------------------
# Doc tests first: nextest does not run them, and its summary line should close the Rust suites.
note "cargo test --workspace"
if cargo nextest --version >/dev/null 2>&1; then
  cargo test --workspace --doc --quiet
  cargo nextest run --workspace --no-fail-fast
else
  cargo test --workspace --no-fail-fast
fi

# --- API fuzz (bounded; scripts/fuzz-api.sh documents a longer run) -------------------------------
if command -v schemathesis >/dev/null 2>&1; then
  note "schemathesis against /api/v1/openapi.json (no 5xx; every 4xx carries the error envelope)"
  FUZZ_MAX_EXAMPLES=${FUZZ_MAX_EXAMPLES:-25} FUZZ_SECONDS=${FUZZ_SECONDS:-300} bash scripts/fuzz-api.sh
elif [ "${CI:-}" = true ]; then
  warn "schemathesis could not be installed; CI requires the API fuzz run"
  exit 1
else
  skipped+=("API fuzz run (scripts/fuzz-api.sh): schemathesis could not be installed")
fi


if [ ${#skipped[@]} -gt 0 ]; then
  warn "SKIPPED suites (their prerequisites could not be installed):"
  for s in "${skipped[@]}"; do warn "  - $s"; done
fi
note "all test suites passed"
