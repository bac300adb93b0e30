// The small images under test-images/ (made by scripts/make-test-images.sh), unpacked from
// their .gz into the build tree once, so tests need neither root nor FUSE nor the corpus.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace shellcarve::test {

// test-images/<name> as a plain file: `name` itself when committed uncompressed, else
// <name>.gz decompressed into the build tree. Empty path when neither exists.
std::filesystem::path committed_image(const std::string& name);

// The KEY=value lines of test-images/expected/<name> (a recipe's facts.env), comments left out.
std::map<std::string, std::string> image_facts(const std::string& name);

}  // namespace shellcarve::test
