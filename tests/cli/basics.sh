#!/usr/bin/env bash
# The command line's contract: help, version, exit codes 0/1/2, clear usage errors.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$QUIRE" --help
grep -q "import" "$T/out" || fail "--help does not list import"
expect_exit 0 "$QUIRE" --version
grep -qE '^quire [0-9]+\.[0-9]+\.[0-9]+$' "$T/out" || fail "--version output: $(cat "$T/out")"
expect_exit 0 "$QUIRE" import --help
grep -q "allow-unsigned" "$T/out" || fail "import --help lacks its usage"

expect_exit 2 "$QUIRE"
expect_exit 2 "$QUIRE" no-such-command
grep -q "unknown command" "$T/err" || fail "no message for an unknown command"
expect_exit 2 q import
expect_exit 2 q list --bogus
expect_exit 2 q show not-a-number
expect_exit 2 q trust frobnicate

# An empty library is created on first use and says so.
expect_exit 0 q list
grep -q "empty" "$T/out" || fail "empty library not reported"
expect_exit 0 q list --json
[ "$(tr -d ' \n' <"$T/out")" = "[]" ] || fail "empty JSON list: $(cat "$T/out")"
expect_error "no article with id 42" q show 42

# A file that is not a library is refused, and left alone.
echo "just text, not a database at all, long enough to look like a header..........." >"$T/notadb"
before=$(sha256sum "$T/notadb")
expect_error "notadb" "$QUIRE" --db "$T/notadb" list
[ "$(sha256sum "$T/notadb")" = "$before" ] || fail "a non-library file was modified"
echo "basics: ok"
