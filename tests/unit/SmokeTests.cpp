#include <gtest/gtest.h>
#include "core/support/Utf.hpp"
TEST(Smoke, Builds) { EXPECT_FALSE(mlide::firstInvalidUtf8("abc").has_value()); }
