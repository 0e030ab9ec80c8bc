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
echo ok
