#!/usr/bin/env bash
# Reading works where writing cannot (issue #14 item 12): under a file size limit of 0 (a full
# disk as SQLite meets it), on a read-only file system, and with a library file and folder
# this user cannot write, `list`, `show`, `search` and `read` open the library read-only, say
# so once on stderr, exit 0 and change nothing. A command that must write still fails.
. "$(dirname "$0")/lib.sh"
make_key "$T/pub"
make_articles "$T/in" 2 ro
L="$T/lib/library.db"
"$QUIRE" bundle create --key "$T/pub.key" --out "$T/b.epub" "$T"/in/*.txt >/dev/null
"$QUIRE" --db "$L" trust add "$T/pub.pub" >/dev/null
"$QUIRE" --db "$L" import "$T/b.epub" >/dev/null
title=$("$QUIRE" --db "$L" list | head -n 1 | awk '{ print $NF }')
word=$("$QUIRE" --db "$L" show 1 | tail -n 1 | awk '{ print $1 }')
printf 'key enter\nkey right\nkey back\n' >"$T/script"
DB=$L
before=$(library_fingerprint)

# reading_commands PREFIX...: runs the four reading commands under PREFIX (a shell that
# limits or confines them); each must exit 0 with its output and one note on stderr.
reading_commands() {
    local what=$1
    shift
    "$@" bash -c '
        q() { "$QUIRE" --db "$L" "$@"; }
        q list >"$T/o.list" 2>"$T/e.list" || exit 11
        q show 1 >"$T/o.show" 2>"$T/e.show" || exit 12
        q search "$word" >"$T/o.search" 2>"$T/e.search" || exit 13
        q read --backend headless --script "$T/script" --trace "$T/o.read" 2>"$T/e.read" || exit 14
        q delete 1 >/dev/null 2>&1 && exit 15 # a command that writes still fails
        exit 0' >"$T/o.all" 2>&1 || fail "$what: step $? failed: $(cat "$T"/e.* 2>/dev/null | head -c 600)"
    grep -q "$title" "$T/o.list" || fail "$what: list: $(cat "$T/o.list")"
    grep -q "$title" "$T/o.show" || fail "$what: show: $(cat "$T/o.show")"
    grep -q "$title" "$T/o.search" || fail "$what: search: $(cat "$T/o.search")"
    grep -q '"screen":"article"' "$T/o.read" || fail "$what: read did not open the article"
    for c in list show search read; do
        [ "$(grep -c 'opened read-only' "$T/e.$c")" -eq 1 ] ||
            fail "$what: $c did not say once that it reads only: $(cat "$T/e.$c")"
    done
    rm -f "$T"/o.* "$T"/e.*
}
export QUIRE L T word

# 1. A file size limit of 0: every write to the library fails with EFBIG (before: SIGXFSZ or
# "cannot write", exit 1).
# The limit would also stop the test's own files growing: the commands write to pipes.
under_limit() { bash -c 'ulimit -f 0; "$QUIRE" --db "$L" "$@"' limited "$@" 2>&1 || true; }
out=$(under_limit list)
grep -q "$title" <<<"$out" || fail "list under ulimit -f 0: $out"
[ "$(grep -c 'opened read-only' <<<"$out")" -eq 1 ] || fail "list under ulimit -f 0: no note: $out"
out=$(under_limit show 1)
grep -q "$title" <<<"$out" || fail "show under ulimit -f 0: $out"
out=$(under_limit search "$word")
grep -q "$title" <<<"$out" || fail "search under ulimit -f 0: $out"
out=$(under_limit read --backend headless --script "$T/script" --trace /dev/stdout)
grep -q '"screen":"article"' <<<"$out" || fail "read under ulimit -f 0: ${out:0:600}"
[ "$(library_fingerprint)" = "$before" ] || fail "reading under ulimit -f 0 changed the library"

# The failed writable opening leaves an empty -wal and -shm: each case starts from a library
# closed cleanly (no log beside it), as a copy on a read-only card would be.
clean_log() { find "$T/lib" -maxdepth 1 -name 'library.db-*' -size 0 -delete; }
clean_log

# 2. A read-only file system (a read-only bind mount in a private mount namespace), where
# the kernel allows one; root ignores file modes, so this is the case that binds root too.
if unshare -m bash -c 'mount --bind "$T/lib" "$T/lib" && mount -o remount,bind,ro "$T/lib"' \
    2>/dev/null; then
    reading_commands "read-only mount" unshare -m bash -c \
        'mount --bind "$T/lib" "$T/lib" && mount -o remount,bind,ro "$T/lib" && exec "$@"' ro
    [ "$(library_fingerprint)" = "$before" ] || fail "the read-only mount case changed the library"
else
    echo "note: no mount namespace here: the read-only mount case is skipped"
fi

# 3. A library file and folder of another user: as nobody when the test runs as root.
clean_log
chmod 755 "$T"
chmod 444 "$L"
chmod 555 "$T/lib"
as_other=()
[ "$(id -u)" -ne 0 ] || as_other=(setpriv --reuid=65534 --regid=65534 --clear-groups)
# As nobody the binary and the tree's fonts must be reachable (not so in a clone under /root).
if ! "${as_other[@]}" bash -c 'test -x "$QUIRE" && test -r "$SRC/README.md"' 2>/dev/null; then
    chmod 755 "$T/lib"
    chmod 644 "$L"
    echo "note: $QUIRE is out of nobody's reach here: the unwritable-file case is skipped"
    echo "ok"
    exit 0
fi
export SRC
for f in "$T"/o.{list,show,search,read,all} "$T"/e.{list,show,search,read}; do
    : >"$f"
    chmod 666 "$f"
done
reading_commands "unwritable file" "${as_other[@]}"
chmod 755 "$T/lib"
chmod 644 "$L"
[ "$(library_fingerprint)" = "$before" ] || fail "the unwritable case changed the library"
echo "ok"
