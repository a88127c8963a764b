#include <gtest/gtest.h>

#include <cmath>

#include "plugins/checks/sessions/KerasCsv.hpp"

namespace mlide::training {
namespace {

TEST(KerasCsv, ReadsSemicolonsBomNanAndTheLearningRate) {
  // CSVLogger(separator=";") as written on Windows (BOM, CRLF), with a NaN loss and an lr column.
  const std::string text =
      "\xEF\xBB\xBF"
      "epoch;loss;lr;val_loss\r\n"
      "0;0.9;0.001;1.2\r\n"
      "1;nan;0.0005;\r\n";
  auto epochs = parseKerasCsv(text);
  ASSERT_TRUE(epochs) << epochs.error().message;
  ASSERT_EQ(epochs->size(), 2u);
  const EpochRecord& first = (*epochs)[0];
  EXPECT_EQ(first.epoch, 0);
  EXPECT_DOUBLE_EQ(first.metrics.at("loss"), 0.9);
  EXPECT_DOUBLE_EQ(first.metrics.at("val_loss"), 1.2);
  ASSERT_TRUE(first.lr);
  EXPECT_DOUBLE_EQ(*first.lr, 0.001);
  EXPECT_FALSE(first.metrics.count("lr")) << "the learning rate is not a metric";
  const EpochRecord& second = (*epochs)[1];
  EXPECT_EQ(second.epoch, 1);
  EXPECT_TRUE(std::isnan(second.metrics.at("loss")));
  EXPECT_FALSE(second.metrics.count("val_loss")) << "an empty cell is no value, not zero";
  EXPECT_DOUBLE_EQ(*second.lr, 0.0005);
}

TEST(KerasCsv, LearningRateUnderItsKeras3Name) {
  auto epochs = parseKerasCsv("epoch,learning_rate,loss\n0,0.1,2.0\n");
  ASSERT_TRUE(epochs) << epochs.error().message;
  EXPECT_DOUBLE_EQ(*(*epochs)[0].lr, 0.1);
}

TEST(KerasCsv, MalformedRowsNameTheirLine) {
  auto short_ = parseKerasCsv("epoch,loss,val_loss\n0,1.0,1.1\n1,0.9\n");
  ASSERT_FALSE(short_);
  EXPECT_EQ(short_.error().code, ErrorCode::ParseError);
  EXPECT_EQ(short_.error().message, "line 3: 2 fields, the header has 3");

  auto word = parseKerasCsv("epoch,loss\n0,abc\n");
  ASSERT_FALSE(word);
  EXPECT_EQ(word.error().message, "line 2: column 'loss': 'abc' is not a number");

  auto fraction = parseKerasCsv("epoch,loss\n0.5,1\n");
  ASSERT_FALSE(fraction);
  EXPECT_NE(fraction.error().message.find("not a whole number"), std::string::npos);

  auto noEpoch = parseKerasCsv("step,loss\n0,1\n");
  ASSERT_FALSE(noEpoch);
  EXPECT_NE(noEpoch.error().message.find("no 'epoch' column"), std::string::npos);

  EXPECT_FALSE(parseKerasCsv("\n\n"));
}

TEST(KerasCsv, TensorBoardEventFilesAreRefusedByName) {
  auto r = parseTrainingLog("/runs/x/events.out.tfevents.1700000000.host.1.0", "whatever");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::Unsupported);
  EXPECT_NE(r.error().message.find("TensorBoard event file"), std::string::npos);
  EXPECT_NE(r.error().message.find("not supported yet"), std::string::npos);
}

TEST(KerasCsv, BinaryThatIsNotATfRecordIsACsvError) {
  // Sixteen bytes whose "CRC" does not match their "length": not TFRecord framing.
  const std::string bytes("\x18\0\0\0\0\0\0\0\x01\x02\x03\x04\0\0\0\0", 16);
  EXPECT_FALSE(looksLikeTensorBoard("train.log", bytes));
  auto r = parseTrainingLog("train.log", bytes);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::ParseError);
  EXPECT_TRUE(parseTrainingLog("train.log", "epoch,loss\n0,1\n"));
}

}  // namespace
}  // namespace mlide::training
