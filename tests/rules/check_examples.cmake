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

# The README quotes one finding on examples/keras_mnist.py: the quoted block must be what
# `mlide check examples/keras_mnist.py` prints (run from the repository root), line for line.
file(READ "${README}" readme)
string(FIND "${readme}" "One of the findings, on `examples/keras_mnist.py`" intro)
if(intro EQUAL -1)
  message(FATAL_ERROR "README.md no longer introduces the keras_mnist.py finding")
endif()
string(SUBSTRING "${readme}" ${intro} -1 rest)
string(FIND "${rest}" "```\n" open)
string(SUBSTRING "${rest}" ${open} -1 rest)
string(SUBSTRING "${rest}" 4 -1 rest)
string(FIND "${rest}" "```" close)
string(SUBSTRING "${rest}" 0 ${close} quoted)
get_filename_component(root "${EXAMPLES}" DIRECTORY)
execute_process(COMMAND "${MLIDE}" check examples/keras_mnist.py WORKING_DIRECTORY "${root}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE printed)
# Whole lines only: the block starts a line, and the finding has no further fix line after it.
string(FIND "\n${printed}" "\n${quoted}" at)
set(after " ")
if(NOT at EQUAL -1)
  string(LENGTH "${quoted}" length)
  math(EXPR next "${at} + ${length}")
  string(SUBSTRING "${printed}\n" ${next} 1 after)
endif()
if(quoted STREQUAL "" OR at EQUAL -1 OR after STREQUAL " ")
  message(FATAL_ERROR "README.md's finding block is not what `mlide check examples/keras_mnist.py` prints:\n"
                      "README:\n${quoted}\noutput:\n${printed}")
endif()
