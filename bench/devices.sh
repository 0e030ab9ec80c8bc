#!/usr/bin/env bash
# Device figures (issue 12): what Quire weighs and costs on the ARM builds.
#  - stripped `quire` for x86-64 (build/, RelWithDebInfo), armhf and arm64 (build-armhf/,
#    build-arm64/, Release, as scripts/cross.sh builds them). Aim: 2 MB each.
#  - the Kobo package (scripts/package-kobo.sh) and its largest parts. Aim: 20 MB.
#  - under qemu-arm (the armhf binary, Debian's libraries): peak RSS opening the library of
#    10,000 articles (bench/lib/library.sh) at the Kobo Clara's 1072x1448, and opening an
#    article from it and turning 10 pages: the ARM program's own resident memory (the guest's
#    part of the qemu-arm process, see peak_rss), with and without the CJK fonts' pages (this
#    machine has fonts-noto-cjk, a Kobo does not), the whole qemu-arm process (with the
#    emulator's translated code and heap: an upper bound), and the same runs natively on
#    x86-64. Aim: 32 MB.
#  - guest instructions per page turn on armhf, counted by a qemu TCG plugin
#    (bench/qemu_insn.c; callgrind cannot run under qemu and perf would count the host's
#    instructions) inside the UI shell's act(), as bench/ui.sh counts them with callgrind on
#    x86-64 (the same count on x86-64 is printed beside it): a session with 10 page turns minus
#    the same session with none, divided by the frames the turns presented (the trace). Only
#    act() is counted: what the reader does while idle (laying out the article's next pages,
#    the reading position's write) depends on timing and would make the count drift.
# QUIRE_BENCH_NO_SIZES=1 leaves out the sizes (and the cross builds they need).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/library.sh # Q, T, N, DB and build_library

mib() { awk -v b="$1" 'BEGIN {printf "%.2f MiB", b / 1048576}'; }

sizes() {
    bash scripts/cross.sh build armhf arm64 >"$T/cross.log" 2>&1 || {
        cat "$T/cross.log" >&2
        exit 1
    }
    strip -o "$T/q-x86-64" "$Q"
    arm-linux-gnueabihf-strip -o "$T/q-armhf" build-armhf/quire
    aarch64-linux-gnu-strip -o "$T/q-arm64" build-arm64/quire
    local a
    for a in x86-64 armhf arm64; do
        echo "quire stripped, $a: $(mib "$(stat -c %s "$T/q-$a")")"
    done
    bash scripts/package-kobo.sh build-armhf "$T/quire-kobo.zip" >/dev/null
    local files unpacked
    read -r unpacked files < <(unzip -l "$T/quire-kobo.zip" | tail -1 | awk '{print $1, $2}')
    echo "Kobo package: $(mib "$(stat -c %s "$T/quire-kobo.zip")") ($files files," \
        "$(mib "$unpacked") unpacked); the largest parts:"
    unzip -lv "$T/quire-kobo.zip" | awk '$2 ~ /^(Defl|Stored)/ {print $3, $8}' | sort -rn |
        head -5 | while read -r bytes name; do
            echo "  $(mib "$bytes") compressed  ${name#.adds/quire/}"
        done
}

# peak_rss CMD...: "GUEST CJK TOTAL" in KiB for CMD's process, sampled every 2 ms from
# /proc/PID/smaps. GUEST: the largest resident set of the mappings below 4 GiB + 4 KiB, where
# qemu-user places a 32-bit guest's address space (`qemu-arm -d page`: "Locating guest address
# space @ 0x1000"): the ARM program's own memory, its heap, stacks and the pages it touched of
# its libraries and files (under qemu the guest runs ~10x slower, so 2 ms samples catch its
# peak: the whole process's sampled peak matches its VmHWM). CJK: the part of GUEST that was
# pages of the Noto CJK collections (Debian's fonts-noto-cjk, here; the Kobo package has none).
# TOTAL: the whole process's peak (VmHWM), for qemu-arm the emulator included.
peak_rss() {
    python3 - "$@" <<'PY'
import subprocess, sys, time
GUEST_END = (1 << 32) + 0x1000
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
peak = (0, 0)
hwm = 0
while p.poll() is None:
    guest = cjk = 0
    is_guest = is_cjk = False
    try:
        for line in open(f"/proc/{p.pid}/smaps"):
            f = line.split()
            if f[0].endswith(":"):
                if f[0] == "Rss:" and is_guest:
                    guest += int(f[1])
                    cjk += int(f[1]) if is_cjk else 0
            else:  # a mapping's first line: START-END PERMS OFFSET DEV INODE [PATH]
                is_guest = int(f[0].split("-")[0], 16) < GUEST_END
                is_cjk = len(f) > 5 and "CJK" in f[5]
        for line in open(f"/proc/{p.pid}/status"):
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        break
    peak = max(peak, (guest, cjk))
    time.sleep(0.002)
err = p.communicate()[1]
if p.returncode:
    sys.exit(f"bench/devices: {sys.argv[1:]} failed: {err.decode(errors='replace')}")
print(peak[0], peak[1], hwm)
PY
}

