#!/usr/bin/env bash
# sync export_filters: `export --source` exports only that source's bundles and a name that is
# no source at all fails (exit 1, "no such source", nothing written); `--since DATE` keeps the
# bundles created on or after that date.
source "$SRC/tests/sync/lib.sh"

for i in 1 2 3; do make_bundle "day$i" "$i" 1; done
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T"/in/day{1,2,3}.epub >/dev/null
start_nginx main "$T/repo"
DB="$T/lib/library.db"
"$QUIRE" --db "$DB" source add daily "http://127.0.0.1:$NGX_PORT" --pubkey "$T/pub.pub" >/dev/null
"$QUIRE" --db "$DB" sync >/dev/null 2>"$T/err" || fail "sync: $(cat "$T/err")"
# Backdate day1 in the archive: created 2020-06-01, the others now.
python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = db.execute("UPDATE sync_archive SET created = 1590969600 WHERE file = 'day1.epub'").rowcount
db.commit()
sys.exit(0 if n == 1 else 1)
PY

rc=0
"$QUIRE" --db "$DB" export --out "$T/x0" --source nosuch >"$T/out0" 2>"$T/err0" || rc=$?
[ "$rc" -eq 1 ] || fail "export --source nosuch should exit 1 (rc $rc)"
grep -q "nosuch: no such source" "$T/err0" || fail "unclear message: $(cat "$T/err0")"
[ ! -e "$T/x0" ] || fail "export of no source wrote $T/x0"

"$QUIRE" --db "$DB" export --out "$T/x1" --source daily >"$T/out1" || fail "export --source daily"
grep -q "exported 3 bundles" "$T/out1" || fail "--source daily: $(cat "$T/out1")"

"$QUIRE" --db "$DB" export --out "$T/x2" --since 2021-01-01 >"$T/out2" || fail "export --since"
grep -q "exported 2 bundles" "$T/out2" || fail "--since 2021-01-01: $(cat "$T/out2")"
[ ! -e "$T/x2/day1.epub" ] && [ -f "$T/x2/day2.epub" ] && [ -f "$T/x2/day3.epub" ] ||
    fail "--since picked the wrong bundles: $(ls "$T/x2")"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if len(d["bundles"])==2 else 1)' \
    "$T/x2/index.json" || fail "index lists the wrong bundles"

"$QUIRE" --db "$DB" export --out "$T/x3" --since 2019-01-01 --source daily >"$T/out3" ||
    fail "export --since --source"
grep -q "exported 3 bundles" "$T/out3" || fail "--since 2019: $(cat "$T/out3")"
echo "ok"
