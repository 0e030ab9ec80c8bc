#!/usr/bin/env bash
# A run's pictures are downloaded a group at a time (QUIRE_FEED_PICTURE_BATCH, 8), prepared,
# then let go, so memory does not grow with the number of stories: twelve stories with a
# picture each, the first and the last (which fall in different groups) sharing theirs, are
# all published with it, each picture fetched from the loopback nginx exactly once. A story
# from the feed's own text shows the pictures of that text (a relative URL, resolved against
# the item's link), with its caption, and its scripts dropped.
source "$SRC/tests/feed/publish_lib.sh"

now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
{
    echo '{"version": "https://jsonfeed.org/version/1.1", "title": "Gallery", "items": ['
    for i in $(seq 1 12); do
        cp "$SRC/tests/data/render/small.jpg" "$SITE/img/g$i.jpg"
        image="$BASE/img/g$i.jpg"
        [ "$i" -eq 1 ] || [ "$i" -eq 12 ] && image="$BASE/img/chart.png"
        echo "{\"id\": \"g$i\", \"title\": \"Picture story $i\", \"date_published\": \"$now\","
        echo " \"image\": \"$image\","
        echo " \"content_html\": \"<p>Story $i of the gallery, with its picture.</p>\"},"
    done
    # The feed's own text with a picture in it (a relative URL) and one as the item's image.
    cp "$SRC/tests/data/render/figure.png" "$SITE/img/inline.png"
    cp "$SRC/tests/data/render/small.jpg" "$SITE/img/lead.jpg"
    echo "{\"id\": \"inline\", \"title\": \"Inline story\", \"date_published\": \"$now\","
    echo " \"url\": \"$BASE/stories/inline.html\", \"image\": \"$BASE/img/lead.jpg\","
    echo " \"content_html\": \"<p>The inline story, its picture in its text.</p><figure><img src=\\\"/img/inline.png\\\" alt=\\\"Inline chart\\\"><figcaption>The inline caption.</figcaption></figure><script>never()</script><p>Its last paragraph.</p>\"}"
    echo ']}'
} >"$SITE/feeds/gallery.json"
python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$SITE/feeds/gallery.json" ||
    fail "the test's feed is not JSON"

f add gallery "$BASE/feeds/gallery.json" --section Gallery --full-text feed >/dev/null
mark=$(wc -l <"$NGX_LOG")
pub >"$T/out" 2>"$T/err" || fail "publish: $(cat "$T/err")"
grep -q "13 articles new" "$T/out" || fail "not 13 articles: $(cat "$T/out")"

# Each picture fetched once, the shared one too.
for i in $(seq 2 11); do
    n=$(log_since "$mark" | grep -c "GET /img/g$i.jpg " || true)
    [ "$n" -eq 1 ] || fail "g$i.jpg fetched $n times"
done
n=$(log_since "$mark" | grep -c "GET /img/chart.png " || true)
[ "$n" -eq 1 ] || fail "the shared picture was fetched $n times"

# Every story shows its picture, the first and the last the shared one.
bundle=$(ls "$REPO"/feeds-*.epub)
mkdir "$T/x" && (cd "$T/x" && unzip -q "$bundle")
for i in $(seq 1 12); do
    story=$(grep -l "Story $i of the gallery" "$T"/x/OEBPS/articles/*.xhtml)
    [ "$(grep -o '<img src="../images/' "$story" | wc -l)" -eq 1 ] ||
        fail "story $i does not show its picture: $(cat "$story")"
done
[ "$(ls "$T"/x/OEBPS/images | wc -l)" -eq 13 ] || fail "not 13 picture files: $(ls "$T"/x/OEBPS/images)"

# The feed's text shows its own picture where it was, with its caption; the item's image is
# its lead picture only when the text has none (so it was not even fetched).
inline=$(grep -l "The inline story" "$T"/x/OEBPS/articles/*.xhtml)
[ "$(grep -o '<img src="../images/' "$inline" | wc -l)" -eq 1 ] ||
    fail "the inline story does not show its picture: $(cat "$inline")"
log_since "$mark" | grep -q "GET /img/lead.jpg " && fail "the unused lead picture was fetched"
grep -q 'alt="Inline chart"' "$inline" || fail "the inline picture's alt text: $(cat "$inline")"
grep -q "The inline caption." "$inline" || fail "the inline caption: $(cat "$inline")"
grep -q "Its last paragraph." "$inline" || fail "the inline story's text: $(cat "$inline")"
grep -q "never()" "$inline" && fail "a script of the feed's text was kept"
n=$(log_since "$mark" | grep -c "GET /img/inline.png " || true)
[ "$n" -eq 1 ] || fail "the inline picture was fetched $n times"
echo "publish_pictures: ok"
