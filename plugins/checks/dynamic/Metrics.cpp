#include "plugins/checks/dynamic/Metrics.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace mlide::training {
namespace {

std::optional<double> firstOf(const EpochRecord& r, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    auto it = r.metrics.find(n);
    if (it != r.metrics.end()) return it->second;
  }
  return std::nullopt;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::optional<double> metricValue(const EpochRecord& r, Metric m) {
  switch (m) {
    case Metric::TrainLoss:
      return firstOf(r, {"loss", "train_loss", "training_loss", "Loss"});
    case Metric::ValLoss:
      return firstOf(r, {"val_loss", "valid_loss", "validation_loss", "eval_loss", "test_loss"});
    case Metric::TrainAccuracy:
    case Metric::ValAccuracy: {
      auto v = m == Metric::TrainAccuracy
                   ? firstOf(r, {"accuracy", "acc", "train_acc", "train_accuracy",
                                 "sparse_categorical_accuracy", "categorical_accuracy",
                                 "binary_accuracy"})
                   : firstOf(r, {"val_accuracy", "val_acc", "valid_acc", "valid_accuracy",
                                 "validation_accuracy", "eval_accuracy", "test_accuracy",
                                 "val_sparse_categorical_accuracy", "val_categorical_accuracy",
                                 "val_binary_accuracy"});
      if (v && std::isfinite(*v) && *v > 1.0 && *v <= 100.0) *v /= 100.0;  // percent
      return v;
    }
  }
  return std::nullopt;
}

std::vector<Point> series(const RunHistory& h, Metric m) {
  std::vector<Point> out;
  for (std::size_t i = 0; i < h.epochs.size(); ++i) {
    if (auto v = metricValue(h.epochs[i], m)) out.push_back({i, h.epochs[i].epoch, *v});
  }
  return out;
}

bool isLossName(const std::string& name) {
  const std::string n = lower(name);
  return n.find("loss") != std::string::npos || n == "nll" || n == "mse" || n == "mae";
}

std::string fmt(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Inf" : "-Inf";
  char buf[32];
  const double a = std::fabs(v);
  if (a != 0 && (a < 1e-3 || a >= 1e5)) {
    std::snprintf(buf, sizeof buf, "%.3g", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.4g", v);
  }
  return buf;
}

std::string describeEpochs(const std::vector<int>& epochs) {
  if (epochs.empty()) return "before training";
  std::string out = epochs.size() == 1 ? "epoch " : "epochs ";
  for (std::size_t i = 0; i < epochs.size();) {
    std::size_t j = i;
    while (j + 1 < epochs.size() && epochs[j + 1] == epochs[j] + 1) ++j;
    if (i) out += ", ";
    out += std::to_string(epochs[i]);
    if (j > i) out += "-" + std::to_string(epochs[j]);
    i = j + 1;
  }
  return out;
}

void addEpoch(std::vector<int>& epochs, int epoch) {
  auto it = std::lower_bound(epochs.begin(), epochs.end(), epoch);
  if (it == epochs.end() || *it != epoch) epochs.insert(it, epoch);
}

bool isAdaptiveOptimizer(const std::string& cls) {
  static const std::array<const char*, 11> kAdaptive = {
      "adam", "adamw", "adamax", "nadam", "radam", "rmsprop", "adagrad", "adadelta",
      "sparseadam", "ftrl", "lamb"};
  const std::string n = lower(cls);
  return std::find(kAdaptive.begin(), kAdaptive.end(), n) != kAdaptive.end();
}

}  // namespace mlide::training
