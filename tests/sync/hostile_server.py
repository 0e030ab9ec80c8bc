"""A hostile mirror on 127.0.0.1 for the sync tests: each MODE misbehaves in one way.

Usage: hostile_server.py PORT MODE ROOT LOG
index.json and index.json.minisig are served from ROOT as they are (so that a sync gets as far
as the bundles), except in the modes that attack the index itself. MODE:
  error-endless  every bundle: HTTP 500 with a body that never ends
  trickle        every bundle: 200 with its true Content-Length, then 2 bytes a second
  short          every bundle: 200 declaring its full size, half of it, then the connection closes
  short-hold     every bundle: 200 declaring its full size, half of it, then nothing (held open)
  over-hold      every bundle: 200 declaring twice its size, all of it, then held open
  nolength-hold  every bundle: 200 with no length (the body runs to the close), all of it, held
  not-modified   every request: 304 Not Modified, whatever was asked
  big-header     every request: 200 with a 200 KB header line
  redirect-loop  every request: 302 to itself
Each finished response logs "PATH STATUS BYTES" (body bytes sent) to LOG.
"""
import http.server
import os
import socket
import sys
import time

PORT, MODE, ROOT, LOG = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
INDEX_FILES = ("index.json", "index.json.minisig")


def log(path, status, sent):
    with open(LOG, "a") as f:
        f.write(f"{path} {status} {sent}\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def body_of(self, name):
        path = os.path.join(ROOT, os.path.basename(name))
        return open(path, "rb").read() if os.path.isfile(path) else None

    def whole(self, status, data):
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        log(self.path, status, len(data))

    def do_GET(self):
        try:
            self.answer(self.path.lstrip("/"))
        except OSError:  # the client hung up on us, as it should
            self.close_connection = True

    def answer(self, name):
        if MODE == "not-modified":
            self.send_response(304)
            self.end_headers()
            return log(self.path, 304, 0)
        if MODE == "big-header":
            self.send_response(200)
            self.send_header("X-Padding", "a" * 200_000)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")
            return log(self.path, 200, 2)
        if MODE == "redirect-loop":
            self.send_response(302)
            self.send_header("Location", self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return log(self.path, 302, 0)
        data = self.body_of(name)
        if data is None:
            return self.whole(404, b"")
        if name in INDEX_FILES:
            return self.whole(200, data)
        mode = "over-hold-declared" if MODE == "over-hold" else MODE
        getattr(self, "bundle_" + mode.replace("-", "_"))(data)

    def bundle_error_endless(self, data):
        self.send_response(500)
        self.send_header("Content-Type", "text/html")
        self.end_headers()  # no length, HTTP/1.1 without chunking: the body runs to the close
        self.close_connection = True
        chunk, sent = b"<p>error</p>" * 5000, 0
        try:
            while sent < 50 * 1024**3:
                self.wfile.write(chunk)
                sent += len(chunk)
        finally:
            log(self.path, 500, sent)

    def bundle_trickle(self, data):
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        sent = 0
        try:
            for i in range(0, len(data), 2):
                self.wfile.write(data[i:i + 2])
                self.wfile.flush()
                sent += len(data[i:i + 2])
                time.sleep(1)
        finally:
            log(self.path, 200, sent)

    def bundle_short(self, data, hold=False):
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        half = data[: len(data) // 2]
        self.wfile.write(half)
        self.wfile.flush()
        log(self.path, 200, len(half))
        if hold:
            time.sleep(3600)
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def bundle_short_hold(self, data):
        self.bundle_short(data, hold=True)

    def bundle_over_hold(self, data, length=None):
        self.send_response(200)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
        log(self.path, 200, len(data))
        time.sleep(3600)

    def bundle_over_hold_declared(self, data):
        self.bundle_over_hold(data, 2 * len(data))

    def bundle_nolength_hold(self, data):
        self.bundle_over_hold(data)

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


Server(("127.0.0.1", PORT), Handler).serve_forever()
