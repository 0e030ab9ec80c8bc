#!/usr/bin/env bash
# The publisher's systemd units (packaging/quire-feeds.service and .timer): systemd-analyze
# accepts them, the timer starts the service, and the service's ExecStart, with this run's
# paths, publishes the loopback site's feeds into the repository, then nothing on a second run.
source "$SRC/tests/feed/publish_lib.sh"
UNIT="$SRC/packaging/quire-feeds.service"
TIMER="$SRC/packaging/quire-feeds.timer"
for want in "Type=oneshot" "ExecStart=/usr/bin/quire " "StateDirectory=quire-feeds"; do
    grep -q "^$want" "$UNIT" || fail "the service lacks $want"
done
for want in "OnCalendar=" "Persistent=true" "Unit=quire-feeds.service" "WantedBy=timers.target"; do
    grep -q "^$want" "$TIMER" || fail "the timer lacks $want"
done
exec_start=$(sed -n 's/^ExecStart=//p' "$UNIT")
if command -v systemd-analyze >/dev/null; then
    mkdir -p "$T/units"
    sed "s|^ExecStart=/usr/bin/quire |ExecStart=$(readlink -f "$(command -v "$QUIRE")") |" "$UNIT" \
        >"$T/units/quire-feeds.service"
    cp "$TIMER" "$T/units/"
    (cd "$T/units" && systemd-analyze verify ./quire-feeds.service ./quire-feeds.timer) \
        >"$T/verify" 2>&1 || fail "systemd-analyze: $(cat "$T/verify")"
fi
cmd=${exec_start/\/usr\/bin\/quire/$QUIRE}
cmd=${cmd/\/var\/lib\/quire-feeds\/publisher.db/$P}
cmd=${cmd/\/etc\/quire\/publisher.key/$KEY}
cmd=${cmd/\/var\/www\/quire/$REPO}
[[ $cmd == "$QUIRE --db $P feed publish --key $KEY --repo $REPO" ]] ||
    fail "ExecStart not understood: $exec_start"
add_good_feeds
$cmd >"$T/out1" 2>"$T/err1" || fail "the service's command failed: $(cat "$T/err1")"
grep -q "published feeds-[0-9]*.epub: 6 articles" "$T/out1" || fail "$(cat "$T/out1")"
$cmd >"$T/out2" 2>"$T/err2" || fail "second run failed: $(cat "$T/err2")"
grep -q "^nothing new: nothing published$" "$T/out2" || fail "second run: $(cat "$T/out2")"
echo "ok"
