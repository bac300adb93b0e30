// batch_index.h: the batch's index, ROOT/batch.json and ROOT/batch.csv, one row per image in
// input order with its record's state (an image without a record is "skipped": not started,
// because the batch was stopped first or is still to reach it). Rebuilt whole from the
// records and written atomically after every image, so it always agrees with them.
#pragma once

#include <string>
#include <vector>

#include "case/batch/batch_input.h"
#include "case/batch/batch_record.h"
#include "common/result.h"

namespace shellcarve {

struct BatchRow {
  BatchItem item;
  BatchRecord record;  // status kSkipped and empty fields when the image has no record yet
  bool ran_this_run = false;  // false: the row is from an earlier run (or not run at all)
};

std::string render_batch_json(const std::vector<BatchRow>& rows, const std::string& tool);
std::string render_batch_csv(const std::vector<BatchRow>& rows);
Status write_batch_index(const std::string& root, const std::vector<BatchRow>& rows);

}  // namespace shellcarve
