#!/usr/bin/env bash
# Crash windows of the relay archive (issue #14 item 6): the archive copy of a sideloaded
# bundle is recorded in the import's transaction, so when the copy cannot happen after the
# commit (here: the archive folder cannot be made; in life: kill -9, power loss) the next
# command finishes it, and `export` hands the bundle on. Then kill -9 at random moments of
# many imports: afterwards the library and the archive always agree, export writes exactly
# the imported bundles, and no temporary copy is left behind.
. "$(dirname "$0")/lib.sh"
make_key "$T/pub"
make_articles "$T/a" 40 crash
"$QUIRE" bundle create --key "$T/pub.key" --out "$T/news.epub" --publisher "Test Radio" \
    "$T"/a/*.txt >/dev/null
sha=$(sha256sum "$T/news.epub" | cut -d' ' -f1)
q trust add "$T/pub.pub" >/dev/null

# The copy fails after the commit: a warning, and the row stays pending.
touch "$T/bundles" # a file where the archive folder should be
expect_exit 0 q import "$T/news.epub"
grep -q "kept for reading but not for relaying" "$T/err" || fail "no warning: $(cat "$T/err")"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM sync_archive WHERE pending IS NOT NULL")" = 1 ] ||
    fail "the archive copy was not recorded with the import"
expect_exit 0 q export --out "$T/exp0"
[ -z "$(ls "$T/exp0" | grep epub)" ] || fail "a bundle not yet archived was exported"
# Room again: any command finishes the copy; export and re-import agree.
rm "$T/bundles"
dead=$(sh -c 'echo $$')
mkdir "$T/bundles" && touch "$T/bundles/$sha.epub.tmp$dead" # a dead process's copy
expect_exit 0 q list
cmp -s "$T/bundles/$sha.epub" "$T/news.epub" || fail "the pending copy was not finished"
[ ! -e "$T/bundles/$sha.epub.tmp$dead" ] || fail "an orphan temporary copy was kept"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM sync_archive WHERE pending IS NULL")" = 1 ] ||
    fail "the archive row did not settle"
expect_exit 0 q export --out "$T/exp1"
cmp -s "$T/exp1/news.epub" "$T/news.epub" || fail "export lacks the recovered bundle"
# The source file gone before the copy: the row is dropped with one warning, articles stay.
touch "$T/bundles2" && mv "$T/bundles" "$T/kept" && mv "$T/bundles2" "$T/bundles"
make_articles "$T/b" 3 other
"$QUIRE" bundle create --key "$T/pub.key" --out "$T/other.epub" --publisher "Test Radio" \
    "$T"/b/*.txt >/dev/null
expect_exit 0 q import "$T/other.epub"
rm "$T/other.epub" "$T/bundles" && mv "$T/kept" "$T/bundles"
expect_exit 0 q list
grep -q "other.epub: gone before it reached the archive" "$T/err" || fail "no warning: $(cat "$T/err")"
expect_exit 0 q list
[ ! -s "$T/err" ] || fail "the warning repeats: $(cat "$T/err")"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM articles")" = 43 ] || fail "articles lost"

# kill -9 anywhere in an import, then the next command: library and archive agree.
cp "$DB" "$T/keyed.db" # trusted key only, no WAL after a clean close
sqlite3 "$T/keyed.db" "DELETE FROM articles; DELETE FROM bundles; DELETE FROM sync_archive;"
start=$(date +%s%N)
"$QUIRE" --db "$T/probe/library.db" trust add "$T/pub.pub" >/dev/null
"$QUIRE" --db "$T/probe/library.db" import "$T/news.epub" >/dev/null
span_ms=$((($(date +%s%N) - start) / 1000000 + 10))
rounds=${QUIRE_KILL_ROUNDS:-100}
whole=0
for i in $(seq 1 "$rounds"); do
    L="$T/k/library.db"
    rm -rf "$T/k" && mkdir "$T/k" && cp "$T/keyed.db" "$L"
    "$QUIRE" --db "$L" import "$T/news.epub" >/dev/null 2>&1 &
    pid=$!
    sleep "$(python3 -c "import random; print(random.randint(0, $span_ms) / 1000)")"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    "$QUIRE" --db "$L" export --out "$T/k/out" >/dev/null 2>"$T/err" || fail "round $i: export: $(cat "$T/err")"
    imported=$(sqlite3 "$L" "SELECT count(*) FROM bundles")
    exported=$(find "$T/k/out" -name '*.epub' | wc -l)
    [ "$imported" = "$exported" ] || fail "round $i: $imported imported, $exported exported"
    [ "$(sqlite3 "$L" "SELECT count(*) FROM sync_archive WHERE pending IS NOT NULL")" = 0 ] ||
        fail "round $i: a pending archive row survived the next command"
    [ -z "$(find "$T/k" -name '*.tmp*')" ] || fail "round $i: left $(find "$T/k" -name '*.tmp*')"
    [ "$imported" = 1 ] && whole=$((whole + 1))
done
echo "archive_crash: ok ($whole of $rounds killed imports had committed)"
