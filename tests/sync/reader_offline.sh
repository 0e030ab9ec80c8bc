#!/usr/bin/env bash
# The reader's status line says "Offline" when no source's server could be reached (nothing
# listens on its mirrors' loopback ports: a connection refused, as with no network), and the
# last failure in a few words when a server answered but the sync failed (nginx without a
# repository: 404). Checked through the trace's `status` (the status line's end as drawn) of
# an article page turned after the sync, on the headless backend (it cannot tell the network's
# state itself, so this is the sync's own finding). Offline leaves the article as it was, and a
# kiosk's page with the age of its news.
source "$SRC/tests/sync/lib.sh"
export TZ=UTC

make_bundle day1 1 3 3000
DB="$T/lib/library.db"
"$QUIRE" --db "$DB" trust add "$T/pub.pub" >/dev/null
"$QUIRE" --db "$DB" import "$T/in/day1.epub" >/dev/null
ID=$(sqlite3 "$DB" "SELECT id FROM articles ORDER BY id LIMIT 1")
DEAD1=$(free_port)
DEAD2=$(free_port)
# Two mirrors, nothing listening on either: every attempt is refused.
"$QUIRE" --db "$DB" source add daily "http://127.0.0.1:$DEAD1/" "http://127.0.0.1:$DEAD2/" \
    --pubkey "$T/pub.pub" >/dev/null

# read_after_sync NAME: `sync now`, wait for its end, turn a page; trace $T/NAME.trace.
read_after_sync() {
    printf 'sync now\nawait sync\nkey right\n' >"$T/$1.script"
    "$QUIRE" --db "$DB" read --backend headless --article "$ID" --script "$T/$1.script" \
        --trace "$T/$1.trace" >/dev/null 2>"$T/$1.err" || fail "reader $1: $(cat "$T/$1.err")"
}

read_after_sync off
python3 - "$T/off.trace" <<'PY' || fail "offline: $(cat "$T/off.trace")"
import json, sys
tr = [json.loads(l) for l in open(sys.argv[1])]
first, last = tr[0], tr[-1]
assert "Offline" not in first["status"], first   # before the sync ended: not known yet
assert last["sync"] == "failed", last
assert last["status"].startswith("Offline \u00b7 "), last["status"]
assert last["screen"] == "article" and last["page"] == first["page"] + 1, last
assert last["articles"] == first["articles"] == 3, last
PY

# A kiosk offline keeps showing what it has, with the age of the news and the sync's state.
printf 'sync now\nawait sync\nwait 2000\n' >"$T/kiosk.script"
"$QUIRE" --db "$DB" read --backend headless --kiosk --kiosk-interval 2 --script "$T/kiosk.script" \
    --trace "$T/kiosk.trace" >/dev/null 2>"$T/kiosk.err" || fail "kiosk: $(cat "$T/kiosk.err")"
python3 - "$T/kiosk.trace" <<'PY' || fail "offline kiosk: $(cat "$T/kiosk.trace")"
import json, sys
last = [json.loads(l) for l in open(sys.argv[1])][-1]
assert last["screen"] == "kiosk" and last["article"] > 0 and last["sync"] == "failed", last
assert last["status"].startswith("Updated ") and " \u00b7 Offline \u00b7 " in last["status"], last
PY

# A server that answers (nginx, but no repository at its root): not offline, the reason.
mkdir -p "$T/empty"
start_nginx empty "$T/empty"
"$QUIRE" --db "$DB" source remove daily >/dev/null
"$QUIRE" --db "$DB" source add daily "http://127.0.0.1:$NGX_PORT/" --pubkey "$T/pub.pub" >/dev/null
read_after_sync answered
python3 - "$T/answered.trace" <<'PY' || fail "answered: $(cat "$T/answered.trace")"
import json, sys
last = [json.loads(l) for l in open(sys.argv[1])][-1]
assert last["sync"] == "failed", last
assert "Offline" not in last["status"] and last["status"].startswith("Sync failed: "), last
PY
grep -q "GET /index.json" "$NGX_LOG" || fail "the sync did not reach nginx: $(cat "$NGX_LOG")"
echo ok
