#!/usr/bin/env bash
# The help screen: paged like every list, so nothing is cut off on the default panel (the key
# tables of the article and the library, then the tap zones); the zones page is drawn for the
# direction of the article it was opened from (a Persian article turns forward on the left,
# an English one on the right, whatever the UI language). Goldens on kobo-clara (1072x1448)
# and kindle-basic (600x800); refresh them deliberately with QUIRE_UPDATE_GOLDEN=1.
. "$(dirname "$0")/lib.sh"
export TZ=UTC

q trust add "$SRC/assets/sample-news.pub" --name "Quire sample publisher" >/dev/null
q import "$SRC/assets/sample-news.epub" >/dev/null

python3 - "$QUIRE" "$DB" "$T" "$BIN/quire-pngtool" "$SRC/tests/golden/data/ui" <<'PY'
import json, os, shutil, subprocess, sys

QUIRE, DB, T, PNG, GOLD = sys.argv[1:6]
UPDATE = os.environ.get("QUIRE_UPDATE_GOLDEN") == "1"


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def read(name, device, lang, lines, *extra):
    script, trace = f"{T}/{name}.script", f"{T}/{name}.trace"
    with open(script, "w") as f:
        f.write("".join(l + "\n" for l in lines))
    r = subprocess.run([QUIRE, "--db", DB, "read", "--backend", "headless", "--device", device,
                        "--ui-lang", lang, "--script", script, "--trace", trace, "--out",
                        f"{T}/{name}", *extra], capture_output=True, text=True)
    check(r.returncode == 0, f"{name}: exit {r.returncode}: {r.stderr}")
    return [json.loads(l) for l in open(trace)]


def golden(name, got):
    want = f"{GOLD}/{name}.png"
    if UPDATE:
        shutil.copy(got, want)
        return
    r = subprocess.run([PNG, "diff", want, got, "24"], capture_output=True, text=True)
    check(r.returncode == 0, f"{name} differs from its golden: {r.stdout}{r.stderr}")


listed = json.loads(subprocess.run([QUIRE, "--db", DB, "list", "--json"], capture_output=True,
                                   text=True, check=True).stdout)
fa = next(a["id"] for a in listed if a["language"] == "fa")
en = next(a["id"] for a in listed if a["language"] == "en")

for device in ("kobo-clara", "kindle-basic"):
    # From the library: every page of the help is reachable and the last one is the zones.
    walk = ["key help", "shot keys"] + ["key right"] * 8 + ["shot zones", "key right", "key esc"]
    fr = read(f"lib-{device}", device, "en", walk)
    helps = [f for f in fr if f["screen"] == "help"]
    pages = helps[0]["pages"]
    check(pages >= 2, f"{device}: help has {pages} page(s): the zones need their own")
    check([f["page"] for f in helps] == list(range(1, pages + 1)),
          f"{device}: help pages {[f['page'] for f in helps]} of {pages}")
    check(helps[0]["kind"] == "full" and all(f["kind"] == "partial" for f in helps[1:]),
          f"{device}: opening help is one full refresh, its pages turn as pages: {helps}")
    check(fr[-1]["screen"] == "library", f"{device}: Esc did not leave help: {fr[-1]}")
    check(not helps[-1]["zones_rtl"], f"{device}: library help in English drew RTL zones")
    golden(f"help-keys-{device}", f"{T}/lib-{device}/keys.png")
    golden(f"help-zones-{device}", f"{T}/lib-{device}/zones.png")

# From articles: the zones follow the article's direction, not the UI language's.
for lang, art, rtl in (("en", fa, True), ("fa", en, False), ("fa", fa, True)):
    name = f"art-{lang}-{art}"
    fr = read(name, "kobo-clara", lang, ["key help"] + ["key right"] * 8 + ["shot zones"],
              "--article", str(art))
    last = fr[-1]
    check(last["screen"] == "help" and last["page"] == last["pages"], f"{name}: {last}")
    check(last["zones_rtl"] is rtl, f"{name}: zones_rtl {last['zones_rtl']}, want {rtl}")
    if lang == "en" and rtl:
        golden("help-zones-rtl-article", f"{T}/{name}/zones.png")
PY
