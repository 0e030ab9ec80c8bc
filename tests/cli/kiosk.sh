#!/usr/bin/env bash
# Kiosk mode on the headless backend (its virtual clock): with a 2 s interval, `wait` advances
# pages and then articles by themselves, on the interval's boundaries, round to the newest
# again; only the chosen sections show (the rotation and the kiosk's library); Esc, m, the menu
# key, font and night keys do nothing; a tap pauses and idle resumes; an unchanged frame is not
# presented again (refresh log); a deep clean flashes at its hour; the place survives a SIGKILL;
# the exit combination held 5 s is the only way out; bad flags exit 2 with one line.
. "$(dirname "$0")/lib.sh"
export TZ=UTC

make_key "$T/pub"
q trust add "$T/pub.pub" >/dev/null
BODY="$SRC/tests/data/corpus/long-en.txt"
story() { # FILE TITLE PARAGRAPHS
    { echo "$2"; echo; awk -v n="$3" 'BEGIN{RS=""; ORS="\n\n"} NR<=n' "$BODY"; } >"$1"
}
mkdir -p "$T/a"
story "$T/a/world-long.txt" "Floods close the coastal road" 40
story "$T/a/world-short.txt" "Harbour reopens" 2
story "$T/a/sport.txt" "Cup final tonight" 2
"$QUIRE" bundle create --key "$T/pub.key" --out "$T/d.epub" --publisher "Test Daily" \
    --section World "$T/a/world-long.txt" "$T/a/world-short.txt" --section Sport "$T/a/sport.txt" >/dev/null
q import "$T/d.epub" >/dev/null
LONG=$(sqlite3 "$DB" "SELECT id FROM articles WHERE guid = 'world-long'")
SHORT=$(sqlite3 "$DB" "SELECT id FROM articles WHERE guid = 'world-short'")
kiosk() { # NAME [flags...]: runs $T/NAME.script, trace $T/NAME.trace, refresh log $T/NAME.log,
    local name=$1 # from the start of the rotation (but "after": where the last run was)
    shift
    [ "$name" = after ] || sqlite3 "$DB" "DELETE FROM settings WHERE key = 'kiosk.state'"
    expect_exit 0 q read --backend headless --kiosk --kiosk-interval 2 --full-every 50 \
        --script "$T/$name.script" --trace "$T/$name.trace" --refresh-log "$T/$name.log" "$@"
}

# Rotation: every page of the long article, then the short one, then the long one again.
for i in $(seq 12); do echo "wait 2000"; done >"$T/rot.script"
kiosk rot --kiosk-sections World
python3 - "$T/rot.trace" "$LONG" "$SHORT" <<'PY' || fail "rotation: $(cat "$T/rot.trace")"
import json, sys
tr = [json.loads(l) for l in open(sys.argv[1])]
long_id, short_id = int(sys.argv[2]), int(sys.argv[3])
assert all(t["screen"] == "kiosk" for t in tr)
pages = tr[0]["pages"]
assert tr[0]["article"] == long_id and tr[0]["page"] == 1 and pages >= 3, tr[0]
want = [(long_id, p) for p in range(1, pages + 1)] + [(short_id, 1)]
want = (want * 3)[: len(tr)]
got = [(t["article"], t["page"]) for t in tr]
assert got == want, (got, want)
assert len(tr) == 13, f"{len(tr)} frames for 12 intervals"
assert tr[0]["kind"] == "full" and all(t["kind"] != "full" for t in tr[1:]), "flashed without cause"
PY

# Aligned to the clock: 1.5 s in (not a boundary) nothing; at 2 s the page turns.
printf 'wait 1500\nwait 400\nwait 100\n' >"$T/align.script"
kiosk align --kiosk-sections World
[ "$(wc -l <"$T/align.trace")" -eq 2 ] || fail "not aligned to the 2 s boundary: $(cat "$T/align.trace")"

# Real time (`idle`: the virtual clock follows it, the loop wakes at its own deadlines as on a
# device) turns the pages by itself too: 2.5 s hold the boundary at 2 s, whatever the machine's
# load (a late wake-up still turns, once).
printf 'idle 2500\n' >"$T/real.script"
kiosk real --kiosk-sections World
[ "$(grep -o "\"page\":[0-9]*" "$T/real.trace" | tr "\n" " ")" = "\"page\":1 \"page\":2 " ] ||
    fail "idle did not turn the page once: $(cat "$T/real.trace")"

# A rotation of one single-page article: the picture never changes, nothing is presented again.
for i in 1 2 3 4 5; do echo "wait 2000"; done >"$T/same.script"
kiosk same --kiosk-sections Sport
[ "$(wc -l <"$T/same.log")" -eq 1 ] || fail "an unchanged frame was presented: $(cat "$T/same.log")"

