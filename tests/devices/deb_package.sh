#!/usr/bin/env bash
# The Raspberry Pi package (cross builds): quire_<version>_<arch>.deb is accepted by
# dpkg-deb --info and by lintian (no errors; its warnings are listed in docs/devices.md),
# declares its library dependencies and recommends the Noto fonts of the other scripts, and,
# unpacked into an empty folder, the program runs under qemu and finds its fonts in
# ../share/quire beside itself: it prints its version and renders Persian pages with no
# QUIRE_ASSET_DIR.
. "$(dirname "$0")/../cli/lib.sh"
arch=${QUIRE_CROSS_ARCH:?cross builds only}
case "$arch" in armhf) qemu=qemu-arm ;; arm64) qemu=qemu-aarch64 ;; esac
expect_exit 0 bash "$SRC/scripts/package-deb.sh" "$arch" "$BIN" "$T"
deb=$(ls "$T"/quire_*_"$arch".deb)
dpkg-deb --info "$deb" >"$T/info" || fail "dpkg-deb --info refuses $deb"
grep -q "^ Package: quire$" "$T/info" && grep -q "^ Architecture: $arch$" "$T/info" ||
    fail "control fields: $(cat "$T/info")"
for lib in libc6 libsqlite3-0 libharfbuzz0b libcurl4 libunibreak1; do
    grep -q "^ Depends:.*$lib" "$T/info" || fail "Depends lacks $lib"
done
grep -q "^ Recommends: fonts-noto-core$" "$T/info" || fail "does not recommend fonts-noto-core"
dpkg-deb --contents "$deb" >"$T/contents"
for f in ./usr/bin/quire ./usr/share/quire/fonts/NotoSerif-Regular.ttf \
    ./usr/share/quire/assets/sample-news.epub ./usr/share/man/man1/quire.1.gz \
    ./usr/share/doc/quire/copyright ./lib/systemd/system/quire-kiosk.service \
    ./lib/systemd/system/quire-feeds.service ./lib/systemd/system/quire-feeds.timer; do
    grep -q " $f$" "$T/contents" || fail "package lacks $f"
done
lintian --no-tag-display-limit "$deb" >"$T/lintian" 2>&1 || true
grep -q "^E:" "$T/lintian" && { cat "$T/lintian" >&2; fail "lintian errors"; }
dpkg-deb -x "$deb" "$T/root"
# On the device libunibreak1 comes with the package's Depends; here its :arch copy is the one
# scripts/deps.sh unpacked (the host's /usr/lib/libunibreak.so.1 is x86-64).
run() {
    env -u QUIRE_ASSET_DIR LD_LIBRARY_PATH="${QUIRE_CROSS_ROOT:-/opt/quire-cross}/$arch/usr/lib" \
        "$qemu" -L / "$T/root/usr/bin/quire" "$@"
}
run version | grep -qx "quire [0-9.]*" || fail "the packaged program does not start"
expect_exit 0 run render --file "$SRC/tests/data/corpus/udhr-fa.txt" --out "$T/pages"
ls "$T/pages"/*.png >/dev/null 2>&1 || fail "no pages rendered"
echo "deb_package: $(du -k "$deb" | cut -f1) KiB, lintian: $(grep -c "^W:" "$T/lintian") warnings"
