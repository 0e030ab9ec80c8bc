#!/usr/bin/env bash
# sync stall: a server that answers and then sends nothing is given up on after the stall
# timeout (with a clear "timed out" message naming the URL), and the sync fails over to the
# next mirror, which works.
source "$SRC/tests/sync/lib.sh"

make_bundle day1 1 2
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T/in/day1.epub" >/dev/null
SP=$(free_port)
python3 "$HERE/stall_server.py" "$SP" "$T/stall.log" &
PIDS+=($!)
wait_port "$SP"
DB="$T/lib/library.db"
"$QUIRE" --db "$DB" source add stuck "http://127.0.0.1:$SP" --pubkey "$T/pub.pub" >/dev/null
start=$(date +%s)
rc=0
"$QUIRE" --db "$DB" sync --stall-timeout 2 --retries 2 >"$T/out" 2>"$T/err" || rc=$?
took=$(($(date +%s) - start))
[ "$rc" -eq 1 ] || fail "a stalled server should fail the sync (rc $rc)"
grep -q "127.0.0.1:$SP/index.json: timed out" "$T/err" || fail "no timeout message: $(cat "$T/err")"
[ "$took" -ge 2 ] && [ "$took" -le 15 ] || fail "stall timeout took ${took}s"
[ "$(grep -c 'GET /index.json' "$T/stall.log")" -eq 2 ] || fail "expected 2 attempts (retries)"

start_nginx good "$T/repo"
"$QUIRE" --db "$DB" source remove stuck >/dev/null
"$QUIRE" --db "$DB" source add daily "http://127.0.0.1:$SP" "http://127.0.0.1:$NGX_PORT" \
    --pubkey "$T/pub.pub" >/dev/null
"$QUIRE" --db "$DB" sync --stall-timeout 2 --retries 1 >"$T/out2" 2>"$T/err2" ||
    fail "failover after a stall failed: $(cat "$T/err2")"
[ "$(article_count "$DB")" -eq 2 ] || fail "bundle not imported via the second mirror"
echo "ok"
