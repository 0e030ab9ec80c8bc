#!/usr/bin/env bash
# `quire render`: every page of a library article as a device-sized PNG with no more gray
# levels than the profile has; usage errors exit 2, bad input exits 1 with one line.
. "$(dirname "$0")/lib.sh"
PNG="$BIN/quire-pngtool"

q trust add "$SRC/assets/sample-news.pub" >/dev/null
q import "$SRC/assets/sample-news.epub" >/dev/null

check_pages() { # DIR W H MAXLEVELS
    local n=0
    for f in "$1"/page-*.png; do
        read -r w h levels < <("$PNG" info "$f")
        [ "$w" = "$2" ] && [ "$h" = "$3" ] || fail "$f is ${w}x$h, want $2x$3"
        [ "$levels" -le "$4" ] || fail "$f uses $levels gray levels, profile has $4"
        [ "$levels" -ge 2 ] || fail "$f is blank"
        n=$((n + 1))
    done
    [ "$n" -ge 1 ] || fail "no pages in $1"
    echo "$n"
}

expect_exit 0 q render 2 --out "$T/clara"
pages=$(check_pages "$T/clara" 1072 1448 16)
grep -q "^$pages pages$" "$T/out" || fail "page count not reported: $(cat "$T/out")"
[ -f "$T/clara/page-001.png" ] || fail "pages are not named page-001.png..."
# Text is really there: the first page has ink in the text area, none in the right margin.
ink=$("$PNG" dark "$T/clara/page-001.png" 48 48 976 1300)
[ "$ink" -gt 30 ] || fail "page 1 has almost no text ($ink permille dark)"
margin=$("$PNG" dark "$T/clara/page-001.png" 1040 0 32 1400)
[ "$margin" -eq 0 ] || fail "ink in the right margin ($margin permille)"

expect_exit 0 q render 2 --out "$T/wave" --device waveshare-7in5
check_pages "$T/wave" 800 480 2 >/dev/null
expect_exit 0 q render 3 --out "$T/kiosk" --device kiosk-13in --font-size 30
check_pages "$T/kiosk" 1600 1200 16 >/dev/null
# A bigger font needs more pages.
expect_exit 0 q render 2 --out "$T/big" --font-size 60
big=$(ls "$T/big" | wc -l)
[ "$big" -gt "$pages" ] || fail "font size 60 gave $big pages, default $pages"
# Night mode: mostly black.
expect_exit 0 q render 2 --out "$T/night" --night
night=$("$PNG" dark "$T/night/page-001.png" 0 0 1072 1448)
[ "$night" -gt 700 ] || fail "night page is not dark ($night permille)"

# Images are decoded and dithered: gray levels on a 16-level panel, only 2 on e-paper.
expect_exit 0 "$QUIRE" render --file "$SRC/tests/data/render/pictures.html" --out "$T/pic"
read -r _ _ levels < <("$PNG" info "$T/pic/page-002.png")
[ "$levels" -ge 8 ] && [ "$levels" -le 16 ] || fail "image page uses $levels levels"
expect_exit 0 "$QUIRE" render --file "$SRC/tests/data/render/pictures.html" --out "$T/pic2" \
    --device waveshare-7in5
check_pages "$T/pic2" 800 480 2 >/dev/null

# Without an ID: the first article of the library (what `make run` shows without a display).
expect_exit 0 q render --out "$T/first"
first=$(q list | awk 'NR == 1 {print $1}')
expect_exit 0 q render "$first" --out "$T/first-by-id"
cmp -s "$T/first/page-001.png" "$T/first-by-id/page-001.png" ||
    fail "render without ID is not the first article"

