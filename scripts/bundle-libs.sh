#!/usr/bin/env bash
# Copies an ELF program's whole shared-library closure, glibc's loader included, into a folder,
# so that the program runs on a system whose own libraries are older or missing (an e-reader's
# firmware). Used by scripts/package-kobo.sh.
#   scripts/bundle-libs.sh TRIPLET PROGRAM LIBDIR
# Libraries are looked up where the cross build found them: the multiarch folders of TRIPLET
# and the unpacked ones under $QUIRE_CROSS_ROOT (scripts/deps.sh). A library that is not found
# is an error naming it: a package that would fail on the device is never written.
set -euo pipefail
triplet=$1 program=$2 libdir=$3
arch=$(dpkg-architecture -qDEB_HOST_ARCH -t"$triplet" 2>/dev/null || true)
search=("${QUIRE_CROSS_ROOT:-/opt/quire-cross}/$arch/usr/lib" "/usr/lib/$triplet" "/lib/$triplet")

needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
interpreter() { readelf -l "$1" | sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p'; }

find_lib() { # soname -> path
    local d
    for d in "${search[@]}"; do
        [ -e "$d/$1" ] && { echo "$d/$1"; return 0; }
    done
    echo "bundle-libs: $1 (needed by $2) is in none of ${search[*]}" >&2
    return 1
}

mkdir -p "$libdir"
queue=("$program")
declare -A seen=()
while [ ${#queue[@]} -gt 0 ]; do
    obj=${queue[0]}
    queue=("${queue[@]:1}")
    for so in $(needed "$obj"); do
        [ -n "${seen[$so]:-}" ] && continue
        seen[$so]=1
        path=$(find_lib "$so" "$(basename "$obj")")
        # Stripped (Debian's are, the unpacked cross ones need not be): no symbols the loader
        # does not read travel to the device.
        "$triplet-strip" --strip-unneeded -o "$libdir/$so" "$path"
        chmod 644 "$libdir/$so"
        queue+=("$libdir/$so")
    done
done
loader=$(interpreter "$program")
[ -n "$loader" ] || { echo "bundle-libs: $program has no interpreter" >&2; exit 1; }
cp -L "$(find_lib "$(basename "$loader")" "$(basename "$program")")" "$libdir/$(basename "$loader")"
chmod 755 "$libdir/$(basename "$loader")"
