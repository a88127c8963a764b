// image-layout (ML102), static side: a Keras image input shape written channels-first,
// (3, 32, 32), for layers that expect channels-last (Keras's default); or, in PyTorch, CIFAR
// images stored channels-last reshaped with .view(-1, 3, 32, 32) instead of permuted. The
// training-session check reports the same slug from the shapes of real batches.
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

PyTorch: finds `.view(N, C, H, W)` / `.reshape(...)` (or `torch.reshape`, `np.reshape`) with
C in 1, 3, 4 and H, W of 8 or more, applied to images the file shows are stored channels-last:
the arrays of `keras.datasets.cifar10/cifar100.load_data()` and the `.data` array of
`torchvision.datasets.CIFAR10/CIFAR100`, both `(N, 32, 32, 3)`, followed through
`torch.tensor` / `torch.from_numpy`, `.float()`, slices and arithmetic. Data of unknown layout
(a parameter, a file read, a custom dataset) is left to the training-session check, which sees
the real shapes.

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

In PyTorch, `view` and `reshape` only reinterpret the memory: on `(N, 32, 32, 3)` data
`.view(-1, 3, 32, 32)` does not move the colour axis but scrambles every image.
```python
x = torch.from_numpy(trainset.data).float().view(-1, 3, 32, 32)
```

Use instead:
```python
x = torch.from_numpy(trainset.data).float().permute(0, 3, 1, 2)
```

## Fix safety
Reordering the shape to `(height, width, channels)` is unsafe: the arrays fed to the model
must be transposed the same way, which the fix cannot do. Replacing `.view(-1, 3, 32, 32)` by
`.permute(0, 3, 1, 2)` (`.transpose(0, 3, 1, 2)` on a NumPy array) is unsafe: it changes the
values the model sees (to the right ones), and a later `.view` of the result needs
`.contiguous()` first.

