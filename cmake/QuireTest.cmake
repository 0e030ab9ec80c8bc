# One helper adds every test, with a CTest label: unit, cli, golden, sync, interop, fuzz.
#   quire_add_unit_test(NAME SOURCES a.c b.c LIBS quire_store [LABELS unit])
#     builds a cmocka executable and registers it.
#   quire_add_script_test(NAME SCRIPT path.sh LABELS cli)
#     runs a bash script with QUIRE (the binary), SRC (source root) and TMPDIR set.
#   Cross builds (a toolchain file that sets CMAKE_CROSSCOMPILING_EMULATOR): CTest runs unit
#   tests through the emulator itself; scripts get QUIRE as a wrapper that does the same.
if(CMAKE_CROSSCOMPILING_EMULATOR)
    list(JOIN CMAKE_CROSSCOMPILING_EMULATOR " " quire_emulator)
    file(GENERATE OUTPUT "${PROJECT_BINARY_DIR}/quire-emulated"
        CONTENT "#!/bin/sh\n# Runs the cross-built quire under ${quire_emulator}.\nexec ${quire_emulator} $<TARGET_FILE:quire> \"$@\"\n"
        FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ
        WORLD_EXECUTE)
    set(QUIRE_TEST_BINARY "${PROJECT_BINARY_DIR}/quire-emulated")
else()
    set(QUIRE_TEST_BINARY "$<TARGET_FILE:quire>")
endif()

function(quire_add_unit_test name)
    cmake_parse_arguments(T "" "" "SOURCES;LIBS;LABELS" ${ARGN})
    if(NOT T_LABELS)
        set(T_LABELS unit)
    endif()
    add_executable(${name} ${T_SOURCES})
    target_link_libraries(${name} PRIVATE ${T_LIBS} ${CMOCKA_LIBRARIES} quire_warnings)
    target_include_directories(${name} PRIVATE ${CMOCKA_INCLUDE_DIRS}
        ${PROJECT_SOURCE_DIR}/tests/unit)
    target_compile_definitions(${name} PRIVATE
        QUIRE_TEST_SRC="${PROJECT_SOURCE_DIR}" QUIRE_TEST_BIN="${PROJECT_BINARY_DIR}")
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}"
        ENVIRONMENT "QUIRE_ASSET_DIR=${PROJECT_SOURCE_DIR};QUIRE=${QUIRE_TEST_BINARY}")
endfunction()

function(quire_add_script_test name)
    cmake_parse_arguments(T "" "SCRIPT;TIMEOUT" "LABELS" ${ARGN})
    if(NOT T_LABELS)
        set(T_LABELS cli)
    endif()
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 600)
    endif()
    add_test(NAME ${name} COMMAND bash ${T_SCRIPT})
    set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT}
        ENVIRONMENT "QUIRE=${QUIRE_TEST_BINARY};SRC=${PROJECT_SOURCE_DIR};BIN=${PROJECT_BINARY_DIR};QUIRE_ASSET_DIR=${PROJECT_SOURCE_DIR};QUIRE_CROSS_ARCH=${QUIRE_CROSS_ARCH}")
endfunction()
