# Every third-party dependency comes from Debian (scripts/setup.sh) or, for the tree-sitter
# Python grammar, from the npm registry into ${MLIDE_DEPS_DIR}. Nothing third-party is committed.
set(THREADS_PREFER_PTHREAD_FLAG ON)
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PkgConfig REQUIRED)
# Debian's tree-sitter.pc reports 0.6.3 for the 0.20.7 runtime, so no version check here.
pkg_check_modules(TREESITTER REQUIRED IMPORTED_TARGET tree-sitter)

set(MLIDE_TS_PYTHON_DIR "${MLIDE_DEPS_DIR}/tree-sitter-python-0.23.6/src")
if(NOT EXISTS "${MLIDE_TS_PYTHON_DIR}/parser.c")
  message(FATAL_ERROR "tree-sitter-python grammar not found in ${MLIDE_TS_PYTHON_DIR}: run scripts/setup.sh")
endif()
add_library(tree_sitter_python STATIC "${MLIDE_TS_PYTHON_DIR}/parser.c" "${MLIDE_TS_PYTHON_DIR}/scanner.c")
target_include_directories(tree_sitter_python PRIVATE "${MLIDE_TS_PYTHON_DIR}")
target_compile_options(tree_sitter_python PRIVATE -w -O2)
set_target_properties(tree_sitter_python PROPERTIES POSITION_INDEPENDENT_CODE ON C_STANDARD 11)

if(MLIDE_WITH_TORCH)
  find_package(Torch QUIET)
  if(NOT Torch_FOUND)
    message(WARNING "libtorch not found: building without the torch parts (run scripts/setup.sh)")
    set(MLIDE_WITH_TORCH OFF)
  endif()
endif()
