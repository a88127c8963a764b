# The false-positive suite: idiomatic, correct training programs on which every rule
# (preview ones included) must stay silent.
add_test(NAME clean_suite_silent COMMAND $<TARGET_FILE:mlide> check --select ALL ${CMAKE_CURRENT_LIST_DIR})
set_tests_properties(clean_suite_silent PROPERTIES LABELS rules TIMEOUT 120)
