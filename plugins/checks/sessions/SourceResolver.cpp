#include "plugins/checks/sessions/SourceResolver.hpp"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "plugins/checks/Catalogue.hpp"
#include "plugins/checks/Context.hpp"
#include "plugins/checks/dynamic/Metrics.hpp"

namespace mlide::training {
namespace {

constexpr long long kMaxFileBytes = 8 << 20;  // larger "scripts" are not worth parsing

// Coarser anchors to try when a construct is not found, in order.
std::vector<Anchor> fallbacks(Anchor a) {
  switch (a) {
    case Anchor::Scheduler: return {Anchor::Scheduler, Anchor::Optimizer, Anchor::TrainingLoop};
    case Anchor::Optimizer: return {Anchor::Optimizer, Anchor::TrainingLoop};
    case Anchor::FirstConv: return {Anchor::FirstConv, Anchor::Model, Anchor::DataScaling};
    case Anchor::Layer: return {Anchor::Layer, Anchor::Model};
    case Anchor::Model: return {Anchor::Model};
    case Anchor::DataScaling: return {Anchor::DataScaling, Anchor::TrainingLoop};
    case Anchor::TrainingLoop: return {Anchor::TrainingLoop, Anchor::FitCall};
    case Anchor::FitCall: return {Anchor::FitCall, Anchor::TrainingLoop};
    case Anchor::Loss: return {Anchor::Loss, Anchor::TrainingLoop};
    case Anchor::Backward: return {Anchor::Backward, Anchor::TrainingLoop};
    case Anchor::ValidationData: return {Anchor::ValidationData, Anchor::TrainingLoop};
    case Anchor::Script:
    case Anchor::Explicit: return {};
  }
  return {};
}

bool modelSide(Anchor a) { return a == Anchor::Model || a == Anchor::Layer || a == Anchor::FirstConv; }

}  // namespace

void SourceResolver::setText(const std::string& path, std::string text) {
  Cached& c = files_[path];
  c.anchors = FileAnchors::build(path, std::move(text));
  c.pinned = true;
}

const FileAnchors* SourceResolver::file(const std::string& path) {
  if (path.empty()) return nullptr;
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  auto it = files_.find(path);
  if (it != files_.end() && it->second.pinned) return it->second.anchors.get();
  if (!exists || st.st_size > kMaxFileBytes) return it != files_.end() ? it->second.anchors.get() : nullptr;
  const long long mtime = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  if (it != files_.end() && it->second.mtime == mtime && it->second.size == st.st_size) {
    return it->second.anchors.get();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream ss;
  ss << in.rdbuf();
  Cached& c = files_[path];
  c.anchors = FileAnchors::build(path, ss.str());
  c.mtime = mtime;
  c.size = st.st_size;
  return c.anchors.get();
}

std::optional<SourceResolver::Resolved> SourceResolver::at(const FileAnchors& fa, ByteRange r,
                                                           const DynamicFinding& f) {
  Resolved out;
  out.path = fa.path();
  out.range = r;
  const auto [line, col] = fa.lineColumn(r.begin);
  const auto [endLine, endCol] = fa.lineColumn(r.end);
  out.span = SourceSpan{fa.path(), line, col, endLine, endCol};
  out.text = fa.sharedText();
  // Fixes edit the script (where fit(), the optimizer and the loop are); their offsets mean
  // nothing in the model's file, so a finding shown there offers none. By path: file() would
  // stat the script again for every finding.
  if (fa.path() == model_.script) out.fixes = fa.fixes(f, model_);
  return out;
}

std::optional<SourceResolver::Resolved> SourceResolver::resolve(const DynamicFinding& f) {
  if (f.anchor == Anchor::Explicit) {
    if (const FileAnchors* fa = file(f.file)) {
      if (auto r = fa->lineRange(f.line)) return at(*fa, *r, f);
    }
  }
  const FileAnchors* script = file(model_.script);
  const FileAnchors* modelFile = model_.modelFile != model_.script ? file(model_.modelFile) : nullptr;
  ModelInfo scriptView = model_;
  ModelInfo otherView = model_;
  otherView.logLine = 0;  // the log() line is a line of the script
  for (Anchor a : fallbacks(f.anchor)) {
    const FileAnchors* order[2] = {script, modelFile};
    if (modelSide(a)) std::swap(order[0], order[1]);
    for (const FileAnchors* fa : order) {
      if (!fa) continue;
      if (auto r = fa->find(a, fa == script ? scriptView : otherView, f)) return at(*fa, *r, f);
    }
  }
  if (script) {
    if (auto r = script->lineRange(model_.attachLine)) return at(*script, *r, f);
    if (auto r = script->lineRange(1)) return at(*script, *r, f);
  }
  return std::nullopt;
}

Diag makeTrainingDiag(const StoredFinding& sf, const SourceResolver::Resolved& where,
                      const std::string& sessionName) {
  const DynamicFinding& f = sf.finding;
  Diag d;
  d.range = where.range;
  d.severity = f.severity;
  d.code = sf.code;
  d.rule = f.slug;
  // Worded like the static findings: "Critical: <title> — <what was seen> (run, epochs)".
  const checks::RuleInfo* info = checks::findRule(f.slug);
  d.message = checks::formatMessage(f.severity, info ? info->title : std::string_view(f.slug),
                                    f.message + " (training run '" + sessionName + "', " +
                                        describeEpochs(f.epochs) + ")");
  d.fixes = where.fixes;
  return d;
}

}  // namespace mlide::training
