// The C++ training client's framework-free core (plugins/checks/clients/cpp/mlide/
// training_client.hpp): its JSON encoding and reply parsing, listener discovery, and the
// session against a real `mlide listen`: buffering until the daemon starts, odd strings and
// non-finite numbers arriving intact, a wrong token recovered from. This file does not include
// torch (it proves the core builds without it); CppClientTests.cpp has the libtorch loops.
#include "plugins/checks/clients/cpp/mlide/training_client.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <mutex>

#include "tests/torch/ListenProcess.hpp"

namespace mlide::client_test {
namespace {

using client::wire::append_number;
using client::wire::append_string;
using client::wire::FlatJson;
using client::wire::JsonWriter;

std::string encoded(std::string_view s) {
  std::string out;
  append_string(out, s);
  return out;
}

std::string number(double v) {
  std::string out;
  append_number(out, v);
  return out;
}

TEST(CppClientJson, EscapesOddStrings) {
  struct Case {
    std::string in, out;
  };
  const Case cases[] = {
      {"plain", R"("plain")"},
      {"", R"("")"},
      {"say \"hi\"", R"("say \"hi\"")"},
      {"C:\\path\\x", R"("C:\\path\\x")"},
      {"a\nb\tc\rd\be\ff", R"("a\nb\tc\rd\be\ff")"},
      {std::string("nul\0byte", 8), R"("nul\u0000byte")"},
      {"\x01\x1f", R"("\u0001\u001f")"},
      {"\x7f", "\"\x7f\""},                                   // DEL is allowed raw
      {"/slash", R"("/slash")"},                               // '/' needs no escape
      {"\xc3\xa9t\xc3\xa9", "\"\xc3\xa9t\xc3\xa9\""},          // é: valid UTF-8 stays raw
      {"\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\""},            // U+1F600
      {"\xe2\x80\xa8", "\"\xe2\x80\xa8\""},                    // U+2028 is valid in JSON
      {"\xff", R"("\ufffd")"},                                 // not UTF-8 at all
      {"ab\xe9" "cd", R"("ab\ufffdcd")"},                      // Latin-1 é
      {"\xc0\xaf", R"("\ufffd\ufffd")"},                       // overlong '/'
      {"\xed\xa0\x80", R"("\ufffd\ufffd\ufffd")"},             // a UTF-16 surrogate
      {"\xf4\x90\x80\x80", R"("\ufffd\ufffd\ufffd\ufffd")"},   // above U+10FFFF
      {"\xe2\x82", R"("\ufffd\ufffd")"},                       // truncated euro sign
      {"\xe2\x82\xac", "\"\xe2\x82\xac\""},                    // the whole euro sign
  };
  for (const Case& c : cases) {
    EXPECT_EQ(encoded(c.in), c.out) << "input bytes: " << ::testing::PrintToString(c.in);
    // What the daemon's parser reads back: the same text wherever the input was valid UTF-8.
    const auto parsed = nlohmann::json::parse(encoded(c.in), nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << encoded(c.in);
    if (c.out.find("\\ufffd") == std::string::npos) EXPECT_EQ(parsed.get<std::string>(), c.in);
    // And our own reader agrees with it.
    auto flat = FlatJson::parse(encoded(c.in));
    ASSERT_TRUE(flat.has_value()) << encoded(c.in);
    EXPECT_EQ(flat->string("").value_or("<none>"), parsed.get<std::string>());
  }
}

TEST(CppClientJson, NumbersRoundTripAndNonFiniteAreStrings) {
  EXPECT_EQ(number(std::numeric_limits<double>::quiet_NaN()), R"("nan")");
  EXPECT_EQ(number(std::numeric_limits<double>::infinity()), R"("inf")");
  EXPECT_EQ(number(-std::numeric_limits<double>::infinity()), R"("-inf")");
  EXPECT_EQ(number(0.1), "0.1");
  EXPECT_EQ(number(3.0), "3");
  EXPECT_EQ(number(-0.0), "-0");
  for (double v : {0.1, 1.0 / 3.0, 1e300, -2.5e-308, 5e-324, 123456789.125, 1e16, -7.0}) {
    const std::string text = number(v);
    const auto parsed = nlohmann::json::parse(text, nullptr, false);
    ASSERT_TRUE(parsed.is_number()) << text;
    EXPECT_EQ(parsed.get<double>(), v) << text;  // exact: the shortest round-trip form
  }
  std::string big;
  client::wire::append_integer(big, std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(big, "-9223372036854775808");
}

TEST(CppClientJson, WriterPlacesCommas) {
  JsonWriter w;
  w.begin_object().key("a").value(1).key("b").begin_array().value("x").begin_object().end_object().begin_array()
      .end_array().null().value(true).end_array().key("c").raw(R"({"seq":1})").key("d").value(-1.5).end_object();
  EXPECT_EQ(w.str(), R"({"a":1,"b":["x",{},[],null,true],"c":{"seq":1},"d":-1.5})");
  EXPECT_FALSE(nlohmann::json::parse(w.str(), nullptr, false).is_discarded());
}

TEST(CppClientJson, ReadsListenerReplies) {
  auto r = FlatJson::parse(R"({"id":3,"session":3,"name":"mnist \"2\"","lastSeq":17,"endedAt":null,
                                "lastEpoch":null,"startedAtSeconds":1.7e9,"status":"running"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->integer("session"), 3);
  EXPECT_EQ(r->integer("lastSeq"), 17);
  EXPECT_EQ(r->string("name"), "mnist \"2\"");
  EXPECT_EQ(r->integer("startedAtSeconds"), 1700000000);
  EXPECT_FALSE(r->integer("status"));
  EXPECT_FALSE(r->string("missing"));

  auto e = FlatJson::parse(R"({"error":{"code":"wrong-token","message":"wrong token: \u00e9 \ud83d\ude00"},"protocol":1})");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->string("error.code"), "wrong-token");
  EXPECT_EQ(e->string("error.message"), "wrong token: \xc3\xa9 \xf0\x9f\x98\x80");

  auto a = FlatJson::parse(R"({"sessions":[{"id":1},{"id":2,"tags":["x"]}],"n":9007199254740993})");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->integer("sessions[1].id"), 2);
  EXPECT_EQ(a->string("sessions[1].tags[0]"), "x");
  EXPECT_EQ(a->integer("n"), 9007199254740993LL);  // beyond 2^53: read from the literal
  auto big = FlatJson::parse("[1e999, -1e999, 1e-999]");
  ASSERT_TRUE(big);
  EXPECT_TRUE(std::isinf(big->find("[0]")->number));
  EXPECT_EQ(big->find("[2]")->number, 0.0);

  for (const char* bad : {"", "{", "{\"a\":1,}", "[1 2]", "{\"a\":}", "01", "1.", "-", "+1", ".5", "1e", "\"\\ud800\"",
                          "\"\\udc00\"", "\"\\x\"", "\"a\nb\"", "\"abc", "{\"a\" 1}", "[1]x", "tru", "nul", "{1:2}",
                          "\"\\u12g4\""}) {
    EXPECT_FALSE(FlatJson::parse(bad)) << bad;
  }
  std::string deep(100, '[');
  deep += std::string(100, ']');
  EXPECT_FALSE(FlatJson::parse(deep)) << "nesting beyond 64 levels is refused, not recursed into";
  std::string ok(30, '[');
  ok += "1" + std::string(30, ']');
  EXPECT_TRUE(FlatJson::parse(ok));
}

TEST(CppClientJson, TruncatesAtCharacterBoundaries) {
  using client::wire::truncate_utf8;
  EXPECT_EQ(truncate_utf8("abc", 5), "abc");
  EXPECT_EQ(truncate_utf8("abcdef", 3), "abc");
  EXPECT_EQ(truncate_utf8("a\xc3\xa9", 2), "a");             // never half of é
  EXPECT_EQ(truncate_utf8("\xf0\x9f\x98\x80z", 3), "");      // nor 3/4 of an emoji
  EXPECT_EQ(truncate_utf8("\xf0\x9f\x98\x80z", 4), "\xf0\x9f\x98\x80");
}

TEST(CppClientTransport, ParsesEndpoints) {
  auto e = client::parse_endpoint("http://127.0.0.1:8123");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->host, "127.0.0.1");
  EXPECT_EQ(e->port, "8123");
  e = client::parse_endpoint("http://[::1]:9/");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->host, "::1");
  EXPECT_EQ(e->port, "9");
  EXPECT_EQ(e->authority, "[::1]:9");
  EXPECT_TRUE(client::parse_endpoint("localhost:80"));
  for (const char* bad : {"", "http://", "https://127.0.0.1:1", "http://127.0.0.1", "http://127.0.0.1:0",
                          "http://127.0.0.1:65536", "http://127.0.0.1:8a", "http://::1:8", "http://[::1]8",
                          "http://127.0.0.1:1/v1"}) {
    EXPECT_FALSE(client::parse_endpoint(bad)) << bad;
  }
}

