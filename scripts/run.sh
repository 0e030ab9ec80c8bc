#!/usr/bin/env bash
# `make run`: the main job on the default library ($XDG_DATA_HOME/quire/library.db, or the
# file named by QUIRE_DB). On first run the library is seeded from the sample bundle in
# assets/, whose publisher key is trusted for this library only (trust add is idempotent;
# import skips a bundle it already holds).
set -euo pipefail
cd "$(dirname "$0")/.."
Q=./build/quire
db_args=()
[ -n "${QUIRE_DB:-}" ] && db_args=(--db "$QUIRE_DB")
"$Q" "${db_args[@]}" trust add assets/sample-news.pub --name "Quire sample publisher"
"$Q" "${db_args[@]}" import assets/sample-news.epub
"$Q" "${db_args[@]}" list
