#!/usr/bin/env python3
"""Test tool for the fbdev backend's end-to-end tests (no image library needed).

  fbdev_tool.py events ARCH OUT (tap X Y | key CODE)...
      writes a recorded evdev stream in the target's struct input_event layout: 16 bytes on
      32-bit ARM (32-bit time_t), 24 bytes on 64-bit targets.
  fbdev_tool.py check PROFILE W H FB JOURNAL TRACE REFERENCE_PNG
      checks a plain-file framebuffer run: the picture equals the headless backend's (8-bit
      gray PNG) above the status band, and the EPDC journal holds, for every traced frame, the update ioctl laid out
      for PROFILE's kernel (request number with the struct size, region, waveform, mode,
      marker), each flashing update followed by a wait on its marker.
"""
import json
import struct
import sys
import zlib

EV_SYN, EV_KEY, EV_ABS = 0, 1, 3
SYN_REPORT, BTN_TOUCH = 0, 0x14A
ABS_MT_POSITION_X, ABS_MT_POSITION_Y, ABS_MT_TRACKING_ID = 0x35, 0x36, 0x39


def write_events(arch, out, args):
    layout = "<iiHHi" if arch in ("arm", "armhf", "i686") else "<qqHHi"
    recs = []

    def ev(t, c, v):
        recs.append(struct.pack(layout, 1, 0, t, c, v))

    i = 0
    while i < len(args):
        if args[i] == "tap":
            x, y = int(args[i + 1]), int(args[i + 2])
            ev(EV_ABS, ABS_MT_TRACKING_ID, 1)
            ev(EV_ABS, ABS_MT_POSITION_X, x)
            ev(EV_ABS, ABS_MT_POSITION_Y, y)
            ev(EV_KEY, BTN_TOUCH, 1)
            ev(EV_SYN, SYN_REPORT, 0)
            ev(EV_ABS, ABS_MT_TRACKING_ID, -1)
            ev(EV_KEY, BTN_TOUCH, 0)
            ev(EV_SYN, SYN_REPORT, 0)
            i += 3
        elif args[i] == "key":
            code = int(args[i + 1])
            ev(EV_KEY, code, 1)
            ev(EV_SYN, SYN_REPORT, 0)
            ev(EV_KEY, code, 0)
            ev(EV_SYN, SYN_REPORT, 0)
            i += 2
        else:
            sys.exit(f"events: unknown step {args[i]}")
    with open(out, "wb") as f:
        f.write(b"".join(recs))


def png_gray(path):
    """Pixels of an 8-bit grayscale, non-interlaced PNG as (w, h, bytes)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and color == 0 and interlace == 0, f"{path}: not 8-bit gray"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, out, prev = zlib.decompress(idat), bytearray(), bytearray(w)
    for y in range(h):
        ft, line = raw[y * (w + 1)], bytearray(raw[y * (w + 1) + 1:(y + 1) * (w + 1)])
        for x in range(w):
            a = line[x - 1] if x else 0
            b, c = prev[x], prev[x - 1] if x else 0
            if ft == 1:
                line[x] = (line[x] + a) & 255
            elif ft == 2:
                line[x] = (line[x] + b) & 255
            elif ft == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line
        prev = line
    return w, h, bytes(out)


def ioc(direction, nr, size):  # the asm-generic encoding (ARM, AArch64, x86)
    return direction << 30 | size << 16 | ord("F") << 8 | nr


WRITE, READWRITE = 1, 3
BAND_PX = 44  # QUIRE_STATUS_BAND_PX at 300 dpi, the largest band of the profiles
# Per ABI generation: (send request, update struct size, wait request, wait payload size).
ABIS = {
    "mark7": (ioc(WRITE, 0x2E, 72), 72, ioc(READWRITE, 0x2F, 8), 8),
    "mark6": (ioc(WRITE, 0x2E, 68), 68, ioc(WRITE, 0x2F, 4), 4),
}
PROFILE_ABI = {"kobo-clara": "mark7", "kobo-libra": "mark7", "kindle-basic": "mark7"}
# Update kind -> (waveform, mode): GC16 flashing, GL16 for text, DU for quick feedback.
WAVEFORMS = {"full": (2, 1), "flash": (2, 1), "partial": (5, 0), "fast": (1, 0)}


def journal(path):
    data, pos, calls = open(path, "rb").read(), 0, []
    while pos < len(data):
        magic, request, size = struct.unpack("<4sII", data[pos:pos + 12])
        assert magic == b"EPDC", f"journal: bad record at {pos}"
        calls.append((request, data[pos + 12:pos + 12 + size]))
        pos += 12 + size
    return calls


def check(profile, w, h, fb, jpath, tpath, ref):
    rw, rh, want = png_gray(ref)
    assert (rw, rh) == (w, h), f"reference is {rw}x{rh}, want {w}x{h}"
    got = open(fb, "rb").read()[:w * h]
    assert len(got) == w * h, f"framebuffer holds {len(got)} of {w * h} px"
    # The status band's clock reads the real time on fbdev and a fixed one headless: the band
    # (at most QUIRE_STATUS_BAND_PX) is compared for ink only.
    body = (h - BAND_PX) * w
    diff = sum(1 for a, b in zip(got[:body], want[:body]) if a != b)
    assert diff == 0, f"framebuffer differs from headless in {diff} px"
    assert min(got[body:]) < 128, "no status line drawn"
    send_req, send_size, wait_req, wait_size = ABIS[PROFILE_ABI[profile]]
    trace = [json.loads(line) for line in open(tpath)]
    calls = journal(jpath)
    sends = [(i, c) for i, c in enumerate(calls) if c[0] != wait_req]
    assert len(sends) == len(trace), f"{len(sends)} updates for {len(trace)} frames"
    last_marker = 0
    for (i, (req, arg)), t in zip(sends, trace):
        assert req == send_req, f"request {req:#x}, want {send_req:#x} for {profile}"
        assert len(arg) == send_size, f"update of {len(arg)} bytes, want {send_size}"
        top, left, uw, uh, wave, mode, marker, temp = struct.unpack("<IIIIIIIi", arg[:32])
        r = t["region"]
        if t["kind"] == "fast":  # aligned outwards to 8 px for DU/A2
            assert left <= r["x"] and top <= r["y"] and left % 8 == 0 and top % 8 == 0
        else:
            assert (left, top, uw, uh) == (r["x"], r["y"], r["w"], r["h"]), f"region {t}"
        assert (wave, mode) == WAVEFORMS[t["kind"]], f"{t['kind']}: waveform {wave} mode {mode}"
        assert marker > last_marker and temp == 0x1000, "markers rise; ambient temperature"
        last_marker = marker
        if t["kind"] in ("full", "flash"):  # nothing draws during a flash
            req2, arg2 = calls[i + 1]
            assert req2 == wait_req and len(arg2) == wait_size, "no wait after a flash"
            assert struct.unpack("<I", arg2[:4])[0] == marker, "waited on another marker"
    kinds = [t["kind"] for t in trace]
    print(f"{profile}: {len(trace)} updates {kinds}, picture equal to headless")


if __name__ == "__main__":
    if sys.argv[1] == "events":
        write_events(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif sys.argv[1] == "check":
        a = sys.argv[2:]
        check(a[0], int(a[1]), int(a[2]), a[3], a[4], a[5], a[6])
    else:
        sys.exit(__doc__)
