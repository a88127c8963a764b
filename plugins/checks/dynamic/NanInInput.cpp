// nan-in-input: NaN or Inf values in an input batch.
#include "plugins/checks/dynamic/Checks.hpp"
#include "plugins/checks/dynamic/Metrics.hpp"

namespace mlide::training::checks {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Counts NaN and infinite values in the first input batch of each epoch and reports every epoch
where there were any.

## Why is this bad?
One NaN in a batch makes that batch's loss NaN, its gradients NaN, and after the optimizer
step every weight of the model NaN: training is lost for good. Missing values in a CSV,
a division by a zero standard deviation during normalization, or a log of zero in feature
engineering are the usual sources. Only sampled batches are inspected, so a clean report does
not prove the whole data set is clean.

## Example
```python
x = (x - x.mean(0)) / x.std(0)   # a constant column has std 0 -> NaN
```

Use instead:
```python
x = (x - x.mean(0)) / (x.std(0) + 1e-8)
x = np.nan_to_num(x)              # or drop the rows with missing values
```

## References
- [numpy.nan_to_num](https://numpy.org/doc/stable/reference/generated/numpy.nan_to_num.html)
- [torch.nan_to_num](https://pytorch.org/docs/stable/generated/torch.nan_to_num.html)
)md";

void check(const RunHistory& h, const DynamicConfig&, std::vector<DynamicFinding>& out) {
  DynamicFinding f;
  f.slug = "nan-in-input";
  f.severity = Severity::Critical;
  f.anchor = Anchor::DataScaling;
  const InputStats* first = nullptr;
  for (const InputStats& s : h.inputs) {
    if (s.nanCount == 0 && s.infCount == 0) continue;
    addEpoch(f.epochs, s.epoch);
    if (!first) first = &s;
  }
  if (!first) return;
  f.message = "The input contains non-finite values: the first batch of epoch " +
              std::to_string(first->epoch) + " has " + std::to_string(first->nanCount) +
              " NaN and " + std::to_string(first->infCount) +
              " infinite values; they make the loss and then every weight NaN";
  out.push_back(std::move(f));
}

}  // namespace

const DynamicRule& nanInInput() {
  static const DynamicRule kRule{"", "nan-in-input", "NaN or Inf in the input", Severity::Critical,
                                 kDoc, &check};
  return kRule;
}

}  // namespace mlide::training::checks
