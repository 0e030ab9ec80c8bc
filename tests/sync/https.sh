#!/usr/bin/env bash
# sync https: nginx serves the repository over TLS with a certificate from a CA made here by
# openssl. Without the CA the sync fails (certificate not trusted); with the CA given by
# `--cacert` (per source, globally with `source set`, or on the sync command line) it works.
source "$SRC/tests/sync/lib.sh"

make_bundle day1 1 2
"$QUIRE" publish --key "$T/pub.key" --out "$T/repo" "$T/in/day1.epub" >/dev/null
P="$T/pki"
mkdir -p "$P"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Quire Test CA" \
    -keyout "$P/ca.key" -out "$P/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$P/srv.key" \
    -out "$P/srv.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n' >"$P/ext"
openssl x509 -req -in "$P/srv.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" -CAcreateserial \
    -days 2 -extfile "$P/ext" -out "$P/srv.pem" 2>/dev/null
start_nginx tls "$T/repo" "" "$P/srv.pem" "$P/srv.key"
URL="https://127.0.0.1:$NGX_PORT"

DB="$T/lib/library.db"
"$QUIRE" --db "$DB" source add daily "$URL" --pubkey "$T/pub.pub" >/dev/null
rc=0
"$QUIRE" --db "$DB" sync --retries 1 >/dev/null 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] || fail "an untrusted certificate must fail"
grep -qi "certificate" "$T/err" || fail "no certificate message: $(cat "$T/err")"
[ "$(article_count "$DB")" -eq 0 ] || fail "imported over an untrusted TLS connection"

"$QUIRE" --db "$DB" sync --cacert "$P/ca.pem" >/dev/null 2>"$T/err2" ||
    fail "sync --cacert failed: $(cat "$T/err2")"
[ "$(article_count "$DB")" -eq 2 ] || fail "not imported"

DB2="$T/lib2/library.db"
"$QUIRE" --db "$DB2" source add daily "$URL" --pubkey "$T/pub.pub" --cacert "$P/ca.pem" >/dev/null
"$QUIRE" --db "$DB2" sync >/dev/null 2>"$T/err3" || fail "per-source --cacert failed: $(cat "$T/err3")"
[ "$(article_count "$DB2")" -eq 2 ] || fail "per-source CA: not imported"

DB3="$T/lib3/library.db"
"$QUIRE" --db "$DB3" source set --cacert "$P/ca.pem" >/dev/null
"$QUIRE" --db "$DB3" source add daily "$URL" --pubkey "$T/pub.pub" >/dev/null
"$QUIRE" --db "$DB3" sync >/dev/null 2>"$T/err4" || fail "global cacert failed: $(cat "$T/err4")"
[ "$(article_count "$DB3")" -eq 2 ] || fail "global CA: not imported"
echo "ok"
