#!/usr/bin/env bash
# A throw-away PostgreSQL server for the study store's tests (Debian's postgresql package).
#
#   scripts/postgres.sh start [DIR]   make a cluster in DIR (default: a new temporary folder), start it,
#                                     print its SQLAlchemy URL (postgresql+psycopg://research@127.0.0.1:PORT/postgres)
#   scripts/postgres.sh url DIR       print the URL of the server running in DIR
#   scripts/postgres.sh stop DIR      stop the server and remove DIR
#
# The server runs as an unprivileged user: as root, the system user research-pg (created when missing);
# otherwise the caller.  It listens on a Unix socket in DIR and on a free loopback TCP port, trusts local
# connections (nothing else can reach it) and keeps its data in DIR only.  DIR's parent folders must be
# readable by that user (the system temporary folder is).
set -euo pipefail
PG_USER=research-pg

die() { echo "scripts/postgres.sh: $*" >&2; exit 1; }

pg_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return; }
  die "initdb and pg_ctl not found; install PostgreSQL: bash scripts/system-deps.sh postgresql"
}

# run a command as the server's user
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$PG_USER" -- "$@"
  else
    "$@"
  fi
}

free_port() {
  "${PYTHON:-python3}" - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

is_cluster_dir() { [ -f "$1/url" ] || [ -f "$1/data/PG_VERSION" ] || [ -f "$1/initdb.log" ] || [ -z "$(ls -A "$1")" ]; }

start() {
  local dir="${1:-}"
  local bin port
  bin="$(pg_bin)"
  if [ -z "$dir" ]; then
    dir="$(mktemp -d "${TMPDIR:-/tmp}/research-pg.XXXXXX")"
    echo "scripts/postgres.sh: cluster in $dir (stop it with: bash scripts/postgres.sh stop $dir)" >&2
  fi
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  [ -e "$dir/data" ] && die "$dir already holds a cluster"
  if [ "$(id -u)" = 0 ]; then
    getent passwd "$PG_USER" >/dev/null \
      || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_USER" \
      || die "could not create the system user $PG_USER"
    chown "$PG_USER" "$dir"
    chmod 700 "$dir"
    as_owner test -w "$dir" || die "$PG_USER cannot write to $dir (is a parent folder private to root?)"
  fi
  as_owner "$bin/initdb" -D "$dir/data" -U research --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  local tries=0
  until port="$(free_port)" && as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null; do
    tries=$((tries + 1))
    [ "$tries" -lt 3 ] || { cat "$dir/server.log" >&2; die "the server did not start"; }
  done
  echo "postgresql+psycopg://research@127.0.0.1:$port/postgres" | as_owner tee "$dir/url"
}

stop() {
  local dir="${1:-}"
  [ -n "$dir" ] || die "usage: scripts/postgres.sh stop DIR"
  [ -d "$dir" ] || return 0
  is_cluster_dir "$dir" || die "$dir is not a cluster made by this script; not removing it"
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 \
      || as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf -- "$dir"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  url) [ -n "${2:-}" ] && [ -f "$2/url" ] || die "usage: scripts/postgres.sh url DIR (of a running cluster)"; cat "$2/url" ;;
  *) die "usage: scripts/postgres.sh start [DIR] | url DIR | stop DIR" ;;
esac
