// Document synchronisation, analysis scheduling and diagnostics publishing.
#include <fstream>
#include <sstream>

#include "core/support/Logging.hpp"
#include "core/support/Uri.hpp"
#include "core/support/Utf.hpp"
#include "lsp-server/protocol/Convert.hpp"
#include "lsp-server/protocol/Protocol.hpp"
#include "lsp-server/server/Server.hpp"
#include "lsp-server/server/TextMapping.hpp"

namespace mlide::server {

namespace {

bool isPython(const std::string& uri, const std::string& languageId) {
  if (languageId == "python") return true;
  const std::string_view u(uri);
  if (u.ends_with(".ipynb")) return false;  // JSON; see onDidOpen
  return u.ends_with(".py") || u.ends_with(".pyi");
}

std::string megabytes(std::size_t bytes) {
  std::ostringstream os;
  os.precision(1);
  os << std::fixed << static_cast<double>(bytes) / (1 << 20) << " MB";
  return os.str();
}

}  // namespace

void Server::onDidOpen(const json& params) {
  lsp::DidOpenTextDocumentParams p;
  if (auto err = lsp::parseParams(params, p)) {
    logToClient(1, "mlide: textDocument/didOpen ignored: " + *err);
    return;
  }
  const std::string uri = p.textDocument.uri;
  if (std::string_view(uri).ends_with(".ipynb")) {
    // A notebook opened as a plain file (an editor without notebook sync): its offsets are
    // JSON, not Python, so it is kept but not checked; a broken one is reported.
    if (auto nb = py::Notebook::fromIpynb(p.textDocument.text); !nb) {
      showToClient(2, "mlide cannot read notebook " + std::string(uriBasename(uri)) + ": " + nb.error().message);
    } else {
      logToClient(3, "mlide: " + std::string(uriBasename(uri)) +
                         " is open as JSON; notebooks are checked through notebook sync or `mlide check`.");
    }
    docs_.open(Document(uri, p.textDocument.languageId, p.textDocument.version, std::move(p.textDocument.text)));
    return;
  }
  const bool python = isPython(uri, p.textDocument.languageId);
  docs_.open(Document(uri, p.textDocument.languageId, p.textDocument.version, std::move(p.textDocument.text)));
  if (python) scheduleLint(uri);
}

void Server::onDidChange(const json& params) {
  lsp::DidChangeTextDocumentParams p;
  if (auto err = lsp::parseParams(params, p)) {
    logToClient(1, "mlide: textDocument/didChange ignored: " + *err);
    return;
  }
  std::vector<ContentChange> changes;
  for (auto& c : p.contentChanges) changes.push_back(ContentChange{c.range, std::move(c.text)});
  const std::string& uri = p.textDocument.uri;
  if (!applyContentChanges(uri, p.textDocument.version, changes)) return;
  bool python = false;
  docs_.withDoc(uri, [&](const DocState& s) { python = isPython(uri, s.doc.languageId()); });
  if (auto notebook = notebookOf(uri)) {
    scheduleNotebookLint(*notebook);
  } else if (python) {
    scheduleLint(uri);
  }
}

bool Server::applyContentChanges(const std::string& uri, std::int64_t version,
                                 const std::vector<ContentChange>& changes) {
  std::string problem;
  const bool known = docs_.withDoc(uri, [&](DocState& s) {
    for (std::size_t i = 0; i < changes.size(); ++i) {
      auto applied = s.doc.apply(changes[i], encoding_);
      if (!applied) {
        problem = "change " + std::to_string(i + 1) + " of version " + std::to_string(version) + ": " +
                  applied.error().message;
        s.desynced = true;
        break;
      }
      if (!changes[i].range) s.desynced = false;  // a full-text change resynchronises
      s.pendingEdits.emplace_back(version, *applied);
    }
    s.doc.setVersion(version);
  });
  if (!known) {
    logToClient(1, "mlide: didChange for a document that is not open: " + uri);
    return false;
  }
  if (!problem.empty()) {
    log::error("didChange " + uri + ": " + problem);
    showToClient(1, "mlide lost track of " + std::string(uriBasename(uri)) + " (" + problem +
                        "). Close and reopen the file to resume checks.");
    return false;
  }
  return true;
}

void Server::onDidClose(const json& params) {
  lsp::DidCloseTextDocumentParams p;
  if (auto err = lsp::parseParams(params, p)) {
    logToClient(1, "mlide: textDocument/didClose ignored: " + *err);
    return;
  }
  scheduler_.cancel(p.textDocument.uri);
  if (!docs_.close(p.textDocument.uri)) {
    logToClient(2, "mlide: textDocument/didClose for a document that is not open: " + p.textDocument.uri);
    return;
  }
  publish(p.textDocument.uri);  // clears static findings; training findings stay visible
}

void Server::onDidSave(const json& params) {
  lsp::DidSaveTextDocumentParams p;
  if (auto err = lsp::parseParams(params, p)) {
    logToClient(1, "mlide: textDocument/didSave ignored: " + *err);
    return;
  }
  // Saving can change pyproject.toml-driven configuration; re-check the saved document.
  if (auto notebook = notebookOf(p.textDocument.uri)) {
    scheduleNotebookLint(*notebook);
  } else if (docs_.contains(p.textDocument.uri)) {
    scheduleLint(p.textDocument.uri);
  }
}

void Server::scheduleAnalysis(const std::string& key, void (Server::*run)(const std::string&, const CancellationToken&)) {
  scheduler_.schedule(key, [this, key, run](const CancellationToken& cancel) {
    try {
      (this->*run)(key, cancel);
    } catch (const std::exception& e) {
      // A bug in an engine must not take the server down; the document keeps its last results.
      log::error("analysis of " + key + " threw: " + e.what());
    }
  });
}

void Server::scheduleLint(const std::string& uri) { scheduleAnalysis(uri, &Server::runLint); }

void Server::runLint(const std::string& uri, const CancellationToken& cancel) {
  auto snap = docs_.snapshot(uri);
  if (!snap) return;
  bool desynced = false;
  docs_.withDoc(uri, [&](const DocState& s) { desynced = s.desynced; });
  if (desynced) return;

  std::string skipReason;
  if (snap->text->size() > options_.maxAnalysedBytes) {
    skipReason = "it is " + megabytes(snap->text->size()) + ", above the " + megabytes(options_.maxAnalysedBytes) +
                 " limit for analysis";
  } else if (looksBinary(*snap->text)) {
    skipReason = "it contains binary data (NUL bytes)";
  } else if (auto bad = firstInvalidUtf8(*snap->text)) {
    skipReason = "it is not valid UTF-8 (byte " + std::to_string(*bad) + ")";
  }
  if (!skipReason.empty()) {
    bool warn = false;
    docs_.withDoc(uri, [&](DocState& s) {
      warn = !s.warnedSkip;
      s.warnedSkip = true;
    });
    if (warn) showToClient(2, "mlide does not check " + std::string(uriBasename(uri)) + ": " + skipReason + ".");
    LintResult empty{snap->version, snap->text, std::make_shared<LineIndex>(*snap->text), {}};
    if (docs_.storeLint(uri, std::move(empty))) publish(uri);
    return;
  }

  thread_local py::Parser parser;
  auto tree = parser.reparse(snap->previousTree.get(), snap->editsSincePreviousTree, snap->text, cancel);
  if (!tree) {
    if (tree.error().code != ErrorCode::Cancelled) log::error("parse " + uri + ": " + tree.error().describe());
    return;
  }
  docs_.storeTree(uri, snap->version, *tree);
  if (cancel.cancelled()) return;

  SourceFile file;
  file.uri = uri;
  if (auto path = uriToPath(uri)) file.path = *path;
  file.version = snap->version;
  file.tree = *tree;
  auto all = lintWithEngines(file, cancel);
  if (!all || cancel.cancelled()) return;
  LintResult result{snap->version, snap->text, std::make_shared<LineIndex>(*snap->text), std::move(*all)};
  if (docs_.storeLint(uri, std::move(result))) publish(uri);
}

std::optional<std::vector<Diag>> Server::lintWithEngines(const SourceFile& file, const CancellationToken& cancel) {
  std::vector<Diag> all;
  for (auto& engine : engines_) {
    Expected<std::vector<Diag>> r = makeError(ErrorCode::Internal, "not run");
    try {
      r = engine->lint(file, cancel);
    } catch (const std::exception& e) {
      r = makeError(ErrorCode::Internal, e.what());
    }
    if (!r) {
      if (r.error().code == ErrorCode::Cancelled) return std::nullopt;
      // One engine failing leaves the others' findings standing.
      log::error(std::string(engine->name()) + " on " + file.uri + ": " + r.error().describe());
      continue;
    }
    for (Diag& d : *r) all.push_back(std::move(d));
  }
  return all;
}

void Server::publish(const std::string& uri) {
  LintResult lint;
  bool open = docs_.withDoc(uri, [&](const DocState& s) { lint = s.lint; });
  json diagnostics = json::array();
  const lsp::DiagnosticFeatures features{codeDescription_, relatedInformation_};
  if (open && lint.text) {
    const lsp::TextView view{*lint.text, *lint.lines, encoding_};
    for (const Diag& d : lint.diags) diagnostics.push_back(lsp::toLspDiagnostic(view, uri, d, features));
  }
  // External findings on the text this publish describes: the linted text, else the buffer.
  std::shared_ptr<const std::string> text = lint.text;
  if (open && !text)
    docs_.withDoc(
        uri, [&](const DocState& s) { text = std::make_shared<const std::string>(s.doc.text()); });
  // Mapped onto the linted text, they reuse its line index.
  std::shared_ptr<const std::string> viewText = lint.text;
  std::shared_ptr<const LineIndex> lines = lint.lines;
  for (ExternalDiag& e : externalDiagnostics(uri, open ? text : nullptr)) {
    if (e.text != viewText) {
      viewText = e.text;
      lines = std::make_shared<const LineIndex>(*viewText);
    }
    json d =
        lsp::toLspDiagnostic(lsp::TextView{*viewText, *lines, encoding_}, uri, e.diag, features);
    // Marks it for codeAction, which takes its fixes from here, never from what the client holds.
    d["data"]["external"] = e.source;
    diagnostics.push_back(std::move(d));
  }
  json params{{"uri", uri}, {"diagnostics", std::move(diagnostics)}};
  if (open && versionSupport_ && lint.version >= 0) params["version"] = lint.version;
  sink_->send(lsp::makeNotification("textDocument/publishDiagnostics", std::move(params)));
}

void Server::setExternalDiagnostics(const std::string& source, const std::string& path,
                                    std::vector<Diag> diags,
                                    std::shared_ptr<const std::string> text) {
  std::string uri = docs_.uriForPath(path).value_or(pathToUri(path));
  if (!text && !diags.empty()) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream os;
    os << in.rdbuf();
    text = std::make_shared<const std::string>(os.str());
  }
  // Offsets past the text would be clamped onto a wrong line: drop such a finding.
  std::erase_if(diags, [&](const Diag& d) {
    return d.range.begin > d.range.end || d.range.end > text->size();
  });
  {
    std::lock_guard<std::mutex> lock(stateMutex_);
    if (diags.empty()) {
      if (auto it = external_.find(uri); it != external_.end()) it->second.erase(source);
    } else {
      external_[uri][source] = ExternalSet{std::move(text), std::move(diags)};
    }
  }
  if (initialized_ && !finished_) publish(uri);
}

std::vector<Server::ExternalDiag> Server::externalDiagnostics(
    const std::string& uri, std::shared_ptr<const std::string> text) {
  std::map<std::string, ExternalSet> sets;
  {
    std::lock_guard<std::mutex> lock(stateMutex_);
    if (auto it = external_.find(uri); it != external_.end()) sets = it->second;
  }
  std::vector<ExternalDiag> out;
  for (auto& [source, set] : sets) {
    if (!text) {
      for (Diag& d : set.diags) out.push_back({source, std::move(d), set.text});
      continue;
    }
    const TextMapping mapping(*set.text, *text);
    for (const Diag& d : set.diags) {
      if (auto moved = mapping.map(d)) out.push_back({source, std::move(*moved), text});
    }
  }
  return out;
}

}  // namespace mlide::server
