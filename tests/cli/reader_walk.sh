#!/usr/bin/env bash
# The reader's features beyond the walk of reader_ui.sh, headless on a kindle-basic panel and
# checked through --trace (one line per update; "update" 0 starts a frame):
# - refresh discipline: opening a screen is one full refresh; a menu opens with a partial
#   update of its box however small, its highlight moves are fast updates of two rows, closing
#   it flashes the box only and gives back the same page; a library selection move and a
#   keyboard key are fast and small; page turns keep the every-N rule (--full-every 3);
# - the library's filters (unread, starred, section, language, publisher) list exactly the
#   articles that match; `s` stars in the library and in an article, for good; `]` and `[`
#   open the next and previous article of the library; an article is read once its last page
#   is reached; the tap zones of a Persian article are mirrored, and swap for left-handers;
#   the library says how old the news is and how far each article was read;
# - the keyboard's layout key goes Latin -> Cyrillic -> Persian, and a Russian word tapped on
#   the Cyrillic keys finds the Russian article;
# - a result opens at the page of the search's first match, whatever its case: here the
#   snippet marks a later "Breakwater" and the first match is "breakwater".
# A second publisher's bundle (Harbour Gazette: sections Local and Weather) joins the sample.
. "$(dirname "$0")/lib.sh"
export TZ=UTC

q trust add "$SRC/assets/sample-news.pub" --name "Quire sample publisher" >/dev/null
q import "$SRC/assets/sample-news.epub" >/dev/null
make_key "$T/gazette"
q trust add "$T/gazette.pub" --name "Harbour Gazette" >/dev/null
mkdir "$T/gazette"
python3 - "$SRC/tests/data/corpus/long-en.txt" "$T/gazette" <<'PY'
import sys
src, out = sys.argv[1:3]
paras = [l.strip() for l in open(src, encoding="utf-8") if l.strip()]
def write(name, title, body):
    with open(f"{out}/{name}.txt", "w", encoding="utf-8") as f:
        f.write(title + "\n\n" + "\n\n".join(body) + "\n")
# The first "breakwater" is lowercase, a page in; a later paragraph says "Breakwater" four
# times, so the search's snippet shows (and marks) that capitalised one.
write("harbour", "Notes from the harbour",
      paras[0:8] + ["Boats wait behind the old breakwater when the wind turns."] + paras[8:22] +
      ["Breakwater repairs: Breakwater Street, Breakwater Lane and Breakwater Quay."])
write("tides", "Tide tables for the week", paras[30:33])
write("storm", "A storm is coming", paras[40:42])
PY
# Published three hours before the headless clock's start (2026-01-01 09:00 UTC).
"$QUIRE" bundle create --key "$T/gazette.key" --out "$T/gazette.qb" --publisher "Harbour Gazette" \
    --published 2026-01-01T06:00:00Z --section Local "$T/gazette/harbour.txt" \
    "$T/gazette/tides.txt" --section Weather "$T/gazette/storm.txt" >/dev/null
q import "$T/gazette.qb" >/dev/null
# The bundles' own times are the wall clock's when they were made: put the newest three hours
# before the headless clock, the sample a day before it, for the library's "news from" line.
sqlite3 "$DB" "UPDATE bundles SET created = 1767258000 - 86400;
               UPDATE bundles SET created = 1767258000 - 3 * 3600 - 60
               WHERE id = (SELECT max(id) FROM bundles)"
cp "$DB" "$T/seed.db"

python3 - "$QUIRE" "$T" "$SRC/tests/cli" <<'PY'
import filecmp, shutil, sqlite3, sys

QUIRE, T, LIB = sys.argv[1:4]
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, LIB)
from reader_lib import Reader, anchor, area, check, frames_of, inside

R = Reader(QUIRE, T)
SCREEN = {"x": 0, "y": 0, "w": 600, "h": 800}
failures = []


def fresh(name):
    db = f"{T}/{name}.db"
    shutil.copy(f"{T}/seed.db", db)
    return db


