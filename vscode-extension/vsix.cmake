# The .vsix as a CMake target (the top-level CMakeLists.txt includes this after lsp-server/):
# `cmake --build --preset release --target vsix` writes build/<preset>/mlide-linux-x64.vsix.
# Not part of ALL: it needs Node >= 22 and the npm packages (tests/e2e/vscode/setup.sh).
set(MLIDE_VSIX "${PROJECT_BINARY_DIR}/mlide-linux-x64.vsix")
file(GLOB_RECURSE MLIDE_VSIX_SOURCES CONFIGURE_DEPENDS
  "${CMAKE_CURRENT_LIST_DIR}/src/*.ts" "${CMAKE_CURRENT_LIST_DIR}/webview/*"
  "${PROJECT_SOURCE_DIR}/docs/rules/*.md"
  "${PROJECT_SOURCE_DIR}/plugins/checks/clients/python/mlide_client/*.py")
add_custom_command(
  OUTPUT "${MLIDE_VSIX}"
  COMMAND "${CMAKE_CURRENT_LIST_DIR}/scripts/package.sh" --binary "$<TARGET_FILE:mlide>" --out "${MLIDE_VSIX}"
  DEPENDS mlide ${MLIDE_VSIX_SOURCES}
    "${CMAKE_CURRENT_LIST_DIR}/package.json" "${CMAKE_CURRENT_LIST_DIR}/package-lock.json"
    "${CMAKE_CURRENT_LIST_DIR}/build.mjs" "${CMAKE_CURRENT_LIST_DIR}/scripts/package.sh"
  WORKING_DIRECTORY "${CMAKE_CURRENT_LIST_DIR}"
  COMMENT "Packaging the VS Code extension with the mlide binary"
  VERBATIM)
add_custom_target(vsix DEPENDS "${MLIDE_VSIX}")
