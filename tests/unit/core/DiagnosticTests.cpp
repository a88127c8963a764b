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

Diag withFixes(std::vector<Fix> fixes) {
  Diag d;
  d.range = {0, 1};
  d.fixes = std::move(fixes);
  return d;
}

TEST(Edits, AddSafeFixesTakesTheFirstSafeFixOfEachFindingThatFits) {
  const Fix unsafe{"unsafe", Applicability::Unsafe, {Edit::insertion(0, "u")}};
  const Fix first{"first", Applicability::Safe, {Edit::insertion(2, "a")}};
  const Fix second{"second", Applicability::Safe, {Edit::insertion(4, "b")}};
  const Fix overlapping{"overlapping", Applicability::Safe, {Edit::replacement({1, 3}, "c")}};
  const std::vector<Diag> diags = {withFixes({unsafe, first, second}), withFixes({overlapping}),
                                   withFixes({second})};
  std::vector<Edit> edits;
  EXPECT_EQ(addSafeFixes(diags, edits), 2u);
  EXPECT_EQ(edits, (std::vector<Edit>{Edit::insertion(2, "a"), Edit::insertion(4, "b")}));

  // A rejected first safe fix leaves the finding without one: later alternatives are not tried.
  std::vector<Edit> accepted;
  auto notFirst = [](const Fix& f) { return f.title != "first"; };
  EXPECT_EQ(addSafeFixes({withFixes({first, second})}, accepted, notFirst), 0u);
  EXPECT_TRUE(accepted.empty());
}

TEST(Edits, MapRangesDropsWhatDoesNotMap) {
  Diag d;
  d.range = {10, 12};
  d.related = {{{20, 21}, "kept"}, {{90, 91}, "dropped"}};
  d.fixes = {
      {"kept", Applicability::Safe, {Edit::insertion(10, "x"), Edit::deletion({20, 22})}},
      {"dropped", Applicability::Safe, {Edit::insertion(10, "y"), Edit::deletion({90, 92})}}};
  auto shift = [](ByteRange r) -> std::optional<ByteRange> {
    if (r.begin >= 50) return std::nullopt;
    return ByteRange{r.begin + 5, r.end + 5};
  };
  auto mapped = mapRanges(d, shift);
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->range, (ByteRange{15, 17}));
  ASSERT_EQ(mapped->related.size(), 1u);
  EXPECT_EQ(mapped->related[0].message, "kept");
  EXPECT_EQ(mapped->related[0].range, (ByteRange{25, 26}));
  ASSERT_EQ(mapped->fixes.size(), 1u);
  EXPECT_EQ(mapped->fixes[0].edits,
            (std::vector<Edit>{Edit::insertion(15, "x"), Edit::deletion({25, 27})}));
  d.range = {60, 61};
  EXPECT_FALSE(mapRanges(d, shift));
}

TEST(Severity, NamesAreStable) {
  EXPECT_STREQ(severityName(Severity::Critical), "critical");
  EXPECT_STREQ(severityTitle(Severity::Warning), "Warning");
  EXPECT_STREQ(applicabilityName(Applicability::DisplayOnly), "display-only");
}

}  // namespace
}  // namespace mlide
