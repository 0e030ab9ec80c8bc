#!/usr/bin/env bash
# `quire bundle keygen|create|verify|manifest|sign` on real files: exit codes (0, 1, 2), one
# error line naming the file, keygen never overwrites, verify's JSON fields, manifest prints the
# signed bytes, per-input --section/--lang/--byline, sign in both forms.
. "$(dirname "$0")/lib.sh"
corpus="$SRC/tests/data/corpus"

# keygen: two files, refuses to overwrite either
expect_exit 0 "$QUIRE" bundle keygen --out "$T/k"
[ -s "$T/k.pub" ] && [ -s "$T/k.key" ] || fail "keygen did not write both files"
[ "$(stat -c %a "$T/k.key")" = 600 ] || fail "secret key is not mode 600"
keyid=$(head -n1 "$T/k.pub" | grep -oE '[0-9A-F]{16}$')
before=$(sha256sum "$T/k.key")
expect_error "k.pub: already exists" "$QUIRE" bundle keygen --out "$T/k"
[ "$before" = "$(sha256sum "$T/k.key")" ] || fail "keygen overwrote the secret key"

# create: per-input options, then verify with and without the key
printf 'Plain Title\n\nFirst paragraph.\nSecond paragraph.\n' >"$T/plain.txt"
printf '<html><head><title>Page</title></head><body><p>Hi</p></body></html>' >"$T/page.html"
expect_exit 0 "$QUIRE" bundle create --key "$T/k.key" --out "$T/b.epub" --publisher "CLI Daily" \
    --sequence 99 --section Local --byline "A. Writer" "$T/plain.txt" --byline "" \
    --section World --lang ru "$corpus/udhr-ru.txt" --lang en "$T/page.html"
grep -q "3 articles, signed by key $keyid" "$T/out" || fail "create output: $(cat "$T/out")"
expect_exit 0 "$QUIRE" bundle verify "$T/b.epub"
grep -q "signature not checked" "$T/out" || fail "verify without key: $(cat "$T/out")"
expect_exit 0 "$QUIRE" bundle verify --pubkey "$T/k.pub" --json "$T/b.epub"
python3 - "$T/out" "$keyid" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["ok"] is True and r["keyid"] == sys.argv[2], r
assert r["publisher"] == "CLI Daily" and r["sequence"] == 99 and r["articles"] == 3, r
assert r["errors"] == [] and r["signature_checked"] is True, r
PY
# manifest: the signed bytes, parseable, with the per-input options applied
expect_exit 0 "$QUIRE" bundle manifest "$T/b.epub"
unzip -p "$T/b.epub" META-INF/quire/manifest.json | cmp -s - "$T/out" || fail "manifest differs"
python3 - "$T/out" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
a = {x["guid"]: x for x in m["articles"]}
assert a["plain"]["section"] == "Local" and a["plain"]["byline"] == "A. Writer", a["plain"]
assert a["udhr-ru"]["language"] == "ru" and a["udhr-ru"]["byline"] is None, a["udhr-ru"]
assert a["page"]["section"] == "World" and a["page"]["language"] == "en", a["page"]
assert m["languages"] == ["en", "ru"], m["languages"]
PY

# verify failures: exit 1, one line naming the file; JSON mode reports the error too
"$QUIRE" bundle keygen --out "$T/other" >/dev/null
expect_error "b.epub: signed by key $keyid, not by key" \
    "$QUIRE" bundle verify --pubkey "$T/other.pub" "$T/b.epub"
expect_exit 1 "$QUIRE" bundle verify --json --pubkey "$T/other.pub" "$T/b.epub"
python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))
assert r["ok"] is False and len(r["errors"]) == 1, r' "$T/out"
echo "not a zip" >"$T/junk.epub"
expect_error "junk.epub: not a zip file" "$QUIRE" bundle verify "$T/junk.epub"
expect_error "missing.epub" "$QUIRE" bundle verify "$T/missing.epub"
expect_error "k.pub: not a minisign secret key" \
    "$QUIRE" bundle create --key "$T/k.pub" --out "$T/x.epub" "$T/plain.txt"
[ ! -e "$T/x.epub" ] || fail "a failed create left a file"
printf 'T\n\xff\n' >"$T/bad.txt"
expect_error "bad.txt: invalid UTF-8" "$QUIRE" bundle create --key "$T/k.key" --out "$T/x.epub" "$T/bad.txt"
expect_error "notes.md: unknown input type" "$QUIRE" bundle create --key "$T/k.key" --out "$T/x.epub" "$T/notes.md"
# the library given with --db supplies the key when it is trusted there
q trust add "$T/other.pub" >/dev/null
expect_error "not trusted in" q bundle verify "$T/b.epub"
q trust add "$T/k.pub" >/dev/null
expect_exit 0 q bundle verify "$T/b.epub"
grep -q "signature verified" "$T/out" || fail "verify via --db: $(cat "$T/out")"

# sign --key: another key takes over; sign --signature: garbage is refused, file unchanged
cp "$T/b.epub" "$T/c.epub"
expect_exit 0 "$QUIRE" bundle sign --key "$T/other.key" "$T/c.epub"
expect_exit 0 "$QUIRE" bundle verify --pubkey "$T/other.pub" "$T/c.epub"
echo garbage >"$T/garbage.minisig"
before=$(sha256sum "$T/c.epub" | cut -d' ' -f1)
expect_error "garbage.minisig" "$QUIRE" bundle sign --signature "$T/garbage.minisig" "$T/c.epub"
[ "$before" = "$(sha256sum "$T/c.epub" | cut -d' ' -f1)" ] || fail "a refused signature changed the file"

# usage errors exit 2
expect_exit 2 "$QUIRE" bundle
expect_exit 2 "$QUIRE" bundle frobnicate
expect_exit 2 "$QUIRE" bundle create --key "$T/k.key"
expect_exit 2 "$QUIRE" bundle sign --key "$T/k.key" --signature x "$T/b.epub"
expect_exit 2 "$QUIRE" bundle verify
expect_exit 2 "$QUIRE" bundle manifest
echo "bundle CLI: ok"
