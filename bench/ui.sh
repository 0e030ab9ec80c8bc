#!/usr/bin/env bash
# Reader UI benchmark, headless, on a library of 10,000 articles built here (20 bundles of 500
# news-sized stories, two publishers, ten sections):
#  - cold start to the first library frame: a new process opens the library, lays out and
#    presents the first screen, then exits (the script is empty); median wall ms of R runs and
#    the largest peak RSS. The file cache is warm (a second run of the same binary); "cold" is
#    the process. Aim: under 80 ms and 40 MB.
#  - key press to presented frame, in instructions (callgrind, counted only inside the shell's
#    act(): the input's handling up to platform_present returning; the reading position is
#    written after that, off the hot path): a script with N presses minus the same script
#    without them, divided by the frames they presented (from the trace), at
#    1072x1448: a page turn of the English declaration opened from the library, the same turns
#    of the single-file reader (the peer: 5.7 M before the shell), moving the selection in the
#    library, a key of the on-screen keyboard, opening the menu (the first one at once, and
#    after the library was shown for half a second: the shell rasterises the menu's glyphs
#    when no input is waiting, a warm-up whose own cost is printed too; then again), and a
#    menu opened and closed.
#    Aim for a UI update: under 3 M instructions.
set -euo pipefail
cd "$(dirname "$0")/.."
# Q, T, N, DB and build_library (the 10,000 articles described above).
source bench/lib/library.sh
R=${QUIRE_BENCH_RUNS:-9}

cold_start() {
    : >"$T/empty"
    "$Q" --db "$DB" read --backend headless --script "$T/empty" --trace "$T/cold.trace" >/dev/null
    grep -q '"screen":"library"' "$T/cold.trace" || {
        echo "bench/ui: the reader did not open on the library" >&2
        exit 1
    }
    local times=() rss=0 kb t0 t1
    for _ in $(seq "$R"); do
        t0=$(date +%s%N)
        /usr/bin/time -v -o "$T/time" "$Q" --db "$DB" read --backend headless \
            --script "$T/empty" >/dev/null
        t1=$(date +%s%N)
        times+=($((t1 - t0)))
        kb=$(awk -F: '/Maximum resident/ {gsub(/ /, "", $2); print $2}' "$T/time")
        [ "$kb" -gt "$rss" ] && rss=$kb
    done
    local med
    med=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    awk -v ns="$med" -v r="$R" -v kb="$rss" -v n="$N" 'BEGIN {
        printf "cold start to the library: median %.1f ms, peak RSS %.1f MiB (%d runs, %d articles, 1072x1448)\n",
            ns / 1e6, kb / 1024, r, n}'
}

# instructions BASE PRESS N ARGS...: callgrind Ir of (BASE lines + N x PRESS lines) minus
# BASE alone, per frame the presses presented.
instructions() {
    local base=$1 press=$2 n=$3
    shift 3
    printf '%b' "$base" >"$T/s0"
    { printf '%b' "$base"; for _ in $(seq "$n"); do printf '%b' "$press"; done; } >"$T/s1"
    local i0 i1 f0 f1
    for s in 0 1; do
        valgrind --tool=callgrind --collect-atstart=no --toggle-collect=act \
            --callgrind-out-file="$T/cg$s" "$Q" --db "$DB" read \
            --backend headless --script "$T/s$s" --trace "$T/t$s" "$@" >/dev/null 2>"$T/cg.err"
    done
    i0=$(awk '/^(summary|totals):/ {print $2; exit}' "$T/cg0")
    i1=$(awk '/^(summary|totals):/ {print $2; exit}' "$T/cg1")
    f0=$(wc -l <"$T/t0")
    f1=$(wc -l <"$T/t1")
    [ "$f1" -gt "$f0" ] || {
        echo "bench/ui: '$press' presented no frame" >&2
        exit 1
    }
    awk -v a="$i0" -v b="$i1" -v f=$((f1 - f0)) -v p=$n \
        'BEGIN {printf "%.2f M instructions per frame (%d presses, %d frames)", (b - a) / f / 1e6, p, f}'
}

build_library
cold_start
if ! command -v valgrind >/dev/null; then
    echo "instructions: valgrind not installed (scripts/deps.sh test)"
    exit 0
fi
# The peer's text, imported from the sample bundle, so both turn the same pages.
"$Q" --db "$DB" trust add assets/sample-news.pub >/dev/null
"$Q" --db "$DB" import assets/sample-news.epub >/dev/null
udhr=$("$Q" --db "$DB" list --json | python3 -c 'import json, sys
print(next(a["id"] for a in json.load(sys.stdin) if a["title"].startswith("Universal")))')
echo "page turn, the declaration in the library: $(instructions '' 'key right\n' 10 \
    --article "$udhr")"
echo "page turn, the single-file reader (peer): $(instructions '' 'key right\n' 10 \
    --file tests/data/corpus/udhr-en.txt)"
echo "library, selection moved: $(instructions '' 'key down\nkey up\n' 5)"
# The search screen tells where its keys are; tap the first letter key.
"$Q" --db "$DB" read --backend headless --script <(echo "key search") --trace "$T/kb" >/dev/null
read -r kx ky kw kh < <(tail -1 "$T/kb" | python3 -c 'import json, sys
print(*json.load(sys.stdin)["row0"][:4])')
echo "keyboard key (press and release): $(instructions 'key search\n' \
    "tap $((kx + kw / 2)) $((ky + kh / 2))\n" 10)"
echo "menu opened the first time, at once: $(instructions '' 'key menu\n' 1)"
echo "menu opened the first time, after 0.5 s on the library: $(instructions 'wait 500\n' \
    'key menu\n' 1)"
echo "wait 500" >"$T/idle"
valgrind --tool=callgrind --collect-atstart=no --toggle-collect=warm_menu \
    --callgrind-out-file="$T/cgw" "$Q" --db "$DB" read --backend headless --script "$T/idle" \
    >/dev/null 2>"$T/cg.err"
echo "menu warm-up while idle on the library (once per screen and settings): $(
    awk '/^(summary|totals):/ {printf "%.2f M instructions", $2 / 1e6; exit}' "$T/cgw")"
echo "menu opened again: $(instructions 'key menu\nkey esc\n' 'key menu\n' 1)"
echo "menu opened and closed: $(instructions '' 'key menu\nkey esc\n' 5)"