## References
- [Keras Conv2D](https://keras.io/api/layers/convolution_layers/convolution2d/): "data_format ... defaults to channels_last"
- Umlaut check `check_input_shape`
- [torch.Tensor.view](https://pytorch.org/docs/stable/generated/torch.Tensor.view.html), [torch.permute](https://pytorch.org/docs/stable/generated/torch.permute.html)
- [torchvision CIFAR10](https://pytorch.org/vision/stable/generated/torchvision.datasets.CIFAR10.html) (its `data` attribute is a `(50000, 32, 32, 3)` uint8 array)
)md";

bool fileUsesChannelsFirst(const SemanticModel& m) {
  return m.source().find("channels_first") != std::string_view::npos;
}

void keras(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  auto l = m.layerAt(c.node);
  if (!l || l->framework != Framework::Keras) return;
  const bool input = l->kind == LayerKind::Input;
  const bool image2d =
      l->name.find("2D") != std::string::npos && (l->isWeight() || l->kind == LayerKind::Pooling);
  if (!input && !image2d) return;
  Node shape = input ? ast::argument(c.node, 0, "shape", src)
                     : ast::keywordValue(c.node, "input_shape", src);
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
  f.why = snippet(shape, src) +
          " reads as (channels, height, width) but Keras expects (height, width, channels): " +
          "the model would convolve over a height of " + formatNumber(dims[0]);
  const std::string_view a = shape.namedChild(0).text(src);
  const std::string_view b = shape.namedChild(1).text(src);
  const std::string_view c3 = shape.namedChild(2).text(src);
  const bool list = shape.is("list");
  addFix(f, "Use (height, width, channels)", Applicability::Unsafe,
         fixes::replace(shape, std::string(list ? "[" : "(") + std::string(b) + ", " +
                                   std::string(c3) + ", " + std::string(a) + (list ? "]" : ")")));
  ctx.report(std::move(f));
}

// ---- PyTorch: .view(-1, 3, H, W) on channels-last images --------------------------------

// Where channels-last images come from, as far as the file shows it.
struct NhwcOrigin {
  std::string dataset;       // "CIFAR10"; empty when the layout is not known
  bool torchTensor = false;  // the value is a torch tensor by then (else a NumPy array)
};

NhwcOrigin nhwcOrigin(Node e, const SemanticModel& m) {
  const std::string_view src = m.source();
  NhwcOrigin out;
  bool typed = false;  // the outermost conversion decides the array type
  for (int depth = 0; depth < 24; ++depth) {
    e = ast::unparen(e);
    if (!e) return {};
    if (e.is("identifier")) {
      const Binding* b = m.lookup(e.text(src), e);
      if (!b) return {};
      if (b->kind == BindingKind::AugAssign) {
        e = b->target;  // `x /= 255`: what x held before
        continue;
      }
      if (b->kind == BindingKind::Unpack) {
        Node v = ast::unparen(b->value);
        const std::string c = v && v.is("call") ? m.canonical(v) : std::string();
        // ((x_train, y_train), (x_test, y_test)) = load_data(): the images are [k][0].
        if ((c == "keras.datasets.cifar10.load_data" || c == "keras.datasets.cifar100.load_data") &&
            b->path.size() == 2 && b->path[1] == 0) {
          out.dataset = c == "keras.datasets.cifar10.load_data" ? "CIFAR10" : "CIFAR100";
          return out;
        }
        return {};
      }
      if (b->kind != BindingKind::Assign) return {};
      e = b->value;
      continue;
    }
    if (e.is("subscript")) {
      e = e.field("value");
      continue;
    }
    if (e.is("binary_operator")) {
      e = e.field("left");
      continue;
    }
    if (e.is("attribute")) {
      if (e.field("attribute").text(src) != "data") return {};
      const std::string c = m.constructorOf(e.field("object"));
      if (c != "torchvision.datasets.CIFAR10" && c != "torchvision.datasets.CIFAR100") return {};
      out.dataset = c.substr(c.rfind('.') + 1);
      return out;
    }
    if (!e.is("call")) return {};
    const std::string c = m.canonical(e);
    if (c == "torch.tensor" || c == "torch.from_numpy" || c == "torch.as_tensor" ||
        c == "torch.Tensor" || c == "torch.FloatTensor") {
      if (!typed) out.torchTensor = true;
      typed = true;
      e = ast::positional(e, 0);
      continue;
    }
    if (c == "numpy.array" || c == "numpy.asarray") {
      typed = true;
      e = ast::positional(e, 0);
      continue;
    }
    const std::string_view method = ast::methodName(e, src);
    if (!c.empty()) return {};
    if (method == "float" || method == "double" || method == "half" || method == "cuda" ||
        method == "to" || method == "type") {
      if (!typed) out.torchTensor = true;
      typed = true;
    } else if (method != "astype" && method != "copy") {
      return {};
    }
    e = ast::receiver(e);
  }
  return {};
}

void torchReshape(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  const std::string_view method = ast::methodName(c.node, src);
  const bool function = c.callee == "torch.reshape" || c.callee == "numpy.reshape";
  if (!function && (!c.callee.empty() || (method != "view" && method != "reshape"))) return;
  if (ast::hasSplat(c.node)) return;
  Node data = function ? ast::positional(c.node, 0) : ast::receiver(c.node);
  // The new shape: four arguments, or one tuple/list (`.view((-1, 3, 32, 32))`, torch.reshape).
  std::vector<Node> dims;
  Node shape = function ? ast::positional(c.node, 1) : Node{};
  if (!function && ast::positionalCount(c.node) == 1) shape = ast::positional(c.node, 0);
  if (shape) {
    shape = ast::unparen(shape);
    if (!shape.is("tuple") && !shape.is("list")) return;
    dims = shape.namedChildren();
  } else {
    for (std::size_t i = 0; i < ast::positionalCount(c.node); ++i)
      dims.push_back(ast::positional(c.node, i));
  }
  if (!data || dims.size() != 4) return;
  double v[4];
  for (std::size_t i = 0; i < 4; ++i) {
    auto n = dims[i] ? m.evalNumber(dims[i]) : std::nullopt;
    if (!n) return;
    v[i] = *n;
  }
  if (!(v[1] == 1 || v[1] == 3 || v[1] == 4) || v[2] < 8 || v[3] < 8) return;
  const NhwcOrigin origin = nhwcOrigin(data, m);
  // NumPy's .view() changes the dtype, not the shape: a .view on an array we took for NumPy
  // means the trace missed a conversion.
  if (origin.dataset.empty() || (method == "view" && !origin.torchTensor)) return;
  Finding f;
  f.title = "Channels-last images reshaped to channels-first";
  f.range = function ? c.node.range()
                     : ByteRange{c.node.field("function").field("attribute").begin(), c.node.end()};
  f.why =
      snippet(data, src) + " holds " + origin.dataset + " images channels-last, (N, 32, 32, 3); " +
      (function ? std::string(c.node.field("function").text(src)) : "." + std::string(method)) +
      " only reinterprets the memory, so every image is scrambled instead of its colour axis moved";
  // With the batch axis left free (-1) the permute gives the same shape as the view.
  if (!function && v[0] == -1 && v[1] == 3 && v[2] == 32 && v[3] == 32) {
    const std::string permute =
        origin.torchTensor ? "permute(0, 3, 1, 2)" : "transpose(0, 3, 1, 2)";
    addFix(f, "Use ." + permute, Applicability::Unsafe, Edit::replacement(f.range, permute));
  }
  ctx.report(std::move(f));
}

void onCall(const CallSite& c, Context& ctx) {
  keras(c, ctx);
  torchReshape(c, ctx);
}

}  // namespace

const RuleDef& imageLayout() {
  static const RuleDef kDef{"image-layout", "Image input shape written channels-first", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
