#!/usr/bin/env bash
# Sync benchmark: a repository of 50 bundles x 200 articles (text from the corpus), served by
# nginx on 127.0.0.1, synced into an empty library (index signature, SHA-256, bundle signature
# and every file hash verified; one import transaction per bundle). Prints total time, bytes
# moved, articles per second, and the overhead of a sync interrupted (SIGINT) halfway and
# resumed, against the clean run. QUIRE_BENCH_BUNDLES / QUIRE_BENCH_ARTICLES scale it.
set -euo pipefail
cd "$(dirname "$0")/.."
Q=${QUIRE:-$PWD/build/quire}
NB=${QUIRE_BENCH_BUNDLES:-50}
NA=${QUIRE_BENCH_ARTICLES:-200}
T=$(mktemp -d)
NGX=""
pid=""
cleanup() {
    local p
    for p in $pid $NGX; do
        kill "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$T"
}
trap cleanup EXIT

python3 - "$T/in" "$NB" "$NA" tests/data/corpus <<'PY'
import glob, os, sys
out, nb, na, corpus = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
paras = []
for f in sorted(glob.glob(corpus + "/*.txt")):
    paras += [l.strip() for l in open(f, encoding="utf-8") if l.strip()]
for b in range(nb):
    d = f"{out}/b{b:03d}"
    os.makedirs(d)
    for i in range(na):
        k = b * na + i
        body = [paras[(k * 7 + j) % len(paras)] for j in range(6)]
        open(f"{d}/s{b:03d}-{i:04d}.txt", "w", encoding="utf-8").write(
            f"Story {k}: {body[0][:50]}\n\n" + "\n\n".join(body) + "\n")
