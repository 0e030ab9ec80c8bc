#!/usr/bin/env bash
# Cross builds for the devices, tested under qemu-user.
#   scripts/cross.sh build ARCH...   configure and build quire for each ARCH into build-ARCH/
#   scripts/cross.sh test ARCH...    the same plus the unit tests chosen below, then run them and
#                                    the chosen CLI tests on the ARM binaries under qemu
# ARCH is armhf (armv7-a NEON hard float: Kobo, Kindle, PocketBook, Raspberry Pi 2+) or arm64.
# Only what the tests need is built: an emulated run is ~10x slower than a native one, so the
# cross stage runs the tests that exercise what differs on ARM (32-bit sizes and offsets, the
# struct layouts of ioctls and input events, alignment, char signedness, the libraries' ARM
# builds), not the whole suite again.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
WERROR=${WERROR:-$([ -n "${CI:-}" ] && echo ON || echo OFF)}

# Unit tests (CTest names are the target names) and script tests run under emulation.
unit_tests=(test_core test_doc test_platform test_fbdev test_render_canvas test_render_refresh
    test_render_page test_bundle_minisign test_bundle_manifest test_bundle_container
    test_store test_sync_index test_net_http test_sync_serve test_typeset test_ui_status
    test_ui_input test_ui_prefs test_ui_i18n test_epaper test_image test_service)
# The devices_ tests (tests/devices/: fbdev end to end, the packages) all run.
script_tests=(cli_basics cli_sample_import cli_bad_input 'devices_.*')
# arm64 has the host's sizes and struct layouts (LP64, 24-byte input events) and the same
# unsigned char as armhf, so what only it can break is the device code on its libraries: it
# runs the platform, service, renderer and input tests and the devices_ tests (its .deb, fbdev end to
# end), and leaves the store, bundle, sync and typesetting suites to armhf (a minute of CI).
arm64_unit_tests=(test_core test_platform test_fbdev test_epaper test_render_canvas
    test_render_refresh test_render_page test_ui_input test_service)
arm64_script_tests=(cli_basics 'devices_.*')

toolchain_for() {
    case "$1" in
    armhf) echo toolchains/arm-linux-gnueabihf.cmake ;;
    arm64) echo toolchains/aarch64-linux-gnu.cmake ;;
    *) echo "cross: unknown architecture '$1' (armhf or arm64)" >&2; return 2 ;;
    esac
}

configure() { # arch
    local tc
    tc=$(toolchain_for "$1")
    cmake -S . -B "build-$1" -DCMAKE_TOOLCHAIN_FILE="$tc" -DCMAKE_BUILD_TYPE=Release \
        -DQUIRE_WERROR="$WERROR" >/dev/null
}

# Only targets this tree has (a test another branch removed is skipped, not an error).
existing_targets() { # arch, names...
    local help t
    help=$(cmake --build "build-$1" --target help)
    shift
    for t in "$@"; do
        grep -qx "\.\.\. $t" <<<"$help" && echo "$t"
    done
    return 0
}

run_tests() { # arch
    local dir=build-$1 names units scripts
    if [ "$1" = arm64 ]; then
        mapfile -t units < <(existing_targets "$1" "${arm64_unit_tests[@]}")
        scripts=("${arm64_script_tests[@]}")
    else
        mapfile -t units < <(existing_targets "$1" "${unit_tests[@]}")
        scripts=("${script_tests[@]}")
    fi
    cmake --build "$dir" -j "$JOBS" --target quire "${units[@]}"
    names=$(IFS='|'; echo "${units[*]} ${scripts[*]}" | tr ' ' '|')
    (cd "$dir" && ctest --output-on-failure -j "$JOBS" --timeout 600 -R "^($names)\$")
}

mode=${1:-}
shift || true
[ $# -gt 0 ] || set -- armhf arm64
bash scripts/deps.sh cross
for arch in "$@"; do
    echo "cross: $arch"
    start=$SECONDS
    configure "$arch"
    case "$mode" in
    build) cmake --build "build-$arch" -j "$JOBS" --target quire ;;
    test) run_tests "$arch" ;;
    *) echo "usage: $0 build|test [armhf|arm64]..." >&2; exit 2 ;;
    esac
    # The stage's share of the CI budget (scripts/test.sh), printed for whoever watches it.
    echo "cross: $arch $mode took $((SECONDS - start)) s"
done
