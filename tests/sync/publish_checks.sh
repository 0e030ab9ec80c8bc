#!/usr/bin/env bash
# sync publish_checks: publish verifies every bundle before writing anything (a bundle whose
# files do not match its signed manifest is refused with one line naming it, and the output
# folder stays as it was), an explicit --sequence may never go back or repeat, and
# --keep-days takes old bundles out of the index and the folder.
source "$SRC/tests/sync/lib.sh"

make_bundle day1 1 2
make_bundle day2 2 2
# A corrupt copy: one byte flipped inside an article (zip and manifest still parse).
cp "$T/in/day2.epub" "$T/bad.epub"
python3 - "$T/bad.epub" <<'PY'
import sys, zipfile
p = sys.argv[1]
z = zipfile.ZipFile(p)
info = [i for i in z.infolist() if i.filename.endswith(".xhtml")][0]
z.close()
b = bytearray(open(p, "rb").read())
# the entry's data starts after its local header (30 bytes + name + extra)
off = info.header_offset
n, x = int.from_bytes(b[off+26:off+28], "little"), int.from_bytes(b[off+28:off+30], "little")
b[off + 30 + n + x + info.compress_size // 2] ^= 0xFF
open(p, "wb").write(b)
PY
rc=0
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T/in/day1.epub" "$T/bad.epub" \
    >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] || fail "publishing a corrupt bundle should exit 1 (rc $rc)"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "not one line: $(cat "$T/err")"
grep -q "bad.epub" "$T/err" || fail "message does not name the bundle: $(cat "$T/err")"
[ ! -e "$T/repo" ] || [ -z "$(ls -A "$T/repo")" ] || fail "something was written: $(ls "$T/repo")"

# A bundle signed by another key: checked (files) and published; with --pubkey, its signature
# is checked too.
"$QUIRE" bundle keygen --out "$T/other" >/dev/null
mkdir -p "$T/o"
echo "Other article" >"$T/o/x.txt"
"$QUIRE" bundle create --key "$T/other.key" --out "$T/in/other.epub" --publisher "Other" \
    --sequence 1 --section World "$T/o/x.txt" >/dev/null
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" --pubkey "$T/other.pub" --sequence 5 \
    "$T/in/day1.epub" "$T/in/other.epub" >/dev/null || fail "good bundles refused"
[ -f "$T/repo/index.json" ] && [ -f "$T/repo/other.epub" ] || fail "not published"

# --sequence may not go back nor repeat; the index stays as it was.
cp "$T/repo/index.json" "$T/index.before"
for s in 5 3; do
    rc=0
    "$QUIRE" publish --key "$T/pub.key" --out "$T/repo" --sequence "$s" "$T/in/day2.epub" \
        >/dev/null 2>"$T/err$s" || rc=$?
    [ "$rc" -eq 1 ] || fail "--sequence $s after 5 should exit 1 (rc $rc)"
    grep -q "sequence $s is not above the published sequence 5" "$T/err$s" ||
        fail "unclear message: $(cat "$T/err$s")"
done
cmp -s "$T/repo/index.json" "$T/index.before" || fail "a refused publish changed the index"
[ ! -e "$T/repo/day2.epub" ] || fail "a refused publish copied a bundle"
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" --sequence 6 "$T/in/day2.epub" >/dev/null ||
    fail "--sequence 6 after 5 refused"

# --keep-days: a bundle created long ago leaves the index and the folder, the one being
# published stays whatever its age.
make_bundle day3 3 1
python3 - "$T/repo/index.json" <<'PY'
import json, sys
p = sys.argv[1]
idx = json.load(open(p))
for b in idx["bundles"]:
    if b["file"] == "day1.epub":
        b["created"] = "2001-01-01T00:00:00Z"
json.dump(idx, open(p, "w"))
PY
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" --keep-days 30 "$T/in/day3.epub" >"$T/keep" ||
    fail "publish --keep-days failed"
grep -q "retention removed 1)" "$T/keep" || fail "retention: $(cat "$T/keep")"
[ ! -e "$T/repo/day1.epub" ] || fail "the expired bundle is still there"
grep -q "day1.epub" "$T/repo/index.json" && fail "the index still lists the expired bundle"
[ -e "$T/repo/day3.epub" ] && [ -e "$T/repo/day2.epub" ] || fail "retention removed too much"
minisign -Vm "$T/repo/index.json" -p "$T/pub.pub" >/dev/null || fail "index after retention"
echo "ok"
