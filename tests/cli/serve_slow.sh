#!/usr/bin/env bash
# `quire serve` on a hostile LAN (issue #14 items 7-8): 200 idle and slowloris sockets held
# open do not keep a normal request waiting (it answers within a second), and every attacking
# socket is cut off once the request timeout has passed; a request line with escape sequences
# reaches the log escaped, never raw.
. "$(dirname "$0")/lib.sh"
make_key "$T/pub"
make_articles "$T/a" 2 serve
"$QUIRE" bundle create --key "$T/pub.key" --out "$T/news.epub" --publisher P "$T"/a/*.txt >/dev/null
q trust add "$T/pub.pub" >/dev/null
q import "$T/news.epub" >/dev/null
"$QUIRE" --db "$DB" serve --bind 127.0.0.1 --port 0 --request-timeout 3 >"$T/serve.out" 2>"$T/serve.log" &
SERVE=$!
trap 'kill $SERVE 2>/dev/null; wait $SERVE 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 50); do grep -q serving "$T/serve.out" && break; sleep 0.1; done
PORT=$(sed -n 's|.*127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/serve.out")
[ -n "$PORT" ] || fail "serve did not start: $(cat "$T/serve.log")"

python3 "$SRC/tests/cli/slow_clients.py" "$PORT" 3 >"$T/result.json" || fail "slow clients: $(cat "$T/result.json")"
python3 - "$T/result.json" <<'PY' || fail "hostile clients won: $(cat "$T/result.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["status"] == 200, r
assert max(r["normal_ms"]) < 1000, r
assert r["idle_open"] == 0 and r["slow_open"] == 0, r
assert r["slow_connected"] >= 90, r
PY

# An escape sequence in the URL (ESC [ 2 J clears a terminal) is logged escaped.
curl -s -o /dev/null "http://127.0.0.1:$PORT/%1b%5b2J%07bell" || true
sleep 0.3
! grep -q $'\x1b' "$T/serve.log" || fail "serve wrote a raw ESC to its log"
! grep -q $'\x07' "$T/serve.log" || fail "serve wrote a raw BEL to its log"
grep -qF 'serve: GET /\x1b[2J\x07bell 404' "$T/serve.log" || fail "log: $(tail -3 "$T/serve.log")"
echo "serve_slow: ok"
