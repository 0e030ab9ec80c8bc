#!/usr/bin/env bash
# Interop with the stock minisign tool, both ways, on bundle manifests:
#   1. a key from `minisign -G -W`; `quire bundle create --key` and `quire bundle sign --key`
#      sign with it; `minisign -V` verifies the manifest and shows the sequence number;
#   2. `minisign -S` signs the manifest; `quire bundle sign --signature` inserts the signature;
#      `quire bundle verify --pubkey` accepts it, and rejects it once the manifest changes;
#   3. a key from `quire bundle keygen` signs with `minisign -S` and verifies with minisign.
set -euo pipefail
: "${QUIRE:?}" "${SRC:?}"
command -v minisign >/dev/null || { echo "minisign not installed" >&2; exit 1; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
corpus="$SRC/tests/data/corpus"

minisign -G -W -p k.pub -s k.key >/dev/null
"$QUIRE" bundle create --key k.key --out b.epub --publisher "Interop Daily" --sequence 42 \
    "$corpus/udhr-en.txt" --lang ru "$corpus/udhr-ru.txt" >/dev/null

extract() { # bundle -> m.json, m.json.minisig
    unzip -p "$1" META-INF/quire/manifest.json >m.json
    unzip -p "$1" META-INF/quire/manifest.json.minisig >m.json.minisig
}

# 1. quire signs (create), minisign verifies; the trusted comment carries the sequence.
extract b.epub
out=$(minisign -Vm m.json -x m.json.minisig -p k.pub) || fail "minisign -V rejected create"
grep -q 'sequence:42' <<<"$out" || fail "trusted comment lacks the sequence: $out"
grep -q 'publisher:Interop Daily' <<<"$out" || fail "trusted comment lacks the publisher: $out"
"$QUIRE" bundle manifest b.epub | cmp - m.json || fail "bundle manifest: not the raw bytes"

# quire bundle sign --key re-signs; minisign verifies again.
cp b.epub b2.epub
"$QUIRE" bundle sign --key k.key b2.epub >/dev/null
extract b2.epub
minisign -Vm m.json -x m.json.minisig -p k.pub | grep -q 'sequence:42' ||
    fail "minisign -V rejected bundle sign's signature"

# 2. minisign signs, quire verifies.
"$QUIRE" bundle manifest b.epub >m2.json
minisign -Sm m2.json -s k.key -t "timestamp:1 sequence:42 by minisign" >/dev/null
head -c 2 <(sed -n 2p m2.json.minisig | base64 -d) | grep -q ED || fail "minisign did not use ED"
"$QUIRE" bundle sign --signature m2.json.minisig b.epub >/dev/null
"$QUIRE" bundle verify --pubkey k.pub b.epub >/dev/null || fail "quire rejected minisign's sig"
"$QUIRE" bundle verify --pubkey "$(tail -n1 k.pub)" b.epub >/dev/null ||
    fail "quire rejected the bare public key form"
# legacy (non-prehashed) Ed signatures verify too
minisign -Sm m2.json -s k.key -l -t "legacy" -x legacy.minisig >/dev/null
"$QUIRE" bundle sign --signature legacy.minisig b.epub >/dev/null
"$QUIRE" bundle verify --pubkey k.pub b.epub >/dev/null || fail "legacy Ed signature rejected"
# a signature over different bytes is refused
echo " " >>m2.json
minisign -Sm m2.json -s k.key >/dev/null
"$QUIRE" bundle sign --signature m2.json.minisig b.epub >/dev/null
if "$QUIRE" bundle verify --pubkey k.pub b.epub 2>err.txt; then fail "wrong signature accepted"; fi
grep -q 'b.epub: signature does not verify' err.txt || fail "message: $(cat err.txt)"
# another key is named as untrusted
minisign -G -W -p other.pub -s other.key >/dev/null
if "$QUIRE" bundle verify --pubkey other.pub b2.epub 2>err.txt; then fail "other key accepted"; fi
grep -q 'signed by key' err.txt || fail "message: $(cat err.txt)"

# 3. a quire keygen key works in minisign, both ways.
"$QUIRE" bundle keygen --out q >/dev/null
echo "hello" >f.txt
minisign -Sm f.txt -s q.key >/dev/null || fail "minisign rejected quire's secret key"
minisign -Vm f.txt -p q.pub >/dev/null || fail "minisign rejected quire's public key"
"$QUIRE" bundle sign --key q.key b2.epub >/dev/null
extract b2.epub
minisign -Vm m.json -x m.json.minisig -p q.pub >/dev/null || fail "minisign -V, quire key"
echo "minisign interop: ok"
