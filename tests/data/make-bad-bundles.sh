#!/usr/bin/env bash
# Writes the bad-bundle fixtures into OUT_DIR, each with one problem; the signed ones are
# signed with SECRET_KEY (a minisign key, unencrypted), so a library that trusts its public key
# still refuses them for the named reason. Expected outcome (status / message contains):
#   not-a-zip.epub            open   EFORMAT    "not a zip file"
#   truncated.epub            open   EFORMAT    "truncated"
#   path-dotdot.epub          open   EUNSAFE    "escapes the bundle"        (entry ../evil.txt)
#   path-absolute.epub        open   EUNSAFE    "absolute path"             (entry /tmp/evil.txt)
#   zip-bomb.epub             open   ETOOBIG    "over the limit"  (declares 100 MiB of zeros)
#   zip-bomb-lying.epub       verify ETOOBIG    "inflates past"   (declares 1000 B, inflates 70 MiB)
#   manifest-missing.epub     open   EFORMAT    "no manifest"     (signature without manifest)
#   manifest-malformed.epub   open   EFORMAT    "malformed JSON"  (signed)
#   manifest-oversized.epub   open   ETOOBIG    "manifest.json"   (17 MiB manifest)
#   signature-missing.epub    verify ESIGNATURE "not signed"
#   signature-wrong.epub      verify ESIGNATURE "does not verify" (manifest edited after signing)
#   signature-untrusted.epub  verify EUNTRUSTED "signed by key"   (a fresh key, named)
#   hash-mismatch.epub        verify EHASH      "does not match its SHA-256"
#   unlisted-entry.epub       verify EHASH      "not listed"
#   duplicate-guid.epub       open   EDUPLICATE "duplicate article guid" (signed)
#   broken-xhtml.epub         opens and verifies; the importer refuses it (EFORMAT, not well-formed)
#   invalid-utf8.epub         opens and verifies; the importer refuses it (EUTF8)
# Usage: make-bad-bundles.sh QUIRE_BINARY OUT_DIR SECRET_KEY
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 QUIRE_BINARY OUT_DIR SECRET_KEY" >&2; exit 2; }
quire=$1
out=$2
key=$3
here=$(cd "$(dirname "$0")" && pwd)
corpus="$here/corpus"
surgery() { python3 "$here/bundle_surgery.py" "$@"; }
mkdir -p "$out"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

"$quire" bundle create --key "$key" --out "$t/base.epub" --publisher "Bad Bundles" \
    --sequence 7 "$corpus/udhr-en.txt" "$corpus/udhr-ro.txt" --lang ru "$corpus/udhr-ru.txt" \
    >/dev/null
article=OEBPS/articles/a00001.xhtml
unzip -p "$t/base.epub" "$article" >"$t/article.xhtml"
resign() { "$quire" bundle sign --key "$key" "$1" >/dev/null; }

printf 'This is plain text, not a zip archive.\n' >"$out/not-a-zip.epub"
head -c $(($(stat -c %s "$t/base.epub") / 2)) "$t/base.epub" >"$out/truncated.epub"

echo evil >"$t/evil.txt"
surgery "$t/base.epub" "$out/path-dotdot.epub" add-raw ../evil.txt "$t/evil.txt"
surgery "$t/base.epub" "$out/path-absolute.epub" add-raw /tmp/evil.txt "$t/evil.txt"

head -c $((100 * 1024 * 1024)) /dev/zero >"$t/zeros"
surgery "$t/base.epub" "$out/zip-bomb.epub" add-raw OEBPS/bomb.bin "$t/zeros"
head -c $((70 * 1024 * 1024)) /dev/zero >"$t/zeros"
surgery "$t/base.epub" "$out/zip-bomb-lying.epub" add-raw OEBPS/bomb.bin "$t/zeros" \
    list OEBPS/bomb.bin 1000 lie-size OEBPS/bomb.bin 1000
resign "$out/zip-bomb-lying.epub"
rm -f "$t/zeros"

surgery "$t/base.epub" "$out/manifest-missing.epub" drop META-INF/quire/manifest.json
printf '{"format_version": 1, "id": "urn:x", "publisher": ' >"$t/bad.json"
surgery "$t/base.epub" "$out/manifest-malformed.epub" put META-INF/quire/manifest.json "$t/bad.json"
resign "$out/manifest-malformed.epub"
{ printf '{"padding": "'; head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' ' '; printf '"}\n'; } \
    >"$t/big.json"
surgery "$t/base.epub" "$out/manifest-oversized.epub" put META-INF/quire/manifest.json "$t/big.json"

surgery "$t/base.epub" "$out/signature-missing.epub" drop META-INF/quire/manifest.json.minisig
unzip -p "$t/base.epub" META-INF/quire/manifest.json |
    sed 's/"Universal Declaration of Human Rights"/"Edited After Signing"/' >"$t/edited.json"
surgery "$t/base.epub" "$out/signature-wrong.epub" put META-INF/quire/manifest.json "$t/edited.json"
"$quire" bundle keygen --out "$t/stranger" >/dev/null
cp "$t/base.epub" "$out/signature-untrusted.epub"
"$quire" bundle sign --key "$t/stranger.key" "$out/signature-untrusted.epub" >/dev/null

sed 's/Preamble/PREAMBLE/' "$t/article.xhtml" >"$t/changed.xhtml" # same size, other hash
surgery "$t/base.epub" "$out/hash-mismatch.epub" put "$article" "$t/changed.xhtml"
surgery "$t/base.epub" "$out/unlisted-entry.epub" add-raw OEBPS/extra.txt "$t/evil.txt"

surgery "$t/base.epub" "$out/duplicate-guid.epub" dup-guid
resign "$out/duplicate-guid.epub"

{
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
    printf '<head><title>Broken</title></head><body><p>unclosed <b>tags</p>\n'
} >"$t/broken.xhtml"
surgery "$t/base.epub" "$out/broken-xhtml.epub" put "$article" "$t/broken.xhtml" fix-hashes
resign "$out/broken-xhtml.epub"
sed 's/Preamble/Pre\xff\xfeamble/' "$t/article.xhtml" >"$t/badutf8.xhtml"
surgery "$t/base.epub" "$out/invalid-utf8.epub" put "$article" "$t/badutf8.xhtml" fix-hashes
resign "$out/invalid-utf8.epub"
