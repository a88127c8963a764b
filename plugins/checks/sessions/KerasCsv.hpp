// Offline import: the epochs of a Keras CSVLogger file ("epoch,accuracy,loss,val_loss,...",
// one row per epoch; "lr"/"learning_rate" columns become the epoch's learning rate). TensorBoard
// event files are recognised and refused with a clear message: there is no reader for them.
//
// Stateless: thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/support/Expected.hpp"
#include "plugins/checks/dynamic/RunHistory.hpp"

namespace mlide::training {

/// ParseError with the line number for a malformed file (no "epoch" column, a row with the
/// wrong number of fields, a value that is not a number). Empty cells are skipped; "nan", "inf"
/// and "-inf" are read as such.
Expected<std::vector<EpochRecord>> parseKerasCsv(const std::string& text);

/// True when `path`'s name is a TensorBoard event file's (events.out.tfevents...) or `bytes`
/// start with a TFRecord frame (a length and its masked CRC-32C), which is what those files are.
bool looksLikeTensorBoard(const std::string& path, std::string_view bytes);

/// The epochs of the training log at `path` whose contents are `bytes`: Unsupported for a
/// TensorBoard event file, else parseKerasCsv.
Expected<std::vector<EpochRecord>> parseTrainingLog(const std::string& path,
                                                    const std::string& bytes);

}  // namespace mlide::training
