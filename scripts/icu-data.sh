#!/usr/bin/env bash
# A smaller libicudata for the Kobo package (scripts/package-kobo.sh). Debian's libicudata.so.72
# is 31 MB, half of the zip, and holds every locale's calendars, currencies, time zones, units,
# collation and transliteration, none of which Quire calls. Quire's ICU users are two:
#   - the typesetter's line break iterators for Thai, Lao, Khmer and Burmese (app/typeset/
#     breaks.c: ubrk_open(UBRK_LINE, "th"|"lo"|"km"|"my")): the brkitr tree's rules and word
#     dictionaries (the Chinese/Japanese one, 2 MB, is only used for CJ word breaks: left out);
#   - libxml2's character conversion for feeds and pages in legacy encodings: the package's
#     glibc has no iconv modules, so libxml2 falls back to ICU's converters. The encodings
#     kept are those of the web (the WHATWG Encoding Standard's list), resolved to ICU's
#     converter names with ICU's own alias table; the other 200 (EBCDIC, old IBM and Mac
#     code pages) are left out.
# Character properties and normalization are built into libicuuc, not this file.
# The data is rebuilt with icupkg (icu-devtools) from the same library, so its version always
# matches libicuuc's, and linked into a library of the same name and entry point (icudt72_dat),
# which libicuuc uses unchanged.
#   scripts/icu-data.sh TRIPLET IN_LIBICUDATA OUT_LIBICUDATA   (OUT may be IN: replaced in place)
set -euo pipefail
triplet=$1 in=$2 out=$3
in_kib=$(($(stat -L -c %s "$in") / 1024))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The entry point symbol (icudt<major>_dat) and its bytes inside the library file.
read -r sym vaddr size < <(readelf -sW "$in" | awk '$8 ~ /^icudt[0-9]+_dat$/ {print $8, $2, $3; exit}')
[ -n "${sym:-}" ] || { echo "icu-data: $in has no icudt*_dat symbol" >&2; exit 1; }
pkg=${sym%_dat}l # the package name inside the data: icudt72l (little endian, ASCII)
python3 - "$in" "$vaddr" "$size" "$tmp/$pkg.dat" <<'PY'
import struct, sys
path, vaddr, size, out = sys.argv[1], int(sys.argv[2], 16), int(sys.argv[3], 0), sys.argv[4]
elf = open(path, "rb").read()
assert elf[:4] == b"\x7fELF", "not an ELF file"
is64 = elf[4] == 2
# Program headers: the PT_LOAD segment holding vaddr gives the file offset.
phoff, phentsize, phnum = (struct.unpack_from("<Q", elf, 32)[0], *struct.unpack_from("<HH", elf, 54)) \
    if is64 else (struct.unpack_from("<I", elf, 28)[0], *struct.unpack_from("<HH", elf, 42))
for i in range(phnum):
    o = phoff + i * phentsize
    if is64:
        ptype, _, off, va, _, filesz = struct.unpack_from("<IIQQQQ", elf, o)
    else:
        ptype, off, va, _, filesz = struct.unpack_from("<IIIII", elf, o)
    if ptype == 1 and va <= vaddr and vaddr + size <= va + filesz:
        open(out, "wb").write(elf[off + vaddr - va: off + vaddr - va + size])
        break
else:
    sys.exit("icu-data: the data symbol is in no loaded segment")
PY

# WHATWG encoding labels (https://encoding.spec.whatwg.org/#names-and-labels) whose
# converters are data files; UTF-8/16, ISO-8859-1 and ASCII are built into ICU's code.
web_encodings=(IBM866 ISO-8859-2 ISO-8859-3 ISO-8859-4 ISO-8859-5 ISO-8859-6 ISO-8859-7
    ISO-8859-8 ISO-8859-10 ISO-8859-13 ISO-8859-14 ISO-8859-15 KOI8-R KOI8-U macintosh
    x-mac-cyrillic windows-874 windows-1250 windows-1251 windows-1252 windows-1253 windows-1254
    windows-1255 windows-1256 windows-1257 windows-1258 GBK gb18030 gb2312 Big5 Big5-HKSCS
    EUC-JP Shift_JIS EUC-KR windows-949 TIS-620)
icupkg -l "$tmp/$pkg.dat" >"$tmp/all.lst"
{
    grep '^brkitr/' "$tmp/all.lst" | grep -v '^brkitr/cjdict\.dict$'
    echo res_index.res
    echo cnvalias.icu
    echo jisx-212.cnv # ISO-2022-JP's JIS X 0212 plane (its JIS X 0208 is Shift_JIS's table)
    printf '%s\n' "${web_encodings[@]}"
} >"$tmp/keep.raw"
# Labels to converter file names through the host's uconv: its first answer is the name the
# alias table resolves the label to (the host ICU is the same version, with the same table).
while read -r item; do
    case "$item" in
    */* | *.res | *.icu | *.cnv) echo "$item" ;;
    *)
        name=$(uconv --list-code "$item" 2>/dev/null | awk 'NR==1 {print $1}')
        [ -n "$name" ] && grep -qx "$name.cnv" "$tmp/all.lst" ||
            { echo "icu-data: no converter file for $item ($name)" >&2; exit 1; }
        echo "$name.cnv"
        ;;
    esac
done <"$tmp/keep.raw" | sort -u >"$tmp/keep.lst"

mkdir "$tmp/items"
icupkg -x "$tmp/keep.lst" -d "$tmp/items" "$tmp/$pkg.dat"
# --ignore-deps: brkitr/root.res names cjdict.dict, which is left out on purpose (see above).
# The output's file name is the package name its items are stored under (icudt72l/...).
mkdir "$tmp/trim"
icupkg --ignore-deps -s "$tmp/items" -a "$tmp/keep.lst" new "$tmp/trim/$pkg.dat"
# A C file around the assembler's .incbin, not a .S: compiled as C, the object gets the
# target's ABI flags (armhf's loader refuses a library not marked hard-float).
cat >"$tmp/data.c" <<C
__asm__(".section .rodata\\n.balign 16\\n.globl $sym\\n.type $sym, %object\\n$sym:\\n"
        ".incbin \\"$tmp/trim/$pkg.dat\\"\\n.size $sym, . - $sym\\n.previous");
C
"$triplet-gcc" -shared -nostdlib -Wl,-soname,"$(basename "$in")" -o "$out" "$tmp/data.c"
"$triplet-strip" "$out"
echo "icu-data: $(basename "$in") $in_kib KiB -> $(($(stat -c %s "$out") / 1024)) KiB ($(wc -l <"$tmp/keep.lst") items)"
