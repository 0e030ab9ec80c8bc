#!/usr/bin/env bash
# Sideloading a folder (a USB stick): every bundle in it, one result line per file, bundles
# already imported skipped, a bad file reported without harming the others, and the folder
# itself never written to.
. "$(dirname "$0")/lib.sh"
make_key "$T/pub"
q trust add "$T/pub.pub" >/dev/null
STICK="$T/stick"
mkdir -p "$STICK/news/older"
make_articles "$T/a" 3 monday
make_articles "$T/b" 4 sunday
"$QUIRE" bundle create --key "$T/pub.key" --out "$STICK/news/monday.epub" --publisher "Test Radio" \
    --section World --lang en "$T"/a/*.txt >/dev/null
"$QUIRE" bundle create --key "$T/pub.key" --out "$STICK/news/older/sunday.epub" \
    --publisher "Test Radio" --section Local --lang en "$T"/b/*.txt >/dev/null
echo "not a zip at all" >"$STICK/news/broken.epub"
echo "notes" >"$STICK/readme.txt"

snapshot() { (cd "$STICK" && find . -printf '%p %s %T@ %m\n' | sort && find . -type f -exec sha256sum {} + | sort); }
before=$(snapshot)

expect_exit 1 q import "$STICK"
grep -q "monday.epub: imported 3 new" "$T/out" || fail "monday not imported: $(cat "$T/out")"
grep -q "sunday.epub: imported 4 new" "$T/out" || fail "sunday not imported"
grep -q "broken.epub" "$T/err" || fail "broken.epub not reported"
grep -q "readme.txt" "$T/out" "$T/err" && fail "a non-bundle file was touched"
[ "$(grep -c '\.epub' "$T/out")" -eq 2 ] || fail "expected one line per good bundle"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM articles')" = 7 ] || fail "article count"

# The second time round everything good is already there.
expect_exit 1 q import "$STICK"
[ "$(grep -c 'already imported' "$T/out")" -eq 2 ] || fail "duplicates not skipped"
[ "$(snapshot)" = "$before" ] || fail "the import folder was modified"

# A deleted article stays deleted when a relay's re-packed copy of the bundle arrives.
id=$(sqlite3 "$DB" "SELECT id FROM articles ORDER BY id LIMIT 1")
q delete "$id" >/dev/null
"$QUIRE" bundle create --key "$T/pub.key" --out "$T/relay-copy.epub" --publisher "Test Radio" \
    --section World --lang en "$T"/a/*.txt >/dev/null
cmp -s "$T/relay-copy.epub" "$STICK/news/monday.epub" && fail "relay copy should differ in bytes"
expect_exit 0 q import "$T/relay-copy.epub"
grep -q "deleted earlier" "$T/out" || fail "tombstone not honoured: $(cat "$T/out")"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM articles WHERE id=$id")" = 0 ] || fail "deleted article came back"
integrity_ok || fail "integrity"
echo "sideload: ok"
