// Shared test helpers, generic to every module's tests: a temporary directory removed at the
// end of the test, running a shell command or the built shellcarve binary and capturing its
// status and output, checking that an external tool (mkntfs, ewfacquire, mmls ...) is
// installed, finding the shared corpus (../shared/corpus beside the source tree, or
// /work/shared/corpus) and unpacking its compressed images into the build tree once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <memory>
#include <string>
#include <vector>

namespace shellcarve::test {

// A fresh directory under the build tree, removed (recursively) when destroyed.
class TempDir {
 public:
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int status = -1;  // exit status, or -1 when the command did not exit normally
  std::string out;
  std::string err;
};

// Runs `command` with /bin/sh -c, capturing stdout and stderr.
CommandResult run_command(const std::string& command);

// Runs the built shellcarve binary with `args` (each shell-quoted).
CommandResult run_shellcarve(const std::vector<std::string>& args);

// One `shellcarve scan IMAGE --out TMP/case EXTRA...` kept for a whole test suite: the
// folder, what the command said, and findings.json.
struct ScanRun {
  TempDir dir;
  CommandResult result;
  std::string json;
  std::filesystem::path case_dir() const { return dir / "case"; }
};
std::unique_ptr<ScanRun> run_scan_into_temp(const std::string& image, const std::vector<std::string>& extra);

// The scan of committed test image `name` (test_image) with `extra`, run once per test
// process and shared by every fixture that asks for the same pair; nullptr when the image
// cannot be unpacked.
const ScanRun* shared_scan_of_test_image(const std::string& name, const std::vector<std::string>& extra);

// The JSON object of the finding whose "path" is `path` (text between its braces), looked
// for in findings.json's "findings" array only; "" when there is none.
std::string finding_for(const std::string& json, const std::string& path);

// Quotes `text` for /bin/sh.
std::string shell_quote(const std::string& text);

// True when `tool` is on PATH (or in /sbin, /usr/sbin).
bool have_tool(const std::string& tool);

// The shared corpus directory, or nullopt when absent (a fresh CI machine).
std::optional<std::filesystem::path> corpus_dir();

// `relative` (e.g. "images/dfir_ntfs/ntfs3.raw.gz") unpacked into the build tree and the
// path of the unpacked image: gzip files are decompressed, tars (.tgz, .tar.gz) extracted
// (compressed or not) with sparse-file support and `member` (the file inside) returned, zips with `unzip`.
// Done once per build tree (later calls reuse it); nullopt when the corpus or the tool is
// absent.
std::optional<std::filesystem::path> unpack_corpus_image(const std::string& relative,
                                                         const std::string& member = "");

// Acquires `raw` into an EWF set `target`.E01, .E02 ... with ewfacquire (unattended,
// uncompressed, EnCase 6, MD5 and SHA-1 stored, fixed case metadata: case "C-42", evidence
// "EV-7", examiner "Ann Examiner", description "test media", notes "made by a test").
// `extra_args` go to ewfacquire (e.g. "-S 1MiB" for 1 MiB segments). False when
// ewfacquire is absent or fails.
bool make_ewf(const std::filesystem::path& raw, const std::filesystem::path& target,
              const std::string& extra_args = "");

// A committed test image (test-images/NAME); NAME ending in .gz is unpacked into the build
// tree once and the unpacked path returned. nullopt when the file is absent.
std::optional<std::filesystem::path> test_image(const std::string& name);

// The values of every `"key": value` pair in JSON text, in document order, as written
// (strings unquoted and unescaped for \" and \\ only; null as "null"). Enough for the flat
// keys our tests compare; not a JSON parser.
std::vector<std::string> json_values(const std::string& json, const std::string& key);

// Reads a whole file as text ("" when it cannot be read).
std::string read_text(const std::filesystem::path& path);
// The bytes of `text`, for tests that feed byte parsers and scanners literal strings.
std::vector<std::byte> bytes_of(const std::string& text);
// Writes bytes to a file, replacing it.
void write_bytes(const std::filesystem::path& path, const std::vector<std::byte>& bytes);
// `size` bytes of deterministic pseudo-random data from `seed`.
std::vector<std::byte> pseudo_random_bytes(size_t size, uint64_t seed);

}  // namespace shellcarve::test
