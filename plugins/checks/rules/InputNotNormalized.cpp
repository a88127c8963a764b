// input-not-normalized (ML101), static side: raw 0..255 images from keras.datasets reach
// model.fit() with no scaling on the way and no Rescaling/Normalization layer in the model;
// or a torchvision dataset's transform turns images into uint8 tensors and never scales them.
// The training-session check (plugins/checks/dynamic) reports the same slug from real batches.
#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"
#include "plugins/checks/rules/Common.hpp"
#include "plugins/checks/rules/Rules.hpp"

namespace mlide::checks::rules {

namespace {

using namespace model;

constexpr std::string_view kDoc = R"md(## What it does
Follows the first argument of a Keras `model.fit(x, ...)` back to where it was loaded. When it
comes from `keras.datasets.{mnist,fashion_mnist,cifar10,cifar100}.load_data()` (8-bit pixel
values 0..255) with no arithmetic on the way (`/ 255.0`, `- mean`, an in-place `x /= 255`) and the
model (fully visible in this file) has no `Rescaling` or `Normalization` layer, the input is
reported.

PyTorch: finds a torchvision dataset (`datasets.MNIST(..., transform=...)`, `ImageFolder`, ...)
whose transform converts the images with `PILToTensor()` or `v2.ToImage()` (8-bit values
0..255) and has no `ToTensor()`, `Normalize(...)`, `ConvertImageDtype(...)` or
`v2.ToDtype(..., scale=True)`. Every step of the `Compose` must be a torchvision transform the
rule knows (a `Lambda` or a custom transform may scale), and the file must not divide by
100 or more anywhere (`x.float() / 255` in the training loop) nor start a model with a
batch normalisation.

During a training session the same rule checks the real batches.

## Why is this bad?
Inputs in the hundreds make the first layer's pre-activations huge: sigmoid/tanh units
saturate, ReLU networks need a much smaller learning rate, and training is slow or unstable.
The network trains, just badly, so the cause is hard to see from the loss curve.

## Example
```python
(x_train, y_train), _ = keras.datasets.mnist.load_data()
model.fit(x_train, y_train, epochs=5)
```

Use instead:
```python
(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = x_train / 255.0
model.fit(x_train, y_train, epochs=5)
```
or start the model with `layers.Rescaling(1.0 / 255)`. In PyTorch:
```python
transform = transforms.Compose([transforms.Resize(32), transforms.PILToTensor()])
train_set = datasets.CIFAR10("data", train=True, transform=transform)
```

Use instead:
```python
transform = transforms.Compose([
    transforms.Resize(32),
    transforms.ToTensor(),
    transforms.Normalize((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)),
])
```

## Fix safety
Inserting `x = x / 255.0` after the load is unsafe: the same scaling must be applied to the
test data and at inference, which the fix does not do for you. In PyTorch, replacing
`PILToTensor()` by `ToTensor()` (or adding `v2.ToDtype(torch.float32, scale=True)` after
`v2.ToImage()`) is unsafe for the same reason. Adding `Normalize(mean, std)` is display-only:
the snippet shows where it goes, but the mean and standard deviation of your data are yours
to fill in.

## References
- [TensorFlow tutorial: basic classification, preprocess the data](https://www.tensorflow.org/tutorials/keras/classification#preprocess_the_data)
- [torchvision transforms](https://pytorch.org/vision/stable/transforms.html): "PILToTensor: Convert a PIL Image to a tensor of the same type"; "ToTensor: ... in the range [0.0, 1.0]"
- Umlaut check `check_input_normalization`
)md";

bool modelScales(const Network& net) {
  if (!net.chain.complete()) return true;  // a layer we do not know may scale
  for (const Layer& l : net.chain.ops) {
    if (l.kind == LayerKind::Preprocessing || l.kind == LayerKind::Other) return true;
  }
  return false;
}

void keras(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  const Network* net = m.networkOf(ast::receiver(c.node));
  if (!net || !net->isKeras() || modelScales(*net)) return;
  Node x = ast::argument(c.node, 0, "x", src);
  if (!x) return;
  const ArrayOrigin origin = arrayOrigin(x, m);
  if (origin.kind != ArrayOrigin::Kind::RawImages) return;
  Finding f;
  f.range = x.range();
  f.why = std::string(x.text(src)) + " holds raw " + origin.dataset +
          " pixels (0..255) and nothing scales them before fit()";
  f.related.push_back(relatedAt(origin.load, "loaded here as uint8 values 0..255"));
  Node u = ast::unparen(x);
  if (u.is("identifier")) {
    const Binding* b = m.lookup(u.text(src), u);
    if (b && b->kind == BindingKind::Unpack && b->statement) {
      const std::string name(u.text(src));
      addFix(f, "Insert " + name + " = " + name + " / 255.0 after the load", Applicability::Unsafe,
             fixes::insertLineAfter(b->statement, name + " = " + name + " / 255.0", src));
    }
  }
  ctx.report(std::move(f));
}

// ---- PyTorch (torchvision) --------------------------------------------------------------

// What one transform does to the value range of an image.
enum class Step {
  Keeps,    // geometry, colour jitter, ToDtype(scale=False): the range stays as it was
  Raw,      // PIL -> uint8 tensor without scaling (PILToTensor, v2.ToImage)
  Scales,   // ToTensor, Normalize, ConvertImageDtype, ToDtype(scale=True)
  Unknown,  // a Lambda, a custom transform, a non-literal argument: may scale
};

constexpr std::string_view kKeeps[] = {"Resize",
                                       "CenterCrop",
                                       "RandomCrop",
                                       "RandomResizedCrop",
                                       "RandomHorizontalFlip",
                                       "RandomVerticalFlip",
                                       "RandomRotation",
                                       "RandomAffine",
                                       "RandomPerspective",
                                       "ColorJitter",
                                       "Grayscale",
                                       "RandomGrayscale",
                                       "Pad",
                                       "GaussianBlur",
                                       "AutoAugment",
                                       "RandAugment",
                                       "TrivialAugmentWide",
                                       "AugMix",
                                       "FiveCrop",
                                       "TenCrop",
                                       "RandomApply",
                                       "RandomChoice",
                                       "RandomOrder",
                                       "RandomInvert",
                                       "RandomPosterize",
                                       "RandomSolarize",
                                       "RandomAdjustSharpness",
                                       "RandomAutocontrast",
                                       "RandomEqualize",
                                       "ElasticTransform",
                                       "RandomIoUCrop",
                                       "ScaleJitter",
                                       "RandomShortestSize",
                                       "RandomResize",
                                       "RandomZoomOut",
                                       "ClampBoundingBoxes",
                                       "SanitizeBoundingBoxes"};

// "Resize" for torchvision.transforms.Resize / torchvision.transforms.v2.Resize; "" otherwise.
std::string_view transformName(std::string_view canonical) {
  for (std::string_view prefix : {"torchvision.transforms.v2.", "torchvision.transforms."}) {
    if (canonical.starts_with(prefix) &&
        canonical.find('.', prefix.size()) == std::string_view::npos) {
      return canonical.substr(prefix.size());
    }
  }
  return {};
}

Step classify(Node t, const SemanticModel& m) {
  const std::string_view src = m.source();
  t = ast::unparen(t);
  if (!t || !t.is("call") || ast::hasSplat(t)) return Step::Unknown;
  const std::string c = m.canonical(t);
  const std::string_view name = transformName(c);
  if (name == "PILToTensor" || name == "ToImage" || name == "ToImageTensor") return Step::Raw;
  if (name == "ToTensor" || name == "Normalize" || name == "ConvertImageDtype") return Step::Scales;
  if (name == "ToDtype") {
    Node scale = ast::argument(t, 1, "scale", src);
    if (!scale) return Step::Keeps;  // scale defaults to False
    auto b = ast::boolLiteral(scale);
    return !b ? Step::Unknown : *b ? Step::Scales : Step::Keeps;
  }
  for (std::string_view k : kKeeps) {
    if (name == k) return Step::Keeps;
  }
  return Step::Unknown;
}

// The transform that leaves the images as 0..255 tensors, or null: the transform itself, or
// the first raw step of a Compose whose every step is known and none scales.
Node rawConversion(Node transform, const SemanticModel& m) {
  transform = ast::unparen(transform);
  if (!transform || !transform.is("call")) return {};
  const Step own = classify(transform, m);
  if (own == Step::Raw) return transform;
  if (transformName(m.canonical(transform)) != "Compose" || ast::hasSplat(transform)) return {};
  Node list = ast::unparen(ast::argument(transform, 0, "transforms", m.source()));
  if (!list || !(list.is("list") || list.is("tuple"))) return {};
  Node raw;
  for (Node step : list.namedChildren()) {
    if (step.is("comment")) continue;
    switch (classify(step, m)) {
      case Step::Raw:
        if (!raw) raw = step;
        break;
      case Step::Keeps:
        break;
      case Step::Scales:
      case Step::Unknown:
        return {};
    }
  }
  return raw;
}

bool largeNumber(Node n, const SemanticModel& m) {
  auto v = m.evalNumber(n);
  return v && *v >= 100;
}

// True if the file scales values somewhere else: `x / 255`, `x /= 255.0`, `x.div(255)`, or a
// torch model that starts with a batch normalisation.
bool scalesElsewhere(const SemanticModel& m) {
  const std::string_view src = m.source();
  std::vector<Node> stack{m.tree().root()};
  while (!stack.empty()) {
    Node n = stack.back();
    stack.pop_back();
    if (n.is("binary_operator") && n.field("operator").text(src) == "/" &&
        largeNumber(n.field("right"), m))
      return true;
    if (n.is("augmented_assignment") && n.field("operator").text(src) == "/=" &&
        largeNumber(n.field("right"), m)) {
      return true;
    }
    if (n.is("call")) {
      const std::string_view method = ast::methodName(n, src);
      if ((method == "div" || method == "div_" || method == "true_divide") &&
          largeNumber(ast::positional(n, 0), m)) {
        return true;
      }
    }
    const std::vector<Node> kids = n.namedChildren();
    stack.insert(stack.end(), kids.begin(), kids.end());
  }
  for (const auto& net : m.networks()) {
    if (net->isTorch() && !net->chain.ops.empty() &&
        net->chain.ops.front().kind == LayerKind::Normalization)
      return true;
  }
  return false;
}

void torchvision(const CallSite& c, Context& ctx) {
  const SemanticModel& m = ctx.model();
  const std::string_view src = m.source();
  Node value = ast::keywordValue(c.node, "transform", src);
  if (!value) return;
  Node transform = m.definitionOf(value);
  Node raw = transform ? rawConversion(transform, m) : Node{};
  if (!raw || scalesElsewhere(m)) return;
  const std::string dataset = c.callee.substr(c.callee.rfind('.') + 1);
  Finding f;
  f.range = raw.range();
  f.why = snippet(raw, src) + " turns the " + dataset +
          " images into tensors of raw 8-bit values (0..255), and nothing in the transform or the "
          "file scales them";
  f.related.push_back(
      relatedAt(c.node.field("function"), "the images are loaded here as 8-bit pixels"));
  if (!(ast::unparen(value) == transform))
    f.related.push_back(relatedAt(transform, "the transform"));
  // Spell new transforms like the raw one (`T.PILToTensor()` -> `T.`), else through imports.
  Node fn = raw.field("function");
  const bool v2 = m.canonical(raw).starts_with("torchvision.transforms.v2.");
  std::string prefix = fn.is("attribute") ? std::string(fn.field("object").text(src))
                                          : fixes::spell(m, v2 ? "torchvision.transforms.v2"
                                                               : "torchvision.transforms");
  if (prefix.empty()) {
    ctx.report(std::move(f));
    return;
  }
  prefix += ".";
  const std::string torchMod = fixes::spell(m, "torch");
  std::string scaled;  // the raw step replaced by a scaling conversion
  if (!v2) {
    scaled = prefix + "ToTensor()";
    addFix(f, "Use " + scaled + " (scales to 0..1)", Applicability::Unsafe,
           fixes::replace(raw, scaled));
  } else if (!torchMod.empty()) {
    scaled = std::string(raw.text(src)) + ", " + prefix + "ToDtype(" + torchMod +
             ".float32, scale=True)";
    if (inLayerList(raw)) {
      addFix(f, "Add " + prefix + "ToDtype(" + torchMod + ".float32, scale=True) after it",
             Applicability::Unsafe, fixes::replace(raw, scaled));
    }
  }
  if (!scaled.empty()) {
    std::string snippetText = scaled + ", " + prefix + "Normalize(mean, std)";
    // Outside a list a comma would split the argument: wrap the steps in a Compose.
    if (!inLayerList(raw)) snippetText = prefix + "Compose([" + snippetText + "])";
    addFix(f, "Scale, then normalise with your data's mean and std", Applicability::DisplayOnly,
           fixes::replace(raw, snippetText));
  }
  ctx.report(std::move(f));
}

void onCall(const CallSite& c, Context& ctx) {
  if (c.method == "fit" && c.callee.empty())
    keras(c, ctx);
  else if (c.callee.starts_with("torchvision.datasets."))
    torchvision(c, ctx);
}

}  // namespace

const RuleDef& inputNotNormalized() {
  static const RuleDef kDef{"input-not-normalized", "Input values look unscaled", kDoc,
                            FixAvailability::Sometimes, RuleHooks{.onCall = onCall}};
  return kDef;
}

}  // namespace mlide::checks::rules
