#!/usr/bin/env bash
# `make bench`: runs every bench/*.sh in turn; each prints its own figures.
set -euo pipefail
cd "$(dirname "$0")/.."
for b in bench/*.sh; do
    echo "=== $(basename "$b" .sh)"
    bash "$b"
done
