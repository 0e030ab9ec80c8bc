#!/usr/bin/env bash
# `quire config`: set, get, reset and list the reader's settings; values survive a new
# process; every bad key or value exits 2 with one line and leaves the library untouched.
. "$(dirname "$0")/lib.sh"

q trust add "$SRC/assets/sample-news.pub" >/dev/null
q import "$SRC/assets/sample-news.epub" >/dev/null

expect_exit 0 q config get reader.font_px
[ "$(cat "$T/out")" = 0 ] || fail "default reader.font_px is $(cat "$T/out"), want 0"
expect_exit 0 q config set reader.font_px 40
expect_exit 0 q config set reader.font_family sans
expect_exit 0 q config set render.night ON
expect_exit 0 q config set kiosk.deep_clean_hours "15, 3"
expect_exit 0 q config set kiosk.sections "world,Наука"
# Each get is a new process reading the library.
for kv in reader.font_px=40 reader.font_family=sans render.night=on \
    kiosk.deep_clean_hours=3,15 kiosk.sections=world,Наука; do
    expect_exit 0 q config get "${kv%%=*}"
    [ "$(cat "$T/out")" = "${kv#*=}" ] || fail "${kv%%=*} reads back '$(cat "$T/out")'"
done
[ "$(sqlite3 "$DB" "SELECT value FROM settings WHERE key = 'render.night'")" = on ] ||
    fail "render.night is not stored as its canonical text"

expect_exit 0 q config list
grep -qE '^reader\.font_px +40 +default 0 +16\.\.96 or 0$' "$T/out" ||
    fail "list does not show reader.font_px: $(grep font_px "$T/out")"
[ "$(wc -l <"$T/out")" -eq 19 ] || fail "list shows $(wc -l <"$T/out") settings, want 19"
expect_exit 0 q config list --json
python3 - "$T/out" <<'PY' || fail "list --json is wrong"
import json, sys
rows = {r["key"]: r for r in json.load(open(sys.argv[1]))}
assert len(rows) == 19, len(rows)
f = rows["reader.font_px"]
assert (f["value"], f["default"], f["low"], f["high"], f["step"]) == (40, 0, 16, 96, 2), f
assert rows["render.night"]["value"] is True and rows["reader.justify"]["default"] is True
assert rows["ui.lang"]["choices"] == ["en", "ru", "fa"]
assert rows["kiosk.sections"]["value"] == "world,Наука"
PY

expect_exit 0 q config reset reader.font_px
expect_exit 0 q config get reader.font_px
[ "$(cat "$T/out")" = 0 ] || fail "reset left reader.font_px at $(cat "$T/out")"

# Bad requests: exit 2, one line naming the key (and what it accepts), the library unchanged.
before=$(library_fingerprint)
expect_usage() { # PATTERN ARGS...
    local pattern=$1
    shift
    expect_exit 2 q config "$@"
    [ "$(wc -l <"$T/err")" -eq 1 ] || fail "config $* printed $(wc -l <"$T/err") lines"
    grep -qF -- "$pattern" "$T/err" || fail "config $*: '$(cat "$T/err")' lacks '$pattern'"
    [ "$(library_fingerprint)" = "$before" ] || fail "config $* changed the library"
}
expect_usage "unknown setting 'reader.nope'" set reader.nope 3
expect_usage "unknown setting 'reader.nope'" get reader.nope
expect_usage "unknown setting 'reader.nope'" reset reader.nope
expect_usage "reader.font_px: '20px' is not a whole number (16..96 or 0)" set reader.font_px 20px
expect_usage "reader.font_px: '' is not a whole number" set reader.font_px ""
expect_usage "is out of range (16..96 or 0)" set reader.font_px 99999999999999999999
expect_usage "reader.font_px: '15' is out of range (16..96 or 0)" set reader.font_px 15
expect_usage "render.darkness: '-1' is out of range (0..100)" set render.darkness -1
expect_usage "render.full_refresh_every: '51' is out of range (1..50)" \
    set render.full_refresh_every 51
expect_usage "reader.justify: 'maybe' is not on or off" set reader.justify maybe
expect_usage "reader.font_family: 'mono' is not one of the choices (serif|sans)" \
    set reader.font_family mono
expect_usage "render.rotation: '45' is not one of the choices (0|90|180|270)" \
    set render.rotation 45
expect_usage "ui.lang: 'de' is not one of the choices (en|ru|fa)" set ui.lang de
expect_usage "kiosk.deep_clean_hours: '3,24' has '24', not an hour 0..23" \
    set kiosk.deep_clean_hours 3,24
expect_usage "kiosk.sections: 'a,,b' has an empty item" set kiosk.sections a,,b
# Wrong arity: the error, then the usage line.
for args in "frob" "set reader.font_px" "get" "list --yaml"; do
    # shellcheck disable=SC2086
    expect_exit 2 q config $args
    head -1 "$T/err" | grep -qE "^quire config: (unknown action|wrong arguments|name an)" ||
        fail "config $args: $(cat "$T/err")"
    [ "$(library_fingerprint)" = "$before" ] || fail "config $args changed the library"
done
