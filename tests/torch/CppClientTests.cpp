// The C++ training client with real libtorch training loops (tiny models on synthetic data,
// well under a second of training each) against a real `mlide listen`: each dynamic finding on
// the right epochs, the model description and learning rate read from libtorch, a run without
// any listener, the listener killed and restarted mid-run, libtorch warnings forwarded.
//
// The only translation unit of the test binaries that includes torch (10+ s and >1 GB to
// compile): keep other tests torch-free or put them here.
#include "plugins/checks/clients/cpp/mlide/torch_client.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <mutex>

#include "tests/torch/ListenProcess.hpp"

namespace mlide::client_test {
namespace {

namespace nn = torch::nn;

RunOptions optionsFor(const ListenProcess& l, const std::string& name) {
  RunOptions o;
  o.name = name;
  o.endpoint = l.endpoint();
  o.token_file = l.tokenFile();
  return o;
}

std::vector<int> intList(const json& a) {
  std::vector<int> out;
  for (const auto& v : a) out.push_back(v);
  return out;
}

const std::string kThisFile = __FILE__;

TEST(CppClientTorch, TensorStatisticsMatchTheReference) {
  torch::manual_seed(0);
  // Floats with NaN and infinities: the statistics cover the finite elements only.
  torch::Tensor x = torch::randn({4, 3, 5, 5});
  torch::Tensor flat = x.view({-1});
  flat[3] = std::nan("");
  flat[7] = HUGE_VAL;
  flat[11] = -HUGE_VAL;
  flat[12] = std::nan("");
  auto s = tensor_stats(x);
  const torch::Tensor finite = flat.masked_select(torch::isfinite(flat)).to(torch::kDouble);
  EXPECT_EQ(s.dtype, "float32");
  EXPECT_EQ(s.shape, (std::vector<std::int64_t>{4, 3, 5, 5}));
  EXPECT_EQ(s.nan_count, 2);
  EXPECT_EQ(s.inf_count, 2);
  ASSERT_TRUE(s.has_range);
  EXPECT_DOUBLE_EQ(s.min, finite.min().item<double>());
  EXPECT_DOUBLE_EQ(s.max, finite.max().item<double>());
  EXPECT_NEAR(s.mean, finite.mean().item<double>(), 1e-6);
  EXPECT_NEAR(s.std, finite.std(/*unbiased=*/false).item<double>(), 1e-6);
  EXPECT_FALSE(s.integral);

  // Raw pixels as uint8: integral, exact range, PyTorch's dtype name.
  s = tensor_stats(torch::tensor({0, 17, 255, 3}, torch::kByte).view({2, 2}));
  EXPECT_EQ(s.dtype, "uint8");
  EXPECT_TRUE(s.integral);
  EXPECT_EQ(s.min, 0);
  EXPECT_EQ(s.max, 255);
  EXPECT_DOUBLE_EQ(s.mean, 68.75);
  EXPECT_EQ(s.nan_count, 0);

  // Whole-number floats are integral; large int64 ids stay exact; a large mean keeps its std.
  EXPECT_TRUE(tensor_stats(torch::tensor({1.0f, 2.0f, 200.0f})).integral);
  s = tensor_stats(torch::tensor({std::int64_t{1} << 40, (std::int64_t{1} << 40) + 1}));
  EXPECT_EQ(s.dtype, "int64");
  EXPECT_EQ(s.max, static_cast<double>((std::int64_t{1} << 40) + 1));
  s = tensor_stats(torch::tensor({1e8 + 1, 1e8 - 1, 1e8 + 1, 1e8 - 1}, torch::kDouble));
  EXPECT_EQ(s.dtype, "float64");
  EXPECT_DOUBLE_EQ(s.std, 1.0);
  EXPECT_EQ(tensor_stats(torch::ones({3}, torch::kHalf)).dtype, "float16");
  EXPECT_EQ(tensor_stats(torch::ones({3}, torch::kBool)).dtype, "bool");

  // Nothing finite, or nothing at all: no range.
  s = tensor_stats(torch::full({5}, std::nan("")));
  EXPECT_FALSE(s.has_range);
  EXPECT_EQ(s.nan_count, 5);
  s = tensor_stats(torch::empty({0, 3}));
  EXPECT_FALSE(s.has_range);
  EXPECT_EQ(s.shape, (std::vector<std::int64_t>{0, 3}));
}

TEST(CppClientTorch, HugeLearningRateGivesNanLossOnTheRightEpochs) {
  TempDir ws;
  ListenProcess listener(ws.path());
  ASSERT_TRUE(listener.started());
  torch::manual_seed(0);
  const torch::Tensor x = torch::randn({128, 8});
  const torch::Tensor y = x.mm(torch::randn({8, 1}));
  nn::Linear model(8, 1);
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(50.0));
  RunOptions o = optionsFor(listener, "nan");
  o.loss = "MSELoss";
  o.epochs = 8;
  mlide::TrainingRun run(model, optimizer, o); const int attachLine = __LINE__;
  std::vector<int> nonFinite;
  for (int epoch = 0; epoch < 8; ++epoch) {
    double total = 0;
    for (int b = 0; b < 4; ++b) {
      const torch::Tensor xb = x.narrow(0, b * 32, 32), yb = y.narrow(0, b * 32, 32);
      run.observe_input(xb);
      optimizer.zero_grad();
      torch::Tensor loss = nn::functional::mse_loss(model(xb), yb);
      loss.backward();
      optimizer.step();
      total += loss.item<double>();
    }
    if (!std::isfinite(total)) nonFinite.push_back(epoch);
    run.log_epoch(epoch, {{"loss", total / 4}}); const int logLine = __LINE__;
    if (epoch == 0) {
      EXPECT_GT(logLine, attachLine);
    }
  }
  ASSERT_FALSE(nonFinite.empty()) << "the run was meant to blow up";
  ASSERT_TRUE(run.finish()) << run.session().last_error();

