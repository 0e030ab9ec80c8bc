#!/usr/bin/env bash
# Sleep (ui.sleep_after_minutes): after the idle time the reader shows the sleep screen (the
# newest headline, a full refresh), draws it once and nothing more however long it waits; any
# input wakes it to where the reader was (the waking key does not also turn the page); input
# meanwhile keeps it awake; 0 means never; a kiosk never sleeps.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
q trust add "$SRC/assets/sample-news.pub" >/dev/null
q import "$SRC/assets/sample-news.epub" >/dev/null
NEWEST=$("$QUIRE" --db "$DB" list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')

cat >"$T/s.script" <<'EOF'
key right
wait 50000
key right
wait 59000
wait 1000
wait 600000
shot asleep
key right
key right
EOF
expect_exit 0 q read --backend headless --article 2 --set ui.sleep_after_minutes=1 \
    --script "$T/s.script" --trace "$T/s.trace" --out "$T/o"
python3 - "$T/s.trace" "$NEWEST" <<'PY' || fail "sleep: $(cat "$T/s.trace")"
import json, sys
tr = [json.loads(l) for l in open(sys.argv[1])]
s = [(t["screen"], t["page"], t["kind"]) for t in tr]
assert [x[0] for x in s] == ["article", "article", "article", "sleep", "article", "article"], s
assert s[2][1] == 3, s                      # the input at 50 s kept it awake
sleep = tr[3]
assert sleep["kind"] == "full" and sleep["article"] == int(sys.argv[2]), sleep
assert s[4] == ("article", 3, "full"), s    # woke where it was, with one flash
assert s[5][1] == 4, s                      # and the next key turns the page
PY
[ -s "$T/o/asleep.png" ] || fail "no picture of the sleep screen"

# 0: never.
printf 'wait 3600000\nkey down\n' >"$T/never.script"
expect_exit 0 q read --backend headless --set ui.sleep_after_minutes=0 --script "$T/never.script" \
    --trace "$T/never.trace"
grep -q '"screen":"sleep"' "$T/never.trace" && fail "slept with ui.sleep_after_minutes=0"
expect_exit 0 q read --backend headless --kiosk --set ui.sleep_after_minutes=1 \
    --script "$T/never.script" --trace "$T/kiosk.trace"
grep -q '"screen":"sleep"' "$T/kiosk.trace" && fail "a kiosk slept"

# A sync that fell due while the device was suspended (the launcher's doing: the wall clock
# moved on, the loop's monotonic clock did not) starts at the first wake-up after it; the same
# wake-up after as long awake but short of the schedule starts none. The source's mirror is a
# closed loopback port: a sync that ran says "failed".
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
q source add daily "http://127.0.0.1:$port/" --pubkey "$SRC/assets/sample-news.pub" >/dev/null
sqlite3 "$DB" "UPDATE sources SET last_sync = 1767258000" # the headless clock's start: just synced
suspended() { # NAME STEP: a reader, STEP, a key, the end of any sync it started, a key
    printf '%s\nkey right\nawait sync\nkey right\n' "$2" >"$T/$1.script"
    expect_exit 0 q read --backend headless --article 2 --script "$T/$1.script" --trace "$T/$1.trace"
    python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])["sync"])' "$T/$1.trace"
}
[ "$(suspended resumed 'suspend 7200000')" = failed ] ||
    fail "no sync after a suspend past the schedule: $(cat "$T/resumed.trace")"
[ "$(suspended awake 'wait 3000000')" = idle ] || fail "a sync before its time: $(cat "$T/awake.trace")"

# The sleep screen says when the last sync was as a time (with its date before today), never an
# age that would go stale while it stays on the panel: a day-old sync, then a failed one.
sqlite3 "$DB" "UPDATE sources SET last_sync = 1767258000 - 86400 + 1800"
printf 'await sync\nwait 61000\n' >"$T/old.script"
expect_exit 0 q read --backend headless --article 2 --set ui.sleep_after_minutes=1 \
    --script "$T/old.script" --trace "$T/old.trace"
python3 - "$T/old.trace" <<'PY' || fail "the sleep screen's last sync: $(cat "$T/old.trace")"
import json, sys
last = json.loads(open(sys.argv[1]).read().splitlines()[-1])
assert last["screen"] == "sleep" and last["status"] == "Last sync: 2025-12-31 09:30", last
PY
echo ok
