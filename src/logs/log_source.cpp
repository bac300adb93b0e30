#include "logs/log_source.h"

namespace shellcarve::logs {

std::string_view log_family_name(LogFamily family) {
  switch (family) {
    case LogFamily::kIis: return "IIS";
    case LogFamily::kHttpProxy: return "HTTPPROXY";
    case LogFamily::kEcp: return "ECP";
    case LogFamily::kOabGenerator: return "OAB";
    case LogFamily::kEvtx: return "EVTX";
  }
  return "UNKNOWN";
}

}  // namespace shellcarve::logs
