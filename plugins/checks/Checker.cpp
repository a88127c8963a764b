#include "plugins/checks/Checker.hpp"

#include <algorithm>

#include "plugins/checks/Catalogue.hpp"
#include "plugins/checks/Context.hpp"
#include "plugins/checks/Suppression.hpp"

namespace mlide::checks {

namespace {

Error cancelled() { return makeError(ErrorCode::Cancelled, "lint cancelled"); }

}  // namespace

Expected<std::vector<Diag>> runChecks(const SourceFile& file, const ChecksConfig& config,
                                      const CancellationToken& cancel) {
  auto model = model::SemanticModel::build(file.tree, cancel);
  if (!model.ok()) return model.takeError();
  return runChecks(**model, config, cancel);
}

Expected<std::vector<Diag>> runChecks(const model::SemanticModel& model, const ChecksConfig& config,
                                      const CancellationToken& cancel) {
  std::vector<const RuleInfo*> rules;
  for (const RuleInfo& r : catalogue()) {
    if (r.def && config.enabled(r)) rules.push_back(&r);
  }
  Context ctx(model, config);
  ctx.setEnabled(rules);
  // One pass per node list, each node handed to every subscribed rule.
  auto each = [&](auto hook, auto&& items, auto&& call) -> bool {
    std::size_t n = 0;
    for (const auto& item : items) {
      if ((++n & 0xFF) == 0 && cancel.cancelled()) return false;
      for (const RuleInfo* r : rules) {
        if (r->def->hooks.*hook) {
          ctx.setRule(r);
          call(r->def->hooks.*hook, item);
        }
      }
    }
    return !cancel.cancelled();
  };
  const bool finished =
      each(&RuleHooks::onCall, model.calls(), [&](auto fn, const model::CallSite& c) { fn(c, ctx); }) &&
      each(&RuleHooks::onNetwork, model.networks(), [&](auto fn, const auto& net) { fn(*net, ctx); }) &&
      each(&RuleHooks::onLoop, model.loops(), [&](auto fn, py::Node n) { fn(n, ctx); }) &&
      each(&RuleHooks::onClass, model.classes(), [&](auto fn, const model::ClassInfo& k) { fn(k, ctx); }) &&
      each(&RuleHooks::onAugAssign, model.augmentedAssignments(), [&](auto fn, py::Node n) { fn(n, ctx); });
  if (!finished) return cancelled();
  for (const RuleInfo* r : rules) {
    if (r->def->hooks.onModule) {
      ctx.setRule(r);
      r->def->hooks.onModule(ctx);
    }
  }
  std::vector<Diag> diags = ctx.take();
  const Suppressions sup = Suppressions::parse(model.source(), model.comments());
  if (!sup.empty()) {
    diags.erase(std::remove_if(diags.begin(), diags.end(),
                               [&](const Diag& d) { return sup.suppressed(d, model.source()); }),
                diags.end());
  }
  std::stable_sort(diags.begin(), diags.end(), [](const Diag& a, const Diag& b) {
    if (a.range.begin != b.range.begin) return a.range.begin < b.range.begin;
    if (a.code != b.code) return a.code < b.code;
    return a.range.end < b.range.end;
  });
  // A layer reached through two networks (an nn.Sequential inside a module) is reported once.
  diags.erase(std::unique(diags.begin(), diags.end(),
                          [](const Diag& a, const Diag& b) { return a.code == b.code && a.range == b.range; }),
              diags.end());
  return diags;
}

}  // namespace mlide::checks
