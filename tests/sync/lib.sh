# tests/sync/lib.sh: helpers for the sync script tests (sourced, not a test itself).
# Real servers on 127.0.0.1 only: nginx (Range, ETag, limit_rate, TLS), small python servers
# in this folder (a stalling server, a SOCKS5 proxy) and `quire serve`. Every server started
# here is killed by the EXIT trap. Needs QUIRE (the binary) and SRC (the source root).
set -euo pipefail
: "${QUIRE:?QUIRE must name the quire binary}"
: "${SRC:?SRC must name the source root}"
HERE="$SRC/tests/sync"
T=$(mktemp -d "${TMPDIR:-/tmp}/quire-sync.XXXXXX")
PIDS=()

cleanup() {
    local p
    for p in "${PIDS[@]:-}"; do
        [ -n "$p" ] && kill "$p" 2>/dev/null || true
    done
    for p in "${PIDS[@]:-}"; do
        [ -n "$p" ] && wait "$p" 2>/dev/null || true
    done
    if [ -n "${KEEP:-}" ]; then # debugging: keep the scratch folder, still stop servers
        echo "kept $T" >&2
    else
        rm -rf "$T"
    fi
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# A free TCP port on 127.0.0.1 (bound and released: the window is tiny on a test machine).
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Waits until something accepts connections on 127.0.0.1:$1.
wait_port() {
    local i
    for i in $(seq 1 100); do
        python3 -c "import socket,sys; s=socket.socket(); s.settimeout(0.2); sys.exit(0 if s.connect_ex(('127.0.0.1',$1))==0 else 1)" && return 0
        sleep 0.1
    done
    fail "nothing listens on port $1"
}

# Publisher key pair in $T/pub.{pub,key}.
make_key() {
    [ -f "$T/pub.key" ] || "$QUIRE" bundle keygen --out "$T/pub" >/dev/null
}

# make_bundle NAME SEQUENCE ARTICLES [TEXT_BYTES]: a signed bundle $T/in/NAME.epub.
make_bundle() {
    local name=$1 seq=$2 n=$3 bytes=${4:-200} i files=()
    make_key
    mkdir -p "$T/in/$name.src"
    for i in $(seq 1 "$n"); do
        {
            echo "Article $i of $name"
            echo
            if [ "$bytes" -gt 1000 ]; then
                # Incompressible text: the bundle is about as large as asked.
                head -c "$bytes" /dev/urandom | base64 -w 76 | sed 's/$/ /'
            else
                echo "Body of article $i in $name, sequence $seq."
            fi
        } >"$T/in/$name.src/$name-a$i.txt"
        files+=("$T/in/$name.src/$name-a$i.txt")
    done
    "$QUIRE" bundle create --key "$T/pub.key" --out "$T/in/$name.epub" --publisher "Test Daily" \
        --sequence "$seq" --section World "${files[@]}" >/dev/null
}

# start_nginx NAME ROOT [extra directives for the location] [ssl cert key]: serves ROOT on a
# fresh port; sets NGX_PORT and NGX_LOG (access log: request, Range, status, bytes, validators).
start_nginx() {
    local name=$1 root=$2 extra=${3:-} cert=${4:-} key=${5:-} d="$T/nginx-$1" listen
    mkdir -p "$d/tmp"
    NGX_PORT=${NGX_FIXED_PORT:-$(free_port)}
    NGX_LOG="$d/access.log"
    listen="127.0.0.1:$NGX_PORT"
    local ssl=""
    if [ -n "$cert" ]; then
        listen="$listen ssl"
        ssl="ssl_certificate $cert; ssl_certificate_key $key;"
    fi
    cat >"$d/nginx.conf" <<CONF
worker_processes 1;
daemon off;
$( [ "$(id -u)" -eq 0 ] && echo "user root;" )
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 64; }
http {
    log_format q '\$request "\$http_range" \$status \$body_bytes_sent "\$http_if_none_match"';
    access_log $NGX_LOG q;
    client_body_temp_path $d/tmp; proxy_temp_path $d/tmp; fastcgi_temp_path $d/tmp;
    uwsgi_temp_path $d/tmp; scgi_temp_path $d/tmp;
    types { application/json json; application/epub+zip epub; text/plain minisig; }
    server {
        listen $listen;
        $ssl
        root $root;
        location / { $extra }
    }
}
CONF
    nginx -c "$d/nginx.conf" -p "$d" -e "$d/error.log" &
    NGX_PID=$!
    PIDS+=("$NGX_PID")
    wait_port "$NGX_PORT"
}

stop_nginx() {
    kill "$NGX_PID" 2>/dev/null || true
    wait "$NGX_PID" 2>/dev/null || true
}

# Counts articles in a library.
article_count() {
    "$QUIRE" --db "$1" list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}
