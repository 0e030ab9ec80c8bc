#!/usr/bin/env bash
# `quire feed publish` takes sync's network settings: with --proxy socks5h://... every feed,
# page and picture request goes through the proxy (its log shows the CONNECTs); the
# environment's proxies never apply, with --proxy or without; a proxy that
# is down fails the feeds rather than letting the run go direct.
source "$SRC/tests/feed/publish_lib.sh"
add_good_feeds
PP=$(free_port)
python3 "$SRC/tests/sync/socks5_proxy.py" "$PP" "$T/socks.log" &
PROXY_PID=$!
PIDS+=($PROXY_PID)
wait_port "$PP"
DEAD=$(free_port) # nothing listens there
export http_proxy="http://127.0.0.1:$DEAD" HTTP_PROXY="http://127.0.0.1:$DEAD" \
    ALL_PROXY="socks5h://127.0.0.1:$DEAD" no_proxy="127.0.0.1,localhost"

pub --proxy "socks5h://127.0.0.1:$PP" >"$T/out" 2>"$T/err" ||
    fail "publish through SOCKS5 failed: $(cat "$T/err")"
grep -q "published feeds-[0-9]*.epub: 6 articles" "$T/out" || fail "$(cat "$T/out")"
# 4 feeds, 6 pages, 2 pictures: every one through the proxy (no_proxy did not send any around).
[ "$(grep -c "CONNECT 127.0.0.1:$NGX_FIXED_PORT" "$T/socks.log")" -ge 12 ] ||
    fail "not every request used the proxy: $(cat "$T/socks.log")"

# Without --proxy the environment's dead proxies are ignored: the run goes direct.
sed -i 's/Second paragraph of the brief./Second paragraph, corrected./' "$SITE/feeds/feed.json"
: >"$T/socks.log"
pub >"$T/out2" 2>"$T/err2" || fail "direct run failed (environment proxy used?): $(cat "$T/err2")"
grep -q "1 corrected" "$T/out2" || fail "$(cat "$T/out2")"
[ ! -s "$T/socks.log" ] || fail "a run without --proxy used the proxy"

# The proxy down: every feed fails (exit 1), nothing is published, nothing went direct.
kill "$PROXY_PID"
wait "$PROXY_PID" 2>/dev/null || true
sed -i 's/Second paragraph, corrected./Second paragraph, corrected again./' "$SITE/feeds/feed.json"
n=$(wc -l <"$NGX_LOG")
rc=0
pub --proxy "socks5h://127.0.0.1:$PP" >"$T/out3" 2>"$T/err3" || rc=$?
[ "$rc" -eq 1 ] || fail "a dead proxy: exit $rc: $(cat "$T/out3" "$T/err3")"
[ "$(grep -c "^quire: feed " "$T/err3")" -eq 4 ] || fail "not a line per feed: $(cat "$T/err3")"
grep -q "^nothing new: nothing published$" "$T/out3" || fail "$(cat "$T/out3")"
[ "$(wc -l <"$NGX_LOG")" -eq "$n" ] || fail "a request went around the dead proxy"
echo "ok"
