#include "plugins/checks/sessions/FileAnchors.hpp"

#include <algorithm>

#include "core/text/LineIndex.hpp"
#include "plugins/checks/model/Api.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/model/SemanticModel.hpp"
#include "plugins/checks/sessions/FileAnchorsImpl.hpp"

namespace mlide::training {

using checks::model::SemanticModel;
using py::Node;
namespace ast = checks::ast;
namespace api = checks::model;

namespace {

std::string_view lastComponent(std::string_view dotted) {
  const auto dot = dotted.rfind('.');
  return dot == std::string_view::npos ? dotted : dotted.substr(dot + 1);
}

// The name a call's callee is known by: canonical through imports, else as written.
std::string calleeOf(const api::CallSite& c, std::string_view src) {
  if (!c.callee.empty()) return c.callee;
  return ast::dottedName(c.node.field("function"), src);
}

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool isConvName(std::string_view callee) {
  const std::string_view last = lastComponent(callee);
  return last.rfind("Conv", 0) == 0 && last.find("Transpose") == std::string_view::npos;
}

// The target text of the assignment that holds `call` directly (`self.fc1 = nn.Linear(...)`).
std::string assignedName(Node call, std::string_view src) {
  Node p = call.parent();
  if (!p || !p.is("assignment") || !(p.field("right") == call)) return {};
  return ast::dottedName(p.field("left"), src);
}

}  // namespace

FileAnchors::~FileAnchors() = default;

const std::string& FileAnchors::text() const { return *impl_->text; }
std::shared_ptr<const std::string> FileAnchors::sharedText() const {
  return impl_->text;
}

bool FileAnchors::isPythonPath(std::string_view path) {
  // The C++ client reports .cpp/.cu scripts; parsing them as Python could "find" an optimizer
  // in C++ code and offer a Python edit. Files without a known extension may be Python.
  const std::size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return true;
  const std::string_view ext = name.substr(dot);
  for (std::string_view native : {".c", ".cc", ".cpp", ".cxx", ".c++", ".h", ".hh", ".hpp", ".hxx", ".cu", ".cuh"}) {
    if (ext == native) return false;
  }
  return true;
}

std::shared_ptr<const FileAnchors> FileAnchors::build(std::string path, std::string text) {
  std::shared_ptr<FileAnchors> out(new FileAnchors());
  out->path_ = std::move(path);
  out->impl_ = std::make_unique<Impl>();
  Impl& im = *out->impl_;
  im.text = std::make_shared<const std::string>(std::move(text));
  im.lines = LineIndex(*im.text);
  if (!isPythonPath(out->path_)) return out;  // a libtorch loop: only its lines
  py::Parser parser;
  auto tree = parser.parse(im.text);
  if (!tree) return out;
  im.tree = *tree;
  auto model = SemanticModel::build(im.tree);
  if (!model) return out;
  im.model = *model;
  im.collect();
  return out;
}

void FileAnchors::Impl::collect() {
  const std::string_view src = *text;
  for (const api::CallSite& c : model->calls()) {
    const std::string callee = calleeOf(c, src);
    const std::string_view last = lastComponent(callee);
    if (api::findOptimizer(callee) || (!last.empty() && optimizerNames().count(std::string(last)))) {
      optimizers.push_back({c.node, std::string(last)});
    }
    if (api::isScheduler(callee) || schedulerNames().count(std::string(last))) schedulers.push_back(c.node);
    if (api::findLoss(callee) && (endsWith(callee, "Loss") || last.find("Crossentropy") != std::string_view::npos ||
                                  last.find("Error") != std::string_view::npos)) {
      losses.push_back(c.node);
    }
    if (const auto* layer = api::findLayer(callee); layer && isConvName(callee)) convs.push_back(c.node);
    if (!assignedName(c.node, src).empty()) assignedCalls.push_back(c.node);
    if (c.method == "fit") fits.push_back(c.node);
    if (c.method == "compile") compiles.push_back(c.node);
    if (c.method == "backward") backwards.push_back(c.node);
    if (callee == "torch.utils.data.TensorDataset" || last == "TensorDataset") datasets.push_back(c.node);
    if (callee == "torch.utils.data.DataLoader" || last == "DataLoader") loaders.push_back(c.node);
    if (api::isImageDatasetLoader(callee)) imageLoads.push_back(c.node);
    if (callee == "keras.models.Sequential" || callee == "keras.Sequential" || callee == "torch.nn.Sequential") {
      sequentials.push_back(c.node);
    }
  }
}

std::pair<int, int> FileAnchors::lineColumn(std::size_t offset) const {
  const LineCol lc = impl_->lines.lineCol(offset);
  return {static_cast<int>(lc.line) + 1, static_cast<int>(lc.column)};
}

std::optional<ByteRange> FileAnchors::lineRange(int line) const {
  const auto& im = *impl_;
  if (line <= 0 || static_cast<std::size_t>(line) > im.lines.lineCount()) return std::nullopt;
  const std::string_view src = *im.text;
  const std::size_t start = im.lines.lineStart(static_cast<std::size_t>(line - 1));
  const std::string_view lt = im.lines.lineText(src, static_cast<std::size_t>(line - 1));
  const std::size_t first = lt.find_first_not_of(" \t");
  if (first == std::string_view::npos) return ByteRange{start, start + lt.size()};
  std::size_t last = lt.find_last_not_of(" \t");
  return ByteRange{start + first, start + last + 1};
}

std::optional<ByteRange> FileAnchors::find(Anchor a, const ModelInfo& m, const DynamicFinding& f) const {
  const Impl& im = *impl_;
  if (!im.model) return std::nullopt;
  Node n;
  switch (a) {
    case Anchor::Optimizer: {
      Node call = im.optimizer(m);
      if (!call) {
        Node str = im.compileOptimizerString();
        return str ? std::optional<ByteRange>(str.range()) : std::nullopt;
      }
      Node lr = im.lrArgument(call);
      n = lr ? lr : call.field("function");
      break;
    }
    case Anchor::Scheduler:
      if (!im.schedulers.empty()) n = im.schedulers.front().field("function");
      break;
    case Anchor::FirstConv:
      n = im.firstConv(m);
      if (n) n = n.field("function") ? n.field("function") : n;
      break;
    case Anchor::Layer:
      n = im.layer(f.layer);
      break;
    case Anchor::Model:
      n = im.modelDefinition(m);
      break;
    case Anchor::DataScaling: {
      auto d = im.dataVariable();
      if (d.statement) return im.headerRange(d.statement);
      if (!im.loaders.empty()) n = im.loaders.front();
      else if (!im.imageLoads.empty()) return im.headerRange(ast::statementOf(im.imageLoads.front()));
      break;
    }
    case Anchor::TrainingLoop: {
      Node loop = im.trainingLoop(m);
      if (loop) return im.headerRange(loop);
      if (!im.fits.empty()) n = im.fits.front().field("function");
      break;
    }
    case Anchor::FitCall:
      if (!im.fits.empty()) n = im.fits.front().field("function");
      break;
    case Anchor::Loss:
      n = im.loss();
      break;
    case Anchor::Backward:
      if (!im.backwards.empty()) return im.headerRange(ast::statementOf(im.backwards.front()));
      break;
    case Anchor::ValidationData:
      n = im.validation();
      break;
    case Anchor::Script:
    case Anchor::Explicit:
      break;
  }
  if (!n) return std::nullopt;
  return n.range();
}

}  // namespace mlide::training
