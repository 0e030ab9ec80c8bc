#!/usr/bin/env bash
# Golden images: pages in English, Russian, Persian and Georgian (and one night page), and first
# pages in Chinese, Korean, Tibetan, Thai, Khmer and Burmese (fonts per script and language,
# dictionary line breaks, justification between characters), as the
# headless backend shows them on a kindle-basic panel, compared with tests/golden/data/ within
# a small tolerance (quire-pngtool diff: a pixel differs when more than 2 of 16 levels off; at
# most 0.05% of the page's pixels and 0.2% of the status band's may differ).
# Refresh the goldens deliberately after an intended change:
#     QUIRE_UPDATE_GOLDEN=1 ctest -R golden_pages     (then review and commit the PNGs)
set -euo pipefail
: "${QUIRE:?}" "${SRC:?}" "${BIN:?}"
export TZ=UTC LC_ALL=C.UTF-8
T=$(mktemp -d /tmp/quire-golden.XXXXXX)
trap 'rm -rf "$T"' EXIT
PNG="$BIN/quire-pngtool"
GOLD="$SRC/tests/golden/data"
printf 'shot p1\nkey right\nshot p2\n' >"$T/script"
BAND=24 # kindle-basic status band, px (44 at 300 dpi scaled to 167)
status=0

check() { # NAME GOT
    local want="$GOLD/$1.png"
    if [ "${QUIRE_UPDATE_GOLDEN:-0}" = 1 ]; then
        cp "$2" "$want"
        echo "updated $want"
        return
    fi
    if [ ! -f "$want" ]; then
        echo "FAIL: no golden $want (run with QUIRE_UPDATE_GOLDEN=1)" >&2
        status=1
    elif ! "$PNG" diff "$want" "$2" "$BAND" >"$T/diff"; then
        echo "FAIL: $1 differs from its golden: $(cat "$T/diff")" >&2
        status=1
    fi
}

for lang in en ru fa ka; do
    "$QUIRE" read --backend headless --device kindle-basic --lang "$lang" \
        --file "$SRC/tests/data/corpus/udhr-$lang.txt" --script "$T/script" --out "$T/$lang"
    check "udhr-$lang-p1" "$T/$lang/p1.png"
    check "udhr-$lang-p2" "$T/$lang/p2.png"
done
printf 'shot p1\n' >"$T/script1"
for lang in zh-Hans ko bo th km my; do
    "$QUIRE" read --backend headless --device kindle-basic --lang "$lang" \
        --file "$SRC/tests/data/corpus/udhr-$lang.txt" --script "$T/script1" --out "$T/$lang"
    check "udhr-$lang-p1" "$T/$lang/p1.png"
done
"$QUIRE" read --backend headless --device kindle-basic --night \
    --file "$SRC/tests/data/corpus/udhr-en.txt" --script "$T/script" --out "$T/night"
check "udhr-en-night-p1" "$T/night/p1.png"

# The comparison can fail: two different pages must not pass as equal, nor a page whose
# status band is blank (about 1300 dark pixels, 0.3% of the page), nor one missing its title;
# the same page passes.
if [ "${QUIRE_UPDATE_GOLDEN:-0}" != 1 ]; then
    H=800
    "$PNG" blank "$GOLD/udhr-en-p1.png" "$T/noband.png" 0 $((H - BAND)) 600 "$BAND"
    "$PNG" blank "$GOLD/udhr-ka-p1.png" "$T/notitle.png" 0 $((H - BAND)) 300 "$BAND"
    for bad in "udhr-en-p2.png:$GOLD/udhr-en-p2.png" "blank status band:$T/noband.png" \
        "no title:$T/notitle.png"; do
        gold=$GOLD/udhr-en-p1.png
        [ "${bad%%:*}" = "no title" ] && gold=$GOLD/udhr-ka-p1.png
        if "$PNG" diff "$gold" "${bad#*:}" "$BAND" >"$T/diff"; then
            echo "FAIL: the golden comparison passes a page with ${bad%%:*}: $(cat "$T/diff")" >&2
            status=1
        fi
    done
    "$PNG" diff "$GOLD/udhr-en-p1.png" "$GOLD/udhr-en-p1.png" "$BAND" >/dev/null ||
        { echo "FAIL: a page differs from itself" >&2; status=1; }
fi
exit $status
