// The catalogue entry of each dynamic check, one accessor per check file. Catalogue.cpp puts
// them in order; nothing else should need this header.
#pragma once

#include "plugins/checks/dynamic/DynamicCheck.hpp"

namespace mlide::training::checks {

const DynamicRule& inputNotNormalized();
const DynamicRule& nanInInput();
const DynamicRule& nanLoss();
const DynamicRule& imageLayout();
const DynamicRule& lrOutOfRange();
const DynamicRule& overfitting();
const DynamicRule& suspiciousValAccuracy();
const DynamicRule& lossNotDecreasing();
const DynamicRule& lossDiverging();
const DynamicRule& accuracyAtChance();
const DynamicRule& oscillatingMetric();
const DynamicRule& negativeLoss();
const DynamicRule& gradientHealth();
const DynamicRule& targetSizeMismatch();
const DynamicRule& schedulerBeforeOptimizer();
const DynamicRule& softmaxBeforeLogitsLoss();

}  // namespace mlide::training::checks
