#!/usr/bin/env bash
# The layers hold: each app/ module includes headers only from itself, app/config.h and the
# modules below it, and its library links only those (cli -> ui -> render -> typeset -> doc ->
# core; render -> image; sync -> bundle -> store; sync -> net; feed -> bundle, net, image;
# platform -> render; everything -> core). app/ never includes SDL or Linux device headers: only platform/ does.
# A second run on a copy with a planted upward include checks that the check can fail.
. "$(dirname "$0")/lib.sh"

check_layers() { # root
    python3 - "$1" <<'PY'
import os, re, sys
root = sys.argv[1]
below = {  # each module's direct dependencies: the architecture
    "core": [], "net": ["core"], "image": ["core"], "store": ["core"], "bundle": ["store"],
    "sync": ["bundle", "net"], "feed": ["bundle", "net", "image"], "doc": ["core"],
    "typeset": ["doc"],
    "render": ["typeset", "image"], "platform": ["render"],
    "ui": ["render", "sync", "platform"],
    "cli": ["ui", "feed", "sync", "render", "platform"],
}
def closure(m, seen=None):
    seen = set() if seen is None else seen
    for d in below[m]:
        if d not in seen:
            seen.add(d)
            closure(d, seen)
    seen.add("core")
    return seen
def folder(m):
    return os.path.join(root, "platform" if m == "platform" else os.path.join("app", m))
headers = {}  # header name -> module
for m in below:
    for dirpath, _, files in os.walk(folder(m)):
        for f in files:
            if f.endswith(".h"):
                headers.setdefault(f, m)
bad = []
for m in below:
    allowed = closure(m) | {m}
    for dirpath, _, files in os.walk(folder(m)):
        for f in files:
            if not f.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root)
            for n, line in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
                inc = re.match(r'\s*#\s*include\s*([<"])([^>"]+)[>"]', line)
                if not inc:
                    continue
                kind, name = inc.groups()
                if m != "platform" and kind == "<" and re.match(r"(SDL|linux/|gpiod)", name):
                    bad.append(f"{rel}:{n}: app/ includes the device header <{name}>")
                if kind == '"' and name in headers and headers[name] not in allowed:
                    bad.append(f"{rel}:{n}: {m} includes {name} of {headers[name]}, above it")
    cm = os.path.join(folder(m), "CMakeLists.txt")
    if os.path.exists(cm) and m != "cli":
        text = open(cm).read()
        for block in re.findall(r"target_link_libraries\(quire_\w+([^)]*)\)", text):
            for lib in re.findall(r"\bquire_(\w+)", block):
                if lib in below and lib not in allowed:
                    bad.append(f"{os.path.relpath(cm, root)}: quire_{m} links quire_{lib}, above it")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
}

check_layers "$SRC" || fail "layer violations above"

# The check can fail: a copy of app/image that includes the renderer's header.
mkdir -p "$T/tree/app" "$T/tree/platform"
for m in core image render typeset doc; do cp -r "$SRC/app/$m" "$T/tree/app/"; done
printf '#include "render.h"\n' >>"$T/tree/app/image/image_pixels.c"
if check_layers "$T/tree" >"$T/out"; then fail "a planted upward include was not found"; fi
grep -q "image includes render.h of render" "$T/out" || fail "wrong report: $(cat "$T/out")"
echo "layers: ok"
