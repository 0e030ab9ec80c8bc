#!/usr/bin/env bash
# Import benchmark: a bundle of 2,000 articles built from the corpus, imported into a fresh
# library (signature and every file hash verified). Prints articles/s and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
Q=$PWD/build/quire
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
N=${QUIRE_BENCH_ARTICLES:-2000}
python3 - "$T/in" "$N" tests/data/corpus <<'PY'
import os, sys, glob
out, n, corpus = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(out)
paras = []
for f in sorted(glob.glob(corpus + "/*.txt")):
    paras += [l.strip() for l in open(f, encoding="utf-8") if l.strip()]
for i in range(n):
    body = [paras[(i * 7 + k) % len(paras)] for k in range(6)]
    open(f"{out}/a{i:05d}.txt", "w", encoding="utf-8").write(
        f"Story {i}: {body[0][:50]}\n\n" + "\n\n".join(body) + "\n")
PY
"$Q" bundle keygen --out "$T/k" >/dev/null
t0=$(date +%s%N)
"$Q" bundle create --key "$T/k.key" --out "$T/b.epub" --publisher Bench "$T"/in/*.txt >/dev/null
t1=$(date +%s%N)
"$Q" --db "$T/lib.db" trust add "$T/k.pub" >/dev/null
/usr/bin/time -v -o "$T/time" "$Q" --db "$T/lib.db" import "$T/b.epub" >/dev/null
t2=$(date +%s%N)
rss=$(awk -F: '/Maximum resident/ {gsub(/ /, "", $2); print $2}' "$T/time")
secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$T/time")
python3 - "$N" "$t0" "$t1" "$t2" "$rss" "$(stat -c %s "$T/b.epub")" <<'PY'
import sys
n, t0, t1, t2, rss, size = map(int, sys.argv[1:])
imp = (t2 - t1) / 1e9
print(f"bundle: {n} articles, {size / 1e6:.1f} MB, created in {(t1 - t0) / 1e9:.2f} s")
print(f"import: {imp:.2f} s, {n / imp:.0f} articles/s (verification included), peak RSS {rss / 1024:.1f} MiB")
PY
