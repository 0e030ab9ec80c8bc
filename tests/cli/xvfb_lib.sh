# Shared by the Xvfb tests (sourced after lib.sh, not a test itself): a private X server,
# finding the emulator window, screenshots summarised as "w h bpp dark light hash".
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
    [ -n "${QUIRE_KEEP_TMP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
for _ in $(seq 100); do [ -s "$T/display" ] && break; sleep 0.1; done
[ -s "$T/display" ] || fail "Xvfb did not start: $(cat "$T/xvfb.log")"
export DISPLAY=":$(cat "$T/display")"

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
grab() { xwd -id "$wid" -silent >"$1" 2>/dev/null && [ -s "$1" ]; }
shot() { # FILE [ROWS]: prints "w h bpp dark light hash" of the window (its top ROWS rows)
    on_window grab "$1" || fail "cannot capture the emulator window"
    python3 - "$1" "${2:-0}" <<'PY'
import hashlib, struct, sys
d = open(sys.argv[1], 'rb').read()
h = struct.unpack('>25I', d[:100])
hsize, w, hgt, bpp, bpl, ncolors = h[0], h[4], h[5], h[11], h[12], h[19]
hgt = int(sys.argv[2]) or hgt
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

# stable_shot FILE [ROWS]: shot's summary once two shots 0.2 s apart agree (the emulator
# animates a full refresh's flash, and a loaded machine draws late).
stable_shot() {
    local a b
    a=$(shot "$@")
    for _ in $(seq 25); do
        sleep 0.2
        b=$(shot "$@")
        [ "${a##* }" = "${b##* }" ] && break
        a=$b
    done
    echo "$b"
}

# Waits until the reader has presented N frames (its trace has N lines).
await_frames() { # N (a loaded machine can take seconds: wait up to 30 s)
    for _ in $(seq 300); do
        [ "$(wc -l <"$T/trace")" -ge "$1" ] && return 0
        sleep 0.1
    done
    return 1
}
