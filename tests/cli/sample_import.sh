#!/usr/bin/env bash
# The sample bundle: refused until its key is trusted, then imported, listed, shown, and
# skipped when it arrives again.
. "$(dirname "$0")/lib.sh"
SAMPLE="$SRC/assets/sample-news.epub"
PUB="$SRC/assets/sample-news.pub"
keyid=$(sed -n 2p "$PUB" | base64 -d | od -An -tx1 -j2 -N8 | tr -d ' \n' |
    sed 's/../& /g' | awk '{for(i=NF;i>0;i--) printf "%s", toupper($i)}')

# Unknown key: refused, naming the key id; nothing written (the first command made the
# library, and failed: no library is left).
expect_error "untrusted key $keyid" q import "$SAMPLE"
[ ! -e "$DB" ] || fail "a refused first import left a library"

expect_exit 0 q trust add "$PUB"
grep -q "$keyid" "$T/out" || fail "trust add does not name the key"
expect_exit 0 q trust add "$PUB" # idempotent
expect_exit 0 q trust list
grep -q "$keyid" "$T/out" || fail "trust list lacks the key"

expect_exit 0 q import "$SAMPLE"
grep -qE "imported [0-9]+ new" "$T/out" || fail "no result line: $(cat "$T/out")"
n=$(sqlite3 "$DB" 'SELECT count(*) FROM articles')
[ "$n" -ge 10 ] || fail "expected the news article and the UDHR texts, got $n articles"

expect_exit 0 q list --json
python3 - "$T/out" <<'PY' || fail "list --json"
import json, sys
rows = json.load(open(sys.argv[1]))
need = {"id", "title", "publisher", "section", "language", "published", "verified"}
assert rows and all(need <= set(r) for r in rows), "missing fields"
assert all(r["verified"] is True for r in rows), "sample articles must be verified"
langs = {r["language"] for r in rows}
assert {"en", "ru", "fa", "ka"} <= langs, f"languages: {langs}"
assert any("Persian" in (r["section"] or "") or r["language"] == "fa" for r in rows)
PY

# show prints the article as plain text: the seed article without its page boilerplate.
id=$(sqlite3 "$DB" "SELECT id FROM articles WHERE language='en' AND section NOT LIKE '%Declaration%' ORDER BY id LIMIT 1")
expect_exit 0 q show "$id"
grep -q "Accessibility links" "$T/out" && fail "boilerplate kept in the sample article"
[ "$(wc -l <"$T/out")" -gt 5 ] || fail "show printed too little"

# The same bundle again: skipped by hash, library unchanged.
before=$(library_fingerprint)
expect_exit 0 q import "$SAMPLE"
grep -q "already imported" "$T/out" || fail "duplicate not reported"
[ "$(library_fingerprint)" = "$before" ] || fail "re-import changed the library"

expect_exit 0 q search "human rights"
grep -q "Declaration\|Universal\|rights" "$T/out" || fail "search found nothing"

expect_exit 0 q trust remove "$keyid"
expect_error "not trusted" q trust remove "$keyid"
integrity_ok || fail "integrity"
echo "sample_import: ok"
