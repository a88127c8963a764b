// lr-out-of-range: the optimizer's actual learning rate (schedulers included) each epoch.
#include <cmath>

#include "plugins/checks/dynamic/Checks.hpp"
#include "plugins/checks/dynamic/Metrics.hpp"

namespace mlide::training::checks {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Reads the learning rate the optimizer actually used in each epoch (after any scheduler) and
reports: a rate of zero or below (Error); above `lr-max` (default 1e-2) for Adam-family,
RMSprop and Adagrad optimizers, or above `lr-max-sgd` (default 1.0) for SGD and unknown
optimizers (Warning); below `lr-min` (default 1e-7, Information). These are the static check's
limits: `[tool.mlide]` in pyproject.toml, or the settings `checks.learningRateMin`,
`checks.learningRateMax` and `checks.learningRateMaxSgd`.

## Why is this bad?
A negative rate climbs the loss instead of descending it; zero does nothing. Too high a rate
makes the loss oscillate, diverge or turn NaN; too low a rate makes training crawl. Schedulers
hide the problem from the source: a `StepLR` with a large `gamma`, or a warm-up that overshoots,
moves the rate out of range many epochs after the optimizer was built. Typical ranges depend on
the optimizer and the batch size, so the upper limits are configurable.

## Example
```python
optimizer = torch.optim.Adam(model.parameters(), lr=-1e3)
```

Use instead:
```python
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
```

## References
- [torch.optim](https://pytorch.org/docs/stable/optim.html)
- [tf.keras.optimizers.Adam](https://www.tensorflow.org/api_docs/python/tf/keras/optimizers/Adam)
)md";

struct Finding {
  DynamicFinding f;
  double firstLr = 0;
  int firstEpoch = 0;
};

void check(const RunHistory& h, const DynamicConfig& cfg, std::vector<DynamicFinding>& out) {
  const bool adaptive = isAdaptiveOptimizer(h.model.optimizerClass);
  const double maxLr = adaptive ? cfg.lrMaxAdaptive : cfg.lrMaxSgd;
  Finding kinds[3];  // non-positive, high, low
  const char* keys[3] = {"non-positive", "high", "low"};
  const Severity sev[3] = {Severity::Error, Severity::Warning, Severity::Info};
  for (const EpochRecord& r : h.epochs) {
    if (!r.lr || !std::isfinite(*r.lr)) continue;
    const double lr = *r.lr;
    const int k = lr <= 0 ? 0 : lr > maxLr ? 1 : lr < cfg.lrMin ? 2 : -1;
    if (k < 0) continue;
    if (kinds[k].f.epochs.empty()) {
      kinds[k].firstLr = lr;
      kinds[k].firstEpoch = r.epoch;
    }
    addEpoch(kinds[k].f.epochs, r.epoch);
  }
  const std::string opt = h.model.optimizerClass.empty() ? "the optimizer" : h.model.optimizerClass;
  for (int k = 0; k < 3; ++k) {
    Finding& x = kinds[k];
    if (x.f.epochs.empty()) continue;
    DynamicFinding& f = x.f;
    f.slug = "lr-out-of-range";
    f.key = keys[k];
    f.severity = sev[k];
    // The literal in the source set the rate when it equals the initial one; else a scheduler did.
    const bool fromLiteral =
        !h.model.initialLr || std::fabs(*h.model.initialLr - x.firstLr) <= 1e-12 * std::fabs(x.firstLr);
    f.anchor = fromLiteral ? Anchor::Optimizer : Anchor::Scheduler;
    f.suggestedLr = adaptive ? 1e-3 : 1e-2;
    std::string what;
    if (k == 0) {
      what = x.firstLr < 0 ? "is negative: the optimizer climbs the loss instead of descending it"
                           : "is zero: the weights never change";
    } else if (k == 1) {
      what = "is above " + fmt(maxLr) + ", high for " + opt + ": expect oscillation, divergence or NaN";
    } else {
      what = "is below " + fmt(cfg.lrMin) + ": training will barely move";
    }
    f.message = "Learning rate " + fmt(x.firstLr) + " at epoch " + std::to_string(x.firstEpoch) + " " +
                what + (fromLiteral ? "" : " (set by the scheduler" +
                                               (h.model.schedulerClass.empty()
                                                    ? std::string(")")
                                                    : " " + h.model.schedulerClass + ")"));
    out.push_back(std::move(f));
  }
}

}  // namespace

const DynamicRule& lrOutOfRange() {
  static const DynamicRule kRule{"", "lr-out-of-range", "Learning rate outside the typical range",
                                 Severity::Warning, kDoc, &check};
  return kRule;
}

}  // namespace mlide::training::checks
