// ManifestOutput: one file a run wrote (name, size, SHA-256), as manifest.json lists it. Kept
// here, below the analysis layers, because the evidence store (evidence_store.h) records
// each extracted file as it writes it, long before the manifest is assembled in report/.
#pragma once

#include <cstdint>
#include <string>

namespace shellcarve {

struct ManifestOutput {
  std::string name;  // file name inside the output directory
  uint64_t size = 0;
  std::string sha256;
};

}  // namespace shellcarve