# Keys that would leave or change a reader do nothing; the rotation goes on.
printf 'key esc\ntext m\nkey menu\nkey plus\ntext n\ntext s\nhold 500 700\nwait 2000\n' >"$T/keys.script"
kiosk keys --kiosk-sections World
python3 - "$T/keys.trace" <<'PY' || fail "kiosk keys: $(cat "$T/keys.trace")"
import json, sys
tr = [json.loads(l) for l in open(sys.argv[1])]
assert [t["screen"] for t in tr] == ["kiosk", "kiosk"], "a key opened something"
assert tr[1]["page"] == 2 and not tr[1]["paused"], "the rotation stopped"
PY
[ "$(sqlite3 "$DB" "SELECT count(*) FROM articles WHERE starred = 1")" -eq 0 ] || fail "a key starred"
sqlite3 "$DB" "SELECT value FROM settings WHERE key IN ('render.night', 'reader.font_px')" |
    grep -q . && fail "a key changed a setting"

# A tap pauses (the status line says so); turns are the reader's; idle resumes the rotation;
# the top band opens the library of the kiosk's sections, whose Esc goes back.
cat >"$T/pause.script" <<'EOF'
tap 900 700
wait 2000
tap 900 700
tap 500 40
key menu
key esc
wait 10000
wait 2000
EOF
kiosk pause --kiosk-sections World --set kiosk.idle_s=10
python3 - "$T/pause.trace" <<'PY' || fail "pause: $(cat "$T/pause.trace")"
import json, sys
tr = [json.loads(l) for l in open(sys.argv[1])]
s = [(t["screen"], t.get("paused"), t["page"]) for t in tr]
assert s[1] == ("kiosk", True, 1), s        # the tap paused, no turn
assert s[2] == ("kiosk", True, 2), s        # the next tap turned (the wait did not)
assert s[3][0] == "library", s
lib = tr[3]
assert lib["count"] == 2 and len(lib["rows"]) == 2, "the kiosk's library shows other sections"
assert s[4][0] == "kiosk", s                # its Esc went back (its menu key did nothing)
assert s[5] == ("kiosk", False, 2), s       # idle: the rotation goes on where it was
assert s[6] == ("kiosk", False, 3), s
assert len(s) == 7, s
PY

# A deep clean at 10:00 (the headless clock starts at 09:00 UTC): one full flash.
printf 'wait 3600000\n' >"$T/clean.script"
kiosk clean --kiosk-sections Sport --set kiosk.deep_clean_hours=10
[ "$(grep -c '"kind":"full"' "$T/clean.log")" -eq 2 ] || fail "no deep clean: $(cat "$T/clean.log")"

# A crash (SIGKILL) keeps the place: the next start shows the page it was on.
printf 'wait 2000\nwait 2000\nsleep 5000\n' >"$T/crash.script"
q read --backend headless --kiosk --kiosk-interval 2 --kiosk-sections World \
    --script "$T/crash.script" --trace "$T/crash.trace" >/dev/null 2>&1 &
pid=$!
for i in $(seq 100); do [ "$( { wc -l <"$T/crash.trace"; } 2>/dev/null || echo 0)" -ge 3 ] && break; sleep 0.05; done
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
printf 'wait 100\n' >"$T/after.script"
kiosk after --kiosk-sections World
python3 - "$T/crash.trace" "$T/after.trace" <<'PY' || fail "resume after a crash"
import json, sys
last = json.loads(open(sys.argv[1]).read().splitlines()[-1])
first = json.loads(open(sys.argv[2]).read().splitlines()[0])
assert (first["article"], first["page"]) == (last["article"], last["page"]) == (last["article"], 3)
PY

# The exit: both page keys held 5 s. Held 4 s is not enough; afterwards nothing more is shown.
cat >"$T/exit.script" <<'EOF'
keydown pgup
keydown pgdn
wait 4000
keyup pgdn
keydown pgdn
wait 5000
tap 500 40
wait 2000
EOF
kiosk exit --kiosk-sections World
python3 - "$T/exit.trace" <<'PY' || fail "exit combination: $(cat "$T/exit.trace")"
import json, sys
tr = [json.loads(l) for l in open(sys.argv[1])]
# the page keys pause and turn; the 4 s hold ends with a release; the 5 s one ends the kiosk:
# the tap after it (the top band: the library) shows nothing
assert all(t["screen"] == "kiosk" for t in tr) and tr[-1]["paused"], tr
assert tr[-1]["page"] == 3, tr
PY

# Bad input: one line, exit 2, nothing shown.
expect_exit 2 q read --backend headless --kiosk --kiosk-sections World,Nowhere
[ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "no section 'Nowhere'" "$T/err" || fail "unknown section: $(cat "$T/err")"
expect_exit 2 q read --backend headless --kiosk --kiosk-interval -5
[ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "kiosk-interval wants" "$T/err" || fail "negative interval: $(cat "$T/err")"
expect_exit 2 q read --backend headless --kiosk --kiosk-interval 1
echo ok
