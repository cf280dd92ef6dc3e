#!/usr/bin/env bash
# make demo: the main job end to end on a throwaway cluster, each step printed with the command
# a user would type.
set -euo pipefail
RETORT=${1:-build/retort}
RETORT=$(cd "$(dirname "$RETORT")" && pwd)/$(basename "$RETORT")
cd "$(dirname "$0")/.."
dir=$(mktemp -d /tmp/retort-demo.XXXXXX)
trap 'bash scripts/pg.sh stop "$dir/pg"' EXIT
eval "$(bash scripts/pg.sh start "$dir/pg")"
URL="host=$PGHOST port=$PGPORT user=postgres dbname=postgres"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
echo "A throwaway PostgreSQL cluster is running in $dir/pg (port $PGPORT)."
step "$RT_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$URL" -f fixtures/demo/shop.sql
step "$RETORT" inspect --url "$URL"
step "$RETORT" inspect --url "$URL" --format json >"$dir/shop.json"
echo "(JSON graph written to $dir/shop.json: $(wc -c <"$dir/shop.json") bytes)"
