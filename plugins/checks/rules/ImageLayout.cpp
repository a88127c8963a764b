// image-layout (ML102), static side: a Keras image input shape written channels-first,
// (3, 32, 32), for layers that expect channels-last (Keras's default). The training-session
// check reports the same slug from the shapes of real batches.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Finds a Keras image input shape written channels-first, `(channels, height, width)` with 1, 3
or 4 channels and a larger height and width, given to `Input(shape=...)`, `InputLayer` or a
`Conv2D` / pooling layer's `input_shape=`, while nothing in the file switches Keras to
channels-first (`data_format="channels_first"`, `set_image_data_format("channels_first")`).
During a training session the same rule checks the shapes of real batches.

## Why is this bad?
Keras convolutions default to channels-last `(height, width, channels)`. With `(3, 32, 32)`
the model treats 3 as the height and 32 as the number of channels: it builds and trains, but
the kernels slide over the colour axis and mix pixels that are not neighbours, and accuracy
stays far below what the architecture can reach.

## Example
```python
model = keras.Sequential([
    layers.Conv2D(32, 3, activation="relu", input_shape=(3, 32, 32)),
])
```

Use instead:
```python
model = keras.Sequential([
    layers.Conv2D(32, 3, activation="relu", input_shape=(32, 32, 3)),
])
```
and transpose the data to channels-last (`np.transpose(x, (0, 2, 3, 1))`) if it is stored channels-first.

## Fix safety
Reordering the shape to `(height, width, channels)` is unsafe: the arrays fed to the model
must be transposed the same way, which the fix cannot do.

## References
- [Keras Conv2D](https://keras.io/api/layers/convolution_layers/convolution2d/): "data_format ... defaults to channels_last"
- Umlaut check `check_input_shape`
)md";

bool fileUsesChannelsFirst(const SemanticModel& m) {
  return m.source().find("channels_first") != std::string_view::npos;
}

void onCall(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  auto l = m.layerAt(c.node);
  if (!l || l->framework != Framework::Keras) return;
  const bool input = l->kind == LayerKind::Input;
  const bool image2d = l->name.find("2D") != std::string::npos && (l->isWeight() || l->kind == LayerKind::Pooling);
  if (!input && !image2d) return;
  Node shape = input ? ast::argument(c.node, 0, "shape", src) : ast::keywordValue(c.node, "input_shape", src);
  if (input && !shape) shape = ast::keywordValue(c.node, "input_shape", src);
  shape = ast::unparen(shape);
  if (!shape || !(shape.is("tuple") || shape.is("list")) || shape.namedChildCount() != 3) return;
  double dims[3];
  for (std::uint32_t i = 0; i < 3; ++i) {
    auto v = m.evalNumber(shape.namedChild(i));
    if (!v) return;
    dims[i] = *v;
  }
  const bool firstIsChannels = dims[0] == 1 || dims[0] == 3 || dims[0] == 4;
  if (!firstIsChannels || dims[1] < 8 || dims[2] < 8 || dims[2] == dims[0]) return;
  if (fileUsesChannelsFirst(m)) return;
  Finding f;
  f.range = shape.range();
  f.why = snippet(shape, src) + " reads as (channels, height, width) but Keras expects (height, width, channels): " +
          "the model would convolve over a height of " + formatNumber(dims[0]);
  const std::string_view a = shape.namedChild(0).text(src);
  const std::string_view b = shape.namedChild(1).text(src);
  const std::string_view c3 = shape.namedChild(2).text(src);
  const bool list = shape.is("list");
  addFix(f, "Use (height, width, channels)", Applicability::Unsafe,
         fixes::replace(shape, std::string(list ? "[" : "(") + std::string(b) + ", " + std::string(c3) + ", " +
                                   std::string(a) + (list ? "]" : ")")));
  ctx.report(std::move(f));
}

}  // namespace

const RuleDef& imageLayout() {
  static const RuleDef kDef{"image-layout", "Image input shape written channels-first", kDoc, FixAvailability::Always,
                            RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
