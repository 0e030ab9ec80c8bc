#!/usr/bin/env bash
# Converts TeX's hyph-utf8 hyphenation patterns, as Debian's texlive-lang-* packages ship
# them, into libhyphen .dic files in assets/hyphen/ for the languages Debian has no hyphen-*
# package for (see assets/hyphen/README.md for the list and the languages left out).
# Usage: scripts/hyph-convert.sh [OUT_DIR]   (default: assets/hyphen)
# The packages are fetched with apt-get download and unpacked with dpkg-deb into a temporary
# folder (an installed TeX Live is used instead when present): no TeX install is needed.
# Each pattern file goes through libhyphen's own substrings.pl (libhyphen-dev), which adds the
# substring patterns libhyphen's matcher needs; the hyphenmins of the TeX file's header become
# LEFTHYPHENMIN/RIGHTHYPHENMIN, and that header (authors, licence) is kept beside the .dic as
# COPYING-hyph-<tag>.txt. The output is committed, so builds and CI need none of this.
set -euo pipefail

out=${1:-"$(dirname "$0")/../assets/hyphen"}
substrings=/usr/share/libhyphen/substrings.pl
[ -f "$substrings" ] || { echo "$substrings missing (apt-get install libhyphen-dev)" >&2; exit 1; }
tl_rel=usr/share/texlive/texmf-dist/tex/generic/hyph-utf8/patterns

# hyph-utf8 tag, output file, Debian package
langs=(
  "hy hyph_hy_AM.dic texlive-lang-other"
  "tr hyph_tr_TR.dic texlive-lang-european"
  "tk hyph_tk_TM.dic texlive-lang-other"
  "el-monoton hyph_el_GR.dic texlive-lang-greek"
  "ka hyph_ka_GE.dic texlive-lang-other"
  "hi hyph_hi_IN.dic texlive-lang-other"
  "mr hyph_mr_IN.dic texlive-lang-other"
  "bn hyph_bn_IN.dic texlive-lang-other"
)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp" # apt's download user writes there

patterns_root() { # PACKAGE: the folder holding that package's tex/ and txt/ patterns
  if [ -d "/$tl_rel/txt" ] && dpkg -s "$1" >/dev/null 2>&1; then
    echo "/$tl_rel"
    return
  fi
  if [ ! -d "$tmp/$1" ]; then
    (cd "$tmp" && apt-get download -q=2 -o APT::Sandbox::User=root "$1")
    dpkg-deb -x "$tmp/$1"_*.deb "$tmp/$1"
  fi
  echo "$tmp/$1/$tl_rel"
}

hyphenmin() { # TEX_FILE left|right: the typesetting hyphenmin its header gives, else the one
  local use # the patterns were generated with (the Indic files give only that)
  for use in typesetting generation; do
    awk -v side="$2" -v use="$use" '$0 ~ "^% *" use ":" {t = 1; next}
      t && $0 ~ "^% *" side ":" {print $NF; exit}
      t && !/^% *(left|right):/ {t = 0}' "$1" | grep . && return
  done
}

for spec in "${langs[@]}"; do
  read -r tag file pkg <<<"$spec"
  root=$(patterns_root "$pkg")
  tex="$root/tex/hyph-$tag.tex"
  pat="$root/txt/hyph-$tag.pat.txt"
  hyp="$root/txt/hyph-$tag.hyp.txt"
  if [ -s "$hyp" ]; then # exceptions would need rewriting as whole-word patterns first
    echo "hyph-$tag has exceptions ($hyp): not handled" >&2
    exit 1
  fi
  left=$(hyphenmin "$tex" left)
  right=$(hyphenmin "$tex" right)
  [ -n "$left" ] && [ -n "$right" ] || { echo "$tex: no hyphenmins in its header" >&2; exit 1; }
  # one pattern a line, no blank lines (substrings.pl would take one as a pattern)
  grep -v '^[[:space:]]*$' "$pat" >"$tmp/in.pat"
  perl "$substrings" "$tmp/in.pat" "$out/$file" UTF-8 "$left" "$right" >/dev/null
  {
    echo "Converted from hyph-$tag.pat.txt of Debian's $pkg $(dpkg-deb -f "$tmp/$pkg"_*.deb Version 2>/dev/null || dpkg-query -W -f '${Version}' "$pkg")"
    echo "by scripts/hyph-convert.sh (libhyphen's substrings.pl). The pattern file's header:"
    echo
    sed -n '/^%/!q; s/^% \{0,1\}//; p' "$tex"
  } >"$out/COPYING-hyph-$tag.txt"
  echo "$file: $(grep -c . "$pat") patterns -> $(($(wc -l <"$out/$file") - 3)), hyphenmins $left $right"
done
