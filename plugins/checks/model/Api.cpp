#include "plugins/checks/model/Api.hpp"

#include <string>
#include <unordered_map>
#include <vector>

namespace mlide::checks::model {

namespace {

using K = LayerKind;
constexpr Framework kK = Framework::Keras;
constexpr Framework kT = Framework::Torch;

struct LayerRow {
  std::string_view shortName;
  LayerKind kind;
  std::string_view activation;
};

// Keras layer classes, under keras.layers.
constexpr LayerRow kKerasLayers[] = {
    {"Dense", K::Weight, ""}, {"EinsumDense", K::Weight, ""},
    {"Conv1D", K::Weight, ""}, {"Conv2D", K::Weight, ""}, {"Conv3D", K::Weight, ""},
    {"Convolution1D", K::Weight, ""}, {"Convolution2D", K::Weight, ""}, {"Convolution3D", K::Weight, ""},
    {"Conv1DTranspose", K::Weight, ""}, {"Conv2DTranspose", K::Weight, ""}, {"Conv3DTranspose", K::Weight, ""},
    {"SeparableConv1D", K::Weight, ""}, {"SeparableConv2D", K::Weight, ""},
    {"DepthwiseConv1D", K::Weight, ""}, {"DepthwiseConv2D", K::Weight, ""},
    {"LocallyConnected1D", K::Weight, ""}, {"LocallyConnected2D", K::Weight, ""},
    {"Activation", K::Activation, ""},  // the activation comes from the argument
    {"ReLU", K::Activation, "relu"}, {"LeakyReLU", K::Activation, "leaky_relu"},
    {"PReLU", K::Activation, "prelu"}, {"ELU", K::Activation, "elu"},
    {"ThresholdedReLU", K::Activation, "relu"}, {"Softmax", K::Activation, "softmax"},
    {"BatchNormalization", K::Normalization, ""}, {"LayerNormalization", K::Normalization, ""},
    {"GroupNormalization", K::Normalization, ""}, {"UnitNormalization", K::Normalization, ""},
    {"Dropout", K::Dropout, ""}, {"SpatialDropout1D", K::Dropout, ""}, {"SpatialDropout2D", K::Dropout, ""},
    {"SpatialDropout3D", K::Dropout, ""}, {"AlphaDropout", K::Dropout, ""}, {"GaussianDropout", K::Dropout, ""},
    {"GaussianNoise", K::Reshape, ""}, {"ActivityRegularization", K::Reshape, ""}, {"Masking", K::Reshape, ""},
    {"Reshape", K::Reshape, ""}, {"Permute", K::Reshape, ""}, {"RepeatVector", K::Reshape, ""},
    {"Cropping1D", K::Reshape, ""}, {"Cropping2D", K::Reshape, ""}, {"Cropping3D", K::Reshape, ""},
    {"ZeroPadding1D", K::Reshape, ""}, {"ZeroPadding2D", K::Reshape, ""}, {"ZeroPadding3D", K::Reshape, ""},
    {"UpSampling1D", K::Reshape, ""}, {"UpSampling2D", K::Reshape, ""}, {"UpSampling3D", K::Reshape, ""},
    {"Flatten", K::Flatten, ""},
    {"MaxPooling1D", K::Pooling, ""}, {"MaxPooling2D", K::Pooling, ""}, {"MaxPooling3D", K::Pooling, ""},
    {"MaxPool1D", K::Pooling, ""}, {"MaxPool2D", K::Pooling, ""}, {"MaxPool3D", K::Pooling, ""},
    {"AveragePooling1D", K::Pooling, ""}, {"AveragePooling2D", K::Pooling, ""}, {"AveragePooling3D", K::Pooling, ""},
    {"AvgPool1D", K::Pooling, ""}, {"AvgPool2D", K::Pooling, ""}, {"AvgPool3D", K::Pooling, ""},
    {"GlobalAveragePooling1D", K::GlobalPooling, ""}, {"GlobalAveragePooling2D", K::GlobalPooling, ""},
    {"GlobalAveragePooling3D", K::GlobalPooling, ""}, {"GlobalMaxPooling1D", K::GlobalPooling, ""},
    {"GlobalMaxPooling2D", K::GlobalPooling, ""}, {"GlobalMaxPooling3D", K::GlobalPooling, ""},
    {"GlobalAvgPool1D", K::GlobalPooling, ""}, {"GlobalAvgPool2D", K::GlobalPooling, ""},
    {"GlobalMaxPool1D", K::GlobalPooling, ""}, {"GlobalMaxPool2D", K::GlobalPooling, ""},
    {"InputLayer", K::Input, ""}, {"Input", K::Input, ""},
    {"Rescaling", K::Preprocessing, ""}, {"Normalization", K::Preprocessing, ""},
    {"Resizing", K::Preprocessing, ""}, {"CenterCrop", K::Preprocessing, ""},
    {"RandomFlip", K::Preprocessing, ""}, {"RandomRotation", K::Preprocessing, ""},
    {"RandomZoom", K::Preprocessing, ""}, {"RandomTranslation", K::Preprocessing, ""},
    {"RandomContrast", K::Preprocessing, ""}, {"RandomCrop", K::Preprocessing, ""},
    {"RandomBrightness", K::Preprocessing, ""},
    {"LSTM", K::Recurrent, ""}, {"GRU", K::Recurrent, ""}, {"SimpleRNN", K::Recurrent, ""},
    {"Bidirectional", K::Recurrent, ""}, {"ConvLSTM2D", K::Recurrent, ""}, {"RNN", K::Recurrent, ""},
    {"Embedding", K::Embedding, ""},
    {"Lambda", K::Other, ""}, {"Attention", K::Other, ""}, {"MultiHeadAttention", K::Other, ""},
    {"Concatenate", K::Other, ""}, {"Add", K::Other, ""}, {"Multiply", K::Other, ""},
    {"TimeDistributed", K::Other, ""},
};

// PyTorch modules, under torch.nn.
constexpr LayerRow kTorchLayers[] = {
    {"Linear", K::Weight, ""}, {"LazyLinear", K::Weight, ""}, {"Bilinear", K::Weight, ""},
    {"Conv1d", K::Weight, ""}, {"Conv2d", K::Weight, ""}, {"Conv3d", K::Weight, ""},
    {"LazyConv1d", K::Weight, ""}, {"LazyConv2d", K::Weight, ""}, {"LazyConv3d", K::Weight, ""},
    {"ConvTranspose1d", K::Weight, ""}, {"ConvTranspose2d", K::Weight, ""}, {"ConvTranspose3d", K::Weight, ""},
    {"ReLU", K::Activation, "relu"}, {"ReLU6", K::Activation, "relu6"}, {"LeakyReLU", K::Activation, "leaky_relu"},
    {"PReLU", K::Activation, "prelu"}, {"RReLU", K::Activation, "rrelu"}, {"ELU", K::Activation, "elu"},
    {"SELU", K::Activation, "selu"}, {"CELU", K::Activation, "celu"}, {"GELU", K::Activation, "gelu"},
    {"SiLU", K::Activation, "silu"}, {"Mish", K::Activation, "mish"}, {"Sigmoid", K::Activation, "sigmoid"},
    {"Tanh", K::Activation, "tanh"}, {"Softmax", K::Activation, "softmax"},
    {"LogSoftmax", K::Activation, "log_softmax"}, {"Softmax2d", K::Activation, "softmax"},
    {"Softmin", K::Activation, "softmin"}, {"Softplus", K::Activation, "softplus"},
    {"Softsign", K::Activation, "softsign"}, {"Hardtanh", K::Activation, "hardtanh"},
    {"Hardswish", K::Activation, "hardswish"}, {"Hardsigmoid", K::Activation, "hardsigmoid"},
    {"LogSigmoid", K::Activation, "log_sigmoid"}, {"Tanhshrink", K::Activation, "tanhshrink"},
    {"Threshold", K::Activation, "threshold"}, {"GLU", K::Activation, "glu"},
    {"Hardshrink", K::Activation, "hardshrink"}, {"Softshrink", K::Activation, "softshrink"},
    {"BatchNorm1d", K::Normalization, ""}, {"BatchNorm2d", K::Normalization, ""}, {"BatchNorm3d", K::Normalization, ""},
    {"LazyBatchNorm1d", K::Normalization, ""}, {"LazyBatchNorm2d", K::Normalization, ""},
    {"LazyBatchNorm3d", K::Normalization, ""}, {"SyncBatchNorm", K::Normalization, ""},
    {"LayerNorm", K::Normalization, ""}, {"GroupNorm", K::Normalization, ""},
    {"InstanceNorm1d", K::Normalization, ""}, {"InstanceNorm2d", K::Normalization, ""},
    {"InstanceNorm3d", K::Normalization, ""}, {"LocalResponseNorm", K::Normalization, ""},
    {"Dropout", K::Dropout, ""}, {"Dropout1d", K::Dropout, ""}, {"Dropout2d", K::Dropout, ""},
    {"Dropout3d", K::Dropout, ""}, {"AlphaDropout", K::Dropout, ""}, {"FeatureAlphaDropout", K::Dropout, ""},
    {"Flatten", K::Flatten, ""}, {"Unflatten", K::Reshape, ""}, {"Identity", K::Reshape, ""},
    {"ZeroPad2d", K::Reshape, ""}, {"ConstantPad1d", K::Reshape, ""}, {"ConstantPad2d", K::Reshape, ""},
    {"ReflectionPad1d", K::Reshape, ""}, {"ReflectionPad2d", K::Reshape, ""},
    {"ReplicationPad1d", K::Reshape, ""}, {"ReplicationPad2d", K::Reshape, ""},
    {"Upsample", K::Reshape, ""}, {"UpsamplingNearest2d", K::Reshape, ""}, {"UpsamplingBilinear2d", K::Reshape, ""},
    {"PixelShuffle", K::Reshape, ""}, {"PixelUnshuffle", K::Reshape, ""},
    {"MaxPool1d", K::Pooling, ""}, {"MaxPool2d", K::Pooling, ""}, {"MaxPool3d", K::Pooling, ""},
    {"AvgPool1d", K::Pooling, ""}, {"AvgPool2d", K::Pooling, ""}, {"AvgPool3d", K::Pooling, ""},
    {"LPPool1d", K::Pooling, ""}, {"LPPool2d", K::Pooling, ""},
    {"AdaptiveAvgPool1d", K::Pooling, ""}, {"AdaptiveAvgPool2d", K::Pooling, ""}, {"AdaptiveAvgPool3d", K::Pooling, ""},
    {"AdaptiveMaxPool1d", K::Pooling, ""}, {"AdaptiveMaxPool2d", K::Pooling, ""}, {"AdaptiveMaxPool3d", K::Pooling, ""},
    {"LSTM", K::Recurrent, ""}, {"GRU", K::Recurrent, ""}, {"RNN", K::Recurrent, ""},
    {"Embedding", K::Embedding, ""}, {"EmbeddingBag", K::Embedding, ""},
    {"MultiheadAttention", K::Other, ""}, {"Transformer", K::Other, ""},
    {"TransformerEncoder", K::Other, ""}, {"TransformerDecoder", K::Other, ""},
    {"TransformerEncoderLayer", K::Other, ""}, {"TransformerDecoderLayer", K::Other, ""},
};

struct Tables {
  std::unordered_map<std::string, LayerSpec> layers;
  std::vector<std::string> names;  // owns the canonical strings the specs point into
  Tables() {
    names.reserve(std::size(kKerasLayers) + std::size(kTorchLayers));
    for (const LayerRow& r : kKerasLayers) add("keras.layers.", r, kK);
    for (const LayerRow& r : kTorchLayers) add("torch.nn.", r, kT);
  }
  void add(std::string_view prefix, const LayerRow& r, Framework f) {
    std::string name = std::string(prefix) + std::string(r.shortName);
    auto [it, inserted] = layers.emplace(name, LayerSpec{{}, r.kind, f, r.activation});
    (void)inserted;
    it->second.name = it->first;
  }
};

const Tables& tables() {
  static const Tables kTables;
  return kTables;
}

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string_view afterLastDot(std::string_view s) {
  const std::size_t d = s.rfind('.');
  return d == std::string_view::npos ? s : s.substr(d + 1);
}

}  // namespace

const LayerSpec* findLayer(std::string_view canonical) {
  const auto& t = tables().layers;
  auto it = t.find(std::string(canonical));
  if (it != t.end()) return &it->second;
  // keras.Input and keras.Sequential live at the package top level too.
  if (canonical == "keras.Input") return findLayer("keras.layers.Input");
  return nullptr;
}

std::string_view normalizeActivation(std::string_view name) {
  static const std::unordered_map<std::string_view, std::string_view> kNames = {
      {"linear", "linear"}, {"None", "linear"}, {"relu", "relu"}, {"ReLU", "relu"},
      {"relu6", "relu6"}, {"sigmoid", "sigmoid"}, {"softmax", "softmax"}, {"log_softmax", "log_softmax"},
      {"tanh", "tanh"}, {"elu", "elu"}, {"selu", "selu"}, {"gelu", "gelu"}, {"swish", "silu"},
      {"silu", "silu"}, {"leaky_relu", "leaky_relu"}, {"LeakyReLU", "leaky_relu"},
      {"softplus", "softplus"}, {"softsign", "softsign"}, {"exponential", "exponential"},
      {"hard_sigmoid", "hardsigmoid"}, {"hard_silu", "hardswish"}, {"hard_swish", "hardswish"},
      {"mish", "mish"}, {"PReLU", "prelu"}, {"prelu", "prelu"}, {"ELU", "elu"},
      {"Softmax", "softmax"}, {"log_sigmoid", "log_sigmoid"}, {"sparsemax", "softmax"},
  };
  auto it = kNames.find(name);
  return it == kNames.end() ? std::string_view{} : it->second;
}

std::optional<std::string_view> functionalActivation(std::string_view canonical) {
  std::string_view fn;
  if (startsWith(canonical, "torch.nn.functional.")) fn = canonical.substr(20);
  else if (startsWith(canonical, "tensorflow.nn.")) fn = canonical.substr(14);
  else if (startsWith(canonical, "tensorflow.math.")) fn = canonical.substr(16);
  else if (startsWith(canonical, "keras.activations.")) fn = canonical.substr(18);
  else if (startsWith(canonical, "keras.ops.")) fn = canonical.substr(10);
  else if (startsWith(canonical, "torch.special.")) fn = canonical.substr(14);
  else if (startsWith(canonical, "tensorflow.") && canonical.find('.', 11) == std::string_view::npos) fn = canonical.substr(11);
  else if (startsWith(canonical, "torch.") && canonical.find('.', 6) == std::string_view::npos) fn = canonical.substr(6);
  else return std::nullopt;
  if (fn == "log") return "log";
  if (fn == "expit") return "sigmoid";
  if (fn == "relu_") return "relu";
  if (fn == "logsigmoid") return "log_sigmoid";
  if (fn == "hardtanh" || fn == "hardswish" || fn == "hardsigmoid" || fn == "rrelu" || fn == "celu" ||
      fn == "glu" || fn == "softmin") {
    return fn;
  }
  std::string_view n = normalizeActivation(fn);
  if (n.empty() || n == "linear") return std::nullopt;
  return n;
}

std::optional<std::string_view> methodActivation(std::string_view method) {
  if (method == "relu" || method == "relu_") return "relu";
  if (method == "sigmoid" || method == "sigmoid_") return "sigmoid";
  if (method == "tanh" || method == "tanh_") return "tanh";
  if (method == "softmax") return "softmax";
  if (method == "log_softmax") return "log_softmax";
  if (method == "log") return "log";
  return std::nullopt;
}

bool isProbabilityActivation(std::string_view a) { return a == "sigmoid" || a == "softmax"; }

namespace {

using LI = LossInput;
using LT = LossTask;

const std::vector<LossSpec>& lossTable() {
  static const std::vector<LossSpec> kLosses = {
      // Keras strings
      {"categorical_crossentropy", kK, LI::Probabilities, LT::Multiclass, true, false},
      {"sparse_categorical_crossentropy", kK, LI::Probabilities, LT::Multiclass, true, true},
      {"binary_crossentropy", kK, LI::Probabilities, LT::Binary, true, false},
      {"binary_focal_crossentropy", kK, LI::Probabilities, LT::Binary, true, false},
      {"categorical_focal_crossentropy", kK, LI::Probabilities, LT::Multiclass, true, false},
      {"mse", kK, LI::Regression, LT::Regression, false, false},
      {"mean_squared_error", kK, LI::Regression, LT::Regression, false, false},
      {"mae", kK, LI::Regression, LT::Regression, false, false},
      {"mean_absolute_error", kK, LI::Regression, LT::Regression, false, false},
      {"mape", kK, LI::Regression, LT::Regression, false, false},
      {"mean_absolute_percentage_error", kK, LI::Regression, LT::Regression, false, false},
      {"msle", kK, LI::Regression, LT::Regression, false, false},
      {"mean_squared_logarithmic_error", kK, LI::Regression, LT::Regression, false, false},
      {"huber", kK, LI::Regression, LT::Regression, false, false},
      {"huber_loss", kK, LI::Regression, LT::Regression, false, false},
      {"log_cosh", kK, LI::Regression, LT::Regression, false, false},
      {"logcosh", kK, LI::Regression, LT::Regression, false, false},
      {"hinge", kK, LI::Other, LT::Other, false, false},
      {"squared_hinge", kK, LI::Other, LT::Other, false, false},
      {"categorical_hinge", kK, LI::Other, LT::Other, false, false},
      {"kld", kK, LI::Other, LT::Other, false, false},
      {"kl_divergence", kK, LI::Other, LT::Other, false, false},
      {"poisson", kK, LI::Other, LT::Other, false, false},
      {"cosine_similarity", kK, LI::Other, LT::Other, false, false},
      // Keras classes
      {"keras.losses.CategoricalCrossentropy", kK, LI::Probabilities, LT::Multiclass, true, false},
      {"keras.losses.SparseCategoricalCrossentropy", kK, LI::Probabilities, LT::Multiclass, true, true},
      {"keras.losses.BinaryCrossentropy", kK, LI::Probabilities, LT::Binary, true, false},
      {"keras.losses.BinaryFocalCrossentropy", kK, LI::Probabilities, LT::Binary, true, false},
      {"keras.losses.CategoricalFocalCrossentropy", kK, LI::Probabilities, LT::Multiclass, true, false},
      {"keras.losses.MeanSquaredError", kK, LI::Regression, LT::Regression, false, false},
      {"keras.losses.MeanAbsoluteError", kK, LI::Regression, LT::Regression, false, false},
      {"keras.losses.MeanAbsolutePercentageError", kK, LI::Regression, LT::Regression, false, false},
      {"keras.losses.MeanSquaredLogarithmicError", kK, LI::Regression, LT::Regression, false, false},
      {"keras.losses.Huber", kK, LI::Regression, LT::Regression, false, false},
      {"keras.losses.LogCosh", kK, LI::Regression, LT::Regression, false, false},
      {"keras.losses.Hinge", kK, LI::Other, LT::Other, false, false},
      {"keras.losses.KLDivergence", kK, LI::Other, LT::Other, false, false},
      // Keras loss functions
      {"keras.losses.categorical_crossentropy", kK, LI::Probabilities, LT::Multiclass, true, false},
      {"keras.losses.sparse_categorical_crossentropy", kK, LI::Probabilities, LT::Multiclass, true, true},
      {"keras.losses.binary_crossentropy", kK, LI::Probabilities, LT::Binary, true, false},
      {"keras.losses.mean_squared_error", kK, LI::Regression, LT::Regression, false, false},
      {"keras.losses.mse", kK, LI::Regression, LT::Regression, false, false},
      {"keras.losses.mean_absolute_error", kK, LI::Regression, LT::Regression, false, false},
      {"keras.losses.mae", kK, LI::Regression, LT::Regression, false, false},
      // PyTorch classes
      {"torch.nn.CrossEntropyLoss", kT, LI::Logits, LT::Multiclass, false, false},
      {"torch.nn.NLLLoss", kT, LI::LogProbabilities, LT::Multiclass, false, false},
      {"torch.nn.BCELoss", kT, LI::Probabilities, LT::Binary, false, false},
      {"torch.nn.BCEWithLogitsLoss", kT, LI::Logits, LT::Binary, false, false},
      {"torch.nn.MSELoss", kT, LI::Regression, LT::Regression, false, false},
      {"torch.nn.L1Loss", kT, LI::Regression, LT::Regression, false, false},
      {"torch.nn.SmoothL1Loss", kT, LI::Regression, LT::Regression, false, false},
      {"torch.nn.HuberLoss", kT, LI::Regression, LT::Regression, false, false},
      {"torch.nn.KLDivLoss", kT, LI::Other, LT::Other, false, false},
      // PyTorch functions
      {"torch.nn.functional.cross_entropy", kT, LI::Logits, LT::Multiclass, false, false},
      {"torch.nn.functional.nll_loss", kT, LI::LogProbabilities, LT::Multiclass, false, false},
      {"torch.nn.functional.binary_cross_entropy", kT, LI::Probabilities, LT::Binary, false, false},
      {"torch.nn.functional.binary_cross_entropy_with_logits", kT, LI::Logits, LT::Binary, false, false},
      {"torch.nn.functional.mse_loss", kT, LI::Regression, LT::Regression, false, false},
      {"torch.nn.functional.l1_loss", kT, LI::Regression, LT::Regression, false, false},
      {"torch.nn.functional.smooth_l1_loss", kT, LI::Regression, LT::Regression, false, false},
      {"torch.nn.functional.huber_loss", kT, LI::Regression, LT::Regression, false, false},
  };
  return kLosses;
}

}  // namespace

const LossSpec* findLoss(std::string_view name) {
  for (const LossSpec& l : lossTable()) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

const OptimizerSpec* findOptimizer(std::string_view canonical) {
  using F = OptimizerFamily;
  static const std::vector<OptimizerSpec> kOptimizers = {
      {"keras.optimizers.Adam", kK, F::Adaptive, 1e-3}, {"keras.optimizers.AdamW", kK, F::Adaptive, 1e-3},
      {"keras.optimizers.Adamax", kK, F::Adaptive, 1e-3}, {"keras.optimizers.Nadam", kK, F::Adaptive, 1e-3},
      {"keras.optimizers.RMSprop", kK, F::Adaptive, 1e-3}, {"keras.optimizers.Adagrad", kK, F::Adaptive, 1e-3},
      {"keras.optimizers.Lion", kK, F::Adaptive, 1e-4}, {"keras.optimizers.Ftrl", kK, F::Adaptive, 1e-3},
      {"keras.optimizers.SGD", kK, F::Sgd, 1e-2}, {"keras.optimizers.Adadelta", kK, F::ScaleFree, 1e-3},
      {"keras.optimizers.Adafactor", kK, F::ScaleFree, 1e-3},
      {"torch.optim.Adam", kT, F::Adaptive, 1e-3}, {"torch.optim.AdamW", kT, F::Adaptive, 1e-3},
      {"torch.optim.Adamax", kT, F::Adaptive, 2e-3}, {"torch.optim.NAdam", kT, F::Adaptive, 2e-3},
      {"torch.optim.RAdam", kT, F::Adaptive, 1e-3}, {"torch.optim.RMSprop", kT, F::Adaptive, 1e-2},
      {"torch.optim.Adagrad", kT, F::Adaptive, 1e-2}, {"torch.optim.SparseAdam", kT, F::Adaptive, 1e-3},
      {"torch.optim.SGD", kT, F::Sgd, 1e-3}, {"torch.optim.ASGD", kT, F::Sgd, 1e-2},
      {"torch.optim.Adadelta", kT, F::ScaleFree, 1.0}, {"torch.optim.LBFGS", kT, F::ScaleFree, 1.0},
      {"torch.optim.Rprop", kT, F::ScaleFree, 1e-2},
  };
  for (const OptimizerSpec& o : kOptimizers) {
    if (o.name == canonical) return &o;
  }
  return nullptr;
}

bool isScheduler(std::string_view canonical) {
  if (startsWith(canonical, "torch.optim.lr_scheduler.")) return true;
  return startsWith(canonical, "transformers.") && afterLastDot(canonical).find("schedule") != std::string_view::npos;
}

bool isImageDatasetLoader(std::string_view c) {
  return c == "keras.datasets.mnist.load_data" || c == "keras.datasets.fashion_mnist.load_data" ||
         c == "keras.datasets.cifar10.load_data" || c == "keras.datasets.cifar100.load_data";
}

bool seedsFramework(std::string_view c, Framework f) {
  if (f == Framework::Torch) {
    return c == "torch.manual_seed" || c == "torch.cuda.manual_seed" ||
           c == "torch.cuda.manual_seed_all" || c == "torch.random.manual_seed" ||
           c == "lightning.seed_everything" || c == "transformers.set_seed" ||
           c == "accelerate.utils.set_seed";
  }
  if (f == Framework::Keras) {
    return c == "tensorflow.random.set_seed" || c == "tensorflow.set_random_seed" ||
           c == "tensorflow.compat.v1.set_random_seed" || c == "keras.utils.set_random_seed";
  }
  return false;
}

bool isReproducibilityCall(std::string_view c) {
  return c == "numpy.random.seed" || c == "random.seed" ||
         c == "torch.use_deterministic_algorithms" ||
         c == "tensorflow.config.experimental.enable_op_determinism";
}

bool isGlobalNumpyRandom(std::string_view c) {
  if (!startsWith(c, "numpy.random.")) return false;
  const std::string_view fn = c.substr(13);
  if (fn.find('.') != std::string_view::npos) return false;  // numpy.random.Generator.x, ...
  // Generator objects, bit generators and seeding are not draws from the global state.
  return !(fn == "seed" || fn == "default_rng" || fn == "RandomState" || fn == "Generator" ||
           fn == "SeedSequence" || fn == "get_state" || fn == "set_state" || fn == "PCG64" ||
           fn == "MT19937" || fn == "Philox" || fn == "SFC64" || fn == "BitGenerator");
}

bool isTorchDatasetBase(std::string_view c) {
  return c == "torch.utils.data.Dataset" || c == "torch.utils.data.IterableDataset" ||
         c == "torch.utils.data.dataset.Dataset" || c == "torch.utils.data.dataset.IterableDataset";
}

Framework modelBaseFramework(std::string_view c) {
  if (c == "torch.nn.Module" || isLightningModule(c)) return Framework::Torch;
  if (c == "keras.Model" || c == "keras.models.Model" || c == "keras.layers.Layer") return Framework::Keras;
  return Framework::Unknown;
}

bool isLightningModule(std::string_view c) { return c == "lightning.LightningModule"; }

bool isKnownApi(std::string_view c) {
  return findLayer(c) || findLoss(c) || findOptimizer(c) || functionalActivation(c) || isScheduler(c) ||
         c == "keras.models.Sequential" || c == "keras.Sequential" || c == "keras.models.Model" ||
         c == "keras.Model" || c == "torch.nn.Sequential" || c == "torch.nn.Module" ||
         c == "torch.nn.ModuleList" || c == "torch.nn.ModuleDict" || c == "torch.utils.data.DataLoader";
}

}  // namespace mlide::checks::model
