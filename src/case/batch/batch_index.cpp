#include "case/batch/batch_index.h"

#include <fmt/format.h>

#include <filesystem>

#include "common/atomic_file.h"
#include "common/csv_cell.h"
#include "common/filetime.h"
#include "common/json_writer.h"
#include "version.h"

namespace shellcarve {
namespace {

std::string given_patch(const BatchRow& row) {
  return row.item.patched_at ? filetime_to_iso8601(*row.item.patched_at) : "";
}

}  // namespace

std::string render_batch_json(const std::vector<BatchRow>& rows, const std::string& tool) {
  JsonWriter json;
  json.begin_object();
  json.key("tool").value(tool);
  size_t counts[5] = {};
  for (const auto& row : rows) ++counts[static_cast<int>(row.record.status)];
  json.key("images").value(static_cast<uint64_t>(rows.size()));
  json.key("counts").begin_object();
  for (auto s : {BatchStatus::kDone, BatchStatus::kFailed, BatchStatus::kInterrupted, BatchStatus::kRunning,
                 BatchStatus::kSkipped})
    json.key(batch_status_name(s)).value(static_cast<uint64_t>(counts[static_cast<int>(s)]));
  json.end_object();
  json.key("rows").begin_array();
  for (const auto& row : rows) {
    const BatchRecord& r = row.record;
    json.begin_object();
    json.key("name").value(row.item.name);
    json.key("image").value(row.item.image);
    json.key("source").value(row.item.source);
    json.key("case_folder").value(row.item.name);
    json.key("status").value(batch_status_name(r.status));
    json.key("ran_this_run").value(row.ran_this_run);
    json.key("identity").begin_object();
    json.key("stored_md5").value(r.stored_md5);
    json.key("stored_sha1").value(r.stored_sha1);
    json.key("md5").value(r.md5);
    json.key("sha1").value(r.sha1);
    json.key("sha256").value(r.sha256);
    json.key("verification").value(r.verification);
    json.end_object();
    json.key("findings").value(r.findings);
    json.key("critical").value(r.critical);
    json.key("after_patch").value(r.after_patch);
    json.key("patched_at").value(r.patched_at);
    json.key("patched_at_given").value(given_patch(row));
    json.key("case_number").value(row.item.case_number);
    json.key("evidence_number").value(row.item.evidence_number);
    json.key("examiner").value(row.item.examiner);
    json.key("started").value(r.started);
    json.key("finished").value(r.finished);
    json.key("duration_seconds").value(fmt::format("{:.3f}", r.duration_seconds));
    json.key("peak_memory_bytes").value(r.peak_memory_bytes);
    json.key("estimated_memory_bytes").value(r.estimated_memory_bytes);
    json.key("slurm_job").value(r.slurm_job);
    json.key("error").value(r.error);
    json.end_object();
  }
  json.end_array();
  json.end_object();
  return json.take() + "\n";
}

std::string render_batch_csv(const std::vector<BatchRow>& rows) {
  std::string out =
      "name,image,status,ran_this_run,findings,critical,after_patch,patched_at,patched_at_given,case_number,"
      "evidence_number,examiner,stored_md5,stored_sha1,md5,sha1,sha256,verification,started,finished,"
      "duration_seconds,peak_memory_bytes,estimated_memory_bytes,slurm_job,error\n";
  for (const auto& row : rows) {
    const BatchRecord& r = row.record;
    const std::vector<std::string> cells{
        row.item.name, row.item.image, batch_status_name(r.status), row.ran_this_run ? "yes" : "no",
        std::to_string(r.findings), std::to_string(r.critical), std::to_string(r.after_patch), r.patched_at,
        given_patch(row), row.item.case_number.value_or(""), row.item.evidence_number.value_or(""),
        row.item.examiner.value_or(""), r.stored_md5, r.stored_sha1, r.md5, r.sha1, r.sha256, r.verification,
        r.started, r.finished, fmt::format("{:.3f}", r.duration_seconds), std::to_string(r.peak_memory_bytes),
        std::to_string(r.estimated_memory_bytes), r.slurm_job, r.error};
    for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_cell(cells[i]);
    out += "\n";
  }
  return out;
}

Status write_batch_index(const std::string& root, const std::vector<BatchRow>& rows) {
  const std::string tool = fmt::format("shellcarve {} ({})", kVersion, kGitCommit);
  SC_RETURN_IF_ERROR(write_file_atomically((std::filesystem::path(root) / "batch.json").string(),
                                           render_batch_json(rows, tool)));
  return write_file_atomically((std::filesystem::path(root) / "batch.csv").string(), render_batch_csv(rows));
}

}  // namespace shellcarve
