#!/usr/bin/env bash
# Typesetting speed: long-en.txt (~20,000 words), udhr-ru.txt and udhr-fa.txt at 1072x1448 /
# 36 px and 600x800 / 28 px, Knuth-Plass with hyphenation (the default). Prints the median ms
# of a fresh layout (shaping cache included, fonts loaded once) over REPEAT runs, and the peak
# RSS of the whole process (/usr/bin/time -v). cpu_ms/run is the process's user+system CPU time
# divided by REPEAT (fonts and file reading included): the figure to trust on a loaded machine.
# Env: QUIRE (binary, default build/quire), REPEAT (default 20).
set -euo pipefail
cd "$(dirname "$0")/.."
QUIRE=${QUIRE:-build/quire}
REPEAT=${REPEAT:-20}
C=tests/data/corpus
export QUIRE_ASSET_DIR=${QUIRE_ASSET_DIR:-$PWD}
[ -x "$QUIRE" ] || { echo "bench/typeset: no binary at $QUIRE (make build)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/typeset: /usr/bin/time missing (scripts/deps.sh)" >&2; exit 1; }

printf '%-10s %-14s %-8s %9s %11s %7s %6s %6s %10s\n' file page mode ms/run cpu_ms/run rss_MB \
    pages lines badness
for size in "1072 1448 36" "600 800 28"; do
    set -- $size
    for f in long-en:en udhr-ru:ru udhr-fa:fa; do
        name=${f%%:*} lang=${f##*:}
        for mode in optimal greedy; do
            [ "$mode" = greedy ] && [ "$name" != long-en ] && continue
            out=$( { /usr/bin/time -v "$QUIRE" typeset "$C/$name.txt" --width "$1" --height "$2" \
                --font-size "$3" --lang "$lang" --linebreak "$mode" --repeat "$REPEAT"; } 2>&1)
            line=$(grep '^pages=' <<<"$out")
            rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' <<<"$out")
            user=$(sed -n 's/.*User time (seconds): //p' <<<"$out")
            sys=$(sed -n 's/.*System time (seconds): //p' <<<"$out")
            get() { sed -E "s/.*$1=([0-9.]+).*/\1/" <<<"$line"; }
            printf '%-10s %-14s %-8s %9s %11.1f %7.1f %6s %6s %10s\n' "$name" "$1x$2/$3px" \
                "$mode" "$(get layout_ms_per_run)" \
                "$(awk -v u="$user" -v s="$sys" -v n="$REPEAT" 'BEGIN{print (u+s)*1000/n}')" \
                "$(awk -v k="$rss" 'BEGIN{print k/1024}')" "$(get pages)" "$(get lines)" \
                "$(get badness)"
        done
    done
done
