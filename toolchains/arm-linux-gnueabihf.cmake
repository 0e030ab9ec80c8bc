# Cross-compiling Quire for 32-bit ARM e-readers (Kobo, Kindle, PocketBook: armv7 hard-float).
#   apt-get install gcc-arm-linux-gnueabihf  (and the :armhf -dev packages of scripts/deps.sh,
#   after `dpkg --add-architecture armhf`)
#   cmake -S . -B build-arm -DCMAKE_TOOLCHAIN_FILE=toolchains/arm-linux-gnueabihf.cmake \
#         -DQUIRE_BUILD_TESTS=OFF
# Only the fbdev and headless backends make sense on a device; SDL is for the desktop.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-linux-gnueabihf-gcc)
set(CMAKE_C_FLAGS_INIT "-march=armv7-a -mfpu=neon -mfloat-abi=hard")
set(CMAKE_FIND_ROOT_PATH /usr/arm-linux-gnueabihf)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/arm-linux-gnueabihf/pkgconfig:/usr/share/pkgconfig)
