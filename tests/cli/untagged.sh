#!/usr/bin/env bash
# Text whose language tag names none takes its script's language: an HTML page tagged "und",
# "C" or "POSIX", or an EPUB whose articles say "und", sets Armenian and Georgian with their
# hyphenation exactly as when tagged hy and ka, and untagged Hebrew right to left even when its
# paragraph opens with a Latin word; whole corpus texts (Thai, Khmer, Burmese, Korean, Tibetan,
# Georgian) tagged und, C or POSIX are set line for line as when tagged with their language.
. "$(dirname "$0")/lib.sh"

hy='Բոլոր մարդիկ ծնվում են ազատ ու հավասար իրենց արժանապատվությամբ ու իրավունքներով։ Նրանք օժտված են բանականությամբ ու խղճով, և պարտավոր են միմյանց նկատմամբ վարվել եղբայրության ոգով։ Յուրաքանչյուր ոք պետք է օժտված լինի սույն Հռչակագրով հռչակված բոլոր իրավունքներով և ազատություններով՝ առանց որևէ խտրականության։'
ka=$(sed -n 5p "$SRC/tests/data/corpus/udhr-ka.txt")
he='BBC דיווחה היום כי כל בני האדם נולדו בני חורין ושווים בערכם ובזכויותיהם. כולם חוננו בתבונה ובמצפון, לפיכך חובה עליהם לנהוג איש ברעהו ברוח של אחווה.'

page() { # TAG: the three paragraphs in an HTML page tagged TAG
    printf '<html lang="%s"><body><p>%s</p><p>%s</p><p>%s</p></body></html>\n' "$1" "$hy" "$ka" "$he"
}
lines() { # JSON: per paragraph, its lines' text, hyphens and direction
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for l in [l for p in d["pages"] for l in p["lines"]]:
    print(l["block"], "rtl" if l["rtl"] else "ltr", "-" if l["hyphenated"] else " ", l["text"])' "$1"
}
check() { # FILE (lines of a layout tagged und or alike) WHAT
    diff "$T/want" "$1" >&2 || fail "$2: lines differ from the tagged page's"
}

# The same paragraphs tagged per paragraph, as the reference.
printf '<html><body><p lang="hy">%s</p><p lang="ka">%s</p><p lang="he">%s</p></body></html>\n' \
    "$hy" "$ka" "$he" >"$T/tagged.html"
typeset_json() { "$QUIRE" typeset "$1" --width 600 --height 800 --font-size 28 --margin 48 --json; }
typeset_json "$T/tagged.html" >"$T/tagged.json" || fail "typeset tagged.html"
lines "$T/tagged.json" >"$T/want"
grep -q '^0 ltr -' "$T/want" || fail "tagged Armenian has no hyphenated line"
grep -q '^1 ltr -' "$T/want" || fail "tagged Georgian has no hyphenated line"
grep -q '^2 ltr' "$T/want" && fail "tagged Hebrew has a left-to-right line"
# Without the script's language (a tag naming an unknown language) Armenian is not hyphenated:
# the check can tell.
page xx >"$T/xx.html"
typeset_json "$T/xx.html" >"$T/xx.json" || fail "typeset xx.html"
lines "$T/xx.json" | grep -q '^0 ltr -' && fail "Armenian hyphenated without patterns"

for tag in und C POSIX ""; do
    page "$tag" >"$T/page.html"
    typeset_json "$T/page.html" >"$T/page.json" || fail "typeset page tagged '$tag'"
    lines "$T/page.json" >"$T/got"
    check "$T/got" "HTML tagged '$tag'"
done

# An EPUB whose articles are tagged und (an ordinary EPUB, imported unsigned).
make_key "$T/pub"
mkdir "$T/in"
for k in hy ka he; do
    printf 'Article %s\n\n%s\n' "$k" "${!k}" >"$T/in/$k.txt"
done
"$QUIRE" bundle create --key "$T/pub.key" --out "$T/und.epub" --publisher "Some Press" \
    --lang und "$T/in/hy.txt" "$T/in/ka.txt" "$T/in/he.txt" >/dev/null
zip -q -d "$T/und.epub" 'META-INF/quire/*'
expect_exit 0 q import --allow-unsigned "$T/und.epub"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM articles WHERE language = 'und'")" -eq 3 ] ||
    fail "the articles are not stored as und"
for k in hy ka he; do
    id=$(sqlite3 "$DB" "SELECT id FROM articles WHERE title = 'Article $k'")
    q typeset "$id" --width 600 --height 800 --font-size 28 --margin 48 --json >"$T/a.json" ||
        fail "typeset article $k"
    lines "$T/a.json" | grep -v '^0 ' >"$T/a.lines" # block 0: the title
    case $k in
    hy) grep -q '^1 ltr -' "$T/a.lines" || fail "EPUB und: Armenian not hyphenated" ;;
    ka) grep -q '^1 ltr -' "$T/a.lines" || fail "EPUB und: Georgian not hyphenated" ;;
    he) grep -q '^1 ltr' "$T/a.lines" && fail "EPUB und: Hebrew set left to right" ;;
    esac
    sed 's/^1 //' "$T/a.lines" >"$T/a.got"
    n=$([ $k = hy ] && echo 0 || { [ $k = ka ] && echo 1 || echo 2; })
    grep "^$n " "$T/want" | sed "s/^$n //" >"$T/a.want"
    diff "$T/a.want" "$T/a.got" >&2 || fail "EPUB und: $k lines differ from the tagged page's"
done
# Breaking, fonts and hyphenation of whole corpus texts: tagged und, C or POSIX, each lays out line
# for line as when tagged with its language (Thai, Khmer and Burmese by ICU's dictionaries,
# Korean between words, Tibetan between syllables, Georgian hyphenated).
for spec in "th und" "km und" "my C" "ko und" "bo POSIX" "ka und"; do
    set -- $spec
    for t in "$1" "$2"; do
        "$QUIRE" typeset "$SRC/tests/data/corpus/udhr-$1.txt" --lang "$t" --width 600 \
            --height 800 --font-size 28 --margin 48 --json >"$T/$t.json" || fail "typeset $1"
        lines "$T/$t.json" >"$T/$t.lines"
    done
    cmp -s "$T/$1.lines" "$T/$2.lines" || fail "udhr-$1 tagged $2 is set otherwise than tagged $1"
done
echo "untagged: ok"
