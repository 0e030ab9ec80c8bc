#!/usr/bin/env bash
# Every integer a person types (flags and id arguments of every command) goes through the one
# checked parser: a unit suffix ("20px"), an overflow and a negative are each refused as a
# usage error (exit 2, one line naming the command), and nothing is created or changed.
# Issue #14 item 13. "@" in a case stands for the bad value.
. "$(dirname "$0")/lib.sh"
make_key "$T/pub"
printf 'Title\n\nBody text.\n' >"$T/in.txt"
q trust add "$T/pub.pub" >/dev/null
before=$(library_fingerprint)

cases=(
    "read --font-size @" "read --latency @" "read --full-every @" "read --full-every-night @"
    "read --darkness @" "read --kiosk --kiosk-interval @" "read --article @"
    "read --set reader.font_px=@" "config set reader.font_px @" "config set kiosk.interval_s @"
    "render --out $T/r --font-size @" "render --out $T/r --darkness @" "render --out $T/r @"
    "search --limit @ word" "show @" "delete @"
    "bundle create --key $T/pub.key --out $T/b.epub --sequence @ $T/in.txt"
    "publish --key $T/pub.key --out $T/repo --sequence @ $T/b.epub"
    "publish --key $T/pub.key --out $T/repo --valid-days @ $T/b.epub"
    "publish --key $T/pub.key --out $T/repo --keep-days @ $T/b.epub"
    "source add s http://127.0.0.1:9/ --relay --max-rate @"
    "source set --max-rate @" "source set --max-library-mb @" "source set --max-age-days @"
    "source set --max-partial-mb @"
    "sync --max-rate @" "sync --connect-timeout @" "sync --stall-timeout @" "sync --attempts @"
    "sync --retries @" "sync --min-rate @" "sync --deadline @" "sync --max-partial-mb @"
    "serve --port @" "serve --request-timeout @"
    "feed add n http://127.0.0.1:9/f --max-items @" "feed add n http://127.0.0.1:9/f --max-age-days @"
    "feed publish --key $T/pub.key --repo $T/repo --keep-days @"
    "feed publish --key $T/pub.key --repo $T/repo --timeout @"
    "feed publish --key $T/pub.key --repo $T/repo --host-delay-ms @"
    "typeset --width @ $T/in.txt" "typeset --height @ $T/in.txt" "typeset --font-size @ $T/in.txt"
    "typeset --margin @ $T/in.txt" "typeset --repeat @ $T/in.txt"
    "typeset --line-spacing @ $T/in.txt"
)
bad=("20px" "99999999999999999999" "-5" "" " 7" "+7")
checked=0
for c in "${cases[@]}"; do
    for v in "${bad[@]}"; do
        # shellcheck disable=SC2206 # the case is split on spaces on purpose, @ kept whole
        words=(${c})
        for i in "${!words[@]}"; do
            words[i]=${words[i]//@/$v}
        done
        got=0
        db=$DB
        [ "${words[0]}" != feed ] || db=$T/feeds.db # the publisher's state file, not a library
        timeout 20 "$QUIRE" --db "$db" "${words[@]}" </dev/null \
            >"$T/out" 2>"$T/err" || got=$?
        [ "$got" -eq 2 ] || fail "'$c' with '$v': exit $got, expected 2: $(head -c 300 "$T/err")"
        [ "$(grep -c . "$T/err")" -ge 1 ] || fail "'$c' with '$v': no message"
        checked=$((checked + 1))
    done
done
[ "$(library_fingerprint)" = "$before" ] || fail "a refused flag changed the library"
for f in "$T/r" "$T/b.epub" "$T/repo" "$T/feeds.db"; do
    [ ! -e "$f" ] || fail "a refused flag created $f"
done
echo "ok ($checked refused)"
