#!/usr/bin/env bash
# `quire list` lines its columns up by display width (issue #14 item 16): East Asian wide
# characters take two cells, long language tags (sr-Cyrl, zh-Hans) widen their column for
# every row instead of pushing one row's title right, and a section too long for its column
# is cut at a word boundary with an ellipsis, never mid-word or mid-character. Checked with
# Python's unicodedata.east_asian_width (UAX #11) against the titles of `quire list --json`.
. "$(dirname "$0")/lib.sh"
make_key "$T/pub"
q trust add "$T/pub.pub" >/dev/null
mkdir -p "$T/in"
w() { printf '%s\n\n%s\n' "$2" "Body of the story $1." >"$T/in/$1.txt"; }
w a "Harbour reopens"
w b "Вести из Београда"
w c "北京天气晴朗"
w d "東京の朝"
w e "Council elects a mayor"
"$QUIRE" bundle create --key "$T/pub.key" --out "$T/b.epub" --publisher P \
    --lang en --section World "$T/in/a.txt" \
    --lang sr-Cyrl --section "Local news and community events" "$T/in/b.txt" \
    --lang zh-Hans --section 国际新闻 "$T/in/c.txt" \
    --lang ja --section 国内 "$T/in/d.txt" \
    --lang en --section "Politicsandgovernmentaffairsdaily" "$T/in/e.txt" >/dev/null
q import "$T/b.epub" >/dev/null
q list >"$T/list.txt"
q list --json >"$T/list.json"
python3 - "$T/list.txt" "$T/list.json" <<'PY' || fail "columns: $(cat "$T/list.txt")"
import json, sys, unicodedata
def cells(s):
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
rows = {r["id"]: r for r in json.load(open(sys.argv[2], encoding="utf-8"))}
assert len(lines) == 5, lines
starts = set()
for line in lines:
    r = rows[int(line.split()[0])]
    at = line.rindex(r["title"])
    prefix = line[:at]
    starts.add(cells(prefix))
    # the language tag whole, its column as wide for every row
    assert (" %s " % r["language"]) in prefix, (r["language"], line)
    section = prefix.split("  ")[-2] if prefix.endswith("  ") else None
    cut = prefix.rstrip().split("  ")[-1].strip()
    if cut != r["section"]:
        assert cut.endswith("\u2026"), ("cut without an ellipsis", line)
        kept = cut[:-1]
        assert r["section"].startswith(kept), (kept, r["section"])
        rest = r["section"][len(kept):]
        # at a word boundary, unless the first word alone is too long
        assert rest.startswith(" ") or " " not in r["section"], ("cut mid-word", line)
assert len(starts) == 1, ("titles start at different cells", starts, lines)
print("titles start at cell", starts.pop())
PY
grep -q "Local news and…" "$T/list.txt" || fail "the long section: $(cat "$T/list.txt")"
echo "ok"
