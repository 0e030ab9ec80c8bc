#!/usr/bin/env bash
# `quire read` on the headless backend: the refresh policy end to end (13 page turns in a long
# text-only article: exactly 2 full refreshes, every other update partial and within the text
# area plus the status band), trace and refresh log, reading position, script errors.
. "$(dirname "$0")/lib.sh"
export TZ=UTC

for i in $(seq 13); do echo "key right"; done >"$T/turns"
expect_exit 0 "$QUIRE" read --backend headless --file "$SRC/tests/data/corpus/long-en.txt" \
    --script "$T/turns" --trace "$T/trace" --refresh-log "$T/log" --out "$T/frames"
python3 - "$T/trace" "$T/log" <<'PY' || fail "refresh decisions"
import json, sys
trace = [json.loads(l) for l in open(sys.argv[1])]
log = [json.loads(l) for l in open(sys.argv[2])]
W, H, MARGIN, BAND = 1072, 1448, 48, 44
assert len(trace) == 14, f"{len(trace)} frames, want 1 + 13"
assert len(log) == 14, f"{len(log)} log lines"
for k in ("screen", "article", "page", "pages", "anchor", "kind", "region"):
    assert k in trace[0], f"trace lacks {k}"
assert trace[0]["kind"] == "full", "the article opens with a full refresh"
turns = trace[1:]
assert [t["page"] for t in turns] == list(range(2, 15)), "pages do not advance one by one"
fulls = [t for t in turns if t["kind"] == "full"]
assert len(fulls) == 2, f"{len(fulls)} full refreshes over 13 turns, want 2"
# Allowed: the text area (margins, a few px of glyph overhang) plus the status band.
text = (MARGIN - 4, MARGIN - 12, W - MARGIN + 4, H - BAND)
band = (0, H - BAND, W, H)
limit = (text[2] - text[0]) * (text[3] - text[1]) + W * BAND
for t in turns:
    if t["kind"] == "full":
        continue
    assert t["kind"] == "partial", f"page {t['page']}: {t['kind']}"
    r = t["region"]
    x0, y0, x1, y1 = r["x"], r["y"], r["x"] + r["w"], r["y"] + r["h"]
    assert y0 >= text[1] and y1 <= H, f"page {t['page']}: region {r} outside"
    assert x0 >= 0 and x1 <= W and r["w"] * r["h"] <= limit, f"page {t['page']}: region {r}"
    if y1 <= text[3]:
        assert x0 >= text[0] and x1 <= text[2], f"page {t['page']}: {r} outside the text area"
for l, t in zip(log, trace):
    assert l["kind"] == t["kind"] and l["w"] == t["region"]["w"], "log and trace disagree"
    assert 0 < l["changed"] <= l["pixels"] == l["w"] * l["h"], f"bad pixel counts {l}"
PY
[ "$(ls "$T/frames" | wc -l)" -eq 14 ] || fail "want one PNG per presented frame"

# Night mode: a full refresh every 2 page turns.
for i in 1 2 3 4; do echo "swipe left"; done >"$T/swipes"
expect_exit 0 "$QUIRE" read --backend headless --night --file "$SRC/tests/data/corpus/long-en.txt" \
    --script "$T/swipes" --trace "$T/ntrace"
[ "$(grep -c '"kind":"full"' "$T/ntrace")" -eq 3 ] || fail "night: want 1 + 2 full refreshes"

# The full-refresh period is a setting: --full-every 3 flashes on turns 3, 6, 9; the night
# value has its own flag; the library's render.full_refresh_every is used without a flag.
for i in $(seq 9); do echo "key right"; done >"$T/nine"
expect_exit 0 "$QUIRE" read --backend headless --file "$SRC/tests/data/corpus/long-en.txt" \
    --script "$T/nine" --trace "$T/e3" --full-every 3
kinds=$(grep -o '"kind":"[a-z]*"' "$T/e3" | cut -d'"' -f4 | tr '\n' ' ')
[ "$kinds" = "full partial partial full partial partial full partial partial full " ] ||
    fail "--full-every 3: $kinds"
expect_exit 0 "$QUIRE" read --backend headless --night --file "$SRC/tests/data/corpus/long-en.txt" \
    --script "$T/nine" --trace "$T/n4" --full-every-night 4 --full-every 1
[ "$(grep -c '"kind":"full"' "$T/n4")" -eq 3 ] || fail "--full-every-night 4: $(cat "$T/n4")"
for bad in "--full-every 0" "--full-every 51" "--full-every x" "--full-every-night 0" \
    "--darkness 101" "--darkness -1" "--darkness 5x"; do
    # shellcheck disable=SC2086
    expect_exit 2 "$QUIRE" read --backend headless --file "$SRC/tests/data/corpus/udhr-en.txt" $bad
    grep -q "wants" "$T/err" || fail "no usage message for $bad: $(cat "$T/err")"
