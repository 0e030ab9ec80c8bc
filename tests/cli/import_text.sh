#!/usr/bin/env bash
# The plain text kept for show and search: white space inside a paragraph folds to single
# spaces whatever mix of spaces, tabs and line ends the document has, inline elements join
# their words, and block elements become paragraphs.
. "$(dirname "$0")/lib.sh"
make_key "$T/pub"
q trust add "$T/pub.pub" >/dev/null
printf '%s\n' '<!DOCTYPE html>' \
    '<html lang="en"><head><title>Messy spacing</title></head>' \
    "<body><h1>Messy spacing</h1><p>  Words   spread$(printf '\n\t')over  lines </p>" \
    '<p>Second<em> emphasised </em>part<b>bold</b> end.</p>' \
    "<ul><li>one</li> <li> two </li></ul><p>a $(printf '\r\n') b  c d</p>" \
    '<div><span>x</span> <span>y</span></div></body></html>' >"$T/a.html"
"$QUIRE" bundle create --key "$T/pub.key" --out "$T/a.epub" --publisher Desk "$T/a.html" >/dev/null
expect_exit 0 q import "$T/a.epub"
want=$(printf 'Words spread over lines\n\nSecond emphasised partbold end.\n\none\n\ntwo\n\na b c d\n\nx y')
got=$(sqlite3 "$DB" 'SELECT text FROM articles')
[ "$got" = "$want" ] || fail "text was folded wrongly: $(printf '%q' "$got")"
expect_exit 0 q search "spread lines"
grep -q "Messy spacing" "$T/out" || fail "search does not find the folded text"
