#!/usr/bin/env bash
# Checks the diff test cases in fixtures/pairs/<NNN_name>/ on a throwaway PostgreSQL cluster and
# reports as TAP.  It checks the INPUTS of each case, not retort's output (up.sql/down.sql are
# golden files written by the tool and checked by the test suite):
#   - the case has from.sql and to.sql; expect_fail_with_data, when present, says `backfill` and
#     comes with a data.sql;
#   - from.sql loads alone into an empty database, then data.sql (when present) on top of it;
#   - to.sql loads alone into another empty database;
#   - the two catalogs differ (so the case really asks for a change), or, for a case whose to.sql
#     first line ends with `[empty diff]`, are identical (same schema spelled two ways);
#   - data.sql is also valid for the DESIRED schema: it loads into the to.sql database, proving
#     its rows satisfy to.sql's constraints (a correct migration can carry them).  Two exceptions:
#       * expect_fail_with_data: data.sql must NOT load into to.sql (its rows lack a value for a
#         new NOT NULL column without default: the upgrade has to stop at the backfill step);
#       * data.sql whose first line is `-- not-to-shape: REASON`: its statements cannot run
#         against to.sql as written (renames, drops, splits: they name columns or tables that
#         to.sql no longer has; or rows that a NOT VALID constraint tolerates only because they
#         exist before it).  Reported as a TAP SKIP with the reason; such rows are checked by
#         hand against to.sql's constraints (the reason line says what was checked).
#
# Usage: scripts/check-pairs.sh [CASE_DIR...]     (default: fixtures/pairs/*/)
#   PGBIN       PostgreSQL server binaries (default /usr/lib/postgresql/15/bin)
#   PGTMP_PORT  port for the throwaway cluster (default: random in 20000-39999)
# Files run with psql -X -v ON_ERROR_STOP=1 inside a transaction that is always rolled back, in a
# database created from template1 of a fresh initdb (as good as an empty database each time).
# The cluster is stopped and removed on exit, whatever happens.
# As root, the server tools run as the postgres user (the server refuses to run as root).
# Ends with "N passed, N failed"; exits 1 when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PSQL=${PSQL:-$PGBIN/psql}
[ -x "$PSQL" ] || PSQL=psql

