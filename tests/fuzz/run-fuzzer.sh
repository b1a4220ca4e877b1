#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-fuzzer.sh HARNESS SEEDS CORPUS SECONDS [LIBFUZZER OPTIONS…]
#
# Replays every seed (a crash on one is a regression), then fuzzes for
# SECONDS.  New inputs go to CORPUS (in the build tree), crashes to
# CORPUS/../crashes/, so nothing is written into the source tree.
set -eu

harness=$1 seeds=$2 corpus=$3 seconds=$4
shift 4

crashes="$(dirname "$corpus")/crashes"
mkdir -p "$corpus" "$crashes"

# Replay the seeds and the regression inputs one by one.
"$harness" -runs=0 -error_exitcode=1 -timeout_exitcode=1 "$@" "$seeds"

[ "$seconds" -gt 0 ] || exit 0

exec nice "$harness" -max_total_time="$seconds" -print_final_stats=1 \
  -error_exitcode=1 -timeout_exitcode=1 \
  -artifact_prefix="$crashes/" "$@" "$corpus" "$seeds"
