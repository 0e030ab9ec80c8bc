#!/usr/bin/env python3
"""Rewrites a zip (bundle) entry by entry, for the bad-bundle fixtures of
make-bad-bundles.sh. Entries keep their order and compression unless changed.
usage: bundle_surgery.py IN OUT [OP ...]
  drop NAME            leave entry NAME out
  put NAME FILE        replace (or append) entry NAME with FILE's bytes
  add-raw NAME FILE    append entry NAME verbatim (any name: '../x', '/abs')
  fix-hashes           rewrite the manifest's files[] sizes/SHA-256 from the entries
  list NAME SIZE       add NAME to the manifest's files[] with SIZE and a dummy hash
  dup-guid             give the second article the first one's guid
  lie-size NAME SIZE   patch the declared (uncompressed) size of NAME in both headers
"""
import hashlib
import json
import struct
import sys
import zipfile

MANIFEST = "META-INF/quire/manifest.json"
SIG = MANIFEST + ".minisig"


def main(argv):
    src, dst, ops = argv[1], argv[2], argv[3:]
    with zipfile.ZipFile(src) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    lies = []
    k = 0
    while k < len(ops):
        op = ops[k]
        if op == "drop":
            entries = [(i, d) for i, d in entries if i.filename != ops[k + 1]]
            k += 2
        elif op in ("put", "add-raw"):
            name, data = ops[k + 1], open(ops[k + 2], "rb").read()
            for n, (i, _) in enumerate(entries):
                if i.filename == name and op == "put":
                    entries[n] = (i, data)
                    break
            else:
                info = zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                entries.append((info, data))
            k += 3
        elif op in ("fix-hashes", "dup-guid", "list"):
            m = [n for n, (i, _) in enumerate(entries) if i.filename == MANIFEST][0]
            man = json.loads(entries[m][1])
            if op == "fix-hashes":
                man["files"] = [{"path": i.filename, "size": len(d),
                                 "sha256": hashlib.sha256(d).hexdigest()}
                                for i, d in entries if i.filename not in (MANIFEST, SIG)]
                k += 1
            elif op == "dup-guid":
                man["articles"][1]["guid"] = man["articles"][0]["guid"]
                k += 1
            else:
                man["files"].append({"path": ops[k + 1], "size": int(ops[k + 2]),
                                     "sha256": "0" * 64})
                k += 3
            entries[m] = (entries[m][0], (json.dumps(man, indent=1) + "\n").encode())
        elif op == "lie-size":
            lies.append((ops[k + 1].encode(), int(ops[k + 2])))
            k += 3
        else:
            sys.exit("unknown op " + op)
    with zipfile.ZipFile(dst, "w") as z:
        for info, data in entries:
            z.writestr(info, data, compress_type=info.compress_type)
    for name, size in lies:
        lie(dst, name, size)


def lie(path, name, size):
    """Sets the uncompressed size of entry name in its local and central headers."""
    b = bytearray(open(path, "rb").read())
    eocd = b.rfind(b"PK\x05\x06")
    count, _, cd = struct.unpack_from("<HII", b, eocd + 10)
    p = cd
    for _ in range(count):
        nlen, xlen, clen = struct.unpack_from("<HHH", b, p + 28)
        local = struct.unpack_from("<I", b, p + 42)[0]
        if bytes(b[p + 46:p + 46 + nlen]) == name:
            struct.pack_into("<I", b, p + 24, size)
            struct.pack_into("<I", b, local + 22, size)
        p += 46 + nlen + xlen + clen
    open(path, "wb").write(b)


if __name__ == "__main__":
    main(sys.argv)
