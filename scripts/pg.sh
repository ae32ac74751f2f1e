#!/usr/bin/env bash
# Throw-away PostgreSQL for the tests: loopback only, a non-default port, data in a folder owned by `postgres`
# (initdb refuses to run as root). Installs Debian's postgresql when missing.
#   scripts/pg.sh start   -> prints DATABASE_URL=...
#   scripts/pg.sh stop
#   scripts/pg.sh status  -> prints DATABASE_URL=... when the cluster runs (exit 1 otherwise)
set -euo pipefail
PGPORT=${PGPORT:-55432}
PGROOT=${PGROOT:-/tmp/lindung-pg}
cmd=${1:-start}
case "$cmd" in
  start|stop|status) ;;
  *) echo "usage: scripts/pg.sh start|stop|status (start wipes and re-creates the throw-away cluster)" >&2; exit 2 ;;
esac

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_pg() {
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

if [ "$cmd" = "stop" ]; then
  BIN=$(find_bin)
  [ -n "$BIN" ] && [ -d "$PGROOT/data" ] && as_pg "$BIN/pg_ctl -D $PGROOT/data -w -m fast stop" >/dev/null 2>&1 || true
  exit 0
fi

if [ "$cmd" = "status" ]; then
  BIN=$(find_bin)
  if [ -n "$BIN" ] && [ -d "$PGROOT/data" ] && as_pg "$BIN/pg_ctl -D $PGROOT/data status" >/dev/null 2>&1; then
    echo "DATABASE_URL=postgresql://postgres@127.0.0.1:$PGPORT/postgres"; exit 0
  fi
  echo "not running" >&2; exit 1
fi

BIN=$(find_bin)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "installing Debian's postgresql ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null
  BIN=$(find_bin)
fi
if [ -d "$PGROOT/data" ]; then
  as_pg "$BIN/pg_ctl -D $PGROOT/data -w -m fast stop" >/dev/null 2>&1 || true
fi
rm -rf "$PGROOT"; mkdir -p "$PGROOT"
if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$PGROOT"; fi
as_pg "$BIN/initdb -D $PGROOT/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
as_pg "$BIN/pg_ctl -D $PGROOT/data -l $PGROOT/server.log -w -t 60 -o '-p $PGPORT -c listen_addresses=127.0.0.1 -k $PGROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off' start" >/dev/null
echo "DATABASE_URL=postgresql://postgres@127.0.0.1:$PGPORT/postgres"
