#!/usr/bin/env bash
# An ordinary EPUB (no Quire manifest, as pandoc or Calibre make them) is refused by default
# and imported with --allow-unsigned, marked unverified wherever it is shown.
. "$(dirname "$0")/lib.sh"
make_key "$T/pub"
make_articles "$T/a" 2 plain
"$QUIRE" bundle create --key "$T/pub.key" --out "$T/plain.epub" --publisher "Some Press" "$T"/a/*.txt >/dev/null
zip -q -d "$T/plain.epub" 'META-INF/quire/*'
unzip -l "$T/plain.epub" | grep -q "META-INF/quire" && fail "manifest still inside"

expect_error "plain.epub: not a signed Quire bundle.*--allow-unsigned" q import "$T/plain.epub"
expect_exit 0 q import --allow-unsigned "$T/plain.epub"
grep -q "UNVERIFIED" "$T/out" || fail "import line does not say unverified: $(cat "$T/out")"
expect_exit 0 q list
[ "$(grep -c '\[unverified\]' "$T/out")" -eq 2 ] || fail "list does not mark both articles"
expect_exit 0 q list --json
python3 -c "import json,sys; r=json.load(open('$T/out')); assert len(r)==2 and not any(x['verified'] for x in r)" ||
    fail "JSON verified flags"
id=$(sqlite3 "$DB" 'SELECT min(id) FROM articles')
expect_exit 0 q show "$id"
grep -q "UNVERIFIED" "$T/out" || fail "show does not mark the article unverified"
# The reader's library marks both (the trace lists the unverified rows of the page shown).
expect_exit 0 q read --backend headless --trace "$T/trace"
python3 - "$T/trace" <<'PY' || fail "the library does not mark the unsigned articles"
import json, sys
f = json.loads(open(sys.argv[1]).readline())
assert f["screen"] == "library" and sorted(f["unverified"]) == sorted(f["rows"]) and len(f["rows"]) == 2, f
PY
echo "unsigned_epub: ok"
