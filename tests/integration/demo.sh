#!/usr/bin/env bash
# `make demo` as a test: init → autogenerate (embedded default) → upgrade → check → downgrade
# → check (drift, exit 2), each step's exit status and key output asserted by the script.
set -u
echo "1..1"
log=$(mktemp)
if bash scripts/demo.sh "${RETORT_BIN:-build/retort}" >"$log" 2>&1; then
	tail -1 "$log" | sed 's/^/# /'
	echo "ok 1 - demo: autogenerate, upgrade, check, downgrade end to end"
else
	tail -25 "$log" | sed 's/^/# /'
	echo "not ok 1 - demo failed"
fi
rm -f "$log"
