#!/usr/bin/env bash
# epubcheck reports no errors on a bundle from `quire bundle create` (text, HTML and XHTML
# inputs, several sections and languages, right-to-left included) nor on the sample bundle.
set -euo pipefail
: "${QUIRE:?}" "${SRC:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cd "$t"
epubcheck() { # the Debian jar is not always executable directly (no binfmt for jars)
    if [ -x /usr/bin/epubcheck ] && /usr/bin/epubcheck --version >/dev/null 2>&1; then
        /usr/bin/epubcheck "$@"
    else
        java -jar /usr/share/java/epubcheck.jar "$@"
    fi
}
check() {
    local out
    out=$(epubcheck "$1" 2>&1) || { echo "$out" >&2; echo "FAIL: epubcheck on $1" >&2; exit 1; }
    grep -q 'Messages: 0 fatals / 0 errors' <<<"$out" || { echo "$out" >&2; exit 1; }
}
corpus="$SRC/tests/data/corpus"
cat >page.html <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>A web page &amp; more</title>
<meta name="author" content="Jane Doe"><style>p{color:red}</style>
<script>alert(1)</script></head><body onload="x()">
<nav><a href="/">Home</a></nav><h1>Headline</h1>
<p style="x" onclick="y()">Para with <b>bold <i>nested</i></b>,
a <a href="https://example.org/x?a=1&b=2">link</a>
and <a href="javascript:evil()">no link</a>.<br>Line two.
<iframe src="https://ads.example"></iframe><form><input name=q></form>
<ul><li>one<li>two</ul><table><tr><td colspan=2>cell<td>x</table>
<span><p>block in inline</p></span><font color=red>old</font><img src="a.png" alt="pic">
<p>Unclosed <em>emphasis</p><div><li>stray item</li></div>
<ul><ul><li>nested list</li></ul><br><p>para in list</p></ul><dl><p>x</p><dt>t<dd>d</dl>
<table><p>para in table</p><td>cell without row</td></table>
<a href="#x"><a href="https://a.example">nested</a></a>
HTML
printf '<p>Control\001chars and \357\277\276 non-characters</p></body></html>\n' >>page.html
cat >doc.xhtml <<'XHTML'
<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>An XHTML piece</title></head>
<body><p>Text ‐ with “quotes” and <code>code</code>.</p></body></html>
XHTML
"$QUIRE" bundle keygen --out k >/dev/null
"$QUIRE" bundle create --key k.key --out mixed.epub --publisher "Check & Co" \
    --section World "$corpus/seed-article.txt" page.html doc.xhtml \
    --section Arabic --lang ar "$corpus/udhr-ar.txt" --section Chinese --lang zh-Hans \
    "$corpus/udhr-zh-Hans.txt" >/dev/null
"$QUIRE" bundle verify --pubkey k.pub mixed.epub >/dev/null
page=$(unzip -p mixed.epub OEBPS/articles/a00002.xhtml)
for bad in '<script' '<style' 'onload' 'onclick' '<iframe' '<form' 'javascript:' '<img'; do
    grep -q -- "$bad" <<<"$page" && { echo "FAIL: '$bad' kept in converted HTML" >&2; exit 1; }
done
grep -q 'Jane Doe' <<<"$page" || { echo "FAIL: byline from <meta name=author> lost" >&2; exit 1; }
check mixed.epub
check "$SRC/assets/sample-news.epub"
echo "epubcheck: ok"
