// Every mlide extension to LSP: custom requests, notifications and executeCommand commands.
// vscode-extension/src/lspExt.ts mirrors this file; change both together.
//
// Requests (client -> server); params and results are JSON objects:
//   mlide/serverStatus               {} -> {version, engines[], positionEncoding, openDocuments,
//                                          workspaceRoot, databasePath}
//   mlide/ruleDocumentation          {rule: slug-or-code} -> {code, rule, title, markdown}
//   mlide/training/listSessions      {} -> {sessions: [{id, name, script, startedAt, status,
//                                          epochs, findings}]}
//   mlide/training/session           {id} -> the list fields plus model, epochList [{epoch,
//                                          metrics, lr, wallTime}], inputs, gradients, warnings,
//                                          findingList [{code, rule, title, key, severity,
//                                          message, epochs, anchor, location}]; NaN and
//                                          infinities as "nan", "inf", "-inf" (TrainingJson.hpp)
//   mlide/embedding/status           {} -> {projects, files, database, message}
//   mlide/attribution/listComparisons {} -> {available, message, comparisons: [{id, modelA, modelB,
//                                          createdAt}]}; available is false while no attribution
//                                          engine is built in (message says so, nothing computed).
//                                          Loads models: RequestFailed in an untrusted workspace.
// Notifications (server -> client):
//   mlide/sessionChanged             {sessionId}
// Commands (workspace/executeCommand):
//   mlide.indexCorpus                [{folder}] -> {projects, files}; a long job with $/progress
// Initialization options (and workspace/didChangeConfiguration settings), beside the settings:
//   workspaceTrusted                 bool; false: requests that load model files are refused.
//                                    Absent: unchanged (trusted at start, for clients without
//                                    a notion of trust).
#pragma once

namespace mlide::lsp::ext {

inline constexpr const char* kServerStatus = "mlide/serverStatus";
inline constexpr const char* kRuleDocumentation = "mlide/ruleDocumentation";
inline constexpr const char* kTrainingListSessions = "mlide/training/listSessions";
inline constexpr const char* kTrainingSession = "mlide/training/session";
inline constexpr const char* kEmbeddingStatus = "mlide/embedding/status";
inline constexpr const char* kAttributionListComparisons = "mlide/attribution/listComparisons";

inline constexpr const char* kSessionChanged = "mlide/sessionChanged";

inline constexpr const char* kCommandIndexCorpus = "mlide.indexCorpus";

/// The key of the workspace-trust flag in initializationOptions and settings.
inline constexpr const char* kWorkspaceTrustedOption = "workspaceTrusted";

/// The code action kind of "fix all safe mlide issues".
inline constexpr const char* kFixAllKind = "source.fixAll.mlide";

}  // namespace mlide::lsp::ext
