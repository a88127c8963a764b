// LSP parameter parsing (wrong types name the field) and Diag -> LSP conversion.
#include <gtest/gtest.h>

#include "lsp-server/protocol/Convert.hpp"
#include "lsp-server/protocol/Protocol.hpp"

namespace mlide::lsp {
namespace {

template <typename T>
std::string parseError(const std::string& params) {
  T out;
  auto err = parseParams(json::parse(params), out);
  return err.value_or("(parsed)");
}

TEST(Protocol, WrongTypesNameTheField) {
  using Hover = TextDocumentPositionParams;
  EXPECT_EQ(parseError<Hover>(R"({"textDocument":{"uri":42},"position":{"line":0,"character":0}})"),
            "params.textDocument.uri: expected a string");
  EXPECT_EQ(parseError<Hover>(
                R"({"textDocument":{"uri":"file:///a.py"},"position":{"line":-1,"character":0}})"),
            "params.position.line: expected a non-negative 32-bit integer");
  EXPECT_EQ(parseError<Hover>(
                R"({"textDocument":{"uri":"file:///a.py"},"position":{"line":0,"character":"x"}})"),
            "params.position.character: expected an integer");
  EXPECT_EQ(parseError<Hover>(R"({"position":{"line":0,"character":0}})"),
            "params.textDocument: missing");
  EXPECT_EQ(parseError<Hover>(R"("not an object")"), "params: expected an object");
  EXPECT_EQ(parseError<Hover>(R"({"textDocument":[],"position":{"line":0,"character":0}})"),
            "params.textDocument: expected an object");
}

TEST(Protocol, ErrorsInsideArraysGiveTheIndex) {
  EXPECT_EQ(
      parseError<DidChangeTextDocumentParams>(
          R"({"textDocument":{"uri":"file:///a.py","version":2},"contentChanges":[{"text":"a"},)"
          R"({"range":{"start":{"line":0,"character":0},"end":{"line":true,"character":0}},"text":"b"}]})"),
      "params.contentChanges[1].range.end.line: expected an integer");
  EXPECT_EQ(
      parseError<DidChangeTextDocumentParams>(
          R"({"textDocument":{"uri":"file:///a.py","version":2},"contentChanges":{"text":"a"}})"),
      "params.contentChanges: expected an array");
  EXPECT_EQ(
      parseError<CodeActionParams>(
          R"({"textDocument":{"uri":"file:///a.py"},"range":{"start":{"line":0,"character":0},)"
          R"("end":{"line":0,"character":0}},"context":{"diagnostics":[],"only":["quickfix",3]}})"),
      "params.context.only[1]: expected a string");
}

TEST(Protocol, NumbersAndOptionalFields) {
  DidChangeTextDocumentParams p;
  // 3.0 is an integer to a JavaScript client; a null range means a full-text change.
  ASSERT_FALSE(parseParams(json::parse(R"({"textDocument":{"uri":"u","version":3.0},)"
                                       R"("contentChanges":[{"range":null,"text":"t"}]})"),
                           p));
  EXPECT_EQ(p.textDocument.version, 3);
  ASSERT_EQ(p.contentChanges.size(), 1u);
  EXPECT_FALSE(p.contentChanges[0].range.has_value());
  EXPECT_EQ(parseError<DidChangeTextDocumentParams>(
                R"({"textDocument":{"uri":"u","version":3.5},"contentChanges":[]})"),
            "params.textDocument.version: expected an integer");
  EXPECT_EQ(parseError<CancelParams>(R"({"id":1.5})"),
            "params.id: expected an integer or a string");
  EXPECT_EQ(parseError<CancelParams>(R"({"id":"req-1"})"), "(parsed)");
  EXPECT_EQ(parseError<ExecuteCommandParams>(R"({"command":"mlide.indexCorpus","arguments":"x"})"),
            "params.arguments: expected an array");
}

TEST(Protocol, InitializeToleratesOddCapabilities) {
  InitializeParams p;
  ASSERT_FALSE(
      parseParams(json::parse(R"({"capabilities":{"general":{"positionEncodings":["utf-32",7]},)"
                              R"("window":{"workDoneProgress":"yes"},"textDocument":[]},)"
                              R"("clientInfo":{"name":"nvim"}})"),
                  p));
  EXPECT_EQ(p.positionEncodings, (std::vector<std::string>{"utf-32"}));
  EXPECT_FALSE(p.workDoneProgress);  // not a boolean: not supported
  EXPECT_FALSE(p.diagnosticVersionSupport);
  EXPECT_EQ(p.clientName, "nvim");
  EXPECT_EQ(parseError<InitializeParams>(R"({"rootUri":5})"), "params.rootUri: expected a string");
  EXPECT_EQ(parseError<InitializeParams>(R"({"workspaceFolders":[{"uri":"file:///w"}]})"),
            "params.workspaceFolders[0].name: missing");
}

TEST(Convert, DiagnosticPositionsFollowTheEncoding) {
  const std::string text = "é = 1\n😀; lr = 10\n";  // 😀: 4 bytes, 2 UTF-16 units, 1 code point
  const LineIndex lines(text);
  Diag d;
  d.range = {text.find("10"), text.find("10") + 2};
  d.severity = Severity::Critical;
  d.code = "ML302";
  d.rule = "lr-out-of-range";
  d.message = "Critical: too high";
  d.docUrl = "test:///docs/rules/lr-out-of-range.md";
  d.related.push_back({{0, 2}, "é here"});
  d.fixes.push_back({"Use 0.001", Applicability::Safe, {Edit::replacement(d.range, "0.001")}});
  d.unnecessary = true;
  for (auto [enc, start] :
       {std::pair{PositionEncoding::Utf8, 11u}, std::pair{PositionEncoding::Utf16, 9u},
        std::pair{PositionEncoding::Utf32, 8u}}) {
    const TextView view{text, lines, enc};
    json j = toLspDiagnostic(view, "file:///a.py", d, {});
    EXPECT_EQ(j["range"],
              json::parse(R"({"start":{"line":1,"character":)" + std::to_string(start) +
                          R"(},"end":{"line":1,"character":)" + std::to_string(start + 2) + "}}"))
        << positionEncodingName(enc);
    EXPECT_EQ(j["data"]["fixes"][0]["edits"][0]["range"], j["range"]);
    // é is 2 bytes but one unit in UTF-16 and UTF-32.
    EXPECT_EQ(j["relatedInformation"][0]["location"]["range"]["end"]["character"],
              enc == PositionEncoding::Utf8 ? 2 : 1);
  }
  const TextView view{text, lines, PositionEncoding::Utf16};
  json j = toLspDiagnostic(view, "file:///a.py", d, {});
  EXPECT_EQ(j["severity"], 1);  // Critical is an LSP Error
  EXPECT_EQ(j["code"], "ML302");
  EXPECT_EQ(j["codeDescription"]["href"], "test:///docs/rules/lr-out-of-range.md");
  EXPECT_EQ(j["tags"], json::array({1}));
  EXPECT_EQ(j["data"]["rule"], "lr-out-of-range");
  EXPECT_EQ(j["data"]["fixes"][0]["applicability"], "safe");
  EXPECT_EQ(j["data"]["fixes"][0]["edits"][0]["newText"], "0.001");
  // A client that does not take these optional fields does not get them.
  json plain = toLspDiagnostic(view, "file:///a.py", d, {false, false});
  EXPECT_FALSE(plain.contains("codeDescription"));
  EXPECT_FALSE(plain.contains("relatedInformation"));
}

}  // namespace
}  // namespace mlide::lsp
