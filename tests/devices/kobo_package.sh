#!/usr/bin/env bash
# The Kobo package needs nothing from the system (armhf cross build only). The zip is
# unpacked into an empty ROOT at ROOT/mnt/onboard, every Debian armhf library is hidden (a
# private mount namespace with empty folders over the multiarch and cross folders), and the
# packaged program runs under `qemu-arm -L ROOT` with no QUIRE_ASSET_DIR: it prints its
# version, imports the packaged sample, renders an article's pages and reads the Russian one
# on the fbdev backend. A cross-built binary without the package must fail in the same place,
# or the hiding proved nothing. The package's cut-down ICU data (scripts/icu-data.sh) must
# break Thai, Lao, Khmer and Burmese lines exactly as the full data does, and convert a feed in
# a legacy encoding (the package has no iconv modules: libxml2 uses ICU's converters); with the
# system's fonts hidden too, the package's own set those texts and Hindi and Tibetan in the same
# faces, with no missing glyph; the zip stays within 20 MB. This is qemu on this machine's kernel, not a Kobo.
. "$(dirname "$0")/../cli/lib.sh"
qemu=$(command -v qemu-arm) || fail "qemu-arm is not installed"
zip="$T/quire-kobo.zip"
expect_exit 0 bash "$SRC/scripts/package-kobo.sh" "$BIN" "$zip"
zip_kib=$(du -k "$zip" | cut -f1)
[ "$zip_kib" -le $((20 * 1024)) ] || fail "the package is $zip_kib KiB, over 20 MB"
root="$T/root"
mkdir -p "$root/mnt/onboard"
unzip -q "$zip" -d "$root/mnt/onboard"
app="$root/mnt/onboard/.adds/quire"
for f in bin/quire lib/ld-linux-armhf.so.3 lib/libc.so.6 quire.sh fonts/NotoSerif-Regular.ttf \
    assets/sample-news.epub assets/sample-news.pub; do
    [ -e "$app/$f" ] || fail "package lacks .adds/quire/$f"
done
[ -e "$root/mnt/onboard/.adds/nm/quire" ] && [ -e "$root/mnt/onboard/.adds/kfmon/config/quire.ini" ] &&
    [ -e "$root/mnt/onboard/quire.png" ] || fail "no NickelMenu entry, KFMon entry or tile"
readelf -l "$app/bin/quire" | grep -q "interpreter: /mnt/onboard/.adds/quire/lib/ld-linux-armhf.so.3" ||
    fail "interpreter does not point into the package"
readelf -d "$app/bin/quire" | grep -q 'Library rpath: \[\$ORIGIN/../lib\]' ||
    fail "library path does not point into the package"
sh -n "$app/quire.sh" || fail "quire.sh is not valid sh"

python3 "$SRC/tests/devices/fbdev_tool.py" events armhf "$T/ev" tap 1000 700 key 194
# The texts ICU breaks (Lao: UDHR article 1) and a windows-1251 feed; the full data's breaks.
mkdir -p "$T/texts" "$T/full"
cp "$SRC"/tests/data/corpus/udhr-{th,km,my,hi,bo}.txt "$T/texts/"
printf '%s\n' 'ມະນຸດທຸກຄົນເກີດມາມີອິດສະຫຼະ ແລະ ສະເໝີພາບກັນໃນທາງກຽດຕິສັກ ແລະ ສິດທິ. ທຸກໆຄົນມີເຫດຜົນ ແລະ ຄວາມຄິດຄວາມເຫັນສ່ວນຕົວຂອງໃຜລາວ.' >"$T/texts/udhr-lo.txt"
printf '%s\n' '<?xml version="1.0" encoding="windows-1251"?>' '<rss version="2.0"><channel>' \
    '<title>Новости</title><link>http://example.org/</link>' \
    '<item><title>Привет, мир</title><link>http://example.org/1</link></item></channel></rss>' |
    iconv -t windows-1251 >"$T/w1251.xml"
# breaks.sh QUIRE...: each text's pages and lines as typeset --json gives them (not the timing).
cat >"$T/breaks.sh" <<'SH'
for f in "$TEXTS"/*.txt; do
    "$@" typeset "$f" --width 600 --height 800 --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
d["stats"].pop("layout_ms_per_run")
print(json.dumps(d, sort_keys=True))' || exit 1
done
SH
TEXTS="$T/texts" bash "$T/breaks.sh" "$qemu" -L / "$BIN/quire" >"$T/full/breaks" ||
    fail "typeset with the full ICU data"
cat >"$T/inside.sh" <<'SH'
set -eu
for d in /usr/lib/arm-linux-gnueabihf /usr/arm-linux-gnueabihf "${QUIRE_CROSS_ROOT:-/opt/quire-cross}" \
    /usr/share/fonts; do
    [ -d "$d" ] && mount --bind "$EMPTY" "$d"
done
if "$QEMU" -L / "$PLAIN" version >/dev/null 2>&1; then
    echo "hiding failed: the plain cross build still starts"; exit 1
fi
Q() { "$QEMU" -L "$ROOT" "$ROOT$APP/bin/quire" --db "$DB" "$@"; }
Q version | grep -qx "quire [0-9.]*"
# Files named by their host paths: qemu-user 7.2 does not prefix every syscall's path (statx).
Q trust add "$ROOT$APP/assets/sample-news.pub" >/dev/null
Q import "$ROOT$APP/assets/sample-news.epub" | grep -qE "imported [0-9]+ new"
Q render 1 --out "$OUT/pages" >/dev/null
Q feed parse "$W1251" | grep -q "Привет, мир"
bash "$BREAKS" "$QEMU" -L "$ROOT" "$ROOT$APP/bin/quire" >"$OUT/breaks"
ru=$(sqlite3 "$DB" "SELECT id FROM articles WHERE language='ru' LIMIT 1")
: >"$OUT/fb0" # a plain file stands in for /dev/fb0
Q read --backend fbdev --device kobo-clara --article "$ru" --fb "$OUT/fb0" --input "$EV" \
    --trace "$OUT/trace"
SH
mkdir -p "$T/empty" "$T/run"
expect_exit 0 env -u QUIRE_ASSET_DIR EMPTY="$T/empty" QEMU="$qemu" PLAIN="$BIN/quire" ROOT="$root" \
    APP="/mnt/onboard/.adds/quire" DB="$T/library.db" OUT="$T/run" EV="$T/ev" \
    BREAKS="$T/breaks.sh" TEXTS="$T/texts" W1251="$T/w1251.xml" unshare -m bash "$T/inside.sh"
cmp -s "$T/full/breaks" "$T/run/breaks" || fail "the package's ICU data or fonts set those texts otherwise"
ls "$T/run/pages"/*.png >/dev/null 2>&1 || fail "render wrote no pages"
python3 - "$T/run/fb0" "$T/run/trace" <<'PY' || fail "fbdev run"
import json, sys
fb = open(sys.argv[1], "rb").read()
trace = [json.loads(l) for l in open(sys.argv[2])]
assert len(fb) == 1072 * 1448 and min(fb) < 64 and max(fb) > 192, "no page in the framebuffer"
pages = [t["page"] for t in trace if t["screen"] == "article"]
assert pages[:1] == [1] and pages[-1] == 3, f"pages {pages}"
PY
echo "kobo_package: $zip_kib KiB zip, ok"
