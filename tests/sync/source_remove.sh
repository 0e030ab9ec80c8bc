#!/usr/bin/env bash
# sync source_remove: removing a source deletes its partial downloads (the .part files and
# their rows), so nothing of it is left to leak; another source's partial download stays.
source "$SRC/tests/sync/lib.sh"

make_bundle big1 1 1 800000
make_bundle big2 2 1 800000
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo1" "$T/in/big1.epub" >/dev/null
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo2" "$T/in/big2.epub" >/dev/null
mkdir -p "$T/www"
ln -s "$T/repo1" "$T/www/one"
ln -s "$T/repo2" "$T/www/two"
start_nginx slow "$T/www" "limit_rate 200k;"
DB="$T/lib/library.db"
"$QUIRE" --db "$DB" source add one "http://127.0.0.1:$NGX_PORT/one" --pubkey "$T/pub.pub" >/dev/null
"$QUIRE" --db "$DB" source add two "http://127.0.0.1:$NGX_PORT/two" --pubkey "$T/pub.pub" >/dev/null

partials() { (shopt -s nullglob; f=("$T/lib/partial"/*.part); echo ${#f[@]}); }
rows() {
    python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM sync_partials WHERE source = ?", (sys.argv[2],)).fetchone()[0])' "$DB" "$1"
}
# Interrupt each source's download midway: one partial file per source.
for name in one two; do
    before=$(partials)
    "$QUIRE" --db "$DB" sync "$name" >/dev/null 2>&1 &
    SYNC=$!
    PIDS+=("$SYNC")
    for i in $(seq 1 200); do
        f=$( (ls -t "$T/lib/partial"/*.part 2>/dev/null || true) | head -1)
        [ "$(partials)" -gt "$before" ] && [ "$(stat -c %s "$f")" -gt 50000 ] && break
        sleep 0.05
    done
    kill -INT "$SYNC"
    wait "$SYNC" || true
done
[ "$(partials)" -eq 2 ] || fail "expected two partial files, found $(partials)"
[ "$(rows one)" -eq 1 ] && [ "$(rows two)" -eq 1 ] || fail "partial rows: one $(rows one), two $(rows two)"

"$QUIRE" --db "$DB" source remove one >/dev/null || fail "source remove"
[ "$(partials)" -eq 1 ] || fail "source remove left $(partials) partial files (expected 1)"
[ "$(rows one)" -eq 0 ] || fail "source remove left its partial rows"
[ "$(rows two)" -eq 1 ] || fail "source remove touched another source's partial"
rc=0
"$QUIRE" --db "$DB" source remove one >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 1 ] || fail "removing a missing source should exit 1 (rc $rc)"
echo "ok"
