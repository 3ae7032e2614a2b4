#!/usr/bin/env bash
# CI beyond the README's test command (.ci/run calls this after it):
#   1. the libFuzzer targets (preset `fuzz`: clang 14, ASan + UBSan), each run from its seed
#      corpus in tests/fuzz/corpus/<target>/ for a bounded time; any crash, leak, timeout or
#      sanitizer report fails the step and leaves the input in build/fuzz/artifacts/;
#   2. the whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer (preset `asan`);
#   3. the unit tests that run more than one thread (the analyses' helper thread, the phone
#      page's server) under ThreadSanitizer (preset `tsan`).
#
#   DIARY_FUZZ_SECONDS   seconds per fuzz target (default 30)
#   DIARY_CI_SKIP_ASAN=1 skip steps 2 and 3 (for a quick local fuzz run)
# Takes about 35 minutes on 2 cores from a clean tree.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${DIARY_FUZZ_SECONDS:-30}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "ci-extra: DIARY_FUZZ_SECONDS wants a positive whole number, got $seconds" >&2; exit 2; }
scripts/install-deps.sh
command -v clang++-14 >/dev/null || { echo "ci-extra: clang++-14 is missing (Debian package clang-14)" >&2; exit 1; }

echo "== fuzz: building (preset fuzz)"
cmake --workflow --preset fuzz
mkdir -p build/fuzz/artifacts
for target in fuzz_time fuzz_json fuzz_csv fuzz_http; do
  echo "== fuzz: $target for ${seconds}s"
  # New inputs go to a scratch corpus (listed first); the committed seeds are only read.
  scratch=$(mktemp -d)
  if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "build/fuzz/tests/fuzz/$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="build/fuzz/artifacts/$target-" \
      "$scratch" "tests/fuzz/corpus/$target" > "build/fuzz/$target.log" 2>&1; then
    tail -60 "build/fuzz/$target.log"
    echo "ci-extra: FAIL: $target found a problem; its input is in build/fuzz/artifacts/" >&2
    rm -rf "$scratch"
    exit 1
  fi
  grep -E "^stat::number_of_executed_units|^Done [0-9]+ runs" "build/fuzz/$target.log" | tail -2 || true
  rm -rf "$scratch"
done

if [[ ${DIARY_CI_SKIP_ASAN:-0} != 1 ]]; then
  echo "== the whole suite under ASan + UBSan (preset asan)"
  cmake --workflow --preset asan
  echo "== the tests with threads under TSan (preset tsan)"
  cmake --preset tsan
  cmake --build --preset tsan
  TSAN_OPTIONS=halt_on_error=1 build/tsan/tests/diary_unit_tests \
    -tc="relay*,app: a long*,*report*,*spill*,*streamed*,*summary*,*server*,*serve*,*http*,*page*,*api*"
fi
echo "ci-extra: ok"
