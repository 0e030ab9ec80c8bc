#!/usr/bin/env bash
# Extraction benchmark: the same pages through `quire extract` (one process, one core) and
# Debian's python3-readability (readability-lxml, the same process for all pages), side by
# side in one run: pages per second, MB of HTML per second, and the word F1 of each against
# Mozilla Readability's extraction (the corpus's expected.html); and in the same run the floor
# of any extractor over gumbo: gumbo alone, on the whole page and on the slimmer page Quire's
# extractor parses (bench/extract_floor.c). Pages: the shared corpus
# (shared/ beside the work tree: corpus/web/readability-pages) when it is there, else
# tests/data/web.
# QUIRE_BENCH_ROUNDS (default 3) repeats the page set; the best round counts.
set -euo pipefail
cd "$(dirname "$0")/.."
Q=${QUIRE:-$PWD/build/quire}
ROUNDS=${QUIRE_BENCH_ROUNDS:-3}
PAGES=tests/data/web
for shared in ../shared ../../shared; do
    [ -d "$shared/corpus/web/readability-pages" ] && PAGES=$shared/corpus/web/readability-pages && break
done
# The floor: gumbo alone on the page the extractor parses (bench/extract_floor.c), built
# against the same libraries as quire.
B=$(dirname "$Q")
FLOOR=$(mktemp -d)/extract_floor
trap 'rm -rf "$(dirname "$FLOOR")"' EXIT
# shellcheck disable=SC2046
gcc -O2 -I app -I app/core -I app/feed -I app/bundle -I app/net -I app/image \
    $(pkg-config --cflags libxml-2.0 gumbo) bench/extract_floor.c -o "$FLOOR" \
    "$B/app/feed/libquire_feed.a" "$B/app/core/libquire_core.a" \
    $(pkg-config --libs gumbo libcrypto)
PIN=()
command -v taskset >/dev/null && PIN=(taskset -c 0)
/usr/bin/python3 bench/extract_bench.py "$Q" "$PAGES" "$ROUNDS" "$FLOOR" "${PIN[@]}"
