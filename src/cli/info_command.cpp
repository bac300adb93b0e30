#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.h"
#include "image/image.h"
#include "report/image_description.h"

namespace po = boost::program_options;

namespace shellcarve::cli {

int run_info(const std::vector<std::string>& args) {
  po::options_description options("shellcarve info IMAGE [--json]");
  options.add_options()("help,h", "show this help")("json", "write JSON (stable keys)")(
      "image", po::value<std::string>(), "image file (first segment of a set)");
  po::positional_options_description positional;
  positional.add("image", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << options;
    return kExitOk;
  }
  if (!vm.count("image")) return report_error("info: no IMAGE given");

  auto image = open_image(vm["image"].as<std::string>());
  if (!image) return report_error(image.error().message);
  auto description = describe_image(**image);
  if (!description) return report_error(description.error().message);
  std::cout << (vm.count("json") ? render_json(*description) : render_text(*description));
  return kExitOk;
}

}  // namespace shellcarve::cli
