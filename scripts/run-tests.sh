#!/usr/bin/env bash
# Runs test programs (each prints TAP through cmocka) and shell tests (tests/integration/*.sh,
# TAP too), then prints the totals: "N passed, M failed".
set -u
export CMOCKA_MESSAGE_OUTPUT=TAP
BUILD=${BUILD:-build}
export RETORT_BIN=${RETORT_BIN:-$PWD/$BUILD/retort}
pass=0 fail=0
log=$(mktemp)
run() { # name cmd...
	local name=$1; shift
	echo "# $name"
	"$@" >"$log" 2>&1
	local rc=$?
	local p f
	p=$(grep -cE '^ok ' "$log")
	f=$(grep -cE '^not ok ' "$log")
	grep -E '^(not ok|# )' "$log" | grep -vE '^# (ok|PASSED)' | head -40
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited $rc"; tail -20 "$log"; f=1
	fi
	echo "  $name: $p passed, $f failed"
	pass=$((pass + p)); fail=$((fail + f))
}
for t in "$@"; do run "$(basename "$t")" "$t"; done
if [ $# -eq 0 ] || [ -z "${UNIT_ONLY:-}" ]; then
	for s in tests/integration/*.sh; do
		[ -e "$s" ] || continue
		[ $# -gt 0 ] && case " $* " in *"/tests/test_"*) [ -n "$(printf '%s\n' "$@" | grep itest_)" ] || continue;; esac
		run "$(basename "$s")" bash "$s"
	done
fi
rm -f "$log"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