db0 = fresh("probe")
ARTICLES = R.articles(db0)
ID = {a["title"]: a["id"] for a in ARTICLES}
UDHR, FA = ID["Universal Declaration of Human Rights"], ID["اعلامیه جهانی حقوق بشر"]
RU, HARBOUR = ID["Всеобщая декларация прав человека"], ID["Notes from the harbour"]
GAZETTE = [a["id"] for a in ARTICLES if a["publisher"] == "Harbour Gazette"]


def library_pages(db, name):
    """The library's frames from its first page, one per page of rows (a turn past the last
    presents nothing)."""
    return [f for f in R.read(db, name, ["key home"] + ["key right"] * 12)
            if f["screen"] == "library"]


def library_order(db):
    """Every article in the library's order, by its pages of rows."""
    rows = []
    for f in library_pages(db, "order"):
        rows += [i for i in f["rows"] if i not in rows]
    return rows


def unread_anywhere(db, name):
    return {i for f in library_pages(db, name) for i in f["unread"]}


def one_full(frame, what):
    check(len(frame) == 1 and frame[0]["kind"] == "full" and frame[0]["region"] == SCREEN,
          f"{what} is not one full refresh: {[(u['kind'], u['region']) for u in frame]}")


def refresh():
    db = fresh("refresh")
    lines = ["key down", "key enter", "key help", "key esc", "shot before", "key menu",
             "key down", "key down", "key esc", "shot after", "key search", "text a", "key esc",
             "shot closed"]
    f = frames_of(R.read(db, "refresh", lines))
    check(len(f) == 12, f"refresh: {len(f)} frames for 11 changes")
    one_full(f[0], "opening the library")
    move = f[1]
    check(all(u["kind"] == "fast" for u in move) and len(move) == 1, f"library move: {move}")
    check(move[0]["region"]["h"] <= 2 * f[0][0]["row0"][3], f"library move: {move[0]['region']}")
    one_full(f[2], "opening an article")
    check(f[3][0]["screen"] == "help", f"help: {f[3][0]['screen']}")
    one_full(f[3], "opening help")
    menu, down1, down2, closed = f[5], f[6], f[7], f[8]
    check(len(menu) == 1 and menu[0]["kind"] == "partial" and menu[0]["screen"] == "menu",
          f"the menu does not open with one partial update: {menu}")
    box = menu[0]["region"]
    check(area(box) < area(SCREEN), f"the menu's update covers the screen: {box}")
    row_h = down2[0]["region"]["y"] - down1[0]["region"]["y"]
    for d in (down1, down2):
        r = d[0]["region"]
        check(len(d) == 1 and d[0]["kind"] == "fast", f"highlight move: {d}")
        check(inside(r, box) and 0 < r["h"] <= 2 * row_h + 4, f"highlight {r}, row {row_h}")
    check(len(closed) == 1 and closed[0]["kind"] == "flash" and closed[0]["screen"] == "article",
          f"closing the menu: {closed}")
    check(inside(closed[0]["region"], box) and area(closed[0]["region"]) < area(SCREEN),
          f"the flash on closing is not the menu's region: {closed[0]['region']} {box}")
    check(filecmp.cmp(f"{T}/refresh/before.png", f"{T}/refresh/after.png", shallow=False),
          "the page after closing the menu is not the page before it opened")
    key = f[10]
    check(key[0]["screen"] == "search" and key[0]["query"] == "a", f"typing: {key[0]}")
    check(all(u["kind"] == "fast" and area(u["region"]) * 10 <= area(SCREEN) for u in key),
          f"a keyboard key is not fast and small: {[(u['kind'], u['region']) for u in key]}")
    # The keyboard is a panel over the page: it opens partial over itself, and closing it is
    # one flash over the panel alone, after which the page is the page it covered.
    panel = f[9]
    check(len(panel) == 1 and panel[0]["kind"] == "partial" and area(panel[0]["region"]) < area(SCREEN),
          f"the keyboard panel does not open with one partial update of its own: {panel}")
    gone = f[11]
    check(len(gone) == 1 and gone[0]["kind"] == "flash" and gone[0]["screen"] == "article" and
          inside(gone[0]["region"], panel[0]["region"]),
          f"closing the keyboard is not one flash over its panel: {gone}")
    check(filecmp.cmp(f"{T}/refresh/after.png", f"{T}/refresh/closed.png", shallow=False),
          "the page after closing the keyboard is not the page it covered")
    # A small menu (a row's long-press menu) opens partial too, small as it is.
    lib = R.read(db, "hold-probe", [])[0]
    x, y, w, h = lib["row0"]
    held = frames_of(R.read(db, "hold", [f"hold {x + w // 2} {y + h // 2}"]))[1]
    check(held[0]["screen"] == "menu" and held[0]["items"] == 3, f"long press: {held[0]}")
    check(len(held) == 1 and held[0]["kind"] == "partial" and
          area(held[0]["region"]) * 4 < area(SCREEN),
          f"the long-press menu does not open with one small partial update: {held}")
    # Page turns with --full-every 3: every third is full (the whole screen), the others partial.
    f = frames_of(R.read(db, "turns", ["key right"] * 7, "--article", str(UDHR), "--full-every",
                         "3"))
    kinds = [[u["kind"] for u in t] for t in f[1:]]
    want = [["full"] if i % 3 == 2 else ["partial"] for i in range(7)]
    check(kinds == want, f"page turns with --full-every 3: {kinds}")
    check(all(t[0]["region"] == SCREEN for t in f[3::3]), "a full turn is not the whole screen")


