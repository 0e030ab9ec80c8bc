# The part of the cross toolchain files that is the same for every Debian architecture: set
# QUIRE_CROSS_TRIPLET (arm-linux-gnueabihf), QUIRE_CROSS_ARCH (armhf) and
# CMAKE_SYSTEM_PROCESSOR, then include this file.
# Compilers come from crossbuild-essential-<arch>, libraries from the multiarch :<arch> -dev
# packages (scripts/deps.sh cross), except the few that cannot be co-installed, which deps.sh
# unpacks under QUIRE_CROSS_ROOT/<arch>. Binaries run under qemu-user with the cross libc as the
# prefix, so tests need no binfmt_misc and no root.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${QUIRE_CROSS_TRIPLET}-gcc)
set(CMAKE_STRIP ${QUIRE_CROSS_TRIPLET}-strip)
set(CMAKE_LIBRARY_ARCHITECTURE ${QUIRE_CROSS_TRIPLET})
if(NOT DEFINED QUIRE_CROSS_ROOT)
    set(QUIRE_CROSS_ROOT "$ENV{QUIRE_CROSS_ROOT}")
    if(NOT QUIRE_CROSS_ROOT)
        set(QUIRE_CROSS_ROOT /opt/quire-cross)
    endif()
endif()
set(QUIRE_CROSS_UNPACKED "${QUIRE_CROSS_ROOT}/${QUIRE_CROSS_ARCH}")
# Only the target's pkg-config files: a host .pc must never leak in.
set(ENV{PKG_CONFIG_LIBDIR}
    "/usr/lib/${QUIRE_CROSS_TRIPLET}/pkgconfig:/usr/share/pkgconfig:${QUIRE_CROSS_UNPACKED}/usr/lib/pkgconfig:${QUIRE_CROSS_UNPACKED}/usr/lib/${QUIRE_CROSS_TRIPLET}/pkgconfig")
set(CMAKE_FIND_ROOT_PATH /usr/${QUIRE_CROSS_TRIPLET} ${QUIRE_CROSS_UNPACKED} /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
# Tests and tools built for the target run through qemu-user with the host's root as the
# prefix: the loader and every library then come from the multiarch :<arch> packages. Not
# /usr/<triplet>: its loader (libc6-<arch>-cross) is another build than the multiarch libc.so.6
# the loader finds next, and pthread_create crashes on the mix.
find_program(QUIRE_QEMU qemu-${QUIRE_QEMU_ARCH})
if(QUIRE_QEMU)
    set(CMAKE_CROSSCOMPILING_EMULATOR ${QUIRE_QEMU} -L /)
endif()
