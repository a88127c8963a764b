// What the dynamic checks read: the typed history of one training run, as streamed by a client
// (or imported from a log file). No JSON here: the listener parses, the session store persists,
// the checks only see these values.
//
// Value types, thread-compatible. Epoch numbers are the client's own (Keras counts from 0; the
// Python client's auto-numbering does too); the checks report them unchanged.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlide::training {

/// Statistics of one input batch, measured by the client before the model sees it (a forward
/// pre-hook in PyTorch, the first batch of each epoch). Values over the finite elements only.
struct InputStats {
  int epoch = 0;
  int batch = 0;
  double min = 0;
  double max = 0;
  double mean = 0;
  double std = 0;
  std::string dtype;                // "float32", "uint8", ... (framework prefixes stripped)
  std::vector<std::int64_t> shape;  // e.g. {32, 3, 28, 28}
  std::int64_t nanCount = 0;
  std::int64_t infCount = 0;
  bool integral = false;  // every finite element is a whole number (raw pixels, token ids)
};

/// Gradient norms of one parameter tensor, aggregated over the optimizer steps of one epoch.
struct LayerGradient {
  std::string layer;  // parameter name, "features.0.weight"
  double meanNorm = 0;
  double maxNorm = 0;
  double minNorm = 0;
  double zeroFraction = 0;  // mean fraction of exactly-zero gradient elements per step
  std::int64_t steps = 0;
};

struct EpochGradients {
  int epoch = 0;
  std::vector<LayerGradient> layers;  // in the model's parameter order (input side first)
};

/// One epoch as the client logged it.
struct EpochRecord {
  int epoch = 0;
  std::map<std::string, double> metrics;  // names as logged: "loss", "val_loss", "accuracy"
  std::optional<double> lr;               // the optimizer's actual rate this epoch (schedulers included)
  double wallTime = 0;                    // seconds since 1970 when logged; 0 if unknown
};

/// A warning the framework raised inside the training process (forwarded by the client).
struct FrameworkWarning {
  int epoch = -1;  // the epoch being trained when it was raised; -1 before the first epoch
  std::string category;  // "UserWarning"
  std::string message;
  std::string file;  // the user's line that triggered it (first frame outside the framework)
  int line = 0;      // 1-based; 0 if unknown
};

/// What the client learned about the model, the optimizer and the script when it attached.
struct ModelInfo {
  std::string framework;  // "pytorch", "keras", "libtorch", "import", or empty
  std::string script;     // absolute path of the training script
  int attachLine = 0;     // 1-based line of attach()/the callback construction in `script`
  int logLine = 0;        // 1-based line of the first per-epoch log() call (inside the loop)
  std::string modelClass;
  std::string modelFile;  // where modelClass is defined (may differ from script)
  int modelLine = 0;
  std::string optimizerClass;  // "Adam", "SGD"
  std::optional<double> initialLr;
  std::string schedulerClass;
  std::string lossClass;
  std::string firstConvName;      // "features.0", "conv1"
  int firstConvInChannels = 0;    // 0: unknown / no convolution
  bool channelsLast = false;      // Keras' default layout; PyTorch is channels-first
  int numClasses = 0;             // 0: unknown
  int plannedEpochs = 0;          // 0: unknown
};

/// The whole run so far. `epochs` is sorted by epoch with unique numbers; `inputs` and
/// `gradients` are sorted by epoch (then batch).
struct RunHistory {
  ModelInfo model;
  std::vector<EpochRecord> epochs;
  std::vector<InputStats> inputs;
  std::vector<EpochGradients> gradients;
  std::vector<FrameworkWarning> warnings;
};

}  // namespace mlide::training
