# The command line itself: --version, and usage errors (exit 2, a clear message on stderr).
add_test(NAME cli_usage
  COMMAND ${CMAKE_COMMAND} -DMLIDE=$<TARGET_FILE:mlide> -DVERSION=${PROJECT_VERSION}
          -P ${CMAKE_CURRENT_LIST_DIR}/check_usage.cmake)
set_tests_properties(cli_usage PROPERTIES LABELS cli TIMEOUT 60)
# Notebooks in SARIF and JSON output: the example, and one with escapes, non-ASCII text and a
# source written as one string.
foreach(nb ${PROJECT_SOURCE_DIR}/examples/torch_notebook.ipynb ${CMAKE_CURRENT_LIST_DIR}/escapes.ipynb)
  get_filename_component(name ${nb} NAME_WE)
  add_test(NAME cli_notebook_formats_${name}
    COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/notebook_formats.py $<TARGET_FILE:mlide> ${nb})
  set_tests_properties(cli_notebook_formats_${name} PROPERTIES LABELS cli TIMEOUT 60)
endforeach()
