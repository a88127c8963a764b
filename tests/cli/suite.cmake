# The command line itself: --version, and usage errors (exit 2, a clear message on stderr).
add_test(NAME cli_usage
  COMMAND ${CMAKE_COMMAND} -DMLIDE=$<TARGET_FILE:mlide> -DVERSION=${PROJECT_VERSION}
          -P ${CMAKE_CURRENT_LIST_DIR}/check_usage.cmake)
set_tests_properties(cli_usage PROPERTIES LABELS cli TIMEOUT 60)
