# Cross-compiling Quire for 32-bit ARM: armv7-a with NEON and hard float (Kobo, Kindle,
# PocketBook, Raspberry Pi 2 and later running a 32-bit OS). Used by `make cross-armhf`, the
# cross stage of `make test` and `make package-kobo`:
#   bash scripts/deps.sh cross
#   cmake -S . -B build-armhf -DCMAKE_TOOLCHAIN_FILE=toolchains/arm-linux-gnueabihf.cmake
# Only the fbdev, epaper and headless backends make sense on a device; SDL is for the desktop.
set(CMAKE_SYSTEM_PROCESSOR arm)
set(QUIRE_CROSS_TRIPLET arm-linux-gnueabihf)
set(QUIRE_CROSS_ARCH armhf)
set(QUIRE_QEMU_ARCH arm)
set(CMAKE_C_FLAGS_INIT "-march=armv7-a -mfpu=neon -mfloat-abi=hard")
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
