#!/usr/bin/env bash
# The whole test run behind `make test`:
#   1. release build (warnings as errors in CI), every CTest test;
#   2. the same suite under AddressSanitizer + UndefinedBehaviorSanitizer;
#   3. each libFuzzer target for QUIRE_FUZZ_SECONDS (default 20) from its seed corpus;
#   4. cross builds for armhf and arm64 with their device tests under qemu-user
#      (scripts/cross.sh; QUIRE_CROSS=0 leaves it out while developing).
# Prints one closing line "N passed, N failed" over the stages.
set -uo pipefail
cd "$(dirname "$0")/.."
JOBS=$(nproc)
WERROR=${WERROR:-$([ -n "${CI:-}" ] && echo ON || echo OFF)}
passed=0
failed=0

stage() { # name, then the command
    local name=$1
    shift
    echo "=== $name"
    if "$@"; then
        passed=$((passed + 1))
        echo "=== $name: ok"
    else
        failed=$((failed + 1))
        echo "=== $name: FAILED"
    fi
}

configure_and_test() { # dir, cmake flags...
    local dir=$1
    shift
    cmake -S . -B "$dir" -DQUIRE_WERROR="$WERROR" "$@" >/dev/null &&
        cmake --build "$dir" -j "$JOBS" &&
        (cd "$dir" && ctest --output-on-failure -j "$JOBS" --timeout 900)
}

stage release configure_and_test build -DCMAKE_BUILD_TYPE=RelWithDebInfo
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export LSAN_OPTIONS=suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
stage asan+ubsan configure_and_test build-asan -DCMAKE_BUILD_TYPE=Debug -DQUIRE_SANITIZE=ON
stage fuzz bash scripts/fuzz.sh
[ "${QUIRE_CROSS:-1}" = 0 ] || stage cross bash scripts/cross.sh test armhf arm64

echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
