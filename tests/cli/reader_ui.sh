#!/usr/bin/env bash
# The reader as a person walks it, headless on a kindle-basic panel, in English, Russian and
# Persian: library -> open the English declaration -> three page turns -> font size up (the
# place stays on screen) -> back (the article is selected) -> reopen (same place) -> restart
# (the library offers it, Return reopens it at the place) -> search by tapping the on-screen
# keyboard and typing -> the first result opens at the page of the word's first match. The
# library frames are compared with goldens, and the Persian one is mirrored. Then bad input:
# unknown --screen/--ui-lang/setting values exit 2 with one line; a library that is not a
# SQLite file shows the error screen, exits 1 and is left as it was. A long-press on a row
# stars, marks read and deletes (after asking) as the command line does.
# Refresh the goldens deliberately: QUIRE_UPDATE_GOLDEN=1 ctest -R reader_ui (then review).
. "$(dirname "$0")/lib.sh"
export TZ=UTC

q trust add "$SRC/assets/sample-news.pub" --name "Quire sample publisher" >/dev/null
q import "$SRC/assets/sample-news.epub" >/dev/null
cp "$DB" "$T/seed.db"

SAMPLE="$SRC/assets/sample-news.epub" python3 - "$QUIRE" "$T" "$BIN/quire-pngtool" \
    "$SRC/tests/golden/data/ui" "$SRC/tests/cli" <<'PY'
import json, os, shutil, subprocess, sys

QUIRE, T, PNG, GOLD, LIB = sys.argv[1:6]
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, LIB)
from reader_lib import Reader
UPDATE = os.environ.get("QUIRE_UPDATE_GOLDEN") == "1"
WORDS = {"en": "asylum", "ru": "убежища", "fa": "پناهگاهی"}
failures = []


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def quire(db, *args):
    return subprocess.run([QUIRE, "--db", db, *args], capture_output=True, text=True)


def read(db, lang, name, lines, *extra, code=0):
    """One process of the reader: runs the script, returns its trace lines."""
    script, trace = f"{T}/{name}.script", f"{T}/{name}.trace"
    with open(script, "w") as f:
        f.write("".join(l + "\n" for l in lines))
    r = quire(db, "read", "--backend", "headless", "--device", "kindle-basic", "--ui-lang",
              lang, "--script", script, "--trace", trace, "--out", f"{T}/{name}", *extra)
    check(r.returncode == code, f"{name}: exit {r.returncode}, want {code}: {r.stderr}")
    frames = [json.loads(l) for l in open(trace)]
    check(all(f["ui_lang"] == lang for f in frames), f"{name}: a frame not in {lang}")
    return frames


def anchor(a):
    b, o = a.split(":")
    return int(b), int(o)


def golden(name, got):
    want = f"{GOLD}/{name}.png"
    if UPDATE:
        os.makedirs(GOLD, exist_ok=True)
        shutil.copy(got, want)
        return
    r = subprocess.run([PNG, "diff", want, got, "24"], capture_output=True, text=True)
    check(r.returncode == 0, f"{name} differs from its golden: {r.stdout}{r.stderr}")


def dark(png, x, y, w, h):
    return int(subprocess.check_output([PNG, "dark", png, str(x), str(y), str(w), str(h)]))


