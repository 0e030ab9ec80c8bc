#!/usr/bin/env bash
# Every setting of the settings screen, set the way a reader does it: from page 3 of an
# article, menu -> Settings -> the row -> Right -> back. Each one applies at once and
# keeps the reader's place, is in the library afterwards (quire config get), survives a restart
# and changes the picture (a golden each, different from the default page), or, where the
# setting is behaviour rather than looks, changes that behaviour (refresh cadence by day and by
# night, left-handed tap zones). Settings owned by the kiosk and sync (their tests check what
# they do) are checked to persist.
# Refresh the goldens deliberately: QUIRE_UPDATE_GOLDEN=1 ctest -R reader_settings (review).
. "$(dirname "$0")/lib.sh"
export TZ=UTC

q trust add "$SRC/assets/sample-news.pub" --name "Quire sample publisher" >/dev/null
q import "$SRC/assets/sample-news.epub" >/dev/null
cp "$DB" "$T/seed.db"

python3 - "$QUIRE" "$T" "$BIN/quire-pngtool" "$SRC/tests/golden/data/ui" <<'PY'
import filecmp, json, os, shutil, subprocess, sys

QUIRE, T, PNG, GOLD = sys.argv[1:5]
UPDATE = os.environ.get("QUIRE_UPDATE_GOLDEN") == "1"
# key -> how its effect shows: a picture of the article, of the library, or a behaviour.
LOOKS = ["reader.font_px", "reader.font_family", "reader.margin_px", "reader.line_spacing", "reader.justify",
         "reader.hyphenate", "render.night", "render.rotation", "render.darkness"]
BEHAVIOUR = ["render.full_refresh_every", "render.full_refresh_every_night", "ui.left_handed"]
PERSIST_ONLY = ["sync.every_minutes", "ui.sleep_after_minutes", "kiosk.interval_s",
                "kiosk.idle_s"]
failures = []


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def quire(db, *args):
    return subprocess.run([QUIRE, "--db", db, *args], capture_output=True, text=True)


def read(db, name, lines, *extra):
    script, trace = f"{T}/{name}.script", f"{T}/{name}.trace"
    with open(script, "w") as f:
        f.write("".join(l + "\n" for l in lines))
    r = quire(db, "read", "--backend", "headless", "--device", "kindle-basic", "--script",
              script, "--trace", trace, "--out", f"{T}/{name}", *extra)
    check(r.returncode == 0, f"{name}: exit {r.returncode}: {r.stderr}")
    return [json.loads(l) for l in open(trace)]


def anchor(a):
    b, o = a.split(":")
    return int(b), int(o)


def same_png(a, b):
    return subprocess.run([PNG, "diff", a, b, "24"], capture_output=True).returncode == 0


def golden(name, got):
    want = f"{GOLD}/{name}.png"
    if UPDATE:
        os.makedirs(GOLD, exist_ok=True)
        shutil.copy(got, want)
    check(same_png(want, got), f"{name} differs from its golden")


def fresh(name):
    db = f"{T}/{name}.db"
    shutil.copy(f"{T}/seed.db", db)
    return db


db = fresh("probe")
udhr = next(a["id"] for a in json.loads(quire(db, "list", "--json").stdout)
            if a["title"] == "Universal Declaration of Human Rights")
ART = ["--article", str(udhr)]
TO_P3 = ["key right", "key right"]

# Where Settings is in the article's menu, and the order of the settings screen's rows.
menu = read(db, "menu", ["key menu"] + ["key down"] * 12, *ART)
labels = [f.get("label") for f in menu if f["screen"] == "menu"]
check("Settings" in labels, f"no Settings in the article menu: {labels}")
to_settings = ["key menu"] + ["key down"] * labels.index("Settings") + ["key enter"]
rows = read(db, "rows", to_settings + ["key down"] * 24, *ART)
order = []
for f in rows:
    if f["screen"] == "settings" and f["setting"] not in order:
        order.append(f["setting"])
for key in LOOKS + BEHAVIOUR + PERSIST_ONLY + ["ui.lang"]:
    check(key in order, f"{key} is not on the settings screen: {order}")

base = read(db, "base", TO_P3 + ["shot p3"], *ART)
golden("article-p3", f"{T}/base/p3.png")
default = {k: quire(db, "config", "get", k).stdout.strip() for k in order}


