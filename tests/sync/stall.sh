#!/usr/bin/env bash
# sync stall: a server that answers and then sends nothing is given up on after the stall
# timeout (with a clear "timed out" message naming the URL), and the sync fails over to the
# next mirror, which works. --attempts N makes N attempts per URL in all; a mirror that never
# accepts the connection fails with "could not connect within N s".
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
"$QUIRE" --db "$DB" sync --stall-timeout 2 --attempts 2 >"$T/out" 2>"$T/err" || rc=$?
took=$(($(date +%s) - start))
[ "$rc" -eq 1 ] || fail "a stalled server should fail the sync (rc $rc)"
grep -q "127.0.0.1:$SP/index.json: timed out (under 128 bytes/s for 2 s)" "$T/err" || fail "no timeout message: $(cat "$T/err")"
[ "$took" -ge 2 ] && [ "$took" -le 15 ] || fail "stall timeout took ${took}s"
[ "$(grep -c 'GET /index.json' "$T/stall.log")" -eq 2 ] || fail "--attempts 2: expected 2 attempts"

start_nginx good "$T/repo"
"$QUIRE" --db "$DB" source remove stuck >/dev/null
"$QUIRE" --db "$DB" source add daily "http://127.0.0.1:$SP" "http://127.0.0.1:$NGX_PORT" \
    --pubkey "$T/pub.pub" >/dev/null
"$QUIRE" --db "$DB" sync --stall-timeout 2 --attempts 1 >"$T/out2" 2>"$T/err2" ||
    fail "failover after a stall failed: $(cat "$T/err2")"
[ "$(article_count "$DB")" -eq 2 ] || fail "bundle not imported via the second mirror"

# A mirror that never accepts the connection: "could not connect within N s", N attempts.
BP=$(free_port)
python3 "$HERE/blackhole_server.py" "$BP" 30 &
PIDS+=($!)
sleep 0.5 # not wait_port: by design nothing completes a connection there
DB3="$T/lib3/library.db"
"$QUIRE" --db "$DB3" source add dark "http://127.0.0.1:$BP" --pubkey "$T/pub.pub" >/dev/null
start=$(date +%s)
rc=0
"$QUIRE" --db "$DB3" sync --connect-timeout 1 --attempts 2 >"$T/out3" 2>"$T/err3" || rc=$?
took=$(($(date +%s) - start))
[ "$rc" -eq 1 ] || fail "an unreachable mirror should fail the sync (rc $rc)"
grep -q "127.0.0.1:$BP/index.json: timed out: could not connect within 1 s" "$T/err3" ||
    fail "no connect-timeout message: $(cat "$T/err3")"
[ "$took" -ge 2 ] && [ "$took" -le 10 ] || fail "--attempts 2 with a 1 s connect timeout took ${took}s"
echo "ok"
