# Benchmarks: built with the tests, run by hand (see docs/benchmarks.md), never timed in ctest.
add_executable(bench_edit_latency ${CMAKE_CURRENT_LIST_DIR}/EditLatency.cpp)
target_link_libraries(bench_edit_latency PRIVATE mlide_lsp mlide_warnings)
# Smoke run (label bench): a tiny file, a few edits, no peer tool; checks that the figures are
# printed, not what they are.
add_test(NAME bench_edit_latency_smoke
  COMMAND ${CMAKE_COMMAND} -DBENCH=$<TARGET_FILE:bench_edit_latency>
          -P ${CMAKE_CURRENT_LIST_DIR}/check_edit_latency.cmake)
set_tests_properties(bench_edit_latency_smoke PROPERTIES LABELS bench TIMEOUT 120)
