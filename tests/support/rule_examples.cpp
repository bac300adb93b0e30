#include "support/rule_examples.h"

namespace shellcarve::test {

std::shared_ptr<const detect::YaraRules> our_rules() {
  static const std::shared_ptr<const detect::YaraRules> rules = [] {
    auto sources = detect::collect_rule_files(SHELLCARVE_SOURCE_DIR "/rules", "default");
    if (!sources) return std::shared_ptr<const detect::YaraRules>();
    auto compiled = detect::YaraRules::compile(*sources);
    return compiled ? *compiled : std::shared_ptr<const detect::YaraRules>();
  }();
  return rules;
}

std::vector<std::string> rules_matching(const std::string& text, const std::string& path) {
  auto scanner = detect::YaraScanner::create(our_rules());
  if (!scanner) return {"<no scanner: " + scanner.error().message + ">"};
  auto outcome = scanner->scan_memory({reinterpret_cast<const std::byte*>(text.data()), text.size()},
                                      detect::ScanTarget::from_path(path));
  if (!outcome) return {"<scan failed: " + outcome.error().message + ">"};
  std::vector<std::string> names;
  for (const auto& m : outcome->matches) names.push_back(m.rule);
  return names;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "(none)" : out;
}

std::string example_name(const ::testing::TestParamInfo<RuleExample>& info) { return info.param.name; }

}  // namespace shellcarve::test
