#!/usr/bin/env bash
# scripts/make-sample.sh builds a verifiable sample: the news article without its page
# boilerplate (byline and credit kept), one UDHR article per language in its own section with
# its BCP 47 tag, a fresh key each run whose secret half is gone afterwards.
. "$(dirname "$0")/lib.sh"
SAMPLE_OUT="$T/a" bash "$SRC/scripts/make-sample.sh" "$QUIRE" >/dev/null
SAMPLE_OUT="$T/b" bash "$SRC/scripts/make-sample.sh" "$QUIRE" >/dev/null
[ -z "$(find "$T" -name '*.key')" ] || fail "a secret key was left behind"
cmp -s "$T/a/sample-news.pub" "$T/b/sample-news.pub" && fail "two runs made the same key"
expect_exit 0 "$QUIRE" bundle verify --pubkey "$T/a/sample-news.pub" --json "$T/a/sample-news.epub"
"$QUIRE" bundle manifest "$T/a/sample-news.epub" >"$T/m.json"
unzip -p "$T/a/sample-news.epub" OEBPS/articles/a00001.xhtml >"$T/news.xhtml"
python3 - "$T/m.json" "$T/news.xhtml" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
arts = m["articles"]
news = arts[0]
assert news["title"] == "White House, Kremlin Say Trump, Putin Agree To Work Together", news
assert news["section"] == "News" and news["language"] == "en" and news["byline"] == "RFE/RL"
want = {"en": "English", "ru": "Russian", "uk": "Ukrainian", "kk": "Kazakh", "sr-Cyrl": "Serbian",
        "uz-Latn": "Uzbek", "ro": "Romanian", "fa": "Persian", "ar": "Arabic", "ka": "Georgian",
        "hi": "Hindi", "zh-Hans": "Chinese"}
got = {a["language"]: a["section"] for a in arts[1:]}
assert got == want, got
assert len(arts) == 13 and set(m["languages"]) == set(want), m["languages"]
body = open(sys.argv[2], encoding="utf-8").read()
for gone in ["Accessibility links", "Breaking News", "16x9 Image", "undesirable organization",
             "click here", "spoke for about 30 minutes"]:
    assert gone not in body, gone
for kept in ["The hour-long call on January 28", "With reporting by Reuters", "RFE/RL, Inc.",
             '<p class="byline">RFE/RL</p>']:
    assert kept in body, kept
PY
echo "make_sample: ok"
