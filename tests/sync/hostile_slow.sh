#!/usr/bin/env bash
# sync hostile_slow: mirrors that are slow on purpose (issue #14 items 2-4). One that
# trickles 2 bytes a second falls under the minimum rate (--min-rate) and the sync fails over;
# one just above it meets the deadline per file (--deadline); one that declares more bytes
# than it sends and closes is left at once for the next mirror; an unsigned relay that never
# completes its bundles cannot make the reader keep more than --max-partial-mb of them.
source "$SRC/tests/sync/lib.sh"

make_bundle day1 1 2 20000
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T/in/day1.epub" >/dev/null
start_nginx good "$T/repo"

hostile() { # MODE ROOT: starts hostile_server.py; sets HP, HLOG
    HP=$(free_port)
    HLOG="$T/$1.log"
    python3 "$HERE/hostile_server.py" "$HP" "$1" "$2" "$HLOG" 2>/dev/null &
    PIDS+=($!)
    wait_port "$HP"
}

run_sync() { # NAME MIRRORS... -- FLAGS...: sets RC, TOOK; output in $T/NAME.{out,err}
    local name=$1 start mirrors=()
    shift
    while [ "$1" != -- ]; do mirrors+=("$1"); shift; done
    shift
    DB="$T/$name/library.db"
    "$QUIRE" --db "$DB" source add daily "${mirrors[@]}" --pubkey "$T/pub.pub" >/dev/null
    start=$(date +%s)
    RC=0
    timeout 60 "$QUIRE" --db "$DB" sync --attempts 1 "$@" >"$T/$name.out" 2>"$T/$name.err" || RC=$?
    TOOK=$(($(date +%s) - start))
}

# 2. 2 bytes/s is under a 64 bytes/s minimum over 3 s: stalled, the next mirror serves.
hostile trickle "$T/repo"
run_sync trickle "http://127.0.0.1:$HP" "http://127.0.0.1:$NGX_PORT" -- --stall-timeout 3 --min-rate 64
[ "$RC" -eq 0 ] || fail "trickle: rc $RC: $(cat "$T/trickle.err")"
[ "$TOOK" -le 12 ] || fail "trickle: took ${TOOK}s"
grep -q "day1.epub: timed out (under 64 bytes/s for 3 s); trying the next mirror" "$T/trickle.err" ||
    fail "trickle: $(cat "$T/trickle.err")"
[ "$(article_count "$DB")" -eq 2 ] || fail "trickle: not imported from the next mirror"
# ... above a 1 byte/s minimum, but not done within the 10 s deadline per file.
run_sync deadline "http://127.0.0.1:$HP" "http://127.0.0.1:$NGX_PORT" -- --min-rate 1 --deadline 10
[ "$RC" -eq 0 ] || fail "deadline: rc $RC: $(cat "$T/deadline.err")"
[ "$TOOK" -ge 9 ] && [ "$TOOK" -le 20 ] || fail "deadline: took ${TOOK}s"
grep -q "day1.epub: timed out: not done within 10 s (the deadline per file)" "$T/deadline.err" ||
    fail "deadline: $(cat "$T/deadline.err")"

# 3. Half the declared bytes, then the connection closes: the next mirror at once.
hostile short "$T/repo"
run_sync short "http://127.0.0.1:$HP" "http://127.0.0.1:$NGX_PORT" -- --attempts 3
[ "$RC" -eq 0 ] || fail "short: rc $RC: $(cat "$T/short.err")"
[ "$TOOK" -le 6 ] || fail "short: took ${TOOK}s"
[ "$(article_count "$DB")" -eq 2 ] || fail "short: not imported from the next mirror"

# 4. An unsigned relay offering 4 bundles of about 700 KB, each cut in half: at most 1 MB of
# unfinished downloads stays, whatever it offers, sync after sync.
for d in 2 3 4 5; do make_bundle "big$d" "$d" 7 100000; done
"$QUIRE" publish --key "$T/pub.key" --out "$T/relay" "$T"/in/big*.epub >/dev/null
hostile short "$T/relay"
DB="$T/relay-lib/library.db"
"$QUIRE" --db "$DB" trust add "$T/pub.pub" >/dev/null
"$QUIRE" --db "$DB" source add junk "http://127.0.0.1:$HP" --relay >/dev/null
for round in 1 2; do
    rc=0
    "$QUIRE" --db "$DB" sync --attempts 1 --max-partial-mb 1 >/dev/null 2>"$T/relay.err" || rc=$?
    [ "$rc" -eq 1 ] || fail "relay round $round: rc $rc"
    kept=$(find "$T/relay-lib/partial" -name '*.part' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
    [ "$kept" -le 1048576 ] || fail "relay round $round: $kept bytes of partial downloads kept"
    [ "$kept" -gt 0 ] || fail "relay round $round: nothing kept to resume"
    rows=$(sqlite3 "$DB" "SELECT count(*) FROM sync_partials")
    files=$(find "$T/relay-lib/partial" -name '*.part' | wc -l)
    [ "$rows" -eq "$files" ] || fail "relay round $round: $rows partial rows for $files files"
done
echo "ok"