tmp= ; started=
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
	if [ -n "$started" ]; then
		as_pg "$PGBIN/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null 2>&1 || true
	fi
	[ -n "$tmp" ] && rm -rf "$tmp"
	return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ $# -eq 0 ]; then
	set -- fixtures/pairs/*/
fi
[ -d "$1" ] || { echo "no cases found" >&2; exit 1; }

tmp=$(mktemp -d)
[ "$(id -u)" -eq 0 ] && chown postgres "$tmp"
if ! as_pg "$PGBIN/initdb" -D "$tmp/data" -U postgres -A trust --no-sync >"$tmp/initdb.log" 2>&1; then
	cat "$tmp/initdb.log" >&2
	exit 1
fi
for attempt in 1 2 3 4 5; do
	port=${PGTMP_PORT:-$((20000 + RANDOM % 20000))}
	if as_pg "$PGBIN/pg_ctl" -D "$tmp/data" -w -l "$tmp/server.log" \
		-o "-k $tmp -p $port -c listen_addresses= -c fsync=off -c full_page_writes=off" start >/dev/null 2>&1; then
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

# Catalog snapshot of the user's objects, one line per fact, without OIDs or parse locations
# (the query of scripts/check-fixtures.sh, plus schemas, and with the OIDs of user objects masked
# in expression trees: every load here is in the same database, so they differ between loads).
cat >"$tmp/snapshot.sql" <<'SQL'
WITH ns AS (
	SELECT oid, nspname FROM pg_namespace
	WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
	  AND nspname NOT LIKE 'pg\_temp%' AND nspname NOT LIKE 'pg\_toast\_temp%'
), ext_member AS (
	SELECT classid, objid FROM pg_depend WHERE deptype = 'e'
)
SELECT concat_ws(' | ', 'schema', n.nspname) FROM ns n
UNION ALL
SELECT concat_ws(' | ', 'rel', n.nspname, c.relname, c.relkind, c.relpersistence, c.reloptions, c.relispopulated)
  FROM pg_class c JOIN ns n ON n.oid = c.relnamespace
  WHERE (c.tableoid, c.oid) NOT IN (SELECT classid, objid FROM ext_member)
UNION ALL
SELECT concat_ws(' | ', 'att', n.nspname, c.relname, a.attnum, a.attname,
       format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, a.attgenerated, a.attndims,
       co.collname, regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(ad.adbin::text, ':location -?[0-9]+', '', 'g'), ':(relabel|func|coerce|convert)format [0-9]+', '', 'g'), '(:consttype 2205 [^{}]*?:constvalue [0-9]+ \[)[^]]*\]', '\1 oid ]', 'g'), ' (1[6-9][0-9]{3}|[2-9][0-9]{4}|[0-9]{6,})\M', ' <oid>', 'g'), '(:consttype <oid> [^{}]*?:constvalue [0-9]+ \[)[^]]*\]', '\1 <oid> ]', 'g'),
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
       regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(co.conbin::text, ':location -?[0-9]+', '', 'g'), ':(relabel|func|coerce|convert)format [0-9]+', '', 'g'), '(:consttype 2205 [^{}]*?:constvalue [0-9]+ \[)[^]]*\]', '\1 oid ]', 'g'), ' (1[6-9][0-9]{3}|[2-9][0-9]{4}|[0-9]{6,})\M', ' <oid>', 'g'), '(:consttype <oid> [^{}]*?:constvalue [0-9]+ \[)[^]]*\]', '\1 <oid> ]', 'g'))
  FROM pg_constraint co JOIN ns n ON n.oid = co.connamespace
  LEFT JOIN pg_class c ON c.oid = co.conrelid LEFT JOIN pg_type t ON t.oid = co.contypid
UNION ALL
SELECT concat_ws(' | ', 'idx', n.nspname, c.relname, pg_get_indexdef(i.indexrelid),
       i.indisunique, i.indisprimary, i.indnullsnotdistinct, i.indisexclusion, i.indimmediate,
       i.indkey, i.indoption, i.indcollation, i.indclass, c.reloptions,
       regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(i.indexprs::text, ':location -?[0-9]+', '', 'g'), ':(relabel|func|coerce|convert)format [0-9]+', '', 'g'), '(:consttype 2205 [^{}]*?:constvalue [0-9]+ \[)[^]]*\]', '\1 oid ]', 'g'), ' (1[6-9][0-9]{3}|[2-9][0-9]{4}|[0-9]{6,})\M', ' <oid>', 'g'), '(:consttype <oid> [^{}]*?:constvalue [0-9]+ \[)[^]]*\]', '\1 <oid> ]', 'g'),
       regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(i.indpred::text, ':location -?[0-9]+', '', 'g'), ':(relabel|func|coerce|convert)format [0-9]+', '', 'g'), '(:consttype 2205 [^{}]*?:constvalue [0-9]+ \[)[^]]*\]', '\1 oid ]', 'g'), ' (1[6-9][0-9]{3}|[2-9][0-9]{4}|[0-9]{6,})\M', ' <oid>', 'g'), '(:consttype <oid> [^{}]*?:constvalue [0-9]+ \[)[^]]*\]', '\1 <oid> ]', 'g'))
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

n=0 failed=0 ncases=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
diag() { sed 's/^/#   /'; }
# Every load runs in one database, inside a transaction that is always rolled back: the same as
# loading into a fresh empty database, without paying for CREATE/DROP DATABASE per case.
"$PSQL" -X -q -d postgres -c "CREATE DATABASE rp_check" >"$tmp/out" 2>&1 || {
	echo "cannot create the check database:" >&2; cat "$tmp/out" >&2; exit 1; }
tx() { # FILE... [-- SNAPSHOT_OUT]: run the files in order in one rolled-back transaction;
	# psql's messages (less NOTICEs) end in $tmp/out; with -- OUT, a catalog snapshot taken
	# after the files is written to OUT
	# (RESET ALL between steps: what a file SETs, e.g. search_path, must not leak into the
	# snapshot or the next file, each of which would run in a session of its own)
	local args=(-c BEGIN) f
	while [ $# -gt 0 ]; do
		if [ "$1" = -- ]; then
			args+=(-c 'RESET ALL' -c "\\o $2" -f "$tmp/snapshot.sql" -c '\o')
			shift 2
			continue
		fi
		f=$(realpath "$1")
		args+=(-c 'RESET ALL' -f "$f")
		shift
	done
	"$PSQL" -X -q -At -v ON_ERROR_STOP=1 -d rp_check "${args[@]}" -c ROLLBACK 2>&1 |
		grep -v -e '^psql:.*NOTICE:' -e '^NOTICE:' >"$tmp/out"
	return "${PIPESTATUS[0]}"
}

for dir in "$@"; do
	dir=${dir%/}
	c=$(basename "$dir")
	ncases=$((ncases + 1))
	from=$dir/from.sql to=$dir/to.sql data=$dir/data.sql xfail=$dir/expect_fail_with_data

	# layout
	bad=
	[[ $c =~ ^[0-9]{3}_[a-z0-9_]+$ ]] || bad="directory name is not NNN_lower_case_name"
	[ -f "$from" ] || bad="${bad:+$bad; }no from.sql"
	[ -f "$to" ] || bad="${bad:+$bad; }no to.sql"
	if [ -e "$xfail" ]; then
		grep -qw backfill "$xfail" || bad="${bad:+$bad; }expect_fail_with_data does not say backfill"
		[ -f "$data" ] || bad="${bad:+$bad; }expect_fail_with_data without data.sql"
	fi
	for f in "$dir"/*; do
		case $(basename "$f") in
		from.sql | to.sql | data.sql | expect_fail_with_data | up.sql | down.sql) ;;
		*) bad="${bad:+$bad; }unexpected file $(basename "$f")" ;;
		esac
	done
	if [ -n "$bad" ]; then
		notok "$c: layout: $bad"
		continue
	fi
	ok "$c: layout"

	rm -f "$tmp/from.snap" "$tmp/to.snap"
	reason=
	[ -f "$data" ] && reason=$(head -1 "$data" | sed -n 's/^-- not-to-shape: *//p')
	# One rolled-back transaction for each side when all goes well: the schema, its snapshot,
	# then the rows.  On failure, the schema is loaded alone again to tell which file failed.
	from_ok= to_ok= data_from= data_to=
	if [ -f "$data" ]; then
		tx "$from" -- "$tmp/from.snap" "$data" && from_ok=1 data_from=1
	else
		tx "$from" -- "$tmp/from.snap" && from_ok=1
	fi
	if [ -z "$from_ok" ] && [ -f "$data" ] && tx "$from" -- "$tmp/from.snap"; then
		from_ok=1 data_from=fail
		tx "$from" "$data"
		cp "$tmp/out" "$tmp/out.data_from"
	fi
	if [ -n "$from_ok" ]; then
		ok "$c: from.sql loads"
	else
		notok "$c: from.sql does not load"; diag <"$tmp/out"
	fi
	fit=
	[ -f "$data" ] && [ -z "$reason" ] && [ ! -e "$xfail" ] && fit=1
	if [ -n "$fit" ]; then
		tx "$to" -- "$tmp/to.snap" "$data" && to_ok=1 data_to=1
	else
		tx "$to" -- "$tmp/to.snap" && to_ok=1
	fi
	if [ -z "$to_ok" ] && [ -n "$fit" ] && tx "$to" -- "$tmp/to.snap"; then
		to_ok=1 data_to=fail
		tx "$to" "$data"
		cp "$tmp/out" "$tmp/out.data_to"
	fi
	if [ -n "$to_ok" ]; then
		ok "$c: to.sql loads"
	else
		notok "$c: to.sql does not load"; diag <"$tmp/out"
	fi

	# the two schemas differ (or are the same, for an [empty diff] case)
	if [ -n "$from_ok" ] && [ -n "$to_ok" ]; then
		if head -1 "$to" | grep -q '\[empty diff\][[:space:]]*$'; then
			if diff -u "$tmp/from.snap" "$tmp/to.snap" >"$tmp/out"; then
				ok "$c: from.sql and to.sql give the same catalog"
			else
				notok "$c: [empty diff] case, but the catalogs differ:"; cut -c1-300 "$tmp/out" | head -40 | diag
			fi
		elif cmp -s "$tmp/from.snap" "$tmp/to.snap"; then
			notok "$c: from.sql and to.sql give the same catalog (mark the case [empty diff] if meant)"
		else
			ok "$c: from.sql and to.sql differ"
		fi
	fi

	[ -f "$data" ] || continue
	if [ "$data_from" = 1 ]; then
		ok "$c: data.sql loads after from.sql"
	elif [ "$data_from" = fail ]; then
		notok "$c: data.sql does not load after from.sql"; diag <"$tmp/out.data_from"
	fi
	[ -n "$to_ok" ] || continue
	if [ -e "$xfail" ]; then
		if tx "$to" "$data"; then
			notok "$c: expect_fail_with_data, yet data.sql loads into to.sql (no backfill would be needed)"
		else
			ok "$c: data.sql rows violate to.sql as they stand (a backfill is needed)"
		fi
	elif [ -n "$reason" ]; then
		skip "$c: data.sql rows fit to.sql" "$reason"
	elif [ "$data_to" = 1 ]; then
		ok "$c: data.sql rows fit to.sql"
	else
		notok "$c: data.sql rows do not fit to.sql (or it names what to.sql lacks: add a not-to-shape line)"
		diag <"$tmp/out.data_to"
	fi
done
echo "1..$n"
echo "# $ncases cases"
echo "$((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
