#!/usr/bin/env bash
# Installs the Debian packages Quire needs to build, test and run, but only those missing.
# Usage: scripts/deps.sh [build|test|all|bench|cross]   (default: all). Idempotent; needs root or sudo.
# cross: Debian's cross compilers for armhf and arm64, qemu-user to run their binaries, and the
# multiarch :armhf/:arm64 -dev packages of every library in build_pkgs (derived from that list,
# so a new dependency is cross-installed too); only the cross stage of scripts/test.sh asks.
# A library whose packages cannot be installed for two architectures at once (libunibreak: not
# Multi-Arch: same) is unpacked instead into $QUIRE_CROSS_ROOT/<arch> (default
# /opt/quire-cross), with its pkg-config file pointed there; the toolchain files look there too.
set -euo pipefail

build_pkgs=(cmake make gcc clang pkg-config libclang-rt-14-dev python3
  libsqlite3-dev libsodium-dev libssl-dev libzip-dev libcjson-dev libxml2-dev
  libharfbuzz-dev libfribidi-dev libunibreak-dev libhyphen-dev libfreetype-dev
  libsdl2-dev libsdl2-ttf-dev libcmocka-dev libcurl4-openssl-dev libmicrohttpd-dev
  libpng-dev libjpeg62-turbo-dev libgpiod-dev libfontconfig-dev libicu-dev fonts-noto-core
  fonts-noto-cjk libgumbo-dev libwebp-dev libgif-dev)
# make bench only: Pango through Python GI, the reference bench/scripts.sh measures against.
bench_pkgs=(python3-gi gir1.2-pango-1.0)
test_pkgs=(minisign epubcheck python3 sqlite3 time xvfb xauth zip unzip valgrind nginx-light openssl
  procps util-linux xdotool x11-apps curl python3-icu python3-feedparser python3-readability)

cross_arches=(armhf arm64)
# Host-only entries of build_pkgs: the desktop SDL backend and clang's sanitizer runtime.
cross_skip=" libclang-rt-14-dev libsdl2-dev libsdl2-ttf-dev "
cross_unpacked=(libunibreak-dev libunibreak1)
cross_root=${QUIRE_CROSS_ROOT:-/opt/quire-cross}
cross_wanted() {
  local a p
  printf '%s\n' qemu-user patchelf dpkg-dev lintian icu-devtools
  for a in "${cross_arches[@]}"; do
    echo "crossbuild-essential-$a"
    for p in "${build_pkgs[@]}"; do
      [[ " ${cross_unpacked[*]} " == *" $p "* ]] && continue
      case "$p" in lib*-dev) [[ $cross_skip == *" $p "* ]] || echo "$p:$a" ;; esac
    done
  done
}

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
add_arches() { # the foreign architectures dpkg must know before their packages can be had
  local a added=0
  for a in "${cross_arches[@]}"; do
    dpkg --print-foreign-architectures | grep -qx "$a" || { $SUDO dpkg --add-architecture "$a"; added=1; }
  done
  [ $added -eq 0 ] || $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
}

unpack_cross_libs() { # the cross_unpacked packages, once per architecture
  local a p tmp pc
  for a in "${cross_arches[@]}"; do
    [ -f "$cross_root/$a/.done" ] && continue
    tmp=$(mktemp -d)
    chmod 755 "$tmp" # apt's download user writes there
    $SUDO mkdir -p "$cross_root/$a"
    for p in "${cross_unpacked[@]}"; do
      (cd "$tmp" && apt-get download -q=2 -o APT::Sandbox::User=root "$p:$a")
      $SUDO dpkg-deb -x "$tmp/${p}_"*"_$a.deb" "$cross_root/$a"
    done
    for pc in "$cross_root/$a"/usr/lib/pkgconfig/*.pc "$cross_root/$a"/usr/lib/*/pkgconfig/*.pc; do
      [ -f "$pc" ] && $SUDO sed -i "s|^prefix=/usr\$|prefix=$cross_root/$a/usr|" "$pc"
    done
    rm -rf "$tmp"
    $SUDO touch "$cross_root/$a/.done"
  done
}

case "${1:-all}" in
  build) want=("${build_pkgs[@]}") ;;
  test | all) want=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
  bench) want=("${build_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  cross) add_arches; mapfile -t want < <(cross_wanted); trap unpack_cross_libs EXIT ;;
  *) echo "usage: $0 [build|test|all|bench|cross]" >&2; exit 2 ;;
esac

# Installed for the architecture asked for: a bare name means this machine's (or "all"), since
# the :armhf copy of a multiarch -dev package must not count for the host's.
native=$(dpkg --print-architecture)
is_installed() { # name[:arch]
  local name=${1%%:*} arch=${1#*:}
  [ "$arch" != "$1" ] || arch=$native
  local status # one of the two names is unknown to dpkg-query, which then exits 1
  status=$(dpkg-query -W -f='${Status} ${Architecture}\n' "$name:$arch" "$name" 2>/dev/null || true)
  grep -qE "^install ok installed ($arch|all)$" <<<"$status"
}
missing=()
for p in "${want[@]}"; do
  is_installed "$p" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Several builds may install at once (parallel work trees, CI): wait for dpkg's lock instead
# of failing on it.
apt=(apt-get -o DPkg::Lock::Timeout=900)
$SUDO "${apt[@]}" update -qq
$SUDO "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
