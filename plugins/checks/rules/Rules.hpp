// One accessor per rule file. Codes.cpp lists them with their codes; nothing else should need
// this header.
#pragma once

#include "plugins/checks/Rule.hpp"

namespace mlide::checks::rules {

// ML1xx data
const RuleDef& inputNotNormalized();
const RuleDef& imageLayout();
const RuleDef& validationOverlapsTraining();
const RuleDef& trainLoaderNotShuffled();
const RuleDef& validationSplitBeforeShuffle();
const RuleDef& inputNotFloat();
const RuleDef& numpyRngInWorkers();
// ML2xx architecture, activations, losses
const RuleDef& missingSoftmax();
const RuleDef& missingActivation();
const RuleDef& stackedFinalActivation();
const RuleDef& outputActivationLossMismatch();
const RuleDef& doubleSoftmax();
const RuleDef& sigmoidBeforeBceWithLogits();
const RuleDef& singleUnitSoftmax();
const RuleDef& nllWithoutLogSoftmax();
const RuleDef& sigmoidBceUnstable();
const RuleDef& softmaxDim();
const RuleDef& unregisteredSubmodules();
const RuleDef& accuracyMetricOnRegression();
const RuleDef& logOfSoftmax();
// ML3xx tuning
const RuleDef& highDropout();
const RuleDef& lrOutOfRange();
// ML4xx training loop
const RuleDef& missingZeroGrad();
const RuleDef& zeroGradMisplaced();
const RuleDef& missingStep();
const RuleDef& missingEvalMode();
const RuleDef& trainModeNotRestored();
const RuleDef& functionalDropoutAlwaysOn();
const RuleDef& schedulerBeforeOptimizerStep();
const RuleDef& lossTensorAccumulation();
const RuleDef& seedsNotSet();
// ML5xx structure smells
const RuleDef& redundantActivation();
const RuleDef& dropoutBeforeBatchnorm();
const RuleDef& biasBeforeBatchnorm();
const RuleDef& constantWeightInit();
const RuleDef& missingFlatten();

}  // namespace mlide::checks::rules
