// subprocess.h: runs a program (sbatch, squeue) with an argument vector -- no shell, so no
// path or option from the examiner is ever parsed as shell text -- and returns what it wrote.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace shellcarve {

struct ProgramOutput {
  int status = -1;  // exit status; -1 when it did not exit normally
  std::string out, err;
};

// kNotFound when the program cannot be started (not installed).
Result<ProgramOutput> run_program(const std::vector<std::string>& argv);

}  // namespace shellcarve
