#!/bin/sh
# Quire @VERSION@ launcher for Kobo e-readers (busybox sh). Started by NickelMenu or KFMon.
# Stops Nickel (the stock reader) and its watchdogs, imports any bundle left in
# /mnt/onboard/Quire/, runs Quire on the framebuffer, and starts Nickel again when Quire exits,
# the way KOReader's launcher does. Everything Quire needs is in this folder; its library and
# log live here too. QUIRE_PROFILE overrides the device profile; KOBO_ROOT (tests only)
# prefixes every system path.
QUIRE_DIR=$(cd "${0%/*}" && pwd)
ROOT=${KOBO_ROOT:-}
QUIRE="$QUIRE_DIR/bin/quire"
DB="$QUIRE_DIR/library.db"
LOG="$QUIRE_DIR/quire.log"
INBOX="$ROOT/mnt/onboard/Quire"

# Nickel's environment (PRODUCT, PLATFORM, ...) is what tells the models apart.
nickel_pid=$(pidof nickel 2>/dev/null | cut -d' ' -f1)
if [ -n "$nickel_pid" ] && [ -r "$ROOT/proc/$nickel_pid/environ" ]; then
    eval "$(tr '\0' '\n' <"$ROOT/proc/$nickel_pid/environ" |
        grep -E '^(PRODUCT|PLATFORM|MODEL_NUMBER|LANG|NICKEL_HOME|INTERFACE|WIFI_MODULE|DBUS_SESSION_BUS_ADDRESS)=' |
        sed "s/'/'\\\\''/g; s/=\(.*\)/='\1'/; s/^/export /")"
fi

# Profiles by codename (PRODUCT), for the i.MX readers of the profiles' sizes: Clara HD (nova)
# and Clara 2E (goldfinch) are 1072x1448, Libra H2O (storm) and Libra 2 (io) 1264x1680. Any
# other reader gets kobo-clara, and Quire refuses a panel of another size with one line in the
# log (Nickel comes back): a Forma (frost, 1440x1920) has no profile yet.
case "${QUIRE_PROFILE:-$PRODUCT}" in
kobo-*) profile=$QUIRE_PROFILE ;;
storm | io) profile=kobo-libra ;;
*) profile=kobo-clara ;;
esac
# Touch is event1 on the Mark 7 readers; event0 carries the power button only.
input=$ROOT/dev/input/event1
[ -e "$input" ] || input=$ROOT/dev/input/event0

echo "quire.sh: $(date) profile $profile" >>"$LOG"
sync
killall -TERM nickel hindenburg sickel fickel fmon 2>/dev/null
sleep 1

if [ ! -e "$DB" ]; then # first start: trust the sample's key and import it
    "$QUIRE" --db "$DB" trust add "$QUIRE_DIR/assets/sample-news.pub" >>"$LOG" 2>&1
    "$QUIRE" --db "$DB" import "$QUIRE_DIR/assets/sample-news.epub" >>"$LOG" 2>&1
fi
[ -d "$INBOX" ] && "$QUIRE" --db "$DB" import "$INBOX" >>"$LOG" 2>&1
"$QUIRE" --db "$DB" read --backend fbdev --device "$profile" --fb "$ROOT/dev/fb0" \
    --input "$input" >>"$LOG" 2>&1
status=$?
echo "quire.sh: quire exited $status" >>"$LOG"

# Nickel again, with the environment rcS gives it.
export LD_LIBRARY_PATH=/usr/local/Kobo
export NICKEL_HOME=${NICKEL_HOME:-/mnt/onboard/.kobo}
export LANG=${LANG:-en_US.UTF-8}
sync
if [ -x "$ROOT/usr/local/Kobo/nickel" ]; then
    ("$ROOT/etc/init.d/on-animator.sh" &) 2>/dev/null
    "$ROOT/usr/local/Kobo/hindenburg" >/dev/null 2>&1 &
    LIBC_FATAL_STDERR_=1 "$ROOT/usr/local/Kobo/nickel" -platform kobo -skipFontLoad \
        >/dev/null 2>&1 &
    [ -x "$ROOT/usr/local/Kobo/sickel" ] && "$ROOT/usr/local/Kobo/sickel" -platform kobo:noscreen \
        >/dev/null 2>&1 &
else
    reboot # no Nickel to start: a reboot brings the stock reader back
fi
exit $status