def set_by_menu(key, at_page3=True):
    """Sets key a step up from page 3 of the article; returns the trace and the new value."""
    db = fresh(key)
    path = (TO_P3 if at_page3 else []) + to_settings + ["key down"] * order.index(key)
    t = read(db, key, path + ["key right", "key esc", "shot after"], *ART)
    at_row = t[len(path)]  # the row selected, just before Right
    check(at_row["setting"] == key, f"{key}: navigation reached {at_row.get('setting')}")
    value = t[len(path) + 1]["value"]
    check(value != default[key], f"{key}: Right did not change {default[key]}")
    stored = quire(db, "config", "get", key).stdout.strip()
    check(stored == value, f"{key}: the library holds {stored!r}, the screen showed {value!r}")
    return db, t, value


def looks(key):
    db, t, value = set_by_menu(key)
    before, after = t[len(TO_P3)], t[-1]
    check(after["screen"] == "article" and after["place"] == before["place"],
          f"{key}: the place moved: {before['place']} -> {after['place']}")
    check(anchor(after["anchor"]) <= anchor(before["place"]), f"{key}: place not on screen")
    # A restart: the same setting, the same place, the same picture.
    again = read(db, key + "-restart", ["shot p"], *ART)
    check(again[0]["place"] == before["place"], f"{key}: the restart lost the place")
    png = f"{T}/{key}-restart/p.png"
    check(same_png(f"{T}/{key}/after.png", png), f"{key}: after a restart the page differs")
    # Changed at all (byte for byte: the same pixels encode the same), not only past the
    # goldens' tolerance: a tone step moves anti-aliasing by a level or two.
    check(not filecmp.cmp(f"{T}/base/p3.png", png, shallow=False),
          f"{key}={value} did not change the page")
    golden(f"setting-{key}", png)


def kinds(t):
    return [f["kind"] for f in t]


def behaviour(key):
    db, t, value = set_by_menu(key, at_page3=False)
    if key == "render.full_refresh_every":
        n = int(value)
        r = read(db, key + "-turns", ["key right"] * n, *ART)
        check(kinds(r)[1:].index("full") == n - 1, f"{key}={value}: {kinds(r)}")
    elif key == "render.full_refresh_every_night":
        n = int(value)
        r = read(db, key + "-turns", ["key right"] * n, "--night", *ART)
        check(kinds(r)[1:].index("full") == n - 1, f"{key}={value} at night: {kinds(r)}")
    elif key == "ui.left_handed":
        r = read(db, key + "-taps", ["tap 50 400", "tap 550 400"], *ART)
        check([f["page"] for f in r] == [1, 2, 1], f"left-handed taps: {[f['page'] for f in r]}")


for key in LOOKS:
    try:
        looks(key)
    except AssertionError as e:
        failures.append(str(e))
for key in BEHAVIOUR + PERSIST_ONLY:
    try:
        if key in BEHAVIOUR:
            behaviour(key)
        else:
            set_by_menu(key, at_page3=False)
    except AssertionError as e:
        failures.append(str(e))

# The UI language from the settings screen: the settings speak it at once; after a restart the
# library is the one --ui-lang ru shows, not the English one.
try:
    db, t, value = set_by_menu("ui.lang", at_page3=False)
    check(value == "ru" and t[-1]["ui_lang"] == "ru", f"ui.lang: {value} {t[-1]['ui_lang']}")
    lib = read(db, "lang-lib", ["shot library"])
    check(lib[0]["ui_lang"] == "ru", "ui.lang did not survive a restart")
    flag = read(db, "lang-flag", ["shot library"], "--ui-lang", "ru")
    check(same_png(f"{T}/lang-flag/library.png", f"{T}/lang-lib/library.png"),
          "the library after ui.lang=ru differs from --ui-lang ru's")
    eng = read(db, "lang-en", ["shot library"], "--ui-lang", "en")
    check(not same_png(f"{T}/lang-en/library.png", f"{T}/lang-lib/library.png"),
          "ui.lang=ru did not change the library")
except AssertionError as e:
    failures.append(str(e))
for f in failures:
    print("FAIL:", f, file=sys.stderr)
sys.exit(1 if failures else 0)
PY
echo ok
