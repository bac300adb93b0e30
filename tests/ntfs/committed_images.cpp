#include "ntfs/committed_images.h"

#include <unistd.h>

#include <fstream>
#include <mutex>
#include <string>

#include "support/test_support.h"

namespace shellcarve::test {

std::filesystem::path committed_image(const std::string& name) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  const std::filesystem::path source = std::filesystem::path(SHELLCARVE_SOURCE_DIR) / "test-images";
  if (std::filesystem::exists(source / name)) return source / name;
  const std::filesystem::path gz = source / (name + ".gz");
  if (!std::filesystem::exists(gz)) return {};
  const std::filesystem::path target =
      std::filesystem::path(SHELLCARVE_BUILD_DIR) / "test-images-unpacked" / name;
  if (std::filesystem::exists(target) &&
      std::filesystem::last_write_time(target) >= std::filesystem::last_write_time(gz))
    return target;
  std::filesystem::create_directories(target.parent_path());
  // ctest runs tests as separate processes: each unpacks under its own name, then renames
  // (atomic), so two unpacking the same image at once never see a half-written file.
  const std::string partial = target.string() + ".partial." + std::to_string(::getpid());
  const auto result = run_command("gzip -dc " + shell_quote(gz.string()) + " > " +
                                  shell_quote(partial) + " && mv " + shell_quote(partial) + " " +
                                  shell_quote(target.string()));
  return result.status == 0 ? target : std::filesystem::path();
}

std::map<std::string, std::string> image_facts(const std::string& name) {
  std::map<std::string, std::string> facts;
  std::ifstream in(std::filesystem::path(SHELLCARVE_SOURCE_DIR) / "test-images/expected" / name);
  for (std::string line; std::getline(in, line);)
    if (const auto eq = line.find('='); eq != std::string::npos && !line.starts_with("#"))
      facts[line.substr(0, eq)] = line.substr(eq + 1);
  return facts;
}

}  // namespace shellcarve::test
