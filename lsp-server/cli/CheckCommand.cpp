// `mlide check [--format text|json|sarif] [--select …] [--ignore …] [--fix] PATH...`
//
// Lints .py files and .ipynb notebooks (folders are walked, skipping hidden folders,
// __pycache__ and virtual environments) with the checks engine, as the editor does, including
// the nearest pyproject.toml's [tool.mlide]. --select/--ignore override it like editor settings.
// --fix applies the safe fixes until nothing changes (never writing a file whose fixed text has
// more syntax errors than before), then reports what is left.
// Notebook findings are placed in their cell (text, JSON); SARIF places them where the cell's
// text is written in the .ipynb JSON, for file-based viewers such as code scanning.
// Exit status: 1 when findings remain, 0 when clean, 2 on usage or input errors.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/python/IpynbSourceMap.hpp"
#include "core/python/Notebook.hpp"
#include "core/python/SyntaxTree.hpp"
#include "core/support/Uri.hpp"
#include "core/text/LineIndex.hpp"
#include "lsp-server/cli/Commands.hpp"
#include "plugins/checks/Catalogue.hpp"
#include "plugins/checks/ChecksEngine.hpp"

namespace mlide::cli {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;  // keys in the documented order

constexpr const char* kUsage =
    "usage: mlide check [--format text|json|sarif] [--select RULES] [--ignore RULES] [--fix] PATH...\n"
    "  RULES: comma-separated slugs, codes, code prefixes (ML2) or ALL\n";

struct Options {
  std::string format = "text";
  std::vector<std::string> select, ignore;
  bool fix = false;
  std::vector<std::string> paths;
};

// 1-based lines and columns (code points).
struct Span {
  std::size_t line = 0, column = 0, endLine = 0, endColumn = 0;
};

// One finding placed in its file: 1-based positions, in the cell for notebooks.
struct Located {
  std::string path;
  std::optional<std::size_t> cell;  // 1-based notebook cell
  Diag diag;
  std::size_t line = 0, column = 0, endLine = 0, endColumn = 0;
  // Where the finding is written in the file: for notebooks, in the JSON (SARIF points there);
  // nullopt if that cannot be found.
  std::optional<Span> inFile;
};

struct Document {
  std::string path;
  std::string text;                   // .py text or the notebook's virtual text
  std::optional<py::Notebook> notebook;
  std::string raw;                    // the file as read (notebooks: the JSON)
};

void splitList(const std::string& v, std::vector<std::string>& into) {
  std::stringstream ss(v);
  std::string item;
  while (std::getline(ss, item, ',')) {
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) into.push_back(item);
  }
}

std::optional<Options> parseArgs(const Args& args) {
  Options o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const std::string& flag) -> std::optional<std::string> {
      if (a.rfind(flag + "=", 0) == 0) return a.substr(flag.size() + 1);
      if (a == flag) {
        if (i + 1 >= args.size()) return std::nullopt;
        return args[++i];
      }
      return std::nullopt;
    };
    auto takes = [&](const std::string& flag) { return a == flag || a.rfind(flag + "=", 0) == 0; };
    if (takes("--format")) {
      auto v = value("--format");
      if (!v || (*v != "text" && *v != "json" && *v != "sarif")) {
        std::fprintf(stderr, "mlide check: --format expects text, json or sarif\n%s", kUsage);
        return std::nullopt;
      }
      o.format = *v;
    } else if (takes("--select") || takes("--ignore")) {
      const bool sel = takes("--select");
      auto v = value(sel ? "--select" : "--ignore");
      if (!v) {
        std::fprintf(stderr, "mlide check: %s expects a list of rules\n%s", sel ? "--select" : "--ignore", kUsage);
        return std::nullopt;
      }
      std::vector<std::string>& into = sel ? o.select : o.ignore;
      const std::size_t before = into.size();
      splitList(*v, into);
      for (std::size_t k = before; k < into.size(); ++k) {
        if (!checks::isValidSelector(into[k])) {
          std::fprintf(stderr, "mlide check: unknown rule '%s' (see `mlide rules`)\n", into[k].c_str());
          return std::nullopt;
        }
      }
    } else if (a == "--fix") {
      o.fix = true;
    } else if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (a.size() > 1 && a[0] == '-' && a != "-") {
      std::fprintf(stderr, "mlide check: unknown option '%s'\n%s", a.c_str(), kUsage);
      return std::nullopt;
    } else {
      o.paths.push_back(a);
    }
  }
  if (o.paths.empty()) {
    std::fprintf(stderr, "mlide check: no PATH given\n%s", kUsage);
    return std::nullopt;
  }
  return o;
}

