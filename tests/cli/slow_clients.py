"""Hostile LAN clients against `quire serve` (tests/cli/serve_slow.sh).

Usage: slow_clients.py PORT REQUEST_TIMEOUT
Holds 100 idle sockets from 127.0.0.1 and 100 slowloris clients (4 from each of 25 loopback
addresses, each sending its headers a byte every half second), then times a normal request
from 127.0.0.2 three times, waits past the request timeout and counts the attacking sockets
the server has closed. Prints one JSON object.
"""
import http.client
import json
import socket
import sys
import time

PORT, TIMEOUT = int(sys.argv[1]), float(sys.argv[2])


def connect(src):
    s = socket.socket()
    s.bind((src, 0))
    s.settimeout(2)
    try:
        s.connect(("127.0.0.1", PORT))
    except OSError:
        return None
    s.setblocking(False)
    return s


def closed(s):
    try:
        data = s.recv(4096)
        return data == b"" or data.startswith(b"HTTP/")
    except BlockingIOError:
        return False
    except OSError:
        return True


idle = [connect("127.0.0.1") for _ in range(100)]
slow = [connect(f"127.0.0.{10 + i // 4}") for i in range(100)]
for s in slow:
    if s:
        try:
            s.send(b"GET /index.json HTTP/1.1\r\nHost: x\r\n")
        except OSError:
            pass

normal_ms = []
for _ in range(3):
    start = time.monotonic()
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10, source_address=("127.0.0.2", 0))
    c.request("GET", "/index.json")
    r = c.getresponse()
    r.read()
    normal_ms.append(round((time.monotonic() - start) * 1000))
    status = r.status
    c.close()
    for s in slow:  # keep the slowloris going meanwhile
        try:
            s and s.send(b"X")
        except OSError:
            pass

deadline = time.monotonic() + TIMEOUT + 3
while time.monotonic() < deadline:
    for s in slow:
        try:
            s and s.send(b"X")
        except OSError:
            pass
    time.sleep(0.5)

print(json.dumps({
    "status": status,
    "normal_ms": normal_ms,
    "idle_open": sum(1 for s in idle if s and not closed(s)),
    "slow_open": sum(1 for s in slow if s and not closed(s)),
    "slow_connected": sum(1 for s in slow if s),
}))
