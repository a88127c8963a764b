// Helpers shared by the checks: metric names as frameworks spell them, series extraction and
// number formatting. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plugins/checks/dynamic/RunHistory.hpp"

namespace mlide::training {

enum class Metric { TrainLoss, ValLoss, TrainAccuracy, ValAccuracy };

/// The value of `m` in `record`, accepting the usual spellings ("loss"/"train_loss",
/// "val_acc"/"val_accuracy"/"valid_accuracy", ...). Accuracy given in percent (> 1) is
/// scaled to [0, 1].
std::optional<double> metricValue(const EpochRecord& record, Metric m);

/// One point of a metric series: the index into RunHistory::epochs and the value.
struct Point {
  std::size_t index = 0;
  int epoch = 0;
  double value = 0;
};

/// The epochs that have metric `m`, in order (NaN/Inf included: callers decide).
std::vector<Point> series(const RunHistory& history, Metric m);

/// True for names of loss-like metrics: "loss", "val_loss", "train_loss", "nll".
bool isLossName(const std::string& name);

/// "0.0123", "1.2e-08": short, for messages.
std::string fmt(double v);

/// "epoch 3", "epochs 3-7", "epochs 2, 5, 9-11".
std::string describeEpochs(const std::vector<int>& epochs);

/// Appends `epoch` to a sorted, unique epoch list.
void addEpoch(std::vector<int>& epochs, int epoch);

/// True for adaptive optimizers (Adam family, RMSprop, Adagrad, Adadelta, ...).
bool isAdaptiveOptimizer(const std::string& optimizerClass);

}  // namespace mlide::training
