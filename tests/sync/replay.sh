#!/usr/bin/env bash
# sync replay: after a reader has seen index sequence 200, a mirror serving the older signed
# index (sequence 100, a replay or a stale mirror) is refused with a clear message; a relay
# and the expired-index warning never block.
source "$SRC/tests/sync/lib.sh"

make_bundle day1 1 2
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" --sequence 100 "$T/in/day1.epub" >/dev/null
cp "$T/repo/index.json" "$T/old.json"
cp "$T/repo/index.json.minisig" "$T/old.minisig"
make_bundle day2 2 2
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" --sequence 200 "$T/in/day2.epub" >/dev/null
start_nginx main "$T/repo"
DB="$T/lib/library.db"
"$QUIRE" --db "$DB" source add daily "http://127.0.0.1:$NGX_PORT" --pubkey "$T/pub.pub" >/dev/null
"$QUIRE" --db "$DB" sync >/dev/null 2>&1 || fail "first sync failed"
"$QUIRE" --db "$DB" source list | grep -q "sequence 200" || fail "sequence 200 not recorded"

cp "$T/old.json" "$T/repo/index.json"
cp "$T/old.minisig" "$T/repo/index.json.minisig"
rc=0
"$QUIRE" --db "$DB" sync >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] || fail "replayed index should fail (rc $rc)"
grep -q "index sequence 100 is older than the last one seen (200): refused as a replay" "$T/err" ||
    fail "no replay message: $(cat "$T/err")"
"$QUIRE" --db "$DB" source list | grep -q "sequence 200" || fail "sequence went back"

# An expired index only warns (the clock of an e-reader is often wrong). The edited index is
# re-signed with the stock minisign tool: the formats are the same.
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo2" --sequence 300 "$T/in/day1.epub" >/dev/null
sed -i 's/"valid_until":[^,]*/"valid_until":\t"2001-01-01T00:00:00Z"/' "$T/repo2/index.json"
rm -f "$T/repo2/index.json.minisig"
minisign -S -s "$T/pub.key" -m "$T/repo2/index.json" -x "$T/repo2/index.json.minisig" \
    -t "expired test" >/dev/null 2>&1 </dev/null || fail "minisign could not sign"
DB2="$T/lib2/library.db"
"$QUIRE" --db "$DB2" source add exp "file://$T/repo2" --pubkey "$T/pub.pub" >/dev/null
"$QUIRE" --db "$DB2" sync >"$T/out2" 2>"$T/err2" || fail "an expired index must not block: $(cat "$T/err2")"
grep -q "warning: source exp: index expired at 2001-01-01T00:00:00Z" "$T/err2" ||
    fail "no expiry warning: $(cat "$T/err2")"
[ "$(article_count "$DB2")" -eq 2 ] || fail "expired index: bundles not imported"
echo "ok"
