#!/usr/bin/env bash
# Loads every schema fixture into its own fresh database of a throwaway PostgreSQL cluster and
# reports, as TAP, which ones fail; then checks the "-- equivalent-to: OTHER.sql" claims in
# fixture headers by comparing catalog snapshots of the two databases.
#
# Usage: scripts/check-fixtures.sh [FIXTURE.sql...]     (default: fixtures/schemas/*.sql)
#   PGBIN       PostgreSQL server binaries (default /usr/lib/postgresql/15/bin)
#   PGTMP_PORT  port for the throwaway cluster (default: random in 20000-39999)
#   VERBOSE=1   show NOTICEs and psql output of files that load fine
# Each file is run as  psql -X -v ON_ERROR_STOP=1 -1 -f FILE  against a database created from
# template1 of a fresh initdb, i.e. the EMPTY database each fixture promises to load into.
# The cluster (initdb in a temp dir) is stopped and removed on exit, whatever happens.
# As root, the server tools run as the postgres user (the server refuses to run as root).
set -uo pipefail
cd "$(dirname "$0")/.."
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PSQL=${PSQL:-$PGBIN/psql}
[ -x "$PSQL" ] || PSQL=psql

tmp= ; started=
cleanup() {
	if [ -n "$started" ]; then
		as_pg "$PGBIN/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null 2>&1 || true
	fi
	[ -n "$tmp" ] && rm -rf "$tmp"
	return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ $# -eq 0 ]; then
	set -- fixtures/schemas/*.sql
fi
[ -e "$1" ] || { echo "no fixtures found" >&2; exit 1; }

tmp=$(mktemp -d)
[ "$(id -u)" -eq 0 ] && chown postgres "$tmp"
if ! as_pg "$PGBIN/initdb" -D "$tmp/data" -U postgres -A trust --no-sync >"$tmp/initdb.log" 2>&1; then
	cat "$tmp/initdb.log" >&2
	exit 1
fi
for attempt in 1 2 3 4 5; do
	port=${PGTMP_PORT:-$((20000 + RANDOM % 20000))}
	if as_pg "$PGBIN/pg_ctl" -D "$tmp/data" -w -l "$tmp/server.log" \
		-o "-k $tmp -p $port -c listen_addresses= -c fsync=off" start >/dev/null 2>&1; then
		started=1
		break
	fi
	[ -n "${PGTMP_PORT:-}" ] && break
done
if [ -z "$started" ]; then
	echo "could not start a PostgreSQL cluster:" >&2
	tail -20 "$tmp/server.log" >&2
	exit 1
fi
export PGHOST=$tmp PGPORT=$port PGUSER=postgres
mkdir -p "$tmp/snap"

# Catalog snapshot of the user's objects, one line per fact, with OIDs and parse locations left
# out so that databases loaded from different spellings of one schema compare equal.
# Expression trees (nodeToString) also lose the CoercionForm fields (an explicit ::text and the
# implicit cast the server adds are the same expression; they differ only in how the server
# would print them) and regclass constants' OIDs (pg_get_expr beside them shows the name).
cat >"$tmp/snapshot.sql" <<'SQL'
WITH ns AS (
	SELECT oid, nspname FROM pg_namespace
	WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
	  AND nspname NOT LIKE 'pg\_temp%' AND nspname NOT LIKE 'pg\_toast\_temp%'
), ext_member AS (
	SELECT classid, objid FROM pg_depend WHERE deptype = 'e'
)
SELECT concat_ws(' | ', 'rel', n.nspname, c.relname, c.relkind, c.relpersistence, c.reloptions, c.relispopulated)
  FROM pg_class c JOIN ns n ON n.oid = c.relnamespace
  WHERE (c.tableoid, c.oid) NOT IN (SELECT classid, objid FROM ext_member)
UNION ALL
SELECT concat_ws(' | ', 'att', n.nspname, c.relname, a.attnum, a.attname,
       format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, a.attgenerated, a.attndims,
       co.collname, regexp_replace(regexp_replace(regexp_replace(ad.adbin::text, ':location -?[0-9]+', '', 'g'), ':(relabel|func|coerce|convert)format [0-9]+', '', 'g'), '(:consttype 2205 [^{}]*?:constvalue [0-9]+ \[)[^]]*\]', '\1 oid ]', 'g'),
       pg_get_expr(ad.adbin, ad.adrelid))
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN ns n ON n.oid = c.relnamespace
  LEFT JOIN pg_collation co ON co.oid = a.attcollation
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
UNION ALL
SELECT concat_ws(' | ', 'con', n.nspname, coalesce(c.relname, t.typname), co.conname, co.contype,
       co.condeferrable, co.condeferred, co.convalidated, co.connoinherit,
       co.confupdtype, co.confdeltype, co.confmatchtype, co.conkey, co.confkey, co.confdelsetcols,
       (SELECT fn.nspname || '.' || fc.relname FROM pg_class fc JOIN pg_namespace fn ON fn.oid = fc.relnamespace WHERE fc.oid = co.confrelid),
       (SELECT ic.relname FROM pg_class ic WHERE ic.oid = co.conindid),
       regexp_replace(regexp_replace(regexp_replace(co.conbin::text, ':location -?[0-9]+', '', 'g'), ':(relabel|func|coerce|convert)format [0-9]+', '', 'g'), '(:consttype 2205 [^{}]*?:constvalue [0-9]+ \[)[^]]*\]', '\1 oid ]', 'g'))
  FROM pg_constraint co JOIN ns n ON n.oid = co.connamespace
  LEFT JOIN pg_class c ON c.oid = co.conrelid LEFT JOIN pg_type t ON t.oid = co.contypid
UNION ALL
SELECT concat_ws(' | ', 'idx', n.nspname, c.relname, pg_get_indexdef(i.indexrelid),
       i.indisunique, i.indisprimary, i.indnullsnotdistinct, i.indisexclusion, i.indimmediate,
       i.indkey, i.indoption, i.indcollation, i.indclass, c.reloptions,
       regexp_replace(regexp_replace(regexp_replace(i.indexprs::text, ':location -?[0-9]+', '', 'g'), ':(relabel|func|coerce|convert)format [0-9]+', '', 'g'), '(:consttype 2205 [^{}]*?:constvalue [0-9]+ \[)[^]]*\]', '\1 oid ]', 'g'),
       regexp_replace(regexp_replace(regexp_replace(i.indpred::text, ':location -?[0-9]+', '', 'g'), ':(relabel|func|coerce|convert)format [0-9]+', '', 'g'), '(:consttype 2205 [^{}]*?:constvalue [0-9]+ \[)[^]]*\]', '\1 oid ]', 'g'))
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN ns n ON n.oid = c.relnamespace
UNION ALL
SELECT concat_ws(' | ', 'seq', n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart,
       s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle,
       (SELECT string_agg(d.deptype::text || ':' || rc.relname || '.' || a.attname, ',')
          FROM pg_depend d JOIN pg_class rc ON rc.oid = d.refobjid
          JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
            AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
  FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN ns n ON n.oid = c.relnamespace
UNION ALL
SELECT concat_ws(' | ', 'typ', n.nspname, t.typname, t.typtype, format_type(t.typbasetype, t.typtypmod),
       t.typnotnull, t.typdefault, co.collname,
       (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))
  FROM pg_type t JOIN ns n ON n.oid = t.typnamespace
  LEFT JOIN pg_collation co ON co.oid = t.typcollation
  WHERE t.typtype IN ('e', 'd') AND (t.tableoid, t.oid) NOT IN (SELECT classid, objid FROM ext_member)
UNION ALL
SELECT concat_ws(' | ', 'view', n.nspname, c.relname, pg_get_viewdef(c.oid))
  FROM pg_class c JOIN ns n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm')
UNION ALL
SELECT concat_ws(' | ', 'comment', pg_describe_object(d.classoid, d.objoid, d.objsubid), d.description)
  FROM pg_description d WHERE d.objoid >= 16384
UNION ALL
SELECT concat_ws(' | ', 'ext', n.nspname, e.extname, e.extversion)
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
ORDER BY 1;
SQL

n=0 failed=0
declare -A loaded=()       # fixture path -> 1 when it loaded
load() { # path: load into its own database, snapshot it, drop it; prints TAP
	local f=$1 db out
	n=$((n + 1))
	db=fx_$n
	if ! "$PSQL" -X -q -d postgres -c "CREATE DATABASE $db" >"$tmp/out" 2>&1; then
		echo "not ok $n - $f: cannot create database"; sed 's/^/# /' "$tmp/out"
		failed=$((failed + 1)); return
	fi
	if out=$("$PSQL" -X -q -v ON_ERROR_STOP=1 -1 -f "$f" -d "$db" 2>&1); then
		if "$PSQL" -X -q -At -v ON_ERROR_STOP=1 -d "$db" -f "$tmp/snapshot.sql" \
			>"$tmp/snap/$(basename "$f")" 2>"$tmp/out"; then
			loaded[$f]=1
			echo "ok $n - $f loads"
			[ -n "${VERBOSE:-}" ] && [ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/# /'
		else
			echo "not ok $n - $f: snapshot query failed"; sed 's/^/# /' "$tmp/out"
			failed=$((failed + 1))
		fi
	else
		echo "not ok $n - $f does not load"
		printf '%s\n' "$out" | grep -v NOTICE | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
	"$PSQL" -X -q -d postgres -c "DROP DATABASE $db" >/dev/null 2>&1
}

for f in "$@"; do
	load "$f"
done
for f in "$@"; do
	ref=$(sed -n 's/^-- equivalent-to: \([^ ]*\.sql\).*/\1/p' "$f" | head -1)
	[ -n "$ref" ] || continue
	refpath=$(dirname "$f")/$ref
	if [ -z "${loaded[$refpath]:-}" ] && [ -e "$refpath" ] && [ ! -e "$tmp/snap/$ref" ]; then
		load "$refpath"
	fi
	n=$((n + 1))
	if [ -z "${loaded[$f]:-}" ] || [ ! -e "$tmp/snap/$ref" ]; then
		echo "not ok $n - $f equals $ref: one of them did not load"
		failed=$((failed + 1))
	elif diff -u "$tmp/snap/$ref" "$tmp/snap/$(basename "$f")" >"$tmp/out"; then
		echo "ok $n - $f equals $ref"
	else
		echo "not ok $n - $f differs from $ref (catalog snapshot diff):"
		cut -c1-300 "$tmp/out" | head -40 | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
done
echo "1..$n"
echo "$((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
