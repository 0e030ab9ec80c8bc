#!/usr/bin/env bash
# Scripts written without spaces and CJK, checked with ICU itself (Debian's python3-icu):
# Thai, Khmer, Burmese and Lao lines break only on boundaries of ICU's word break iterator;
# Chinese lines never start with closing punctuation nor end with opening punctuation (ICU's
# line break classes), and justified ones end flush; Korean breaks between words. Then the
# share of justified lines whose widest space is over 3 natural spaces, per corpus language at
# 600x800 / 28 px and 1072x1448 / 36 px (printed as a table; under 2% each); and for Georgian
# and Turkmen, whose patterns are converted from TeX's, fewer short lines than unhyphenated.
. "$(dirname "$0")/lib.sh"
C="$SRC/tests/data/corpus"
PY=/usr/bin/python3 # Debian's, with python3-icu
$PY -c 'import icu' || fail "python3-icu missing (scripts/deps.sh installs it)"

# A Lao text (UDHR article 1) and a CJK text dense with brackets and stops.
printf '%s\n' 'ມະນຸດທຸກຄົນເກີດມາມີອິດສະຫຼະ ແລະ ສະເໝີພາບກັນໃນທາງກຽດຕິສັກ ແລະ ສິດທິ. ທຸກໆຄົນມີເຫດຜົນ ແລະ ຄວາມຄິດຄວາມເຫັນສ່ວນຕົວຂອງໃຜລາວ, ແຕ່ວ່າທຸກໆຄົນຄວນປະພຶດຕໍ່ກັນຄືກັບເປັນອ້າຍນ້ອງກັນ.' >"$T/udhr-lo.txt"
cjk='「人人生而自由，在尊严和权利上一律平等。」（《世界人权宣言》第一条）他们赋有理性和良心，并应以兄弟关系的精神相对待！'
for i in 1 2 3 4 5 6; do printf '%s' "$cjk"; done >"$T/cjk.txt"
echo >>"$T/cjk.txt"

lay() { # FILE LANG W H PX OUT
    "$QUIRE" typeset "$1" --lang "$2" --width "$3" --height "$4" --font-size "$5" \
        --margin 48 --json >"$6" || fail "typeset $1 $3x$4"
}

for spec in "$C/udhr-th.txt th" "$C/udhr-km.txt km" "$C/udhr-my.txt my" "$T/udhr-lo.txt lo"; do
    set -- $spec
    for size in "600 800 28" "1072 1448 36" "400 600 24"; do
        set -- "$1" "$2" $size
        lay "$1" "$2" "$3" "$4" "$5" "$T/d.json"
        $PY - "$T/d.json" "$1" "$2" <<'PY' || fail "$2 at $3 px: a break off ICU's word boundaries"
import json, sys, icu
d = json.load(open(sys.argv[1], encoding="utf-8"))
paras = [p for p in open(sys.argv[2], encoding="utf-8").read().split("\n") if p.strip()]
lines = [l for p in d["pages"] for l in p["lines"]]
blocks = {}
for l in lines:
    blocks.setdefault(l["block"], []).append(l)
assert len(blocks) == len(paras), (len(blocks), len(paras))
checked = 0
for (b, ls), text in zip(sorted(blocks.items()), paras):
    for l in ls:  # the lines are this paragraph's text, in order
        assert text[l["start"]:l["end"]] == l["text"].rstrip("-") or l["hyphenated"], l
    wi = icu.BreakIterator.createWordInstance(icu.Locale(sys.argv[3]))
    wi.setText(text)
    bounds = set(wi)
    for prev, nxt in zip(ls, ls[1:]):
        for pos in (prev["end"], nxt["start"]):
            assert pos in bounds, "break at %d: %r|%r" % (pos, text[pos - 8:pos], text[pos:pos + 8])
            checked += 1
assert checked > 0 or len(lines) == len(blocks)
print("%s: %d lines, %d breaks on ICU word boundaries" % (sys.argv[3], len(lines), checked))
PY
    done
done

# CJK: UAX #14 punctuation rules (classes from ICU) and flush justified lines.
for spec in "$C/udhr-zh-Hans.txt zh" "$T/cjk.txt zh" "$T/cjk.txt ja"; do
    set -- $spec
    for size in "600 800 28" "1072 1448 36" "400 600 24" "300 500 20"; do
        set -- "$1" "$2" $size
        lay "$1" "$2" "$3" "$4" "$5" "$T/d.json"
        $PY - "$T/d.json" "$3" <<'PY' || fail "$2 $3 px: CJK line rule broken"