bool skippedDir(const fs::path& p) {
  const std::string name = p.filename().string();
  return (name.size() > 1 && name[0] == '.') || name == "__pycache__" || name == "node_modules" || name == "venv" ||
         name == "site-packages";
}

bool lintable(const fs::path& p) { return p.extension() == ".py" || p.extension() == ".ipynb"; }

// The files under `paths`, sorted, each once. False (with a message) if a path does not exist.
bool collect(const std::vector<std::string>& paths, std::vector<std::string>& out) {
  std::set<std::string> seen;
  for (const std::string& p : paths) {
    std::error_code ec;
    const fs::path path(p);
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
      for (; !ec && it != end; it.increment(ec)) {
        if (it->is_directory(ec) && skippedDir(it->path())) {
          it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file(ec) && lintable(it->path())) found.push_back(it->path().lexically_normal().string());
      }
      std::sort(found.begin(), found.end());
      for (auto& f : found) {
        if (seen.insert(f).second) out.push_back(f);
      }
    } else if (fs::is_regular_file(path, ec)) {
      const std::string f = path.lexically_normal().string();
      if (seen.insert(f).second) out.push_back(f);
    } else {
      std::fprintf(stderr, "mlide check: %s: no such file or directory\n", p.c_str());
      return false;
    }
  }
  return true;
}

Expected<Document> load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return makeError(ErrorCode::IoError, path + ": cannot read");
  std::stringstream ss;
  ss << in.rdbuf();
  Document d;
  d.path = path;
  d.raw = ss.str();
  if (fs::path(path).extension() == ".ipynb") {
    auto nb = py::Notebook::fromIpynb(d.raw);
    if (!nb) return makeError(ErrorCode::ParseError, path + ": " + nb.error().message);
    d.notebook = std::move(*nb);
    d.text = d.notebook->text();
  } else {
    d.text = d.raw;
  }
  return d;
}

Expected<std::vector<Diag>> lintText(checks::ChecksEngine& engine, py::Parser& parser, const std::string& path,
                                     const std::string& text, std::size_t* syntaxErrors = nullptr) {
  auto tree = parser.parse(std::make_shared<const std::string>(text));
  if (!tree) return tree.takeError();
  if (syntaxErrors) *syntaxErrors = (*tree)->errorCount();
  SourceFile file;
  file.path = path;
  file.uri = pathToUri(fs::absolute(path).string());
  file.tree = *tree;
  return engine.lint(file, {});
}

