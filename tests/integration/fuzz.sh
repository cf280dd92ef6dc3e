#!/usr/bin/env bash
# The DDL front-end under libFuzzer for a short, bounded time (FUZZ_SECONDS, default 20):
# any crash, leak or sanitizer report fails the run.
set -u
echo "1..1"
if make -s fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-20}" >/tmp/retort-fuzz.log 2>&1; then
	grep -E "^Done|stat::number_of_executed_units" /tmp/retort-fuzz.log | sed 's/^/# /'
	echo "ok 1 - fuzz_ddl ran clean"
else
	tail -30 /tmp/retort-fuzz.log | sed 's/^/# /'
	echo "not ok 1 - fuzz_ddl found a crash (see above)"
	exit 1
fi
