# tests/feed/publish_lib.sh: a news site on a loopback nginx for the `quire feed publish`
# tests (sourced, not a test itself). Pages are the tests/data/web pages; the feeds, one per
# format, are written here with today's dates and this run's port. Also served: a feed that
# answers 500, one that is an HTML page, redirects (to a feed, to file:// and ftp://), and (on
# another port) a server that stalls. Sets
# SITE, BASE, KEY/PUB, P (the publisher's state), REPO, pub() and the helpers below. External
# picture URLs of the pages point at this server (404s), so no test reaches out.
source "$SRC/tests/sync/lib.sh"
SITE="$T/site"
WEB="$SRC/tests/data/web"
mkdir -p "$SITE/pages" "$SITE/feeds"
NGX_FIXED_PORT=$(free_port)
BASE="http://127.0.0.1:$NGX_FIXED_PORT"
for p in bbc-1 lemonde-1 wapo-1 ars-1 cnn telegraph; do
    sed -E "s#(src|datasrc|content)=\"(https?:)?//#\1=\"$BASE/remote/#g" "$WEB/$p/source.html" \
        >"$SITE/pages/$p.html"
done
cp "$WEB/heise/source.html" "$SITE/feeds/notxml.xml" # a web page where a feed should be
# A page with pictures of the site's own: a JPEG and a PNG (tests/data/render), one that is
# missing (404) and one that is not an image.
mkdir -p "$SITE/img"
cp "$SRC/tests/data/render/small.jpg" "$SITE/img/photo.jpg"
cp "$SRC/tests/data/render/figure.png" "$SITE/img/chart.png"
echo "not a picture" >"$SITE/img/broken.jpg"
{
    echo '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour reopens</title></head><body>'
    echo '<nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Harbour reopens</h1>'
    echo '<figure><img src="/img/photo.jpg" alt="Boats in the harbour"><figcaption>The harbour at dawn.</figcaption></figure>'
    for i in 1 2 3 4 5 6; do
        echo "<p>Paragraph $i of the harbour story, long enough to be the article's text: the port"
        echo "authority said the harbour would reopen to fishing boats after the storm, and crews worked"
        echo "through the night to clear the channel of debris, according to officials.</p>"
    done
    echo '<figure><img src="/img/chart.png" alt="Catch by month"><figcaption>Catch by month.</figcaption></figure>'
    echo '<figure><img src="/img/missing.jpg" alt="A missing picture"></figure>'
    echo '<figure><img src="/img/broken.jpg" alt="A broken picture"></figure>'
    echo '<p>The last paragraph of the harbour story ends it with a quote from the harbour master.</p>'
    echo '</article><footer>Copyright</footer></body></html>'
} >"$SITE/pages/harbour.html"

STALL_PORT=$(free_port)
NOW_822=$(date -u -R)
NOW_3339=$(date -u +%Y-%m-%dT%H:%M:%SZ)

cat >"$SITE/feeds/rss.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>World</title><link>$BASE/</link><language>en</language>
<item><title>Obama: gun laws my biggest frustration</title><link>$BASE/pages/bbc-1.html</link>
<guid isPermaLink="false">bbc-obama</guid><pubDate>$NOW_822</pubDate>
<description>Summary only</description></item>
<item><title>Washington and its region</title><link>$BASE/pages/wapo-1.html</link>
<guid>$BASE/pages/wapo-1.html</guid><pubDate>$NOW_822</pubDate></item>
<item><title>Harbour reopens</title><link>$BASE/pages/harbour.html</link>
<guid isPermaLink="false">harbour</guid><pubDate>$NOW_822</pubDate></item>
<item><title>Too old to publish</title><link>$BASE/pages/telegraph.html</link>
<guid isPermaLink="false">old-one</guid><pubDate>Mon, 01 Jan 2001 00:00:00 GMT</pubDate></item>
</channel></rss>
XML
cat >"$SITE/feeds/atom.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>Monde</title>
<id>urn:quire:test:monde</id><updated>$NOW_3339</updated>
<entry><title>Le Monde page</title><id>urn:quire:test:lemonde-1</id>
<link rel="alternate" href="/pages/lemonde-1.html"/><updated>$NOW_3339</updated></entry>
</feed>
XML
cat >"$SITE/feeds/rdf.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="$BASE/feeds/rdf.xml"><title>Tech</title><link>$BASE/</link>
<items><rdf:Seq><rdf:li rdf:resource="$BASE/pages/ars-1.html"/></rdf:Seq></items></channel>
<item rdf:about="$BASE/pages/ars-1.html"><title>Ars page</title><link>$BASE/pages/ars-1.html</link>
<dc:date>$NOW_3339</dc:date></item>
</rdf:RDF>
XML
cat >"$SITE/feeds/feed.json" <<JSON
{"version": "https://jsonfeed.org/version/1.1", "title": "Briefs", "home_page_url": "$BASE/",
 "items": [{"id": "brief-1", "url": "$BASE/pages/cnn.html", "title": "A brief in full",
  "content_html": "<p>The whole brief is in the feed: <b>no page</b> is fetched for it.</p><p>Second paragraph of the brief.</p>",
  "date_published": "$NOW_3339", "authors": [{"name": "Desk Editor"}]}]}
JSON

start_nginx site "$SITE" 'if ($uri = /feeds/broken.xml) { return 500; }
    if ($uri = /feeds/moved.json) { return 301 /feeds/feed.json; }
    if ($uri = /feeds/to-file.xml) { return 302 file:///etc/passwd; }
    if ($uri = /feeds/to-ftp.xml) { return 302 ftp://127.0.0.1/feed.xml; }'
python3 "$SRC/tests/sync/stall_server.py" "$STALL_PORT" "$T/stall.log" &
PIDS+=($!)
wait_port "$STALL_PORT"

make_key
KEY="$T/pub.key"
PUB="$T/pub.pub"
P="$T/publisher.db"
REPO="$T/repo"
f() { "$QUIRE" --db "$P" feed "$@"; }
# One run, quick: a 2 s budget per URL (the stalling feed), no delay between a host's requests.
pub() { f publish --key "$KEY" --repo "$REPO" --timeout 2 --host-delay-ms 0 "$@"; }

# The pages of tests/data/web name pictures on their sites' servers: those feeds go without
# pictures (no test reaches out); the World feed's harbour page shows the local ones.
add_good_feeds() {
    f add world "$BASE/feeds/rss.xml" --section World >/dev/null
    f add monde "$BASE/feeds/atom.xml" --section Monde --lang fr --images off >/dev/null
    f add tech "$BASE/feeds/rdf.xml" --section Tech --images off >/dev/null
    f add briefs "$BASE/feeds/feed.json" --section Briefs --full-text feed >/dev/null
}
add_bad_feeds() {
    f add broken "$BASE/feeds/broken.xml" >/dev/null
    f add notxml "$BASE/feeds/notxml.xml" >/dev/null
    f add slow "http://127.0.0.1:$STALL_PORT/feed.xml" >/dev/null
}

# Access log lines (request and status) written after line $1.
log_since() { tail -n +"$(($1 + 1))" "$NGX_LOG"; }
