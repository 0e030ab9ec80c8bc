#!/usr/bin/env bash
# sync failed_import: a bundle whose bytes match the index but fail to import (here: a relay
# lists a corrupt copy under its true SHA-256) is refused with a message naming the bundle's
# file and the mirror (not the deleted partial file), remembered, and not downloaded again by
# the next sync (one warning names it), until the index lists other bytes for that file.
source "$SRC/tests/sync/lib.sh"

for i in 1 2; do make_bundle "day$i" "$i" 1; done
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T"/in/day{1,2}.epub >/dev/null
A="$T/a/library.db"
"$QUIRE" --db "$A" source add daily "file://$T/repo" --pubkey "$T/pub.pub" >/dev/null
"$QUIRE" --db "$A" sync >/dev/null 2>&1 || fail "A could not sync"
"$QUIRE" --db "$A" export --out "$T/relay" >/dev/null || fail "export"
cp "$T/relay/day2.epub" "$T/day2.good"
# Corrupt day2 inside one article's data and list the corrupt bytes in the relay index.
python3 - "$T/relay" <<'PY'
import hashlib, json, os, sys, zipfile
d = sys.argv[1]
p = os.path.join(d, "day2.epub")
z = zipfile.ZipFile(p)
info = [i for i in z.infolist() if i.filename.endswith(".xhtml")][0]
z.close()
b = bytearray(open(p, "rb").read())
off = info.header_offset
n, x = int.from_bytes(b[off+26:off+28], "little"), int.from_bytes(b[off+28:off+30], "little")
b[off + 30 + n + x + info.compress_size // 2] ^= 0xFF
open(p, "wb").write(b)
ix = json.load(open(os.path.join(d, "index.json")))
for e in ix["bundles"]:
    if e["file"] == "day2.epub":
        e["sha256"] = hashlib.sha256(b).hexdigest()
        e["size"] = len(b)
json.dump(ix, open(os.path.join(d, "index.json"), "w"))
PY
start_nginx relay "$T/relay"
B="$T/b/library.db"
"$QUIRE" --db "$B" trust add "$T/pub.pub" >/dev/null
"$QUIRE" --db "$B" source add relay "http://127.0.0.1:$NGX_PORT" --relay >/dev/null
rc=0
"$QUIRE" --db "$B" sync >"$T/out1" 2>"$T/err1" || rc=$?
[ "$rc" -eq 1 ] || fail "first sync should fail on the corrupt bundle (rc $rc)"
grep -q "day2.epub (source relay, mirror http://127.0.0.1:$NGX_PORT)" "$T/err1" ||
    fail "message does not name the bundle and mirror: $(cat "$T/err1")"
! grep -q '\.part' "$T/err1" || fail "message names the deleted partial file: $(cat "$T/err1")"
[ "$(article_count "$B")" -eq 1 ] || fail "day1 should import"
[ "$(grep -c 'GET /day2.epub' "$NGX_LOG")" -eq 1 ] || fail "day2 not fetched once"

rc=0
"$QUIRE" --db "$B" sync --json >"$T/out2" 2>"$T/err2" || rc=$?
[ "$(grep -c 'GET /day2.epub' "$NGX_LOG")" -eq 1 ] || fail "the failed bundle was downloaded again"
grep -q '"bytes_bundles":0' "$T/out2" || fail "bundle bytes moved: $(grep summary "$T/out2")"
[ "$(grep -c 'day2.epub.*skipped: it failed to import' "$T/out2" "$T/err2" | awk -F: '{s+=$2} END {print s}')" -eq 1 ] ||
    fail "expected one warning naming day2.epub: $(cat "$T/out2" "$T/err2")"

# The relay gets good bytes for day2 (another SHA-256): fetched and imported.
cp "$T/day2.good" "$T/relay/day2.epub"
"$QUIRE" --db "$A" export --out "$T/relay" >/dev/null || fail "export again"
"$QUIRE" --db "$B" sync >"$T/out3" 2>"$T/err3" || fail "corrected bundle: $(cat "$T/err3")"
[ "$(article_count "$B")" -eq 2 ] || fail "corrected day2 not imported"
echo "ok"
