# JSON-RPC transcript tests (tests/lsp/*.jsonrpc vs *.expected) and the stdio robustness test.
file(GLOB MLIDE_TRANSCRIPTS CONFIGURE_DEPENDS "${CMAKE_CURRENT_LIST_DIR}/*.jsonrpc")
foreach(t ${MLIDE_TRANSCRIPTS})
  get_filename_component(name ${t} NAME_WE)
  add_test(NAME lsp_transcript_${name}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run.sh $<TARGET_FILE:mlide> ${name})
  set_tests_properties(lsp_transcript_${name} PROPERTIES LABELS lsp TIMEOUT 60)
endforeach()
add_test(NAME lsp_stdio_robustness
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/stdio_robustness.py $<TARGET_FILE:mlide>)
set_tests_properties(lsp_stdio_robustness PROPERTIES LABELS lsp TIMEOUT 180)