def menu_to(db, name, downs, facet_downs=None):
    """The library after menu -> item (downs) [-> facet value (facet_downs)]; each library
    page's rows gathered by turning through them."""
    lines = ["key menu"] + ["key down"] * downs + ["key enter"]
    if facet_downs is not None:
        lines += ["key down"] * facet_downs + ["key enter"]
    t = R.read(db, name, lines + ["key right"] * 4)
    last_menu = max(i for i, f in enumerate(t) if f["screen"] == "menu")
    shown = [f for f in t[last_menu + 1:] if f["screen"] == "library"]
    rows = set()
    for f in shown:
        rows |= set(f["rows"])
    return shown[0]["count"], rows


def facet_labels(db, downs):
    """The values a facet's menu offers, in its order (the main menu's frames skipped)."""
    t = R.read(db, "facets", ["key menu"] + ["key down"] * downs + ["key enter"] +
               ["key down"] * 14)
    labels = []
    for f in t[downs + 2:]:
        if f["screen"] == "menu" and f["label"] not in labels:
            labels.append(f["label"])
    return labels


def filters():
    db = fresh("filters")
    read_ids, star_ids = [UDHR, HARBOUR], [RU, GAZETTE[2]]
    with sqlite3.connect(db) as c:
        c.executemany("UPDATE articles SET is_read = 1 WHERE id = ?", [(i,) for i in read_ids])
        c.executemany("UPDATE articles SET starred = 1 WHERE id = ?", [(i,) for i in star_ids])
    everyone = {a["id"] for a in ARTICLES}
    for name, downs, want in [("All", 0, everyone), ("Unread", 1, everyone - set(read_ids)),
                              ("Starred", 2, set(star_ids))]:
        count, rows = menu_to(db, "filter-" + name, downs)
        check(rows == want and count == len(want), f"filter {name}: {sorted(rows)} {count}, "
              f"want {sorted(want)}")
    for downs, field, value in [(3, "section", "Local"), (4, "language", "ru"),
                                (5, "publisher", "Harbour Gazette")]:
        labels = facet_labels(db, downs)
        check(value in labels, f"{field}: no {value} among {labels}")
        want = {a["id"] for a in ARTICLES if a[field] == value}
        count, rows = menu_to(db, f"filter-{field}", downs, labels.index(value))
        check(rows == want and count == len(want),
              f"filter {field}={value}: {sorted(rows)} {count}, want {sorted(want)}")


