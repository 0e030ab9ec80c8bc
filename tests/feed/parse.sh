#!/usr/bin/env bash
# `quire feed parse`: every feed in tests/data/feeds read as python3-feedparser reads it
# (titles, links, guids, dates; JSON Feed by the spec, which Debian's feedparser lacks), and
# hostile or broken feeds refused with one line, quickly and within bounded memory.
source "$SRC/tests/cli/lib.sh"
FEEDS="$SRC/tests/data/feeds"
BASE=https://feeds.example.org/service/feed.xml

for f in rss2.xml rss091.xml rdf.xml atom.xml jsonfeed.json; do
    /usr/bin/python3 "$SRC/tests/feed/feedparser_compare.py" "$QUIRE" "$FEEDS/$f" "$BASE" ||
        fail "$f: quire and feedparser disagree"
done

# The comparison can fail: a feed whose items Quire reads differently is caught.
sed 's|<guid isPermaLink="false">ru-2026-12-02-budget</guid>||' "$FEEDS/rss2.xml" >"$T/changed.xml"
python3 - "$T/changed.xml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read().replace("<title>Парламент", "<title>  Парламент", 1)
open(p, "w", encoding="utf-8").write(s)
PY
"$QUIRE" feed parse --json "$T/changed.xml" >"$T/changed.json"
grep -q '"guid":	"https://news.example.org/ru/articles/budget-2027"' "$T/changed.json" ||
    fail "an item without guid is not known by its link"

# Hostile and broken feeds: one line naming the file, exit 1, within seconds and 256 MB of
# address space (not under ASan, which reserves terabytes of it for its shadow memory).
UNDER_ASAN=$(ldd "$QUIRE" | grep -c libasan || true) # grep -q would break ldd's pipe
limited() {
    if [ "$UNDER_ASAN" -gt 0 ]; then
        timeout 60 "$@"
    else
        (ulimit -v 262144 && timeout 10 "$@")
    fi
}
for f in xxe.xml billion-laughs.xml param-entity.xml; do
    expect_error "$f: declares XML entities" limited "$QUIRE" feed parse "$FEEDS/$f"
done
expect_error "not-xml.xml: not XML" limited "$QUIRE" feed parse "$FEEDS/not-xml.xml"
expect_error "html-page.xml: not an RSS, RDF or Atom feed" "$QUIRE" feed parse "$FEEDS/html-page.xml"
grep -q passwd "$T/out" && fail "XXE leaked a local file"

# Nesting a million elements deep: libxml2's depth limit refuses it without recursion.
python3 -c "print('<rss><channel>' + '<x>' * 1000000 + '</channel></rss>')" >"$T/deep.xml"
expect_error "deep.xml: not XML" limited "$QUIRE" feed parse "$T/deep.xml"
# Larger than the feed cap.
head -c $((16 * 1024 * 1024 + 1)) /dev/zero | tr '\0' ' ' >"$T/huge.xml"
expect_error "huge.xml: .*(larger|too big)" limited "$QUIRE" feed parse "$T/huge.xml"
# A hundred thousand items: the first QUIRE_FEED_MAX_ITEMS are kept, in bounded time.
python3 -c "print('<rss><channel>' + ''.join('<item><title>t%d</title></item>' % i for i in range(100000)) + '</channel></rss>')" >"$T/many.xml"
limited "$QUIRE" feed parse --json "$T/many.xml" >"$T/many.json" || fail "many items"
n=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['items']))" "$T/many.json")
[ "$n" -eq 2000 ] || fail "many.xml: $n items kept"

# Usage errors.
expect_exit 2 "$QUIRE" feed parse --url ftp://example.org/feed "$FEEDS/rss2.xml"
expect_exit 2 "$QUIRE" feed parse
expect_exit 2 "$QUIRE" feed frobnicate
expect_error "missing.xml" "$QUIRE" feed parse "$T/missing.xml"
echo "feed parse: ok"
