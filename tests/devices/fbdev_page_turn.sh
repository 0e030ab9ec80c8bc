#!/usr/bin/env bash
# The fbdev backend end to end, on the architecture of the build (under qemu-user in the cross
# builds): a framebuffer stood in for by a plain file, a recorded evdev stream of two taps on
# the right-hand side and a press of the Kobo page-forward button (KEY_F24), for each EPDC
# profile. The picture left in the framebuffer must equal what the headless backend draws for
# the same input, and the EPDC journal must hold the update ioctls as that profile's kernel
# wants them (tests/devices/fbdev_tool.py). Then the bad inputs: a missing framebuffer, a
# device that is not a framebuffer, an input stream that cannot be opened.
. "$(dirname "$0")/../cli/lib.sh"
tool="$SRC/tests/devices/fbdev_tool.py"
text="$SRC/tests/data/corpus/udhr-ru.txt"

for spec in kobo-clara:1072:1448 kindle-basic:600:800 kobo-libra:1264:1680; do
    IFS=: read -r profile w h <<<"$spec"
    x=$((w * 9 / 10)) y=$((h / 2))
    python3 "$tool" events "${QUIRE_CROSS_ARCH:-native}" "$T/$profile.ev" tap $x $y tap $x $y key 194
    : >"$T/$profile.fb" # a plain file stands in for /dev/fb0
    expect_exit 0 "$QUIRE" read --backend fbdev --device "$profile" --file "$text" \
        --fb "$T/$profile.fb" --input "$T/$profile.ev" --trace "$T/$profile.trace"
    printf 'tap %d %d\ntap %d %d\nkey next\nshot final\n' $x $y $x $y >"$T/$profile.script"
    expect_exit 0 "$QUIRE" read --backend headless --device "$profile" --file "$text" \
        --script "$T/$profile.script" --out "$T/$profile.ref" --trace "$T/$profile.reftrace"
    python3 - "$T/$profile.trace" "$T/$profile.reftrace" <<'PY' || fail "$profile: pages"
import json, sys
got = [json.loads(l)["page"] for l in open(sys.argv[1])]
want = [json.loads(l)["page"] for l in open(sys.argv[2])]
assert got == want and got[-1] == 4, f"fbdev pages {got}, headless {want}"
PY
    python3 "$tool" check "$profile" "$w" "$h" "$T/$profile.fb" "$T/$profile.fb.epdc" \
        "$T/$profile.trace" "$T/$profile.ref/final.png" || fail "$profile: framebuffer or EPDC"
done

expect_error "$T/none/fb0: No such file or directory" "$QUIRE" read --backend fbdev \
    --file "$text" --fb "$T/none/fb0" --input "$T/kobo-clara.ev"
expect_error "/dev/null: not a framebuffer" "$QUIRE" read --backend fbdev --file "$text" \
    --fb /dev/null --input "$T/kobo-clara.ev"
expect_error "$T/none/event1: No such file or directory" "$QUIRE" read --backend fbdev \
    --file "$text" --fb "$T/kobo-clara.fb" --input "$T/none/event1"
echo "fbdev_page_turn: ok"
