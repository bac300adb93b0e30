#include "cli/interrupt.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>

#include "case/case_folder.h"
#include "cli/commands.h"

namespace shellcarve::cli {

void install_signal_handling() {
  ::signal(SIGXFSZ, SIG_IGN);
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  if (::pthread_sigmask(SIG_BLOCK, &stop, nullptr) != 0) return;
  // A thread of its own, not a handler: removing a folder is not async-signal-safe.
  std::thread([stop] {
    int signal = 0;
    if (::sigwait(&stop, &signal) != 0) return;
    std::error_code ec;
    for (const auto& folder : staging_folders_in_progress()) std::filesystem::remove_all(folder, ec);
    report_error(std::string("interrupted by ") + (signal == SIGINT ? "SIGINT" : "SIGTERM") +
                 ": the run did not finish and its outputs were not put in place (staging folder removed)");
    ::_exit(kExitError);
  }).detach();
}

}  // namespace shellcarve::cli
