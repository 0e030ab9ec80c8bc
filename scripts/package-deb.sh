#!/usr/bin/env bash
# `make package-deb`: quire_<version>_<arch>.deb for Raspberry Pi OS / Debian 12 on ARM.
#   scripts/package-deb.sh ARCH [BUILD_DIR [OUT_DIR]]   (defaults: build-ARCH, BUILD_DIR)
# Installs /usr/bin/quire, its fonts and assets in /usr/share/quire (found relative to the
# program), a man page, and the systemd units of packaging/ (the kiosk's and the publisher's;
# installed, not enabled). Depends come from dpkg-shlibdeps over the multiarch packages the
# cross build linked against, plus those scripts/deps.sh unpacked instead of installing (libunibreak).
set -euo pipefail
cd "$(dirname "$0")/.."
arch=${1:?usage: $0 armhf|arm64 [BUILD_DIR [OUT_DIR]]}
build=${2:-build-$arch}
outdir=$(realpath -m "${3:-$build}")
case "$arch" in
armhf) triplet=arm-linux-gnueabihf ;;
arm64) triplet=aarch64-linux-gnu ;;
*) echo "package-deb: unknown architecture '$arch'" >&2; exit 2 ;;
esac
[ -x "$build/quire" ] || { echo "package-deb: no $arch quire in $build" >&2; exit 1; }
version=$(sed -n 's/^project(quire VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
stage=$build/deb
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/share/quire/assets" \
    "$stage/usr/share/doc/quire" "$stage/usr/share/man/man1"

"$triplet-strip" --remove-section=.comment --remove-section=.note -o "$stage/usr/bin/quire" \
    "$build/quire"
# The build tree's RUNPATH (an unpacked library) has no business on the device.
patchelf --remove-rpath "$stage/usr/bin/quire"
cp -r fonts "$stage/usr/share/quire/fonts"
cp -r assets/hyphen assets/sample-news.epub assets/sample-news.pub "$stage/usr/share/quire/assets/"
gzip -9n <packaging/debian/quire.1 >"$stage/usr/share/man/man1/quire.1.gz"
cp packaging/debian/copyright "$stage/usr/share/doc/quire/copyright"
printf 'quire (%s) unstable; urgency=medium\n\n  * Built from the Quire tree.\n\n -- Quire authors <quire@quire.invalid>  %s\n' \
    "$version" "$(date -R -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")" |
    gzip -9n >"$stage/usr/share/doc/quire/changelog.gz"
# The kiosk's unit and the publisher's service and timer, installed but not enabled: a Pi
# becomes a kiosk (or a publisher) when its owner enables one (docs/kiosk.md, docs/feeds.md).
mkdir -p "$stage/lib/systemd/system"
cp packaging/*.service packaging/*.timer "$stage/lib/systemd/system/"
chmod 644 "$stage/lib/systemd/system/"*
find "$stage/usr/share" -type f -exec chmod 644 {} +
find "$stage" -type d -exec chmod 755 {} +

# dpkg-shlibdeps wants a source tree: a scratch debian/control gives it one.
scratch=$(mktemp -d)
mkdir "$scratch/debian"
printf 'Source: quire\n\nPackage: quire\nArchitecture: any\n' >"$scratch/debian/control"
cp "$stage/usr/bin/quire" "$scratch/quire"
depends=$(cd "$scratch" && DEB_HOST_ARCH=$arch DEB_HOST_MULTIARCH=$triplet \
    dpkg-shlibdeps -O -l"${QUIRE_CROSS_ROOT:-/opt/quire-cross}/$arch/usr/lib" \
    --ignore-missing-info quire 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
rm -rf "$scratch"
[ -n "$depends" ] || { echo "package-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
depends="$depends, libunibreak1 (>= 1.1)" # unpacked, so not in dpkg's database

size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat >"$stage/DEBIAN/control" <<CONTROL
Package: quire
Version: $version
Architecture: $arch
Maintainer: Quire authors <quire@quire.invalid>
Installed-Size: $size
Depends: $depends
Recommends: fonts-noto-core
Suggests: fonts-noto-cjk
Section: news
Priority: optional
Homepage: https://quire.invalid/
Description: offline-first news reader for e-ink devices
 Quire reads news that publishers ship as signed bundles (EPUB 3 with a minisign
 manifest) by mirror, Tor, USB stick, LAN or relay, and shows them on e-paper:
 a Linux framebuffer, a SPI e-paper HAT (IT8951 or Waveshare 7.5") on a
 Raspberry Pi kiosk, or a desktop window. Nothing leaves the device while
 reading.
CONTROL
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\n' | sort |
    xargs md5sum >DEBIAN/md5sums)
chmod 644 "$stage/DEBIAN/control" "$stage/DEBIAN/md5sums"
out="$outdir/quire_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$out" >/dev/null
echo "package-deb: $out ($(du -k "$out" | cut -f1) KiB)"
