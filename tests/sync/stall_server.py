"""A deliberately stalling HTTP server for the sync tests (127.0.0.1 only).

Usage: stall_server.py PORT LOG
Every connection gets a 200 response header promising a large body, a few bytes, and then
nothing: the client's stall timeout must end the transfer. Each request line is logged.
"""
import socket
import sys
import threading
import time


def handle(conn, log):
    with conn:
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                return
            data += chunk
        with open(log, "a") as f:
            f.write(data.split(b"\r\n", 1)[0].decode("latin-1") + "\n")
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n"
                     b"Content-Type: application/json\r\n\r\n{")
        time.sleep(60)


def main():
    port, log = int(sys.argv[1]), sys.argv[2]
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(16)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=handle, args=(conn, log), daemon=True).start()


if __name__ == "__main__":
    main()
