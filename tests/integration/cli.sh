#!/usr/bin/env bash
# The migration commands' error paths through the real binary on a real cluster (TAP):
# autogenerate refused when the database is behind, with nothing to do, and the file it writes;
# several heads; check in sync, drifted, behind, as JSON; read-only commands leaving no version
# table; broken revision chains; --sql without a connection; a failing migration rolled back;
# a database at a revision the chain does not have; passwords kept out of every output.
#
#   RETORT_BIN=build/retort bash tests/integration/cli.sh
#
# Each case gets a fresh database and a fresh project directory; the cluster is this script's
# own (scripts/pg.sh) and is stopped on exit.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RETORT=${RETORT_BIN:-$ROOT/build/retort}
case $RETORT in /*) ;; *) RETORT=$PWD/$RETORT ;; esac
if ! [ -x "$RETORT" ]; then
	echo "1..0 # SKIP $RETORT is not an executable (build it: make)"
	exit 1
fi

# Nothing from the caller's environment may point retort at another database.
unset RETORT_DATABASE_URL DATABASE_URL RETORT_NORMALIZE_URL RETORT_SKIP_UNSUPPORTED RETORT_CREATE_DATE \
	PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGPASSWORD PGPASSFILE PGOPTIONS
export PSQLRC=/dev/null LC_ALL=C

work=$(mktemp -d /tmp/retort-cli.XXXXXX) || exit 1
chmod 755 "$work"          # the cluster runs as postgres when we are root
cleanup() {
	local d
	for d in "$work"/pg*; do
		[ -d "$d" ] && bash "$ROOT/scripts/pg.sh" stop "$d"
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# a random port may be taken: try a few
started=
for try in 1 2 3; do
	if env_lines=$(bash "$ROOT/scripts/pg.sh" start "$work/pg$try" 2>"$work/pg-start.log"); then
		eval "$env_lines"
		started=1
		break
	fi
done
if [ -z "$started" ]; then
	echo "1..1"
	echo "not ok 1 - could not start a PostgreSQL cluster"
	sed 's/^/# /' "$work/pg-start.log"
	exit 1
fi
PGH=$PGHOST PGP=$PGPORT
unset PGHOST PGPORT PGUSER     # from here on only the URLs below reach the cluster
PSQL="$RT_PG_BIN/psql"
url() { echo "postgresql://postgres@/$1?host=$PGH&port=$PGP"; }
# psql DB SQL: the single value (or rows, |-separated) a query returns
q() { "$PSQL" -X -q -tA -v ON_ERROR_STOP=1 -d "$(url "$1")" -c "$2"; }
# the model files need no server (no views), but never a throwaway cluster either
q postgres "CREATE DATABASE scratch" >/dev/null || exit 1
export RETORT_NORMALIZE_URL
RETORT_NORMALIZE_URL=$(url scratch)
export RETORT_CREATE_DATE="2025-02-03 04:05:06"
CLOSED="postgresql://postgres@/nowhere?host=127.0.0.1&port=1"   # nothing listens on port 1

# ---- TAP ------------------------------------------------------------------------------------
n=0 nfail=0 why=
begin() { title=$1; }   # a failure in the set-up before it counts too
bad() { why+="$*"$'\n'; }
end() {
	n=$((n + 1))
	if [ -z "$why" ]; then
		echo "ok $n - $title"
	else
		nfail=$((nfail + 1))
		echo "not ok $n - $title"
		printf '%s' "$why" | sed 's/^/#   /'
		{ echo "last command: $last"; echo "stdout:"; cat "$work/out"; echo "stderr:"; cat "$work/err"; } |
			head -40 | sed 's/^/#   /'
	fi
	why=
}

# ---- a project and a database per case --------------------------------------------------------
case_no=0
# fresh NAME: a new database NAME and a new project directory $P (cwd of every retort run),
# made by `retort init`; DB is the database's URL
fresh() {
	case_no=$((case_no + 1))
	DBNAME=$1$case_no
	q postgres "CREATE DATABASE $DBNAME" >/dev/null || bad "CREATE DATABASE $DBNAME failed"
	DB=$(url "$DBNAME")
	P=$work/p$case_no
	if ! mkdir "$P" || ! (cd "$P" && "$RETORT" init >/dev/null); then
		bad "retort init failed in $P"
	fi
	V=$P/migrations/versions
}
last=
# rt WANT ARGS...: retort ARGS in the project; the exit status must be WANT
rt() {
	local want=$1 st
	shift
	last="retort $*"
	(cd "$P" && "$RETORT" "$@") >"$work/out" 2>"$work/err"
	st=$?
	[ "$st" = "$want" ] || bad "'retort $*' exited $st, expected $want"
}
# the output (stdout or stderr) has, lacks or is the text (which may span lines)
out_has() { [[ $(<"$work/out") == *"$1"* ]] || bad "stdout lacks '$1'"; }
err_has() { [[ $(<"$work/err") == *"$1"* ]] || bad "stderr lacks '$1'"; }
out_lacks() { [[ $(<"$work/out") != *"$1"* ]] || bad "stdout has '$1'"; }
err_lacks() { [[ $(<"$work/err") != *"$1"* ]] || bad "stderr has '$1'"; }
out_is() { [ "$(<"$work/out")" = "$1" ] || bad "stdout is not '$1'"; }
# is WHAT GOT WANT
is() { [ "$2" = "$3" ] || bad "$1: got '$2', wanted '$3'"; }
files() { (cd "$V" && ls -A); }
versions() { q "$DBNAME" "SELECT coalesce(string_agg(version_num, ',' ORDER BY version_num), '') FROM alembic_version"; }
has_version_table() { q "$DBNAME" "SELECT count(*) FROM pg_catalog.pg_class WHERE relname = 'alembic_version'"; }
# mig ID REVISES MESSAGE UP DOWN [FILE-ID]: a migration file as retort writes them, named
# FILE-ID_<slug>.sql (FILE-ID defaults to ID)
mig() {
	local revises=${2:+ $2}
	printf -- '-- %s\n--\n-- Revision ID: %s\n-- Revises:%s\n-- Create Date: %s\n\n-- retort:upgrade\n%s\n\n-- retort:downgrade\n%s\n' \
		"$3" "$1" "$revises" "$RETORT_CREATE_DATE" "$4" "$5" >"$V/${6:-$1}_m.sql"
}
model() { printf '%s\n' "$1" >"$P/schema/models.sql"; }

R1=a1a1a1a1a1a1 R2=b2b2b2b2b2b2 R3=c3c3c3c3c3c3
USERS='CREATE TABLE users (id int PRIMARY KEY, name text);'
USERS_EMAIL='CREATE TABLE users (id int PRIMARY KEY, name text, email text);'
UP1='CREATE TABLE users (id int PRIMARY KEY, name text);' DOWN1='DROP TABLE users;'
UP2='ALTER TABLE users ADD COLUMN email text;' DOWN2='ALTER TABLE users DROP COLUMN email;'
two_migrations() {
	mig $R1 "" "create users" "$UP1" "$DOWN1"
	mig $R2 $R1 "add email" "$UP2" "$DOWN2"
}

# ---- autogenerate ---------------------------------------------------------------------------
fresh ag_behind
two_migrations
model "CREATE TABLE users (id int PRIMARY KEY, name text, email text, age int);"
begin "autogenerate refuses a database behind head (at the first of two revisions): exit 1, no file"
rt 0 --url "$DB" upgrade $R1
before=$(files)
rt 1 --url "$DB" autogenerate -m "add age" --rev-id d4d4d4d4d4d4
err_has "database is not up to date (at $R1, head is $R2)"
err_has "upgrade head"
out_lacks "Generating"
is "versions after autogenerate" "$(files)" "$before"
is "database revision" "$(versions)" $R1
end

begin "autogenerate refuses a database at base when the chain is not empty"
rt 0 --url "$DB" downgrade base
rt 1 --url "$DB" autogenerate -m "add age" --rev-id d4d4d4d4d4d4
err_has "not up to date (at base, head is $R2)"
is "versions after autogenerate" "$(files)" "$before"
end

fresh ag_nochange
two_migrations
model "$USERS_EMAIL"
begin "autogenerate with the models already applied: 'No changes detected', exit 0, no file"
rt 0 --url "$DB" upgrade head
before=$(files)
rt 0 --url "$DB" autogenerate -m "nothing"
out_is "No changes detected"
out_lacks "Generating"
is "versions after autogenerate" "$(files)" "$before"
end

fresh ag_write
model "$USERS"
begin "autogenerate (database from \$RETORT_DATABASE_URL) writes <rev>_<slug>.sql with header and both sections"
F=migrations/versions/0123456789ab_create_the_users_table.sql
RETORT_DATABASE_URL=$DB rt 0 autogenerate -m "Create the users table!" --rev-id 0123456789ab
out_is "Generating $F ...  done"
is "files in versions" "$(files)" "0123456789ab_create_the_users_table.sql"
if [ -f "$P/$F" ]; then
	is "line 1" "$(sed -n 1p "$P/$F")" "-- Create the users table!"
	grep -qx -- "-- Revision ID: 0123456789ab" "$P/$F" || bad "no Revision ID line"
	grep -qx -- "-- Revises:" "$P/$F" || bad "no empty Revises line"
	grep -qx -- "-- Create Date: $RETORT_CREATE_DATE" "$P/$F" || bad "no Create Date line"
	# upgrade section, then downgrade section, each with its statement
	awk '/^-- retort:upgrade$/ { u = NR } /^-- retort:downgrade$/ { d = NR }
	     /^CREATE TABLE public\.users / { c = NR } /^DROP TABLE public\.users;$/ { x = NR }
	     END { exit !(u && d && c && x && u < c && c < d && d < x) }' "$P/$F" ||
		bad "$F: no upgrade section with CREATE TABLE public.users followed by a downgrade section with DROP TABLE"
else
	bad "$F was not written"
fi
is "alembic_version after autogenerate" "$(has_version_table)" 0
end

begin "the next autogenerate revises the head, after upgrade; the re-diff is then empty"
RETORT_DATABASE_URL=$DB rt 0 upgrade head
model "$USERS_EMAIL"
RETORT_DATABASE_URL=$DB rt 0 autogenerate -m "users.email" --rev-id 123456789abc
F2=migrations/versions/123456789abc_users_email.sql
out_is "Generating $F2 ...  done"
grep -qx -- "-- Revises: 0123456789ab" "$P/$F2" 2>/dev/null || bad "$F2 does not revise 0123456789ab"
grep -q "^ALTER TABLE public.users ADD COLUMN email text;$" "$P/$F2" 2>/dev/null || bad "$F2 does not add the column"
RETORT_DATABASE_URL=$DB rt 0 upgrade head
RETORT_DATABASE_URL=$DB rt 0 autogenerate -m "again"
out_is "No changes detected"
is "files in versions" "$(files | tr '\n' ' ')" "0123456789ab_create_the_users_table.sql 123456789abc_users_email.sql "
end

# ---- several heads ----------------------------------------------------------------------------
fresh heads
two_migrations
mig $R3 $R1 "a branch" "CREATE TABLE other (a int);" "DROP TABLE other;"
model "$USERS_EMAIL"
rt 0 --url "$DB" upgrade $R1 # (checked by the steps below)
begin "two revisions revising the same parent: check exits 1 naming both heads"
rt 1 --url "$DB" check
err_has "multiple heads are present: $R2, $R3"
rt 1 --url "$DB" check --format json
err_has "multiple heads are present: $R2, $R3"
end

begin "upgrade head refuses naming both heads; the database stays where it was"
rt 1 --url "$DB" upgrade head
err_has "multiple heads are present for 'head': $R2, $R3"
is "database revision" "$(versions)" $R1
is "table of the second head" "$(q "$DBNAME" "SELECT to_regclass('other') IS NULL")" t
end

begin "heads lists both"
rt 0 heads
out_is "$R2 (head)
$R3 (head)"
end

begin "autogenerate refuses naming both heads, no file"
before=$(files)
rt 1 --url "$DB" autogenerate -m "more" --rev-id d4d4d4d4d4d4
err_has "multiple heads are present: $R2, $R3"
is "versions after autogenerate" "$(files)" "$before"
end

# ---- check ------------------------------------------------------------------------------------
fresh check
two_migrations
model "$USERS_EMAIL"
rt 0 --url "$DB" upgrade head
begin "check in sync: exit 0"
rt 0 --url "$DB" check
out_is "in sync: at $R2, models match"
end

begin "check when the models differ: exit 2, the changes and the SQL that would fix them"
model "CREATE TABLE users (id int PRIMARY KEY, name text, email text, age int);
CREATE TABLE tags (name text NOT NULL);"
rt 2 --url "$DB" check
out_has "models differ from the database (at $R2): 2 changes
  create table public.tags
  alter  table public.users (columns)"
out_has "ALTER TABLE public.users ADD COLUMN age integer;"
out_has "CREATE TABLE public.tags ("
end

begin "check --format json when the models differ: exit 2, JSON with the drift"
rt 2 --url "$DB" check --format json
python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["in_sync"] is False, d
assert d["current"] == sys.argv[1] and d["head"] == sys.argv[1] and d["pending"] == 0, d
ch = [(c["change"], c["object"]["kind"], c["object"]["name"], c.get("field")) for c in d["drift"]["changes"]]
assert ch == [("create", "table", "tags", None), ("alter", "table", "users", "columns")], ch
sql = " ".join(s["sql"] for s in d["drift"]["upgrade"])
assert "ADD COLUMN age integer" in sql, sql
' $R2 <"$work/out" 2>"$work/py" || bad "JSON: $(cat "$work/py")"
end

begin "check when the database is behind head: exit 2, 'at X, head is Y' and the pending count"
rt 0 --url "$DB" downgrade base
rt 2 --url "$DB" check
out_is "database is behind: at base, head is $R2: 2 pending"
rt 0 --url "$DB" upgrade $R1
rt 2 --url "$DB" check
out_is "database is behind: at $R1, head is $R2: 1 pending"
rt 2 --url "$DB" check --format json
python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d == {"in_sync": False, "current": sys.argv[1], "head": sys.argv[2], "pending": 1}, d
' $R1 $R2 <"$work/out" 2>"$work/py" || bad "JSON: $(cat "$work/py")"
end

begin "check --format json in sync: exit 0, JSON with in_sync true and no changes"
model "$USERS_EMAIL"
rt 0 --url "$DB" upgrade head
rt 0 --url "$DB" check --format json
python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["in_sync"] is True and d["pending"] == 0 and d["current"] == sys.argv[1], d
assert d["drift"]["changes"] == [] and d["drift"]["upgrade"] == [], d
' $R2 <"$work/out" 2>"$work/py" || bad "JSON: $(cat "$work/py")"
end

# ---- read-only commands ------------------------------------------------------------------------
fresh readonly
two_migrations
model "$USERS_EMAIL"
begin "current, heads, history and check never create alembic_version (nor anything else)"
rt 0 --url "$DB" current
out_is ""
rt 0 --url "$DB" current -v
rt 0 --url "$DB" heads
rt 0 --url "$DB" history
rt 0 --url "$DB" history -i -v
rt 2 --url "$DB" check
rt 2 --url "$DB" check --format json
is "alembic_version in pg_catalog.pg_class" "$(has_version_table)" 0
is "relations in public" "$(q "$DBNAME" "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'")" 0
end

# ---- broken chains ------------------------------------------------------------------------------
# chain_error WHAT MESSAGE: every command that reads the chain fails the same way, exit 1,
# naming the file; nothing reaches the database
chain_error() {
	local cmd
	for cmd in heads history current check "upgrade head" "upgrade --sql"; do
		# shellcheck disable=SC2086  # cmd is words
		rt 1 --url "$DB" $cmd
		err_has "$1"
		err_has "$2"
	done
	rt 1 --url "$DB" autogenerate -m x --rev-id d4d4d4d4d4d4
	err_has "$1"
	[ ! -e "$V/d4d4d4d4d4d4_x.sql" ] || bad "autogenerate wrote a file"
	is "alembic_version" "$(has_version_table)" 0
}

fresh chain_name
model "$USERS"
mig $R2 "" "misnamed" "$UP1" "$DOWN1" $R1
begin "a file whose name does not start with its Revision ID: exit 1, naming file:line"
chain_error "migrations/versions/${R1}_m.sql:3: " "file name does not start with its Revision ID $R2"
end

fresh chain_dup
model "$USERS"
mig $R1 "" "first" "$UP1" "$DOWN1"
printf -- '-- copy\n--\n-- Revision ID: %s\n-- Revises:\n\n-- retort:upgrade\n\n-- retort:downgrade\n' $R1 >"$V/${R1}_copy.sql"
begin "two files with the same Revision ID: exit 1, naming both files"
chain_error "migrations/versions/${R1}_m.sql" "duplicate revision id $R1: also in migrations/versions/${R1}_copy.sql"
end

fresh chain_missing
model "$USERS"
mig $R1 "" "first" "$UP1" "$DOWN1"
mig $R2 ffffffffffff "orphan" "$UP2" "$DOWN2"
begin "Revises naming a revision that is not there: exit 1, naming file:line and the revision"
chain_error "migrations/versions/${R2}_m.sql:4: " "Revises names revision 'ffffffffffff', which is not in migrations/versions"
end

# ---- --sql ---------------------------------------------------------------------------------------
fresh offline
two_migrations
begin "the URL used for --sql really is unreachable: upgrade without --sql cannot connect"
rt 1 --url "$CLOSED" upgrade head
err_has "cannot connect"
end

begin "upgrade --sql prints the migrations and the version table statements without connecting"
rt 0 --url "$CLOSED" upgrade --sql
out_has "CREATE TABLE alembic_version ("
out_has "-- Running upgrade  -> $R1"
out_has "INSERT INTO alembic_version (version_num) VALUES ('$R1')"
out_has "-- Running upgrade $R1 -> $R2"
out_has "UPDATE alembic_version SET version_num='$R2' WHERE alembic_version.version_num = '$R1';"
out_has "$UP2"
err_lacks "connect"
cp "$work/out" "$work/up.sql"
"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$work/up.sql" >"$work/psql" 2>&1 || bad "psql: $(cat "$work/psql")"
is "database revision after running the printed SQL" "$(versions)" $R2
end

begin "downgrade --sql -1 and base print the downgrades and version table statements without connecting"
rt 0 --url "$CLOSED" downgrade --sql -1
out_has "-- Running downgrade $R2 -> $R1"
out_has "$DOWN2"
out_has "UPDATE alembic_version SET version_num='$R1' WHERE alembic_version.version_num = '$R2';"
out_lacks "DELETE FROM alembic_version"
out_lacks "DROP TABLE alembic_version"
err_lacks "connect"
rt 0 --url "$CLOSED" downgrade --sql base
out_has "-- Running downgrade $R2 -> $R1"
out_has "-- Running downgrade $R1 -> "
out_has "DELETE FROM alembic_version WHERE alembic_version.version_num = '$R1';"
out_has "$DOWN1"
out_has "DROP TABLE alembic_version;"
err_lacks "connect"
cp "$work/out" "$work/down.sql"
"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$work/down.sql" >"$work/psql" 2>&1 || bad "psql: $(cat "$work/psql")"
is "version table after running the printed SQL (dropped at base, as Alembic does)" \
	"$(q "$DBNAME" "SELECT to_regclass('alembic_version') IS NULL")" t
is "users after running the printed SQL" "$(q "$DBNAME" "SELECT to_regclass('users') IS NULL")" t
end

# ---- a failing migration -----------------------------------------------------------------------
fresh failing
mig $R1 "" "create users" "$UP1" "$DOWN1"
mig $R2 $R1 "broken" "CREATE TABLE two (a int);
INSERT INTO users (id) VALUES (1);
INSERT INTO two SELECT x FROM no_such_table;" "DROP TABLE two;"
begin "a migration failing on the server: exit 1, file:line:col and the server's message; rolled back"
rt 1 --url "$DB" upgrade head
err_has "migrations/versions/${R2}_m.sql:10:31: upgrade $R1 -> $R2 failed: relation \"no_such_table\" does not exist (SQLSTATE 42P01)"
err_has "still at $R1"
is "database revision" "$(versions)" $R1
is "table of the failed migration" "$(q "$DBNAME" "SELECT to_regclass('two') IS NULL")" t
is "rows the failed migration inserted" "$(q "$DBNAME" "SELECT count(*) FROM users")" 0
rt 0 --url "$DB" current
out_is "$R1"
end

begin "a migration with a syntax error: exit 1, file:line:col and the server's message; rolled back"
mig $R2 $R1 "broken" "CREATE TABLE two (a int);
CREATE TABLE three (a int;" "DROP TABLE two;"
rt 1 --url "$DB" upgrade head
err_has "migrations/versions/${R2}_m.sql:9:26: upgrade $R1 -> $R2 failed: syntax error at or near \";\""
err_has "still at $R1"
is "database revision" "$(versions)" $R1
is "table of the failed migration" "$(q "$DBNAME" "SELECT to_regclass('two') IS NULL")" t
end

# ---- a database at a revision the chain does not have -------------------------------------------
fresh unknown
two_migrations
model "$USERS_EMAIL"
rt 0 --url "$DB" upgrade head
q "$DBNAME" "UPDATE alembic_version SET version_num = 'ffffffffffff'" >/dev/null
begin "check on a database at a revision not in the chain: exit 1 naming it (as current and upgrade do)"
rt 1 --url "$DB" current
err_has "the database is at revision ffffffffffff, which is not in migrations/versions"
rt 1 --url "$DB" check
err_has "the database is at revision ffffffffffff, which is not in migrations/versions"
out_lacks "behind"
rt 1 --url "$DB" check --format json
err_has "the database is at revision ffffffffffff, which is not in migrations/versions"
end

begin "autogenerate on a database at a revision not in the chain: exit 1 naming it, no file"
before=$(files)
rt 1 --url "$DB" autogenerate -m "more" --rev-id d4d4d4d4d4d4
err_has "the database is at revision ffffffffffff, which is not in migrations/versions"
err_lacks "run retort upgrade head first"
is "versions after autogenerate" "$(files)" "$before"
end

# ---- passwords ----------------------------------------------------------------------------------
fresh password
two_migrations
model "$USERS_EMAIL"
PW=s3cr3tpw
PWDB="postgresql://postgres:$PW@/$DBNAME?host=$PGH&port=$PGP"   # trust: any password will do
all=$work/all-output
: >"$all"
keep() { cat "$work/out" "$work/err" >>"$all"; }
begin "a URL with a password: successful commands never print it"
rt 0 --url "$PWDB" upgrade $R1; keep
rt 2 --url "$PWDB" check; keep
rt 0 --url "$PWDB" upgrade head; keep
rt 0 --url "$PWDB" current -v; keep
out_has "postgresql://postgres:****@/$DBNAME"
rt 0 --url "$PWDB" history -i -v; keep
rt 0 --url "$PWDB" check --format json; keep
model "$USERS_EMAIL
CREATE TABLE tags (name text PRIMARY KEY);"
RETORT_DATABASE_URL=$PWDB rt 2 check; keep
RETORT_DATABASE_URL=$PWDB rt 0 autogenerate -m tags --rev-id $R3; keep
rt 0 --url "host=$PGH port=$PGP user=postgres dbname=$DBNAME password=$PW" upgrade head; keep
rt 0 --url "host=$PGH port=$PGP user=postgres dbname=$DBNAME password=$PW" current -v; keep
out_has "password=****"
rt 0 --url "$PWDB" downgrade -1; keep
! grep -qF "$PW" "$all" || bad "the password is in the output: $(grep -F "$PW" "$all" | head -3)"
! grep -rqF "$PW" "$V" || bad "the password is in a migration file"
end

begin "a URL with a password: failing commands never print it"
: >"$all"
NODB="postgresql://postgres:$PW@/no_such_db?host=$PGH&port=$PGP"
rt 1 --url "$NODB" current; keep
err_has "cannot connect to postgresql://postgres:****@/no_such_db"
rt 1 --url "$NODB" check; keep
rt 1 --url "$NODB" upgrade head; keep
rt 1 --url "$NODB" autogenerate -m x; keep
RETORT_DATABASE_URL="host=$PGH port=$PGP dbname=no_such_db password=$PW" rt 1 history -i; keep
err_has "password=****"
mig d4d4d4d4d4d4 $R3 "broken" "SELECT * FROM no_such_table;" ""
rt 1 --url "$PWDB" upgrade head; keep
err_has "no_such_table"
mig d4d4d4d4d4d4 $R3 "broken" "SELECT 1/0;" ""
rt 1 --url "$PWDB" upgrade head; keep
err_has "division by zero"
! grep -qF "$PW" "$all" || bad "the password is in the output: $(grep -F "$PW" "$all" | head -3)"
end

echo "1..$n"
[ "$nfail" -eq 0 ]
