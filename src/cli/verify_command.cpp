// `shellcarve verify IMAGE [--json] [--md5 H] [--sha1 H] [--sha256 H]`: hashes the whole
// media once (MD5, SHA-1, SHA-256 together, see image/media_hasher.h) and compares with the
// hashes the E01 stores and those given on the command line. Exit 0 when every comparison
// matches (or there is nothing to compare and no damage), 1 on a mismatch or when chunks
// failed their checksum (the hashes are then of the zero-filled media), 2 on an error.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <fmt/format.h>
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "cli/program_options_util.h"
#include "image/image.h"
#include "image/media_hasher.h"
#include "common/json_writer.h"

namespace po = boost::program_options;

namespace shellcarve::cli {
namespace {

struct Comparison {
  std::string label;     // "stored MD5", "given SHA-256" ...
  std::string expected;  // lowercase hex
  std::string actual;
  bool matches() const { return expected == actual; }
};

// A hex digest from the command line, lowercased; nullopt (after reporting) when malformed.
std::optional<std::string> parse_hex(const po::variables_map& vm, const char* option,
                                     size_t digits, std::string& error) {
  if (!vm.count(option)) return std::string();
  std::string value = vm[option].as<std::string>();
  for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool hex = value.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (value.size() != digits || !hex) {
    error = fmt::format("verify: --{} wants {} hex digits, got '{}'", option, digits,
                        vm[option].as<std::string>());
    return std::nullopt;
  }
  return value;
}

class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled), start_(Clock::now()) {}
  void update(uint64_t done, uint64_t total) {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (done < total && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double percent = total == 0 ? 100.0 : 100.0 * static_cast<double>(done) / static_cast<double>(total);
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds / 1e6 : 0.0;
    const int filled = static_cast<int>(percent / 2.5);
    std::fprintf(stderr, "\r[%-40s] %5.1f%%  %.0f MB/s", std::string(static_cast<size_t>(filled), '#').c_str(),
                 percent, rate);
    if (done >= total) std::fputc('\n', stderr);
    std::fflush(stderr);
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  Clock::time_point start_;
  Clock::time_point last_{};
};

}  // namespace

int run_verify(const std::vector<std::string>& args) {
  po::options_description options(
      "shellcarve verify IMAGE [--json] [--md5 H] [--sha1 H] [--sha256 H]");
  options.add_options()("help,h", "show this help")("json", "write JSON (stable keys)")(
      "md5", po::value<std::string>(), "expected MD5 of the media")(
      "sha1", po::value<std::string>(), "expected SHA-1 of the media")(
      "sha256", po::value<std::string>(), "expected SHA-256 of the media")(
      "image", po::value<std::string>(), "image file (first segment of a set)");
  const auto parsed = parse_or_help(args, options, {"image"});
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  if (!vm.count("image")) return report_error("verify: no IMAGE given");
  std::string error;
  const auto given_md5 = parse_hex(vm, "md5", 32, error);
  const auto given_sha1 = parse_hex(vm, "sha1", 40, error);
  const auto given_sha256 = parse_hex(vm, "sha256", 64, error);
  if (!given_md5 || !given_sha1 || !given_sha256) return report_error(error);

  const std::string path = vm["image"].as<std::string>();
  auto image = open_image(path);
  if (!image) return report_error(image.error().message);
  for (const auto& warning : (*image)->open_warnings()) report_warning(warning);
  const auto stored = (*image)->ewf_metadata();

  ProgressBar bar(::isatty(STDERR_FILENO) == 1);
  HashOptions hash_options;
  hash_options.progress = [&](uint64_t done, uint64_t total) { bar.update(done, total); };
  const auto start = std::chrono::steady_clock::now();
  auto hashes = hash_media(**image, hash_options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!hashes) return report_error(fmt::format("verify '{}': {}", path, hashes.error().message));

  std::vector<Comparison> comparisons;
  if (stored && !stored->md5.empty()) comparisons.push_back({"stored MD5", stored->md5, hashes->md5});
  if (stored && !stored->sha1.empty()) comparisons.push_back({"stored SHA-1", stored->sha1, hashes->sha1});
  if (!given_md5->empty()) comparisons.push_back({"given MD5", *given_md5, hashes->md5});
  if (!given_sha1->empty()) comparisons.push_back({"given SHA-1", *given_sha1, hashes->sha1});
  if (!given_sha256->empty()) comparisons.push_back({"given SHA-256", *given_sha256, hashes->sha256});
  const bool all_match = std::all_of(comparisons.begin(), comparisons.end(),
                                     [](const Comparison& c) { return c.matches(); });
  const bool damaged = !hashes->damage.empty();
  // verified: true = compared and all match on undamaged media; false = a mismatch or
  // damage; unset = nothing to compare.
  std::optional<bool> verified;
  if (!comparisons.empty() || damaged) verified = all_match && !damaged;

  if (vm.count("json")) {
    JsonWriter json;
    json.begin_object();
    json.key("image").value(path);
    json.key("format").value((*image)->format());
    json.key("media_size").value((*image)->size());
    json.key("bytes_read").value(hashes->bytes_read);
    json.key("md5").value(hashes->md5);
    json.key("sha1").value(hashes->sha1);
    json.key("sha256").value(hashes->sha256);
    auto optional_hex = [](const std::string& text) {
      return text.empty() ? std::optional<std::string>() : std::optional<std::string>(text);
    };
    json.key("stored_md5").value(optional_hex(stored ? stored->md5 : ""));
    json.key("stored_sha1").value(optional_hex(stored ? stored->sha1 : ""));
    json.key("given_md5").value(optional_hex(*given_md5));
    json.key("given_sha1").value(optional_hex(*given_sha1));
    json.key("given_sha256").value(optional_hex(*given_sha256));
    json.key("mismatches").begin_array();
    for (const auto& c : comparisons)
      if (!c.matches()) json.value(c.label);
    json.end_array();
    json.key("damage").begin_array();
    for (const auto& d : hashes->damage) {
      json.begin_object();
      json.key("offset").value(d.offset);
      json.key("length").value(d.length);
      json.key("what").value(d.what);
      json.end_object();
    }
    json.end_array();
    json.key("verified");
    if (verified) json.value(*verified);
    else json.null();
    json.key("milliseconds").value(static_cast<uint64_t>(seconds * 1000.0));
    json.end_object();
    std::cout << json.take();
  } else {
    std::string out;
    out += fmt::format("Image:        {} ({}, {} bytes)\n", path, (*image)->format(), (*image)->size());
    out += fmt::format("MD5:          {}\nSHA-1:        {}\nSHA-256:      {}\n", hashes->md5,
                       hashes->sha1, hashes->sha256);
    for (const auto& c : comparisons)
      out += fmt::format("{:<14}{}  {}\n", c.label + ":", c.expected, c.matches() ? "match" : "MISMATCH");
    for (const auto& d : hashes->damage) out += fmt::format("Damage:       {}\n", d.what);
    out += fmt::format("Read:         {} bytes in {:.2f} s ({:.0f} MB/s)\n", hashes->bytes_read, seconds,
                       seconds > 0 ? static_cast<double>(hashes->bytes_read) / seconds / 1e6 : 0.0);
    out += fmt::format("Verified:     {}\n", !verified ? "nothing to compare"
                                             : *verified ? "yes"
                                                         : damaged && all_match ? "no (damaged chunks)" : "NO");
    std::cout << out;
  }
  return verified.value_or(true) ? kExitOk : kExitNegative;
}

}  // namespace shellcarve::cli
