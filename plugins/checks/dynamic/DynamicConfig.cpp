#include "plugins/checks/dynamic/DynamicCheck.hpp"

namespace mlide::training {
namespace {

void readNumber(const Settings& s, const char* key, double& into) {
  if (auto v = s.getNumber(std::string("training.") + key)) into = *v;
}

void readInt(const Settings& s, const char* key, int& into) {
  if (auto v = s.getNumber(std::string("training.") + key)) into = static_cast<int>(*v);
}

}  // namespace

DynamicConfig DynamicConfig::fromSettings(const Settings& s) {
  DynamicConfig c;
  if (auto list = s.getList("training.disable")) c.disabled.insert(list->begin(), list->end());
  readNumber(s, "inputMaxAbs", c.inputMaxAbs);
  readNumber(s, "lrMin", c.lrMin);
  readNumber(s, "lrMaxAdaptive", c.lrMaxAdaptive);
  readNumber(s, "lrMaxSgd", c.lrMaxSgd);
  readInt(s, "overfittingPatience", c.overfittingPatience);
  readNumber(s, "overfittingMinRise", c.overfittingMinRise);
  readInt(s, "valAccuracyFromEpoch", c.valAccuracyFromEpoch);
  readNumber(s, "valAccuracyMax", c.valAccuracyMax);
  readNumber(s, "valAboveTrainMargin", c.valAboveTrainMargin);
  readInt(s, "stallWindow", c.stallWindow);
  readNumber(s, "stallMinDecrease", c.stallMinDecrease);
  readNumber(s, "stallMinProgress", c.stallMinProgress);
  readInt(s, "divergeWindow", c.divergeWindow);
  readNumber(s, "divergeFactor", c.divergeFactor);
  readNumber(s, "chanceTolerance", c.chanceTolerance);
  readNumber(s, "chanceAfterFraction", c.chanceAfterFraction);
  readInt(s, "chanceMinEpochs", c.chanceMinEpochs);
  readInt(s, "oscillationWindow", c.oscillationWindow);
  readNumber(s, "oscillationMinFlips", c.oscillationMinFlips);
  readNumber(s, "oscillationMinAmplitude", c.oscillationMinAmplitude);
  readNumber(s, "gradVanishing", c.gradVanishing);
  readNumber(s, "gradExploding", c.gradExploding);
  readNumber(s, "gradDeadFraction", c.gradDeadFraction);
  return c;
}

}  // namespace mlide::training
