#!/usr/bin/env bash
# The publisher's feed list: `quire feed add|list|remove|import-opml|export-opml` in the state
# file named by --db. OPML folders become sections and come back as folders; bad input (a URL
# that is not http(s), an OPML that is not XML or names an ftp feed, a duplicate) is one line,
# exit 1, and the state file exactly as it was. A reader's library or another program's SQLite
# file named as the state file is refused before anything is written (no tables, no WAL); a
# state file made before the publisher's application_id is taken and given it.
source "$SRC/tests/cli/lib.sh"
P="$T/publisher.db"
f() { "$QUIRE" --db "$P" feed "$@"; }
fingerprint() { sqlite3 "$P" .dump | sha256sum | cut -d' ' -f1; }

f add world https://news.example.org/world/rss.xml --section World --lang en --max-items 10 \
    --max-age-days 3 --full-text feed --images off >/dev/null
f list --json >"$T/list.json"
python3 - "$T/list.json" <<'PY' || fail "feed add: settings"
import json, sys
[w] = json.load(open(sys.argv[1]))
assert w == {"name": "world", "url": "https://news.example.org/world/rss.xml", "section": "World",
             "lang": "en", "max_items": 10, "max_age_days": 3, "full_text": "feed",
             "images": False}, w
PY

before=$(fingerprint)
expect_error "feed URL 'ftp://news.example.org/x' is not http\(s\)" f add x ftp://news.example.org/x
expect_error "feed URL 'file:///etc/passwd' is not http\(s\)" f add x file:///etc/passwd
expect_error "is there already" f add world https://other.example.org/rss.xml
expect_error "is there already" f add other https://news.example.org/world/rss.xml
expect_error "feed name" f add "bad name" https://x.example.org/rss.xml
expect_exit 2 f add x https://x.example.org/rss.xml --max-items 0
expect_exit 2 f add x https://x.example.org/rss.xml --full-text sometimes
expect_error "not XML" f import-opml "$SRC/tests/data/feeds/not-xml.xml"
printf '<opml><body><outline text="a" xmlUrl="https://a.example/f"/><outline text="b" xmlUrl="ftp://b.example/f"/></body></opml>' >"$T/ftp.opml"
expect_error "ftp.opml: line 1: feed URL 'ftp://b.example/f' is not http\(s\)" f import-opml "$T/ftp.opml"
expect_error "no feed named 'nope'" f remove nope
[ "$(fingerprint)" = "$before" ] || fail "a refused command changed the state file"

# OPML in: folders are sections (the innermost), a second import adds nothing.
f import-opml "$SRC/tests/data/feeds/subscriptions.opml" | grep -q "imported 4 feeds" ||
    fail "import-opml"
f import-opml "$SRC/tests/data/feeds/subscriptions.opml" | grep -q "imported 0 feeds .*(4 already there)" ||
    fail "import-opml twice"
f list >"$T/list.txt"
[ "$(wc -l <"$T/list.txt")" -eq 5 ] || fail "five feeds expected"
grep -q $'^Science-Weekly\thttps://science.example.net/rss.rdf\tScience\t-$' "$T/list.txt" ||
    fail "the nested folder's feed"
grep -q $'\thttps://www.example.ir/fa/atom.xml\tفارسی\tfa$' "$T/list.txt" || fail "a Persian folder"

# OPML out and into a fresh state: the same feeds in the same sections.
f export-opml --out "$T/out.opml"
python3 -c "import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])" "$T/out.opml" ||
    fail "export-opml is not XML"
"$QUIRE" --db "$T/again.db" feed import-opml "$T/out.opml" >/dev/null
"$QUIRE" --db "$T/again.db" feed list | cut -f2,3,4 | sort >"$T/again.txt"
cut -f2,3,4 "$T/list.txt" | sort >"$T/first.txt"
diff "$T/first.txt" "$T/again.txt" || fail "export then import changed the feeds"

f remove world
f list | grep -q "^world" && fail "remove left the feed"
# Other files as the state file: refused with one line, byte for byte as they were.
"$QUIRE" --db "$T/library.db" trust add "$SRC/assets/sample-news.pub" >/dev/null
sqlite3 "$T/library.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
sqlite3 "$T/other.db" "CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('mine')"
for other in library other; do
    sum=$(sha256sum <"$T/$other.db")
    want="an SQLite file of another program"
    [ "$other" = library ] && want="a reader's library, not a publisher's state file"
    expect_error "$other.db: $want" "$QUIRE" --db "$T/$other.db" feed add x https://x.example.org/rss
    expect_error "$other.db: $want" "$QUIRE" --db "$T/$other.db" feed list
    [ "$(sha256sum <"$T/$other.db")" = "$sum" ] || fail "feed changed $other.db"
    [ ! -s "$T/$other.db-wal" ] || fail "feed opened $other.db for writing"
done
# A state file from before the application_id: still the publisher's, and marked now.
sqlite3 "$P" "PRAGMA application_id = 0"
f list >/dev/null || fail "a state file without application_id was refused"
[ "$(sqlite3 "$P" "PRAGMA application_id")" = 1366324578 ] || fail "the state file was not marked"
echo "feeds: ok"
