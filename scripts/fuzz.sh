#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into build-fuzz/ and runs each for
# QUIRE_FUZZ_SECONDS (default 20; `make fuzz-long`: 600) from its seed corpus
# tests/fuzz/corpus/<name>/, printing each target's executions and coverage (edges, features,
# corpus size). A crash leaves its input in build-fuzz/, prints the end of its log and fails.
# What is instrumented: all of app/ (coverage, ASan, UBSan: QUIRE_FUZZ in CMakeLists.txt).
# Debian's shared libraries are not: fuzz_image reaches libjpeg-turbo, libpng, libwebp and
# giflib, but their code gives no coverage feedback and ASan sees only what they touch of our
# buffers. Instrumenting them means building them from source with -fsanitize=fuzzer-no-link,
# which deps.sh (Debian packages only) and CI's time budget leave out; they are fuzzed
# upstream (OSS-Fuzz), and app/image caps sizes before any of them decodes.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${QUIRE_FUZZ_SECONDS:-20}
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUIRE_FUZZ=ON \
    -DQUIRE_BUILD_TESTS=ON >/dev/null
shopt -s nullglob
targets=()
for src in tests/fuzz/fuzz_*.c; do targets+=("$(basename "$src" .c)"); done
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no targets"; exit 1; }
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]}"
count=0
for src in tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    corpus_seed="tests/fuzz/corpus/${name#fuzz_}"
    work="build-fuzz/corpus-${name#fuzz_}"
    mkdir -p "$work"
    [ -d "$corpus_seed" ] && cp -n "$corpus_seed"/* "$work"/ 2>/dev/null || true
    log="build-fuzz/fuzz-${name#fuzz_}.log"
    rc=0
    (cd build-fuzz && ASAN_OPTIONS=detect_leaks=1 \
        LSAN_OPTIONS=suppressions=$PWD/../tests/sanitizers/lsan.supp:print_suppressions=0 \
        "./tests/fuzz/$name" -max_total_time="$seconds" \
        -rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 "../$work") >"$log" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ]; then
        tail -n 40 "$log"
        echo "fuzz: $name failed (exit $rc; the whole run: $log)"
        exit 1
    fi
    # The figures of the run: executions, and coverage (edges "cov", features "ft") at the end.
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -n 1)
    echo "fuzz: $name ${seconds}s: ${execs:-?} execs, ${cov:-no coverage line}"
    count=$((count + 1))
done
echo "fuzz: $count targets ran clean"