// Applies safe fixes to a fixed point. Returns the number of fixes applied; `doc` is updated.
Expected<std::size_t> applySafeFixes(checks::ChecksEngine& engine, py::Parser& parser, Document& doc) {
  std::size_t applied = 0;
  std::size_t originalErrors = 0;
  std::string current = doc.text;
  std::optional<py::Notebook> nb = doc.notebook;
  for (int round = 0; round < 10; ++round) {
    std::size_t errors = 0;
    auto diags = lintText(engine, parser, doc.path, current, &errors);
    if (!diags) return diags.takeError();
    if (round == 0) originalErrors = errors;
    if (errors > originalErrors) {
      return makeError(ErrorCode::Internal, doc.path + ": a fix introduced a syntax error; file left unchanged");
    }
    std::vector<Edit> edits;
    const std::size_t count = addSafeFixes(*diags, edits);
    if (edits.empty()) break;
    if (nb) {
      if (Status s = nb->applyVirtualEdits(edits); !s.ok()) break;  // a fix across cells: stop here
      current = nb->text();
    } else {
      current = applyEdits(current, edits);
    }
    applied += count;
  }
  // The last round's check: the final text must not have gained syntax errors.
  auto tree = parser.parse(std::make_shared<const std::string>(current));
  if (!tree) return tree.takeError();
  if ((*tree)->errorCount() > originalErrors) {
    return makeError(ErrorCode::Internal, doc.path + ": a fix introduced a syntax error; file left unchanged");
  }
  if (applied > 0) {
    const std::string out = nb ? nb->toIpynb(doc.raw) : current;
    std::ofstream f(doc.path, std::ios::binary | std::ios::trunc);
    if (!f || !(f << out)) return makeError(ErrorCode::IoError, doc.path + ": cannot write");
    doc.text = current;
    doc.notebook = nb;
    doc.raw = out;
  }
  return applied;
}

// Byte offset -> 1-based line and column (code points), in the cell for notebooks, or (inFile)
// in the file as written: for notebooks the place in the .ipynb JSON.
struct Placer {
  const Document& doc;
  LineIndex index;
  std::vector<LineIndex> cells;
  std::optional<py::IpynbSourceMap> rawMap;
  LineIndex rawIndex;
  explicit Placer(const Document& d) : doc(d), index(d.text) {
    if (d.notebook) {
      for (const auto& c : d.notebook->cells()) cells.emplace_back(c.source);
      rawMap = py::IpynbSourceMap::build(d.raw);
      rawIndex = LineIndex(d.raw);
    }
  }
  std::optional<std::pair<std::size_t, std::size_t>> inFile(std::size_t offset) const {
    if (!doc.notebook) {
      Position p = index.toPosition(doc.text, offset, PositionEncoding::Utf32);
      return std::make_pair(p.line + 1, p.character + 1);
    }
    auto co = doc.notebook->toCell(offset);
    if (!co) return std::nullopt;
    auto raw = rawMap->rawOffset(co->cell, co->offset);
    if (!raw) return std::nullopt;
    Position p = rawIndex.toPosition(doc.raw, *raw, PositionEncoding::Utf32);
    return std::make_pair(p.line + 1, p.character + 1);
  }
  std::optional<Span> inFile(ByteRange r) const {
    auto b = inFile(r.begin);
    auto e = inFile(r.end);
    if (!b || !e) return std::nullopt;
    return Span{b->first, b->second, e->first, e->second};
  }
  void place(std::size_t offset, std::size_t& line, std::size_t& column, std::optional<std::size_t>* cell) const {
    if (doc.notebook) {
      if (auto co = doc.notebook->toCell(offset)) {
        const std::string& src = doc.notebook->cells()[co->cell].source;
        Position p = cells[co->cell].toPosition(src, co->offset, PositionEncoding::Utf32);
        line = p.line + 1;
        column = p.character + 1;
        if (cell) *cell = co->cell + 1;
        return;
      }
    }
    Position p = index.toPosition(doc.text, offset, PositionEncoding::Utf32);
    line = p.line + 1;
    column = p.character + 1;
  }
};

json fixesJson(const Placer& placer, const Diag& d) {
  json out = json::array();
  for (const Fix& f : d.fixes) {
    json edits = json::array();
    for (const Edit& e : f.edits) {
      std::size_t l, c, el, ec;
      std::optional<std::size_t> cell;
      placer.place(e.range.begin, l, c, &cell);
      placer.place(e.range.end, el, ec, nullptr);
      json edit = {{"line", l},
                   {"column", c},
                   {"end_line", el},
                   {"end_column", ec},
                   {"new_text", e.content}};
      if (cell) edit["cell"] = *cell;  // notebooks: line and column are within this cell
      edits.push_back(std::move(edit));
    }
    out.push_back({{"title", f.title}, {"applicability", applicabilityName(f.applicability)}, {"edits", edits}});
  }
  return out;
}

