#!/usr/bin/env bash
# sync proxy: with a socks5h:// proxy configured (per source, or globally), every request goes
# through it (its log shows the CONNECTs, the name resolved by the proxy) and the sync
# imports; with the proxy down the sync fails instead of silently going direct.
source "$SRC/tests/sync/lib.sh"

make_bundle day1 1 2
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T/in/day1.epub" >/dev/null
start_nginx main "$T/repo"
PP=$(free_port)
python3 "$HERE/socks5_proxy.py" "$PP" "$T/socks.log" &
PROXY_PID=$!
PIDS+=($PROXY_PID)
wait_port "$PP"
DB="$T/lib/library.db"
"$QUIRE" --db "$DB" source add daily "http://localhost:$NGX_PORT" --pubkey "$T/pub.pub" \
    --proxy "socks5h://127.0.0.1:$PP" >/dev/null
"$QUIRE" --db "$DB" sync >"$T/out" 2>"$T/err" || fail "sync through SOCKS5 failed: $(cat "$T/err")"
[ "$(article_count "$DB")" -eq 2 ] || fail "not imported through the proxy"
# socks5h: the proxy resolves the name (address type 3 = domain name).
grep -q "CONNECT localhost:$NGX_PORT (atyp 3)" "$T/socks.log" || fail "proxy log: $(cat "$T/socks.log")"
[ "$(grep -c CONNECT "$T/socks.log")" -ge 3 ] || fail "not every request used the proxy"

# A global proxy setting applies to sources without their own.
DB2="$T/lib2/library.db"
"$QUIRE" --db "$DB2" source set --proxy "socks5h://127.0.0.1:$PP" >/dev/null
"$QUIRE" --db "$DB2" source add daily "http://127.0.0.1:$NGX_PORT" --pubkey "$T/pub.pub" >/dev/null
: >"$T/socks.log"
"$QUIRE" --db "$DB2" sync >/dev/null 2>"$T/err2" || fail "sync via global proxy failed: $(cat "$T/err2")"
grep -q "CONNECT 127.0.0.1:$NGX_PORT" "$T/socks.log" || fail "global proxy not used"

# Proxy down: the sync fails rather than going direct.
kill "$PROXY_PID"
wait "$PROXY_PID" 2>/dev/null || true
DB3="$T/lib3/library.db"
"$QUIRE" --db "$DB3" source add daily "http://127.0.0.1:$NGX_PORT" --pubkey "$T/pub.pub" \
    --proxy "socks5h://127.0.0.1:$PP" >/dev/null
rc=0
"$QUIRE" --db "$DB3" sync --retries 1 >/dev/null 2>"$T/err3" || rc=$?
[ "$rc" -eq 1 ] || fail "sync with a dead proxy should fail"
[ "$(article_count "$DB3")" -eq 0 ] || fail "went around a dead proxy"
echo "ok"
