# Configuration end to end: training thresholds from pyproject.toml in `mlide listen` and
# `mlide sessions import`, live settings in `mlide serve`, and the severities of the CLI's
# JSON and SARIF output. (package.json against the keys the server reads: tests/unit/config/.)
find_package(Python3 COMPONENTS Interpreter REQUIRED)
add_test(NAME config_training_thresholds
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/test_training_config.py $<TARGET_FILE:mlide>)
add_test(NAME config_output_severities
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/test_output_severities.py $<TARGET_FILE:mlide>)
set_tests_properties(config_training_thresholds config_output_severities PROPERTIES LABELS config TIMEOUT 180)
