"""Helpers for the reader's headless tests (imported by tests/cli/reader_*.sh, not a test
itself): run `quire read` on a script and read its trace, group the trace's lines (one per
update) into frames, and find where a word first occurs in an article through
`quire typeset --json`, an oracle that does not go through the reader."""
import json
import re
import subprocess


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def anchor(a):
    """"block:offset" -> (block, offset), comparable."""
    b, o = a.split(":")
    return int(b), int(o)


def area(r):
    return r["w"] * r["h"]


def inside(r, box):
    return (r["x"] >= box["x"] and r["y"] >= box["y"] and r["x"] + r["w"] <= box["x"] + box["w"]
            and r["y"] + r["h"] <= box["y"] + box["h"])


def frames_of(lines):
    """Trace lines -> frames, each the list of its updates ("update" 0 starts a frame)."""
    frames = []
    for line in lines:
        if line["update"] == 0:
            frames.append([])
        frames[-1].append(line)
    return frames


class Reader:
    """Runs the headless reader on a kindle-basic panel in the test's folder."""

    def __init__(self, quire, tmp):
        self.quire_bin, self.tmp = quire, tmp

    def quire(self, db, *args):
        return subprocess.run([self.quire_bin, "--db", db, *args], capture_output=True,
                              text=True)

    def read(self, db, name, lines, *extra, code=0):
        """One process of the reader on the script lines; returns its trace lines."""
        script, trace = f"{self.tmp}/{name}.script", f"{self.tmp}/{name}.trace"
        with open(script, "w") as f:
            f.write("".join(l + "\n" for l in lines))
        r = self.quire(db, "read", "--backend", "headless", "--device", "kindle-basic",
                       "--script", script, "--trace", trace, "--out", f"{self.tmp}/{name}",
                       *extra)
        check(r.returncode == code, f"{name}: exit {r.returncode}, want {code}: {r.stderr}")
        return [json.loads(l) for l in open(trace, encoding="utf-8")]

    def articles(self, db):
        return json.loads(self.quire(db, "list", "--json").stdout)

    def first_match(self, db, article, word):
        """(block, code point offset) of the first whole-word, any-case occurrence of word in
        the article, from the typesetter's lines (a hyphenated line's added hyphen dropped)."""
        r = self.quire(db, "typeset", str(article), "--json")
        check(r.returncode == 0, f"typeset {article}: {r.stderr}")
        blocks = {}
        for page in json.loads(r.stdout)["pages"]:
            for line in page["lines"]:
                text = line["text"][:line["end"] - line["start"]]
                chars = blocks.setdefault(line["block"], [])
                chars.extend(" " * (line["end"] - len(chars)))
                chars[line["start"]:line["end"]] = text
        pattern = re.compile(r"\b" + re.escape(word) + r"\b", re.IGNORECASE)
        for b in sorted(blocks):
            m = pattern.search("".join(blocks[b]))
            if m:
                return b, m.start()
        raise AssertionError(f"{word!r} is not in article {article}")
