#!/usr/bin/env bash
# Sync while reading, against a real nginx on loopback: (1) a headless reader starts on an empty
# library with a source, syncs at once by itself (`await sync`) and its library lists the new
# articles (trace `articles`, `rows`, `sync`); (2) "Sync now" from the library menu and from the
# article's menu brings a new bundle in while an article is open: its page does not change;
# (3) a correction of the open article replaces it at the next open, keeping the place by
# anchor; (4) an article deleted in the reader never comes back from a sync; (5) one sync at a
# time: the reader's loses to a running `quire sync` (trace "failed"), `quire sync` loses to the
# reader's with one clear line; quitting the reader mid-download ends it at once, keeps the
# partial file, imports nothing, and the next sync resumes it with a Range request.
source "$SRC/tests/sync/lib.sh"
export TZ=UTC

BODY="$SRC/tests/data/corpus/long-en.txt"
# story DIR STEM TITLE PARAGRAPHS: a plain-text article of the first PARAGRAPHS paragraphs of
# the long corpus text (the stem becomes its guid).
story() {
    mkdir -p "$1"
    { echo "$3"; echo; awk -v n="$4" 'BEGIN{RS=""; ORS="\n\n"} NR<=n' "$BODY"; } >"$1/$2.txt"
}
# bundle NAME SEQ [flags...] FILES...: a signed bundle $T/in/NAME.epub.
bundle() {
    local name=$1 seq=$2
    shift 2
    make_key
    mkdir -p "$T/in"
    "$QUIRE" bundle create --key "$T/pub.key" --out "$T/in/$name.epub" --publisher "Test Daily" \
        --sequence "$seq" --section World "$@" >/dev/null
}
publish() { "$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$@" >/dev/null; }
# read_lib NAME: runs the headless reader on $DB with script $T/NAME.script, trace $T/NAME.trace.
read_lib() {
    "$QUIRE" --db "$DB" read --backend headless --script "$T/$1.script" --trace "$T/$1.trace" \
        >"$T/$1.out" 2>"$T/$1.err" || fail "reader $1: $(cat "$T/$1.err")"
}
# field TRACE LINE KEY: a member of one trace line (LINE: 1-based, -1 the last).
field() {
    python3 -c 'import json,sys; l=open(sys.argv[1]).read().splitlines(); print(json.loads(l[int(sys.argv[2]) if int(sys.argv[2])<0 else int(sys.argv[2])-1])[sys.argv[3]])' "$@"
}

story "$T/s1" lead-a "Floods close the coastal road" 80
story "$T/s1" lead-b "Harbour reopens" 6
story "$T/s1" lead-c "Market report" 4
bundle day1 1 "$T"/s1/lead-{a,b,c}.txt
publish "$T/in/day1.epub"
start_nginx main "$T/repo"
DB="$T/lib/library.db"
"$QUIRE" --db "$DB" source add daily "http://127.0.0.1:$NGX_PORT/" --pubkey "$T/pub.pub" >/dev/null

# (1) The first sync starts by itself: never synced, a source configured.
printf 'await sync\nkey down\nkey up\n' >"$T/first.script"
read_lib first
python3 - "$T/first.trace" <<'PY' || fail "first sync: $(cat "$T/first.trace")"
import json, sys
tr = [json.loads(l) for l in open(sys.argv[1])]
assert tr[0]["screen"] == "library" and tr[0]["sync"] == "running", tr[0]
last = tr[-1]
assert last["sync"] == "idle" and last["articles"] == 3, last
assert len(last["rows"]) == 3 and last["count"] == 3, last
PY
[ "$(article_count "$DB")" -eq 3 ] || fail "the reader's sync did not import"
[ -f "$T/lib/sync.lock" ] || fail "no sync lock file beside the library"
grep -q "GET /day1.epub" "$NGX_LOG" || fail "no bundle fetched: $(cat "$NGX_LOG")"

# (2) "Sync now" while an article is open: the library menu's item (the 8th: All, Unread,
# Starred, Section, Language, Publisher, Search, Sync now), then the article menu's (the 10th
# below Library, Larger, Smaller, Settings, Night, Star, Next, Prev, Search).
LEAD=$(sqlite3 "$DB" "SELECT id FROM articles WHERE guid = 'lead-a'")
story "$T/s2" second-a "Second edition" 3
bundle day2 2 "$T/s2/second-a.txt"
publish "$T/in/day2.epub"
{
    echo "key menu"
    for i in 1 2 3 4 5 6 7; do echo "key down"; done
    echo "key enter"
    echo "await sync"
} >"$T/menu.script"
read_lib menu
[ "$(field "$T/menu.trace" -1 articles)" -eq 4 ] || fail "library menu Sync now: $(tail -2 "$T/menu.trace")"
[ "$(article_count "$DB")" -eq 4 ] || fail "library menu Sync now imported nothing"

