#!/usr/bin/env bash
# sync failover: the first mirror is dead (nothing listens), the second serves: sync warns and
# imports everything from the second. Then a first mirror that has the index but lost a
# bundle (404): that bundle comes from the next mirror.
source "$SRC/tests/sync/lib.sh"

for i in 1 2; do make_bundle "day$i" "$i" 2; done
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T"/in/day{1,2}.epub >/dev/null
dead=$(free_port)
start_nginx good "$T/repo"
GOOD=$NGX_PORT
GOOD_LOG=$NGX_LOG
DB="$T/lib/library.db"
"$QUIRE" --db "$DB" source add daily "http://127.0.0.1:$dead/" "http://127.0.0.1:$GOOD/" \
    --pubkey "$T/pub.pub" >/dev/null
start=$(date +%s)
"$QUIRE" --db "$DB" sync --retries 2 >"$T/out" 2>"$T/err" || fail "failover sync failed: $(cat "$T/err")"
grep -q "127.0.0.1:$dead.*trying the next mirror" "$T/err" || fail "no failover warning: $(cat "$T/err")"
[ "$(article_count "$DB")" -eq 4 ] || fail "expected 4 articles"
[ $(($(date +%s) - start)) -lt 20 ] || fail "failover took too long"

# Mirror A lost day3.epub; mirror B has it.
make_bundle day3 3 2
cp -r "$T/repo" "$T/repoB"
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T/in/day3.epub" >/dev/null
"$QUIRE" publish --key "$T/pub.key" --out "$T/repoB" "$T/in/day3.epub" >/dev/null
cp "$T/repo/index.json" "$T/repo/index.json.minisig" "$T/repoB/"
rm "$T/repo/day3.epub"
start_nginx b "$T/repoB"
DB2="$T/lib2/library.db"
"$QUIRE" --db "$DB2" source add daily "http://127.0.0.1:$GOOD" "http://127.0.0.1:$NGX_PORT" \
    --pubkey "$T/pub.pub" >/dev/null
"$QUIRE" --db "$DB2" sync >"$T/out2" 2>"$T/err2" || fail "bundle failover failed: $(cat "$T/err2")"
grep -q "GET /day3.epub HTTP/1.1 \"-\" 404" "$GOOD_LOG" || fail "mirror A was not asked first"
grep -q "GET /day3.epub HTTP/1.1 \"-\" 200" "$NGX_LOG" || fail "mirror B did not serve day3"
[ "$(article_count "$DB2")" -eq 6 ] || fail "expected 6 articles"
echo "ok"
