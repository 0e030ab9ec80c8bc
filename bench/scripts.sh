#!/usr/bin/env bash
# Layout time of the scripts without spaces and CJK against Pango, in the same run:
# udhr-{zh-Hans,th,km,my,ko}.txt at 1072x1448 / 36 px (measure 976 px), justified. Quire: the
# median ms of a fresh layout of the whole file (`quire typeset --repeat`: shaping cache
# rebuilt each run, fonts loaded once, pagination included). Pango 1.50 (Python GI, PangoFT2):
# the median ms of one PangoLayout per paragraph over the file, justified, word-then-char
# wrapping, the language set, fonts by family through fontconfig (the faces quire's fallback
# table picks: printed). Python's call overhead (a dozen calls per paragraph) is in Pango's figure.
# Env: QUIRE (binary, default build/quire), REPEAT (default 20).
set -euo pipefail
cd "$(dirname "$0")/.."
QUIRE=${QUIRE:-build/quire}
REPEAT=${REPEAT:-20}
PY=/usr/bin/python3 # Debian's, with python3-gi and gir1.2-pango-1.0 (scripts/deps.sh bench)
C=tests/data/corpus
export QUIRE_ASSET_DIR=${QUIRE_ASSET_DIR:-$PWD}
[ -x "$QUIRE" ] || { echo "bench/scripts: no binary at $QUIRE (make build)" >&2; exit 1; }
$PY -c 'import gi; gi.require_version("Pango", "1.0")' 2>/dev/null ||
    { echo "bench/scripts: python3-gi or gir1.2-pango-1.0 missing (scripts/deps.sh bench)" >&2; exit 1; }

printf '%-8s %9s %9s %7s %7s %6s  %s\n' file quire_ms pango_ms ratio lines p_lines "quire faces | pango faces"
for spec in "zh-Hans zh Noto_Serif_CJK_SC" "th th Noto_Serif_Thai" "km km Noto_Serif_Khmer" \
    "my my Noto_Serif_Myanmar" "ko ko Noto_Serif_CJK_KR"; do
    set -- $spec
    f="$C/udhr-$1.txt"
    q=$("$QUIRE" typeset "$f" --lang "$2" --width 1072 --height 1448 --font-size 36 --margin 48 \
        --repeat "$REPEAT")
    qfaces=$("$QUIRE" typeset "$f" --lang "$2" --width 1072 --height 1448 --font-size 36 \
        --margin 48 --json | $PY -c '
import json, sys
seen = []
for p in json.load(sys.stdin)["pages"]:
    for l in p["lines"]:
        seen += [f for f in l["fonts"] if f not in seen]
print(",".join(seen))')
    p=$($PY bench/scripts_pango.py "$f" "$2" "${3//_/ }, Noto Serif" 976 36 "$REPEAT")
    get() { sed -E "s/.*$1=([^ ]+).*/\1/" <<<"$2"; }
    qms=$(get layout_ms_per_run "$q") pms=$(get pango_ms "$p")
    printf '%-8s %9.2f %9.2f %7.2f %7s %6s  %s | %s\n' "$1" "$qms" "$pms" \
        "$(awk -v a="$qms" -v b="$pms" 'BEGIN{print a/b}')" "$(get lines "$q")" \
        "$(get lines "$p")" "$qfaces" "$(get faces "$p")"
done
echo "(ratio: quire / pango; under 1 is faster than Pango)"
