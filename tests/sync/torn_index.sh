#!/usr/bin/env bash
# sync torn_index: a reader that fetches index.json and index.json.minisig while the publisher
# is between its two renames sees a mismatched pair; sync fetches the pair once more before
# refusing, so the sync succeeds. A signature that stays wrong is still refused.
source "$SRC/tests/sync/lib.sh"

make_bundle day1 1 1
make_bundle day2 2 1
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T/in/day1.epub" >/dev/null
cp "$T/repo/index.json.minisig" "$T/repo/old.minisig"
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T/in/day2.epub" >/dev/null
PORT=$(free_port)
python3 "$HERE/torn_server.py" "$PORT" "$T/repo" "$T/torn.log" &
PIDS+=($!)
wait_port "$PORT"
DB="$T/lib/library.db"
"$QUIRE" --db "$DB" source add daily "http://127.0.0.1:$PORT" --pubkey "$T/pub.pub" >/dev/null
"$QUIRE" --db "$DB" sync >"$T/out" 2>"$T/err" || fail "torn pair not retried: $(cat "$T/err")"
[ "$(article_count "$DB")" -eq 2 ] || fail "expected 2 articles"
[ "$(grep -c 'GET /index.json ' "$T/torn.log")" -eq 2 ] || fail "index not fetched twice: $(cat "$T/torn.log")"
[ "$(grep -c 'GET /index.json.minisig ' "$T/torn.log")" -eq 2 ] || fail "signature not fetched twice"

# A signature that never matches: refused after the one extra fetch.
cp "$T/repo/old.minisig" "$T/repo/index.json.minisig"
: >"$T/torn.log"
DB2="$T/lib2/library.db"
"$QUIRE" --db "$DB2" source add daily "http://127.0.0.1:$PORT" --pubkey "$T/pub.pub" >/dev/null
rc=0
"$QUIRE" --db "$DB2" sync >/dev/null 2>"$T/err2" || rc=$?
[ "$rc" -eq 1 ] || fail "a wrong signature should be refused (rc $rc)"
grep -q "index signature does not verify" "$T/err2" || fail "message: $(cat "$T/err2")"
[ "$(grep -c 'GET /index.json ' "$T/torn.log")" -eq 2 ] || fail "more than one extra fetch"
[ "$(article_count "$DB2")" -eq 0 ] || fail "imported under a wrong signature"
echo "ok"
