// Typing latency: time from `textDocument/didChange` to `textDocument/publishDiagnostics` while
// single characters are typed into a 5,000-line Python file, and the share of it spent parsing.
// Side by side: one `pylint` run on the same file, which is what a user would otherwise wait for
// after each save.
//
//   bench_edit_latency [--lines N] [--edits N] [--no-pylint]
//
// The server runs in synchronous mode: each didChange is applied, re-parsed, linted by every
// engine and published before onFrame returns, so the figure is the daemon's own work per
// keystroke (the editor adds the debounce, 120 ms by default, on top).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/python/SyntaxTree.hpp"
#include "core/text/Document.hpp"
#include "lsp-server/server/Engines.hpp"
#include "lsp-server/server/Server.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

/// A realistic PyTorch/Keras training file: modules, a training loop, a Keras model, repeated
/// with distinct names until it has `lines` lines.
std::string makeSource(int lines) {
  std::string out = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
                    "from torch.utils.data import DataLoader\nfrom tensorflow import keras\n\n";
  int block = 0;
  while (std::count(out.begin(), out.end(), '\n') < lines) {
    const std::string n = std::to_string(block++);
    out += "class Net" + n + "(nn.Module):\n"
           "    def __init__(self, hidden=128):\n"
           "        super().__init__()\n"
           "        self.conv1 = nn.Conv2d(3, 32, 3, padding=1)\n"
           "        self.bn1 = nn.BatchNorm2d(32)\n"
           "        self.fc1 = nn.Linear(32 * 8 * 8, hidden)\n"
           "        self.fc2 = nn.Linear(hidden, 10)\n\n"
           "    def forward(self, x):\n"
           "        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 4)\n"
           "        x = torch.flatten(x, 1)\n"
           "        return self.fc2(F.relu(self.fc1(x)))\n\n\n"
           "def train" + n + "(model, loader, epochs=3):\n"
           "    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)\n"
           "    loss_fn = nn.CrossEntropyLoss()\n"
           "    for epoch in range(epochs):\n"
           "        model.train()\n"
           "        for xb, yb in loader:\n"
           "            opt.zero_grad()\n"
           "            loss = loss_fn(model(xb), yb)\n"
           "            loss.backward()\n"
           "            opt.step()\n"
           "    return model\n\n\n"
           "def keras_model" + n + "():\n"
           "    m = keras.Sequential([\n"
           "        keras.layers.Dense(64, activation='relu', input_shape=(20,)),\n"
           "        keras.layers.Dropout(0.2),\n"
           "        keras.layers.Dense(3, activation='softmax'),\n"
           "    ])\n"
           "    m.compile(optimizer=keras.optimizers.Adam(1e-3), loss='categorical_crossentropy')\n"
           "    return m\n\n\n";
  }
  return out;
}

class CaptureSink final : public mlide::lsp::MessageSink {
 public:
  void send(const json& message) override {
    if (message.value("method", "") == "textDocument/publishDiagnostics") {
      ++publishes;
      lastCount = message["params"]["diagnostics"].size();
    }
  }
  int publishes = 0;
  std::size_t lastCount = 0;
};

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * (v.size() - 1) + 0.5))];
}

json frameOpen(const std::string& uri, const std::string& text) {
  return {{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"},
          {"params", {{"textDocument", {{"uri", uri}, {"languageId", "python"}, {"version", 1}, {"text", text}}}}}};
}

json frameChange(const std::string& uri, int version, int line, int character, const std::string& ch) {
  json range = {{"start", {{"line", line}, {"character", character}}}, {"end", {{"line", line}, {"character", character}}}};
  return {{"jsonrpc", "2.0"}, {"method", "textDocument/didChange"},
          {"params", {{"textDocument", {{"uri", uri}, {"version", version}}},
                      {"contentChanges", json::array({{{"range", range}, {"text", ch}}})}}}};
}

struct Result {
  std::vector<double> totalMs;
  std::size_t diagnostics = 0;
};

/// Types `typed` at the start of line `line`, one character per didChange.
Result typeInto(const std::string& text, int line, const std::string& typed, bool engines) {
  auto sink = std::make_shared<CaptureSink>();
  mlide::server::ServerOptions options;
  options.synchronous = true;
  options.trainingListener = false;
  std::vector<std::unique_ptr<mlide::Engine>> list;
  if (engines) list = mlide::server::makeEngines();
  mlide::server::Server server(sink, std::move(list), options, nullptr);
  server.onFrame(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}})");
  server.onFrame(R"({"jsonrpc":"2.0","method":"initialized","params":{}})");
  const std::string uri = "file:///bench/train.py";
  server.onFrame(frameOpen(uri, text).dump());
  Result r;
  int column = 0;
  int line_ = line;
  for (std::size_t i = 0; i < typed.size(); ++i) {
    const std::string ch(1, typed[i]);
    const std::string body = frameChange(uri, static_cast<int>(i) + 2, line_, column, ch).dump();
    const int before = sink->publishes;
    const auto t0 = Clock::now();
    server.onFrame(body);
    const auto t1 = Clock::now();
    if (sink->publishes != before + 1) {
      std::fprintf(stderr, "edit %zu: expected one publishDiagnostics, got %d\n", i, sink->publishes - before);
      std::exit(1);
    }
    r.totalMs.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    if (typed[i] == '\n') {
      ++line_;
      column = 0;
    } else {
      ++column;
    }
  }
  r.diagnostics = sink->lastCount;
  return r;
}

