// The run manifest (manifest.json), written beside every output set so the outputs can be
// tied to the tool, the image and the options that produced them: tool version and git
// commit, command line, start and end time, examiner and case, image identity (paths, size,
// format, stored and computed hashes, verification), options, and the SHA-256 of every
// output file. Outputs are written through OutputSet, atomically.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/manifest_output.h"
#include "image/image.h"

namespace shellcarve {

struct ManifestImage {
  std::vector<std::string> segments;
  uint64_t size = 0;
  std::string format;
  std::string stored_md5, stored_sha1;
  std::optional<std::string> md5, sha1, sha256;  // computed; absent when not hashed
  std::optional<bool> verified;                   // against stored hashes
  std::vector<std::string> damage;
};

struct RunManifest {
  std::string command_line;
  std::string started, finished;  // ISO 8601 UTC
  std::string examiner, case_number, evidence_number;
  ManifestImage image;
  std::map<std::string, std::string> options;
  std::vector<ManifestOutput> outputs;
  std::vector<std::string> warnings;
};

std::string render_manifest(const RunManifest& manifest);

// The current time in ISO 8601 UTC with seven fractional digits.
std::string now_iso8601();

// Fills the image part: identity, stored hashes and, when `hash` is set, a full pass that
// computes MD5/SHA-1/SHA-256 and compares them with the stored ones.
// `cancelled` (optional) stops the hashing pass early with an error.
Result<ManifestImage> describe_image_for_manifest(Image& image, bool hash,
                                                  const std::function<bool()>& cancelled = {});

// True when `name` is a relative path of non-empty components, none of them "." or "..",
// with no control or bidi character and valid UTF-8 -- a name that cannot leave the output
// directory (the examiner's own file names, spaces and all, pass).
bool is_safe_output_name(std::string_view name);

// Writes files into one directory atomically and remembers their SHA-256 for the manifest.
class OutputSet {
 public:
  explicit OutputSet(std::string directory) : directory_(std::move(directory)) {}
  // `name` is chosen by us, never taken from the image.
  Status write(const std::string& name, std::string_view content);
  // The same for content rendered in pieces: `render` hands each piece, in order, to the
  // sink it is given; the file is written and hashed as they come, never held whole (a
  // timeline of a whole volume runs to GiBs). An error writing stops the output: later
  // pieces are dropped and the error returned.
  using PieceSink = std::function<void(std::string_view)>;
  Status write_streamed(const std::string& name, const std::function<void(const PieceSink&)>& render);
  const std::vector<ManifestOutput>& outputs() const { return outputs_; }
  std::string path_of(const std::string& name) const { return directory_ + "/" + name; }

 private:
  std::string directory_;
  std::vector<ManifestOutput> outputs_;
};

}  // namespace shellcarve
