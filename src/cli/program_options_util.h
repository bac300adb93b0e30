// Small helpers over Boost.Program_options shared by the subcommands.
#pragma once

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "case/volume_selection.h"

namespace shellcarve::cli {

// Parses `args` against `options`, the positional arguments taking the names in
// `positional` in order (a name written "*NAME" takes all the remaining ones). Prints the options and returns nullopt for --help; throws
// boost::program_options::error on bad input (main reports it).
std::optional<boost::program_options::variables_map> parse_or_help(
    const std::vector<std::string>& args, const boost::program_options::options_description& options,
    std::initializer_list<const char*> positional);

// --partition N when given.
std::optional<uint32_t> optional_partition(const boost::program_options::variables_map& vm);

// --vss as given, else `fallback` ("none" for ls/cat/timeline, "all" for scan).
Result<StoreSelection> optional_store_selection(const boost::program_options::variables_map& vm,
                                                const char* fallback = "none");

// The option's string value, or nullopt when it was not given.
std::optional<std::string> optional_string(const boost::program_options::variables_map& vm,
                                           const char* name);

}  // namespace shellcarve::cli
