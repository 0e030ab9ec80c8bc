#!/usr/bin/env bash
# quire typeset: the summary line, --json geometry and word order, optimal vs greedy, RTL
# alignment, missing glyphs reported, font families, library articles (with the cached document), and errors.
. "$(dirname "$0")/lib.sh"
C="$SRC/tests/data/corpus"

# Summary line, exactly the fields the issue names.
expect_exit 0 "$QUIRE" typeset "$C/udhr-en.txt"
grep -qE '^pages=[1-9][0-9]* lines=[0-9]+ hyphens=[0-9]+ overfull=0 missing_glyphs=0 badness=[0-9.]+ layout_ms_per_run=[0-9.]+$' "$T/out" ||
    fail "summary: $(cat "$T/out")"
[ ! -s "$T/err" ] || fail "stderr on a clean run: $(cat "$T/err")"

# --json: every line inside the measure and the page, every word in order.
check_json() { # FILE W H MARGIN [options]
    local file=$1 w=$2 h=$3 m=$4
    shift 4
    expect_exit 0 "$QUIRE" typeset "$file" --width "$w" --height "$h" --margin "$m" --json "$@"
    python3 - "$T/out" "$file" "$w" "$h" "$m" <<'PY' || fail "json check of $file $*"
import json, sys, re
d = json.load(open(sys.argv[1], encoding="utf-8"))
w, h, m = map(float, sys.argv[3:6])
src = open(sys.argv[2], encoding="utf-8").read()
out = []
for p in d["pages"]:
    assert set(p["first_anchor"]) == {"block", "offset"}
    for l in p["lines"]:
        assert l["x"] >= m - 0.5 and l["x"] + l["width"] <= w - m + 0.5, l
        assert l["y"] + l["height"] <= h - m + 0.5, l
        t = l["text"]
        if l["hyphenated"]:
            assert t.endswith("-"), t
            t = t[:-1]
        out.append(t)
squash = lambda s: re.sub(r"\s+", "", s)
assert squash("".join(out)) == squash(src), "words lost or reordered"
s = d["stats"]
assert s["pages"] == len(d["pages"]) and s["lines"] == sum(len(p["lines"]) for p in d["pages"])
assert s["overfull"] == 0
PY
}
check_json "$C/udhr-ru.txt" 1072 1448 48 --lang ru
check_json "$C/seed-article.txt" 600 800 30 --font-size 28
check_json "$C/udhr-uz-Latn.txt" 600 800 20 --linebreak greedy --ragged --lang uz
python3 -c "import json,sys; d=json.load(open('$T/out')); assert d['stats']['hyphens'] == 0" ||
    fail "no hyphenation dictionary for uz, yet hyphens"

# Optimal breaking: at most 0.7x the badness of greedy on long-en (1072x1448, 36 px).
badness() { "$QUIRE" typeset "$C/long-en.txt" --width 1072 --height 1448 --font-size 36 "$@" |
    sed -E 's/.*badness=([0-9.]+).*/\1/'; }
opt=$(badness --linebreak optimal)
greedy=$(badness --linebreak greedy)
python3 -c "import sys; o,g=$opt,$greedy; sys.exit(0 if o <= 0.7*g else 1)" ||
    fail "optimal badness $opt not <= 0.7 x greedy $greedy"

# Persian, Arabic and Uyghur: right to left, right aligned.
for lang in fa ar ug; do
    expect_exit 0 "$QUIRE" typeset "$C/udhr-$lang.txt" --json --lang "$lang"
    python3 - "$T/out" <<'PY' || fail "$lang lines not right aligned"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
lines = [l for p in d["pages"] for l in p["lines"]]
assert lines and all(l["rtl"] for l in lines)
assert all(abs(l["x"] + l["width"] - (1072 - 48)) < 0.5 for l in lines)
PY
done

# Characters no font has (private use) are counted and reported, not dropped.
printf 'Private use \xee\x80\x80\xee\x80\x81 and \xf4\x8f\xbf\xbd here.\n' >"$T/pua.txt"
expect_exit 0 "$QUIRE" typeset "$T/pua.txt"
grep -qE 'missing_glyphs=3 ' "$T/out" || fail "pua: missing glyphs not counted: $(cat "$T/out")"
grep -qE '^quire: .*pua.txt: 3 characters have no glyph' "$T/err" || fail "pua: not reported"

# The sans family sets the body in Noto Sans; an unknown family is refused.
expect_exit 0 "$QUIRE" typeset "$C/udhr-en.txt" --font-family sans --json
grep -q 'NotoSans-Regular.ttf' "$T/out" || fail "sans: not set in Noto Sans"
expect_error 'font family "mono" unknown' "$QUIRE" typeset "$C/udhr-en.txt" --font-family mono

# HTML file and --repeat.
cat >"$T/a.html" <<'HTML'
<html lang="en"><body><h1>Heading</h1><p>Some <b>bold</b> text.</p><script>x()</script>
<p>More text in a second paragraph.</p></body></html>
HTML
expect_exit 0 "$QUIRE" typeset "$T/a.html" --json --repeat 3
python3 - "$T/out" <<'PY' || fail "html json"
import json, sys
d = json.load(open(sys.argv[1]))
texts = [l["text"] for p in d["pages"] for l in p["lines"]]
assert texts[0] == "Heading" and "x()" not in "".join(texts), texts
PY

# Errors: one line naming the file, exit 1; usage errors exit 2.
expect_error "nope.txt" "$QUIRE" typeset "$T/nope.txt"
printf 'bad \xff utf8\n' >"$T/bad.txt"
expect_error "bad.txt: invalid UTF-8 at byte 4" "$QUIRE" typeset "$T/bad.txt"
expect_error "font size 4 outside" "$QUIRE" typeset "$C/udhr-en.txt" --font-size 4
expect_exit 2 "$QUIRE" typeset
expect_exit 2 "$QUIRE" typeset "$C/udhr-en.txt" --linebreak best
expect_exit 2 "$QUIRE" typeset "$C/udhr-en.txt" --width abc
expect_exit 2 "$QUIRE" typeset "$C/udhr-en.txt" --repeat 0

# A library article by id: converted once, then read from the store's document cache.
SAMPLE="$SRC/assets/sample-news.epub"
if [ -f "$SAMPLE" ]; then
    expect_exit 0 q trust add "$SRC/assets/sample-news.pub"
    expect_exit 0 q import "$SAMPLE"
    id=$(sqlite3 "$DB" 'SELECT min(id) FROM articles')
    expect_exit 0 q typeset "$id" --json
    cp "$T/out" "$T/first.json"
    version=$(sed -nE 's/^#define DOC_FORMAT_VERSION ([0-9]+).*/\1/p' "$SRC/app/doc/doc.h")
    [ "$(sqlite3 "$DB" "SELECT doc_version FROM articles WHERE id = $id")" = "$version" ] ||
        fail "document not cached in the store"
    expect_exit 0 q typeset "$id" --json
    python3 -c "import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); \
sys.exit(a['pages'] != b['pages'] or not a['pages'])" "$T/out" "$T/first.json" ||
        fail "cached document lays out differently"
    expect_error "999999" q typeset 999999
fi
echo "typeset: ok"
