"""A minimal SOCKS5 proxy for the sync tests (RFC 1928, no authentication, CONNECT only).

Usage: socks5_proxy.py PORT LOG
Listens on 127.0.0.1 and only connects onward to loopback, so a test can never reach out.
Logs one line per CONNECT ("CONNECT host:port") so that a test proves the proxy was used.
"""
import socket
import struct
import sys
import threading

ALLOWED = {"127.0.0.1", "localhost"}


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("short read")
        buf += chunk
    return buf


def pipe(a, b):
    try:
        while True:
            data = a.recv(65536)
            if not data:
                break
            b.sendall(data)
    except OSError:
        pass
    finally:
        try:
            b.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def handle(c, log):
    try:
        ver, n = recv_exact(c, 2)
        recv_exact(c, n)
        c.sendall(b"\x05\x00")
        ver, cmd, _, atyp = recv_exact(c, 4)
        if atyp == 1:
            host = socket.inet_ntoa(recv_exact(c, 4))
        elif atyp == 3:
            host = recv_exact(c, recv_exact(c, 1)[0]).decode()
        else:
            c.sendall(b"\x05\x08\x00\x01" + b"\x00" * 6)
            return
        port = struct.unpack(">H", recv_exact(c, 2))[0]
        with open(log, "a") as f:
            f.write("CONNECT %s:%d (atyp %d)\n" % (host, port, atyp))
        if cmd != 1 or host not in ALLOWED:
            c.sendall(b"\x05\x02\x00\x01" + b"\x00" * 6)
            return
        up = socket.create_connection(("127.0.0.1", port), timeout=10)
        up.settimeout(None)
        c.sendall(b"\x05\x00\x00\x01" + socket.inet_aton("127.0.0.1") + struct.pack(">H", port))
        t = threading.Thread(target=pipe, args=(up, c), daemon=True)
        t.start()
        pipe(c, up)
        t.join()
        up.close()
    except (OSError, ConnectionError, ValueError):
        pass
    finally:
        c.close()


def main():
    port, log = int(sys.argv[1]), sys.argv[2]
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(16)
    while True:
        c, _ = srv.accept()
        threading.Thread(target=handle, args=(c, log), daemon=True).start()


if __name__ == "__main__":
    main()
