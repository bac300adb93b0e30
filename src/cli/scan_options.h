// The options `scan` and `batch` share (what is scanned and how), defined once so the two
// commands cannot drift apart.
#pragma once

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>
#include <string>
#include <vector>

#include "case/scan_pipeline.h"

namespace shellcarve::cli {

// --patched-at --rules --webroots --partition --examiner --case-number --evidence-number
// --no-hash --no-carve --vss
void add_scan_options(boost::program_options::options_description& options);

// Fills those fields of `request` from `vm`; "" on success, else the error to report.
std::string read_scan_options(const boost::program_options::variables_map& vm, ScanRequest& request);

// The same options as arguments that read_scan_options() reads back to the same request
// (for the batch's Slurm tasks, which must scan exactly as the batch was asked to).
std::vector<std::string> scan_option_args(const ScanRequest& request);

}  // namespace shellcarve::cli
