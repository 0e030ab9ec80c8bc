# blackhole_server.py PORT SECONDS: listens on 127.0.0.1:PORT with a full accept queue (filled by
# its own never-accepted connections), so a client's connect never completes: a connect
# timeout, as from a mirror behind a firewall that drops packets. Exits after SECONDS.
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(0)
fill = []
for i in range(8):
    c = socket.socket(); c.setblocking(False)
    try: c.connect(("127.0.0.1", int(sys.argv[1])))
    except BlockingIOError: pass
    fill.append(c)
time.sleep(float(sys.argv[2]))
