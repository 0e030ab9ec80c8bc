#!/usr/bin/env python3
"""Writes the library tile KFMon watches (quire.png): a grayscale page with a folded corner
and three ruled 'columns', drawn with no image library (zlib + the PNG chunk layout)."""
import struct
import sys
import zlib

W, H = 300, 400


def pixel(x, y):
    if x < 6 or y < 6 or x >= W - 6 or y >= H - 6:
        return 0  # frame
    if x + (H - y) < 70:
        return 128  # folded corner
    if 40 <= y < 110 and 30 <= x < W - 30:
        return 0 if (y - 40) % 14 < 9 and 40 <= x < W - 40 else 255  # masthead lines
    if 140 <= y < H - 40 and (x - 30) % 84 < 70 and 30 <= x < W - 30:
        return 96 if (y - 140) % 16 < 4 else 255  # text columns
    return 255


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


rows = b"".join(b"\0" + bytes(pixel(x, y) for x in range(W)) for y in range(H))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 0, 0, 0, 0)) +
       chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
with open(sys.argv[1], "wb") as f:
    f.write(png)
