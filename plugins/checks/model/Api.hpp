// What the checks engine knows about the tf.keras and PyTorch APIs: layers, activations,
// losses, optimizers, and a few other names (data loaders, datasets, base classes).
// Everything is keyed by canonical name (see Names.hpp). Static tables; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace mlide::checks::model {

enum class Framework { Unknown, Keras, Torch };

/// What a layer does to the activation analysis.
enum class LayerKind {
  Weight,         // Dense, Conv*, Linear: an affine map; may carry a Keras `activation=`
  Activation,     // ReLU, Activation('x'), nn.Softmax, F.relu(...), x.sigmoid(), torch.log
  Normalization,  // BatchNorm, LayerNorm, GroupNorm: transparent
  Dropout,        // Dropout, SpatialDropout, nn.Dropout, F.dropout: transparent
  Reshape,        // Reshape, Permute, padding, x.view(...): transparent, keeps the rank unknown
  Flatten,        // Flatten, torch.flatten: transparent, makes the tensor 2-D
  Pooling,        // spatial pooling (keeps 4-D); transparent
  GlobalPooling,  // global pooling (Keras: makes it 2-D); transparent
  Input,          // keras Input / InputLayer: ignored
  Preprocessing,  // Rescaling, Normalization, Resizing, Random*: transparent
  Recurrent,      // LSTM, GRU, ...: non-linear internally
  Embedding,      // a lookup table
  Other,          // a known layer that ends every analysis (attention, Lambda, ...)
  Unknown,        // an operation the analysis does not understand: a chain break
};

struct LayerSpec {
  std::string_view name;  // canonical, "keras.layers.Dense"
  LayerKind kind;
  Framework framework;
  std::string_view activation;  // activation layers: canonical activation ("relu"); else ""
};

/// The layer constructor `canonical` names, or null.
const LayerSpec* findLayer(std::string_view canonical);

/// Canonical activation name for an activation function: `torch.nn.functional.relu`,
/// `torch.sigmoid`, `tensorflow.nn.softmax`, `keras.activations.tanh` -> "relu", "sigmoid",
/// ...; `torch.log` / `tensorflow.math.log` -> "log". nullopt if not an activation.
std::optional<std::string_view> functionalActivation(std::string_view canonical);
/// Tensor methods that apply an activation: `x.relu()`, `x.softmax(1)`, `x.log()`.
std::optional<std::string_view> methodActivation(std::string_view method);
/// Normalises a Keras activation string or function name: "ReLU" -> "relu",
/// "swish" -> "silu", "linear"/"None" -> "linear"; "" if unknown.
std::string_view normalizeActivation(std::string_view name);
/// True for activations whose output is a probability (sigmoid, softmax).
bool isProbabilityActivation(std::string_view activation);

/// What a loss expects its first argument (the prediction) to be.
enum class LossInput {
  Probabilities,     // Keras CE without from_logits, torch BCELoss
  Logits,            // torch CrossEntropyLoss / BCEWithLogitsLoss, Keras from_logits=True
  LogProbabilities,  // torch NLLLoss
  Regression,        // MSE, MAE, Huber, ...
  Other,             // hinge, KL, cosine, ...
};

enum class LossTask { Multiclass, Binary, Regression, Other };

struct LossSpec {
  std::string_view name;  // canonical, or the Keras string ("sparse_categorical_crossentropy")
  Framework framework;
  LossInput input;        // for Keras CE: without from_logits
  LossTask task;
  bool hasFromLogits;     // Keras losses that accept `from_logits=`
  bool sparse;            // integer labels (sparse CE)
};

/// A loss class, a loss function, or a Keras loss string ("mse", "categorical_crossentropy").
const LossSpec* findLoss(std::string_view canonicalOrString);

enum class OptimizerFamily {
  Adaptive,   // Adam, AdamW, RMSprop, Adagrad, Nadam, ...: typical lr 1e-5 .. 1e-2
  Sgd,        // SGD, ASGD: lr up to ~1 is used with momentum
  ScaleFree,  // Adadelta, LBFGS, Rprop, Adafactor: lr is a multiplier (default 1.0)
};

struct OptimizerSpec {
  std::string_view name;  // canonical, "torch.optim.Adam"
  Framework framework;
  OptimizerFamily family;
  double defaultLr;
};

const OptimizerSpec* findOptimizer(std::string_view canonical);
/// The learning-rate argument position (Keras 0, torch 1, after the parameters).
inline std::size_t lrPosition(const OptimizerSpec& o) { return o.framework == Framework::Torch ? 1 : 0; }

/// torch.optim.lr_scheduler.* and the common transformers schedule factories.
bool isScheduler(std::string_view canonical);
/// keras.datasets.{mnist,fashion_mnist,cifar10,cifar100}.load_data: uint8 images 0..255.
bool isImageDatasetLoader(std::string_view canonical);
/// Functions that seed a random number generator, by the framework they make reproducible:
/// torch.manual_seed, torch.cuda.manual_seed(_all), lightning.seed_everything,
/// transformers.set_seed (Torch); tensorflow.random.set_seed, keras.utils.set_random_seed
/// (Keras; the latter seeds Python and NumPy too). numpy.random.seed and random.seed seed neither.
bool seedsFramework(std::string_view canonical, Framework f);
/// numpy.random.seed, random.seed, torch.use_deterministic_algorithms,
/// tensorflow.config.experimental.enable_op_determinism: a file that calls one wants runs
/// to be reproducible.
bool isReproducibilityCall(std::string_view canonical);
/// The global NumPy RNG (`numpy.random.rand`, `.randint`, `.shuffle`, ...), as opposed to
/// generator objects (`numpy.random.default_rng`, `RandomState`) and seeding.
bool isGlobalNumpyRandom(std::string_view canonical);
/// torch.utils.data.Dataset / IterableDataset (map-style and iterable dataset base classes).
bool isTorchDatasetBase(std::string_view canonical);
/// torch.nn.Module, lightning.LightningModule (torch); keras.Model, keras.layers.Layer (keras).
Framework modelBaseFramework(std::string_view canonical);
bool isLightningModule(std::string_view canonical);

/// True for any name in the tables above (used to resolve names from `import *`).
bool isKnownApi(std::string_view canonical);

}  // namespace mlide::checks::model
