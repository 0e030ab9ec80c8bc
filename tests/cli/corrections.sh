#!/usr/bin/env bash
# A publisher corrects a story: the corrected bundle replaces the article in place (same id,
# star kept, search follows the new text), and an older copy that arrives later (a relay, a
# stick) never overwrites the correction. Identity and dates come from the article's own
# metadata (canonical URL, article:published_time / article:modified_time) or from flags.
. "$(dirname "$0")/lib.sh"
make_key "$T/pub"
q trust add "$T/pub.pub" >/dev/null

story() { # file, modified time, body word
    cat >"$1" <<HTML
<!DOCTYPE html>
<html lang="en"><head><title>Floods close the coastal road</title>
<link rel="canonical" href="https://news.example/2026/floods-coastal-road"/>
<meta property="article:published_time" content="2026-11-20T06:00:00Z"/>
<meta property="article:modified_time" content="$2"/>
<meta name="author" content="Staff reporter"/></head>
<body><h1>Floods close the coastal road</h1><p>The road was closed after $3 rain.</p></body></html>
HTML
}
mkdir -p "$T/v1" "$T/v2"
story "$T/v1/story.html" 2026-11-20T07:00:00Z torrential
story "$T/v2/story.html" 2026-11-21T09:30:00Z heavy
"$QUIRE" bundle create --key "$T/pub.key" --out "$T/first.epub" --publisher "Coast Radio" "$T/v1/story.html" >/dev/null
"$QUIRE" bundle create --key "$T/pub.key" --out "$T/corrected.epub" --publisher "Coast Radio" "$T/v2/story.html" >/dev/null

expect_exit 0 "$QUIRE" bundle manifest "$T/first.epub"
grep -q '"guid":.*"https://news.example/2026/floods-coastal-road"' "$T/out" || fail "guid is not the canonical URL"
grep -q '"published":.*"2026-11-20T06:00:00Z"' "$T/out" || fail "published time not taken from the document"

expect_exit 0 q import "$T/first.epub"
id=$(sqlite3 "$DB" 'SELECT id FROM articles')
sqlite3 "$DB" "UPDATE articles SET starred = 1 WHERE id = $id"
expect_exit 0 q import "$T/corrected.epub"
grep -q "0 new, 1 updated" "$T/out" || fail "correction not applied: $(cat "$T/out")"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM articles')" = 1 ] || fail "the correction made a second article"
[ "$(sqlite3 "$DB" 'SELECT id, starred FROM articles')" = "$id|1" ] || fail "id or star lost"
expect_exit 0 q show "$id"
grep -q "heavy rain" "$T/out" || fail "show still prints the old text"
expect_exit 0 q search torrential
grep -q "no articles match" "$T/out" || fail "search still finds the corrected-away word"

# The first edition arrives again by another route, re-packed: it must not win.
"$QUIRE" bundle create --key "$T/pub.key" --out "$T/stale.epub" --publisher "Coast Radio" "$T/v1/story.html" >/dev/null
expect_exit 0 q import "$T/stale.epub"
grep -q "0 new, 0 updated, 1 unchanged" "$T/out" || fail "stale copy: $(cat "$T/out")"
expect_exit 0 q show "$id"
grep -q "heavy rain" "$T/out" || fail "an older edition overwrote the correction"

# Plain text takes its dates from flags, which apply to the inputs after them.
printf 'Market report\n\nPrices held steady.\n' >"$T/market.txt"
expect_exit 0 "$QUIRE" bundle create --key "$T/pub.key" --out "$T/m.epub" --published 2026-11-24T05:00:00Z \
    --updated 2026-11-24T06:15:00Z "$T/market.txt"
expect_exit 0 "$QUIRE" bundle manifest "$T/m.epub"
grep -q '"updated":.*"2026-11-24T06:15:00Z"' "$T/out" || fail "--updated not applied"
expect_exit 2 "$QUIRE" bundle create --key "$T/pub.key" --out "$T/x.epub" --published yesterday "$T/market.txt"
grep -q "RFC 3339" "$T/err" || fail "bad --published not explained"
echo "corrections: ok"
