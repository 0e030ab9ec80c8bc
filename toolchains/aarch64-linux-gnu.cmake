# Cross-compiling Quire for 64-bit ARM (Raspberry Pi 3/4/5 on a 64-bit OS, newer readers).
#   bash scripts/deps.sh cross
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=toolchains/aarch64-linux-gnu.cmake
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(QUIRE_CROSS_TRIPLET aarch64-linux-gnu)
set(QUIRE_CROSS_ARCH arm64)
set(QUIRE_QEMU_ARCH aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
