#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for scripts (demo, bench):
#   eval "$(scripts/pg.sh start DIR [PORT])"   # exports PGHOST PGPORT PGUSER, RT_PG_DIR
#   scripts/pg.sh stop DIR
# The library equivalent for C code and tests is pgtmp (include/retort/pgtmp.h).
set -euo pipefail
bindir() {
	local d
	for d in "$(pg_config --bindir 2>/dev/null || true)" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[ -x "$d/initdb" ] && { echo "$d"; return; }
	done
	echo "no PostgreSQL server binaries: install the Debian package postgresql" >&2
	exit 1
}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR [PORT]" >&2; exit 1; }
B=$(bindir)
case "$cmd" in
start)
	port=${3:-$((20000 + RANDOM % 20000))}
	mkdir -p "$dir"
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	as_pg "$B/initdb" -D "$dir/data" -U postgres -A trust --no-sync >"$dir/initdb.log" 2>&1
	as_pg "$B/pg_ctl" -D "$dir/data" -w -l "$dir/server.log" -o "-k $dir -p $port -c listen_addresses= -c fsync=off -c full_page_writes=off -c max_locks_per_transaction=4096 -c max_connections=100" start >/dev/null
	echo "export PGHOST=$dir PGPORT=$port PGUSER=postgres RT_PG_DIR=$dir RT_PG_BIN=$B"
	;;
stop)
	[ -f "$dir/data/postmaster.pid" ] && as_pg "$B/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
	;;
*) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 1 ;;
esac
