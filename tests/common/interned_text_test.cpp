// InternedText (common/interned_text.h): one copy of each value, compared and ordered as
// its text, written as its text.
#include "common/interned_text.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace shellcarve {
namespace {

TEST(InternedText, EqualTextsShareOneCopy) {
  const std::string built = std::string("$SI ") + "Modification";
  const InternedText a("$SI Modification");
  const InternedText b(built);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.view().data(), b.view().data());
  EXPECT_EQ(a, "$SI Modification");
  EXPECT_EQ(sizeof(InternedText), sizeof(void*));
}

TEST(InternedText, OrdersAndPrintsAsItsText) {
  EXPECT_LT(InternedText("FN"), InternedText("SI"));
  EXPECT_GT(InternedText("USN"), InternedText("SI"));
  EXPECT_TRUE(InternedText().empty());
  EXPECT_EQ(InternedText(), InternedText(""));
  EXPECT_EQ(fmt::format("[{}]", InternedText("M...")), "[M...]");
  std::ostringstream out;
  out << InternedText("/inetpub/wwwroot");
  EXPECT_EQ(out.str(), "/inetpub/wwwroot");
  EXPECT_EQ(std::string("a") + InternedText("b"), "ab");
}

TEST(InternedText, ThreadsInterningTheSameTextsAgree) {
  std::vector<const char*> seen(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < seen.size(); ++t)
    threads.emplace_back([&seen, t] {
      for (int i = 0; i < 1000; ++i) InternedText(fmt::format("text {}", i % 50));
      seen[t] = InternedText("text 7").view().data();
    });
  for (auto& thread : threads) thread.join();
  for (const char* data : seen) EXPECT_EQ(data, seen[0]);
}

}  // namespace
}  // namespace shellcarve
