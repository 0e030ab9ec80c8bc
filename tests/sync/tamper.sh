#!/usr/bin/env bash
# sync tamper: a mirror serving a tampered bundle gets it refused with a clear message naming
# the file while the other bundles import; a tampered index (signature no longer verifies) or
# an index signed by another key is refused and nothing is imported from it.
source "$SRC/tests/sync/lib.sh"

for i in 1 2 3; do make_bundle "day$i" "$i" 2; done
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T"/in/day{1,2,3}.epub >/dev/null
# Flip one byte in the middle of day2 on the mirror (same size, different hash).
python3 - "$T/repo/day2.epub" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 0xFF
open(p, "wb").write(b)
PY
start_nginx main "$T/repo"
DB="$T/lib/library.db"
"$QUIRE" --db "$DB" source add daily "http://127.0.0.1:$NGX_PORT" --pubkey "$T/pub.pub" >/dev/null
rc=0
"$QUIRE" --db "$DB" sync >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] || fail "sync with a tampered bundle should exit 1 (rc $rc)"
grep -q "day2.epub: SHA-256 or size does not match the index (tampered or corrupt): refused" "$T/err" ||
    fail "no clear message: $(cat "$T/err")"
[ "$(article_count "$DB")" -eq 4 ] || fail "the two good bundles should import (got $(article_count "$DB"))"
[ ! -e "$T/lib/partial/"*.part ] 2>/dev/null || [ -z "$(ls "$T/lib/partial")" ] ||
    fail "tampered bytes kept as a partial file"

# A tampered index: signature check fails, nothing new imported.
DB2="$T/lib2/library.db"
cp "$T/in/day2.epub" "$T/repo/day2.epub" # repair the bundle
sed -i 's/"Test Daily"/"Evil Daily"/' "$T/repo/index.json"
"$QUIRE" --db "$DB2" source add daily "http://127.0.0.1:$NGX_PORT" --pubkey "$T/pub.pub" >/dev/null
rc=0
"$QUIRE" --db "$DB2" sync >"$T/out2" 2>"$T/err2" || rc=$?
[ "$rc" -eq 1 ] || fail "tampered index should fail (rc $rc)"
grep -q "index signature does not verify" "$T/err2" || fail "no signature message: $(cat "$T/err2")"
[ "$(article_count "$DB2")" -eq 0 ] || fail "imported from a tampered index"

# An index signed by another key is refused the same way.
"$QUIRE" bundle keygen --out "$T/other" >/dev/null
"$QUIRE" publish --key "$T/other.key" --out "$T/repo" "$T/in/day1.epub" >/dev/null
rc=0
"$QUIRE" --db "$DB2" sync >"$T/out3" 2>"$T/err3" || rc=$?
[ "$rc" -eq 1 ] || fail "index from another key should fail"
grep -q "signature" "$T/err3" || fail "no signature message: $(cat "$T/err3")"
[ "$(article_count "$DB2")" -eq 0 ] || fail "imported from a foreign index"
echo "ok"