def walk(lang):
    db = f"{T}/{lang}.db"
    shutil.copy(f"{T}/seed.db", db)
    listed = json.loads(quire(db, "list", "--json").stdout)
    udhr = next(a["id"] for a in listed if a["title"] == "Universal Declaration of Human Rights")

    # The library first; its frame is the golden, mirrored in Persian (the unread marks sit
    # at the reading start of each row: left in English and Russian, right in Persian).
    lib = read(db, lang, f"{lang}-lib", ["shot library"])
    check(lib[0]["screen"] == "library" and lib[0]["kind"] == "full", f"{lang}: {lib[0]}")
    golden(f"library-{lang}", f"{T}/{lang}-lib/library.png")
    left = dark(f"{T}/{lang}-lib/library.png", 26, 100, 14, 600)
    right = dark(f"{T}/{lang}-lib/library.png", 560, 100, 14, 600)
    if lang == "fa":
        check(right > 2 * left > 0 or right > 0 == left, f"fa library not mirrored: {left} {right}")
    else:
        check(left > 2 * right, f"{lang} library: marks not on the left: {left} {right}")
    rows = lib[0]["rows"]
    check(udhr in rows, f"{lang}: the declaration is not on the first page: {rows}")
    downs = rows.index(udhr) - rows.index(lib[0]["selected"])

    # Open, three turns, a bigger font, one turn on and back, back to the library, reopen.
    keys = ["key down"] * downs if downs >= 0 else ["key up"] * -downs
    t = read(db, lang, f"{lang}-read", keys + ["key enter"] + ["key right"] * 3 +
             ["key plus", "key right", "key left", "key esc", "key enter"])
    t = t[1 + len(keys):]
    check(t[0]["screen"] == "article" and t[0]["article"] == udhr and t[0]["page"] == 1,
          f"{lang}: did not open the declaration: {t[0]}")
    turns = t[1:4]
    check([f["page"] for f in turns] == [2, 3, 4], f"{lang}: turns {[f['page'] for f in turns]}")
    check(all(anchor(a["anchor"]) < anchor(b["anchor"]) for a, b in zip(turns, turns[1:])),
          f"{lang}: anchors do not advance")
    place = turns[-1]["place"]
    big = t[4]
    check(big["pages"] > turns[-1]["pages"], f"{lang}: font size up did not lengthen: {big}")
    check(big["place"] == place and anchor(big["anchor"]) <= anchor(place),
          f"{lang}: place {place} is not on the page shown after font size up: {big}")
    check(anchor(t[5]["anchor"]) > anchor(place), f"{lang}: the next page still holds the place")
    check(t[6]["anchor"] == big["anchor"], f"{lang}: turning back did not return: {t[6]}")
    place = t[6]["place"]  # a turn makes the page's start the place
    check(t[7]["screen"] == "library" and t[7]["selected"] == udhr,
          f"{lang}: back did not select the article: {t[7]}")
    check(t[8]["screen"] == "article" and t[8]["anchor"] == big["anchor"] and
          t[8]["place"] == place, f"{lang}: reopening lost the place: {t[8]}")

    # A new process: the library selects the article to continue, Return reopens it there;
    # --article opens it there directly.
    r = read(db, lang, f"{lang}-restart", ["key enter"])
    check(r[0]["screen"] == "library" and r[0]["selected"] == udhr,
          f"{lang}: after a restart the library does not offer the article: {r[0]}")
    check(r[1]["article"] == udhr and r[1]["anchor"] == big["anchor"] and r[1]["place"] == place,
          f"{lang}: restart lost the place: {r[1]}")
    r = read(db, lang, f"{lang}-direct", [], "--article", str(udhr))
    check(r[0]["anchor"] == big["anchor"], f"{lang}: --article lost the place: {r[0]}")

    # Search: tap two keys of the top row, tap backspace twice, then type the word.
    s = read(db, lang, f"{lang}-kb", ["key search"])[-1]
    check(s["screen"] == "search" and s["query"] == "", f"{lang}: search did not open: {s}")
    x, y, kw, kh, n = s["row0"]
    tap = lambda i: f"tap {x + i * kw + kw // 2} {y + kh // 2}"
    bs = "tap %d %d" % tuple(s["backspace"])
    word = WORDS[lang]
    t = read(db, lang, f"{lang}-search", ["key search", tap(1), tap(2), bs, bs, f"text {word}",
                                          "key enter", "key enter"])
    queries = []  # the query as it changes (a tap draws its press, then the typed key)
    for f in t:
        if f["screen"] == "search" and (not queries or queries[-1] != f["query"]):
            queries.append(f["query"])
    check(len(queries) >= 6 and queries[0] == "" and len(queries[1]) == 1 and
          queries[2].startswith(queries[1]) and len(queries[2]) == 2,
          f"{lang}: tapped keys did not type: {queries}")
    check(queries[3:5] == [queries[1], ""], f"{lang}: backspace: {queries}")
    check(queries[-1] == word, f"{lang}: typed {queries[-1]!r}, want {word!r}")
    at = next(i for i, f in enumerate(t) if f["screen"] == "results")
    res, art = t[at], t[at + 1]
    check(res["results"] >= 1, f"{lang}: no results: {res}")
    first = res["rows"][0]
    check(art["screen"] == "article" and art["article"] == first, f"{lang}: result: {art}")
    body = quire(db, "show", str(first)).stdout
    check(word in body, f"{lang}: article {first} does not contain {word}")
    # The first match (found in the typesetter's lines, any case) is on the page it opened at,
    # between the page's first anchor and the end of its last line; in these long texts that
    # is not the first page.
    at = Reader(QUIRE, T).first_match(db, first, word)
    check(anchor(art["anchor"]) <= at < anchor(art["last"]),
          f"{lang}: the first {word} {at} is not on the page shown: {art}")
    check(art["page"] > 1, f"{lang}: opened at page 1, not at the match: {art}")