  const json d = showSession(listener.db(), run.session().session_id());
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["status"], "finished");
  EXPECT_EQ(epochsOf(d), (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
  for (const auto& e : d["epochList"]) EXPECT_EQ(e["lr"], 50.0) << "the learning rate read from the optimizer";
  const json& m = d["model"];
  EXPECT_EQ(m["framework"], "libtorch");
  EXPECT_EQ(m["script"], kThisFile);
  EXPECT_EQ(m["attachLine"], attachLine);
  EXPECT_GT(m["logLine"].get<int>(), attachLine);
  EXPECT_EQ(m["optimizerClass"], "SGD");
  EXPECT_EQ(m["initialLr"], 50.0);
  EXPECT_EQ(m["lossClass"], "MSELoss");
  EXPECT_EQ(m["plannedEpochs"], 8);
  EXPECT_EQ(m["modelClass"], "LinearImpl");

  const auto nan = findings(d, "nan-loss");
  ASSERT_EQ(nan.size(), 1u) << ruleList(d);
  EXPECT_EQ(intList(nan[0]["epochs"]), nonFinite);
  EXPECT_NE(nan[0]["message"].get<std::string>().find("learning rate of 50"), std::string::npos) << nan[0]["message"];
  // A C++ script has no Python anchors: the daemon falls back to the line that attached the run.
  ASSERT_TRUE(nan[0]["location"].is_object()) << nan[0].dump();
  EXPECT_EQ(nan[0]["location"]["path"], kThisFile);
  EXPECT_EQ(nan[0]["location"]["line"], attachLine);
  EXPECT_TRUE(findings(d, "input-not-normalized").empty()) << "randn inputs are normalized: " << ruleList(d);
  ASSERT_EQ(d["inputs"].size(), 8u) << "one batch per epoch";
  EXPECT_EQ(d["inputs"][0]["nanCount"], 0);
}

json trainImages(const ListenProcess& listener, const std::string& name, bool scale) {
  torch::manual_seed(0);
  torch::Tensor images = torch::randint(0, 256, {128, 1, 8, 8}).to(torch::kFloat);
  if (scale) images = images / 255.0;
  const torch::Tensor labels = torch::randint(0, 4, {128}, torch::kLong);
  nn::Sequential model(nn::Conv2d(nn::Conv2dOptions(1, 4, 3)), nn::ReLU(), nn::Flatten(), nn::Linear(4 * 6 * 6, 4));
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(1e-3));
  RunOptions o = optionsFor(listener, name);
  o.loss = "CrossEntropyLoss";
  mlide::TrainingRun run(model, optimizer, o);
  for (int epoch = 0; epoch < 3; ++epoch) {
    double total = 0;
    for (int b = 0; b < 4; ++b) {
      const torch::Tensor xb = images.narrow(0, b * 32, 32), yb = labels.narrow(0, b * 32, 32);
      run.observe_input(xb);
      optimizer.zero_grad();
      torch::Tensor loss = nn::functional::cross_entropy(model->forward(xb), yb);
      loss.backward();
      run.observe_gradients();
      optimizer.step();
      total += loss.item<double>();
    }
    // Validation in eval mode: observe_input ignores it.
    model->eval();
    run.observe_input(images.narrow(0, 0, 16) * 1000.0);
    model->train();
    run.log_epoch(epoch, {{"loss", total / 4}, {"accuracy", 0.3}});
  }
  EXPECT_TRUE(run.finish()) << run.session().last_error();
  return showSession(listener.db(), run.session().session_id());
}

TEST(CppClientTorch, UnscaledPixelsGiveInputNotNormalized) {
  TempDir ws;
  ListenProcess listener(ws.path());
  ASSERT_TRUE(listener.started());
  const json d = trainImages(listener, "unscaled", /*scale=*/false);
  ASSERT_TRUE(d.is_object());
  const auto f = findings(d, "input-not-normalized");
  ASSERT_EQ(f.size(), 1u) << ruleList(d);
  EXPECT_EQ(intList(f[0]["epochs"]), (std::vector<int>{0, 1, 2}));
  ASSERT_EQ(d["inputs"].size(), 3u) << "the first training batch of each epoch; none from eval mode";
  const json& in = d["inputs"][0];
  EXPECT_EQ(in["dtype"], "float32");
  EXPECT_EQ(intList(in["shape"]), (std::vector<int>{32, 1, 8, 8}));
  EXPECT_TRUE(in["integral"].get<bool>());
  EXPECT_GT(in["max"].get<double>(), 200);
  EXPECT_LE(in["max"].get<double>(), 255);
  EXPECT_GE(in["min"].get<double>(), 0);
  EXPECT_NEAR(in["mean"].get<double>(), 127.5, 15);
  EXPECT_NEAR(in["std"].get<double>(), 74, 8);  // uniform 0..255
  for (const auto& i : d["inputs"]) EXPECT_EQ(i["batch"], 0);
  const json& m = d["model"];
  EXPECT_EQ(m["firstConvName"], "0");
  EXPECT_EQ(m["firstConvInChannels"], 1);
  EXPECT_EQ(m["numClasses"], 4) << "the last Linear's outputs, with a cross-entropy loss";
  // Gradient norms, aggregated per epoch: four steps each.
  ASSERT_EQ(d["gradients"].size(), 3u);
  std::vector<std::string> layers;
  for (const auto& l : d["gradients"][0]["layers"]) {
    layers.push_back(l["layer"]);
    EXPECT_EQ(l["steps"], 4);
    EXPECT_GT(l["maxNorm"].get<double>(), 0);
    EXPECT_GE(l["maxNorm"].get<double>(), l["meanNorm"].get<double>());
    EXPECT_GE(l["meanNorm"].get<double>(), l["minNorm"].get<double>());
  }
  EXPECT_EQ(layers, (std::vector<std::string>{"0.weight", "0.bias", "3.weight", "3.bias"}));
}

TEST(CppClientTorch, ScaledPixelsGiveNoInputFinding) {
  TempDir ws;
  ListenProcess listener(ws.path());
  ASSERT_TRUE(listener.started());
  const json d = trainImages(listener, "scaled", /*scale=*/true);
  ASSERT_TRUE(d.is_object());
  EXPECT_TRUE(findings(d, "input-not-normalized").empty()) << ruleList(d);
  ASSERT_EQ(d["inputs"].size(), 3u);
  EXPECT_LE(d["inputs"][0]["max"].get<double>(), 1.0);
  EXPECT_FALSE(d["inputs"][0]["integral"].get<bool>());
}

TEST(CppClientTorch, WithoutAListenerTrainingGoesOnAndWarnsOnce) {
  TempDir elsewhere;
  IsolatedDiscovery isolated(elsewhere.path());
  if (auto a = client::find_listener({client::detail::parent(kThisFile)})) {
    GTEST_SKIP() << "a listener is configured around the source tree (" << a->source << ")";
  }
  torch::manual_seed(0);
  const torch::Tensor x = torch::randn({64, 4}), y = x.sum(1, true);
  nn::Linear model(4, 1);
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-2));
  ::testing::internal::CaptureStderr();
  double first = 0, last = 0;
  bool finished = true;
  const auto t0 = std::chrono::steady_clock::now();
  {
    mlide::TrainingRun run(model, optimizer, {});
    for (int epoch = 0; epoch < 20; ++epoch) {
      run.observe_input(x);
      optimizer.zero_grad();
      torch::Tensor loss = nn::functional::mse_loss(model(x), y);
      loss.backward();
      optimizer.step();
      (epoch == 0 ? first : last) = loss.item<double>();
      run.log_epoch(epoch, {{"loss", loss.item<double>()}});
    }
    finished = run.finish();
  }
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_FALSE(finished) << "nothing was delivered";
  EXPECT_LT(last, first) << "training went on";
  EXPECT_LT(elapsed, std::chrono::seconds(3)) << "finish() does not wait for a listener that is not configured";
  std::size_t lines = 0;
  for (std::size_t at = 0; (at = err.find("mlide:", at)) != std::string::npos; ++at) ++lines;
  EXPECT_EQ(lines, 1u) << err;
  EXPECT_NE(err.find("no training listener found"), std::string::npos) << err;
  EXPECT_NE(err.find("mlide listen"), std::string::npos) << "says how to get one: " << err;
}