story "$T/s3" third-a "Third edition" 3
bundle day3 3 "$T/s3/third-a.txt"
publish "$T/in/day3.epub"
{
    echo "key right"
    echo "key right"
    echo "key menu"
    for i in $(seq 9); do echo "key down"; done
    echo "key enter"
    echo "await sync"
    echo "key right"
} >"$T/art.script"
"$QUIRE" --db "$DB" read --backend headless --article "$LEAD" --script "$T/art.script" \
    --trace "$T/art.trace" >/dev/null 2>"$T/art.err" || fail "reader: $(cat "$T/art.err")"
python3 - "$T/art.trace" <<'PY' || fail "sync during reading: $(cat "$T/art.trace")"
import json, sys
tr = [json.loads(l) for l in open(sys.argv[1])]
art = [t for t in tr if t["screen"] == "article"]
before = [t for t in art if t["sync"] == "idle" and t["articles"] == 4]
assert before and before[-1]["page"] == 3, "not on page 3 before the sync"
after = tr[-1]
assert after["screen"] == "article" and after["articles"] == 5, after
assert after["page"] == 4 and after["pages"] == before[-1]["pages"], "the page moved under the reader"
PY
PLACE=$(field "$T/art.trace" -1 place)

# (3) A correction of the open article: it arrives while the article is open (the page stays),
# and the next open shows the corrected text (more paragraphs: more pages) at the same place.
story "$T/s4" lead-a "Floods close the coastal road" 95
bundle fix 4 --updated 2030-01-01T00:00:00Z "$T/s4/lead-a.txt"
publish "$T/in/fix.epub"
printf 'sync now\nawait sync\nkey right\nkey esc\nkey enter\n' >"$T/fix.script"
"$QUIRE" --db "$DB" read --backend headless --article "$LEAD" --script "$T/fix.script" \
    --trace "$T/fix.trace" >/dev/null 2>"$T/fix.err" || fail "reader: $(cat "$T/fix.err")"
python3 - "$T/fix.trace" "$PLACE" <<'PY' || fail "correction: $(cat "$T/fix.trace")"
import json, sys
tr = [json.loads(l) for l in open(sys.argv[1])]
place = sys.argv[2]
art = [t for t in tr if t["screen"] == "article"]
first, turned, reopened = art[0], art[1], art[-1]
assert first["place"] == place, (first, place)
assert turned["page"] == first["page"] + 1 and turned["pages"] == first["pages"], turned
assert reopened["pages"] > first["pages"], "the correction did not replace the open article"
assert reopened["place"] == turned["place"] and reopened["anchor"] == turned["anchor"], \
    "the place (its anchor) was lost across the correction"
assert reopened["page"] == turned["page"], "the place was lost across the correction"
PY
[ "$(sqlite3 "$DB" "SELECT count(*) FROM articles WHERE guid = 'lead-a'")" -eq 1 ] ||
    fail "the correction made a second article"

# (3b) A page turn never waits for the library: while another connection holds the write lock
# (a sync importing), all the turns are shown (the holder lets go only once the last frame is
# on disk, or after 30 s), and the place is written when the lock is free (on close here).
mkdir -p "$T/busy"
python3 - "$DB" "$T/held" "$T/busy/frame-0004.png" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
end = time.time() + 30
while not os.path.exists(sys.argv[3]) and time.time() < end:
    time.sleep(0.02)
open(sys.argv[2] + (".saw" if os.path.exists(sys.argv[3]) else ".timeout"), "w").close()
c.execute("ROLLBACK")
PY
HOLDER=$!
PIDS+=("$HOLDER")
for i in $(seq 100); do [ -f "$T/held" ] && break; sleep 0.05; done
printf 'key right\nkey right\nkey right\n' >"$T/busy.script"
"$QUIRE" --db "$DB" read --backend headless --article "$LEAD" --script "$T/busy.script" \
    --trace "$T/busy.trace" --out "$T/busy" >/dev/null 2>"$T/busy.err" || fail "busy: $(cat "$T/busy.err")"
wait "$HOLDER"
[ -f "$T/held.saw" ] || fail "a page turn waited for the library's write lock"
want=$(field "$T/busy.trace" -1 place)
got=$(sqlite3 "$DB" "SELECT block || ':' || offset FROM reading_state WHERE article_id = $LEAD")
[ "$got" = "$want" ] || fail "the place kept while the library was busy was not written: $got, not $want"