TEST(CppClientTransport, FindsTheListener) {
  TempDir ws;
  IsolatedDiscovery isolated(ws.path());
  EXPECT_FALSE(client::find_listener({})) << "nothing configured anywhere";
  fs::create_directories(ws.file(".mlide"));
  fs::create_directories(ws.file("a/b/c"));
  {
    std::ofstream(ws.file(".mlide/listener.json")) << R"({"endpoint": "http://127.0.0.1:1", "tokenFile": "/t1", "pid": 1})";
  }
  auto a = client::find_listener({ws.file("a/b/c")});
  ASSERT_TRUE(a);
  EXPECT_EQ(a->endpoint, "http://127.0.0.1:1");
  EXPECT_EQ(a->token_file, "/t1");
  EXPECT_EQ(a->source, ws.file(".mlide/listener.json"));
  // A nearer file wins; a broken one is skipped.
  fs::create_directories(ws.file("a/.mlide"));
  { std::ofstream(ws.file("a/.mlide/listener.json")) << R"({"endpoint": "http://127.0.0.1:2", "tokenFile": "/t2"})"; }
  fs::create_directories(ws.file("a/b/.mlide"));
  { std::ofstream(ws.file("a/b/.mlide/listener.json")) << "{not json"; }
  EXPECT_EQ(client::find_listener({ws.file("a/b/c")})->endpoint, "http://127.0.0.1:2");
  // Explicit values override single fields; the environment wins over files.
  EXPECT_EQ(client::find_listener({ws.file("a/b/c")}, "", "/mine")->token_file, "/mine");
  ::setenv("MLIDE_TRAINING_ENDPOINT", "http://127.0.0.1:3", 1);
  ::setenv("MLIDE_TRAINING_TOKEN_FILE", "/t3", 1);
  a = client::find_listener({ws.file("a/b/c")});
  EXPECT_EQ(a->endpoint, "http://127.0.0.1:3");
  EXPECT_EQ(a->source, "environment");
  ::unsetenv("MLIDE_TRAINING_ENDPOINT");
  ::unsetenv("MLIDE_TRAINING_TOKEN_FILE");
  // The working directory is searched too (the search dirs are not above it here).
  fs::current_path(ws.file("a/b/c"));
  EXPECT_EQ(client::find_listener({})->endpoint, "http://127.0.0.1:2");
}

// Collects the client's messages (instead of stderr).
struct Messages {
  std::mutex mutex;
  std::vector<std::string> lines;
  std::function<void(const std::string&)> sink() {
    return [this](const std::string& m) {
      std::lock_guard<std::mutex> lock(mutex);
      lines.push_back(m);
    };
  }
  std::vector<std::string> snapshot() {
    std::lock_guard<std::mutex> lock(mutex);
    return lines;
  }
  int count(const std::string& needle) {
    int n = 0;
    for (const auto& l : snapshot()) n += l.find(needle) != std::string::npos;
    return n;
  }
};

TEST(CppClientSession, BuffersUntilTheListenerStartsThenDeliversEverything) {
  TempDir ws;
  IsolatedDiscovery isolated(ws.path());
  Messages messages;
  client::SessionOptions o;
  o.name = "buffered";
  o.model.framework = "custom";
  o.search_dirs = {ws.path()};
  o.on_message = messages.sink();
  client::Session s(std::move(o));
  EXPECT_EQ(messages.count("no training listener found"), 1) << "said at once, before training";
  for (int e = 0; e < 5; ++e) s.log_epoch(e, {{"loss", 1.0 / (e + 1)}});
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(s.flush(std::chrono::seconds(5)));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1)) << "nobody to wait for";
  EXPECT_EQ(s.pending(), 5u);
  EXPECT_EQ(s.acked_seq(), 0);

  ListenProcess listener(ws.path());  // writes .mlide/listener.json: the retrying sender finds it
  ASSERT_TRUE(listener.started());
  ASSERT_TRUE(s.finish("finished", "", std::chrono::seconds(30))) << s.last_error();
  EXPECT_EQ(s.pending(), 0u);
  EXPECT_EQ(s.acked_seq(), 6);  // 5 epochs and the final status
  const json d = showSession(listener.db(), s.session_id());
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["status"], "finished");
  EXPECT_EQ(d["name"], "buffered");
  EXPECT_EQ(d["lastSeq"], 6);
  EXPECT_EQ(epochsOf(d), (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_DOUBLE_EQ(d["epochList"][3]["metrics"]["loss"].get<double>(), 0.25);
  EXPECT_EQ(messages.count("no training listener found"), 1) << "once, however often it retried";
}

TEST(CppClientSession, OddStringsAndNonFiniteValuesArriveIntact) {
  TempDir ws;
  ListenProcess listener(ws.path());
  ASSERT_TRUE(listener.started());
  const std::string name = "odd \"run\" \\ \xc3\xa9\xf0\x9f\x98\x80";
  const std::vector<std::string> keys = {"loss \"quoted\"", "back\\slash", "new\nline\ttab", "\xe2\x82\xac/\xf0\x9f\x98\x80",
                                         "ctl\x01"};
  client::SessionOptions o;
  o.name = name;
  o.model.framework = "custom";
  o.model.script = "/nonexistent/odd \"dir\"/train.cpp";
  o.model.attach_line = 7;
  o.endpoint = listener.endpoint();
  o.token_file = listener.tokenFile();
  o.verbose = false;
  client::Session s(std::move(o));
  client::Metrics m;
  for (std::size_t i = 0; i < keys.size(); ++i) m.emplace_back(keys[i], static_cast<double>(i) + 0.5);
  m.emplace_back("latin1 \xe9", 1.0);  // not UTF-8: arrives with U+FFFD instead of the byte
  s.log_epoch(0, m);
  s.log_epoch(1, {{"loss", std::nan("")}, {"val_loss", HUGE_VAL}, {"accuracy", -HUGE_VAL}, {"tiny", 5e-324}});
  s.log_warning(1, "UserWarning", "a \"warning\"\nwith lines", "/x/y.cpp", 12);
  ASSERT_TRUE(s.finish("failed", "stopped: \"because\"\n", std::chrono::seconds(30))) << s.last_error();

  const json d = showSession(listener.db(), s.session_id());
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["name"], name);
  EXPECT_EQ(d["script"], "/nonexistent/odd \"dir\"/train.cpp");
  EXPECT_EQ(d["model"]["attachLine"], 7);
  EXPECT_EQ(d["status"], "failed");
  EXPECT_EQ(d["statusMessage"], "stopped: \"because\"\n");
  const json& m0 = d["epochList"][0]["metrics"];
  for (std::size_t i = 0; i < keys.size(); ++i) {
    ASSERT_TRUE(m0.contains(keys[i])) << keys[i] << " in " << m0.dump();
    EXPECT_DOUBLE_EQ(m0[keys[i]].get<double>(), static_cast<double>(i) + 0.5);
  }
  EXPECT_TRUE(m0.contains("latin1 \xef\xbf\xbd")) << m0.dump();
  const json& m1 = d["epochList"][1]["metrics"];
  EXPECT_EQ(m1["loss"], "nan");
  EXPECT_EQ(m1["val_loss"], "inf");
  EXPECT_EQ(m1["accuracy"], "-inf");
  EXPECT_EQ(m1["tiny"].get<double>(), 5e-324);
  ASSERT_EQ(d["warnings"].size(), 1u);
  EXPECT_EQ(d["warnings"][0]["message"], "a \"warning\"\nwith lines");
  EXPECT_EQ(d["warnings"][0]["line"], 12);
  EXPECT_FALSE(findings(d, "nan-loss").empty()) << ruleList(d);
}

