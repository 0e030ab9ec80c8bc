#!/usr/bin/env bash
# `quire feed publish` against a loopback nginx serving a feed in each format (RSS 2.0, Atom,
# RSS 1.0, JSON Feed), the pages they link (tests/data/web, and a page with its own pictures)
# and three bad feeds (HTTP 500, an HTML page, a server that stalls). One run makes one bundle that verifies with minisign,
# passes epubcheck and imports into a reader, while the bad feeds are reported; a second run
# publishes nothing and nginx logs 304s; a changed page becomes a correction (same article,
# new text); --max-items and --max-age-days are kept; pictures are packed, gray and within
# budget, and one that fails is left out, never its article; the feeds read as
# python3-feedparser reads them.
source "$SRC/tests/feed/publish_lib.sh"
add_good_feeds
add_bad_feeds
f add top "$BASE/feeds/rss.xml?top" --section Top --max-items 1 >/dev/null

for feed in rss.xml atom.xml rdf.xml feed.json; do
    /usr/bin/python3 "$SRC/tests/feed/feedparser_compare.py" "$QUIRE" "$SITE/feeds/$feed" \
        "$BASE/feeds/$feed" || fail "$feed: quire and feedparser disagree"
done

# Run 1: everything new is published; each bad feed is one line, and the others publish.
rc=0
pub >"$T/out1" 2>"$T/err1" || rc=$?
[ "$rc" -eq 0 ] || fail "first run: exit $rc: $(cat "$T/err1")"
grep -q "published feeds-[0-9]*.epub: 7 articles" "$T/out1" || fail "first run: $(cat "$T/out1")"
grep -q "8 feeds: 3 failed; 7 articles new, 0 corrected, 0 unchanged; 2 pictures (" "$T/out1" ||
    fail "summary: $(cat "$T/out1")"
grep -q "^quire: feed broken: .*broken.xml: server answered HTTP 500 (tried again next run)$" \
    "$T/err1" || fail "500 not reported: $(cat "$T/err1")"
grep -q "^quire: feed notxml: .*notxml.xml: not an RSS, RDF or Atom feed (root <html>)" \
    "$T/err1" || fail "HTML page not reported: $(cat "$T/err1")"
grep -q "^quire: feed slow: .*feed.xml: timed out" "$T/err1" || fail "stall not reported"
[ "$(grep -c "^quire: feed \(broken\|notxml\|slow\): " "$T/err1")" -eq 3 ] ||
    fail "not one line per bad feed: $(cat "$T/err1")"
# A picture that fails is left out, its article published (the harbour page's 404 and junk).
grep -q "^quire: feed world: picture .*/img/missing.jpg: server answered HTTP 404 (left out)$" \
    "$T/err1" || fail "missing picture not reported: $(cat "$T/err1")"
grep -q "^quire: feed world: picture .*/img/broken.jpg.* (left out)$" "$T/err1" ||
    fail "broken picture not reported: $(cat "$T/err1")"
grep -v "^quire: feed \(broken\|notxml\|slow\): \|(left out)$" "$T/err1" && fail "other errors"
bundle=$(ls "$REPO"/feeds-*.epub)
[ "$(echo "$bundle" | wc -l)" -eq 1 ] || fail "not one bundle: $bundle"

# The bundle: signed (real minisign on the manifest and the index), epubcheck-clean.
mkdir "$T/x" && (cd "$T/x" && unzip -q "$bundle")
minisign -Vm "$T/x/META-INF/quire/manifest.json" -x "$T/x/META-INF/quire/manifest.json.minisig" \
    -p "$PUB" >/dev/null || fail "the manifest does not verify with minisign"
minisign -Vm "$REPO/index.json" -p "$PUB" >/dev/null || fail "the index does not verify"
if [ -x /usr/bin/epubcheck ] && /usr/bin/epubcheck --version >/dev/null 2>&1; then
    out=$(/usr/bin/epubcheck "$bundle" 2>&1) || fail "epubcheck: $out"
else
    out=$(java -jar /usr/share/java/epubcheck.jar "$bundle" 2>&1) || fail "epubcheck: $out"
fi
grep -q "Messages: 0 fatals / 0 errors" <<<"$out" || fail "epubcheck: $out"
grep -q "<h2>World</h2>\|>World<" "$T/x/OEBPS/nav.xhtml" || fail "no World section in the contents"
python3 - "$T/x/META-INF/quire/manifest.json" <<'PY' || fail "manifest"
import json, sys
m = json.load(open(sys.argv[1]))
got = [(a["section"], a["title"]) for a in m["articles"]]
assert got == [("World", "Obama: gun laws my biggest frustration"),
               ("World", "Washington and its region"), ("World", "Harbour reopens"),
               ("Monde", "Le Monde page"), ("Tech", "Ars page"), ("Briefs", "A brief in full"),
               ("Top", "Obama: gun laws my biggest frustration")], got
