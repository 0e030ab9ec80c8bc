#!/usr/bin/env bash
# `make run`: the main job on the default library ($XDG_DATA_HOME/quire/library.db, or the
# file named by QUIRE_DB). On first run the library is seeded from the sample bundle in
# assets/, whose publisher key is trusted for this library only (trust add is idempotent;
# import skips a bundle it already holds). Then the reader opens on the library in the e-ink
# emulator window; without a display a short headless walk through it (library, an article,
# a page turn, the menu) is written as PNG frames instead.
set -euo pipefail
cd "$(dirname "$0")/.."
Q=./build/quire
db_args=()
[ -n "${QUIRE_DB:-}" ] && db_args=(--db "$QUIRE_DB")
"$Q" "${db_args[@]}" trust add assets/sample-news.pub --name "Quire sample publisher"
"$Q" "${db_args[@]}" import assets/sample-news.epub
"$Q" "${db_args[@]}" list
if [ -n "${DISPLAY:-}" ]; then
    "$Q" "${db_args[@]}" read --backend sdl
else
    rm -rf build/frames
    printf 'key down\nkey enter\nkey right\nkey menu\nkey esc\nkey esc\n' >build/walk.script
    "$Q" "${db_args[@]}" read --backend headless --script build/walk.script --out build/frames
    echo "no display: the reader's frames are in build/frames/"
fi
