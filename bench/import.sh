#!/usr/bin/env bash
# Import benchmark: bundles of 2,000 articles built from the corpus, each imported into a
# fresh library with verification (signature and every file hash) and FTS indexing included.
# Two article sizes: news-sized (about 4.6 KB of text, like the sample story) and long-form
# (a whole UDHR text, about 16 KB). Prints articles/s and peak RSS for each.
set -euo pipefail
cd "$(dirname "$0")/.."
Q=$PWD/build/quire
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
N=${QUIRE_BENCH_ARTICLES:-2000}
"$Q" bundle keygen --out "$T/k" >/dev/null

make_inputs() { # dir, kind
    python3 - "$1" "$N" tests/data/corpus "$2" <<'PY'
import os, sys, glob
out, n, corpus, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
os.makedirs(out)
files = sorted(glob.glob(corpus + "/udhr-*.txt")) + [corpus + "/seed-article.txt"]
texts = [open(f, encoding="utf-8").read() for f in files]
paras = [l.strip() for t in texts for l in t.splitlines() if l.strip()]
for i in range(n):
    if kind == "long":
        body = texts[i % len(texts)]
    else:
        chosen, size, k = [], 0, 0
        while size < 4600:
            p = paras[(i * 13 + k) % len(paras)]
            chosen.append(p)
            size += len(p.encode())
            k += 1
        body = "\n\n".join(chosen)
    with open(f"{out}/a{i:05d}.txt", "w", encoding="utf-8") as f:
        f.write(f"Story {i}\n\n{body}\n")
PY
}

# Each case imports into a fresh library RUNS times (default 5) and reports the median: on a
# shared machine single runs vary by a third.
RUNS=${QUIRE_BENCH_RUNS:-5}
run_case() { # kind, label
    make_inputs "$T/in-$1" "$1"
    "$Q" bundle create --key "$T/k.key" --out "$T/$1.epub" --publisher Bench "$T/in-$1"/*.txt >/dev/null
    local times=() rss=0 run kb t0 t1
    for ((run = 0; run < RUNS; run++)); do
        rm -f "$T/$1.db" "$T/$1.db-wal" "$T/$1.db-shm"
        "$Q" --db "$T/$1.db" trust add "$T/k.pub" >/dev/null
        t0=$(date +%s%N)
        /usr/bin/time -v -o "$T/time" "$Q" --db "$T/$1.db" import "$T/$1.epub" >/dev/null
        t1=$(date +%s%N)
        times+=($((t1 - t0)))
        kb=$(awk -F: '/Maximum resident/ {gsub(/ /, "", $2); print $2}' "$T/time")
        [ "$kb" -gt "$rss" ] && rss=$kb
    done
    local text
    text=$(cat "$T/in-$1"/*.txt | wc -c)
    python3 -c "
import statistics
n, rss, text, size = $N, $rss, $text, $(stat -c %s "$T/$1.epub")
secs = sorted(int(t) / 1e9 for t in '${times[*]}'.split())
med = statistics.median(secs)
print(f'import, $2: {n} articles ({text / n / 1024:.1f} KB of text each, bundle {size / 1e6:.1f} MB): '
      f'{med:.2f} s, {n / med:.0f} articles/s (median of {len(secs)}; '
      f'{n / secs[-1]:.0f}..{n / secs[0]:.0f}), peak RSS {rss / 1024:.1f} MiB')"
}

run_case news "news-sized"
run_case long "long-form"
