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
# The archived bundle file counts toward the cap too: with only the starred and the unread
# article left and still over the cap, the archive goes (oldest first).
grep -q "retention: expired 2 read articles, 1 archived bundles" "$T/out2" ||
    fail "archive not counted or pruned by size: $(cat "$T/out2")"
[ -z "$(ls "$T/lib2/bundles")" ] || fail "archived file left over the size cap"

# (Media counting and deletion: tests/unit/sync/test_store_sync.c, test_retention_size; the
# CLI cannot create a bundle with images.)

# The age cap measures ages from the newest import, not from a clock that may have jumped
# forward: imported on 2001-09-09 (the device clock now reads much later), a read article
# published 9 days before that import stays, one published 70 days before goes.
DB5="$T/lib5/library.db"
"$QUIRE" --db "$DB5" source add daily "file://$T/repo" --pubkey "$T/pub.pub" >/dev/null
"$QUIRE" --db "$DB5" sync >/dev/null 2>&1 || fail "sync failed"
sqlite3 "$DB5" "UPDATE articles SET added = 1000000000, is_read = 1, published = 1000000000;
  UPDATE articles SET published = 1000000000 - 9 * 86400 WHERE title LIKE 'Article 1 %';
  UPDATE articles SET published = 1000000000 - 70 * 86400 WHERE title LIKE 'Article 2 %';"
"$QUIRE" --db "$DB5" source set --max-age-days 30 >/dev/null
"$QUIRE" --db "$DB5" sync >"$T/out5" 2>&1 || fail "sync failed: $(cat "$T/out5")"
grep -q "retention: expired 1 read articles" "$T/out5" || fail "age from newest import: $(cat "$T/out5")"
titles=$("$QUIRE" --db "$DB5" list)
echo "$titles" | grep -q "Article 1 " || fail "a clock jumped forward expired a recent article"
echo "$titles" | grep -q "Article 2 " && fail "an article 70 days older than the newest import kept"
# A clock behind the newest import (reset, or set back): nothing expires by age.
sqlite3 "$DB5" "UPDATE articles SET added = strftime('%s', 'now') + 365 * 86400;
  UPDATE articles SET published = 1000000000 - 70 * 86400;"
"$QUIRE" --db "$DB5" sync >"$T/out6" 2>&1 || fail "sync failed: $(cat "$T/out6")"
grep -q "retention: expired" "$T/out6" && fail "expired by age with a clock behind the newest import: $(cat "$T/out6")"
[ "$(article_count "$DB5")" -eq 5 ] || fail "clock behind: articles expired"
echo ok
