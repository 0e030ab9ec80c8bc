#!/usr/bin/env bash
# `quire feed publish` refusals and the repository's retention: a key that does not sign the
# repository is one line, exit 1, nothing fetched or published; missing or bad options are
# usage errors; a run whose every feed fails exits 1 with a line per feed and publishes
# nothing; --keep-days takes bundles older than the cut out of the index and the folder; a
# page that failed is tried again next run; redirects go to http(s) only.
source "$SRC/tests/feed/publish_lib.sh"

# refused CODE PATTERN CMD...: CMD exits CODE with one stderr line matching PATTERN.
refused() {
    local want=$1 pattern=$2 got=0
    shift 2
    "$@" >"$T/out" 2>"$T/err" || got=$?
    [ "$got" -eq "$want" ] || fail "'$*' exited $got, expected $want: $(cat "$T/err")"
    [ "$(wc -l <"$T/err")" -eq 1 ] || fail "'$*' printed more than one line: $(cat "$T/err")"
    grep -qE -- "$pattern" "$T/err" || fail "'$*': $(cat "$T/err") does not match /$pattern/"
}
repo_state() { (cd "$REPO" && ls && cat index.json) | sha256sum; }

# Every feed fails: a line each, exit 1, nothing published.
add_bad_feeds
rc=0
pub >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] || fail "every feed failed but exit $rc"
[ "$(wc -l <"$T/err")" -eq 3 ] || fail "not a line per failed feed: $(cat "$T/err")"
grep -q "^nothing new: nothing published$" "$T/out" || fail "$(cat "$T/out")"
[ ! -e "$REPO/index.json" ] || fail "published although every feed failed"
for n in broken notxml slow; do f remove "$n" >/dev/null; done

add_good_feeds
pub >/dev/null 2>&1 || fail "first run"
before=$(repo_state)

# Another key: one line naming the index and both keys, exit 1, nothing fetched or written.
"$QUIRE" bundle keygen --out "$T/other" >/dev/null
n=$(wc -l <"$NGX_LOG")
state=$(sqlite3 "$P" .dump | sha256sum)
refused 1 "repo/index.json: the repository is signed by key [0-9A-F]{16}, not by this key \([0-9A-F]{16}\): refused, nothing published" \
    f publish --key "$T/other.key" --repo "$REPO"
[ "$(repo_state)" = "$before" ] || fail "a refused key changed the repository"
[ "$(wc -l <"$NGX_LOG")" -eq "$n" ] || fail "a refused key still fetched feeds"
[ "$(sqlite3 "$P" .dump | sha256sum)" = "$state" ] || fail "a refused key changed the state"

# Usage errors: exit 2, one line.
refused 2 "needs --key and --repo" f publish --key "$KEY"
refused 2 "is not a value" f publish --key "$KEY" --repo "$REPO" --timeout 0
refused 2 "is not a value" f publish --key "$KEY" --repo "$REPO" --keep-days -1
refused 1 "nokey" f publish --key "$T/nokey" --repo "$REPO"

# Retention: the first bundle, made "long ago", leaves the index and the folder when the next
# run publishes; the new one stays whatever --keep-days says.
old=$(ls "$REPO"/feeds-*.epub)
python3 - "$REPO/index.json" <<'PY'
import json, sys
p = sys.argv[1]
idx = json.load(open(p))
idx["bundles"][0]["created"] = "2001-01-01T00:00:00Z"
json.dump(idx, open(p, "w"))
PY
sed -i 's/Second paragraph of the brief./Second paragraph, corrected./' "$SITE/feeds/feed.json"
pub --keep-days 5 >"$T/out" 2>"$T/err" || fail "run with retention: $(cat "$T/err")"
grep -q "1 corrected" "$T/out" || fail "the changed brief: $(cat "$T/out")"
grep -q "index lists 1 bundle; retention removed 1)" "$T/out" || fail "retention: $(cat "$T/out")"
[ ! -e "$old" ] || fail "the expired bundle is still in the repository"
minisign -Vm "$REPO/index.json" -p "$PUB" >/dev/null || fail "index after retention"

# Redirects: followed to http(s), never to another scheme (one line each, the others publish).
f add moved "$BASE/feeds/moved.json" --section Moved --full-text feed >/dev/null
f add tofile "$BASE/feeds/to-file.xml" >/dev/null
f add toftp "$BASE/feeds/to-ftp.xml" >/dev/null
pub >"$T/out" 2>"$T/err" || fail "run with redirects: $(cat "$T/err")"
grep -q "1 article new" "$T/out" || fail "the redirected feed did not publish: $(cat "$T/out")"
grep -q "^quire: feed tofile: .*to-file.xml: .*(tried again next run)$" "$T/err" ||
    fail "redirect to file:// not refused: $(cat "$T/err")"
grep -q "^quire: feed toftp: .*to-ftp.xml: .*(tried again next run)$" "$T/err" ||
    fail "redirect to ftp:// not refused: $(cat "$T/err")"
grep -q "root:" "$T/out" "$T/err" && fail "a redirect read a local file"
for n in tofile toftp; do f remove "$n" >/dev/null; done

# A page that fails is tried again next run, even though its feed has not changed since (the
# feed's validators are not kept, so no 304 hides the item).
cat >"$SITE/feeds/later.xml" <<XML
<?xml version="1.0"?><rss version="2.0"><channel><title>Later</title><link>$BASE/</link>
<item><title>A page not there yet</title><link>$BASE/pages/later.html</link>
<guid isPermaLink="false">later-1</guid><pubDate>$NOW_822</pubDate></item></channel></rss>
XML
f add later "$BASE/feeds/later.xml" --images off >/dev/null
pub >"$T/out" 2>"$T/err" || fail "run with a missing page: $(cat "$T/err")"
grep -q "^quire: feed later: page .*/pages/later.html: server answered HTTP 404 (tried again next run)$" \
    "$T/err" || fail "missing page not reported: $(cat "$T/err")"
grep -q "0 articles new, 0 corrected, .*; 1 page failed" "$T/out" || fail "$(cat "$T/out")"
cp "$SITE/pages/telegraph.html" "$SITE/pages/later.html"
pub >"$T/out" 2>"$T/err" || fail "run after the page came: $(cat "$T/err")"
grep -q "1 article new" "$T/out" || fail "the page that failed was not tried again: $(cat "$T/out")"
echo "ok"
