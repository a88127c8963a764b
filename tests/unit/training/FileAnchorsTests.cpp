#include <gtest/gtest.h>

#include "core/python/SyntaxTree.hpp"
#include "plugins/checks/sessions/FileAnchors.hpp"
#include "plugins/checks/sessions/SourceResolver.hpp"

namespace mlide::training {
namespace {

const char* kTorchScript = R"py(import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
import mlide

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3)
        self.fc = nn.Linear(8 * 30 * 30, 10)

    def forward(self, x):
        return self.fc(torch.relu(self.conv1(x)).flatten(1))

x = torch.randint(0, 256, (64, 3, 32, 32)).float()
y = torch.randint(0, 10, (64,))
loader = DataLoader(TensorDataset(x, y), batch_size=16)
model = Net()
optimizer = torch.optim.SGD(model.parameters(), lr=-0.5)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1)
criterion = nn.CrossEntropyLoss()
run = mlide.attach(model, optimizer, name="t")
for epoch in range(3):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    run.log(loss=loss.item())
)py";

const char* kKerasScript = R"py(import tensorflow as tf
from mlide.keras import MlideCallback

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(128, activation='relu'),
    tf.keras.layers.Dense(10),
])
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.5),
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=['accuracy'])
model.fit(x_train, y_train, epochs=5, validation_split=0.2, callbacks=[MlideCallback()])
)py";

ModelInfo torchModel() {
  ModelInfo m;
  m.framework = "pytorch";
  m.script = "/w/train.py";
  m.modelClass = "Net";
  m.modelFile = "/w/train.py";
  m.optimizerClass = "SGD";
  m.firstConvName = "conv1";
  m.attachLine = 22;
  m.logLine = 29;
  return m;
}

DynamicFinding finding(std::string slug, Anchor a) {
  DynamicFinding f;
  f.slug = std::move(slug);
  f.anchor = a;
  return f;
}

struct LineCase {
  Anchor anchor;
  int line;
  std::string text;  // the text the range covers
};

std::string covered(const FileAnchors& fa, ByteRange r) { return fa.text().substr(r.begin, r.end - r.begin); }

TEST(FileAnchors, FindsEachTorchConstruct) {
  auto fa = FileAnchors::build("/w/train.py", kTorchScript);
  const ModelInfo m = torchModel();
  const LineCase cases[] = {
      {Anchor::Optimizer, 19, "lr=-0.5"},
      {Anchor::Scheduler, 20, "torch.optim.lr_scheduler.StepLR"},
      {Anchor::FirstConv, 9, "nn.Conv2d"},
      {Anchor::Model, 6, "Net"},
      {Anchor::DataScaling, 15, "x = torch.randint(0, 256, (64, 3, 32, 32)).float()"},
      {Anchor::TrainingLoop, 23, "for epoch in range(3):"},
      {Anchor::Loss, 21, "nn.CrossEntropyLoss"},
      {Anchor::Backward, 27, "loss.backward()"},
  };
  for (const LineCase& c : cases) {
    auto r = fa->find(c.anchor, m, finding("x", c.anchor));
    ASSERT_TRUE(r) << anchorName(c.anchor);
    EXPECT_EQ(fa->lineColumn(r->begin).first, c.line) << anchorName(c.anchor);
    EXPECT_EQ(covered(*fa, *r), c.text) << anchorName(c.anchor);
  }
  DynamicFinding layer = finding("gradient-health", Anchor::Layer);
  layer.layer = "fc";
  auto r = fa->find(Anchor::Layer, m, layer);
  ASSERT_TRUE(r);
  EXPECT_EQ(fa->lineColumn(r->begin).first, 10);
  EXPECT_FALSE(fa->find(Anchor::FitCall, m, finding("x", Anchor::FitCall)));
}

std::string applyFix(const FileAnchors& fa, const Fix& fix) {
  auto edits = fix.edits;
  EXPECT_TRUE(normalizeEdits(edits));
  std::string out = applyEdits(fa.text(), edits);
  py::Parser parser;
  auto tree = parser.parse(std::make_shared<const std::string>(out));
  EXPECT_TRUE(tree.ok());
  if (tree.ok()) {
    EXPECT_EQ((*tree)->errorCount(), 0u) << out;
  }
  return out;
}

TEST(FileAnchors, TorchFixesApplyCleanly) {
  auto fa = FileAnchors::build("/w/train.py", kTorchScript);
  const ModelInfo m = torchModel();
  DynamicFinding lr = finding("lr-out-of-range", Anchor::Optimizer);
  lr.suggestedLr = 1e-2;
  auto fixes = fa->fixes(lr, m);
  ASSERT_EQ(fixes.size(), 1u);
  EXPECT_NE(applyFix(*fa, fixes[0]).find("torch.optim.SGD(model.parameters(), lr=0.01)"), std::string::npos);

  fixes = fa->fixes(finding("nan-loss", Anchor::Optimizer), m);
  ASSERT_EQ(fixes.size(), 1u);
  EXPECT_NE(applyFix(*fa, fixes[0]).find("        loss.backward()\n        nn.utils.clip_grad_norm_(model.parameters(), 1.0)\n"),
            std::string::npos);

  DynamicFinding scale = finding("input-not-normalized", Anchor::DataScaling);
  scale.inputScale = 255.0;
  fixes = fa->fixes(scale, m);
  ASSERT_EQ(fixes.size(), 1u);
  EXPECT_NE(applyFix(*fa, fixes[0]).find(".float()\nx = x / 255.0\ny = "), std::string::npos);

  EXPECT_TRUE(fa->fixes(finding("overfitting", Anchor::TrainingLoop), m).empty());  // no fit()
}

