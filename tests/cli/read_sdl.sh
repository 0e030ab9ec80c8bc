#!/usr/bin/env bash
# The SDL emulator under Xvfb: the window shows the page (a screenshot of the window is mostly
# white paper with dark text), the Right key turns the page (the screenshot changes), and an
# idle window uses under 1% of a CPU over 5 seconds (utime+stime from /proc/PID/stat).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/xvfb_lib.sh"

# Under ASan, leak checking is off for this one process: what LSan finds here is held by
# libdbus and by X/GL modules SDL dlopens and unloads (their frames show as <unknown module>,
# which no suppression can name). The same drawing and reader code runs leak-checked headless.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$QUIRE" read --backend sdl \
    --file "$SRC/tests/data/corpus/udhr-en.txt" --trace "$T/trace" >"$T/out" 2>"$T/err" &
qpid=$!
find_window || fail "no emulator window: $(cat "$T/err")"
# The first page is on screen once its frame is in the trace (slow builds need a while).
for _ in $(seq 200); do [ -s "$T/trace" ] && break; sleep 0.1; done
[ -s "$T/trace" ] || fail "no frame presented: $(cat "$T/err")"
sleep 0.5

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
