#!/usr/bin/env bash
# `make run`: the main job on the default library ($XDG_DATA_HOME/quire/library.db, or the
# file named by QUIRE_DB). On first run the library is seeded from the sample bundle in
# assets/, whose publisher key is trusted for this library only (trust add is idempotent;
# import skips a bundle it already holds). Then the sample's news story opens in the e-ink
# emulator window; without a display its pages are rendered to PNG files instead.
set -euo pipefail
cd "$(dirname "$0")/.."
Q=./build/quire
db_args=()
[ -n "${QUIRE_DB:-}" ] && db_args=(--db "$QUIRE_DB")
"$Q" "${db_args[@]}" trust add assets/sample-news.pub --name "Quire sample publisher"
"$Q" "${db_args[@]}" import assets/sample-news.epub
"$Q" "${db_args[@]}" list
article=$("$Q" "${db_args[@]}" list --json | python3 -c '
import json, sys
rows = json.load(sys.stdin)
news = [r["id"] for r in rows if r["section"] == "News" and r["verified"]]
print(news[0] if news else (rows[0]["id"] if rows else ""))')
[ -n "$article" ] || exit 0
if [ -n "${DISPLAY:-}" ]; then
    "$Q" "${db_args[@]}" read --backend sdl --article "$article"
else
    rm -rf build/pages
    "$Q" "${db_args[@]}" render "$article" --out build/pages
    echo "no display: the pages of article $article are in build/pages/"
fi
