#include "cli/program_options_util.h"

#include "cli/commands.h"

namespace shellcarve::cli {

std::optional<std::string> optional_string(const boost::program_options::variables_map& vm,
                                           const char* name) {
  if (!vm.count(name)) return std::nullopt;
  return vm[name].as<std::string>();
}

std::string command_line_of(const std::string& command, const std::vector<std::string>& args) {
  std::string line = "shellcarve " + command;
  for (const auto& arg : args) line += " " + arg;
  return line;
}

}  // namespace shellcarve::cli
