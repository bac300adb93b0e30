// data_run.cpp: mapping pairs to DataRuns (see data_run.h); every sum is checked.
#include "ntfs/data_run.h"

#include <fmt/format.h>

#include <limits>

#include "common/byte_reader.h"

namespace shellcarve::ntfs {
namespace {

constexpr uint64_t kMaxLcn = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

}  // namespace

DataRunDecoding decode_data_runs(std::span<const std::byte> mapping_pairs, uint64_t origin,
                                 uint64_t first_vcn, const Limits& limits) {
  DataRunDecoding out;
  const ByteReader reader(mapping_pairs, origin);
  size_t pos = 0;
  uint64_t vcn = first_vcn;
  int64_t lcn = 0;
  auto stop = [&](std::string why) {
    out.damage = fmt::format("data run {} at offset {}: {}", out.runs.size(), origin + pos,
                             std::move(why));
  };
  while (true) {
    auto header = reader.u8(pos, "data run header");
    if (!header) {
      stop("mapping pairs end without the terminating 0 byte; list truncated");
      return out;
    }
    if (*header == 0) return out;
    const size_t length_size = *header & 0x0F;
    const size_t offset_size = *header >> 4;
    if (length_size == 0 || length_size > 8 || offset_size > 8) {
      stop(fmt::format("header byte {:#04x} has impossible field sizes", *header));
      return out;
    }
    if (out.runs.size() >= limits.max_data_runs) {
      stop(fmt::format("limit max_data_runs ({}) reached; later runs dropped",
                       limits.max_data_runs));
      return out;
    }
    auto length = reader.uint_n(pos + 1, length_size, "data run length");
    if (!length) {
      stop(length.error().message);
      return out;
    }
    if (*length == 0) {
      stop("run length is 0");
      return out;
    }
    if (*length > std::numeric_limits<uint64_t>::max() - vcn) {
      stop(fmt::format("VCN {} + length {} overflows", vcn, *length));
      return out;
    }
    DataRun run{vcn, *length, std::nullopt};
    if (offset_size > 0) {
      auto delta = reader.int_n(pos + 1 + length_size, offset_size, "data run LCN offset");
      if (!delta) {
        stop(delta.error().message);
        return out;
      }
      int64_t next = 0;
      if (__builtin_add_overflow(lcn, *delta, &next) || next < 0) {
        stop(fmt::format("LCN {} + offset {} is negative or overflows", lcn, *delta));
        return out;
      }
      if (*length - 1 > kMaxLcn - static_cast<uint64_t>(next)) {
        stop(fmt::format("run at LCN {} of {} clusters ends past the largest LCN", next,
                         *length));
        return out;
      }
      lcn = next;
      run.lcn = static_cast<uint64_t>(lcn);
    }
    out.runs.push_back(run);
    vcn += *length;
    pos += 1 + length_size + offset_size;
  }
}

}  // namespace shellcarve::ntfs
