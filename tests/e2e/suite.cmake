# End-to-end tests with real clients. (The VS Code tests need Chromium and code-server and run
# from scripts/test.sh after the native build, not through ctest.)
# Always registered: without nvim (scripts/setup.sh installs it) the test fails, it is not skipped.
add_test(NAME e2e_neovim COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/nvim/run.sh $<TARGET_FILE:mlide>)
set_tests_properties(e2e_neovim PROPERTIES LABELS e2e TIMEOUT 120)
