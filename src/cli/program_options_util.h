// Small helpers over Boost.Program_options shared by the subcommands.
#pragma once

#include <boost/program_options/variables_map.hpp>
#include <optional>
#include <string>

namespace shellcarve::cli {

// The option's string value, or nullopt when it was not given.
std::optional<std::string> optional_string(const boost::program_options::variables_map& vm,
                                           const char* name);

}  // namespace shellcarve::cli
