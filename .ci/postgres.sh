#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the test suite and print its DATABASE_URL.
# Usage: eval "$(.ci/postgres.sh start)"   ...   .ci/postgres.sh stop
# The cluster lives in /tmp (NPZ_PG_DIR), listens on 127.0.0.1 only, and trusts
# local connections: it is for tests, never for data.
set -euo pipefail
cd "$(dirname "$0")/.."
PGPORT="${NPZ_PG_PORT:-54329}"
# Outside the checkout, so the postgres user can reach it wherever the clone lives.
PGROOT="${NPZ_PG_DIR:-/tmp/npz-registry-test-pg}"
PGDATA="$PGROOT/data"
PGSOCK="$PGROOT/run"
PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}"
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2
  exit 1
fi
# PostgreSQL refuses to run as root: run it as the postgres user when we are root.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-start}" in
  start)
    mkdir -p "$PGDATA" "$PGSOCK"
    [ "$(id -u)" = 0 ] && chown -R postgres: "$PGROOT"
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
      as_pg "$PGBIN/initdb" -D "$PGDATA" -U npz --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
      as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGROOT/server.log" -w -t 60 start \
        -o "-p $PGPORT -k $PGSOCK -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
    fi
    echo "export DATABASE_URL=postgres://npz@127.0.0.1:$PGPORT/npz_registry"
    ;;
  stop)
    if [ -f "$PGDATA/PG_VERSION" ]; then
      as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