json sarifRegion(const Span& s) {
  return {{"startLine", s.line},
          {"startColumn", s.column},
          {"endLine", s.endLine},
          {"endColumn", s.endColumn}};
}

// SARIF fixes, in the file as written. In a notebook the replaced text lies inside the JSON
// strings of the cell's source, so the new text is JSON-escaped (an edit across lines joins
// their strings, which keeps the file valid). A fix that cannot be placed is left out.
json sarifFixes(const Placer& placer, const Diag& d, const std::string& path) {
  json out = json::array();
  for (const Fix& f : d.fixes) {
    json replacements = json::array();
    for (const Edit& e : f.edits) {
      auto span = placer.inFile(e.range);
      if (!span) {
        replacements = nullptr;
        break;
      }
      std::string text = e.content;
      if (placer.doc.notebook) {
        text = json(e.content).dump();
        text = text.substr(1, text.size() - 2);
      }
      replacements.push_back(
          {{"deletedRegion", sarifRegion(*span)}, {"insertedContent", {{"text", text}}}});
    }
    if (replacements.is_null()) continue;
    out.push_back({{"description", {{"text", f.title}}},
                   {"artifactChanges", json::array({{{"artifactLocation", {{"uri", path}}},
                                                     {"replacements", replacements}}})}});
  }
  return out;
}

// SARIF has no "critical" (the exact severity travels in properties.severity), and "none" is
// its level for results that are suggestions rather than problems: our hints.
const char* sarifLevel(Severity s) {
  switch (s) {
    case Severity::Critical:
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "note";
    case Severity::Hint: return "none";
  }
  return "warning";
}

json sarif(const std::vector<Located>& found, const std::vector<json>& fixes) {
  json rules = json::array();
  for (const checks::RuleInfo& r : checks::catalogue()) {
    if (!r.staticCheck) continue;
    rules.push_back({{"id", std::string(r.code)},
                     {"name", std::string(r.slug)},
                     {"shortDescription", {{"text", std::string(r.title)}}},
                     {"helpUri", "https://github.com/mlide/mlide/blob/main/docs/rules/" + std::string(r.slug) + ".md"},
                     {"defaultConfiguration", {{"level", sarifLevel(r.severity)}}}});
  }
  json results = json::array();
  for (std::size_t i = 0; i < found.size(); ++i) {
    const Located& l = found[i];
    // Notebooks: the region is where the cell's line is written in the .ipynb JSON, so code
    // scanning points at the right line of the file; the cell and the position within it are
    // properties.
    json physical = {{"artifactLocation", {{"uri", l.path}}}};
    if (l.inFile) physical["region"] = sarifRegion(*l.inFile);
    json location = {{"physicalLocation", physical}};
    if (l.cell)
      location["properties"] = {{"cell", *l.cell}, {"cellLine", l.line}, {"cellColumn", l.column}};
    json result = {{"ruleId", l.diag.code},
                   {"level", sarifLevel(l.diag.severity)},
                   {"message", {{"text", l.diag.message}}},
                   {"locations", json::array({location})},
                   {"properties", {{"rule", l.diag.rule}, {"severity", severityName(l.diag.severity)}}}};
    if (!fixes[i].empty()) result["fixes"] = fixes[i];
    results.push_back(result);
  }
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", json::array({{{"tool", {{"driver", {{"name", "mlide"}, {"version", MLIDE_VERSION},
                                                      {"informationUri", "https://github.com/mlide/mlide"},
                                                      {"rules", rules}}}}},
                                 {"results", results}}})}};
}

}  // namespace

