#!/usr/bin/env bash
# Runs test programs (each prints TAP through cmocka) and shell tests (tests/integration/*.sh,
# TAP too), then prints the totals: "N passed, M failed".
set -u
export CMOCKA_MESSAGE_OUTPUT=TAP
BUILD=${BUILD:-build}
export RETORT_BIN=${RETORT_BIN:-$PWD/$BUILD/retort}
pass=0 fail=0 skipped=0
log=$(mktemp)
run() { # name cmd...
	local name=$1; shift
	echo "# $name"
	"$@" >"$log" 2>&1
	local rc=$?
	local p f
	# cmocka reports a skipped test as "not ok N # SKIP": neither passed nor failed
	p=$(grep -E '^ok ' "$log" | grep -cvE '# SKIP')
	f=$(grep -E '^not ok ' "$log" | grep -cvE '# SKIP')
	s=$(grep -E '^(not )?ok ' "$log" | grep -cE '# SKIP')
	skipped=$((skipped + s))
	grep -E '^(not ok|# )' "$log" | grep -vE '^# (ok|PASSED)|# SKIP' | head -40
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited $rc"; tail -20 "$log"; f=1
	fi
	echo "  $name: $p passed, $f failed"
	pass=$((pass + p)); fail=$((fail + f))
}
for t in "$@"; do run "$(basename "$t")" "$t"; done
# shell tests (TAP too), unless only unit tests were asked for
if [ -z "${UNIT_ONLY:-}" ]; then
	for s in tests/integration/*.sh; do
		[ -e "$s" ] && run "$(basename "$s")" bash "$s"
	done
fi
rm -f "$log"
if [ "$skipped" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skipped skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
