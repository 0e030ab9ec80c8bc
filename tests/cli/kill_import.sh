#!/usr/bin/env bash
# The process killed (SIGKILL) at a random moment mid-import, again and again: afterwards
# the library passes PRAGMA integrity_check and holds the bundle entirely or not at all.
. "$(dirname "$0")/lib.sh"
make_key "$T/pub"
q trust add "$T/pub.pub" >/dev/null
make_articles "$T/a" 600
"$QUIRE" bundle create --key "$T/pub.key" --out "$T/big.epub" --publisher P "$T"/a/*.txt >/dev/null
# How long a whole import takes, so the kills land anywhere inside it.
start=$(date +%s%N)
"$QUIRE" --db "$T/probe.db" trust add "$T/pub.pub" >/dev/null
"$QUIRE" --db "$T/probe.db" import "$T/big.epub" >/dev/null
span_ms=$((($(date +%s%N) - start) / 1000000 + 20))

rounds=${QUIRE_KILL_ROUNDS:-25}
completed=0
for i in $(seq 1 "$rounds"); do
    "$QUIRE" --db "$DB" import "$T/big.epub" >/dev/null 2>&1 &
    pid=$!
    sleep "$(python3 -c "import random; print(random.randint(0, $span_ms) / 1000)")"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    integrity_ok || fail "round $i: integrity_check failed"
    arts=$(sqlite3 "$DB" 'SELECT count(*) FROM articles')
    bundles=$(sqlite3 "$DB" 'SELECT count(*) FROM bundles')
    case "$bundles:$arts" in
    0:0) ;;
    1:600) completed=$((completed + 1)); break ;;
    *) fail "round $i: half-imported bundle ($bundles bundles, $arts articles)" ;;
    esac
done
# Whatever the kills did, a last run completes the import.
q import "$T/big.epub" >/dev/null
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM articles')" = 600 ] || fail "final import incomplete"
integrity_ok || fail "final integrity"
echo "kill_import: ok ($completed of $rounds rounds finished before the kill)"
