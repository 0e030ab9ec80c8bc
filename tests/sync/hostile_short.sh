#!/usr/bin/env bash
# sync hostile_short: mirrors whose answers promise other bytes than they send (issue #14
# item 3). The stall timeout is set far beyond what any case may take (300 s, the deadline
# 600 s) and each sync runs under `timeout 60`: a case passes only if the sync moves on
# without waiting for a stall. Then one mirror that sends half and holds the connection open
# (only a stall can tell that from a slow link) is left for the rest of the run after its
# first stall: it is asked for one bundle, not for each.
source "$SRC/tests/sync/lib.sh"

for d in 1 2 3; do make_bundle "day$d" "$d" 2 20000; done
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T"/in/day*.epub >/dev/null
start_nginx good "$T/repo"

hostile() { # MODE: starts hostile_server.py on $T/repo; sets HP, HLOG
    HP=$(free_port)
    HLOG="$T/$1.log"
    python3 "$HERE/hostile_server.py" "$HP" "$1" "$T/repo" "$HLOG" 2>/dev/null &
    PIDS+=($!)
    wait_port "$HP"
}

run_sync() { # NAME MIRRORS... -- FLAGS...: sets RC; output in $T/NAME.{out,err}
    local name=$1 mirrors=()
    shift
    while [ "$1" != -- ]; do mirrors+=("$1"); shift; done
    shift
    DB="$T/$name/library.db"
    "$QUIRE" --db "$DB" source add daily "${mirrors[@]}" --pubkey "$T/pub.pub" >/dev/null
    RC=0
    timeout 60 "$QUIRE" --db "$DB" sync "$@" >"$T/$name.out" 2>"$T/$name.err" || RC=$?
    [ "$RC" -ne 124 ] || fail "$name: still waiting after 60 s (a stall timeout was waited out)"
}
bundle_requests() { grep -c '\.epub ' "$1" || true; }
long=(--stall-timeout 300 --deadline 600)

# Half the declared bytes, then the connection closes: the next mirror at once.
hostile short
run_sync short "http://127.0.0.1:$HP" "http://127.0.0.1:$NGX_PORT" -- "${long[@]}" --attempts 2
[ "$RC" -eq 0 ] || fail "short: rc $RC: $(cat "$T/short.err")"
[ "$(article_count "$DB")" -eq 6 ] || fail "short: not every bundle arrived from the next mirror"

# Twice the size declared (the index lists the true size), all of it sent, then held open:
# refused on its headers, the next mirror serves.
hostile over-hold
run_sync over "http://127.0.0.1:$HP" "http://127.0.0.1:$NGX_PORT" -- "${long[@]}"
[ "$RC" -eq 0 ] || fail "over: rc $RC: $(cat "$T/over.err")"
grep -q "day1.epub: the server declares [0-9]* bytes where the index lists [0-9]*; trying the next mirror" \
    "$T/over.err" || fail "over: $(cat "$T/over.err")"
[ "$(article_count "$DB")" -eq 6 ] || fail "over: not every bundle arrived"

# No length at all, every byte sent, then held open: the file is complete at the index's
# size, checked and imported from this mirror without waiting for the close.
hostile nolength-hold
run_sync nolength "http://127.0.0.1:$HP" -- "${long[@]}"
[ "$RC" -eq 0 ] || fail "nolength: rc $RC: $(cat "$T/nolength.err")"
[ "$(article_count "$DB")" -eq 6 ] || fail "nolength: not every bundle imported"

# Half of it, then held open: a stall (3 s here), then this mirror goes last for the other
# two bundles, which the next mirror serves without it being asked again.
hostile short-hold
run_sync hold "http://127.0.0.1:$HP" "http://127.0.0.1:$NGX_PORT" -- --stall-timeout 3 \
    --min-rate 1 --attempts 1
[ "$RC" -eq 0 ] || fail "hold: rc $RC: $(cat "$T/hold.err")"
[ "$(article_count "$DB")" -eq 6 ] || fail "hold: not every bundle arrived"
[ "$(bundle_requests "$HLOG")" -eq 1 ] ||
    fail "hold: the holding mirror was asked for $(bundle_requests "$HLOG") bundles, want 1"
echo "ok"
