# Shared helpers for the CLI test scripts (sourced, not a test itself).
# Env from CTest: QUIRE (the binary), SRC (source root), BIN (build dir).
set -euo pipefail
: "${QUIRE:?QUIRE must name the quire binary}" "${SRC:?SRC must name the source root}"
export LC_ALL=C.UTF-8
T=$(mktemp -d /tmp/quire-test.XXXXXX)
[ -z "${QUIRE_KEEP_TMP:-}" ] || echo "keeping $T" >&2
trap '[ -n "${QUIRE_KEEP_TMP:-}" ] || rm -rf "$T"' EXIT
DB="$T/library.db"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

q() { "$QUIRE" --db "$DB" "$@"; }

# expect_exit CODE CMD...: runs CMD, stores stdout/stderr in $T/out, $T/err, checks the code.
expect_exit() {
    local want=$1
    shift
    local got=0
    "$@" >"$T/out" 2>"$T/err" || got=$?
    [ "$got" -eq "$want" ] || {
        cat "$T/out" "$T/err" >&2
        fail "'$*' exited $got, expected $want"
    }
}

# expect_error PATTERN CMD...: CMD fails with exit 1 and one stderr line matching PATTERN.
expect_error() {
    local pattern=$1
    shift
    expect_exit 1 "$@"
    [ "$(wc -l <"$T/err")" -eq 1 ] || {
        cat "$T/err" >&2
        fail "'$*' printed more than one error line"
    }
    grep -qE -- "$pattern" "$T/err" || {
        cat "$T/err" >&2
        fail "'$*': error does not match /$pattern/"
    }
}

# A fingerprint of everything the library holds (schema and rows), to prove "unchanged".
library_fingerprint() { sqlite3 "$DB" .dump | sha256sum | cut -d' ' -f1; }

# The database pages, then the search index against the articles it was built from.
integrity_ok() {
    [ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] &&
        sqlite3 "$DB" "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)"
}

# make_key PREFIX: a fresh publisher key pair PREFIX.pub / PREFIX.key.
make_key() { "$QUIRE" bundle keygen --out "$1" >/dev/null; }

# make_articles DIR N [PREFIX]: N plain-text articles from the English corpus, one per file.
# The file stem becomes the article's guid, so batches that must not overlap use a PREFIX.
make_articles() {
    local dir=$1 n=$2 prefix=${3:-article}
    mkdir -p "$dir"
    python3 - "$dir" "$n" "$SRC/tests/data/corpus/long-en.txt" "$prefix" <<'PY'
import sys
out, n, src, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
paras = [l.strip() for l in open(src, encoding='utf-8') if l.strip()]
for i in range(n):
    body = [paras[(i * 3 + k) % len(paras)] for k in range(3)]
    with open(f"{out}/{prefix}-{i:05d}.txt", "w", encoding="utf-8") as f:
        f.write(f"Article number {i}: " + body[0][:60] + "\n\n" + "\n\n".join(body) + "\n")
PY
}
