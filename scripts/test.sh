#!/usr/bin/env bash
# The whole test suite, from a fresh machine: virtual environment, dependencies, a throwaway
# PostgreSQL server, then lint, types, import layers and pytest against SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's Chromium drives the browser tests (Playwright uses it as it is; nothing is downloaded).
if ! command -v chromium >/dev/null 2>&1; then
  echo "chromium not found: installing it with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi

python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[test]'

.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/mypy
.venv/bin/lint-imports
scripts/with-postgres.sh .venv/bin/pytest "$@"

# The wheel carries everything: install it in a fresh virtual environment and run the main commands
# from outside the checkout.
bash scripts/check_wheel.sh