TEST(FileAnchors, KerasAnchorsAndEarlyStopping) {
  auto fa = FileAnchors::build("/w/k.py", kKerasScript);
  ModelInfo m;
  m.framework = "keras";
  m.script = "/w/k.py";
  EXPECT_EQ(fa->lineColumn(fa->find(Anchor::FitCall, m, {})->begin).first, 13);
  EXPECT_EQ(fa->lineColumn(fa->find(Anchor::DataScaling, m, {})->begin).first, 4);
  EXPECT_EQ(covered(*fa, *fa->find(Anchor::Optimizer, m, {})), "learning_rate=0.5");
  EXPECT_EQ(covered(*fa, *fa->find(Anchor::ValidationData, m, {})), "validation_split=0.2");
  EXPECT_EQ(fa->lineColumn(fa->find(Anchor::Loss, m, {})->begin).first, 11);
  EXPECT_EQ(fa->lineColumn(fa->find(Anchor::Model, m, {})->begin).first, 5);

  auto fixes = fa->fixes(finding("overfitting", Anchor::FitCall), m);
  ASSERT_EQ(fixes.size(), 1u);
  EXPECT_NE(applyFix(*fa, fixes[0])
                .find("callbacks=[tf.keras.callbacks.EarlyStopping(monitor='val_loss', patience=3, "
                      "restore_best_weights=True), MlideCallback()]"),
            std::string::npos);
  fixes = fa->fixes(finding("nan-loss", Anchor::Optimizer), m);
  ASSERT_EQ(fixes.size(), 1u);
  EXPECT_NE(applyFix(*fa, fixes[0]).find("Adam(learning_rate=0.5, clipnorm=1.0)"), std::string::npos);
  DynamicFinding scale = finding("input-not-normalized", Anchor::DataScaling);
  scale.inputScale = 255.0;
  fixes = fa->fixes(scale, m);
  ASSERT_EQ(fixes.size(), 1u);
  EXPECT_NE(applyFix(*fa, fixes[0]).find("load_data()\nx_train = x_train / 255.0\nmodel ="), std::string::npos);
}

TEST(FileAnchors, EarlyStoppingWithoutCallbacksArgument) {
  auto fa = FileAnchors::build("/w/k.py",
                               "from tensorflow import keras\nmodel = keras.Sequential([keras.layers.Dense(1)])\n"
                               "model.fit(x, y, epochs=5,\n          validation_split=0.1,)\n");
  auto fixes = fa->fixes(finding("overfitting", Anchor::FitCall), {});
  ASSERT_EQ(fixes.size(), 1u);
  EXPECT_NE(applyFix(*fa, fixes[0]).find("validation_split=0.1, callbacks=[keras.callbacks.EarlyStopping("),
            std::string::npos);
}

TEST(SourceResolver, FallsBackAndReadsExplicitLines) {
  SourceResolver r(torchModel());
  r.setText("/w/train.py", kTorchScript);
  // A scheduler-driven finding in a script without scheduler lands on the optimizer.
  auto where = r.resolve(finding("lr-out-of-range", Anchor::Scheduler));
  ASSERT_TRUE(where);
  EXPECT_EQ(where->span.line, 20);
  DynamicFinding w = finding("regression-target-broadcast", Anchor::Explicit);
  w.file = "/w/train.py";
  w.line = 26;
  where = r.resolve(w);
  ASSERT_TRUE(where);
  EXPECT_EQ(where->span.line, 26);
  EXPECT_EQ(where->span.column, 8);
  // Nothing fits in an unparsable file: the attach() line.
  ModelInfo m = torchModel();
  m.attachLine = 3;
  SourceResolver broken(m);
  broken.setText("/w/train.py", "def (:\n  pass\nrun = attach()\n");
  auto b = broken.resolve(finding("overfitting", Anchor::TrainingLoop));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->span.path, "/w/train.py");
  EXPECT_EQ(b->span.line, 3);
  // A libtorch loop is not parsed as Python: nothing but its lines, no Python fixes.
  // (`loss.backward();` is valid Python too: parsed, it would be "found".)
  const char* cpp = "torch::optim::SGD optimizer(net->parameters(), /*lr=*/50.0);\n"
                    "mlide::TrainingRun run(*net, optimizer, {.name = \"c\"});\n"
                    "loss.backward();\n";
  EXPECT_FALSE(FileAnchors::isPythonPath("/w/train.cpp"));
  EXPECT_TRUE(FileAnchors::isPythonPath("/w/train.py"));
  EXPECT_TRUE(FileAnchors::isPythonPath("/w/train"));
  auto native = FileAnchors::build("/w/train.cpp", cpp);
  EXPECT_FALSE(native->find(Anchor::Optimizer, m, finding("nan-loss", Anchor::Optimizer)));
  EXPECT_FALSE(native->find(Anchor::Backward, m, finding("gradient-health", Anchor::Backward)));
  EXPECT_TRUE(FileAnchors::build("/w/train.py", "loss.backward();\n")
                  ->find(Anchor::Backward, m, finding("gradient-health", Anchor::Backward)));
  EXPECT_TRUE(native->fixes(finding("nan-loss", Anchor::Optimizer), m).empty());
  ModelInfo cm = torchModel();
  cm.script = "/w/train.cpp";
  cm.attachLine = 2;
  SourceResolver cr(cm);
  cr.setText("/w/train.cpp", cpp);
  auto c = cr.resolve(finding("nan-loss", Anchor::Optimizer));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->span.line, 2);
  // Unknown files resolve to nothing.
  ModelInfo none;
  none.script = "/nonexistent/x.py";
  EXPECT_FALSE(SourceResolver(none).resolve(finding("overfitting", Anchor::TrainingLoop)));
}

}  // namespace
}  // namespace mlide::training
