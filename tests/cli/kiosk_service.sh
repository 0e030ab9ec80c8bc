#!/usr/bin/env bash
# The kiosk's systemd unit (packaging/quire-kiosk.service): its ExecStart, run as systemd would
# run it (a notify socket, a watchdog period) on the headless backend instead of the panel,
# says READY=1 once the first frame is shown and then pings WATCHDOG=1 from its loop at half
# the period; the unit restarts it always and waits for its READY.
. "$(dirname "$0")/lib.sh"
UNIT="$SRC/packaging/quire-kiosk.service"
for want in "Type=notify" "Restart=always" "WatchdogSec=" "ExecStart=/usr/bin/quire "; do
    grep -q "^$want" "$UNIT" || fail "the unit lacks $want"
done
q trust add "$SRC/assets/sample-news.pub" >/dev/null
q import "$SRC/assets/sample-news.epub" >/dev/null
for i in $(seq 6); do echo "sleep 400"; done >"$T/svc.script"
exec_start=$(sed -n 's/^ExecStart=//p' "$UNIT")
cmd=${exec_start/\/usr\/bin\/quire/$QUIRE}
cmd=${cmd/\/var\/lib\/quire\/library.db/$DB}
cmd=${cmd/--backend fbdev/--backend headless --script $T/svc.script --trace $T/svc.trace}
[ "$cmd" != "$exec_start" ] && [[ $cmd == *"--backend headless"* ]] || fail "ExecStart not understood: $exec_start"
python3 - "$T/notify" "$cmd" <<'PY' || fail "notify protocol"
import os, shlex, socket, subprocess, sys, time
path, cmd = sys.argv[1], shlex.split(sys.argv[2])
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
s.settimeout(0.2)
env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="1000000")
t0 = time.time()
p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
got = []
while p.poll() is None or time.time() - t0 < 0.3:
    try:
        got.append((time.time() - t0, s.recv(4096).decode()))
    except socket.timeout:
        pass
    if time.time() - t0 > 60:
        p.kill()
        sys.exit("the kiosk did not end with its script")
while True:
    try:
        got.append((time.time() - t0, s.recv(4096).decode()))
    except socket.timeout:
        break
assert p.returncode == 0, p.stderr.read().decode()
msgs = [m for _, m in got]
assert msgs and msgs[0].startswith("READY=1"), msgs
pings = [t for t, m in got if m == "WATCHDOG=1"]
# 2.4 s of script at a 0.5 s ping period: at least 3 pings, never more than 2 per half period
assert len(pings) >= 3, msgs
assert len(pings) <= 8, msgs
PY
grep -q '"screen":"kiosk"' "$T/svc.trace" || fail "ExecStart did not start the kiosk: $(cat "$T/svc.trace")"
echo ok
