#!/usr/bin/env bash
# `quire extract`: the articles of the pages in tests/data/web against Readability's
# extraction (mean word F1 at least 0.95, no page below 0.5: `telegraph` is the hardest, its
# story sits in blocks the class names call "related"), the metadata and JSON keys of single
# pages, the scraped sample story cleaned of its boilerplate, and hostile pages refused or
# read within bounded time and memory.
source "$SRC/tests/cli/lib.sh"
WEB="$SRC/tests/data/web"

/usr/bin/python3 "$SRC/tests/feed/extract_score.py" "$QUIRE" "$WEB" --min-mean-f1 0.95 \
    --min-page-f1 0.5 --quiet >"$T/score" || { cat "$T/score" >&2; fail "extraction quality"; }
cat "$T/score"

# One page, field by field.
"$QUIRE" extract --json --url https://www.bbc.com/news/world-us-canada-33646781 \
    "$WEB/bbc-1/source.html" >"$T/bbc.json"
python3 - "$T/bbc.json" <<'PY' || fail "bbc-1 fields"
import json, sys
a = json.load(open(sys.argv[1]))
for key in ("title", "byline", "published", "lang", "dir", "text", "images"):
    assert key in a, key
assert a["title"] == "Obama admits US gun laws are his 'biggest frustration'", a["title"]
assert a["byline"] == "BBC News", a["byline"]
assert a["published"] == "2015-07-24T04:36:09Z", a["published"]
assert a["lang"] == "en", a["lang"]
paras = a["text"].split("\n\n")
assert len(paras) > 10 and all(p.strip() == p and p for p in paras), "paragraphs"
assert "Share this" not in a["text"] and "Related Topics" not in a["text"], "boilerplate"
assert a["images"] and all(i["src"].startswith("http") for i in a["images"]), a["images"]
assert "<h1" not in a["html"] and "<script" not in a["html"], "html"
PY
"$QUIRE" extract --json "$WEB/rtl-1/source.html" >"$T/rtl.json"
python3 -c "import json,sys; a=json.load(open(sys.argv[1])); assert a['dir']=='rtl', a['dir']" \
    "$T/rtl.json" || fail "rtl-1: direction"
# The plain output is a text article: the title, a blank line, the paragraphs.
"$QUIRE" extract "$WEB/lemonde-1/source.html" >"$T/lemonde.txt"
[ "$(sed -n 2p "$T/lemonde.txt")" = "" ] || fail "plain output: no blank line after the title"
[ "$(head -1 "$T/lemonde.txt")" = "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['title'])" "$WEB/lemonde-1/expected-metadata.json")" ] ||
    fail "lemonde-1: title"

# The scraped sample story: navigation, the caption printed twice, the image placeholder and
# the site's footer go; the headline, every paragraph and the agencies' credit stay.
"$QUIRE" extract --json "$SRC/tests/data/corpus/seed-article.txt" >"$T/seed.json"
python3 - "$T/seed.json" "$SRC/tests/data/corpus/seed-article.txt" <<'PY' || fail "seed story"
import json, sys
a = json.load(open(sys.argv[1]))
src = open(sys.argv[2], encoding="utf-8").read()
assert a["title"] == "White House, Kremlin Say Trump, Putin Agree To Work Together", a["title"]
for junk in ("Accessibility links", "Breaking News", "16x9", "spoke for about 30 minutes",
             "undesirable organization", "click here"):
    assert junk not in a["text"], junk
assert a["text"].startswith("The White House said the first official phone call")
assert a["text"].endswith("With reporting by Reuters, AP, dpa, AFP, Interfax, and TASS")
assert a["text"].count("\n\n") == 17, a["text"].count("\n\n")
PY

# Hostile pages: refused with one line, or read, within seconds and 512 MB.
UNDER_ASAN=$(ldd "$QUIRE" | grep -c libasan || true) # grep -q would break ldd's pipe
limited() {
    if [ "$UNDER_ASAN" -gt 0 ]; then
        timeout 120 "$@"
    else
        (ulimit -v 524288 && timeout 30 "$@")
    fi
}
python3 -c "print('<html><body>' + '<div>' * 700000 + 'deep</body></html>')" >"$T/deep.html"
expect_error "deep.html: tags nest deeper than 1000" limited "$QUIRE" extract "$T/deep.html"
python3 -c "print('<html><body>' + '<b><i><u>' * 300000 + 'x</body></html>')" >"$T/adopt.html"
expect_error "adopt.html: tags nest deeper" limited "$QUIRE" extract "$T/adopt.html"
# Just under the nesting limit, then a hundred thousand elements at the bottom.
python3 -c "print('<html><body>' + '<div>' * 999 + '<span>a</span>' * 100000 + '</body></html>')" >"$T/wide.html"
limited "$QUIRE" extract "$T/wide.html" >/dev/null || fail "wide.html: not read in bounded time"
# Comments and scripts by the hundred thousand: the script stripping reads each once.
python3 -c "print('<html><body><p>text</p>' + '<!--a--><script>x<y</script>' * 100000 + '<!--' * 100000)" >"$T/comments.html"
limited "$QUIRE" extract "$T/comments.html" >/dev/null || fail "comments.html: not read in bounded time"
head -c $((4 * 1024 * 1024 + 1)) /dev/zero | tr '\0' 'a' >"$T/big.html"
expect_error "big.html: .*(larger|too big)" limited "$QUIRE" extract "$T/big.html"
head -c 100000 /dev/urandom >"$T/noise.html"
limited "$QUIRE" extract --json "$T/noise.html" >/dev/null || fail "noise.html"
printf 'a\xff\xfeb\n' >"$T/bad.txt"
expect_error "bad.txt: not UTF-8" "$QUIRE" extract "$T/bad.txt"
expect_exit 2 "$QUIRE" extract --url javascript:alert "$WEB/bbc-1/source.html"
expect_exit 2 "$QUIRE" extract
expect_error "missing.html" "$QUIRE" extract "$T/missing.html"
echo "extract: ok"