memory() {
    local empty=$T/empty turns=$T/turns id
    : >"$empty"
    for _ in $(seq 10); do echo "key right"; done >"$turns"
    id=$(sqlite3 "$DB" "SELECT id FROM articles ORDER BY id LIMIT 1")
    local arm=(qemu-arm -L / build-armhf/quire --db "$T/run.db" read --backend headless
        --device kobo-clara)
    local x86=("$Q" --db "$T/run.db" read --backend headless --device kobo-clara)
    local g c t xt
    fresh_db >/dev/null
    read -r g c t < <(peak_rss "${arm[@]}" --script "$empty")
    read -r _ _ xt < <(peak_rss "${x86[@]}" --script "$empty")
    echo "peak RSS opening the library ($N articles), armhf: $(mib $((g * 1024)))," \
        "$(mib $(((g - c) * 1024))) without the CJK fonts' pages (qemu-arm with the emulator:" \
        "$(mib $((t * 1024)))); x86-64: $(mib $((xt * 1024)))"
    fresh_db >/dev/null
    read -r g c t < <(peak_rss "${arm[@]}" --article "$id" --script "$turns")
    fresh_db >/dev/null
    read -r _ _ xt < <(peak_rss "${x86[@]}" --article "$id" --script "$turns")
    echo "peak RSS an article and 10 page turns, armhf: $(mib $((g * 1024)))," \
        "$(mib $(((g - c) * 1024))) without the CJK fonts' pages (qemu-arm with the emulator:" \
        "$(mib $((t * 1024)))); x86-64: $(mib $((xt * 1024)))"
}

# fresh_db: a new copy of the library ($T/run.db) for one session, so that every session starts
# on the same page (a page turn saves the reading position).
fresh_db() {
    cp "$DB" "$T/run.db"
    echo "$T/run.db"
}

# act_plugin_args PROGRAM: qemu_insn's arguments to count inside the UI shell's act() (the key
# press's handling up to the frame presented), as bench/ui.sh has callgrind do: its entry and
# the return address after each call (the instruction after each `bl <act>`).
act_plugin_args() {
    local entry rets
    entry=$(arm-linux-gnueabihf-nm "$1" | awk '$3 == "act" {print "0x" $1; exit}')
    rets=$(arm-linux-gnueabihf-objdump -d "$1" |
        awk '/\tbl\t[0-9a-f]+ <act>/ {getline n; split(n, a, ":"); gsub(/ /, "", a[1]); printf ",ret=0x%s", a[1]}')
    [ -n "$entry" ] && [ -n "$rets" ] || {
        echo "bench/devices: no act() or no call to it in $1" >&2
        exit 1
    }
    # qemu-arm loads a position-independent program at 0x40000000 (the plugin checks it).
    echo "base=0x40000000,entry=$entry$rets,sym=act"
}

# guest_insns SCRIPT ARGS...: guest instructions inside act() of one armhf reader session;
# frames in $T/trace.
guest_insns() {
    local script=$1
    shift
    qemu-arm -L / -plugin "$T/libqemu_insn.so,$ACT_ARGS" -d plugin -D "$T/insn.log" \
        build-armhf/quire --db "$(fresh_db)" read --backend headless --device kobo-clara \
        --script "$script" --trace "$T/trace" "$@" >/dev/null
    grep -q '^insns ' "$T/insn.log" || {
        cat "$T/insn.log" >&2
        exit 1
    }
    awk '/^insns / {print $3}' "$T/insn.log"
}

# native_insns SCRIPT ARGS...: the same session's instructions inside act() on x86-64
# (callgrind, as bench/ui.sh counts them).
native_insns() {
    local script=$1
    shift
    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=act \
        --callgrind-out-file="$T/cg" "$Q" --db "$(fresh_db)" read --backend headless \
        --device kobo-clara --script "$script" --trace "$T/trace" "$@" >/dev/null 2>"$T/cg.err"
    awk '/^(summary|totals):/ {print $2; exit}' "$T/cg"
}

# per_frame NAME COUNTER ARGS...: (10 page turns - none) / frames presented, in M.
per_frame() {
    local name=$1 counter=$2 i0 i1 f0 f1
    shift 2
    : >"$T/s0"
    for _ in $(seq 10); do echo "key right"; done >"$T/s1"
    i0=$("$counter" "$T/s0" "$@")
    f0=$(wc -l <"$T/trace")
    i1=$("$counter" "$T/s1" "$@")
    f1=$(wc -l <"$T/trace")
    [ "$f1" -gt "$f0" ] || {
        echo "bench/devices: the page turns presented no frame" >&2
        exit 1
    }
    awk -v n="$name" -v a="$i0" -v b="$i1" -v f=$((f1 - f0)) 'BEGIN {
        printf "page turn, %s: %.2f M instructions per frame (10 turns, %d frames)\n",
            n, (b - a) / f / 1e6, f}'
}

instructions() {
    gcc -shared -fPIC -O2 -fvisibility=hidden -o "$T/libqemu_insn.so" bench/qemu_insn.c
    ACT_ARGS=$(act_plugin_args build-armhf/quire)
    "$Q" --db "$DB" trust add assets/sample-news.pub >/dev/null
    "$Q" --db "$DB" import assets/sample-news.epub >/dev/null
    local udhr
    udhr=$(sqlite3 "$DB" "SELECT id FROM articles WHERE title LIKE 'Universal%' LIMIT 1")
    per_frame "armhf under qemu-arm (guest instructions in act(), the declaration in the library, 1072x1448)" \
        guest_insns --article "$udhr"
    if command -v valgrind >/dev/null; then
        per_frame "the same on x86-64 (callgrind in act())" native_insns --article "$udhr"
    fi
}

[ -n "${QUIRE_BENCH_NO_SIZES:-}" ] || sizes
build_library
memory
instructions
