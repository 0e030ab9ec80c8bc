#!/usr/bin/env bash
# `make package-kobo`: build-armhf/quire-kobo.zip, Quire for Kobo e-readers with its own
# runtime. Unzipped onto the reader's drive (/mnt/onboard on the device) it gives
#   .adds/quire/bin/quire          the armhf program; interpreter and library path point
#                                  inside the package (patchelf), so the firmware's glibc
#                                  (2.19 on Kobo) is never used
#   .adds/quire/lib/               every shared library it needs, glibc's loader included
#   .adds/quire/{fonts,assets}/    fonts (every script but CJK), hyphenation patterns, the
#                                  sample bundle and its key
#   .adds/quire/quire.sh           the launcher: stops Nickel, runs Quire on fbdev, restarts it
#   .adds/nm/quire                 a NickelMenu entry
#   .adds/kfmon/config/quire.ini   a KFMon entry, watching quire.png (the library tile)
# See packaging/kobo/README.md for the devices and kernels it needs.
# Usage: scripts/package-kobo.sh [BUILD_DIR [OUT_ZIP]]   (defaults: build-armhf, and
# BUILD_DIR/quire-kobo.zip); BUILD_DIR must hold an armhf quire (make package-kobo builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=/mnt/onboard/.adds/quire
build=${1:-build-armhf}
out=$(realpath -m "${2:-$build/quire-kobo.zip}")
stage=$build/kobo
[ -x "$build/quire" ] || { echo "package-kobo: no armhf quire in $build" >&2; exit 1; }
version=$(sed -n 's/^project(quire VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
rm -rf "$stage" "$out"
app=$stage/.adds/quire
mkdir -p "$app/bin" "$stage/.adds/nm" "$stage/.adds/kfmon/config"

arm-linux-gnueabihf-strip -o "$app/bin/quire" "$build/quire"
bash scripts/bundle-libs.sh arm-linux-gnueabihf "$app/bin/quire" "$app/lib"
# ICU's data without the locale data Quire never calls: 31 MB of the libraries' 55 (see there).
icudata=$(cd "$app/lib" && ls libicudata.so.*)
bash scripts/icu-data.sh arm-linux-gnueabihf "$app/lib/$icudata" "$app/lib/$icudata"
loader=$(cd "$app/lib" && ls ld-linux-*.so.*)
# DT_RPATH, not RUNPATH: it also applies to the libraries' own dependencies.
patchelf --set-interpreter "$prefix/lib/$loader" --force-rpath --set-rpath '$ORIGIN/../lib' \
    "$app/bin/quire"

cp -r fonts "$app/fonts"
# The fallback table's small faces for the other scripts Quire's readers read (Hebrew,
# Devanagari, Bengali, Tibetan, Burmese, Khmer, Lao, Thai, Ethiopic; the UI's symbols) and the
# sans family's Latin, from Debian's fonts-noto-core (OFL, fonts/LICENSE-noto.txt): 3.5 MB
# zipped. The CJK collections (19-27 MB each) are an add-on: see docs/typesetting.md.
noto=/usr/share/fonts/truetype/noto
for face in Hebrew Devanagari Bengali Tibetan Myanmar Khmer Lao Thai Ethiopic; do
    cp "$noto/NotoSerif$face-Regular.ttf" "$noto/NotoSerif$face-Bold.ttf" "$app/fonts/"
done
for face in Sans-Regular Sans-Bold Sans-Italic Sans-BoldItalic SansSymbols2-Regular \
    SansSymbols-Regular SansSymbols-Bold SansMath-Regular; do
    cp "$noto/Noto$face.ttf" "$app/fonts/"
done
mkdir -p "$app/assets"
cp -r assets/hyphen assets/sample-news.epub assets/sample-news.pub "$app/assets/"
sed "s/@VERSION@/$version/" packaging/kobo/quire.sh >"$app/quire.sh"
chmod 755 "$app/quire.sh"
cp packaging/kobo/README.md "$app/README.md"
cp packaging/kobo/nickelmenu "$stage/.adds/nm/quire"
cp packaging/kobo/kfmon.ini "$stage/.adds/kfmon/config/quire.ini"
python3 packaging/kobo/make-icon.py "$stage/quire.png"

(cd "$stage" && zip -9 -qr -X "$out" .adds quire.png)
echo "package-kobo: $out ($(du -k "$out" | cut -f1) KiB; quire $(du -k "$app/bin/quire" | cut -f1) KiB stripped)"
