#!/usr/bin/env bash
# sync hostile_relay: an unsigned relay that never completes its bundles cannot make a reader
# keep more unverified bytes than configured (issue #14 item 4): the cap is a setting too
# (`quire source set --max-partial-mb`), partial files that no partial row names are deleted
# at the start of a sync, and the library's size cap (retention.max_library_mb) counts the
# partial files and drops them first.
source "$SRC/tests/sync/lib.sh"

# 4 bundles of about 700 KB; the relay sends each half-way and closes.
for d in 2 3 4 5; do make_bundle "big$d" "$d" 7 100000; done
"$QUIRE" publish --key "$T/pub.key" --out "$T/relay" "$T"/in/big*.epub >/dev/null
HP=$(free_port)
python3 "$HERE/hostile_server.py" "$HP" short "$T/relay" "$T/relay.log" 2>/dev/null &
PIDS+=($!)
wait_port "$HP"
DB="$T/lib/library.db"
P="$T/lib/partial"
"$QUIRE" --db "$DB" trust add "$T/pub.pub" >/dev/null
"$QUIRE" --db "$DB" source add junk "http://127.0.0.1:$HP" --relay >/dev/null
partial_bytes() { find "$P" -name '*.part' -printf '%s\n' 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }
sync_once() {
    local rc=0
    "$QUIRE" --db "$DB" sync --attempts 1 "$@" >/dev/null 2>"$T/sync.err" || rc=$?
    [ "$rc" -eq 1 ] || fail "sync: rc $rc (every bundle is cut short): $(cat "$T/sync.err")"
}

# 1. The cap as a setting: 1 MB kept, sync after sync, and something kept to resume.
"$QUIRE" --db "$DB" source set --max-partial-mb 1 >/dev/null
for round in 1 2; do
    sync_once
    kept=$(partial_bytes)
    [ "$kept" -le 1048576 ] || fail "setting, round $round: $kept bytes of partial downloads kept"
    [ "$kept" -gt 0 ] || fail "setting, round $round: nothing kept to resume"
done

# 2. A partial file no row names (a crash, a copied library): deleted by the next sync.
orphan="$P/$(printf 'a%.0s' $(seq 64)).part"
head -c 300000 /dev/urandom >"$orphan"
sync_once
[ ! -e "$orphan" ] || fail "an orphan partial file was kept"
rows=$(sqlite3 "$DB" "SELECT count(*) FROM sync_partials")
files=$(find "$P" -name '*.part' | wc -l)
[ "$rows" -eq "$files" ] || fail "$rows partial rows for $files files"

# 3. The library's size cap counts unfinished downloads: with 4 MB allowed for them but
# 1 MB (10^6 bytes) for everything, at most that much stays after the sync's retention.
"$QUIRE" --db "$DB" source set --max-partial-mb 4 --max-library-mb 1 >/dev/null
sync_once
kept=$(partial_bytes)
[ "$kept" -le 1000000 ] || fail "retention: $kept bytes of partial downloads over a 1 MB library cap"
sync_once --max-partial-mb 4
[ "$(partial_bytes)" -le 1000000 ] || fail "retention, again: $(partial_bytes) bytes"
echo "ok"
