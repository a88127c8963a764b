// The wire format of training sessions: what clients POST to the listener, and what the
// listener, the mlide/training/* requests and `mlide sessions --format json` return.
// The only place where training values meet JSON (engines stay typed).
//
// Numbers that JSON cannot carry (a NaN loss is exactly what the checks look for) travel as
// the strings "nan", "inf" and "-inf" (any case); every numeric field accepts them.
//
// Stateless functions: thread-safe.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "core/support/Expected.hpp"
#include "plugins/checks/sessions/SessionTypes.hpp"
#include "plugins/checks/sessions/TrainingService.hpp"

namespace mlide::listener {

using json = nlohmann::json;

/// The version clients check ("protocol" in every listener reply).
inline constexpr int kTrainingProtocol = 1;

/// {name?, clientId?, startedAt?, model: {framework, script, attachLine, ...}}.
Expected<training::SessionStart> parseSessionStart(const json& body);
/// {events: [{seq, type: "epoch"|"input"|"gradients"|"warning"|"status", ...}]}; the error
/// names the offending event ("events[3].metrics.loss: expected a number").
Expected<std::vector<training::SessionEvent>> parseEvents(const json& body);

/// A number, or "nan"/"inf" strings for non-finite values.
json number(double v);
/// ISO 8601 UTC with milliseconds: "2026-12-03T21:30:29.123Z".
std::string isoTime(double secondsSince1970);

/// {id, name, script, framework, startedAt (ISO), startedAtSeconds, updatedAt, endedAt?,
///  status, statusMessage, epochs, lastEpoch, findings, lastSeq}.
json summaryToJson(const training::SessionSummary& s);
/// The summary plus model, epochs [{epoch, metrics, lr, wallTime}], inputs, gradients,
/// warnings and findings [{code, rule, title, key, severity, message, epochs (empty: seen before
/// training), anchor, location}].
json detailToJson(const training::SessionDetail& d);
json ingestToJson(const training::IngestResult& r);

}  // namespace mlide::listener