# (4) A deleted article (`quire delete`, the reader's Delete: both leave a tombstone) arrives
# again in a re-packed bundle while the reader runs: it stays deleted.
GUID=third-a
"$QUIRE" --db "$DB" delete "$(sqlite3 "$DB" "SELECT id FROM articles WHERE guid = '$GUID'")" >/dev/null
src=$(ls "$T"/s*/"$GUID.txt" | head -1)
bundle again 5 "$src"
publish "$T/in/again.epub"
printf 'sync now\nawait sync\nkey down\n' >"$T/back.script"
read_lib back
grep -q "GET /again.epub" "$NGX_LOG" || fail "the re-packed bundle was not fetched"
sqlite3 "$DB" "SELECT count(*) FROM articles WHERE guid = '$GUID'" | grep -qx 0 ||
    fail "a deleted article came back from a sync"
[ "$(field "$T/back.trace" -1 articles)" -eq 4 ] || fail "count after the tombstone: $(cat "$T/back.trace")"

# (5) One sync at a time, and quitting mid-download.
stop_nginx
head -c 2000000 /dev/urandom | base64 -w 76 >"$T/big.txt"
sed -i '1i Big download\n' "$T/big.txt"
bundle big 6 "$T/big.txt"
publish "$T/in/big.epub"
NGX_FIXED_PORT=$NGX_PORT start_nginx slow "$T/repo" "limit_rate 200k;"
wait_partial() {
    local i f
    for i in $(seq 1 200); do
        f=$(ls "$T/lib/partial"/*.part 2>/dev/null | head -1 || true)
        if [ -n "$f" ] && [ "$(stat -c %s "$f")" -ge "$1" ]; then
            echo "$f"
            return 0
        fi
        sleep 0.05
    done
    fail "no partial download reached $1 bytes"
}
# (5a) `quire sync` holds the lock: the reader's sync fails at once and says so in the trace.
"$QUIRE" --db "$DB" sync >"$T/cli.out" 2>"$T/cli.err" &
CLI=$!
PIDS+=("$CLI")
wait_partial 50000 >/dev/null
printf 'sync now\nawait sync\nkey down\n' >"$T/lose.script"
read_lib lose
[ "$(field "$T/lose.trace" -1 sync)" = failed ] || fail "the reader's sync did not lose: $(cat "$T/lose.trace")"
kill -INT "$CLI"
wait "$CLI" || true
# (5b) The reader's sync holds it: `quire sync` refuses with one line; quitting the reader mid-
# download stops the transfer at once.
before=$(article_count "$DB")
held=$(stat -c %s "$(wait_partial 1)")
printf 'sync now\nsleep 2500\n' >"$T/quit.script"
t0=$(date +%s%N)
"$QUIRE" --db "$DB" read --backend headless --script "$T/quit.script" >/dev/null 2>"$T/quit.err" &
READER=$!
PIDS+=("$READER")
wait_partial $((held + 20000)) >/dev/null # the reader's sync is downloading
rc=0
"$QUIRE" --db "$DB" sync >"$T/cli2.out" 2>"$T/cli2.err" || rc=$?
[ "$rc" -eq 1 ] || fail "a second sync ran beside the reader's (rc $rc)"
[ "$(wc -l <"$T/cli2.err")" -eq 1 ] && grep -q "another sync of $DB is running" "$T/cli2.err" ||
    fail "the loser's message: $(cat "$T/cli2.err")"
wait "$READER" || fail "the reader failed: $(cat "$T/quit.err")"
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$ms" -lt 6000 ] || fail "quitting mid-sync took $ms ms"
part=$(wait_partial 1)
have=$(stat -c %s "$part")
[ "$(article_count "$DB")" -eq "$before" ] || fail "a half-downloaded bundle became visible"
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || fail "library damaged by quitting mid-sync"
stop_nginx
NGX_FIXED_PORT=$NGX_PORT start_nginx fast "$T/repo"
"$QUIRE" --db "$DB" sync >"$T/resume.out" 2>&1 || fail "resume after quitting: $(cat "$T/resume.out")"
grep -q "GET /big.epub HTTP/1.1 \"bytes=$have-\" 206" "$NGX_LOG" ||
    fail "no Range request from byte $have: $(cat "$NGX_LOG")"
[ "$(article_count "$DB")" -eq $((before + 1)) ] || fail "the resumed bundle was not imported"
echo ok
