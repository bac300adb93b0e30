#include "report/manifest.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "common/display_text.h"
#include "common/filetime.h"
#include "image/media_hasher.h"
#include "common/atomic_file.h"
#include "common/digest.h"
#include "common/json_writer.h"
#include "version.h"

namespace shellcarve {

std::string now_iso8601() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  const auto ticks = std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count() / 100;
  return filetime_to_iso8601(kFiletimeUnixEpoch + static_cast<uint64_t>(ticks));
}

Result<ManifestImage> describe_image_for_manifest(Image& image, bool hash, const std::function<bool()>& cancelled) {
  ManifestImage m;
  m.segments = image.segments();
  m.size = image.size();
  m.format = image.format();
  if (const auto ewf = image.ewf_metadata()) {
    m.stored_md5 = ewf->md5;
    m.stored_sha1 = ewf->sha1;
  }
  if (!hash) return m;
  HashOptions options;
  options.cancelled = cancelled;
  SC_ASSIGN_OR_RETURN(const MediaHashes hashes, hash_media(image, options));
  m.md5 = hashes.md5;
  m.sha1 = hashes.sha1;
  m.sha256 = hashes.sha256;
  for (const auto& d : hashes.damage)
    m.damage.push_back(fmt::format("{} bytes at {}: {}", d.length, d.offset, d.what));
  if (!m.stored_md5.empty() || !m.stored_sha1.empty())
    m.verified = hashes.damage.empty() && (m.stored_md5.empty() || m.stored_md5 == hashes.md5) &&
                 (m.stored_sha1.empty() || m.stored_sha1 == hashes.sha1);
  return m;
}

std::string render_manifest(const RunManifest& r) {
  JsonWriter json;
  json.begin_object();
  json.key("tool").begin_object();
  json.key("name").value("shellcarve");
  json.key("version").value(kVersion);
  json.key("git_commit").value(kGitCommit);
  json.end_object();
  json.key("command_line").value(r.command_line);
  json.key("started").value(r.started);
  json.key("finished").value(r.finished);
  json.key("examiner").value(r.examiner);
  json.key("case_number").value(r.case_number);
  json.key("evidence_number").value(r.evidence_number);
  json.key("image").begin_object();
  json.key("segments").begin_array();
  for (const auto& s : r.image.segments) json.value(s);
  json.end_array();
  json.key("size").value(r.image.size);
  json.key("format").value(r.image.format);
  json.key("stored_md5").value(r.image.stored_md5);
  json.key("stored_sha1").value(r.image.stored_sha1);
  json.key("md5").value(r.image.md5);
  json.key("sha1").value(r.image.sha1);
  json.key("sha256").value(r.image.sha256);
  json.key("verified");
  if (r.image.verified) json.value(*r.image.verified);
  else json.null();
  json.key("damage").begin_array();
  for (const auto& d : r.image.damage) json.value(d);
  json.end_array();
  json.end_object();
  json.key("options").begin_object();
  for (const auto& [k, v] : r.options) json.key(k).value(v);
  json.end_object();
  json.key("outputs").begin_array();
  for (const auto& o : r.outputs) {
    json.begin_object();
    json.key("name").value(o.name);
    json.key("size").value(o.size);
    json.key("sha256").value(o.sha256);
    json.end_object();
  }
  json.end_array();
  json.key("warnings").begin_array();
  for (const auto& w : r.warnings) json.value(w);
  json.end_array();
  json.end_object();
  return json.take();
}

bool is_safe_output_name(std::string_view name) {
  if (name.empty() || name.front() == '/') return false;
  size_t start = 0;
  while (start <= name.size()) {
    const size_t end = std::min(name.find('/', start), name.size());
    const std::string_view component = name.substr(start, end - start);
    if (component.empty() || component == "." || component == "..") return false;
    start = end + 1;
  }
  return escape_unsafe_text(name) == name;  // no NUL, no controls, valid UTF-8
}

Status OutputSet::write(const std::string& name, std::string_view content) {
  // Defence in depth: output names are ours (evidence files are named by SHA-256), but a
  // name that could leave the output directory is refused rather than trusted.
  if (!is_safe_output_name(name))
    return fail(ErrorCode::kInvalidArgument, "refusing to write output '" + escape_unsafe_text(name) +
                                                 "': not a plain relative name");
  SC_RETURN_IF_ERROR(write_file_atomically(path_of(name), content));
  outputs_.push_back({name, content.size(), sha256_hex(content)});
  return {};
}

Status OutputSet::write_streamed(const std::string& name,
                                 const std::function<void(const PieceSink&)>& render) {
  SC_ASSIGN_OR_RETURN(AtomicFileWriter file, AtomicFileWriter::create(path_of(name)));
  Sha256Stream sha256;
  uint64_t size = 0;
  Status status;
  render([&](std::string_view piece) {
    if (!status) return;
    status = file.append(piece);
    sha256.update(piece);
    size += piece.size();
  });
  SC_RETURN_IF_ERROR(status);
  SC_RETURN_IF_ERROR(file.commit());
  outputs_.push_back({name, size, sha256.finish_hex()});
  return {};
}

}  // namespace shellcarve
