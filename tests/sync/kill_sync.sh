#!/usr/bin/env bash
# sync kill: kill -9 at random moments of a sync from nginx, again and again (issue #14 item
# 6). After each kill the next command (export) sees the library and the archive agree: every
# imported bundle is exported, none is left pending or in partial/, the library passes
# integrity_check; a last sync completes whatever the kills interrupted.
source "$SRC/tests/sync/lib.sh"

for d in 1 2 3; do make_bundle "day$d" "$d" 30; done
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T"/in/day*.epub >/dev/null
start_nginx repo "$T/repo"
"$QUIRE" --db "$T/tpl/library.db" source add daily "http://127.0.0.1:$NGX_PORT" \
    --pubkey "$T/pub.pub" >/dev/null
start=$(date +%s%N)
cp -r "$T/tpl" "$T/probe"
"$QUIRE" --db "$T/probe/library.db" sync >/dev/null
span_ms=$((($(date +%s%N) - start) / 1000000 + 10))

rounds=${QUIRE_KILL_ROUNDS:-100}
for i in $(seq 1 "$rounds"); do
    L="$T/k/library.db"
    rm -rf "$T/k" && cp -r "$T/tpl" "$T/k"
    "$QUIRE" --db "$L" sync >/dev/null 2>&1 &
    pid=$!
    sleep "$(python3 -c "import random; print(random.randint(0, $span_ms) / 1000)")"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    "$QUIRE" --db "$L" export --out "$T/k/out" >/dev/null 2>"$T/err" ||
        fail "round $i: export: $(cat "$T/err")"
    [ "$(sqlite3 "$L" 'PRAGMA integrity_check')" = ok ] || fail "round $i: integrity"
    imported=$(sqlite3 "$L" "SELECT count(*) FROM bundles")
    exported=$(find "$T/k/out" -name '*.epub' | wc -l)
    [ "$imported" = "$exported" ] || fail "round $i: $imported imported, $exported exported"
    [ "$(sqlite3 "$L" "SELECT count(*) FROM sync_archive WHERE pending IS NOT NULL")" = 0 ] ||
        fail "round $i: a pending archive row survived the next command"
    for sha in $(sqlite3 "$L" "SELECT sha256 FROM bundles"); do
        [ ! -e "$T/k/partial/$sha.part" ] || fail "round $i: an imported bundle stayed in partial/"
    done
    arts=$(sqlite3 "$L" "SELECT count(*) FROM articles")
    [ "$arts" = $((imported * 30)) ] || fail "round $i: $arts articles for $imported bundles"
done
"$QUIRE" --db "$L" sync >/dev/null 2>"$T/err" || fail "the last sync: $(cat "$T/err")"
"$QUIRE" --db "$L" export --out "$T/k/all" >/dev/null
[ "$(find "$T/k/all" -name '*.epub' | wc -l)" = 3 ] || fail "the last sync left the archive short"
echo "ok ($rounds rounds)"
