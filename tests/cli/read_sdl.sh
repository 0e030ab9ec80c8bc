#!/usr/bin/env bash
# The SDL emulator under Xvfb: the window shows the page (a screenshot of the window is mostly
# white paper with dark text), the Right key turns the page (the screenshot changes), and an
# idle window uses under 1% of a CPU over 5 seconds (utime+stime from /proc/PID/stat).
. "$(dirname "$0")/lib.sh"
for tool in Xvfb xdotool xwd python3; do
    command -v "$tool" >/dev/null || fail "$tool is missing (scripts/deps.sh test)"
done
# -displayfd: Xvfb picks a free display and writes its number once it accepts clients.
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$T/display" >"$T/xvfb.log" 2>&1 &
xvfb=$!
qpid=
cleanup() { # runs under set -e: no step may stop the ones after it
    if [ -n "$qpid" ]; then kill "$qpid" 2>/dev/null || true; fi
    kill "$xvfb" 2>/dev/null || true
    rm -rf "$T"
}
trap cleanup EXIT
for _ in $(seq 100); do [ -s "$T/display" ] && break; sleep 0.1; done
[ -s "$T/display" ] || fail "Xvfb did not start: $(cat "$T/xvfb.log")"
export DISPLAY=":$(cat "$T/display")"

# Under ASan, leak checking is off for this one process: what LSan finds here is held by
# libdbus and by X/GL modules SDL dlopens and unloads (their frames show as <unknown module>,
# which no suppression can name). The same drawing and reader code runs leak-checked headless.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$QUIRE" read --backend sdl \
    --file "$SRC/tests/data/corpus/udhr-en.txt" --trace "$T/trace" >"$T/out" 2>"$T/err" &
qpid=$!
# SDL may create and re-create its window while starting, so an id found early can go stale
# (X BadWindow): every use of the window looks it up again and retries a few times.
find_window() {
    wid=
    for _ in $(seq 100); do
        wid=$(xdotool search --onlyvisible --name '^Quire' 2>/dev/null | tail -1) && [ -n "$wid" ] && return 0
        sleep 0.1
    done
    return 1
}
on_window() { # CMD...: runs CMD (which uses $wid) until it works, refreshing $wid between tries
    for _ in 1 2 3 4 5; do
        "$@" && return 0
        sleep 0.3
        find_window || true
    done
    return 1
}
find_window || fail "no emulator window: $(cat "$T/err")"
# The first page is on screen once its frame is in the trace (slow builds need a while).
for _ in $(seq 200); do [ -s "$T/trace" ] && break; sleep 0.1; done
[ -s "$T/trace" ] || fail "no frame presented: $(cat "$T/err")"
sleep 0.5

grab() { xwd -id "$wid" -silent >"$1" 2>/dev/null && [ -s "$1" ]; }
shot() { # FILE: prints "w h bpp dark light hash" of the window
    on_window grab "$1" || fail "cannot capture the emulator window"
    python3 - "$1" <<'PY'
import hashlib, struct, sys
d = open(sys.argv[1], 'rb').read()
h = struct.unpack('>25I', d[:100])
hsize, w, hgt, bpp, bpl, ncolors = h[0], h[4], h[5], h[11], h[12], h[19]
px = d[hsize + ncolors * 12:][:hgt * bpl]
dark = light = n = 0
for y in range(0, hgt, 2):
    row = px[y * bpl:(y + 1) * bpl]
    for x in range(0, w, 2):
        v = sum(row[x * 4:x * 4 + 3]) // 3
        dark += v < 100
        light += v > 200
        n += 1
print(w, hgt, bpp, dark * 1000 // n, light * 1000 // n, hashlib.sha256(px).hexdigest())
PY
}
read -r w h bpp dark light hash1 < <(shot "$T/a.xwd")
[ "$bpp" = 32 ] || fail "unexpected X visual ($bpp bpp)"
[ "$light" -gt 500 ] || fail "the window is not showing a white page ($light permille light)"
[ "$dark" -gt 40 ] || fail "the window shows no text ($dark permille dark)"

press_right() { xdotool key --window "$wid" Right 2>/dev/null; }
on_window press_right || fail "cannot send a key to the emulator window"
for _ in $(seq 30); do
    [ "$(grep -c '"page":2' "$T/trace")" -ge 1 ] && break
    sleep 0.1
done
sleep 0.3
read -r _ _ _ dark2 _ hash2 < <(shot "$T/b.xwd")
[ "$hash1" != "$hash2" ] || fail "Right did not change the window"
grep -q '"page":2' "$T/trace" || fail "Right did not turn the page: $(cat "$T/trace")"
[ "$dark2" -gt 40 ] || fail "the second page shows no text"

# Idle: no events for 5 s must cost under 1% of a CPU.
sleep 0.5
ticks() { awk '{print $14 + $15}' "/proc/$qpid/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks)
sleep 5
t1=$(ticks)
used=$((t1 - t0))
[ $((used * 100)) -lt $((hz * 5)) ] ||
    fail "idle window used $used ticks of $((hz * 5)) (>= 1% CPU)"
echo "idle: $used ticks in 5 s at $hz Hz"

press_escape() { xdotool key --window "$wid" Escape 2>/dev/null; }
on_window press_escape || fail "cannot send Esc to the emulator window"
# A loaded machine (the suite runs in parallel) can take a few seconds to tear SDL down.
for _ in $(seq 100); do kill -0 "$qpid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$qpid" 2>/dev/null; then fail "Esc did not close the reader"; fi
wait "$qpid" || fail "the reader exited with an error: $(cat "$T/err")"
qpid=
echo ok