done

# A page whose images cover >= 7.5% of it flashes even on the first turn (the figure is block 7
# of tests/data/render/pictures.html and starts page 2); images beside the file are read, an
# image path leaving the folder is not (it draws as a frame).
printf 'key right\nkey right\n' >"$T/two"
expect_exit 0 "$QUIRE" read --backend headless --file "$SRC/tests/data/render/pictures.html" \
    --script "$T/two" --trace "$T/ptrace"
sed -n 2p "$T/ptrace" | grep -q '"anchor":"7:0","kind":"full"' ||
    fail "image page: $(cat "$T/ptrace")"
sed -n 3p "$T/ptrace" | grep -q '"kind":"partial"' || fail "text page after it: $(cat "$T/ptrace")"

# Taps: right two thirds forward, left third back; a page turn at the first page does nothing.
printf 'tap 50 700\ntap 900 700\ntap 900 700\ntap 50 700\nwait 60000\n' >"$T/taps"
expect_exit 0 "$QUIRE" read --backend headless --file "$SRC/tests/data/corpus/long-en.txt" \
    --script "$T/taps" --trace "$T/ttrace"
pages=$(grep -o '"page":[0-9]*' "$T/ttrace" | tr '\n' ' ')
[ "$pages" = '"page":1 "page":2 "page":3 "page":2 ' ] ||
    fail "tap zones: $(cat "$T/ttrace")"

# The reading position survives: reopening the article starts where we left it.
q trust add "$SRC/assets/sample-news.pub" >/dev/null
q import "$SRC/assets/sample-news.epub" >/dev/null
printf 'key right\nkey right\nkey right\n' >"$T/three"
expect_exit 0 q read --backend headless --article 2 --script "$T/three" --trace "$T/t1"
printf 'shot again\n' >"$T/none"
expect_exit 0 q read --backend headless --article 2 --script "$T/none" --trace "$T/t2" --out "$T/o2"
grep -q '"article":2,"page":4' "$T/t2" || fail "position not restored: $(cat "$T/t2")"
[ -f "$T/o2/again.png" ] || fail "shot NAME did not write NAME.png"

# Settings stored in the library: render.full_refresh_every = 2 flashes every second turn (a
# fresh library, so the article opens on page 1); a bad stored value falls back to the default.
SDB="$T/settings.db"
"$QUIRE" --db "$SDB" trust add "$SRC/assets/sample-news.pub" >/dev/null
"$QUIRE" --db "$SDB" import "$SRC/assets/sample-news.epub" >/dev/null
sqlite3 "$SDB" "INSERT OR REPLACE INTO settings(key, value) VALUES ('render.full_refresh_every', '2')"
printf 'key right\nkey right\nkey right\nkey right\n' >"$T/four"
expect_exit 0 "$QUIRE" --db "$SDB" read --backend headless --article 2 --script "$T/four" \
    --trace "$T/s2"
kinds=$(grep -o '"kind":"[a-z]*"' "$T/s2" | cut -d'"' -f4 | tr '\n' ' ')
[ "$kinds" = "full partial full partial full " ] || fail "stored full_refresh_every 2: $kinds"

# Bad input: one line naming the file and the problem.
printf 'key right\njump high\n' >"$T/bad"
expect_error "bad:2: unknown command" "$QUIRE" read --backend headless \
    --file "$SRC/tests/data/corpus/udhr-en.txt" --script "$T/bad"
expect_error "backend 'vga'" "$QUIRE" read --backend vga --file "$SRC/tests/data/corpus/udhr-en.txt"
expect_exit 2 "$QUIRE" read --device nope
grep -q "^kobo-clara  *1072x1448" "$T/err" || fail "unknown device does not list the profiles"
expect_exit 0 "$QUIRE" read --device list
for p in kobo-clara kindle-basic kobo-libra remarkable2 waveshare-7in5 kiosk-13in; do
    grep -q "^$p " "$T/out" || fail "--device list lacks $p: $(cat "$T/out")"
done
expect_exit 2 "$QUIRE" read --article x
expect_error "no article with id 77|77" q read --backend headless --article 77

# Reading needs no network: it works in a namespace without one, where the kernel allows it.
if unshare -rn true 2>/dev/null; then
    expect_exit 0 unshare -rn "$QUIRE" --db "$DB" read --backend headless --article 2 \
        --script "$T/three"
fi
echo ok
