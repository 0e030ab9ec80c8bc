#!/usr/bin/env bash
# `make build` prints no "Entering/Leaving directory" lines around the build (issue #14 item
# 18). Runs the project Makefile in a copy with `cmake` standing in for CMake on PATH: like
# `cmake --build` it runs a sub-make, which GNU make would otherwise announce.
. "$(dirname "$0")/lib.sh"
mkdir -p "$T/src/scripts" "$T/bin" "$T/sub"
cp "$SRC/Makefile" "$T/src/Makefile"
printf '#!/bin/sh\nexit 0\n' >"$T/src/scripts/deps.sh"
printf 'all:\n\t@echo built-by-the-sub-make\n' >"$T/sub/Makefile"
cat >"$T/bin/cmake" <<SH
#!/bin/sh
[ "\$1" = --build ] && exec make -C "$T/sub"
exit 0
SH
chmod +x "$T/bin/cmake"
(cd "$T/src" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL PATH="$T/bin:$PATH" make build) >"$T/out" 2>&1 || fail "make build: $(cat "$T/out")"
grep -q built-by-the-sub-make "$T/out" || fail "the sub-make did not run: $(cat "$T/out")"
! grep -q "directory" "$T/out" || fail "make printed directory lines: $(cat "$T/out")"
echo "make_quiet: ok"
