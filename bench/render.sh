#!/usr/bin/env bash
# Render benchmark at 1072x1448 (kobo-clara): the cost of one page turn with the layout cached,
# from the input event to the presented frame (render, diff, refresh decision, present) on the
# headless backend, and the peak RSS of `quire render`.
#  - ms: per-turn time = (T(N turns) - T(0 turns)) / N for one reader session each, so layout
#    and start-up cancel out; the median of R such runs is printed.
#  - instructions: the same difference of callgrind's total Ir counts, divided by the turns
#    made. Turns are counted from a --trace (frames presented), never assumed from page counts.
# Aim: under 10 million instructions per turn.
set -euo pipefail
cd "$(dirname "$0")/.."
Q=${QUIRE:-$PWD/build/quire}

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
DOC=tests/data/corpus/long-en.txt
N=${QUIRE_BENCH_TURNS:-40}
R=${QUIRE_BENCH_RUNS:-7}
: >"$T/zero"
for _ in $(seq "$N"); do echo "key right"; done >"$T/turns"

run_ns() { # SCRIPT -> ns for one whole session
    local t0 t1
    t0=$(date +%s%N)
    "$Q" read --backend headless --file "$DOC" --script "$1" >/dev/null
    t1=$(date +%s%N)
    echo $((t1 - t0))
}
# Turns actually made (a turn past the last page is a no-op and presents nothing): the frames
# in a trace, minus the opening one.
turns_made() { # DOC SCRIPT -> page turns presented
    "$Q" read --backend headless --file "$1" --script "$2" --trace "$T/trace" >/dev/null
    echo $(($(wc -l <"$T/trace") - 1))
}
NT=$(turns_made "$DOC" "$T/turns")
[ "$NT" -gt 0 ] || { echo "bench/render: no page turns made" >&2; exit 1; }
per=()
for _ in $(seq "$R"); do
    z=$(run_ns "$T/zero")
    n=$(run_ns "$T/turns")
    per+=($(((n - z) / NT)))
done
median=$(printf '%s\n' "${per[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
awk -v ns="$median" -v n="$NT" -v r="$R" \
    'BEGIN {printf "page turn: median %.2f ms (%d turns, %d runs, 1072x1448, layout cached)\n",
            ns / 1e6, n, r}'

if command -v valgrind >/dev/null; then
    CN=10
    for _ in $(seq "$CN"); do echo "key right"; done >"$T/cturns"
    ir() { # SCRIPT -> total instructions
        valgrind --tool=callgrind --callgrind-out-file="$T/cg.out" "$Q" read --backend headless \
            --file tests/data/corpus/udhr-en.txt --script "$1" >/dev/null 2>"$T/cg.err"
        awk '/^summary:/ {print $2}' "$T/cg.out"
    }
    i0=$(ir "$T/zero")
    i1=$(ir "$T/cturns")
    CT=$(turns_made tests/data/corpus/udhr-en.txt "$T/cturns")
    [ "$CT" -gt 0 ] || { echo "bench/render: no page turns made in udhr-en" >&2; exit 1; }
    awk -v a="$i0" -v b="$i1" -v n="$CT" \
        'BEGIN {printf "page turn: %.1f million instructions (callgrind, mean of %d turns)\n",
            (b - a) / n / 1e6, n}'
else
    echo "page turn instructions: valgrind not installed (scripts/deps.sh test)"
fi

/usr/bin/time -v -o "$T/time" "$Q" render --file "$DOC" --out "$T/pages" >/dev/null
rss=$(awk -F: '/Maximum resident/ {gsub(/ /, "", $2); print $2}' "$T/time")
pages=$(ls "$T/pages" | wc -l)
echo "quire render: peak RSS $((rss / 1024)) MiB ($pages pages of long-en at 1072x1448)"
