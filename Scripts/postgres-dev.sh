#!/usr/bin/env bash
# A PostgreSQL server of its own on loopback, for the store's tests, `--store postgres://...` and `fleet`: Debian's
# `postgresql` package (installed when missing), a data directory under DIR, a free port, run as a non-root user
# (initdb and postgres refuse root). .ci/run starts the tests' server with it; developers run the same:
#
#   eval "$(Scripts/postgres-dev.sh start)"    # exports TIKTOK_LIVE_TEST_POSTGRES_URL (and _DIR); then `swift test`
#   Scripts/postgres-dev.sh restart|stop [DIR]
#
# DIR defaults to $TMPDIR/tiktok-live-postgres. The server trusts local connections: it is for tests, on loopback.
set -euo pipefail
command=${1:-start}
dir=${2:-${TIKTOK_LIVE_TEST_POSTGRES_DIR:-${TMPDIR:-/tmp}/tiktok-live-postgres}}
database=tiktok_live_test

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin=$(find_bin)
if [ -z "$bin" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL is not installed: sudo apt-get install postgresql" >&2
    exit 1
  fi
  echo "installing PostgreSQL (Debian's postgresql package)..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bin=$(find_bin)
fi

# As root, the server runs as the package's `postgres` user; otherwise as whoever runs this.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url() { echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/$database"; }

case "$command" in
  start)
    if [ -f "$dir/port" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "PostgreSQL already running in $dir" >&2
    else
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres: "$dir"
      if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-instructions >"$dir/initdb.log" 2>&1 ||
          { cat "$dir/initdb.log" >&2; exit 1; }
      fi
      # A server started again in the same DIR keeps its port, so clients reconnect to the same URL.
      if [ -f "$dir/port" ]; then
        port=$(cat "$dir/port")
      else
        port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        echo "$port" >"$dir/port"
      fi
      as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >/dev/null ||
        { cat "$dir/server.log" >&2; exit 1; }
      "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtAc \
        "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1 ||
        "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE $database"
      echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir" >&2
    fi
    echo "export TIKTOK_LIVE_TEST_POSTGRES_URL=$(url) TIKTOK_LIVE_TEST_POSTGRES_DIR=$dir"
    ;;
  restart)
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -m fast restart >/dev/null
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -w -t 60 -m fast stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|restart|stop [DIR]" >&2
    exit 2
    ;;
esac
