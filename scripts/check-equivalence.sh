#!/usr/bin/env bash
# Measures the front-end's central property on DDL files written elsewhere: for each file F,
# load F into a fresh database, then `retort diff --url DB --models F` must print nothing
# (what the parser reads equals what introspection reads).
#
# Usage: scripts/check-equivalence.sh DIR|FILE...
#   A directory is searched for current.sql and desired.sql (the layout of schema-pair corpora)
#   and, when it has none, for *.sql.  Roles named in "OWNER TO x" are created first.
#   RETORT (default build/retort).  Starts and stops its own throwaway cluster (scripts/pg.sh).
# Prints one MISMATCH line per disagreeing file (with the first statements of the diff), then
#   agree=N disagree=M unsupported=K unloadable=L agreement=P% identical=I
# where agreement counts the files that load and use only modelled kinds, and identical the
# agreeing files for which `inspect --models F` and `inspect --url` also print the same bytes
# (a BYTES line names the others).  Exit 0 always (a measurement, not a test).
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RETORT=${RETORT:-$ROOT/build/retort}
[ $# -gt 0 ] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 1; }
[ -x "$RETORT" ] || { echo "no retort binary at $RETORT" >&2; exit 1; }

files=()
for a in "$@"; do
	if [ -d "$a" ]; then
		mapfile -t found < <(find "$a" \( -name current.sql -o -name desired.sql \) | sort)
		[ ${#found[@]} -eq 0 ] && mapfile -t found < <(find "$a" -name '*.sql' | sort)
		files+=("${found[@]}")
	else
		files+=("$a")
	fi
done

work=$(mktemp -d /tmp/retort-equiv.XXXXXX)
chmod 755 "$work"
cleanup() { bash "$ROOT/scripts/pg.sh" stop "$work/pg" >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
eval "$(bash "$ROOT/scripts/pg.sh" start "$work/pg")"
PSQL="$RT_PG_BIN/psql"
[ -x "$PSQL" ] || PSQL=psql
q() { "$PSQL" -X -q -v ON_ERROR_STOP=1 "$@" >/dev/null 2>&1; }
q -d postgres -c "CREATE DATABASE scratch"
export RETORT_NORMALIZE_URL="host=$PGHOST port=$PGPORT user=postgres dbname=scratch"
for r in $(grep -hoiE 'owner to [a-z_][a-z0-9_]*' "${files[@]}" 2>/dev/null | awk '{print tolower($3)}' | sort -u); do
	q -d postgres -c "CREATE ROLE \"$r\""
done

ok=0 bad=0 uns=0 skip=0 n=0 same=0
for f in "${files[@]}"; do
	n=$((n + 1))
	db=eq_$n
	q -d postgres -c "CREATE DATABASE $db"
	if ! q -d "$db" -f "$f"; then
		skip=$((skip + 1))
	else
		out=$("$RETORT" diff --url "host=$PGHOST port=$PGPORT user=postgres dbname=$db" --models "$f" 2>"$work/err")
		rc=$?
		if grep -q "unsupported statement" "$work/err"; then
			uns=$((uns + 1))
		elif [ $rc -eq 0 ] && [ -z "$out" ]; then
			ok=$((ok + 1))
			"$RETORT" inspect --url "host=$PGHOST port=$PGPORT user=postgres dbname=$db" >"$work/a" 2>/dev/null
			"$RETORT" inspect --models "$f" >"$work/b" 2>/dev/null
			if cmp -s "$work/a" "$work/b"; then
				same=$((same + 1))
			else
				echo "BYTES $f: $(diff "$work/a" "$work/b" | head -3 | tr '\n' ' ')"
			fi
		else
			bad=$((bad + 1))
			echo "MISMATCH $f: $( (echo "$out"; grep -v warning "$work/err") | grep -v '^--' | head -3 | tr '\n' ' ')"
		fi
	fi
	q -d postgres -c "DROP DATABASE $db"
done
pct=$(awk -v a=$ok -v b=$bad 'BEGIN { printf "%.1f", (a + b) ? 100 * a / (a + b) : 0 }')
echo "agree=$ok disagree=$bad unsupported=$uns unloadable=$skip agreement=$pct% identical=$same"
