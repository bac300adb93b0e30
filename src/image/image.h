// image/ -- evidence media behind one random-access, read-only interface: raw and split raw
// files, EnCase EWF (E01...) through libewf, and what else libtsk opens (VMDK, VHD). Images
// are opened O_RDONLY and never written. Only this module and volume/ include libtsk; only
// this module includes libewf.
//
// image.h: the interface every later layer reads through.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"

namespace shellcarve {

// What an EWF (E01) file's header and hash sections store about the acquisition.
struct EwfMetadata {
  std::string case_number;
  std::string evidence_number;
  std::string examiner;
  std::string description;
  std::string notes;
  std::string acquired;           // acquisition date as stored (converted to ISO 8601 when parseable)
  std::string acquiry_software;   // e.g. "ewfacquire 20140813"
  std::string acquiry_os;
  std::string md5;                // stored MD5 of the media, lowercase hex, empty if none
  std::string sha1;               // stored SHA-1 of the media, lowercase hex, empty if none
};

// A bad region the image could not deliver (e.g. an EWF chunk failing its checksum).
struct ReadDamage {
  uint64_t offset = 0;
  uint64_t length = 0;
  std::string what;
};

// Threading contract: read() may be called from several threads at once; implementations
// that wrap a non-thread-safe library serialise internally.
class Image {
 public:
  virtual ~Image() = default;

  // Fills `out` with the media bytes at [offset, offset + out.size()). Reading past the end
  // of the media is an error (kTruncated) naming the offset; so is a short read of a file.
  // An EWF chunk with a bad checksum yields its (zero-filled) bytes, records a ReadDamage
  // and returns success, so one bad chunk does not stop a run; see take_damage().
  virtual Status read(uint64_t offset, std::span<std::byte> out) = 0;

  virtual uint64_t size() const = 0;
  virtual uint32_t sector_size() const { return 512; }
  // "raw", "split-raw", "ewf", "vmdk", "vhd" ...
  virtual std::string format() const = 0;
  virtual std::vector<std::string> segments() const = 0;
  virtual std::optional<EwfMetadata> ewf_metadata() const { return std::nullopt; }

  // Damage seen by reads since the last call (thread-safe); the caller reports it.
  std::vector<ReadDamage> take_damage();

  // What opening the image found wrong but could read past: a file beside an EWF set that
  // is not part of it, a short or missing split-raw segment. Each names the file; every
  // command that opens the image says them (stderr, and the manifest where there is one).
  const std::vector<std::string>& open_warnings() const { return open_warnings_; }

 protected:
  void record_damage(ReadDamage damage);
  void add_open_warning(std::string warning) { open_warnings_.push_back(std::move(warning)); }

 private:
  struct DamageLog;
  std::shared_ptr<DamageLog> damage_ = make_damage_log();
  std::vector<std::string> open_warnings_;
  static std::shared_ptr<DamageLog> make_damage_log();
};

// Opens `path` read-only, choosing the format by content (EWF signature) and by name
// (.001/.aa split sets). Errors say what and where: a missing file, an unreadable one, a
// file that is no image we know, a missing EWF segment (named).
Result<std::unique_ptr<Image>> open_image(const std::string& path);

}  // namespace shellcarve
