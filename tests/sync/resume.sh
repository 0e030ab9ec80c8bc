#!/usr/bin/env bash
# sync resume: (1) the server is stopped in the middle of a download; the partial file stays,
# and after a restart the next sync resumes with a Range request (the server log shows it,
# answered 206) and imports the complete, verified bundle. (2) Ctrl-C (SIGINT) during a
# download leaves the partial file resumable and the library intact; the next sync resumes.
source "$SRC/tests/sync/lib.sh"

make_bundle big1 1 1 1500000
make_bundle big2 2 1 1500000
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T/in/big1.epub" >/dev/null
size1=$(stat -c %s "$T/repo/big1.epub")
start_nginx slow "$T/repo" "limit_rate 300k;"
PORT=$NGX_PORT
DB="$T/lib/library.db"
"$QUIRE" --db "$DB" source add daily "http://127.0.0.1:$PORT" --pubkey "$T/pub.pub" >/dev/null

# Waits until a partial file holds at least $1 bytes; prints its path.
wait_partial() {
    local i f
    for i in $(seq 1 200); do
        f=$(ls "${PARTIAL_DIR:-$T/lib/partial}"/*.part 2>/dev/null | head -1 || true)
        if [ -n "$f" ] && [ "$(stat -c %s "$f")" -ge "$1" ]; then
            echo "$f"
            return 0
        fi
        sleep 0.05
    done
    fail "no partial download reached $1 bytes"
}

# (1) server stopped mid-download
"$QUIRE" --db "$DB" sync --retries 1 >"$T/s1.out" 2>"$T/s1.err" &
SYNC=$!
PIDS+=("$SYNC")
part=$(wait_partial 200000)
stop_nginx
rc=0
wait "$SYNC" || rc=$?
[ "$rc" -eq 1 ] || fail "sync against a stopped server should fail (rc $rc)"
[ -f "$part" ] || fail "partial file was removed"
have=$(stat -c %s "$part")
[ "$have" -gt 0 ] && [ "$have" -lt "$size1" ] || fail "partial holds $have of $size1 bytes"
[ "$(article_count "$DB")" -eq 0 ] || fail "an incomplete bundle was imported"

NGX_FIXED_PORT=$PORT start_nginx fast "$T/repo"
"$QUIRE" --db "$DB" sync --json >"$T/s2.out" 2>"$T/s2.err" || fail "resumed sync failed: $(cat "$T/s2.err")"
grep -q "GET /big1.epub HTTP/1.1 \"bytes=$have-\" 206" "$NGX_LOG" ||
    fail "no Range request from byte $have: $(cat "$NGX_LOG")"
[ "$(article_count "$DB")" -eq 1 ] || fail "resumed bundle not imported"
python3 - "$T/s2.out" "$have" "$size1" <<'PY' || fail "resume figures wrong: $(tail -1 "$T/s2.out")"
import json, sys
s = json.loads(open(sys.argv[1]).read().splitlines()[-1])
have, size = int(sys.argv[2]), int(sys.argv[3])
assert s["bytes_resumed"] == have, s
assert s["bytes_bundles"] == size - have, s
PY
[ ! -e "$part" ] || fail "partial file left after import"
stop_nginx

# (2) SIGINT mid-download
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T/in/big2.epub" >/dev/null
NGX_FIXED_PORT=$PORT start_nginx slow2 "$T/repo" "limit_rate 300k;"
"$QUIRE" --db "$DB" sync >"$T/s3.out" 2>"$T/s3.err" &
SYNC=$!
PIDS+=("$SYNC")
part=$(wait_partial 200000)
kill -INT "$SYNC"
rc=0
wait "$SYNC" || rc=$?
[ "$rc" -eq 1 ] || fail "interrupted sync should exit 1 (rc $rc)"
grep -q "interrupted" "$T/s3.err" || fail "no interruption message: $(cat "$T/s3.err")"
[ -f "$part" ] || fail "partial removed on SIGINT"
have=$(stat -c %s "$part")
[ "$(article_count "$DB")" -eq 1 ] || fail "library changed by an interrupted download"
"$QUIRE" --db "$DB" list >/dev/null || fail "library unreadable after SIGINT"
stop_nginx
NGX_FIXED_PORT=$PORT start_nginx fast2 "$T/repo"
"$QUIRE" --db "$DB" sync >"$T/s4.out" 2>&1 || fail "sync after SIGINT failed: $(cat "$T/s4.out")"
grep -q "GET /big2.epub HTTP/1.1 \"bytes=$have-\" 206" "$NGX_LOG" ||
    fail "no Range request after SIGINT: $(cat "$NGX_LOG")"
[ "$(article_count "$DB")" -eq 2 ] || fail "bundle not imported after resume"

# (2b) SIGKILL mid-download: no handler runs at all, yet the partial file is a clean prefix and
# the library passes an integrity check; the next sync resumes it.
DB4="$T/lib4/library.db"
stop_nginx
NGX_FIXED_PORT=$PORT start_nginx slow4 "$T/repo" "limit_rate 300k;"
"$QUIRE" --db "$DB4" source add daily "http://127.0.0.1:$PORT" --pubkey "$T/pub.pub" >/dev/null
"$QUIRE" --db "$DB4" sync >/dev/null 2>&1 &
SYNC=$!
PIDS+=("$SYNC")
part=$(PARTIAL_DIR="$T/lib4/partial" wait_partial 200000)
kill -KILL "$SYNC"
wait "$SYNC" 2>/dev/null || true
[ -f "$part" ] || fail "partial file lost on SIGKILL"
have=$(stat -c %s "$part")
[ "$(sqlite3 "$DB4" 'PRAGMA integrity_check')" = ok ] || fail "library damaged by SIGKILL"
stop_nginx
NGX_FIXED_PORT=$PORT start_nginx fast4 "$T/repo"
"$QUIRE" --db "$DB4" sync >"$T/s5.out" 2>&1 || fail "sync after SIGKILL failed: $(cat "$T/s5.out")"
grep -q "\"bytes=$have-\" 206" "$NGX_LOG" || fail "no Range request after SIGKILL: $(cat "$NGX_LOG")"
[ "$(article_count "$DB4")" -eq 2 ] || fail "bundles not imported after SIGKILL"

# (3) A per-source bandwidth cap holds (CURLOPT_MAX_RECV_SPEED_LARGE) and --json reports
# growing byte counts along the way.
DB2="$T/lib2/library.db"
"$QUIRE" --db "$DB2" source add capped "http://127.0.0.1:$PORT" --pubkey "$T/pub.pub" \
    --max-rate 400000 >/dev/null
t0=$(date +%s%N)
"$QUIRE" --db "$DB2" sync --json >"$T/cap.json" 2>&1 || fail "capped sync failed"
ms=$((($(date +%s%N) - t0) / 1000000))
total=$(($(stat -c %s "$T/repo/big1.epub") + $(stat -c %s "$T/repo/big2.epub")))
min_ms=$((total * 1000 / 400000 * 8 / 10))
[ "$ms" -ge "$min_ms" ] || fail "rate cap ignored: $total bytes in $ms ms (expected >= $min_ms)"
python3 - "$T/cap.json" <<'PY' || fail "progress objects do not grow"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
have = [e["have"] for e in ev if e["event"] == "bytes"]
assert len(have) >= 5, have
assert all(a <= b for a, b in zip(have, have[1:])), have
assert ev[-1]["event"] == "summary" and ev[-1]["bundles_imported"] == 2
PY

# (4) A withdrawn bundle's partial file is dropped: it could never complete.
stop_nginx
make_bundle big3 3 1 1500000
make_bundle small 4 1
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo3" --sequence 10 "$T/in/big3.epub" >/dev/null
NGX_FIXED_PORT=$PORT start_nginx slow3 "$T/repo3" "limit_rate 300k;"
DB3="$T/lib3/library.db"
"$QUIRE" --db "$DB3" source add daily "http://127.0.0.1:$PORT" --pubkey "$T/pub.pub" >/dev/null
"$QUIRE" --db "$DB3" sync >/dev/null 2>&1 &
SYNC=$!
PIDS+=("$SYNC")
part=$(PARTIAL_DIR="$T/lib3/partial" wait_partial 100000)
kill -INT "$SYNC"
wait "$SYNC" || true
[ -f "$part" ] || fail "partial not kept"
rm -rf "$T/repo3"
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo3" --sequence 11 "$T/in/small.epub" >/dev/null
"$QUIRE" --db "$DB3" sync >/dev/null 2>&1 || fail "sync after withdrawal failed"
[ ! -e "$part" ] || fail "the withdrawn bundle's partial file was kept"
[ "$(article_count "$DB3")" -eq 1 ] || fail "the new bundle was not imported"
echo "ok"