def starred_in_list(db, article):
    return next(a["starred"] for a in R.articles(db) if a["id"] == article)


def star():
    db = fresh("star")
    lib = R.read(db, "star-lib", ["key star"])
    sel = lib[0]["selected"]
    check(lib[-1]["starred"] == [sel] and starred_in_list(db, sel), f"library star: {lib[-1]}")
    lib = R.read(db, "star-lib2", ["key star"])
    check(lib[-1]["starred"] == [] and not starred_in_list(db, sel), "a second s did not unstar")
    t = R.read(db, "star-art", ["key star"], "--article", str(FA))
    check(not t[0]["starred"] and t[-1]["starred"], f"article star: {t[-1]}")
    check(starred_in_list(db, FA), "the article's star is not in the library")
    t = R.read(db, "star-again", [], "--article", str(FA))
    check(t[0]["starred"], "the article's star did not survive a restart")


def neighbours():
    db = fresh("neighbours")
    order = library_order(db)
    lib = R.read(db, "nb-probe", [])[0]
    first = lib["selected"]
    check(first == order[0], f"the library does not start on its first row: {lib}")
    t = [f[0] for f in frames_of(R.read(db, "nb", ["key enter", "text ]", "text ]", "text [",
                                                 "key esc"]))]
    check(len(t) == 6, f"{len(t)} frames for 5 keys")
    check([f["article"] for f in t[1:4]] == [order[0], order[1], order[2]],
          f"] opened {[f['article'] for f in t[1:4]]}, want {order[:3]}")
    check(t[4]["article"] == order[1] and t[4]["screen"] == "article", f"[ opened {t[4]}")
    check(t[5]["screen"] == "library" and t[5]["selected"] == order[1], f"back: {t[5]}")
    t = R.read(db, "nb-first", ["text ["], "--article", str(order[0]))
    check(len(t) == 1, f"[ on the first article opened {t[-1]['article']}")


def neighbours_filtered():
    """Opened from a filtered library, ] and [ stay inside that list."""
    db = fresh("nbf")
    star = [RU, GAZETTE[2]]
    with sqlite3.connect(db) as c:
        c.executemany("UPDATE articles SET starred = 1 WHERE id = ?", [(i,) for i in star])
    order = [i for i in library_order(db) if i in star]
    t = R.read(db, "nbf", ["key menu", "key down", "key down", "key enter", "key home",
                           "key enter", "text ]", "text ]", "text [", "text ["])
    opened = [f["article"] for f in t if f["screen"] == "article"]
    seen = [a for i, a in enumerate(opened) if i == 0 or a != opened[i - 1]]
    check(seen == [order[0], order[1], order[0]],
          f"] and [ in the Starred list opened {seen}, want {order[:2]} and back")


def read_at_end():
    """Read once the last page is shown, not a page before."""
    db = fresh("end")
    pages = R.read(db, "end-probe", [], "--article", str(UDHR))[0]["pages"]
    check(pages > 3, f"the declaration has {pages} pages")
    unread = unread_anywhere(db, "end-lib")
    check(UDHR in unread, f"{UDHR} is not unread at first: {unread}")
    t = R.read(db, "end-short", ["key right"] * (pages - 2), "--article", str(UDHR))
    check(t[-1]["page"] == pages - 1, f"turned to {t[-1]['page']}, want {pages - 1}")
    check(UDHR in unread_anywhere(db, "end-lib2"),
          "the page before the last marked the declaration read")
    t = R.read(db, "end-last", ["key right"], "--article", str(UDHR))
    check(t[-1]["page"] == pages, f"turned to {t[-1]['page']}, want {pages}")
    check(UDHR not in unread_anywhere(db, "end-lib3"), "the unread mark stayed after the last page")


