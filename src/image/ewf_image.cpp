// EwfImage through libewf 20140813 (Debian 12's libewf-dev): the only file that includes
// libewf. libewf_glob lists the files named like the set's segments; select_ewf_segment_set
// keeps exactly the set's own (up to the segment holding "done", same acquisition; libewf
// itself opens an incomplete set without complaint and reads any stray file it is given)
// and names the others, which libewf never sees. libewf handles are not thread-safe, so
// every call on a handle holds its lane's mutex. Chunks failing their Adler-32 checksum are
// zero-filled by libewf (set_read_zero_chunk_on_error) and listed in its checksum-error
// list; after each read we turn new entries of that list into ReadDamage with their media
// offset. libewf's errors reach ours whole (its backtrace: the cause is at the bottom).
#include "image/ewf_image.h"

#include <fmt/format.h>
#include <libewf.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <mutex>
#include <thread>

#include "image/ewf_segment_set.h"

namespace shellcarve {
namespace {

// Owns a libewf_error_t; converts it to our message text.
class EwfError {
 public:
  EwfError() = default;
  EwfError(const EwfError&) = delete;
  EwfError& operator=(const EwfError&) = delete;
  ~EwfError() {
    if (error_ != nullptr) libewf_error_free(&error_);
  }
  libewf_error_t** out() { return &error_; }
  // libewf's whole backtrace on one line. libewf_error_sprint gives only the outermost
  // message ("libewf_handle_open: unable to open handle using a file IO pool"); the
  // backtrace has every function's message, from the cause ("checksum does not match",
  // "segment number mismatch") outwards.
  std::string message() const {
    if (error_ == nullptr) return "unknown libewf error";
    std::vector<char> text(4096);
    while (libewf_error_backtrace_sprint(error_, text.data(), text.size()) < 0) {
      if (text.size() >= (1u << 20)) return "unknown libewf error";
      text.resize(text.size() * 4);
    }
    text.back() = '\0';
    std::string line;
    bool break_pending = false;
    for (const char* c = text.data(); *c != '\0'; ++c) {
      if (*c == '\n' || *c == '\r') {
        if (!line.empty() && line.back() == '.') line.pop_back();  // each line is a sentence
        break_pending = !line.empty();
        continue;
      }
      if (break_pending) line += "; ";
      break_pending = false;
      line += *c;
    }
    while (!line.empty() && (std::isspace(static_cast<unsigned char>(line.back())) || line.back() == '.'))
      line.pop_back();
    return line.empty() ? "unknown libewf error" : line;
  }

