#include "carve/slack.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>

#include "carve/free_space.h"
#include "ntfs/mft_record_parser.h"

namespace shellcarve::carve {
namespace {

constexpr uint64_t kRecordsPerChunk = 4096;

// A stream's last cluster and where in it the stream's data ends.
struct SlackCluster {
  uint64_t lcn = 0;
  uint64_t begin = 0;  // first slack byte within the cluster (= data size % cluster size)
  uint64_t data_size = 0;
  ntfs::FileReference owner;
  std::string stream;
};

struct WorkerOutput {
  std::vector<SlackObject> objects;
  std::vector<SlackCluster> clusters;
  uint64_t bytes = 0;
  uint64_t records = 0;
  std::vector<std::string> warnings;
};

std::optional<SlackCluster> last_cluster_slack(const ntfs::Attribute& attribute, uint64_t cluster_size) {
  // The first extent carries the data size; compressed streams end in compression units,
  // where "after the data" is not a byte range of one cluster.
  if (attribute.type != ntfs::AttributeType::kData || attribute.resident || attribute.lowest_vcn != 0 ||
      attribute.compressed() || attribute.encrypted() || attribute.data_size % cluster_size == 0)
    return std::nullopt;
  const uint64_t last_vcn = (attribute.data_size - 1) / cluster_size;
  for (const ntfs::DataRun& run : attribute.runs) {
    if (last_vcn < run.vcn || last_vcn - run.vcn >= run.length) continue;
    if (!run.lcn) return std::nullopt;  // sparse: nothing on disk
    return SlackCluster{*run.lcn + (last_vcn - run.vcn), attribute.data_size % cluster_size,
                        attribute.data_size, {}, attribute.name};
  }
  return std::nullopt;  // the last cluster is in a later extent
}

void scan_record_slack(ContentCarver& carver, std::span<const std::byte> record, uint64_t record_offset,
                       const ntfs::MftEntry& parsed, WorkerOutput& out) {
  // A used size below the header or past the record is damage the parser reports; there is
  // no slack to speak of then.
  if (parsed.used_size < ntfs::MftRecordHeaderLayout::kMinSize || parsed.used_size >= record.size()) return;
  const auto slack = record.subspan(parsed.used_size);
  out.bytes += slack.size();
  std::vector<CarvedObject> found;
  carver.scan({slack, true, true}, 0, slack.size(), record_offset + parsed.used_size, found);
  for (CarvedObject& object : found) {
    SlackObject slack_object;
    slack_object.where = fmt::format("MFT record slack of entry {} (after its used size {} of {} bytes)",
                                     parsed.entry_number, parsed.used_size, record.size());
    slack_object.mft_entry = parsed.entry_number;
    slack_object.mft_sequence = parsed.sequence;
    slack_object.object = std::move(object);
    out.objects.push_back(std::move(slack_object));
  }
}

void scan_record_chunk(const ntfs::NtfsVolume& volume, ContentCarver& carver, uint64_t first,
                       std::vector<std::byte>& buffer, WorkerOutput& out) {
  const uint64_t record_size = volume.record_size();
  const uint64_t count = std::min(kRecordsPerChunk, volume.record_count() - first);
  const auto chunk = std::span(buffer).first(count * record_size);
  // One bad spot (a damaged EWF chunk, a truncated image) must not cost the whole chunk:
  // when the large read fails, the records are read one by one.
  std::vector<bool> readable(count, true);
  if (auto status = volume.read_mft(first * record_size, chunk); !status) {
    uint64_t unreadable = 0;
    std::string first_problem;
    for (uint64_t i = 0; i < count; ++i) {
      auto one = volume.read_mft((first + i) * record_size, chunk.subspan(i * record_size, record_size));
      if (one) continue;
      readable[i] = false;
      if (unreadable++ == 0) first_problem = fmt::format("record {}: {}", first + i, one.error().message);
    }
    out.warnings.push_back(fmt::format("MFT records {}..{}: {} unreadable, their slack not scanned (first: {})",
                                       first, first + count - 1, unreadable, first_problem));
  }
  for (uint64_t i = 0; i < count; ++i) {
    if (!readable[i]) continue;
    const uint64_t entry = first + i;
    const auto offset = volume.record_offset(entry);
    if (!offset) continue;  // sparse or unmapped part of $MFT
    const auto record = chunk.subspan(i * record_size, record_size);
    auto parsed = ntfs::parse_mft_record(record, *offset, entry, volume.limits());
    if (!parsed) continue;  // not a FILE record: nothing allocated, so no slack
    ++out.records;
    scan_record_slack(carver, record, *offset, *parsed, out);
    if (!parsed->in_use()) continue;
    const ntfs::FileReference owner =
        parsed->is_base() ? ntfs::FileReference{entry, parsed->sequence} : parsed->base_record;
    for (const ntfs::Attribute& attribute : parsed->attributes) {
      if (auto slack = last_cluster_slack(attribute, volume.cluster_size())) {
        slack->owner = owner;
        out.clusters.push_back(std::move(*slack));
      }
    }
  }
}

// Phase 1: every record, on every worker, chunk by chunk.
std::vector<WorkerOutput> scan_records(const ntfs::NtfsVolume& volume, std::vector<ContentCarver>& carvers) {
  std::vector<WorkerOutput> outputs(carvers.size());
  std::atomic<uint64_t> next{0};
  auto work = [&](size_t worker) {
    std::vector<std::byte> buffer(kRecordsPerChunk * volume.record_size());
    for (uint64_t first = next.fetch_add(kRecordsPerChunk); first < volume.record_count();
         first = next.fetch_add(kRecordsPerChunk))
      scan_record_chunk(volume, carvers[worker], first, buffer, outputs[worker]);
  };
  {
    std::vector<std::jthread> threads;
    for (size_t i = 1; i < carvers.size(); ++i) threads.emplace_back(work, i);
    work(0);
  }
  return outputs;
}

// Phase 2: the last clusters, read through the cluster-run walker.
Status scan_file_slack(const ntfs::NtfsVolume& volume, std::vector<ContentCarver>& carvers,
                       std::vector<SlackCluster> clusters, SlackScan& scan) {
  std::sort(clusters.begin(), clusters.end(), [](const auto& a, const auto& b) {
    return std::tie(a.lcn, a.owner.entry, a.stream) < std::tie(b.lcn, b.owner.entry, b.stream);
  });
  // Two streams claiming one cluster is damage (cross-linked clusters): it is scanned once,
  // for the lowest entry claiming it.
  clusters.erase(std::unique(clusters.begin(), clusters.end(),
                             [](const auto& a, const auto& b) { return a.lcn == b.lcn; }),
                 clusters.end());
  std::vector<ClusterRun> runs;
  for (const SlackCluster& cluster : clusters) runs.push_back({cluster.lcn, 1});
  std::vector<std::vector<SlackObject>> found(carvers.size());
  std::vector<uint64_t> bytes(carvers.size());
  std::vector<FreeSpaceVisitor> visitors;
  const uint64_t cluster_size = volume.cluster_size();
  for (size_t i = 0; i < carvers.size(); ++i) {
    visitors.push_back([&, i](const ClusterBlock& block) {
      const auto it = std::lower_bound(clusters.begin(), clusters.end(), block.first_lcn,
                                       [](const SlackCluster& c, uint64_t lcn) { return c.lcn < lcn; });
      if (it == clusters.end() || it->lcn != block.first_lcn) return;
      const auto slack = block.bytes.subspan(it->begin);
      bytes[i] += slack.size();
      std::vector<CarvedObject> objects;
      carvers[i].scan({slack, true, true}, 0, slack.size(), block.image_offset + it->begin, objects);
      for (CarvedObject& object : objects) {
        SlackObject slack_object;
        slack_object.where = fmt::format(
            "file slack of MFT entry {} $DATA{}{} after its {} bytes of data (cluster {} from byte {} of {})",
            it->owner.entry, it->stream.empty() ? "" : ":", it->stream, it->data_size, it->lcn, it->begin,
            cluster_size);
        slack_object.mft_entry = it->owner.entry;
        slack_object.mft_sequence = it->owner.sequence;
        slack_object.stream = it->stream;
        slack_object.object = std::move(object);
        found[i].push_back(std::move(slack_object));
      }
    });
  }
  FreeSpaceOptions options;
  options.block_size = cluster_size;
  options.lookahead = 0;
  SC_ASSIGN_OR_RETURN(const FreeSpaceStats stats, walk_cluster_runs(volume, runs, visitors, options));
  for (const std::string& warning : stats.warnings) scan.warnings.push_back("file slack: " + warning);
  for (size_t i = 0; i < carvers.size(); ++i) {
    scan.bytes_scanned += bytes[i];
    std::move(found[i].begin(), found[i].end(), std::back_inserter(scan.objects));
  }
  scan.streams_scanned = clusters.size();
  return {};
}

}  // namespace

Result<SlackScan> scan_slack(const ntfs::NtfsVolume& volume, std::vector<ContentCarver>& carvers) {
  if (carvers.empty()) return fail(ErrorCode::kInvalidArgument, "slack scan without carvers");
  SlackScan scan;
  std::vector<SlackCluster> clusters;
  for (WorkerOutput& output : scan_records(volume, carvers)) {
    std::move(output.objects.begin(), output.objects.end(), std::back_inserter(scan.objects));
    std::move(output.clusters.begin(), output.clusters.end(), std::back_inserter(clusters));
    scan.warnings.insert(scan.warnings.end(), output.warnings.begin(), output.warnings.end());
    scan.bytes_scanned += output.bytes;
    scan.records_scanned += output.records;
  }
  SC_RETURN_IF_ERROR(scan_file_slack(volume, carvers, std::move(clusters), scan));
  std::sort(scan.objects.begin(), scan.objects.end(), [](const SlackObject& a, const SlackObject& b) {
    return a.object.image_offset < b.object.image_offset;
  });
  std::sort(scan.warnings.begin(), scan.warnings.end());
  return scan;
}

}  // namespace shellcarve::carve
