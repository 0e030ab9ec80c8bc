# Quire's two commands: `make run` and `make test` (plus `make build` and `make bench`).
# Each installs the Debian packages it needs first (scripts/deps.sh), then drives CMake.
# Build folders: build/ (release with debug info), build-asan/ (ASan+UBSan), build-fuzz/ (clang),
# build-armhf/ and build-arm64/ (cross builds, run under qemu-user).
JOBS ?= $(shell nproc)
WERROR ?= $(if $(CI),ON,OFF)
CMAKE_FLAGS ?=
# CMake's generated Makefiles are sub-makes: without this, GNU make wraps their output in
# "Entering directory" lines, noise before the first useful line.
MAKEFLAGS += --no-print-directory

.PHONY: all build run test test-fast test-asan fuzz fuzz-long bench deps clean format cross test-cross package-kobo package-deb

all: build

deps:
	@bash scripts/deps.sh build

build: deps
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUIRE_WERROR=$(WERROR) $(CMAKE_FLAGS) >/dev/null
	@cmake --build build -j $(JOBS)

# The main job on the default library: see scripts/run.sh.
run: build
	@bash scripts/run.sh

# Every test: the normal build, the same suite under ASan+UBSan, then a short fuzz run of each
# libFuzzer target. .ci/run calls this and nothing else.
test:
	@bash scripts/deps.sh all
	@bash scripts/test.sh

# Only the normal build's tests (quicker while developing).
test-fast: build
	@bash scripts/deps.sh all
	@cd build && ctest --output-on-failure -j $(JOBS)

# ARM builds (build-armhf/, build-arm64/) with Debian's cross compilers; test-cross runs their
# device tests under qemu-user (scripts/cross.sh).
cross:
	@bash scripts/cross.sh build armhf arm64

test-cross:
	@bash scripts/cross.sh test armhf arm64

# build-armhf/quire-kobo.zip: Quire with its own runtime for Kobo firmware (packaging/kobo/).
package-kobo:
	@bash scripts/cross.sh build armhf
	@bash scripts/package-kobo.sh build-armhf

# build-{armhf,arm64}/quire_<version>_<arch>.deb for Raspberry Pi OS (packaging/debian/).
package-deb:
	@bash scripts/cross.sh build armhf arm64
	@bash scripts/package-deb.sh armhf build-armhf
	@bash scripts/package-deb.sh arm64 build-arm64

# Every libFuzzer target for 20 s (as CI does), or for 10 minutes each (not in CI: about
# 2.5 hours for 15 targets); each prints its executions and coverage.
fuzz:
	@bash scripts/deps.sh all
	@bash scripts/fuzz.sh

fuzz-long:
	@bash scripts/deps.sh all
	@QUIRE_FUZZ_SECONDS=600 bash scripts/fuzz.sh

bench: build
	@bash scripts/deps.sh bench
	@bash scripts/bench.sh

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan build-fuzz build-armhf build-arm64