TEST(CppClientTorch, ListenerKilledAndRestartedMidRunLosesNothing) {
  TempDir ws;
  auto listener = std::make_unique<ListenProcess>(ws.path());
  ASSERT_TRUE(listener->started());
  const int port = listener->port();
  std::mutex mutex;
  std::vector<std::string> messages;
  RunOptions o = optionsFor(*listener, "restart");
  o.on_message = [&](const std::string& m) {
    std::lock_guard<std::mutex> lock(mutex);
    messages.push_back(m);
  };
  torch::manual_seed(0);
  const torch::Tensor x = torch::randn({32, 4}), y = x.sum(1, true);
  nn::Linear model(4, 1);
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.05));
  mlide::TrainingRun run(model, optimizer, o);
  constexpr int kEpochs = 30;
  std::int64_t ackedBeforeKill = 0;
  for (int epoch = 0; epoch < kEpochs; ++epoch) {
    run.observe_input(x);
    optimizer.zero_grad();
    torch::Tensor loss = nn::functional::mse_loss(model(x), y);
    loss.backward();
    optimizer.step();
    run.log_epoch(epoch, {{"loss", loss.item<double>()}});
    if (epoch == 9) {
      ASSERT_TRUE(run.session().flush(std::chrono::seconds(20))) << run.session().last_error();
      ackedBeforeKill = run.session().acked_seq();
      listener->kill();  // SIGKILL: no goodbye, the discovery file stays
    }
    if (epoch == 19) {
      EXPECT_LT(run.session().acked_seq(), run.session().last_seq()) << "epochs 10-19 wait in the buffer";
      listener = std::make_unique<ListenProcess>(ws.path());
      ASSERT_TRUE(listener->started());
      ASSERT_EQ(listener->port(), port) << "mlide listen rebinds the previous port";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(run.finish()) << run.session().last_error();
  const json list = listSessions(listener->db());
  ASSERT_EQ(list.size(), 1u) << "the same session after the restart: " << list.dump();
  const json d = showSession(listener->db(), list[0]["id"].get<std::int64_t>());
  std::vector<int> expected(kEpochs);
  for (int i = 0; i < kEpochs; ++i) expected[static_cast<std::size_t>(i)] = i;
  EXPECT_EQ(epochsOf(d), expected);
  EXPECT_EQ(d["status"], "finished");
  EXPECT_GE(d["lastSeq"].get<std::int64_t>(), ackedBeforeKill);
  EXPECT_EQ(d["inputs"].size(), static_cast<std::size_t>(kEpochs));
  std::lock_guard<std::mutex> lock(mutex);
  const auto unreachable = std::count_if(messages.begin(), messages.end(), [](const std::string& m) {
    return m.find("unreachable") != std::string::npos;
  });
  EXPECT_EQ(unreachable, 1) << "said once while the daemon was away";
}

TEST(CppClientTorch, ForwardsLibtorchWarnings) {
  TempDir ws;
  ListenProcess listener(ws.path());
  ASSERT_TRUE(listener.started());
  torch::manual_seed(0);
  const torch::Tensor x = torch::randn({32, 4});
  const torch::Tensor y = torch::randn({32});  // 1-D target against a [32, 1] prediction: broadcasts
  nn::Linear model(4, 1);
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.01));
  mlide::TrainingRun run(model, optimizer, optionsFor(listener, "broadcast"));
  for (int epoch = 0; epoch < 3; ++epoch) {
    for (int step = 0; step < 3; ++step) {
      optimizer.zero_grad();
      torch::Tensor loss = nn::functional::mse_loss(model(x), y);
      loss.backward();
      optimizer.step();
    }
    run.log_epoch(epoch, {{"loss", 1.0}});
  }
  ASSERT_TRUE(run.finish());
  const json d = showSession(listener.db(), run.session().session_id());
  ASSERT_EQ(d["warnings"].size(), 3u) << "once per epoch, not once per step: " << d["warnings"].dump();
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(d["warnings"][i]["epoch"], static_cast<int>(i));
    EXPECT_NE(d["warnings"][i]["message"].get<std::string>().find("target size"), std::string::npos);
  }
  const auto f = findings(d, "regression-target-broadcast");
  ASSERT_EQ(f.size(), 1u) << ruleList(d);
  EXPECT_EQ(intList(f[0]["epochs"]), (std::vector<int>{0, 1, 2}));
  // After finish() the handler is libtorch's own again: nothing more is forwarded.
  EXPECT_EQ(dynamic_cast<mlide::detail::WarningForwarder*>(c10::Warning::get_warning_handler()), nullptr);
}

}  // namespace
}  // namespace mlide::client_test
