#!/usr/bin/env python3
"""Pango's time to lay out a text file, one PangoLayout per paragraph (a non-blank line), as
bench/scripts.sh compares it with quire typeset: justified, wrapped at words then characters,
the paragraph's language set, fonts by family name through fontconfig (the Noto faces quire
sets the same text in). Prints the median ms over REPEAT layouts of the whole file, the line
count and the faces Pango used.
Usage: scripts_pango.py FILE LANG FAMILIES WIDTH_PX FONT_PX REPEAT"""
import statistics
import sys
import time

import gi

gi.require_version("Pango", "1.0")
gi.require_version("PangoFT2", "1.0")
from gi.repository import Pango, PangoFT2  # noqa: E402


def layout_all(ctx, paras, desc, attrs, width):
    lines = 0
    for text in paras:
        layout = Pango.Layout.new(ctx)
        layout.set_font_description(desc)
        layout.set_width(width * Pango.SCALE)
        layout.set_wrap(Pango.WrapMode.WORD_CHAR)
        layout.set_justify(True)
        layout.set_attributes(attrs)
        layout.set_text(text, -1)
        layout.get_extents()  # forces itemising, shaping, breaking and justifying
        lines += layout.get_line_count()
    return lines, layout


def faces(ctx, paras, desc, attrs, width):
    seen = []
    for text in paras:
        _, layout = layout_all(ctx, [text], desc, attrs, width)
        it = layout.get_iter()
        while True:
            run = it.get_run_readonly()
            if run is not None:
                name = run.item.analysis.font.describe().get_family()
                if name not in seen:
                    seen.append(name)
            if not it.next_run():
                break
    return seen


def main():
    path, lang, families, width, px, repeat = sys.argv[1:7]
    paras = [l.strip() for l in open(path, encoding="utf-8") if l.strip()]
    ctx = Pango.Context.new()
    ctx.set_font_map(PangoFT2.FontMap.new())
    ctx.set_language(Pango.Language.from_string(lang))
    desc = Pango.FontDescription.from_string(families)
    desc.set_absolute_size(int(px) * Pango.SCALE)
    attrs = Pango.AttrList()
    attrs.insert(Pango.attr_language_new(Pango.Language.from_string(lang)))
    times = []
    for _ in range(int(repeat)):
        t0 = time.perf_counter()
        lines, _ = layout_all(ctx, paras, desc, attrs, int(width))
        times.append((time.perf_counter() - t0) * 1000)
    print("pango_ms=%.2f lines=%d faces=%s" % (statistics.median(times), lines,
                                              ",".join(faces(ctx, paras, desc, attrs, int(width))).replace(" ", "_")))


main()
