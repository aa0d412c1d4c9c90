#!/usr/bin/env bash
# Run the test suite. When PostgreSQL is installed and DATABASE_URL is unset,
# a throwaway server is started on a loopback port so the store tests run on
# both SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
cleanup() { :; }
if [ -z "${DATABASE_URL:-}" ] && [ -f scripts/pg-test-server.sh ]; then
  # shellcheck disable=SC1091
  source scripts/pg-test-server.sh
fi
trap cleanup EXIT
"$BIN/python" -m pytest "$@"
