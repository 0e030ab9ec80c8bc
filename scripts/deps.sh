#!/usr/bin/env bash
# Installs the Debian packages Quire needs to build, test and run, but only those missing.
# Usage: scripts/deps.sh [build|test|all]   (default: all). Idempotent; needs root or sudo.
set -euo pipefail

build_pkgs=(cmake make gcc clang pkg-config libclang-rt-14-dev python3
  libsqlite3-dev libsodium-dev libssl-dev libzip-dev libcjson-dev libxml2-dev
  libharfbuzz-dev libfribidi-dev libunibreak-dev libhyphen-dev libfreetype-dev
  libsdl2-dev libsdl2-ttf-dev libcmocka-dev libcurl4-openssl-dev libmicrohttpd-dev
  libpng-dev libjpeg62-turbo-dev)
test_pkgs=(minisign epubcheck python3 sqlite3 time xvfb xauth zip unzip valgrind nginx-light openssl
  procps util-linux xdotool x11-apps curl)

case "${1:-all}" in
  build) want=("${build_pkgs[@]}") ;;
  test | all) want=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
  *) echo "usage: $0 [build|test|all]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
# Several builds may install at once (parallel work trees, CI): wait for dpkg's lock instead
# of failing on it.
apt=(apt-get -o DPkg::Lock::Timeout=900)
$SUDO "${apt[@]}" update -qq
$SUDO "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
