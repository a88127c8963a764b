// gradient-health (opt-in): vanishing, exploding or dead gradients from per-step norms.
#include <cmath>

#include "plugins/checks/dynamic/Checks.hpp"
#include "plugins/checks/dynamic/Metrics.hpp"

namespace mlide::training::checks {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Runs only when the client sends gradient statistics (opt-in: `attach(..., gradients=True)` in
Python, `run.observe_gradients()` after `backward()` in C++). For each parameter tensor it receives the gradient norm of
every optimizer step, aggregated per epoch, and reports: **vanishing** gradients (mean norm
below `training.gradVanishing`, default 1e-7), **exploding** gradients (a step's norm above
`training.gradExploding`, default 1e4), and **dead** units (on average at least
`training.gradDeadFraction`, default 70 %, of a weight's gradient elements exactly zero, the
signature of ReLUs that never activate).

## Why is this bad?
A layer whose gradient vanishes stops learning; the layers before it learn nothing either.
Exploding gradients make steps overshoot and end in NaN. Dead ReLUs are capacity the model
paid for and cannot use; they come from a too-high learning rate or a large negative bias.

## Example
```python
layers = [nn.Linear(64, 64), nn.Sigmoid()] * 20     # deep sigmoid stack: vanishing gradients
```

Use instead:
```python
layers = [nn.Linear(64, 64), nn.BatchNorm1d(64), nn.ReLU()] * 20
...
torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)   # against exploding gradients
```

## References
- [Understanding the difficulty of training deep feedforward neural networks (Glorot & Bengio)](https://proceedings.mlr.press/v9/glorot10a.html)
- [Amazon SageMaker Debugger built-in rules](https://docs.aws.amazon.com/sagemaker/latest/dg/debugger-built-in-rules.html)
)md";

std::string layerOf(const std::string& param) {
  for (const char* suffix : {".weight", ".bias"}) {
    const std::string s(suffix);
    if (param.size() > s.size() && param.compare(param.size() - s.size(), s.size(), s) == 0) {
      return param.substr(0, param.size() - s.size());
    }
  }
  return param;
}

void check(const RunHistory& h, const DynamicConfig& cfg, std::vector<DynamicFinding>& out) {
  struct Kind {
    const char* key;
    const char* what;
    DynamicFinding f;
    std::string firstLayer;
    double firstValue = 0;
    int firstEpoch = 0;
  };
  Kind kinds[3] = {{"vanishing", "vanishing gradients", {}, {}, 0, 0},
                   {"exploding", "exploding gradients", {}, {}, 0, 0},
                   {"dead", "dead units (gradients exactly zero)", {}, {}, 0, 0}};
  for (const EpochGradients& eg : h.gradients) {
    for (const LayerGradient& g : eg.layers) {
      if (g.steps <= 0) continue;
      const bool isBias = g.layer.size() >= 5 && g.layer.compare(g.layer.size() - 5, 5, ".bias") == 0;
      const double vals[3] = {g.meanNorm, g.maxNorm, g.zeroFraction};
      const bool hit[3] = {!isBias && std::isfinite(g.meanNorm) && g.meanNorm < cfg.gradVanishing,
                           !std::isfinite(g.maxNorm) || g.maxNorm > cfg.gradExploding,
                           !isBias && g.zeroFraction >= cfg.gradDeadFraction};
      for (int k = 0; k < 3; ++k) {
        if (!hit[k]) continue;
        if (kinds[k].f.epochs.empty()) {
          kinds[k].firstLayer = g.layer;
          kinds[k].firstValue = vals[k];
          kinds[k].firstEpoch = eg.epoch;
        }
        addEpoch(kinds[k].f.epochs, eg.epoch);
      }
    }
  }
  for (Kind& k : kinds) {
    if (k.f.epochs.empty()) continue;
    k.f.slug = "gradient-health";
    k.f.key = k.key;
    k.f.severity = Severity::Warning;
    k.f.anchor = Anchor::Layer;
    k.f.layer = layerOf(k.firstLayer);
    const std::string value = k.f.key == "dead" ? fmt(k.firstValue * 100) + " % zero"
                                                 : "norm " + fmt(k.firstValue);
    k.f.message = std::string("Gradient health: ") + k.what + " in " + k.firstLayer + " (" +
                  value + " at epoch " + std::to_string(k.firstEpoch) + ")";
    out.push_back(std::move(k.f));
  }
}

}  // namespace

const DynamicRule& gradientHealth() {
  static const DynamicRule kRule{"", "gradient-health", "Vanishing, exploding or dead gradients",
                                 Severity::Warning, kDoc, &check};
  return kRule;
}

}  // namespace mlide::training::checks
