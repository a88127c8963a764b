// Fuzzes what a client can send: bytes → framing → JSON-RPC → dispatch → handlers.
//
// The server runs synchronously (no timers, no threads) so a crash reproduces from its input
// alone. The first input byte picks whether an `initialize` is sent first: without it, nearly
// every message would stop at "server not initialized" and the handlers would go unexplored.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "lsp-server/server/Engines.hpp"
#include "lsp-server/server/Server.hpp"
#include "lsp-server/transport/Framing.hpp"

namespace {

class NullSink final : public mlide::lsp::MessageSink {
 public:
  void send(const nlohmann::json& message) override { bytes_ += message.dump().size(); }

 private:
  std::size_t bytes_ = 0;  // serialising is part of what is fuzzed
};

constexpr std::string_view kInitialize =
    R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{}}})";
constexpr std::string_view kInitialized = R"({"jsonrpc":"2.0","method":"initialized","params":{}})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  mlide::server::ServerOptions options;
  options.synchronous = true;
  options.trainingListener = false;
  mlide::server::Server server(std::make_shared<NullSink>(), mlide::server::makeEngines(), options, nullptr);
  if (data[0] & 1u) {
    server.onFrame(std::string(kInitialize));
    server.onFrame(std::string(kInitialized));
  }
  // Feed in uneven chunks so partial headers and bodies split across reads are exercised.
  mlide::lsp::FrameDecoder decoder;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::size_t chunk = 1 + (data[0] >> 1) % 64;
  while (!rest.empty() && !server.finished()) {
    std::size_t n = std::min(chunk, rest.size());
    decoder.feed(rest.substr(0, n));
    rest.remove_prefix(n);
    while (auto item = decoder.next()) {
      if (auto* frame = std::get_if<mlide::lsp::Frame>(&*item)) {
        server.onFrame(frame->body);
      } else {
        server.onFrameError(std::get<mlide::lsp::FrameError>(*item).message);
      }
      if (server.finished()) break;
    }
  }
  if (!server.finished()) server.onEof();
  return 0;
}
