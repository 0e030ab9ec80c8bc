#!/usr/bin/python3
"""Scores `quire extract` against Readability's extraction of the same pages.

For every PAGE folder (source.html, expected.html, expected-metadata.json) under the given
roots: word precision, recall and F1 of the extracted text against the visible text of
expected.html (words are lowercased runs of letters and digits, counted as multisets), and
whether title and byline equal Readability's (whitespace collapsed). Prints one line per page
and the means; with --min-mean-f1 / --min-page-f1 exits 1 below them (the test uses it).
Usage: extract_score.py QUIRE ROOT... [--min-mean-f1 X] [--min-page-f1 Y] [--quiet]"""
import argparse
import collections
import html.parser
import json
import os
import re
import subprocess
import sys

WORD = re.compile(r"\w+", re.UNICODE)


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def words(text):
    return collections.Counter(w.lower() for w in WORD.findall(text))


def prf(got, want):
    common = sum((got & want).values())
    g, w = sum(got.values()), sum(want.values())
    if g == 0 and w == 0:
        return 1.0, 1.0, 1.0
    p = common / g if g else 0.0
    r = common / w if w else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def norm(s):
    return " ".join((s or "").split())


def score_page(quire, folder):
    out = subprocess.run([quire, "extract", "--json", "--url", "http://fakehost/test/page.html",
                          os.path.join(folder, "source.html")], capture_output=True)
    if out.returncode != 0:
        return None, out.stderr.decode(errors="replace").strip()
    got = json.loads(out.stdout)
    parser = Text()
    with open(os.path.join(folder, "expected.html"), encoding="utf-8") as f:
        parser.feed(f.read())
    want_text = "".join(parser.parts)
    with open(os.path.join(folder, "expected-metadata.json"), encoding="utf-8") as f:
        meta = json.load(f)
    p, r, f1 = prf(words(got["text"] or ""), words(want_text))
    return {"p": p, "r": r, "f1": f1,
            "title": norm(got["title"]) == norm(meta.get("title")),
            "byline": norm(got["byline"]) == norm(meta.get("byline"))}, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("quire")
    ap.add_argument("roots", nargs="+")
    ap.add_argument("--min-mean-f1", type=float)
    ap.add_argument("--min-page-f1", type=float)
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    folders = sorted(os.path.join(root, d) for root in a.roots for d in os.listdir(root)
                     if os.path.isfile(os.path.join(root, d, "source.html")))
    results, low, failed = [], [], []
    for folder in folders:
        s, problem = score_page(a.quire, folder)
        name = os.path.basename(folder)
        if s is None:
            failed.append(name)
            print(f"{name:48s} FAILED: {problem}")
            continue
        results.append(s)
        if a.min_page_f1 is not None and s["f1"] < a.min_page_f1:
            low.append(name)
        if not a.quiet:
            print(f"{name:48s} P {s['p']:.3f}  R {s['r']:.3f}  F1 {s['f1']:.3f}  "
                  f"title {'ok' if s['title'] else 'no'}  byline {'ok' if s['byline'] else 'no'}")
    n = len(results) or 1
    mean = {k: sum(r[k] for r in results) / n for k in ("p", "r", "f1", "title", "byline")}
    print(f"pages {len(results)}: mean P {mean['p']:.3f}  R {mean['r']:.3f}  F1 {mean['f1']:.3f}"
          f"  title {mean['title']:.3f}  byline {mean['byline']:.3f}  "
          f"below 0.5: {sum(r['f1'] < 0.5 for r in results)}")
    bad = bool(failed)
    if a.min_mean_f1 is not None and mean["f1"] < a.min_mean_f1:
        print(f"mean F1 {mean['f1']:.3f} is below {a.min_mean_f1}")
        bad = True
    if low:
        print(f"below F1 {a.min_page_f1}: {' '.join(low)}")
        bad = True
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
