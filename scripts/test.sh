#!/usr/bin/env bash
# Command 2: install what is needed and run the whole test suite (lint, types, tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh xvfb xauth postgresql
export QT_QPA_PLATFORM=offscreen
pg_url=$(bash scripts/pg-throwaway.sh start)
trap 'bash scripts/pg-throwaway.sh stop >/dev/null 2>&1 || true' EXIT
export PG_TEST_URL="$pg_url"
echo "== ruff"; .venv/bin/ruff check counter drivers ui tests scripts bench reliability
echo "== mypy"; .venv/bin/mypy
echo "== pytest"; .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
