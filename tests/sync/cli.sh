#!/usr/bin/env bash
# sync cli: usage errors exit 2 with a usage line; bad input fails with one line naming the
# file and the problem, exit 1, and leaves the library unchanged.
source "$SRC/tests/sync/lib.sh"

DB="$T/lib/library.db"
expect() { # expected-rc pattern command...
    local want=$1 pat=$2 rc=0
    shift 2
    "$@" >"$T/o" 2>"$T/e" || rc=$?
    [ "$rc" -eq "$want" ] || fail "$* -> rc $rc (want $want): $(cat "$T/e")"
    grep -q -- "$pat" "$T/e" || fail "$* -> stderr lacks '$pat': $(cat "$T/e")"
}
make_bundle day1 1 1
expect 2 "usage" "$QUIRE" --db "$DB" source add onlyname
expect 2 "pubkey KEY is required" "$QUIRE" --db "$DB" source add x http://127.0.0.1:1
expect 2 "file:// URL" "$QUIRE" --db "$DB" source add x ftp://h/ --pubkey "$T/pub.pub"
expect 2 "source name" "$QUIRE" --db "$DB" source add 'bad name' http://127.0.0.1:1 --relay
expect 2 "socks5h" "$QUIRE" --db "$DB" source add x http://127.0.0.1:1 --relay --proxy nonsense
expect 2 "unknown action" "$QUIRE" --db "$DB" source frobnicate
expect 1 "no source named 'nope'" "$QUIRE" --db "$DB" source remove nope
echo garbage >"$T/bad.pub"
expect 1 "bad.pub" "$QUIRE" --db "$DB" source add x http://127.0.0.1:1 --pubkey "$T/bad.pub"
"$QUIRE" --db "$DB" source list | grep -q "no sources" || fail "a failed add left a source"
expect 1 "no source named 'ghost'" "$QUIRE" --db "$DB" sync ghost
expect 2 "not a whole number of seconds" "$QUIRE" --db "$DB" sync --stall-timeout 0
# Every number flag: a suffix, an overflow and a negative are usage errors (one checked parser).
for flag in --max-rate --connect-timeout --stall-timeout --min-rate --deadline --attempts \
    --max-partial-mb; do
    for bad in 20px 99999999999999999999 -5; do
        expect 2 "'$bad' is not a whole number" "$QUIRE" --db "$DB" sync "$flag" "$bad"
    done
done
for flag in --port --request-timeout; do
    for bad in 20px 99999999999999999999 -5; do
        expect 2 "'$bad' is not a" "$QUIRE" --db "$DB" serve "$flag" "$bad"
    done
done
expect 2 "--key and --out" "$QUIRE" publish --out "$T/r" "$T/in/day1.epub"
expect 2 "no bundles" "$QUIRE" publish --key "$T/pub.key" --out "$T/r"
expect 1 "nothere.epub" "$QUIRE" publish --key "$T/pub.key" --out "$T/r" "$T/nothere.epub"
cp "$T/in/day1.epub" "$T/has space.epub"
expect 1 "file name" "$QUIRE" publish --key "$T/pub.key" --out "$T/r" "$T/has space.epub"
expect 2 "--out DIR" "$QUIRE" --db "$DB" export
expect 2 "not a date" "$QUIRE" --db "$DB" export --out "$T/x" --since yesterday
expect 2 "not a port" "$QUIRE" --db "$DB" serve --port 70000
expect 1 "not an IPv4" "$QUIRE" --db "$DB" serve --bind nowhere --port 0

# A malformed index on a mirror: one line naming the URL and the problem, nothing imported.
mkdir -p "$T/badrepo"
echo '{"format":"quire-index","version":1' >"$T/badrepo/index.json"
"$QUIRE" --db "$DB" source add broken "file://$T/badrepo" --relay >/dev/null
expect 1 "badrepo.*index is not valid JSON" "$QUIRE" --db "$DB" sync broken
[ "$(article_count "$DB")" -eq 0 ] || fail "library changed"

# Settings round trip.
"$QUIRE" --db "$DB" source set --max-rate 1000 --max-age-days 30 >"$T/o" || fail "source set"
grep -q "sync.max_rate = 1000" "$T/o" || fail "source set output: $(cat "$T/o")"
echo "ok"
