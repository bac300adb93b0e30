// Signals at the CLI edge. SIGINT and SIGTERM end the run with one error line after
// removing the staging folders in progress (case/case_folder.h), so an interrupted scan
// leaves --out as it was and nothing beside it; SIGXFSZ (a write past the file-size limit)
// is ignored, so the write fails with EFBIG and is reported as an error instead of killing
// the process without a word.
#pragma once

namespace shellcarve::cli {

// Call once, before any thread is started: SIGINT and SIGTERM are blocked in every thread
// and taken by one thread of ours that waits for them.
void install_signal_handling();

}  // namespace shellcarve::cli
