# Runs `mlide ARGS...` and checks its exit code, that stdout matches OUT and stderr matches ERR
# (regular expressions; an empty one means the stream must be empty).
function(expect rc_expected out_re err_re)
  execute_process(COMMAND "${MLIDE}" ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(REPLACE ";" " " what "mlide ${ARGN}")
  if(NOT rc STREQUAL "${rc_expected}")
    message(FATAL_ERROR "${what}: exit ${rc}, expected ${rc_expected}\nstdout: ${out}\nstderr: ${err}")
  endif()
  foreach(stream out err)
    set(re "${${stream}_re}")
    if(re STREQUAL "" AND NOT "${${stream}}" STREQUAL "")
      message(FATAL_ERROR "${what}: expected nothing on std${stream}, got:\n${${stream}}")
    elseif(NOT re STREQUAL "" AND NOT "${${stream}}" MATCHES "${re}")
      message(FATAL_ERROR "${what}: std${stream} does not match '${re}':\n${${stream}}")
    endif()
  endforeach()
endfunction()

string(REPLACE "." "\\." version_re "${VERSION}")
expect(0 "^mlide ${version_re}\n$" "" --version)
expect(0 "^mlide ${version_re}\n$" "" -V)
expect(0 "^mlide ${version_re}\n$" "" version)

# Usage errors: exit 2, the problem named on stderr, nothing on stdout.
expect(2 "" "^usage: mlide <command>")
expect(2 "" "^mlide: unknown option '--frobnicate' \\(see `mlide --help`\\)\n$" --frobnicate)
expect(2 "" "^mlide: unknown command 'frobnicate' \\(see `mlide --help`\\)\n$" frobnicate)
expect(2 "" "^mlide check: unknown option '--frobnicate'\nusage: mlide check" check --frobnicate x.py)
expect(2 "" "^mlide check: no PATH given\n" check)
expect(2 "" "^mlide check: --format expects text, json or sarif\n" check --format yaml x.py)
expect(2 "" "^mlide check: unknown rule 'no-such-rule'" check --select no-such-rule x.py)
expect(2 "" "^mlide check: /nonexistent/x.py: no such file or directory\n$" check /nonexistent/x.py)
expect(2 "" "^mlide serve: unknown option '--frobnicate'\nusage: mlide serve" serve --frobnicate)
expect(2 "" "^mlide serve: --debounce expects milliseconds, got 'soon'\n$" serve --debounce soon)
expect(2 "" "^mlide serve: cannot read transcript '/nonexistent.jsonrpc'\n$" serve --transcript /nonexistent.jsonrpc)

# Help goes to stdout with exit 0.
expect(0 "^usage: mlide <command>.*\n  check " "" --help)
