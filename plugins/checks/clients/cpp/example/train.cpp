// A small image classifier on synthetic data, reporting to mlide. Its inputs are raw 0-255
// pixel values, so mlide reports input-not-normalized; pass --scaled to divide them by 255.
#include <torch/torch.h>

#include <cstdio>
#include <cstring>

#include "mlide/torch_client.hpp"

struct NetImpl : torch::nn::Module {
  NetImpl()
      : conv(register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 8, 3)))),
        fc(register_module("fc", torch::nn::Linear(8 * 26 * 26, 10))) {}
  torch::Tensor forward(const torch::Tensor& x) { return fc(torch::relu(conv(x)).flatten(1)); }
  torch::nn::Conv2d conv;
  torch::nn::Linear fc;
};
TORCH_MODULE(Net);

int main(int argc, char** argv) {
  const bool scaled = argc > 1 && std::strcmp(argv[1], "--scaled") == 0;
  torch::manual_seed(0);
  torch::Tensor images = torch::randint(0, 256, {512, 1, 28, 28}).to(torch::kFloat);
  if (scaled) images = images / 255.0;
  const torch::Tensor labels = torch::randint(0, 10, {512}, torch::kLong);

  Net net;
  torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(1e-3));
  mlide::TrainingRun run(net, optimizer, {.name = "example", .loss = "CrossEntropyLoss", .epochs = 5});

  for (int epoch = 0; epoch < 5; ++epoch) {
    double total = 0;
    int batches = 0;
    for (int b = 0; b + 64 <= images.size(0); b += 64) {
      const torch::Tensor x = images.narrow(0, b, 64), y = labels.narrow(0, b, 64);
      run.observe_input(x);
      optimizer.zero_grad();
      torch::Tensor loss = torch::nn::functional::cross_entropy(net->forward(x), y);
      loss.backward();
      optimizer.step();
      total += loss.item<double>();
      ++batches;
    }
    run.log_epoch(epoch, {{"loss", total / batches}});
    std::printf("epoch %d: loss %.4f\n", epoch, total / batches);
  }
  const bool delivered = run.finish();
  std::printf("%s\n", delivered ? "reported to mlide (see `mlide sessions`)" : "not reported");
}
