#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for the store tests:
#   postgres.sh start DIR   initdb into DIR/data, listen only on a Unix socket
#                           in DIR/run, create database trakt_mcp_test (role
#                           trakt, trust auth: nothing secret anywhere)
#   postgres.sh stop DIR    stop it and remove DIR/data
#   postgres.sh pause DIR   stop the server, keeping its data (the store "goes down")
#   postgres.sh resume DIR  start it again on the same data
# The tests then connect to postgresql://trakt@/trakt_mcp_test?host=DIR/run.
# PostgreSQL refuses to run as root, so under root (CI) the server runs as the
# postgres system user.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
action=$1
dir=$(realpath -m "$2")
bin=${TRAKT_MCP_PG_BIN:-/usr/lib/postgresql/15/bin}

as_server() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop() {
  if [[ -f $dir/data/postmaster.pid ]]; then
    as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  fi
}

# fsync off: a test database need not survive a power cut.
start_server() {
  if ! as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/run/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir/run' -c fsync=off -c max_connections=100" \
    start >/dev/null; then
    cat "$dir/run/server.log" >&2 || true
    exit 1
  fi
}

case $action in
  start)
    for tool in initdb pg_ctl createdb; do
      if [[ ! -x $bin/$tool ]]; then
        echo "postgres.sh: $bin/$tool not found: install postgresql-15 (scripts/setup)" >&2
        exit 1
      fi
    done
    if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
      echo "postgres.sh: running as root but there is no postgres system user to run the server as" >&2
      exit 1
    fi
    stop  # one left over by an interrupted run
    rm -rf "$dir/data" "$dir/run"
    mkdir -p "$dir/data" "$dir/run"
    if [[ $(id -u) -eq 0 ]]; then
      chown -R postgres: "$dir"
      if ! runuser -u postgres -- test -w "$dir/run"; then
        echo "postgres.sh: the postgres user cannot reach $dir (a parent folder is closed to it)" >&2
        exit 1
      fi
    fi
    as_server "$bin/initdb" -D "$dir/data" -U trakt --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    start_server
    as_server "$bin/createdb" -h "$dir/run" -U trakt trakt_mcp_test
    echo "postgres.sh: PostgreSQL on $dir/run, database trakt_mcp_test"
    ;;
  stop)
    stop
    rm -rf "$dir/data"
    ;;
  pause)
    stop
    ;;
  resume)
    start_server
    ;;
  *) usage ;;
esac
