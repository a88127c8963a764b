#include "core/python/Notebook.hpp"

#include <nlohmann/json.hpp>

namespace mlide::py {
namespace {

using nlohmann::json;

bool isMagicLine(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return i < line.size() && (line[i] == '%' || line[i] == '!');
}

Expected<std::string> joinSource(const json& src, std::size_t cellIndex) {
  if (src.is_string()) return src.get<std::string>();
  if (src.is_array()) {
    std::string out;
    for (const json& part : src) {
      if (!part.is_string()) {
        return makeError(ErrorCode::ParseError,
                         "cell " + std::to_string(cellIndex + 1) + ": `source` list holds a non-string");
      }
      out += part.get<std::string>();
    }
    return out;
  }
  if (src.is_null()) return std::string();
  return makeError(ErrorCode::ParseError,
                   "cell " + std::to_string(cellIndex + 1) + ": `source` is neither a string nor a list");
}

json splitLines(const std::string& s) {
  json lines = json::array();
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t nl = s.find('\n', start);
    if (nl == std::string::npos) {
      lines.push_back(s.substr(start));
      break;
    }
    lines.push_back(s.substr(start, nl - start + 1));
    start = nl + 1;
  }
  return lines;
}

}  // namespace

std::string neutralizeMagics(std::string_view source) {
  std::string out(source);
  const bool cellMagic = source.substr(0, 2) == "%%";
  const bool keepBody = source.rfind("%%time", 0) == 0 || source.rfind("%%capture", 0) == 0;
  std::size_t start = 0;
  bool first = true;
  while (start <= out.size()) {
    std::size_t nl = out.find('\n', start);
    const std::size_t end = nl == std::string::npos ? out.size() : nl;
    std::string_view line(out.data() + start, end - start);
    if ((cellMagic && (first || !keepBody)) || isMagicLine(line)) {
      std::size_t i = start;
      while (i < end && (out[i] == ' ' || out[i] == '\t')) ++i;
      if (i < end) out[i] = '#';
    }
    first = false;
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

Expected<Notebook> Notebook::fromIpynb(std::string_view text) {
  json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return makeError(ErrorCode::ParseError, "notebook is not valid JSON");
  if (!doc.is_object() || !doc.contains("cells") || !doc["cells"].is_array()) {
    return makeError(ErrorCode::ParseError, "notebook JSON has no `cells` array (is it nbformat 4?)");
  }
  std::vector<NotebookCell> cells;
  std::size_t i = 0;
  for (const json& c : doc["cells"]) {
    if (!c.is_object()) {
      return makeError(ErrorCode::ParseError, "cell " + std::to_string(i + 1) + " is not an object");
    }
    NotebookCell cell;
    cell.code = c.value("cell_type", std::string()) == "code";
    if (c.contains("id") && c["id"].is_string()) cell.id = c["id"].get<std::string>();
    auto src = joinSource(c.contains("source") ? c["source"] : json(), i);
    if (!src) return src.takeError();
    cell.source = std::move(*src);
    cells.push_back(std::move(cell));
    ++i;
  }
  return fromCells(std::move(cells));
}

Notebook Notebook::fromCells(std::vector<NotebookCell> cells) {
  Notebook nb;
  nb.cells_ = std::move(cells);
  nb.rebuild();
  return nb;
}

void Notebook::rebuild() {
  text_.clear();
  starts_.assign(cells_.size(), std::string::npos);
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    if (!cells_[i].code) continue;
    starts_[i] = text_.size();
    text_ += neutralizeMagics(cells_[i].source);
    text_ += '\n';
  }
}

std::optional<Notebook::CellOffset> Notebook::toCell(std::size_t v) const {
  std::optional<CellOffset> best;
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    if (starts_[i] == std::string::npos || starts_[i] > v) continue;
    best = CellOffset{i, std::min(v - starts_[i], cells_[i].source.size())};
  }
  return best;
}

std::size_t Notebook::toVirtual(std::size_t cell, std::size_t offset) const {
  return starts_[cell] + std::min(offset, cells_[cell].source.size());
}

Status Notebook::applyVirtualEdits(const std::vector<Edit>& edits) {
  std::vector<std::vector<Edit>> perCell(cells_.size());
  for (const Edit& e : edits) {
    auto b = toCell(e.range.begin);
    auto en = toCell(e.range.end);
    if (!b || !en || b->cell != en->cell) {
      return makeError(ErrorCode::InvalidArgument, "edit crosses a notebook cell boundary");
    }
    perCell[b->cell].push_back(Edit{{b->offset, en->offset}, e.content});
  }
  std::vector<NotebookCell> updated = cells_;
  for (std::size_t i = 0; i < updated.size(); ++i) {
    if (perCell[i].empty()) continue;
    if (!normalizeEdits(perCell[i])) {
      return makeError(ErrorCode::InvalidArgument, "overlapping edits in one notebook cell");
    }
    updated[i].source = applyEdits(updated[i].source, perCell[i]);
  }
  cells_ = std::move(updated);
  rebuild();
  return okStatus();
}

std::string Notebook::toIpynb(std::string_view original) const {
  json doc = json::parse(original.begin(), original.end(), nullptr, false);
  if (doc.is_discarded() || !doc.contains("cells")) return std::string(original);
  auto& cells = doc["cells"];
  for (std::size_t i = 0; i < cells.size() && i < cells_.size(); ++i) {
    if (!cells_[i].code) continue;
    cells[i]["source"] = splitLines(cells_[i].source);
  }
  return doc.dump(1) + "\n";
}

}  // namespace mlide::py
