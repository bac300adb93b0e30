#include "support/test_support.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>

namespace shellcarve::test {
namespace fs = std::filesystem;

TempDir::TempDir() {
  const fs::path base = fs::path(SHELLCARVE_BUILD_DIR) / "test-tmp";
  fs::create_directories(base);
  std::string pattern = (base / "t-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  // Tests may chmod files to 000; removal as their owner still works on the directory.
  fs::remove_all(path_, ec);
}

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) {
    if (c == '\'') quoted += "'\\''";
    else quoted.push_back(c);
  }
  quoted.push_back('\'');
  return quoted;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

CommandResult run_command(const std::string& command) {
  TempDir dir;
  const fs::path out = dir / "stdout";
  const fs::path err = dir / "stderr";
  const std::string full = "( " + command + " ) >" + shell_quote(out.string()) + " 2>" +
                           shell_quote(err.string());
  const int raw = std::system(full.c_str());
  CommandResult result;
  if (raw != -1 && WIFEXITED(raw)) result.status = WEXITSTATUS(raw);
  result.out = read_text(out);
  result.err = read_text(err);
  return result;
}

CommandResult run_shellcarve(const std::vector<std::string>& args) {
  std::string command = shell_quote(SHELLCARVE_BINARY);
  for (const auto& arg : args) command += " " + shell_quote(arg);
  return run_command(command);
}

bool have_tool(const std::string& tool) {
  return run_command("PATH=\"$PATH:/sbin:/usr/sbin\" command -v " + shell_quote(tool)).status == 0;
}

std::optional<fs::path> corpus_dir() {
  const fs::path candidates[] = {fs::path(SHELLCARVE_SOURCE_DIR) / ".." / "shared" / "corpus",
                                 fs::path("/work/shared/corpus")};
  for (const auto& candidate : candidates) {
    std::error_code ec;
    if (fs::is_directory(candidate / "images", ec)) return fs::canonical(candidate, ec);
  }
  return std::nullopt;
}

std::optional<fs::path> unpack_corpus_image(const std::string& relative, const std::string& member) {
  const auto corpus = corpus_dir();
  if (!corpus) return std::nullopt;
  const fs::path source = *corpus / relative;
  std::error_code ec;
  if (!fs::exists(source, ec)) return std::nullopt;
  const std::string name = source.filename().string();
  auto ends_with = [&](const std::string& suffix) {
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  const fs::path target_dir = fs::path(SHELLCARVE_BUILD_DIR) / "corpus-unpacked" / fs::path(relative).parent_path();
  fs::create_directories(target_dir);
  fs::path target;
  if (ends_with(".tgz") || ends_with(".tar.gz") || ends_with(".zip")) {
    if (member.empty()) return std::nullopt;
    target = target_dir / member;
  } else if (ends_with(".gz")) {
    target = target_dir / name.substr(0, name.size() - 3);
  } else {
    return source;
  }
  if (fs::exists(target, ec)) return target;
  // Unpack into a private directory, then rename into place: tests run in parallel.
  const fs::path staging = target_dir / (".staging-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(staging, ec);
  fs::create_directories(staging);
  std::string command;
  if (ends_with(".zip")) {
    if (!have_tool("unzip")) return std::nullopt;
    command = "unzip -q -o " + shell_quote(source.string()) + " -d " + shell_quote(staging.string());
  } else if (ends_with(".gz") && !ends_with(".tar.gz")) {
    command = "gzip -dc " + shell_quote(source.string()) + " > " +
              shell_quote((staging / target.filename()).string());
  } else {
    command = "tar -xSf " + shell_quote(source.string()) + " -C " + shell_quote(staging.string());
  }
  const auto result = run_command(command);
  const fs::path unpacked = staging / (member.empty() ? target.filename().string() : member);
  if (result.status != 0 || !fs::exists(unpacked, ec)) {
    fs::remove_all(staging, ec);
    return std::nullopt;
  }
  fs::create_directories(target.parent_path());
  fs::rename(unpacked, target, ec);
  fs::remove_all(staging, ec);
  if (fs::exists(target)) return target;
  return std::nullopt;
}

bool make_ewf(const fs::path& raw, const fs::path& target, const std::string& extra_args) {
  if (!have_tool("ewfacquire")) return false;
  const std::string command =
      "ewfacquire -u -q -c none -f encase6 -d sha1 -C C-42 -E EV-7 -e 'Ann Examiner' "
      "-D 'test media' -N 'made by a test' " + extra_args + " -t " +
      shell_quote(target.string()) + " " + shell_quote(raw.string());
  std::error_code ec;
  return run_command(command).status == 0 && fs::exists(target.string() + ".E01", ec);
}

std::optional<fs::path> test_image(const std::string& name) {
  const fs::path source = fs::path(SHELLCARVE_SOURCE_DIR) / "test-images" / name;
  std::error_code ec;
  if (!fs::exists(source, ec)) return std::nullopt;
  if (source.extension() != ".gz") return source;
  const fs::path target = fs::path(SHELLCARVE_BUILD_DIR) / "test-images-unpacked" /
                          fs::path(name).parent_path() / source.stem();
  // An unpacked copy older than its .gz is stale (the image was rebuilt): unpack again.
  if (fs::exists(target, ec) && fs::last_write_time(target, ec) >= fs::last_write_time(source, ec)) return target;
  fs::create_directories(target.parent_path());
  const fs::path staging = target.string() + ".staging-" + std::to_string(::getpid());
  if (run_command("gzip -dc " + shell_quote(source.string()) + " > " + shell_quote(staging.string()))
          .status != 0) {
    fs::remove(staging, ec);
    return std::nullopt;
  }
  fs::rename(staging, target, ec);
  return target;
}

std::vector<std::string> json_values(const std::string& json, const std::string& key) {
  std::vector<std::string> values;
  const std::string needle = "\"" + key + "\":";
  for (size_t at = json.find(needle); at != std::string::npos; at = json.find(needle, at + 1)) {
    size_t i = at + needle.size();
    while (i < json.size() && json[i] == ' ') ++i;
    std::string value;
    if (i < json.size() && json[i] == '"') {
      for (++i; i < json.size() && json[i] != '"'; ++i) {
        if (json[i] == '\\' && i + 1 < json.size()) ++i;
        value.push_back(json[i]);
      }
    } else {
      while (i < json.size() && json[i] != ',' && json[i] != '\n' && json[i] != '}' && json[i] != ']')
        value.push_back(json[i++]);
    }
    values.push_back(value);
  }
  return values;
}

void write_bytes(const fs::path& path, const std::vector<std::byte>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

std::vector<std::byte> pseudo_random_bytes(size_t size, uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::vector<std::byte> bytes(size);
  size_t i = 0;
  while (i < size) {
    uint64_t value = engine();
    for (int k = 0; k < 8 && i < size; ++k, ++i) {
      bytes[i] = static_cast<std::byte>(value & 0xFF);
      value >>= 8;
    }
  }
  return bytes;
}

std::vector<std::byte> bytes_of(const std::string& text) {
  std::vector<std::byte> out(text.size());
  std::transform(text.begin(), text.end(), out.begin(), [](char c) { return static_cast<std::byte>(c); });
  return out;
}

std::unique_ptr<ScanRun> run_scan_into_temp(const std::string& image, const std::vector<std::string>& extra) {
  auto run = std::make_unique<ScanRun>();
  std::vector<std::string> args{"scan", image, "--out", run->case_dir().string()};
  args.insert(args.end(), extra.begin(), extra.end());
  run->result = run_shellcarve(args);
  run->json = read_text(run->case_dir() / "findings.json");
  return run;
}

const ScanRun* shared_scan_of_test_image(const std::string& name, const std::vector<std::string>& extra) {
  static std::map<std::vector<std::string>, std::unique_ptr<ScanRun>> runs;
  std::vector<std::string> key{name};
  key.insert(key.end(), extra.begin(), extra.end());
  auto& run = runs[key];
  if (!run) {
    const auto image = test_image(name);
    if (!image) return nullptr;
    run = run_scan_into_temp(image->string(), extra);
  }
  return run.get();
}

std::string finding_for(const std::string& json, const std::string& path) {
  const size_t findings = json.find("\"findings\": [");
  const size_t at = json.find("\"path\": \"" + path + "\"", findings == std::string::npos ? 0 : findings);
  if (at == std::string::npos) return {};
  const size_t begin = json.rfind('{', at);
  return json.substr(begin, json.find("\n    }", at) - begin);
}

}  // namespace shellcarve::test
