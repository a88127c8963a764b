// image-layout: a 4-D input batch whose channel axis does not match the model's layout.
#include "plugins/checks/dynamic/Checks.hpp"
#include "plugins/checks/dynamic/Metrics.hpp"

namespace mlide::training::checks {
namespace {

constexpr std::string_view kDoc = R"md(## What it does
Compares the shape of the first 4-D input batch with the layout the model expects. In PyTorch
(channels first, `N, C, H, W`) it fires when dimension 1 differs from the first convolution's
`in_channels` while the last dimension equals it; in Keras (channels last, `N, H, W, C`) when
the last dimension is not 1, 3 or 4 but dimension 1 is.

## Why is this bad?
Images loaded with PIL, OpenCV or NumPy are `H, W, C`; PyTorch convolutions want `C, H, W`.
Feeding the wrong order either crashes with a channel-count error or, when the sizes happen to
fit, silently convolves over the wrong axes. `x.view(N, C, H, W)` on `N, H, W, C` data does not
crash and scrambles every image.

## Example
```python
x = torch.from_numpy(images)          # N, H, W, C
x = x.view(-1, 3, 32, 32)             # scrambles pixels
```

Use instead:
```python
x = torch.from_numpy(images).permute(0, 3, 1, 2)   # N, C, H, W
```
In Keras, transpose channels-first data with `np.transpose(x, (0, 2, 3, 1))`.

## References
- [torch.nn.Conv2d (input shape)](https://pytorch.org/docs/stable/generated/torch.nn.Conv2d.html)
- [torch.Tensor.permute](https://pytorch.org/docs/stable/generated/torch.Tensor.permute.html)
)md";

bool isChannelCount(std::int64_t n) { return n == 1 || n == 3 || n == 4; }

std::string shapeText(const std::vector<std::int64_t>& s) {
  std::string out = "(";
  for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + ")";
}

void check(const RunHistory& h, const DynamicConfig&, std::vector<DynamicFinding>& out) {
  DynamicFinding f;
  f.slug = "image-layout";
  f.severity = Severity::Error;
  const ModelInfo& m = h.model;
  const InputStats* first = nullptr;
  std::string why;
  for (const InputStats& s : h.inputs) {
    if (s.shape.size() != 4) continue;
    const auto c1 = s.shape[1];
    const auto c3 = s.shape[3];
    std::string reason;
    if (m.channelsLast) {
      if (!isChannelCount(c3) && isChannelCount(c1)) {
        reason = "the model expects channels last (N, H, W, C) but dimension 1 has " +
                 std::to_string(c1) + " and the last dimension " + std::to_string(c3);
      }
    } else if (m.firstConvInChannels > 0) {
      if (c1 != m.firstConvInChannels && c3 == m.firstConvInChannels) {
        reason = "the first convolution" +
                 (m.firstConvName.empty() ? std::string() : " (" + m.firstConvName + ")") +
                 " expects " + std::to_string(m.firstConvInChannels) +
                 " channels in dimension 1 (N, C, H, W), and they are in the last dimension";
      }
    } else if (!isChannelCount(c1) && isChannelCount(c3) && s.shape[1] == s.shape[2]) {
      reason = "dimension 1 has " + std::to_string(c1) + " and the last dimension " +
               std::to_string(c3) + ": this looks like N, H, W, C data for a channels-first model";
    }
    if (reason.empty()) continue;
    addEpoch(f.epochs, s.epoch);
    if (!first) {
      first = &s;
      why = reason;
    }
  }
  if (!first) return;
  f.anchor = (!m.channelsLast && m.firstConvInChannels > 0) ? Anchor::FirstConv : Anchor::DataScaling;
  f.message = "Image batches may have the wrong layout: shape " + shapeText(first->shape) +
              " at epoch " + std::to_string(first->epoch) + ", but " + why +
              (m.channelsLast ? "; transpose with np.transpose(x, (0, 2, 3, 1))"
                              : "; reorder with x.permute(0, 3, 1, 2)");
  out.push_back(std::move(f));
}

}  // namespace

const DynamicRule& imageLayout() {
  static const DynamicRule kRule{"", "image-layout", "Image tensor layout looks wrong",
                                 Severity::Error, kDoc, &check};
  return kRule;
}

}  // namespace mlide::training::checks
