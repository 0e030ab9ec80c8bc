#!/usr/bin/env bash
# Other people's files and failed commands (issue #14, items 10-11): an SQLite file of another
# program and a library of a newer schema are refused with one line and left byte for byte as
# they were; a command that fails on a new library leaves no library and no folder behind,
# also when the disk is full; a command that succeeds keeps the library it created.
. "$(dirname "$0")/lib.sh"

# Someone else's SQLite file: no Quire tables added, not switched to WAL, exit 1.
OTHER="$T/other.sqlite"
sqlite3 "$OTHER" "CREATE TABLE notes(t TEXT); INSERT INTO notes VALUES ('mine');"
sum=$(sha256sum <"$OTHER")
expect_error "other.sqlite: .*not a Quire library" "$QUIRE" --db "$OTHER" list
[ "$(sha256sum <"$OTHER")" = "$sum" ] || fail "a foreign SQLite file was changed"
[ ! -e "$OTHER-wal" ] || fail "a foreign SQLite file was switched to WAL"
[ "$(sqlite3 "$OTHER" 'SELECT count(*) FROM sqlite_master')" = 1 ] || fail "tables were added"

# A library from a newer quire: refused before anything is written.
q list >/dev/null
sqlite3 "$DB" "PRAGMA journal_mode = DELETE; PRAGMA user_version = 42;" >/dev/null
sum=$(sha256sum <"$DB")
expect_error "library.db: library schema version 42 is newer than this quire" q list
[ "$(sha256sum <"$DB")" = "$sum" ] || fail "a newer library was changed"
[ "$(sqlite3 "$DB" 'PRAGMA journal_mode')" = delete ] || fail "a newer library was switched to WAL"

# A failing command on a new library in new folders: nothing left behind.
head -c 300 /dev/urandom >"$T/garbage.pub"
expect_exit 1 "$QUIRE" --db "$T/new/sub/library.db" trust add "$T/garbage.pub"
[ ! -e "$T/new" ] || fail "a failed command left $(find "$T/new")"
# ... in an existing folder: the folder stays, the library goes.
mkdir "$T/kept"
expect_exit 1 "$QUIRE" --db "$T/kept/library.db" trust add "$T/garbage.pub"
[ -d "$T/kept" ] || fail "a folder that was there before was removed"
[ -z "$(ls -A "$T/kept")" ] || fail "a failed command left $(ls -A "$T/kept")"
# ... on a full disk (no room for one byte): no 0-byte library.
got=0
(ulimit -f 0 && exec "$QUIRE" --db "$T/full/library.db" list) >"$T/out" 2>"$T/err" || got=$?
[ "$got" -eq 1 ] || fail "exit $got for a new library on a full disk: $(cat "$T/err")"
[ ! -e "$T/full" ] || fail "a full disk left $(find "$T/full" -printf '%p %s\n')"

# A library that was there before a failed command is kept as it was.
make_key "$T/pub"
expect_exit 0 "$QUIRE" --db "$T/ok/library.db" trust add "$T/pub.pub"
expect_exit 1 "$QUIRE" --db "$T/ok/library.db" trust add "$T/garbage.pub"
[ "$(sqlite3 "$T/ok/library.db" 'SELECT count(*) FROM keys')" = 1 ] || fail "the library was lost"
echo "other_files: ok"