PY
"$Q" bundle keygen --out "$T/k" >/dev/null
mkdir -p "$T/bundles"
t0=$(date +%s%N)
for b in $(seq -f '%03g' 0 $((NB - 1))); do
    "$Q" bundle create --key "$T/k.key" --out "$T/bundles/day$b.epub" --publisher Bench \
        --sequence $((10#$b + 1)) "$T/in/b$b"/*.txt >/dev/null
done
"$Q" publish --key "$T/k.key" --out "$T/repo" "$T"/bundles/*.epub >/dev/null
t1=$(date +%s%N)
repo_bytes=$(du -cb "$T"/repo/*.epub | tail -1 | cut -f1)

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
port=$(free_port)
slow=$(free_port)
RATE=${QUIRE_BENCH_RATE:-1000000}
mkdir -p "$T/ngx/tmp"
cat >"$T/ngx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
$( [ "$(id -u)" -eq 0 ] && echo "user root;" )
pid $T/ngx/nginx.pid;
error_log $T/ngx/error.log;
events { worker_connections 64; }
http {
    log_format q '\$request "\$http_range" \$status \$body_bytes_sent';
    access_log $T/ngx/access.log q;
    client_body_temp_path $T/ngx/tmp; proxy_temp_path $T/ngx/tmp; fastcgi_temp_path $T/ngx/tmp;
    uwsgi_temp_path $T/ngx/tmp; scgi_temp_path $T/ngx/tmp;
    server { listen 127.0.0.1:$port; root $T/repo; }
    server { listen 127.0.0.1:$slow; root $T/repo; limit_rate $RATE; }
}
CONF
nginx -c "$T/ngx/nginx.conf" -p "$T/ngx" -e "$T/ngx/error.log" &
NGX=$!
for i in $(seq 1 50); do
    curl -s -o /dev/null "http://127.0.0.1:$port/index.json" && break
    sleep 0.1
done
served() { awk '{s += $NF} END {print s + 0}' "$T/ngx/access.log"; }
ns() { date +%s%N; }

# Clean run.
"$Q" --db "$T/a/library.db" source add bench "http://127.0.0.1:$port" --pubkey "$T/k.pub" >/dev/null
: >"$T/ngx/access.log"
s0=$(ns)
"$Q" --db "$T/a/library.db" sync --json | tail -1 >"$T/clean.json"
s1=$(ns)
clean_bytes=$(served)
clean_ms=$(((s1 - s0) / 1000000))
articles=$("$Q" --db "$T/a/library.db" list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')

# The same bundles imported from disk, to separate sync's own cost from the import's.
"$Q" --db "$T/i/library.db" trust add "$T/k.pub" >/dev/null
i0=$(ns)
"$Q" --db "$T/i/library.db" import "$T/bundles" >/dev/null
i1=$(ns)
import_ms=$(((i1 - i0) / 1000000))

# Resume overhead on a link capped at RATE bytes/s per connection (nginx limit_rate), so that
# the interruption lands inside a download: a capped clean run as the baseline, then a run
# interrupted (SIGINT) once half the bundles are in and a partial file holds bytes, resumed by
# a second sync.
"$Q" --db "$T/c/library.db" source add bench "http://127.0.0.1:$slow" --pubkey "$T/k.pub" >/dev/null
: >"$T/ngx/access.log"
c0=$(ns)
"$Q" --db "$T/c/library.db" sync >/dev/null
c1=$(ns)
capped_ms=$(((c1 - c0) / 1000000))
capped_bytes=$(served)

"$Q" --db "$T/b/library.db" source add bench "http://127.0.0.1:$slow" --pubkey "$T/k.pub" >/dev/null
: >"$T/ngx/access.log"
r0=$(ns)
"$Q" --db "$T/b/library.db" sync --json >"$T/int.json" 2>/dev/null &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
    n=$( (ls "$T/b/bundles" 2>/dev/null || true) | wc -l)
    part=$( (find "$T/b/partial" -name '*.part' -size +8k 2>/dev/null || true) | head -1)
    if [ "$n" -ge $((NB / 2)) ] && [ -n "$part" ]; then
        kill -INT "$pid" 2>/dev/null || true
        break
    fi
    sleep 0.01
done
wait "$pid" 2>/dev/null || true
pid=""
"$Q" --db "$T/b/library.db" sync --json | tail -1 >"$T/resume.json"
r1=$(ns)
resumed_bytes=$(served)
resumed_ms=$(((r1 - r0) / 1000000))
ranges=$(grep -c '"bytes=' "$T/ngx/access.log" || true)
articles_b=$("$Q" --db "$T/b/library.db" list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')

python3 - "$NB" "$NA" "$repo_bytes" "$clean_ms" "$clean_bytes" "$articles" "$resumed_ms" \
    "$resumed_bytes" "$ranges" "$articles_b" "$(((t1 - t0) / 1000000))" "$capped_ms" \
    "$capped_bytes" "$RATE" "$import_ms" "$T/clean.json" "$T/resume.json" <<'PY'
import json, sys
(nb, na, repo, cms, cb, arts, rms, rb, ranges, arts_b, build_ms, kms, kb,
 rate, ims) = map(int, sys.argv[1:16])
clean = json.load(open(sys.argv[16]))
resume = json.load(open(sys.argv[17]))
print(f"repository: {nb} bundles x {na} articles, {repo / 1e6:.1f} MB of bundles "
      f"(built and published in {build_ms / 1000:.1f} s)")
print(f"clean sync: {cms / 1000:.2f} s, {cb / 1e6:.2f} MB served "
      f"({clean['bytes_bundles'] / 1e6:.2f} MB bundles + {clean['bytes_index'] / 1e3:.1f} kB index), "
      f"{arts} articles, {arts / (cms / 1000):.0f} articles/s, {cb / 1e6 / (cms / 1000):.1f} MB/s")
print(f"same bundles by `quire import DIR`: {ims / 1000:.2f} s "
      f"(sync's own share: {(cms - ims) / 1000:+.2f} s)")
print(f"capped at {rate / 1e6:.1f} MB/s, clean: {kms / 1000:.2f} s, {kb / 1e6:.2f} MB served")
print(f"capped, SIGINT at half + resumed: {rms / 1000:.2f} s, {rb / 1e6:.2f} MB served, "
      f"{ranges} Range request(s), {resume['bytes_resumed']} bytes kept from the partial file, "
      f"{arts_b} articles")
print(f"resume overhead: {rb - kb:+d} bytes ({(rb - kb) / kb * 100:+.2f}%), "
      f"{(rms - kms) / 1000:+.2f} s ({(rms - kms) / kms * 100:+.1f}%)")
PY
