// Builders for training histories in tests.
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "plugins/checks/dynamic/DynamicCheck.hpp"

namespace mlide::training::testing {

inline EpochRecord epoch(int e, std::vector<std::pair<std::string, double>> metrics,
                         std::optional<double> lr = std::nullopt) {
  EpochRecord r;
  r.epoch = e;
  for (auto& [k, v] : metrics) r.metrics[k] = v;
  r.lr = lr;
  return r;
}

/// A run with the given train/val losses per epoch (equal length, or val empty).
inline RunHistory losses(const std::vector<double>& train, const std::vector<double>& val = {}) {
  RunHistory h;
  for (std::size_t i = 0; i < train.size(); ++i) {
    std::vector<std::pair<std::string, double>> m = {{"loss", train[i]}};
    if (i < val.size()) m.push_back({"val_loss", val[i]});
    h.epochs.push_back(epoch(static_cast<int>(i), m));
  }
  return h;
}

inline InputStats batchStats(int e, double min, double max, bool integral, std::string dtype = "float32",
                             std::vector<std::int64_t> shape = {32, 1, 28, 28}) {
  InputStats s;
  s.epoch = e;
  s.min = min;
  s.max = max;
  s.mean = (min + max) / 2;
  s.std = (max - min) / 4;
  s.integral = integral;
  s.dtype = std::move(dtype);
  s.shape = std::move(shape);
  return s;
}

/// The findings of `slug` in `findings`.
inline std::vector<DynamicFinding> only(const std::vector<DynamicFinding>& findings, const std::string& slug) {
  std::vector<DynamicFinding> out;
  for (const auto& f : findings) {
    if (f.slug == slug) out.push_back(f);
  }
  return out;
}

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace mlide::training::testing