int runCheck(const Args& args) {
  auto opts = parseArgs(args);
  if (!opts) return kUsageError;
  std::vector<std::string> files;
  if (!collect(opts->paths, files)) return kUsageError;

  checks::ChecksEngine engine;
  Settings settings;
  if (!opts->select.empty()) settings.set("checks.select", opts->select);
  if (!opts->ignore.empty()) settings.set("checks.ignore", opts->ignore);
  std::error_code ec;
  engine.configure(settings, fs::current_path(ec).string());
  py::Parser parser;

  std::vector<Located> found;
  std::map<std::string, json> fixes;  // index in `found` -> fixes JSON
  std::vector<json> sarifFixesOf;     // index in `found` -> SARIF fixes
  std::size_t fixable = 0, fixed = 0;
  bool failed = false;
  for (const std::string& path : files) {
    auto doc = load(path);
    if (!doc) {
      std::fprintf(stderr, "mlide check: %s\n", doc.error().message.c_str());
      failed = true;
      continue;
    }
    if (opts->fix) {
      auto n = applySafeFixes(engine, parser, *doc);
      if (!n) {
        std::fprintf(stderr, "mlide check: %s\n", n.error().message.c_str());
        failed = true;
      } else {
        fixed += *n;
      }
    }
    auto diags = lintText(engine, parser, path, doc->text);
    if (!diags) {
      std::fprintf(stderr, "mlide check: %s: %s\n", path.c_str(), diags.error().message.c_str());
      failed = true;
      continue;
    }
    const Placer placer(*doc);
    for (Diag& d : *diags) {
      Located l;
      l.path = path;
      placer.place(d.range.begin, l.line, l.column, &l.cell);
      placer.place(d.range.end, l.endLine, l.endColumn, nullptr);
      for (const Fix& f : d.fixes) {
        if (f.applicability == Applicability::Safe) {
          ++fixable;
          break;
        }
      }
      fixes[std::to_string(found.size())] = fixesJson(placer, d);
      l.inFile = placer.inFile(d.range);
      if (opts->format == "sarif") sarifFixesOf.push_back(sarifFixes(placer, d, path));
      l.diag = std::move(d);
      found.push_back(std::move(l));
    }
  }

  if (opts->format == "json") {
    json out = json::array();
    for (std::size_t i = 0; i < found.size(); ++i) {
      const Located& l = found[i];
      json o = {{"path", l.path},         {"code", l.diag.code},     {"rule", l.diag.rule},
                {"severity", severityName(l.diag.severity)},          {"line", l.line},
                {"column", l.column},     {"end_line", l.endLine},   {"end_column", l.endColumn},
                {"message", l.diag.message}, {"fixes", fixes[std::to_string(i)]}};
      if (l.cell) o["cell"] = *l.cell;
      out.push_back(o);
    }
    std::cout << out.dump(2) << "\n";
  } else if (opts->format == "sarif") {
    std::cout << sarif(found, sarifFixesOf).dump(2) << "\n";
  } else {
    for (const Located& l : found) {
      std::cout << l.path << ":";
      if (l.cell) std::cout << "cell " << *l.cell << ":";
      std::cout << l.line << ":" << l.column << ": " << l.diag.code << " [" << l.diag.rule << "] " << l.diag.message << "\n";
      for (const Fix& f : l.diag.fixes) {
        std::cout << "    fix (" << applicabilityName(f.applicability) << "): " << f.title << "\n";
      }
    }
    if (opts->fix && fixed > 0) std::cout << "Fixed " << fixed << " problem" << (fixed == 1 ? "" : "s") << ".\n";
    if (found.empty()) {
      std::cout << "No problems found in " << files.size() << " file" << (files.size() == 1 ? "" : "s") << ".\n";
    } else {
      std::cout << "Found " << found.size() << " problem" << (found.size() == 1 ? "" : "s") << " in " << files.size()
                << " file" << (files.size() == 1 ? "" : "s");
      if (fixable > 0 && !opts->fix) std::cout << " (" << fixable << " fixable with --fix)";
      std::cout << ".\n";
    }
  }
  if (failed) return kUsageError;
  return found.empty() ? 0 : 1;
}

}  // namespace mlide::cli
