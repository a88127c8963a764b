# Runs bench_edit_latency tiny and checks that it prints its figures (any values: timings are
# not asserted here).
execute_process(COMMAND "${BENCH}" --lines 60 --edits 5 --no-pylint RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "bench_edit_latency exited ${rc}\n${out}\n${err}")
endif()
set(num "[0-9]+\\.[0-9]+")
foreach(re "edit latency: [0-9]+-line file \\([0-9]+ bytes\\), 5 single-character edits at line [0-9]+"
           "p50 ms +p99 ms +max ms"
           "didChange -> publishDiagnostics, all rules +${num} +${num} +${num}"
           "didChange -> publishDiagnostics, no engines +${num} +${num} +${num}"
           "incremental re-parse only +${num} +${num} +${num}"
           "parse share of the p50 \\(all rules\\): [0-9]+ %"
           "diagnostics on the final text: [0-9]+")
  if(NOT out MATCHES "${re}")
    message(FATAL_ERROR "bench_edit_latency output lacks '${re}':\n${out}")
  endif()
endforeach()
if(out MATCHES "pylint")
  message(FATAL_ERROR "--no-pylint still ran the peer tool:\n${out}")
endif()
