#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <iostream>

#include "cli/commands.h"
#include "cli/program_options_util.h"
#include "image/image.h"
#include "report/image_description.h"

namespace po = boost::program_options;

namespace shellcarve::cli {

int run_info(const std::vector<std::string>& args) {
  po::options_description options("shellcarve info IMAGE [--json]");
  options.add_options()("help,h", "show this help")("json", "write JSON (stable keys)")(
      "image", po::value<std::string>(), "image file (first segment of a set)");
  const auto parsed = parse_or_help(args, options, {"image"});
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  if (!vm.count("image")) return report_error("info: no IMAGE given");

  const std::string path = vm["image"].as<std::string>();
  auto image = open_image(path);
  if (!image) return report_error(image.error().message);
  auto description = describe_image(**image);
  if (!description) return report_error(fmt::format("info '{}': {}", path, description.error().message));
  if (holds_nothing_known(*description))
    return report_error(fmt::format(
        "'{}' holds no partition table and no file system shellcarve recognises ({} bytes of "
        "{} media)",
        path, description->media_size, description->format));
  // Warnings (a stray file beside the set, a truncated image, a backup boot sector used)
  // also go to stderr, so they are seen when stdout is JSON read by a program.
  for (const auto& warning : (*image)->open_warnings()) report_warning(warning);
  for (const auto& p : description->partitions)
    for (const auto& warning : p.filesystem.warnings)
      report_warning("'" + path + "': " + warning);
  std::cout << (vm.count("json") ? render_json(*description) : render_text(*description));
  return kExitOk;
}

}  // namespace shellcarve::cli