 private:
  libewf_error_t* error_ = nullptr;
};

struct HandleDeleter {
  void operator()(libewf_handle_t* handle) const {
    libewf_handle_close(handle, nullptr);
    libewf_handle_free(&handle, nullptr);
  }
};
using HandlePtr = std::unique_ptr<libewf_handle_t, HandleDeleter>;

// The filenames libewf_glob returns, freed with libewf_glob_free.
struct GlobResult {
  char** names = nullptr;
  int count = 0;
  GlobResult() = default;
  GlobResult(const GlobResult&) = delete;
  GlobResult& operator=(const GlobResult&) = delete;
  ~GlobResult() {
    if (names != nullptr) libewf_glob_free(names, count, nullptr);
  }
};

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Handles per image: one per core, up to this many (each keeps its own chunk cache and
// file descriptors for every segment).
constexpr unsigned kMaxHandles = 4;

// A read-only handle on the segment set, set to return zeros for chunks failing their
// checksum (listed as damage) and to render dates as ISO 8601.
Result<HandlePtr> open_handle(const std::vector<std::string>& paths) {
  // libewf_handle_open takes `char* const[]`; it does not write through the pointers.
  std::vector<char*> names;
  for (const auto& path : paths) names.push_back(const_cast<char*>(path.c_str()));
  libewf_handle_t* raw_handle = nullptr;
  {
    EwfError error;
    if (libewf_handle_initialize(&raw_handle, error.out()) != 1)
      return fail(ErrorCode::kIo, fmt::format("libewf cannot start: {}", error.message()));
  }
  HandlePtr handle(raw_handle);
  {
    EwfError error;
    if (libewf_handle_open(handle.get(), names.data(), static_cast<int>(names.size()), LIBEWF_OPEN_READ,
                           error.out()) != 1)
      return fail(ErrorCode::kCorrupt, fmt::format("cannot open EWF image '{}' ({} segment files): {}",
                                                   paths.front(), paths.size(), error.message()));
  }
  // A chunk failing its checksum is returned as zeros and listed, instead of failing the read.
  libewf_handle_set_read_zero_chunk_on_error(handle.get(), 1, nullptr);
  // Dates as ISO 8601 ("2014-04-20T05:56:50"). EWF v1 header sections store the acquiry
  // date as "YYYY M D h m s" in the acquiring machine's local time (header2: a POSIX
  // timestamp that libewf renders in local time too), with no time zone, so the value is
  // local time of unknown zone and carries no "Z".
  libewf_handle_set_header_values_date_format(handle.get(), LIBEWF_DATE_FORMAT_ISO8601, nullptr);
  return handle;
}

class EwfImageImpl final : public Image {
 public:
  // `handles` are independent handles on the same segment set: libewf serialises work on
  // one handle, so each reader thread takes its own and chunks inflate on all cores.
  EwfImageImpl(std::vector<HandlePtr> handles, EwfSegmentSet set, uint64_t size, uint32_t sector_size,
               EwfMetadata metadata)
      : lanes_(handles.size()),
        set_(std::move(set)),
        size_(size),
        sector_size_(sector_size),
        metadata_(std::move(metadata)) {
    for (size_t i = 0; i < handles.size(); ++i) lanes_[i].handle = std::move(handles[i]);
    for (const auto& warning : set_.warnings) add_open_warning(warning);
  }

  Status read(uint64_t offset, std::span<std::byte> out) override {
    if (offset > size_ || out.size() > size_ - offset)
      return fail(ErrorCode::kTruncated,
                  fmt::format("read of {} bytes at media offset {} runs past the end of the "
                              "EWF media ({} bytes)",
                              out.size(), offset, size_));
    Lane& lane = take_lane();
    std::lock_guard lock(lane.mutex, std::adopt_lock);
    libewf_handle_t* handle = lane.handle.get();
    size_t done = 0;
    while (done < out.size()) {
      EwfError error;
      const ssize_t n = libewf_handle_read_random(
          handle, out.data() + done, out.size() - done,
          static_cast<off64_t>(offset + done), error.out());
      if (n < 0)
        return fail(ErrorCode::kIo,
                    fmt::format("EWF read of {} bytes at media offset {} in {} failed: {}",
                                out.size() - done, offset + done, where(offset + done),
                                error.message()));
      if (n == 0)
        return fail(ErrorCode::kTruncated,
                    fmt::format("EWF media returned no data at media offset {} in {}", offset + done,
                                where(offset + done)));
      done += static_cast<size_t>(n);
    }
    note_checksum_errors(handle);
    return {};
  }

  uint64_t size() const override { return size_; }
  uint32_t sector_size() const override { return sector_size_; }
  std::string format() const override { return "ewf"; }
  std::vector<std::string> segments() const override { return set_.paths; }
  std::optional<EwfMetadata> ewf_metadata() const override { return metadata_; }

 private:
  struct Lane {
    std::mutex mutex;
    HandlePtr handle;
  };

  // The segment file holding `media_offset`, as its chunk tables place it.
  std::string where(uint64_t media_offset) const {
    if (auto segment = set_.segment_at(media_offset)) return fmt::format("segment '{}'", *segment);
    return fmt::format("the set of '{}'", set_.paths.front());
  }

  // A free lane if there is one (each thread starts its search at a different lane), else
  // waits for the thread's own. Returns with the lane's mutex locked.
  Lane& take_lane() {
    const size_t start = std::hash<std::thread::id>()(std::this_thread::get_id()) % lanes_.size();
    for (size_t i = 0; i < lanes_.size(); ++i) {
      Lane& lane = lanes_[(start + i) % lanes_.size()];
      if (lane.mutex.try_lock()) return lane;
    }
    lanes_[start].mutex.lock();
    return lanes_[start];
  }

  // Records, as ReadDamage, the sectors of libewf's checksum-error list not reported yet.
  // libewf keeps the list as merged ranges of sectors, so a range may grow between reads;
  // `reported_` (start -> end sector) remembers what we already told, across handles.
  void note_checksum_errors(libewf_handle_t* handle) {
    uint32_t count = 0;
    if (libewf_handle_get_number_of_checksum_errors(handle, &count, nullptr) != 1 || count == 0)
      return;
    std::lock_guard lock(damage_mutex_);
    for (uint32_t i = 0; i < count; ++i) {
      uint64_t start = 0;
      uint64_t sectors = 0;
      if (libewf_handle_get_checksum_error(handle, i, &start, &sectors, nullptr) != 1)
        continue;
      uint64_t cursor = start;
      const uint64_t end = start + sectors;
      while (cursor < end) {
        // The reported range covering `cursor`, if any.
        auto it = reported_.upper_bound(cursor);
        if (it != reported_.begin() && std::prev(it)->second > cursor) {
          cursor = std::prev(it)->second;
          continue;
        }
        const uint64_t gap_end = it == reported_.end() ? end : std::min(end, it->first);
        report(cursor, gap_end);
        reported_[cursor] = gap_end;
        cursor = gap_end;
      }
    }
  }

  void report(uint64_t first_sector, uint64_t end_sector) {
    const uint64_t offset = first_sector * sector_size_;
    const uint64_t length = (end_sector - first_sector) * sector_size_;
    record_damage(ReadDamage{
        offset, length,
        fmt::format("EWF chunk data at media offset {} ({} bytes, sectors {}-{}) in {} fails its "
                    "checksum; read as zeros",
                    offset, length, first_sector, end_sector - 1, where(offset))});
  }

  std::vector<Lane> lanes_;
  std::mutex damage_mutex_;
  EwfSegmentSet set_;
  uint64_t size_ = 0;
  uint32_t sector_size_ = 512;
  EwfMetadata metadata_;
  std::map<uint64_t, uint64_t> reported_;
};

// A UTF-8 header value ("case_number", "acquiry_date" ...), "" when absent.
std::string header_value(libewf_handle_t* handle, const char* identifier) {
  const auto* id = reinterpret_cast<const uint8_t*>(identifier);
  const size_t id_length = std::char_traits<char>::length(identifier);
  size_t size = 0;
  if (libewf_handle_get_utf8_header_value_size(handle, id, id_length, &size, nullptr) != 1 ||
      size == 0)
    return {};
  std::string value(size, '\0');
  if (libewf_handle_get_utf8_header_value(handle, id, id_length,
                                          reinterpret_cast<uint8_t*>(value.data()), size,
                                          nullptr) != 1)
    return {};
  value.resize(std::char_traits<char>::length(value.c_str()));
  return value;
}

std::string hash_value(libewf_handle_t* handle, const char* identifier) {
  const auto* id = reinterpret_cast<const uint8_t*>(identifier);
  const size_t id_length = std::char_traits<char>::length(identifier);
  std::array<char, 160> text{};
  if (libewf_handle_get_utf8_hash_value(handle, id, id_length,
                                        reinterpret_cast<uint8_t*>(text.data()), text.size(),
                                        nullptr) != 1)
    return {};
  return lower(std::string(text.data()));
}

}  // namespace

Result<std::unique_ptr<Image>> EwfImage::open(const std::string& first_segment) {
  GlobResult glob;
  {
    EwfError error;
    if (libewf_glob(first_segment.c_str(), first_segment.size(), LIBEWF_FORMAT_UNKNOWN,
                    &glob.names, &glob.count, error.out()) != 1)
      return fail(ErrorCode::kNotFound, fmt::format("cannot find the EWF segments of '{}': {}",
                                                    first_segment, error.message()));
  }
  std::vector<std::string> candidates(glob.names, glob.names + glob.count);
  if (candidates.empty())
    return fail(ErrorCode::kNotFound,
                fmt::format("cannot find the EWF segments of '{}'", first_segment));
  SC_ASSIGN_OR_RETURN(EwfSegmentSet set, select_ewf_segment_set(candidates));

  SC_ASSIGN_OR_RETURN(HandlePtr handle, open_handle(set.paths));
  size64_t media_size = 0;
  uint32_t bytes_per_sector = 0;
  {
    EwfError error;
    if (libewf_handle_get_media_size(handle.get(), &media_size, error.out()) != 1)
      return fail(ErrorCode::kCorrupt, fmt::format("EWF image '{}' states no media size: {}",
                                                   first_segment, error.message()));
  }
  {
    EwfError error;
    if (libewf_handle_get_bytes_per_sector(handle.get(), &bytes_per_sector, error.out()) != 1 ||
        bytes_per_sector == 0)
      bytes_per_sector = 512;
  }
  if (media_size == 0)
    return fail(ErrorCode::kCorrupt,
                fmt::format("EWF image '{}' holds no media (size 0)", first_segment));

  EwfMetadata metadata;
  metadata.case_number = header_value(handle.get(), "case_number");
  metadata.evidence_number = header_value(handle.get(), "evidence_number");
  metadata.examiner = header_value(handle.get(), "examiner_name");
  metadata.description = header_value(handle.get(), "description");
  metadata.notes = header_value(handle.get(), "notes");
  metadata.acquired = header_value(handle.get(), "acquiry_date");
  metadata.acquiry_software = header_value(handle.get(), "acquiry_software_version");
  metadata.acquiry_os = header_value(handle.get(), "acquiry_operating_system");
  metadata.md5 = hash_value(handle.get(), "MD5");
  metadata.sha1 = hash_value(handle.get(), "SHA1");

  std::vector<HandlePtr> handles;
  handles.push_back(std::move(handle));
  const unsigned lanes = std::clamp(std::thread::hardware_concurrency(), 1u, kMaxHandles);
  while (handles.size() < lanes) {
    auto extra = open_handle(set.paths);
    if (!extra) break;  // the first handle works; fewer lanes only cost speed
    handles.push_back(std::move(*extra));
  }
  return std::unique_ptr<Image>(new EwfImageImpl(std::move(handles), std::move(set),
                                                 media_size, bytes_per_sector,
                                                 std::move(metadata)));
}

}  // namespace shellcarve
