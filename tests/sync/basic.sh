#!/usr/bin/env bash
# sync basic: publish a repository, serve it with nginx on 127.0.0.1, sync into an empty
# library (everything imported, publisher signatures verified), sync again (one conditional
# request answered 304, no bundle bytes), publish one more bundle (only that one is fetched),
# and check the --json progress stream is one valid JSON object per line.
source "$SRC/tests/sync/lib.sh"

for i in 1 2 3; do make_bundle "day$i" "$i" 4; done
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T"/in/day{1,2,3}.epub >/dev/null
minisign -Vm "$T/repo/index.json" -p "$T/pub.pub" >/dev/null || fail "index does not verify with minisign"
start_nginx main "$T/repo"
DB="$T/lib/library.db"
"$QUIRE" --db "$DB" source add daily "http://127.0.0.1:$NGX_PORT/" --pubkey "$T/pub.pub" >/dev/null

"$QUIRE" --db "$DB" sync >"$T/out1" 2>&1 || { cat "$T/out1"; fail "first sync failed"; }
[ "$(article_count "$DB")" -eq 12 ] || fail "first sync: expected 12 articles, got $(article_count "$DB")"
grep -q "3 bundles imported" "$T/out1" || fail "first sync summary: $(cat "$T/out1")"
[ -z "$(ls -A "$T/lib/partial")" ] || fail "partial files left after a complete sync"

: >"$NGX_LOG.mark"
before=$(wc -l <"$NGX_LOG")
"$QUIRE" --db "$DB" sync --json >"$T/out2" || fail "second sync failed"
after=$(tail -n +"$((before + 1))" "$NGX_LOG")
echo "$after" | grep -q '\.epub' && fail "second sync downloaded bundles: $after"
echo "$after" | grep -q 'GET /index.json HTTP/1.1 "-" 304' || fail "index was not a 304: $after"
[ "$(echo "$after" | grep -c .)" -eq 1 ] || fail "second sync made more than one request: $after"
python3 - "$T/out2" <<'PY' || fail "--json output is not one JSON object per line"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
objs = [json.loads(l) for l in lines]
assert objs[-1]["event"] == "summary" and objs[-1]["bytes_bundles"] == 0, objs[-1]
assert any(o["event"] == "index_unchanged" for o in objs)
PY

make_bundle day4 4 2
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T/in/day4.epub" >/dev/null
before=$(wc -l <"$NGX_LOG")
"$QUIRE" --db "$DB" sync --json >"$T/out3" || fail "third sync failed"
after=$(tail -n +"$((before + 1))" "$NGX_LOG")
[ "$(echo "$after" | grep -c '\.epub')" -eq 1 ] || fail "third sync should fetch one bundle: $after"
echo "$after" | grep -q 'GET /day4.epub' || fail "third sync did not fetch day4: $after"
[ "$(article_count "$DB")" -eq 14 ] || fail "expected 14 articles after the new bundle"
grep -q '"event":"bytes"' "$T/out3" || grep -q '"event":"imported"' "$T/out3" || fail "no progress objects"
"$QUIRE" --db "$DB" source list | grep -q "daily" || fail "source list"
echo "ok"
