# The README's main job: `mlide check examples/` must report the planted bugs (exit 1), and
# name the headline rules of each example file.
execute_process(COMMAND "${MLIDE}" check --format json "${EXAMPLES}" RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "mlide check examples/ exited ${rc}, expected 1 (findings)")
endif()
foreach(rule missing-softmax input-not-normalized high-dropout missing-activation lr-out-of-range missing-zero-grad double-softmax
             functional-dropout-always-on missing-eval-mode)
  string(FIND "${out}" "\"rule\": \"${rule}\"" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "mlide check examples/ did not report ${rule}:\n${out}")
  endif()
endforeach()
