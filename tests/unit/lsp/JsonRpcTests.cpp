#include <gtest/gtest.h>

#include <mutex>

#include "lsp-server/transport/JsonRpc.hpp"

namespace mlide::lsp {
namespace {

class Collect final : public MessageSink {
 public:
  void send(const json& m) override {
    std::lock_guard<std::mutex> lock(mutex);
    messages.push_back(m);
  }
  std::mutex mutex;
  std::vector<json> messages;
};

TEST(JsonRpc, ClassifiesMessages) {
  EXPECT_TRUE(std::holds_alternative<IncomingRequest>(parseMessage(R"({"jsonrpc":"2.0","id":1,"method":"m"})")));
  EXPECT_TRUE(std::holds_alternative<IncomingRequest>(parseMessage(R"({"jsonrpc":"2.0","id":"x","method":"m","params":[1]})")));
  EXPECT_TRUE(std::holds_alternative<IncomingNotification>(parseMessage(R"({"jsonrpc":"2.0","method":"n"})")));
  EXPECT_TRUE(std::holds_alternative<IncomingResponse>(parseMessage(R"({"jsonrpc":"2.0","id":3,"result":null})")));
}

TEST(JsonRpc, RejectsInvalidMessagesWithTheRightCode) {
  auto code = [](std::string_view body) {
    auto m = parseMessage(body);
    return std::holds_alternative<InvalidMessage>(m) ? static_cast<int>(std::get<InvalidMessage>(m).code) : 0;
  };
  EXPECT_EQ(code("{"), -32700);
  EXPECT_EQ(code("\"\xff\""), -32700);  // invalid UTF-8
  EXPECT_EQ(code("[]"), -32600);
  EXPECT_EQ(code(R"({"id":1,"method":"m"})"), -32600);  // no jsonrpc
  EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":{},"method":"m"})"), -32600);
  EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":1,"method":5})"), -32600);
  EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":1,"method":"m","params":3})"), -32600);
  EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":1})"), -32600);
  auto withId = parseMessage(R"({"jsonrpc":"1.0","id":7,"method":"m"})");
  EXPECT_EQ(std::get<InvalidMessage>(withId).id, 7);  // the id survives so the reply can use it
}

TEST(ReplyOnce, RepliesExactlyOnce) {
  auto sink = std::make_shared<Collect>();
  {
    ReplyOnce r(1, "m", sink);
    r.result(json{{"x", 1}});
    r.result(json{{"x", 2}});  // dropped
    r.error(RpcCode::InternalError, "dropped too");
  }
  ASSERT_EQ(sink->messages.size(), 1u);
  EXPECT_EQ(sink->messages[0]["result"]["x"], 1);
}

TEST(ReplyOnce, DestroyedWithoutReplyAnswersInternalError) {
  auto sink = std::make_shared<Collect>();
  { ReplyOnce r("abc", "forgetful", sink); }
  ASSERT_EQ(sink->messages.size(), 1u);
  EXPECT_EQ(sink->messages[0]["id"], "abc");
  EXPECT_EQ(sink->messages[0]["error"]["code"], -32603);
}

TEST(ReplyOnce, MovedFromObjectDoesNotReply) {
  auto sink = std::make_shared<Collect>();
  {
    ReplyOnce a(2, "m", sink);
    ReplyOnce b(std::move(a));
    b.error(makeError(ErrorCode::Cancelled, "stop"));
  }
  ASSERT_EQ(sink->messages.size(), 1u);
  EXPECT_EQ(sink->messages[0]["error"]["code"], -32800);
}

}  // namespace
}  // namespace mlide::lsp