def long_press():
    """Hold on a row: star, mark read, delete (asked first; Cancel is the default), as the
    command line's star, read and delete: a deleted article stays deleted on a new import."""
    db = f"{T}/hold.db"
    shutil.copy(f"{T}/seed.db", db)
    lib = read(db, "en", "hold-probe", [])[0]
    x, y, w, h = lib["row0"]
    victim = lib["rows"][1]
    hold = f"hold {x + w // 2} {lib['row_y'][1] + h // 2}"  # the second row
    t = read(db, "en", "hold-star", [hold])
    check(t[-1]["screen"] == "menu" and t[-1]["label"] == "Star", f"hold: {t[-1]}")
    read(db, "en", "hold-star2", [hold, "key enter"])
    article = lambda: [a for a in json.loads(quire(db, "list", "--json").stdout)
                       if a["id"] == victim]
    check(article()[0]["starred"], "Star from the long-press menu did not star")
    t = read(db, "en", "hold-read", [hold, "key down", "key enter"])
    check(t[2]["label"] == "Mark as read", f"the second item: {t[2]}")
    is_read = subprocess.check_output(["sqlite3", db, f"SELECT is_read FROM articles WHERE id = {victim}"])
    check(is_read.strip() == b"1", "Mark as read from the long-press menu did not mark it")
    t = read(db, "en", "hold-cancel", [hold, "key down", "key down", "key enter", "key enter"])
    check(t[4]["screen"] == "menu" and t[4]["label"] == "Cancel", f"no question: {t[4]}")
    check(article(), "Delete did not ask first")
    t = read(db, "en", "hold-delete", [hold, "key down", "key down", "key enter", "key down",
                                       "key enter"])
    check(t[-1]["screen"] == "library" and victim not in t[-1]["rows"], f"{t[-1]}")
    check(not article(), "Delete from the long-press menu did not delete")
    quire(db, "import", os.environ["SAMPLE"])
    check(not article(), "the deleted article came back with a new import")


for lang in ("en", "ru", "fa"):
    try:
        walk(lang)
    except AssertionError as e:
        failures.append(str(e))
try:
    long_press()
except AssertionError as e:
    failures.append(str(e))
for f in failures:
    print("FAIL:", f, file=sys.stderr)
sys.exit(1 if failures else 0)
PY

# Bad input: one line, exit 2, nothing changed.
before=$(library_fingerprint)
for bad in "--screen bogus" "--ui-lang xx" "--font-size 5" "--set reader.justify=maybe" \
    "--set reader.nope=1"; do
    # shellcheck disable=SC2086
    expect_exit 2 q read --backend headless $bad
    [ "$(wc -l <"$T/err")" -eq 1 ] || fail "$bad: not one line: $(cat "$T/err")"
    grep -qE "bogus|'xx'|'5'|reader.justify wants on\|off, not 'maybe'|reader.nope" "$T/err" ||
        fail "$bad: unclear: $(cat "$T/err")"
done
[ "$(library_fingerprint)" = "$before" ] || fail "bad flags changed the library"

# A library that is not a SQLite file: the error screen, exit 1, the file untouched.
head -c 8192 /dev/urandom >"$T/junk.db"
sum=$(sha256sum <"$T/junk.db")
expect_exit 1 "$QUIRE" --db "$T/junk.db" read --backend headless --trace "$T/junk.trace"
grep -q '"screen":"error"' "$T/junk.trace" || fail "no error screen: $(cat "$T/junk.trace")"
grep -q "junk.db" "$T/err" || fail "the error does not name the file: $(cat "$T/err")"
[ "$(sha256sum <"$T/junk.db")" = "$sum" ] || fail "the broken library was written to"
echo ok
