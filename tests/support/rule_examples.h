// Running our rules/ over hand-written text in tests: the rules compiled once per process,
// the names of the rules a text matches (scanned with the externals a volume path gives),
// and the example record the technique tables in tests/detect/*rules_test.cpp are made of.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "detect/yara_scanner.h"

namespace shellcarve::test {

// A hand-written page: what it is, where it sits, its text, and the rule that must fire on
// it (nullptr for a benign page that no rule may flag).
struct RuleExample {
  const char* name;
  const char* path;
  const char* text;
  const char* rule;
};

// rules/ compiled once (nullptr when they do not compile; CompileWithMetaOnEveryRule says why).
std::shared_ptr<const detect::YaraRules> our_rules();

// Names of our rules matching `text` scanned as the volume path `path`; a failure to scan
// comes back as a single "<...>" entry so that the expectation that uses it fails visibly.
std::vector<std::string> rules_matching(const std::string& text, const std::string& path);

// "a, b" or "(none)".
std::string joined(const std::vector<std::string>& names);

// The parameterised suites (tests in tests/detect/rules_test.cpp): each file of examples
// instantiates them over its own arrays. A technique example must be caught by its rule; a
// benign one by none.
class TechniqueExample : public ::testing::TestWithParam<RuleExample> {};
class BenignExample : public ::testing::TestWithParam<RuleExample> {};

// Test names for INSTANTIATE_TEST_SUITE_P: the example's name.
std::string example_name(const ::testing::TestParamInfo<RuleExample>& info);

}  // namespace shellcarve::test
