#!/usr/bin/env bash
# The disk fills up mid-import (RLIMIT_FSIZE): a clear error, exit 1, and the library exactly
# as it was; with room again the same bundle imports completely.
. "$(dirname "$0")/lib.sh"
make_key "$T/pub"
q trust add "$T/pub.pub" >/dev/null
make_articles "$T/small" 2 small
"$QUIRE" bundle create --key "$T/pub.key" --out "$T/small.epub" --publisher P "$T"/small/*.txt >/dev/null
q import "$T/small.epub" >/dev/null
make_articles "$T/big" 400 big
"$QUIRE" bundle create --key "$T/pub.key" --out "$T/big.epub" --publisher P "$T"/big/*.txt >/dev/null
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
before=$(library_fingerprint)
size_kb=$(($(stat -c %s "$DB") / 1024))

# Room for ~64 KiB more: far less than 400 articles need.
got=0
(ulimit -f $((size_kb + 64)) && exec "$QUIRE" --db "$DB" import "$T/big.epub") >"$T/out" 2>"$T/err" || got=$?
[ "$got" -eq 1 ] || fail "exit $got on a full disk: $(cat "$T/err")"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "more than one error line: $(cat "$T/err")"
grep -q "big.epub" "$T/err" || fail "error does not name the bundle: $(cat "$T/err")"
grep -qi "disk full\|no space\|size limit" "$T/err" || fail "error does not say the disk is full: $(cat "$T/err")"
integrity_ok || fail "integrity after disk full"
[ "$(library_fingerprint)" = "$before" ] || fail "library changed by a failed import"

expect_exit 0 q import "$T/big.epub"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM articles')" = 402 ] || fail "retry did not import all"
echo "disk_full: ok"
