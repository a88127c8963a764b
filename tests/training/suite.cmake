# `mlide sessions import` and the Keras callback's model reading need no torch.
foreach(t import keras_info)
  add_test(NAME training_${t} COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_${t}.py $<TARGET_FILE:mlide>)
  set_tests_properties(training_${t} PROPERTIES TIMEOUT 60 LABELS training)
endforeach()

# Training sessions end to end: real `mlide listen` / `mlide serve`, real tiny PyTorch runs with
# Debian's /usr/bin/python3 (python3-torch). Skipped where that interpreter lacks torch.
execute_process(COMMAND /usr/bin/python3 -c "import torch" RESULT_VARIABLE MLIDE_HAVE_PY_TORCH
                OUTPUT_QUIET ERROR_QUIET)
if(MLIDE_HAVE_PY_TORCH EQUAL 0)
  foreach(t dynamic_runs refusals daemon_restart lsp_live resilience)
    add_test(NAME training_${t}
             COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_${t}.py $<TARGET_FILE:mlide>)
    set_tests_properties(training_${t} PROPERTIES TIMEOUT 180 LABELS training)
  endforeach()
  # The Python client's core, without a daemon behind it and with a fake one.
  add_test(NAME training_client_core
           COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/test_client_core.py $<TARGET_FILE:mlide>)
  set_tests_properties(training_client_core PROPERTIES TIMEOUT 120 LABELS training)
else()
  message(STATUS "training tests: /usr/bin/python3 cannot import torch, skipped")
endif()
