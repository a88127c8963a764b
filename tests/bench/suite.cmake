# Benchmarks: built with the tests, run by hand (see docs/benchmarks.md), never timed in ctest.
add_executable(bench_edit_latency ${CMAKE_CURRENT_LIST_DIR}/EditLatency.cpp)
target_link_libraries(bench_edit_latency PRIVATE mlide_lsp mlide_warnings)
