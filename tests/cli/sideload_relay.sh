#!/usr/bin/env bash
# News that reached reader A on a USB stick travels on: A's export folder carries the original
# signed bundle, and reader B, trusting the same publisher, imports it from there. Unsigned
# EPUBs are read but never relayed.
. "$(dirname "$0")/lib.sh"
make_key "$T/pub"
make_articles "$T/a" 3 relay
mkdir -p "$T/stick"
"$QUIRE" bundle create --key "$T/pub.key" --out "$T/stick/news.epub" --publisher "Test Radio" \
    "$T"/a/*.txt >/dev/null
cp "$T/stick/news.epub" "$T/plain.epub"
zip -q -d "$T/plain.epub" 'META-INF/quire/*'
q trust add "$T/pub.pub" >/dev/null
expect_exit 0 q import "$T/stick"
expect_exit 0 q import --allow-unsigned "$T/plain.epub"
[ ! -s "$T/err" ] || fail "warning on an unsigned import: $(cat "$T/err")"

expect_exit 0 q export --out "$T/relay"
shopt -s nullglob
bundles=("$T"/relay/*.epub)
[ ${#bundles[@]} -eq 1 ] || fail "expected the one signed bundle in the export, got ${#bundles[@]}"
cmp -s "${bundles[0]}" "$T/stick/news.epub" || fail "the export is not the original bytes"

B="$T/reader-b.db"
"$QUIRE" --db "$B" trust add "$T/pub.pub" >/dev/null
expect_exit 0 "$QUIRE" --db "$B" import "$T/relay"
grep -q "imported 3 new" "$T/out" || fail "reader B did not import: $(cat "$T/out")"
[ "$(sqlite3 "$B" 'SELECT count(*) FROM articles WHERE verified = 1')" = 3 ] || fail "B's articles"
echo "sideload_relay: ok"
