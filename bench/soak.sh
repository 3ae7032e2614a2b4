#!/usr/bin/env bash
# Crash soak: the end-to-end SIGKILL test (tests/e2e/test_robust.cpp) run many times, each
# with its own seed, on bigger imports. Every run kills `diary import json` and `diary log`
# at random moments and then requires: PRAGMA integrity_check ok, every log that printed
# "Saved episode" present, each import wholly there or wholly absent.
#
#   bench/soak.sh [-n RUNS] [-r ROUNDS] [-e EPISODES] [-s FIRST_SEED] [--build-dir DIR]
#
#   -n RUNS       runs of the test, each a fresh diary (default 20)
#   -r ROUNDS     kill rounds per run (default 30)
#   -e EPISODES   episodes per import (default 20000)
#   -s SEED       seed of the first run; run i uses SEED + i (default: from the clock)
#   --build-dir   a build folder with tests (default build/release, built when missing)
# A failing run prints its seed: DIARY_CRASH_SEED=... reproduces it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=20 rounds=30 episodes=20000 seed=$(date +%s) build=$root/build/release
while (($#)); do
  case $1 in
    -n) runs=$2; shift 2 ;;
    -r) rounds=$2; shift 2 ;;
    -e) episodes=$2; shift 2 ;;
    -s) seed=$2; shift 2 ;;
    --build-dir) build=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "soak: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for v in "$runs" "$rounds" "$episodes" "$seed"; do
  [[ $v =~ ^[0-9]+$ ]] || { echo "soak: options want whole numbers, got $v" >&2; exit 2; }
done
tests=$build/tests/diary_e2e_tests
if [[ ! -x $tests || ! -x $build/cli/diary ]]; then
  echo "soak: building the tests in $build" >&2
  if [[ $build == "$root/build/release" ]]; then
    (cd "$root" && cmake --preset release >/dev/null)
  fi
  cmake --build "$build" -j2 --target diary diary_e2e_tests >/dev/null
fi
# The onsets of one run's imports must stay before the seed diary's (2026): rounds x
# episodes x 10 minutes from 1990 on.
if (( (rounds + 2) * (episodes * 600 + 86400) > 1790000000 - 631152000 - 86400 - rounds * 7200 )); then
  echo "soak: $rounds rounds of $episodes episodes do not fit the test's calendar; use fewer (rounds x episodes <= ~1.9 million)" >&2
  exit 2
fi

failed=0 start=$SECONDS
for ((i = 0; i < runs; i++)); do
  s=$((seed + i))
  log=$(mktemp)
  if DIARY_CRASH_SEED=$s DIARY_CRASH_ROUNDS=$rounds DIARY_CRASH_EPISODES=$episodes \
       "$tests" -tc="*SIGKILL*" >"$log" 2>&1; then
    killed=$(grep -o '[0-9]* of [0-9]* imports and [0-9]* of [0-9]* logs' "$log" || true)
    echo "run $((i + 1))/$runs seed $s: ok ($killed killed)"
  else
    failed=$((failed + 1))
    echo "run $((i + 1))/$runs seed $s: FAILED (reproduce: DIARY_CRASH_SEED=$s DIARY_CRASH_ROUNDS=$rounds DIARY_CRASH_EPISODES=$episodes $tests -tc='*SIGKILL*')"
    sed 's/^/    /' "$log" | tail -40
  fi
  rm -f "$log"
done
echo "soak: $((runs - failed)) of $runs runs passed in $((SECONDS - start)) s ($rounds rounds of $episodes-episode imports each)"
((failed == 0))