langs = {a["guid"]: a["language"] for a in m["articles"]}
assert langs["monde/urn:quire:test:lemonde-1"] == "fr", langs
assert langs["world/bbc-obama"] == "en", langs
files = {f["path"] for f in m["files"]}
pics = sorted(p.rsplit(".", 1)[0] for p in files if p.startswith("OEBPS/images/"))
assert pics == ["OEBPS/images/p00003-1", "OEBPS/images/p00003-2"], pics
PY
harbour=$(grep -l "Harbour reopens" "$T"/x/OEBPS/articles/*.xhtml)
grep -q '<img src="../images/p00003-1.jpg" alt="Boats in the harbour"/>' "$harbour" ||
    fail "the harbour photo is not shown: $(cat "$harbour")"
grep -q "The harbour at dawn." "$harbour" || fail "the caption was lost"
grep -q "missing.jpg\|broken.jpg\|/remote/" "$T"/x/OEBPS/articles/*.xhtml && fail "a failed picture is referenced"
grep -q "Paragraph 6 of the harbour story" "$harbour" || fail "the harbour story's text"

# A reader imports it; the text is the page's article, the brief the feed's own.
L="$T/reader/library.db"
"$QUIRE" --db "$L" source add feeds "file://$REPO" --pubkey "$PUB" >/dev/null
"$QUIRE" --db "$L" sync >/dev/null 2>&1 || fail "reader sync"
"$QUIRE" --db "$L" list >"$T/list1"
[ "$(wc -l <"$T/list1")" -eq 7 ] || fail "reader holds: $(cat "$T/list1")"
[ "$(sqlite3 "$L" "SELECT count(*) FROM media")" -eq 2 ] || fail "the reader lacks the pictures"
grep -q "Too old" "$T/list1" && fail "an item past --max-age-days was published"
bbc=$(awk '/World .*Obama/ {print $1; exit}' "$T/list1")
"$QUIRE" --db "$L" show "$bbc" >"$T/show1"
grep -q "greatest frustration of his presidency" "$T/show1" || fail "article text: $(head "$T/show1")"
grep -q "Accessibility links\|Share this" "$T/show1" && fail "page boilerplate published"
brief=$(awk '/Briefs/ {print $1; exit}' "$T/list1")
"$QUIRE" --db "$L" show "$brief" | grep -q "no page is fetched" || fail "feed text not used"
grep -q "GET /pages/cnn.html" "$NGX_LOG" && fail "a full-text feed's page was fetched"

# Run 2: nothing new: nothing published, and every feed and page was a conditional 304.
seq1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sequence"])' "$REPO/index.json")
n=$(wc -l <"$NGX_LOG")
pub >"$T/out2" 2>"$T/err2" || fail "second run failed: $(cat "$T/err2")"
grep -q "^nothing new: nothing published$" "$T/out2" || fail "second run: $(cat "$T/out2")"
grep -q "3 failed; 0 articles new, 0 corrected" "$T/out2" || fail "second run: $(cat "$T/out2")"
[ "$(ls "$REPO"/feeds-*.epub)" = "$bundle" ] || fail "second run made a bundle"
seq2=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sequence"])' "$REPO/index.json")
[ "$seq1" = "$seq2" ] || fail "second run rewrote the index"
log_since "$n" >"$T/log2"
for u in /feeds/rss.xml /feeds/atom.xml /feeds/rdf.xml /feeds/feed.json /pages/bbc-1.html \
    /pages/lemonde-1.html /pages/ars-1.html /pages/wapo-1.html /pages/harbour.html; do
    grep -q "GET $u HTTP/1.1 \"-\" 304 " "$T/log2" || fail "no 304 for $u: $(cat "$T/log2")"
done
grep -v "broken.xml\|notxml.xml" "$T/log2" | grep -q " 200 " && fail "a 200 on the second run: $(cat "$T/log2")"
grep -q "GET /img/" "$T/log2" && fail "pictures fetched for unchanged stories"
grep -q "notxml" "$T/err2" || fail "a failed feed is not tried again next run"

# Run 3: the BBC page changes: a correction, the same article in the reader with the new text.
sed -i 's/greatest frustration of his presidency/greatest frustration of his two terms/' \
    "$SITE/pages/bbc-1.html"
pub >"$T/out3" 2>"$T/err3" || fail "third run failed: $(cat "$T/err3")"
grep -q "0 articles new, 2 corrected" "$T/out3" || fail "third run: $(cat "$T/out3")"
[ "$(ls "$REPO"/feeds-*.epub | wc -l)" -eq 2 ] || fail "no second bundle"
"$QUIRE" --db "$L" sync >/dev/null 2>&1 || fail "reader sync of the correction"
"$QUIRE" --db "$L" list >"$T/list2"
[ "$(wc -l <"$T/list2")" -eq 7 ] || fail "a correction became a new article: $(cat "$T/list2")"
"$QUIRE" --db "$L" show "$bbc" >"$T/show2"
grep -q "greatest frustration of his two terms" "$T/show2" || fail "reader shows the old text"
grep -q "frustration of his presidency" "$T/show2" && fail "reader kept the old text"
echo "ok"
