#!/usr/bin/env bash
# The Kobo package needs nothing from the system (armhf cross build only). The zip is
# unpacked into an empty ROOT at ROOT/mnt/onboard, every Debian armhf library is hidden (a
# private mount namespace with empty folders over the multiarch and cross folders), and the
# packaged program runs under `qemu-arm -L ROOT` with no QUIRE_ASSET_DIR: it prints its
# version, imports the packaged sample, renders an article's pages and reads the Russian one
# on the fbdev backend. A cross-built binary without the package must fail in the same place,
# or the hiding proved nothing. This is qemu on this machine's kernel, not a Kobo.
. "$(dirname "$0")/../cli/lib.sh"
qemu=$(command -v qemu-arm) || fail "qemu-arm is not installed"
zip="$T/quire-kobo.zip"
expect_exit 0 bash "$SRC/scripts/package-kobo.sh" "$BIN" "$zip"
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
cat >"$T/inside.sh" <<'SH'
set -eu
for d in /usr/lib/arm-linux-gnueabihf /usr/arm-linux-gnueabihf "${QUIRE_CROSS_ROOT:-/opt/quire-cross}"; do
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
ru=$(sqlite3 "$DB" "SELECT id FROM articles WHERE language='ru' LIMIT 1")
: >"$OUT/fb0" # a plain file stands in for /dev/fb0
Q read --backend fbdev --device kobo-clara --article "$ru" --fb "$OUT/fb0" --input "$EV" \
    --trace "$OUT/trace"
SH
mkdir -p "$T/empty" "$T/run"
expect_exit 0 env -u QUIRE_ASSET_DIR EMPTY="$T/empty" QEMU="$qemu" PLAIN="$BIN/quire" ROOT="$root" \
    APP="/mnt/onboard/.adds/quire" DB="$T/library.db" OUT="$T/run" EV="$T/ev" \
    unshare -m bash "$T/inside.sh"
ls "$T/run/pages"/*.png >/dev/null 2>&1 || fail "render wrote no pages"
python3 - "$T/run/fb0" "$T/run/trace" <<'PY' || fail "fbdev run"
import json, sys
fb = open(sys.argv[1], "rb").read()
trace = [json.loads(l) for l in open(sys.argv[2])]
assert len(fb) == 1072 * 1448 and min(fb) < 64 and max(fb) > 192, "no page in the framebuffer"
pages = [t["page"] for t in trace if t["screen"] == "article"]
assert pages[:1] == [1] and pages[-1] == 3, f"pages {pages}"
PY
echo "kobo_package: $(du -k "$zip" | cut -f1) KiB zip, ok"
