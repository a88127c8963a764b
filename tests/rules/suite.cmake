# Rule fixtures (tests/rules/<slug>/): expected findings and --fix results, every fix keeps
# the file parseable; and docs/rules/ is what `mlide rules --format markdown` generates.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
add_test(NAME rules_fixtures
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/run_fixtures.py $<TARGET_FILE:mlide> ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME rules_docs_up_to_date
  COMMAND ${CMAKE_COMMAND} -DMLIDE=$<TARGET_FILE:mlide> -DDOCS=${PROJECT_SOURCE_DIR}/docs/rules
          -DOUT=${CMAKE_CURRENT_BINARY_DIR}/rules-docs -P ${CMAKE_CURRENT_LIST_DIR}/check_docs.cmake)
add_test(NAME rules_examples_have_findings
  COMMAND ${CMAKE_COMMAND} -DMLIDE=$<TARGET_FILE:mlide> -DEXAMPLES=${PROJECT_SOURCE_DIR}/examples
          -DREADME=${PROJECT_SOURCE_DIR}/README.md -P ${CMAKE_CURRENT_LIST_DIR}/check_examples.cmake)
add_test(NAME rules_notebook
  COMMAND ${CMAKE_COMMAND} -DMLIDE=$<TARGET_FILE:mlide> -DNOTEBOOK=${PROJECT_SOURCE_DIR}/examples/torch_notebook.ipynb
          -DWORK=${CMAKE_CURRENT_BINARY_DIR}/rules-notebook -P ${CMAKE_CURRENT_LIST_DIR}/check_notebook.cmake)
set_tests_properties(rules_fixtures rules_docs_up_to_date rules_examples_have_findings rules_notebook PROPERTIES LABELS rules TIMEOUT 300)
