# Sourced by the benchmarks that open a big library (bench/ui.sh, bench/devices.sh), from the
# source tree's top: sets Q (the quire to run, $QUIRE or build/quire), T (a temporary folder,
# removed at exit), N (articles: $QUIRE_BENCH_ARTICLES or 10,000), DB (the library) and TZ.
# build_library makes N news-sized stories (20 bundles of 500, two publishers, ten sections)
# from tests/data/corpus/long-en.txt, signs them with a new key and imports them into DB.
Q=${QUIRE:-$PWD/build/quire}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
N=${QUIRE_BENCH_ARTICLES:-10000}
DB=$T/library.db
TZ=UTC
export TZ

build_library() {
    "$Q" bundle keygen --out "$T/k" >/dev/null
    "$Q" --db "$DB" trust add "$T/k.pub" >/dev/null
    python3 - "$T/in" "$N" tests/data/corpus/long-en.txt <<'PY'
import os, sys
out, n, src = sys.argv[1], int(sys.argv[2]), sys.argv[3]
paras = [l.strip() for l in open(src, encoding="utf-8") if l.strip()]
for b in range((n + 499) // 500):
    os.makedirs(f"{out}/{b:02d}")
    for i in range(b * 500, min(n, b * 500 + 500)):
        body, size, k = [], 0, 0
        while size < 4600:
            p = paras[(i * 7 + k) % len(paras)]
            body.append(p)
            size += len(p)
            k += 1
        with open(f"{out}/{b:02d}/s{i:05d}.txt", "w", encoding="utf-8") as f:
            f.write(f"Story {i}: {body[0][:50]}\n\n" + "\n\n".join(body) + "\n")
PY
    local t0 t1 b
    t0=$(date +%s)
    for d in "$T/in"/*; do
        b=$(basename "$d")
        "$Q" bundle create --key "$T/k.key" --out "$T/b$b.epub" \
            --publisher "Bench $((10#$b % 2))" --section "Section $((10#$b % 10))" \
            "$d"/*.txt >/dev/null
        "$Q" --db "$DB" import "$T/b$b.epub" >/dev/null
    done
    t1=$(date +%s)
    echo "library: $("$Q" --db "$DB" list | wc -l) articles in $((t1 - t0)) s (bundle + import)"
}