TEST(CppClientSession, RecoversFromAWrongToken) {
  TempDir ws;
  ListenProcess listener(ws.path());
  ASSERT_TRUE(listener.started());
  const std::string token = readFile(listener.tokenFile());
  const std::string mine = ws.file("my.token");
  { std::ofstream(mine) << "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"; }
  Messages messages;
  client::SessionOptions o;
  o.name = "token";
  o.endpoint = listener.endpoint();
  o.token_file = mine;
  o.on_message = messages.sink();
  client::Session s(std::move(o));
  for (int e = 0; e < 3; ++e) s.log_epoch(e, {{"loss", 1.0}});
  EXPECT_FALSE(s.flush(std::chrono::milliseconds(1500)));
  EXPECT_EQ(messages.count("refused the token"), 1);
  EXPECT_NE(s.last_error().find("wrong-token"), std::string::npos) << s.last_error();
  { std::ofstream(mine) << token; }  // the right token: re-read on the next retry
  ASSERT_TRUE(s.finish("finished", "", std::chrono::seconds(30))) << s.last_error();
  const json d = showSession(listener.db(), s.session_id());
  EXPECT_EQ(d["epochList"].size(), 3u);
  EXPECT_EQ(messages.count("refused the token"), 1) << "said once";
  EXPECT_TRUE(listener.alive());
}

TEST(CppClientSession, AnExceptionThroughTheSessionMarksTheRunFailed) {
  TempDir ws;
  ListenProcess listener(ws.path());
  ASSERT_TRUE(listener.started());
  try {
    client::SessionOptions o;
    o.name = "crash";
    o.endpoint = listener.endpoint();
    o.token_file = listener.tokenFile();
    client::Session s(std::move(o));
    s.log_epoch(0, {{"loss", 2.0}});
    s.log_epoch(1, {{"loss", 1.0}});
    throw std::runtime_error("out of memory, say");
  } catch (const std::runtime_error&) {
  }
  const json list = listSessions(listener.db());
  ASSERT_EQ(list.size(), 1u);
  const json d = showSession(listener.db(), list[0]["id"].get<std::int64_t>());
  EXPECT_EQ(d["status"], "failed");
  EXPECT_EQ(d["epochList"].size(), 2u) << "the destructor delivered what was logged";
}

}  // namespace
}  // namespace mlide::client_test
