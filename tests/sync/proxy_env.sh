#!/usr/bin/env bash
# sync proxy_env: the *_proxy environment variables never steer sync. With no_proxy='*' a
# configured socks5h:// proxy is still used (Tor must not be bypassed), and ALL_PROXY /
# http_proxy pointing at a dead port neither break an unproxied sync nor replace its route.
source "$SRC/tests/sync/lib.sh"

make_bundle day1 1 2
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T/in/day1.epub" >/dev/null
start_nginx main "$T/repo"
PP=$(free_port)
python3 "$HERE/socks5_proxy.py" "$PP" "$T/socks.log" &
PIDS+=($!)
wait_port "$PP"
DEAD=$(free_port) # nothing listens here

DB="$T/lib/library.db"
"$QUIRE" --db "$DB" source add daily "http://localhost:$NGX_PORT" --pubkey "$T/pub.pub" \
    --proxy "socks5h://127.0.0.1:$PP" >/dev/null
no_proxy='*' NO_PROXY='*' ALL_PROXY="socks5h://127.0.0.1:$DEAD" \
    "$QUIRE" --db "$DB" sync --retries 1 >/dev/null 2>"$T/err" ||
    fail "proxied sync with no_proxy=* failed: $(cat "$T/err")"
[ "$(article_count "$DB")" -eq 2 ] || fail "not imported"
[ "$(grep -c CONNECT "$T/socks.log" || true)" -ge 3 ] ||
    fail "no_proxy=* bypassed the configured proxy: $(cat "$T/socks.log")"

DB2="$T/lib2/library.db"
"$QUIRE" --db "$DB2" source add daily "http://127.0.0.1:$NGX_PORT" --pubkey "$T/pub.pub" >/dev/null
: >"$T/socks.log"
ALL_PROXY="socks5h://127.0.0.1:$DEAD" all_proxy="socks5h://127.0.0.1:$DEAD" \
    http_proxy="http://127.0.0.1:$DEAD" HTTPS_PROXY="http://127.0.0.1:$DEAD" \
    "$QUIRE" --db "$DB2" sync --retries 1 >/dev/null 2>"$T/err2" ||
    fail "unproxied sync used ALL_PROXY: $(cat "$T/err2")"
[ "$(article_count "$DB2")" -eq 2 ] || fail "unproxied sync did not import"
[ ! -s "$T/socks.log" ] || fail "unproxied sync went through a proxy"
echo "ok"