import json, sys, icu
d = json.load(open(sys.argv[1], encoding="utf-8"))
right = int(sys.argv[2]) - 48
lb = lambda c: icu.Char.getPropertyValueName(icu.UProperty.LINE_BREAK, icu.Char.getIntPropertyValue(
    c, icu.UProperty.LINE_BREAK), icu.UPropertyNameChoice.SHORT_PROPERTY_NAME)
no_start = {"CL", "CP", "EX", "IS"}  # UAX #14 LB13: never after a break
lines = [l for p in d["pages"] for l in p["lines"]]
for i, l in enumerate(lines):
    t = l["text"]
    assert lb(t[0]) not in no_start, "line starts with %r" % t[:6]
    assert lb(t.rstrip()[-1]) != "OP", "line ends with %r" % t[-6:]  # LB14
    last = i + 1 == len(lines) or lines[i + 1]["block"] != l["block"]
    if not last:
        assert abs(l["x"] + l["width"] - right) < 0.5, "not flush: %r ends at %.1f" % (
            t[-6:], l["x"] + l["width"])
PY
    done
done

# Korean: lines break between words (at spaces), not between syllables.
lay "$C/udhr-ko.txt" ko 600 800 28 "$T/d.json"
$PY - "$T/d.json" "$C/udhr-ko.txt" <<'PY' || fail "Korean broken inside a word"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
paras = [p for p in open(sys.argv[2], encoding="utf-8").read().split("\n") if p.strip()]
lines = [l for p in d["pages"] for l in p["lines"]]
for a, b in zip(lines, lines[1:]):
    if a["block"] == b["block"]:
        text = paras[a["block"]]
        assert b["start"] > a["end"] or not text[a["end"] - 1].isalpha() or \
            not text[b["start"]].isalpha(), "break inside %r" % text[a["end"] - 5:b["start"] + 5]
PY

# Even lines: the share of lines wider-spaced than 3 natural spaces, per language and size.
# "short": lines not flush with the measure (paragraphs set ragged as too loose, or lines the
# limit left short).
stats() { # JSON PAGE_WIDTH: lines, lines over 3.0, their share, short lines
    $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
ls = [l for p in d["pages"] for l in p["lines"]]
wide = sum(1 for l in ls if l["stretch"] > 3.0 + 1e-3)
short = sum(1 for a, b in zip(ls, ls[1:]) if a["block"] == b["block"] and
            a["x"] + a["width"] < float(sys.argv[2]) - 48 - 0.5 and not a["rtl"])
short += sum(1 for a, b in zip(ls, ls[1:]) if a["block"] == b["block"] and a["rtl"] and
             a["x"] > 48 + 0.5)
print(len(ls), wide, "%.2f%%" % (100.0 * wide / len(ls)), short)' "$1" "$2"
}
printf '%-10s %7s %6s %7s %6s   %7s %6s %7s %6s\n' language lines ">3.0" share short \
    lines ">3.0" share short
for f in "$C"/udhr-*.txt; do
    lang=$(basename "$f" .txt)
    lang=${lang#udhr-}
    row="$lang"
    for size in "600 800 28" "1072 1448 36"; do
        set -- $size
        lay "$f" "$lang" "$1" "$2" "$3" "$T/d.json"
        row="$row $(stats "$T/d.json" "$1")"
    done
    printf '%-10s %7s %6s %7s %6s   %7s %6s %7s %6s\n' $row
    set -- $row
    for share in "$4" "$8"; do
        $PY -c "import sys; sys.exit(0 if float('${share%\%}') < 2.0 else 1)" ||
            fail "$lang: $share of lines stretched over 3 spaces"
    done
done

# Patterns converted from TeX's hyph-utf8 (Georgian, Turkmen): with them, fewer paragraphs are
# too loose to justify, so fewer lines are left short than without hyphenation.
printf '%-10s %9s %7s %7s\n' language size short "short, no hyphenation"
for lang in ka tk; do
    for size in "600 800 28" "1072 1448 36"; do
        set -- $size
        lay "$C/udhr-$lang.txt" "$lang" "$1" "$2" "$3" "$T/d.json"
        with=$(stats "$T/d.json" "$1" | cut -d' ' -f4)
        "$QUIRE" typeset "$C/udhr-$lang.txt" --lang "$lang" --width "$1" --height "$2" \
            --font-size "$3" --margin 48 --no-hyphenate --json >"$T/n.json" || fail "typeset"
        without=$(stats "$T/n.json" "$1" | cut -d' ' -f4)
        printf '%-10s %9s %7s %7s\n' "$lang" "$1x$2" "$with" "$without"
        [ "$with" -lt "$without" ] || fail "$lang $1x$2: $with short lines, $without unhyphenated"
    done
done
echo "scripts: ok"
