#!/usr/bin/env bash
# The whole test suite, from a fresh machine: virtual environment, dependencies, a throwaway
# PostgreSQL server, then lint, types, import layers and pytest against SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[test]'

.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/mypy
.venv/bin/lint-imports
scripts/with-postgres.sh .venv/bin/pytest "$@"
