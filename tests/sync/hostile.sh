#!/usr/bin/env bash
# sync hostile: a hostile mirror (tests/sync/hostile_server.py) cannot hold a reader hostage
# (issue #14). An error answer with an endless body is dropped unread and the sync fails over
# to the next mirror (nginx) at once; a 304 to an unconditional request is a protocol error of
# that mirror, not a crash; a 200 KB header and a redirect loop fail with a line that says so.
source "$SRC/tests/sync/lib.sh"

make_bundle day1 1 3 20000
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T/in/day1.epub" >/dev/null
start_nginx good "$T/repo"

# hostile MODE: starts the hostile mirror; sets HP and HLOG.
hostile() {
    HP=$(free_port)
    HLOG="$T/$1.log"
    python3 "$HERE/hostile_server.py" "$HP" "$1" "$T/repo" "$HLOG" 2>/dev/null &
    PIDS+=($!)
    wait_port "$HP"
}

# sync_with NAME MIRRORS...: a fresh library syncing from MIRRORS in order, under a hard
# timeout; sets RC, TOOK and leaves the output in $T/NAME.{out,err}.
sync_with() {
    local name=$1 start
    shift
    DB="$T/$name/library.db"
    "$QUIRE" --db "$DB" source add daily "$@" --pubkey "$T/pub.pub" >/dev/null
    start=$(date +%s)
    RC=0
    timeout 60 "$QUIRE" --db "$DB" sync --stall-timeout 5 >"$T/$name.out" 2>"$T/$name.err" || RC=$?
    TOOK=$(($(date +%s) - start))
}

# 1. An endless 500 body for the bundle: not read, the next mirror serves it.
hostile error-endless
sync_with endless "http://127.0.0.1:$HP" "http://127.0.0.1:$NGX_PORT"
[ "$RC" -eq 0 ] || fail "endless error body: rc $RC: $(cat "$T/endless.err")"
[ "$TOOK" -le 10 ] || fail "endless error body: sync took ${TOOK}s"
[ "$(article_count "$DB")" -eq 3 ] || fail "endless error body: bundle not taken from nginx"
grep -q "day1.epub: server answered HTTP 500; trying the next mirror" "$T/endless.err" ||
    fail "endless error body: no failover line: $(cat "$T/endless.err")"
most=$(awk '$1 == "/day1.epub" { if ($3 > m) m = $3 } END { print m + 0 }' "$HLOG")
[ "$most" -lt $((16 * 1024 * 1024)) ] || fail "endless error body: $most bytes sent to the reader"

# 5. A 304 when nothing was cached: a protocol error of that mirror; the next one serves.
hostile not-modified
sync_with nm "http://127.0.0.1:$HP" "http://127.0.0.1:$NGX_PORT"
[ "$RC" -eq 0 ] || fail "304 mirror: rc $RC: $(cat "$T/nm.err")"
grep -q "index.json: answered 304 Not Modified to a request that had no copy" "$T/nm.err" ||
    fail "304 mirror: no protocol-error line: $(cat "$T/nm.err")"
[ "$(article_count "$DB")" -eq 3 ] || fail "304 mirror: bundle not imported"
sync_with nm-only "http://127.0.0.1:$HP"
[ "$RC" -eq 1 ] || fail "304 as the only mirror: rc $RC"
grep -q "answered 304 Not Modified" "$T/nm-only.err" || fail "304 alone: $(cat "$T/nm-only.err")"

# 14. A 200 KB header is not "out of memory"; a redirect loop is cut short.
hostile big-header
sync_with big "http://127.0.0.1:$HP"
[ "$RC" -eq 1 ] || fail "200 KB header: rc $RC"
grep -q "index.json: the server sent a header too large to accept" "$T/big.err" ||
    fail "200 KB header: $(cat "$T/big.err")"
hostile redirect-loop
sync_with loop "http://127.0.0.1:$HP"
[ "$RC" -eq 1 ] && [ "$TOOK" -le 10 ] || fail "redirect loop: rc $RC in ${TOOK}s"
grep -qi "redirects" "$T/loop.err" || fail "redirect loop: $(cat "$T/loop.err")"
[ "$(wc -l <"$HLOG")" -le 20 ] || fail "redirect loop: $(wc -l <"$HLOG") requests"
echo "ok"
