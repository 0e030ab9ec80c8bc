#!/usr/bin/env bash
# Every kind of bad bundle through `quire import`: exit 1, one error line that names the file
# and the problem, and the library exactly as it was (same dump, integrity ok).
# Fixtures come from tests/data/make-bad-bundles.sh, signed with a key the library trusts.
. "$(dirname "$0")/lib.sh"
make_key "$T/pub"
q trust add "$T/pub.pub" >/dev/null
make_articles "$T/good" 3 good
"$QUIRE" bundle create --key "$T/pub.key" --out "$T/good.epub" --publisher P "$T"/good/*.txt >/dev/null
q import "$T/good.epub" >/dev/null
bash "$SRC/tests/data/make-bad-bundles.sh" "$QUIRE" "$T/bad" "$T/pub.key"

# file -> what the one-line error must say (extended regex, case-insensitive)
declare -A expect=(
    [not-a-zip.epub]="not a zip"
    [truncated.epub]="truncated|not a zip"
    [path-dotdot.epub]="escapes the bundle"
    [path-absolute.epub]="absolute path"
    [zip-bomb.epub]="over the limit|too large"
    [zip-bomb-lying.epub]="inflates past|over the limit"
    [manifest-missing.epub]="no manifest|manifest"
    [manifest-malformed.epub]="malformed"
    [manifest-oversized.epub]="manifest.json"
    [signature-missing.epub]="not (a )?signed"
    [signature-wrong.epub]="does not verify"
    [signature-untrusted.epub]="untrusted key [0-9A-F]{16}"
    [hash-mismatch.epub]="does not match"
    [unlisted-entry.epub]="not listed"
    [duplicate-guid.epub]="duplicate article guid"
    [broken-xhtml.epub]="not well-formed XHTML"
    [invalid-utf8.epub]="invalid UTF-8"
)
before=$(library_fingerprint)
checked=0
for f in "${!expect[@]}"; do
    [ -f "$T/bad/$f" ] || fail "fixture $f was not generated"
    got=0
    q import "$T/bad/$f" >"$T/out" 2>"$T/err" || got=$?
    [ "$got" -eq 1 ] || fail "$f: exit $got, expected 1 ($(cat "$T/err"))"
    [ "$(wc -l <"$T/err")" -eq 1 ] || fail "$f: not one error line: $(cat "$T/err")"
    grep -q "$f" "$T/err" || fail "$f: error does not name the file: $(cat "$T/err")"
    grep -qiE "${expect[$f]}" "$T/err" || fail "$f: error '$(cat "$T/err")' does not match /${expect[$f]}/"
    [ "$(library_fingerprint)" = "$before" ] || fail "$f: the library changed"
    checked=$((checked + 1))
done
# No fixture is left untested.
for f in "$T"/bad/*.epub; do
    [ -n "${expect[$(basename "$f")]+x}" ] || fail "fixture $(basename "$f") has no expectation"
done
integrity_ok || fail "integrity"
echo "bad_input: ok ($checked bad bundles refused, library unchanged)"
