#!/usr/bin/env bash
# Reader benchmark: what a page turn costs while the reader's own sync worker imports 50 bundles
# from a loopback nginx, next to the same turns with no sync, in the same run (the issue's aim:
# within 10%), and how idle the reader is between scheduled events.
#  - ms: each turn's time as its trace line says (took_ms: real time from the loop taking the
#    key to the frame going to the panel: handling, drawing, the diff and the refresh decision;
#    the reading position is written after the frame, off the path). The median over R
#    sessions of N turns each, on a fresh copy of the library; in the sync sessions only turns
#    whose frame says "sync":"running" count (they start 300 ms after "Sync now", while bundles
#    are downloaded and imported).
#  - instructions: callgrind's count of the UI thread alone (--separate-threads): a session of
#    CN turns minus one of none, divided by CN.
#  - idle: a reader left alone with the sync schedule running (its next sync an hour away), on
#    the headless backend (an `idle` step: real time, the loop wakes at its own deadlines as on
#    a device) and on SDL (under a private Xvfb unless $DISPLAY is set), on an article and on
#    the sleep screen (ui.sleep_after_minutes=1, measured from 65 s): over QUIRE_BENCH_IDLE_S
#    seconds (default 60), the CPU ticks (utime+stime of all threads, /proc/PID/stat) and the
#    wake-ups (context switches of all threads, /proc/PID/task/*/status). Aim: 0 and 0. A
#    kiosk turning a page every 2 s shows that the count sees scheduled wake-ups: 30 of the loop
#    (strace shows one timed wait a page), each page's kiosk.state commit blocking in fsync
#    (synchronous=FULL) a few times more.
set -euo pipefail
cd "$(dirname "$0")/.."
export QUIRE=${QUIRE:-$PWD/build/quire} SRC=$PWD
source tests/sync/lib.sh
Q=$QUIRE
N=${QUIRE_BENCH_TURNS:-40}
R=${QUIRE_BENCH_RUNS:-5}
B=${QUIRE_BENCH_BUNDLES:-50}
IDLE=${QUIRE_BENCH_IDLE_S:-60}

# The library: one long article to read, a source with B bundles of 8 articles each.
make_key
mkdir -p "$T/a"
{ echo "Long read"; echo; cat tests/data/corpus/long-en.txt; } >"$T/a/long.txt"
"$Q" bundle create --key "$T/pub.key" --out "$T/long.epub" --publisher "Test Daily" \
    --sequence 1 "$T/a/long.txt" >/dev/null
for i in $(seq "$B"); do make_bundle "b$i" $((i + 1)) 8 3000; done
"$Q" publish --key "$T/pub.key" --out "$T/repo" "$T"/in/b*.epub >/dev/null
start_nginx bench "$T/repo" "limit_rate 1m;" # each bundle a few tens of ms: the sync outlasts the turns
BASE="$T/base/library.db"
"$Q" --db "$BASE" trust add "$T/pub.pub" >/dev/null
"$Q" --db "$BASE" import "$T/long.epub" >/dev/null
"$Q" --db "$BASE" source add daily "http://127.0.0.1:$NGX_PORT/" --pubkey "$T/pub.pub" >/dev/null
sqlite3 "$BASE" "UPDATE sources SET last_sync = strftime('%s', 'now') + 86400 * 400"
ID=$(sqlite3 "$BASE" "SELECT id FROM articles LIMIT 1")

fresh() { # NAME -> a fresh copy of the library (nothing synced yet) in $T/NAME, its path
    rm -rf "${T:?}/$1"
    cp -r "$T/base" "$T/$1"
    echo "$T/$1/library.db"
}
script() { # SYNC(0|1) TURNS -> script path
    local f="$T/s-$1-$2"
    {
        [ "$1" -eq 1 ] && printf 'sync now\nsleep 300\n'
        for _ in $(seq "$2"); do echo "key right"; done
    } >"$f"
    echo "$f"
}
turn_ms() { # SYNC(0|1): one session of N turns; prints each counted turn's ms, one a line
    local db
    db=$(fresh run)
    "$Q" --db "$db" read --backend headless --article "$ID" --script "$(script "$1" "$N")" \
        --trace "$T/trace" >/dev/null
    python3 - "$T/trace" "$1" <<'PY'
import json, sys
frames = [json.loads(l) for l in open(sys.argv[1])]
for f in frames[1:]:  # frames[0] is the opening
    if sys.argv[2] == "0" or f["sync"] == "running":
        print(f["took_ms"])
PY
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# The two kinds of session alternate, so a change in the machine's load meets both alike.
: >"$T/idle.ms"
: >"$T/sync.ms"
for _ in $(seq "$R"); do
    turn_ms 0 >>"$T/idle.ms"
    turn_ms 1 >>"$T/sync.ms"
done
[ -s "$T/sync.ms" ] || { echo "bench/reader: no turn was made while the sync ran" >&2; exit 1; }
awk -v a="$(median <"$T/idle.ms")" -v b="$(median <"$T/sync.ms")" -v na="$(wc -l <"$T/idle.ms")" \
    -v nb="$(wc -l <"$T/sync.ms")" -v r="$R" -v bn="$B" 'BEGIN {
    printf "page turn idle:        median %.2f ms (%d turns in %d sessions)\n", a, na, r
    printf "page turn during sync: median %.2f ms (%d turns while %d bundles came from loopback nginx)  %.2fx idle\n",
        b, nb, bn, (a > 0 ? b / a : 0) }'

