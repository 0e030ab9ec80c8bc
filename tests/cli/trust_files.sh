#!/usr/bin/env bash
# Key files as people have them (issue #14 items 8, 14): a .pub saved with a byte-order mark
# is accepted with its comment; binary junk after the key line is refused; a folder is named
# as a folder; a comment with escape sequences is printed escaped by `trust add` and `list`.
. "$(dirname "$0")/lib.sh"
make_key "$T/pub"
key_line=$(sed -n 2p "$T/pub.pub")

printf '\xef\xbb\xbfuntrusted comment: Radio Free Test\n%s\n' "$key_line" >"$T/bom.pub"
expect_exit 0 q trust add "$T/bom.pub"
grep -q "Radio Free Test" "$T/out" || fail "BOM file: comment lost: $(cat "$T/out")"

make_key "$T/pub2"
cp "$T/pub2.pub" "$T/junk.pub"
head -c 3000 /dev/urandom | tr -d '\n\r \t' | head -c 2900 >>"$T/junk.pub"
expect_error "junk.pub: unexpected data after the key line" q trust add "$T/junk.pub"

mkdir "$T/keys"
expect_error "keys: a folder, not a key file" q trust add "$T/keys"

make_key "$T/pub3"
printf 'untrusted comment: evil\x1b]0;owned\x07\x1b[2J\n%s\n' "$(sed -n 2p "$T/pub3.pub")" >"$T/evil.pub"
expect_exit 0 q trust add "$T/evil.pub"
! grep -q $'\x1b' "$T/out" || fail "trust add printed a raw ESC"
grep -qF 'evil\x1b]0;owned\x07\x1b[2J' "$T/out" || fail "trust add: $(cat "$T/out")"
expect_exit 0 q trust list
! grep -q $'\x1b' "$T/out" || fail "trust list printed a raw ESC"
grep -qF 'evil\x1b]0;owned' "$T/out" || fail "trust list: $(cat "$T/out")"
echo "trust_files: ok"
