#!/usr/bin/env bash
# Two different stories under one guid (issue #14 item 17). With the same `updated` time the
# second cannot be a correction: the first is kept, and the import says so, naming both
# bundle files (before: "1 unchanged" and nothing else). `bundle create` refuses two inputs
# that would get the same guid, naming both. A true correction (a later updated) still
# replaces, and re-importing the same story stays quiet.
. "$(dirname "$0")/lib.sh"
make_key "$T/pub"
q trust add "$T/pub.pub" >/dev/null
mkdir -p "$T/a" "$T/b" "$T/c"
printf 'Harbour reopens\n\nThe harbour reopened on Monday after repairs.\n' >"$T/a/story.txt"
printf 'Council elects mayor\n\nThe council elected a new mayor on Tuesday.\n' >"$T/b/story.txt"
printf 'Harbour reopens\n\nThe harbour reopened on Monday after two years of repairs.\n' \
    >"$T/c/story.txt"
when=(--published 2026-01-01T08:00:00Z --updated 2026-01-01T08:00:00Z)
create() { "$QUIRE" bundle create --key "$T/pub.key" --out "$1" --publisher P "${@:2}" >/dev/null; }
create "$T/first.epub" --sequence 1 "${when[@]}" "$T/a/story.txt"
create "$T/second.epub" --sequence 2 "${when[@]}" "$T/b/story.txt"
create "$T/fixed.epub" --sequence 3 --published 2026-01-01T08:00:00Z --updated 2026-01-01T09:00:00Z \
    "$T/c/story.txt"

expect_exit 0 q import "$T/first.epub"
[ ! -s "$T/err" ] || fail "first import warned: $(cat "$T/err")"
expect_exit 0 q import "$T/second.epub"
grep -q "1 unchanged" "$T/out" || fail "second: $(cat "$T/out")"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "second: want one warning line: $(cat "$T/err")"
grep -q "^quire: warning: $T/second.epub: article 'story' has the guid and updated time of a different article already imported from .*first.epub: the first one is kept" "$T/err" ||
    fail "second: $(cat "$T/err")"
[ "$(sqlite3 "$DB" "SELECT title FROM articles")" = "Harbour reopens" ] || fail "the first story was not kept"

expect_exit 0 q import "$T/fixed.epub" # a correction: later updated, replaces, no warning
grep -q "1 updated" "$T/out" || fail "correction: $(cat "$T/out")"
[ ! -s "$T/err" ] || fail "correction warned: $(cat "$T/err")"
grep -q "two years" <<<"$(q show 1)" || fail "the correction did not replace the story"

# The same two bundles through sync (a file:// mirror): one warning, naming both by their
# index names and the source.
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T/first.epub" "$T/second.epub" >/dev/null
S="$T/synced/library.db"
"$QUIRE" --db "$S" source add daily "file://$T/repo" --pubkey "$T/pub.pub" >/dev/null
expect_exit 0 "$QUIRE" --db "$S" sync
grep -q "warning: second.epub: article 'story' has the guid and updated time of a different article already imported from first.epub (source daily)" \
    "$T/err" || fail "sync: $(cat "$T/err")"
[ "$(sqlite3 "$S" "SELECT title FROM articles")" = "Harbour reopens" ] || fail "sync: first not kept"

expect_exit 1 "$QUIRE" bundle create --key "$T/pub.key" --out "$T/both.epub" --publisher P \
    "$T/a/story.txt" "$T/b/story.txt"
grep -q "$T/a/story.txt and $T/b/story.txt would get the same article guid 'story'" "$T/err" ||
    fail "bundle create: $(cat "$T/err")"
[ ! -e "$T/both.epub" ] || fail "bundle create wrote a bundle it refused"
echo "ok"