if command -v valgrind >/dev/null; then
    CN=10
    ir() { # SCRIPT -> instructions of the UI thread
        local db
        db=$(fresh run)
        rm -f "$T"/cg.out*
        valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$T/cg.out" \
            "$Q" --db "$db" read --backend headless --article "$ID" --script "$1" >/dev/null \
            2>"$T/cg.err"
        awk '/^summary:/ {print $2}' "$T/cg.out-01"
    }
    for mode in 0 1; do
        i0=$(ir "$(script "$mode" 0)")
        i1=$(ir "$(script "$mode" "$CN")")
        inst[$mode]=$(((i1 - i0) / CN))
    done
    awk -v a="${inst[0]}" -v b="${inst[1]}" 'BEGIN {
        printf "instructions per turn: idle %.2fM, during sync %.2fM  %.2fx (callgrind, UI thread)\n",
            a / 1e6, b / 1e6, (a > 0 ? b / a : 0) }'
fi

# ---- idle ----
# usage PID -> "ticks switches" of the whole process (every thread)
usage() {
    local ticks sw
    ticks=$(awk '{print $14 + $15}' "/proc/$1/stat")
    sw=$(cat /proc/"$1"/task/*/status | awk '/ctxt_switches/ {s += $2} END {print s}')
    echo "$ticks $sw"
}
measure() { # LABEL PID FROM_S: prints the ticks and wake-ups of PID over IDLE s from FROM_S
    local label=$1 pid=$2 from=$3 t0 t1
    sleep_until "$from"
    t0=$(usage "$pid")
    sleep_until $((from + IDLE))
    t1=$(usage "$pid")
    awk -v l="$label" -v a="$t0" -v b="$t1" -v s="$IDLE" 'BEGIN {
        split(a, x, " "); split(b, y, " ")
        printf "idle %-28s over %d s: %d CPU ticks, %d wake-ups (sync scheduled in 1 h)\n",
            l, s, y[1] - x[1], y[2] - x[2] }' >"$T/idle-$pid"
}
START=$(date +%s)
sleep_until() { # S: sleeps until S seconds after START
    local left=$((START + $1 - $(date +%s)))
    [ "$left" -gt 0 ] && sleep "$left" || true
}
idle_reader() { # NAME BACKEND [flags...]: starts a reader on its own fresh library; sets RPID
    local name=$1 backend=$2 db
    shift 2
    db=$(fresh "$name")
    sqlite3 "$db" "UPDATE sources SET last_sync = strftime('%s', 'now')"
    local run=(--backend "$backend" --trace "$T/$name.trace" "$@")
    if [ "$backend" = headless ]; then # real time passes; the reader outlives the measurement
        printf 'idle %d\n' $(((IDLE + 90) * 1000)) >"$T/$name.script"
        run+=(--script "$T/$name.script")
    fi
    "$Q" --db "$db" read "${run[@]}" >/dev/null 2>"$T/$name.err" &
    RPID=$!
    READERS+=("$RPID")
    PIDS+=("$RPID")
}
READERS=()
MEASURES=()
has_sdl=0
if "$Q" read --help 2>&1 | grep -q sdl && command -v Xvfb >/dev/null; then
    has_sdl=1
    if [ -z "${DISPLAY:-}" ]; then
        Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$T/display" >/dev/null 2>&1 &
        PIDS+=($!)
        for _ in $(seq 100); do [ -s "$T/display" ] && break; sleep 0.1; done
        export DISPLAY=":$(cat "$T/display")"
    fi
fi
watch() { # NAME BACKEND FROM_S LABEL [flags...]: a reader, measured from FROM_S
    idle_reader "$1" "$2" "${@:5}"
    measure "$4" "$RPID" "$3" &
    MEASURES+=($!)
}
START=$(date +%s)
watch h-article headless 3 "headless, article" --article "$ID"
watch h-sleep headless 65 "headless, sleep screen" --article "$ID" --set ui.sleep_after_minutes=1
# The measurement's own check: a kiosk's page every 2 s is 30 scheduled wake-ups a minute.
watch h-kiosk headless 3 "headless, kiosk every 2 s" --kiosk --kiosk-interval 2
if [ "$has_sdl" -eq 1 ]; then
    watch s-article sdl 3 "sdl (Xvfb), article" --article "$ID"
    watch s-sleep sdl 65 "sdl (Xvfb), sleep screen" --article "$ID" --set ui.sleep_after_minutes=1
fi
wait "${MEASURES[@]}"
for name in h-sleep s-sleep; do
    [ -f "$T/$name.trace" ] && ! grep -q '"screen":"sleep"' "$T/$name.trace" &&
        { echo "bench/reader: the $name reader did not go to sleep" >&2; exit 1; }
done
kill "${READERS[@]}" 2>/dev/null || true
cat "$T"/idle-*
