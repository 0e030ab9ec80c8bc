#!/usr/bin/env bash
# sync retention: after a sync, the age cap expires read, unstarred articles older than the cap
# (oldest first); starred and unread articles stay whatever their age; the size cap expires
# more read articles, oldest first, and still never a starred or unread one.
source "$SRC/tests/sync/lib.sh"

make_bundle day1 1 6
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T/in/day1.epub" >/dev/null
DB="$T/lib/library.db"
"$QUIRE" --db "$DB" source add daily "file://$T/repo" --pubkey "$T/pub.pub" >/dev/null
"$QUIRE" --db "$DB" sync >/dev/null 2>&1 || fail "sync failed"
[ "$(article_count "$DB")" -eq 6 ] || fail "expected 6 articles"
# Ages and states the reader would have produced (no CLI marks articles read yet).
sqlite3 "$DB" "UPDATE articles SET published = 1000000000 WHERE title LIKE 'Article 1 %';
  UPDATE articles SET published = 1000000000, starred = 1, is_read = 1 WHERE title LIKE 'Article 2 %';
  UPDATE articles SET published = 1000000000 WHERE title LIKE 'Article 3 %';
  UPDATE articles SET is_read = 1 WHERE title LIKE 'Article 1 %' OR title LIKE 'Article 4 %'
    OR title LIKE 'Article 5 %';"
"$QUIRE" --db "$DB" source set --max-age-days 30 >/dev/null
"$QUIRE" --db "$DB" sync >"$T/out" 2>&1 || fail "sync failed: $(cat "$T/out")"
grep -q "retention: expired 1 read articles, 0 archived bundles" "$T/out" || fail "age cap: $(cat "$T/out")"
titles=$("$QUIRE" --db "$DB" list)
echo "$titles" | grep -q "Article 1 " && fail "old read article kept"
echo "$titles" | grep -q "Article 2 " || fail "starred article expired"
echo "$titles" | grep -q "Article 3 " || fail "unread article expired"

# Size cap: four articles of ~540 kB each (2.2 MB of bodies) under a 1 MB cap. Read,
# unstarred ones go oldest first (1, then 3); then only the starred (2) and the unread (4) are
# left, so retention stops above the cap rather than touch them.
make_bundle big 2 4 400000
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo2" "$T/in/big.epub" >/dev/null
DB2="$T/lib2/library.db"
"$QUIRE" --db "$DB2" source add big "file://$T/repo2" --pubkey "$T/pub.pub" >/dev/null
"$QUIRE" --db "$DB2" sync >/dev/null 2>&1 || fail "sync of big bundle failed"
sqlite3 "$DB2" "UPDATE articles SET is_read = 1, published = 1000 WHERE title LIKE 'Article 1 %';
  UPDATE articles SET is_read = 1, starred = 1, published = 500 WHERE title LIKE 'Article 2 %';
  UPDATE articles SET is_read = 1, published = 2000 WHERE title LIKE 'Article 3 %';
  UPDATE articles SET published = 100 WHERE title LIKE 'Article 4 %';"
"$QUIRE" --db "$DB2" source set --max-library-mb 1 >/dev/null
"$QUIRE" --db "$DB2" sync >"$T/out2" 2>&1 || fail "sync failed: $(cat "$T/out2")"
grep -q "retention: expired 2 read articles" "$T/out2" || fail "size cap: $(cat "$T/out2")"
titles=$("$QUIRE" --db "$DB2" list)
echo "$titles" | grep -q "Article 2 " || fail "starred article expired"
echo "$titles" | grep -q "Article 4 " || fail "unread article expired"
[ "$(article_count "$DB2")" -eq 2 ] || fail "expected 2 articles left"

# The age cap also prunes archived bundle files (kept for export/serve) older than the cap.
ls "$T/lib/bundles/"*.epub >/dev/null || fail "no archived bundle"
sqlite3 "$DB" "UPDATE sync_archive SET created = 1000000000;"
"$QUIRE" --db "$DB" sync >"$T/out3" 2>&1 || fail "sync failed: $(cat "$T/out3")"
grep -q "1 archived bundles" "$T/out3" || fail "archive not pruned: $(cat "$T/out3")"
[ -z "$(ls "$T/lib/bundles")" ] || fail "archived file left"
"$QUIRE" --db "$DB" export --out "$T/usb" | grep -q "exported 0 bundles" || fail "export after prune"
[ "$(article_count "$DB")" -eq 5 ] || fail "pruning the archive touched articles"
echo ok
