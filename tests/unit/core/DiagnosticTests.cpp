#include <gtest/gtest.h>

#include "core/diag/Diagnostic.hpp"

namespace mlide {
namespace {

TEST(Edits, NormalizeSortsAndRejectsOverlap) {
  std::vector<Edit> edits = {Edit::replacement({6, 7}, "B"), Edit::insertion(0, ">")};
  ASSERT_TRUE(normalizeEdits(edits));
  EXPECT_EQ(edits[0].range.begin, 0u);
  EXPECT_EQ(applyEdits("abcdefgh", edits), ">abcdefBh");
  std::vector<Edit> overlapping = {Edit::replacement({0, 3}, "x"), Edit::deletion({2, 4})};
  EXPECT_FALSE(normalizeEdits(overlapping));
}

TEST(Edits, InsertionsAtTheSamePointKeepTheirOrder) {
  std::vector<Edit> edits = {Edit::insertion(1, "1"), Edit::insertion(1, "2")};
  ASSERT_TRUE(normalizeEdits(edits));
  EXPECT_EQ(applyEdits("ab", edits), "a12b");
}

TEST(Severity, NamesAreStable) {
  EXPECT_STREQ(severityName(Severity::Critical), "critical");
  EXPECT_STREQ(severityTitle(Severity::Warning), "Warning");
  EXPECT_STREQ(applicabilityName(Applicability::DisplayOnly), "display-only");
}

}  // namespace
}  // namespace mlide