def tap_zones():
    """A tap on the left third turns back in English, forward in Persian; left-handed swaps."""
    taps = ["key right", "tap 100 400", "tap 500 400"]
    for article, extra, want in [(UDHR, [], [1, 2, 1, 2]), (FA, [], [1, 2, 3, 2]),
                                 (UDHR, ["--set", "ui.left_handed=on"], [1, 2, 3, 2]),
                                 (FA, ["--set", "ui.left_handed=on"], [1, 2, 1, 2])]:
        t = R.read(fresh("zones"), "zones", taps, "--article", str(article), *extra)
        pages = [f["page"] for f in t]
        check(pages == want, f"taps on {article} {extra}: pages {pages}, want {want}")


def header_and_progress():
    db = fresh("header")
    t = R.read(db, "header", ["key right"] * 3 + ["key esc"], "--article", str(UDHR))
    page, pages = t[3]["page"], t[3]["pages"]
    lib = R.read(db, "header-lib", [])[0]
    check(lib["news"] == "News from 3 hours ago", f"the library's header: {lib['news']!r}")
    meta = dict(zip(lib["rows"], lib["row_meta"]))
    want = f"{page * 1000 // pages // 10}%"
    check(UDHR in meta and want in meta[UDHR].split(" · "),
          f"progress of the declaration at page {page} of {pages}: {meta.get(UDHR)!r}, {want}")
    for f in library_pages(db, "header-pages"):
        meta.update(zip(f["rows"], f["row_meta"]))
    for i in GAZETTE:  # published three hours before the clock, never opened
        check(i in meta and "3 hours ago" in meta[i] and "%" not in meta[i],
              f"row of {i}: {meta.get(i)!r}")


def keyboard_layouts():
    db = fresh("keyboard")
    s = R.read(db, "kb-probe", ["key search"])[-1]
    # The layout key is the first fifth of the bottom row: backspace is the fourth fifth,
    # search the fifth, so the layout key's centre is three fifths left of backspace's.
    (bx, by), (ex, _) = s["backspace"], s["enter"]
    layout_key = f"tap {bx - 3 * (ex - bx)} {by}"
    t = R.read(db, "kb-layouts", ["key search"] + [layout_key] * 3)
    layouts = []
    for f in t:
        if f["screen"] == "search" and (not layouts or layouts[-1] != f["layout"]):
            layouts.append(f["layout"])
    check(layouts == [0, 1, 2, 0], f"the layout key goes {layouts}, want Latin, Cyrillic, "
          "Persian, Latin")
    cyr = next(f for f in t if f["screen"] == "search" and f["layout"] == 1)
    x0, y0, kw, kh, n = cyr["row0"]
    check(n == 11, f"the Cyrillic top row has {n} keys")
    keys = [(1, 9), (2, 4), (0, 9), (0, 5), (2, 6)]  # ж и з н ь: "жизнь" (life)
    taps = [f"tap {x0 + c * kw + kw // 2} {y0 + r * kh + kh // 2}" for r, c in keys]
    t = R.read(db, "kb-cyrillic", ["key search", layout_key] + taps + ["key enter"])
    query = [f["query"] for f in t if f["screen"] == "search"][-1]
    check(query == "жизнь", f"tapped {query!r}, want 'жизнь'")
    res = t[-1]
    check(res["screen"] == "results" and res["rows"] == [RU], f"жизнь found {res}")


def capitalised_search():
    db = fresh("capital")
    t = R.read(db, "capital", ["key search", "text breakwater", "key enter", "key enter"])
    art = t[-1]
    check(art["screen"] == "article" and art["article"] == HARBOUR, f"result: {art}")
    at = R.first_match(db, HARBOUR, "breakwater")
    check(anchor(art["anchor"]) <= at < anchor(art["last"]),
          f"the first breakwater {at} is not on the page opened, {art['anchor']}..{art['last']}")


for test in (refresh, filters, star, neighbours, neighbours_filtered, read_at_end, tap_zones, header_and_progress,
             keyboard_layouts, capitalised_search):
    try:
        test()
    except AssertionError as e:
        failures.append(f"{test.__name__}: {e}")
for f in failures:
    print("FAIL:", f, file=sys.stderr)
sys.exit(1 if failures else 0)
PY
echo ok
