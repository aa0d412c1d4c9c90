# shellcheck shell=bash
# Sourced by scripts/run-tests.sh: start a throwaway PostgreSQL server for the
# store tests when PostgreSQL is installed (Debian/Ubuntu layout:
# /usr/lib/postgresql/*/bin), export DOCINTEL_TEST_PG_URL, and define cleanup()
# that stops the server and removes its files. When PostgreSQL is missing or
# does not start, it says so and the PostgreSQL variants of the tests skip.
#
# The server lives in a temp dir, listens on a free loopback port only, trusts
# local connections, and runs with fsync off (test data is disposable). As root
# it runs as the `postgres` system user (PostgreSQL refuses to run as root).

_pg_test_server_start() {
  local bindir port runas=() log
  if [ -n "${DOCINTEL_TEST_PG_URL:-}" ]; then
    echo "pg-test-server: using DOCINTEL_TEST_PG_URL from the environment" >&2
    return 0
  fi
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "pg-test-server: PostgreSQL is not installed; the PostgreSQL store tests skip" >&2
    return 0
  fi
  PG_TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/docintel-pg.XXXXXX")
  if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "pg-test-server: running as root and there is no 'postgres' user; the PostgreSQL store tests skip" >&2
      rm -rf "$PG_TEST_DIR"
      return 0
    fi
    chown postgres "$PG_TEST_DIR"
    runas=(runuser -u postgres --)
  fi
  chmod 700 "$PG_TEST_DIR"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  log="$PG_TEST_DIR/server.log"
  if ! "${runas[@]}" "$bindir/initdb" -D "$PG_TEST_DIR/data" -U docintel --auth=trust -E UTF8 --no-locale \
      >"$PG_TEST_DIR/initdb.log" 2>&1; then
    echo "pg-test-server: initdb failed (see below); the PostgreSQL store tests skip" >&2
    tail -n 5 "$PG_TEST_DIR/initdb.log" >&2
    rm -rf "$PG_TEST_DIR"
    return 0
  fi
  if ! "${runas[@]}" "$bindir/pg_ctl" -D "$PG_TEST_DIR/data" -l "$log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TEST_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
      start >/dev/null; then
    echo "pg-test-server: the server did not start (see below); the PostgreSQL store tests skip" >&2
    tail -n 5 "$log" >&2
    rm -rf "$PG_TEST_DIR"
    return 0
  fi
  PG_TEST_CTL=("${runas[@]}" "$bindir/pg_ctl" -D "$PG_TEST_DIR/data")
  if ! "${runas[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U docintel docintel_test; then
    echo "pg-test-server: createdb failed; the PostgreSQL store tests skip" >&2
    "${PG_TEST_CTL[@]}" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_TEST_DIR"
    return 0
  fi
  # unaccent is not needed (the archive indexes folded text) but production set-ups often
  # have it; create it when postgresql-contrib is there so both paths are exercised
  "${runas[@]}" "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U docintel -d docintel_test \
    -c "CREATE EXTENSION IF NOT EXISTS unaccent" >/dev/null 2>&1 || true
  export DOCINTEL_TEST_PG_URL="postgresql+psycopg://docintel@127.0.0.1:$port/docintel_test"
  echo "pg-test-server: PostgreSQL $(basename "$(dirname "$bindir")") on 127.0.0.1:$port" >&2
  cleanup() {
    "${PG_TEST_CTL[@]}" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_TEST_DIR"
  }
}

_pg_test_server_start