/// The same keystrokes through Document::apply + Parser::reparse only.
std::vector<double> parseOnly(const std::string& text, int line, const std::string& typed) {
  mlide::Document doc("file:///bench/train.py", "python", 1, text);
  mlide::py::Parser parser;
  auto tree = parser.parse(std::make_shared<const std::string>(text));
  std::vector<double> ms;
  int column = 0;
  for (char c : typed) {
    mlide::Position at{static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(column)};
    auto applied = doc.apply(mlide::ContentChange{mlide::Range{at, at}, std::string(1, c)}, mlide::PositionEncoding::Utf16);
    if (!applied || !tree) std::exit(1);
    auto current = std::make_shared<const std::string>(doc.text());
    const auto t0 = Clock::now();
    auto next = parser.reparse(tree->get(), {*applied}, current);
    const auto t1 = Clock::now();
    if (!next) std::exit(1);
    tree = std::move(next);
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    if (c == '\n') {
      ++line;
      column = 0;
    } else {
      ++column;
    }
  }
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  int lines = 5000;
  int edits = 400;
  bool pylint = true;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--lines" && i + 1 < argc) lines = std::atoi(argv[++i]);
    else if (a == "--edits" && i + 1 < argc) edits = std::atoi(argv[++i]);
    else if (a == "--no-pylint") pylint = false;
    else {
      std::fprintf(stderr, "usage: bench_edit_latency [--lines N] [--edits N] [--no-pylint]\n");
      return 2;
    }
  }
  const std::string text = makeSource(lines);
  const int actualLines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  // Typing a new statement mid-file, keystroke by keystroke (intermediate states do not parse).
  std::string typed;
  const std::string snippet = "    scheduler = torch.optim.lr_scheduler.StepLR(opt, step_size=10)\n";
  while (typed.size() < static_cast<std::size_t>(edits)) typed += snippet;
  typed.resize(static_cast<std::size_t>(edits));
  // Inside a function body halfway down: find a line starting with "    opt = " past the middle.
  int line = actualLines / 2;
  {
    int l = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t nl = text.find('\n', pos);
      if (l >= actualLines / 2 && text.compare(pos, 10, "    opt = ") == 0) {
        line = l + 1;
        break;
      }
      pos = nl + 1;
      ++l;
    }
  }

  typeInto(text, line, typed.substr(0, 20), true);  // warm-up
  const Result all = typeInto(text, line, typed, true);
  const Result bare = typeInto(text, line, typed, false);
  const std::vector<double> parse = parseOnly(text, line, typed);

  std::printf("edit latency: %d-line file (%zu bytes), %d single-character edits at line %d\n", actualLines,
              text.size(), edits, line + 1);
  std::printf("%-44s %9s %9s %9s\n", "", "p50 ms", "p99 ms", "max ms");
  auto row = [](const char* name, const std::vector<double>& v) {
    std::printf("%-44s %9.3f %9.3f %9.3f\n", name, percentile(v, 0.5), percentile(v, 0.99),
                *std::max_element(v.begin(), v.end()));
  };
  row("didChange -> publishDiagnostics, all rules", all.totalMs);
  row("didChange -> publishDiagnostics, no engines", bare.totalMs);
  row("incremental re-parse only", parse);
  std::printf("parse share of the p50 (all rules): %.0f %%\n", 100.0 * percentile(parse, 0.5) / percentile(all.totalMs, 0.5));
  std::printf("diagnostics on the final text: %zu\n", all.diagnostics);

  if (pylint) {
    const auto dir = std::filesystem::temp_directory_path() / "mlide-bench-edit";
    std::filesystem::create_directories(dir);
    const auto file = dir / "train.py";
    std::ofstream(file) << text;
    const std::string cmd = "pylint --disable=all --enable=E,W --score=n " + file.string() + " >/dev/null 2>&1";
    const auto t0 = Clock::now();
    const int rc = std::system(cmd.c_str());
    const auto t1 = Clock::now();
    const double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    if (rc == -1 || WEXITSTATUS(rc) == 127) {
      std::printf("pylint: not found\n");
    } else {
      std::printf("%-44s %9.1f ms (one run, errors+warnings)\n", "peer: pylint on the same file", ms);
      std::printf("ratio pylint / mlide p50: %.0fx\n", ms / percentile(all.totalMs, 0.5));
    }
    std::filesystem::remove_all(dir);
  }
  return 0;
}
