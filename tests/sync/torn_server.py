"""A static file server that shows a torn publication once (127.0.0.1 only).

Usage: torn_server.py PORT ROOT LOG
Serves files from ROOT, except that the FIRST request for index.json.minisig gets the bytes of
ROOT/old.minisig: the signature of the previous index, as a reader sees it when it fetches
between the publisher's two renames. Every request line is logged.
"""
import http.server
import os
import sys

PORT, ROOT, LOG = int(sys.argv[1]), sys.argv[2], sys.argv[3]
served_old = False


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        global served_old
        with open(LOG, "a") as f:
            f.write(self.requestline + "\n")
        name = self.path.lstrip("/")
        if name == "index.json.minisig" and not served_old:
            served_old = True
            name = "old.minisig"
        path = os.path.join(ROOT, os.path.basename(name))
        if not os.path.isfile(path):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = open(path, "rb").read()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
