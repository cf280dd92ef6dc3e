#!/usr/bin/env bash
# Rewrites fixtures/pairs/*/up.sql and down.sql from the current build (review the git diff!).
#   scripts/regen-pairs.sh [CASE-SUBSTRING]
set -euo pipefail
cd "$(dirname "$0")/.."
make -s all build/tests/itest_pairs
RT_REGEN=1 RT_TEST_ONLY="${1:-}" CMOCKA_MESSAGE_OUTPUT=TAP build/tests/itest_pairs