# The status line shows titles in any script the bundled fonts cover, shaped (Georgian,
# Persian right to left) and cut on a character boundary: ink where the title goes (the band's
# left part; the page number sits at its right end).
title_ink() { # PNG: dark permille in the status band left of the page number (kindle-basic)
    "$PNG" dark "$1" 0 776 500 24
}
mkdir -p "$T/titles"
cp "$SRC/tests/data/corpus/udhr-ka.txt" "$T/titles/ადამიანის უფლებათა დეკლარაცია.txt"
cp "$SRC/tests/data/corpus/udhr-fa.txt" "$T/titles/اعلامیه جهانی حقوق بشر.txt"
for f in "$T"/titles/*.txt; do
    expect_exit 0 "$QUIRE" render --file "$f" --device kindle-basic --out "$T/t-$(basename "$f")"
    ink=$(title_ink "$T/t-$(basename "$f")/page-001.png")
    [ "$ink" -gt 5 ] || fail "no title in the status line for $(basename "$f") ($ink permille)"
done
# Persian sets right to left: the title ends at the slot's right end, none at its left.
fa_left=$("$PNG" dark "$T/t-اعلامیه جهانی حقوق بشر.txt/page-001.png" 0 776 100 24)
[ "$fa_left" -eq 0 ] || fail "Persian title is not right-aligned ($fa_left permille at the left)"
# A 258-byte Cyrillic title (the title buffer holds 255): cut on a character, shown, no
# out-of-bounds read (the ASan build runs this too).
make_key "$T/k"
python3 -c "import sys; open(sys.argv[1], 'w').write('Б' * 129 + '\n\n' + 'Текст статьи. ' * 40 + '\n')" \
    "$T/cyr.txt"
"$QUIRE" bundle create --key "$T/k.key" --out "$T/cyr.epub" --lang ru "$T/cyr.txt" >/dev/null
q trust add "$T/k.pub" >/dev/null
q import "$T/cyr.epub" >/dev/null
cyr=$(q list | awk '/ББББ/ {print $1}')
expect_exit 0 q render "$cyr" --device kindle-basic --out "$T/cyr"
ink=$(title_ink "$T/cyr/page-001.png")
[ "$ink" -gt 20 ] || fail "the 258-byte Cyrillic title does not show ($ink permille)"

# Text darkness is a setting: the flag, else the library's render.darkness; more is darker.
expect_exit 0 q render 2 --out "$T/light" --darkness 0
expect_exit 0 q render 2 --out "$T/heavy" --darkness 100
light=$("$PNG" dark "$T/light/page-001.png" 48 48 976 1300)
heavy=$("$PNG" dark "$T/heavy/page-001.png" 48 48 976 1300)
[ "$heavy" -gt "$light" ] || fail "darkness 100 ($heavy) is not darker than 0 ($light)"
sqlite3 "$DB" "INSERT OR REPLACE INTO settings(key, value) VALUES ('render.darkness', '100')"
expect_exit 0 q render 2 --out "$T/stored"
cmp -s "$T/stored/page-001.png" "$T/heavy/page-001.png" || fail "render.darkness not used"
sqlite3 "$DB" "DELETE FROM settings WHERE key = 'render.darkness'"
expect_exit 2 q render 2 --out "$T/x" --darkness 101
expect_exit 2 q render 2 --out "$T/x" --darkness dark

expect_exit 2 q render 2
expect_exit 2 q render abc --out "$T/x"
expect_exit 2 q render 2 3 --out "$T/x"
expect_exit 2 q render 2 --out "$T/x" --device etch-a-sketch
grep -q "unknown device" "$T/err" || fail "no message for an unknown device"
expect_exit 2 q render 2 --out "$T/x" --font-size 1
expect_error "99" q render 99 --out "$T/x"
expect_error "nope.txt" "$QUIRE" render --file "$T/nope.txt" --out "$T/x"
# Architecture: nothing in app/ includes SDL or Linux device headers (only platform/ does).
if grep -rEn '#include *[<"](SDL|linux/)' "$SRC/app"; then
    fail "app/ includes SDL or Linux headers"
fi
echo ok
