#include "cli/program_options_util.h"

#include <boost/program_options/parsers.hpp>
#include <boost/program_options/positional_options.hpp>
#include <iostream>

#include "cli/commands.h"

namespace shellcarve::cli {

std::optional<boost::program_options::variables_map> parse_or_help(
    const std::vector<std::string>& args, const boost::program_options::options_description& options,
    std::initializer_list<const char*> positional) {
  namespace po = boost::program_options;
  po::positional_options_description names;
  for (const char* name : positional) {
    if (*name == '*') names.add(name + 1, -1);  // takes every remaining positional argument
    else names.add(name, 1);
  }
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(options).positional(names).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << options;
    return std::nullopt;
  }
  return vm;
}

std::optional<uint32_t> optional_partition(const boost::program_options::variables_map& vm) {
  if (!vm.count("partition")) return std::nullopt;
  return vm["partition"].as<uint32_t>();
}

Result<StoreSelection> optional_store_selection(const boost::program_options::variables_map& vm,
                                                const char* fallback) {
  return parse_store_selection(vm.count("vss") ? vm["vss"].as<std::string>() : std::string(fallback));
}

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
