#!/usr/bin/env bash
# Runs every check CI runs: a -Werror build, profile-guided as a release is built
# (contrib/build_pgo.sh), with all unit and end-to-end tests; the same tests under
# AddressSanitizer+UndefinedBehaviorSanitizer; a clang-format check; and bounded fuzzing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=$(nproc)
fuzz_seconds=${CROCHET_FUZZ_SECONDS:-30}

step() { printf '\n==== %s ====\n' "$*"; }

step "format check (clang-format 14)"
mapfile -t sources < <(git ls-files '*.cpp' '*.hpp')
clang-format-14 --dry-run --Werror "${sources[@]}"

step "build (-Werror, profile-guided, as a release is built)"
contrib/build_pgo.sh build/release -DCROCHET_WERROR=ON
step "tests"
ctest --test-dir build/release --output-on-failure -j"$jobs"

step "build (ASan+UBSan)"
BUILD_TYPE=Debug contrib/build.sh build/sanitize -DCROCHET_WERROR=ON -DCROCHET_SANITIZE=ON \
  -DCROCHET_BENCH=OFF
step "tests under ASan+UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build/sanitize --output-on-failure -j"$jobs"

step "fuzzing (${fuzz_seconds}s per target)"
# Only the fuzz targets and the layers they link: the tests already ran twice.
CXX=clang++ BUILD_TARGETS="fuzz_parser fuzz_migration" contrib/build.sh build/fuzz \
  -DCROCHET_FUZZ=ON -DCROCHET_BENCH=OFF -DCROCHET_TESTS=ON
for target in build/fuzz/tests/fuzz/fuzz_*; do
  [ -x "$target" ] || continue
  name=$(basename "$target")
  corpus=$(mktemp -d)
  cp -r "tests/fuzz/corpus/${name#fuzz_}/." "$corpus/" 2>/dev/null || true
  "$target" -max_total_time="$fuzz_seconds" -rss_limit_mb=2048 -timeout=10 "$corpus"
  rm -rf "$corpus"
done

step "all checks passed"
