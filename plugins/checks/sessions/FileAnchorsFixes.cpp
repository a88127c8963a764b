// FileAnchors::fixes: the concrete edits a training finding allows in a file.
#include <cstdio>

#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/sessions/FileAnchorsImpl.hpp"

namespace mlide::training {

using py::Node;
namespace ast = checks::ast;

namespace {

std::string lrText(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// `model.parameters()` as the optimizer was given it, or "" when it is not that simple.
std::string parametersExpr(const FileAnchors::Impl& im, Node optimizerCall) {
  if (!optimizerCall) return {};
  Node p = ast::positional(optimizerCall, 0);
  if (!p || !p.is("call")) return {};
  const std::string_view src = *im.text;
  if (ast::methodName(p, src) != "parameters") return {};
  return std::string(p.text(src));
}

std::string spelled(const FileAnchors::Impl& im, std::string_view canonical, std::string_view fallback) {
  std::string s = im.model->imports().spell(canonical);
  return s.empty() ? std::string(fallback) : s;
}

// Inserts `code` as a new line after the statement `stmt`, indented like it.
Edit insertLineAfter(const FileAnchors::Impl& im, Node stmt, const std::string& code) {
  const std::string_view src = *im.text;
  const std::size_t at = ast::nextLineStart(src, stmt.end() > 0 ? stmt.end() - 1 : 0);
  const std::string nl(ast::newlineOf(src));
  std::string text = ast::indentAt(src, stmt.begin()) + code + nl;
  if (at == src.size() && !src.empty() && src.back() != '\n') text = nl + text;
  return Edit::insertion(at, text);
}

std::optional<Fix> earlyStopping(const FileAnchors::Impl& im) {
  if (im.fits.empty()) return std::nullopt;
  const std::string_view src = *im.text;
  Node fit = im.fits.front();
  const std::string cls = spelled(im, "keras.callbacks.EarlyStopping", "tf.keras.callbacks.EarlyStopping");
  const std::string cb = cls + "(monitor='val_loss', patience=3, restore_best_weights=True)";
  Fix fix;
  fix.title = "Stop at the best validation loss: add " + cls + " to callbacks";
  fix.applicability = Applicability::Unsafe;  // changes how long training runs
  if (Node list = ast::keywordValue(fit, "callbacks", src)) {
    if (!list.is("list")) return std::nullopt;  // a variable: we cannot see what it holds
    if (list.text(src).find("EarlyStopping") != std::string_view::npos) return std::nullopt;
    fix.edits.push_back(Edit::insertion(list.begin() + 1, list.namedChildCount() ? cb + ", " : cb));
    return fix;
  }
  Node args = ast::arguments(fit);
  if (!args) return std::nullopt;
  Node lastArg;
  for (std::uint32_t i = 0; i < args.namedChildCount(); ++i) {
    if (!args.namedChild(i).is("comment")) lastArg = args.namedChild(i);
  }
  if (lastArg) {
    fix.edits.push_back(Edit::insertion(lastArg.end(), ", callbacks=[" + cb + "]"));
  } else {
    fix.edits.push_back(Edit::insertion(args.begin() + 1, "callbacks=[" + cb + "]"));
  }
  return fix;
}

std::optional<Fix> learningRate(const FileAnchors::Impl& im, const DynamicFinding& f, const ModelInfo& m) {
  if (!f.suggestedLr || f.anchor != Anchor::Optimizer) return std::nullopt;
  Node call = im.optimizer(m);
  if (!call) return std::nullopt;
  Node value = im.lrValue(call);
  if (!value) return std::nullopt;
  Node literal = im.model->literalOf(value);
  if (!literal || !ast::numberLiteral(literal, *im.text)) return std::nullopt;
  Fix fix;
  fix.title = "Set the learning rate to " + lrText(*f.suggestedLr);
  fix.applicability = Applicability::Unsafe;  // a different rate changes the run
  fix.edits.push_back(Edit::replacement(literal.range(), lrText(*f.suggestedLr)));
  return fix;
}

std::optional<Fix> clipGradients(const FileAnchors::Impl& im, const ModelInfo& m) {
  const std::string_view src = *im.text;
  if (src.find("clip_grad_norm_") != std::string_view::npos || src.find("clipnorm") != std::string_view::npos) {
    return std::nullopt;
  }
  Node opt = im.optimizer(m);
  if (!im.backwards.empty()) {
    const std::string params = parametersExpr(im, opt);
    if (params.empty()) return std::nullopt;
    const std::string fn = spelled(im, "torch.nn.utils.clip_grad_norm_", "torch.nn.utils.clip_grad_norm_");
    Fix fix;
    fix.title = "Clip the gradient norm to 1.0 after backward()";
    fix.applicability = Applicability::Unsafe;
    fix.edits.push_back(insertLineAfter(im, ast::statementOf(im.backwards.front()), fn + "(" + params + ", 1.0)"));
    return fix;
  }
  if (opt && !im.fits.empty()) {  // Keras: clipnorm= on the optimizer
    Node args = ast::arguments(opt);
    if (!args) return std::nullopt;
    Node lastArg;
    for (std::uint32_t i = 0; i < args.namedChildCount(); ++i) {
      if (!args.namedChild(i).is("comment")) lastArg = args.namedChild(i);
    }
    Fix fix;
    fix.title = "Clip the gradient norm: add clipnorm=1.0 to the optimizer";
    fix.applicability = Applicability::Unsafe;
    fix.edits.push_back(lastArg ? Edit::insertion(lastArg.end(), ", clipnorm=1.0")
                                : Edit::insertion(args.begin() + 1, "clipnorm=1.0"));
    return fix;
  }
  return std::nullopt;
}

std::optional<Fix> scaleInput(const FileAnchors::Impl& im, const DynamicFinding& f) {
  if (!f.inputScale || *f.inputScale != 255.0) return std::nullopt;
  const auto d = im.dataVariable();
  if (!d.statement) return std::nullopt;
  Fix fix;
  fix.title = "Scale " + d.name + " to [0, 1]: divide by 255";
  fix.applicability = Applicability::Unsafe;  // the evaluation data needs the same scaling
  fix.edits.push_back(insertLineAfter(im, d.statement, d.name + " = " + d.name + " / 255.0"));
  return fix;
}

}  // namespace

std::vector<Fix> FileAnchors::fixes(const DynamicFinding& f, const ModelInfo& m) const {
  std::vector<Fix> out;
  if (!impl_->model) return out;
  const Impl& im = *impl_;
  std::optional<Fix> fix;
  if (f.slug == "overfitting") {
    fix = earlyStopping(im);
  } else if (f.slug == "lr-out-of-range") {
    fix = learningRate(im, f, m);
  } else if (f.slug == "nan-loss" || f.slug == "loss-diverging") {
    if (f.anchor != Anchor::DataScaling) fix = clipGradients(im, m);
  } else if (f.slug == "input-not-normalized") {
    fix = scaleInput(im, f);
  }
  if (fix) out.push_back(std::move(*fix));
  return out;
}

}  // namespace mlide::training
