#!/usr/bin/python3
"""Compares `quire feed parse --json` with Debian's python3-feedparser on one feed file:
the feed's title and, item by item, title, link, guid and dates. Exit 1 with one line per
disagreement. Usage: feedparser_compare.py QUIRE FEED_FILE BASE_URL
Debian's feedparser (6.0.10) has no JSON Feed support, so a .json file is read by the spec
with Python's json module and urljoin instead (a second, independent reading)."""
import calendar
import html
import json
import re
import subprocess
import sys

import feedparser


def plain(text, detail):
    """feedparser keeps titles as HTML when it thinks they are; Quire stores plain text."""
    if text is None:
        return ""
    if detail and detail.get("type") in ("text/html", "application/xhtml+xml"):
        text = html.unescape(re.sub(r"<[^>]*>", "", text))
    return " ".join(text.split())


def epoch(st):
    return calendar.timegm(st) if st else None


def quire_epoch(s):
    if s is None:
        return None
    import datetime
    return int(datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc).timestamp())


def json_feed(path, base):
    """A JSON Feed as feedparser would present it: feed.title, entries with the same keys."""
    import datetime
    import types
    import urllib.parse
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    base = urllib.parse.urljoin(base, doc.get("feed_url", ""))
    entries = []
    for item in doc["items"]:
        e = {"title": item.get("title"), "id": str(item["id"])}
        if item.get("url"):
            e["link"] = urllib.parse.urljoin(base, item["url"])
        for key, name in (("date_published", "published_parsed"),
                          ("date_modified", "updated_parsed")):
            if item.get(key):
                t = datetime.datetime.fromisoformat(item[key].replace("Z", "+00:00"))
                e[name] = t.astimezone(datetime.timezone.utc).timetuple()
        entries.append(e)
    return types.SimpleNamespace(feed={"title": doc.get("title")}, entries=entries)


def main():
    quire, path, base = sys.argv[1:4]
    out = subprocess.run([quire, "feed", "parse", "--json", "--url", base, path],
                         check=True, capture_output=True).stdout
    q = json.loads(out)
    if path.endswith(".json"):
        fp = json_feed(path, base)
    else:
        with open(path, "rb") as f:
            fp = feedparser.parse(f.read(), response_headers={"content-location": base})
    problems = []
    fp_title = plain(fp.feed.get("title"), fp.feed.get("title_detail"))
    if fp_title != q["title"]:
        problems.append(f"feed title: feedparser {fp_title!r}, quire {q['title']!r}")
    if len(fp.entries) != len(q["items"]):
        problems.append(f"items: feedparser {len(fp.entries)}, quire {len(q['items'])}")
    for i, (e, it) in enumerate(zip(fp.entries, q["items"])):
        checks = [("title", plain(e.get("title"), e.get("title_detail")), it["title"])]
        if "link" in e:
            checks.append(("link", e["link"], it["link"]))
        if "id" in e:
            checks.append(("guid", e["id"], it["guid"]))
        # dict.get: FeedParserDict would fall back from updated to published by itself.
        if dict.get(e, "published_parsed"):
            checks.append(("published", epoch(e["published_parsed"]),
                           quire_epoch(it["published"])))
        if dict.get(e, "updated_parsed"):
            checks.append(("updated", epoch(dict.get(e, "updated_parsed")),
                           quire_epoch(it["updated"])))
        for name, want, got in checks:
            if want != got:
                problems.append(f"item {i + 1} {name}: feedparser {want!r}, quire {got!r}")
    for p in problems:
        print(f"{path}: {p}")
    print(f"{path}: {len(fp.entries)} items compared, {len(problems)} disagreements",
          file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
