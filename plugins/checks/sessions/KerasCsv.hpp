// Offline import: the epochs of a Keras CSVLogger file ("epoch,accuracy,loss,val_loss,...",
// one row per epoch; "lr"/"learning_rate" columns become the epoch's learning rate).
//
// Stateless: thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/support/Expected.hpp"
#include "plugins/checks/dynamic/RunHistory.hpp"

namespace mlide::training {

/// ParseError with the line number for a malformed file (no "epoch" column, a row with the
/// wrong number of fields, a value that is not a number). Empty cells are skipped; "nan", "inf"
/// and "-inf" are read as such.
Expected<std::vector<EpochRecord>> parseKerasCsv(const std::string& text);

}  // namespace mlide::training
