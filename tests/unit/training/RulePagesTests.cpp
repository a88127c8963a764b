#include <gtest/gtest.h>

#include "plugins/checks/Catalogue.hpp"
#include "plugins/checks/dynamic/DynamicCheck.hpp"
#include "plugins/checks/dynamic/RulePages.hpp"

namespace mlide::training {
namespace {

TEST(RulePages, EveryRuleHasAFullPage) {
  for (const checks::RuleInfo& r : checks::catalogue()) {
    auto page = rulePage(r.slug);
    ASSERT_TRUE(page) << r.slug;
    EXPECT_EQ(page->rfind("# " + std::string(r.slug) + " (" + std::string(r.code) + ")", 0), 0u) << *page;
    for (const char* section : {"## What it does", "## Why is this bad?", "## Example", "## References"}) {
      EXPECT_NE(page->find(section), std::string::npos) << r.slug << " lacks " << section;
    }
    EXPECT_EQ(rulePage(r.code), page) << "by code and by slug differ for " << r.slug;
  }
  EXPECT_FALSE(rulePage("no-such-rule"));
}

TEST(RulePages, TrainingOnlyRulesShowTheTrainingChecksDocumentation) {
  const DynamicRule* live = findDynamicRule("nan-loss");
  ASSERT_NE(live, nullptr);
  auto page = rulePage("nan-loss");
  ASSERT_TRUE(page);
  EXPECT_NE(page->find(std::string(live->documentation.substr(0, 200))), std::string::npos) << *page;
  EXPECT_EQ(page->find("## During training"), std::string::npos);
}

TEST(RulePages, SharedRulesNestTheTrainingSectionAndLeaveCodeAlone) {
  auto page = rulePage("lr-out-of-range");
  ASSERT_TRUE(page);
  const std::size_t during = page->find("\n## During training\n");
  ASSERT_NE(during, std::string::npos);
  EXPECT_NE(page->find("\n### What it does", during), std::string::npos);
  EXPECT_EQ(page->find("\n## What it does", during), std::string::npos);
  // Inside code fences nothing changes: every fenced line of the training doc is on the page.
  const DynamicRule* live = findDynamicRule("lr-out-of-range");
  ASSERT_NE(live, nullptr);
  const std::string_view doc = live->documentation;
  bool inCode = false;
  for (std::size_t pos = 0; pos < doc.size();) {
    std::size_t eol = doc.find('\n', pos);
    if (eol == std::string_view::npos) eol = doc.size();
    const std::string line(doc.substr(pos, eol - pos));
    if (line.rfind("```", 0) == 0) inCode = !inCode;
    if (inCode) {
      EXPECT_NE(page->find("\n" + line + "\n", during), std::string::npos) << line;
    }
    pos = eol + 1;
  }
}

}  // namespace
}  // namespace mlide::training
