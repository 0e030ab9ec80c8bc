#!/usr/bin/env bash
# The reader in the SDL emulator under Xvfb, driven as a person drives it: the library window
# shows the list (white paper, dark text); Down moves the selection (the picture changes, one
# fast update); a click on a row opens that article; clicks on the right and left tap zones
# turn forward and back; Right turns; Esc returns to the library with the article selected;
# Esc in the library quits cleanly.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/xvfb_lib.sh"
export TZ=UTC

q trust add "$SRC/assets/sample-news.pub" --name "Quire sample publisher" >/dev/null
q import "$SRC/assets/sample-news.epub" >/dev/null
udhr=$(q list --json | python3 -c 'import json,sys
print(next(a["id"] for a in json.load(sys.stdin) if a["title"].startswith("Universal")))')

# kindle-basic (600x800) fits the 1280x1024 screen unscaled: window pixels are panel pixels
# (page pictures leave out the HUD strip under them, which says which update came last, and
# the status band, whose clock is the wall clock here: 770 of the 800 rows).
# Leak checking is off for this process only (see read_sdl.sh).
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$QUIRE" --db "$DB" read \
    --backend sdl --device kindle-basic --trace "$T/trace" >"$T/out" 2>"$T/err" &
qpid=$!
find_window || fail "no emulator window: $(cat "$T/err")"
await_frames 1 || fail "no frame presented: $(cat "$T/err")"
sleep 0.5
last() { tail -1 "$T/trace"; }
field() { last | python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
[ "$(field '["screen"]')" = library ] || fail "the reader did not open on the library: $(last)"

read -r _ _ _ dark light lib1 < <(stable_shot "$T/lib1.xwd")
[ "$light" -gt 500 ] && [ "$dark" -gt 20 ] || fail "library window: $light light, $dark dark"

key() { xdotool key --window "$wid" "$1" 2>/dev/null; }
click() { xdotool mousemove --window "$wid" "$1" "$2" click 1 2>/dev/null; }
step() { # N WHAT CMD...: sends an input, waits for frame N
    local n=$1 what=$2
    shift 2
    on_window "$@" || fail "cannot send $what to the window"
    await_frames "$n" || fail "$what presented nothing: $(cat "$T/trace")"
    sleep 0.3
}

step 2 Down key Down
[ "$(field '["kind"]')" = fast ] || fail "Down was not a fast update: $(last)"
read -r _ _ _ _ _ lib2 < <(stable_shot "$T/lib2.xwd")
[ "$lib1" != "$lib2" ] || fail "Down did not change the window"

# A click in the middle of the declaration's row opens it.
read -r x y w h < <(last | python3 -c "import json,sys
f = json.load(sys.stdin); x, _, w, h = f['row0']; print(x, f['row_y'][f['rows'].index($udhr)], w, h)")
step 3 "a click on a row" click $((x + w / 2)) $((y + h / 2))
[ "$(field '["screen"]')" = article ] && [ "$(field '["article"]')" = "$udhr" ] ||
    fail "the click did not open article $udhr: $(last)"
read -r _ _ _ dark _ p1 < <(stable_shot "$T/p1.xwd" 770)
[ "$dark" -gt 40 ] || fail "the article shows no text"

step 4 "a click on the forward zone" click 500 400
[ "$(field '["page"]')" = 2 ] || fail "the right zone did not turn forward: $(last)"
read -r _ _ _ _ _ p2 < <(stable_shot "$T/p2.xwd" 770)
[ "$p1" != "$p2" ] || fail "the page turn did not change the window"
step 5 "a click on the back zone" click 60 400
[ "$(field '["page"]')" = 1 ] || fail "the left zone did not turn back: $(last)"
read -r _ _ _ _ _ p1b < <(stable_shot "$T/p1b.xwd" 770)
[ "$p1b" = "$p1" ] || fail "turning back did not show the first page again"
step 6 Right key Right
[ "$(field '["page"]')" = 2 ] || fail "Right did not turn: $(last)"
step 7 Escape key Escape
[ "$(field '["screen"]')" = library ] && [ "$(field '["selected"]')" = "$udhr" ] ||
    fail "Esc did not return to the library with the article selected: $(last)"

on_window key Escape || fail "cannot send Esc"
for _ in $(seq 100); do kill -0 "$qpid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$qpid" 2>/dev/null; then fail "Esc in the library did not quit"; fi
wait "$qpid" || fail "the reader exited with an error: $(cat "$T/err")"
qpid=
echo ok
