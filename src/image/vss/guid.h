// GUID text as Windows (and vshadowinfo) writes it: the first three fields little-endian,
// the last eight bytes in order, lowercase ("bbaa765b-8204-11eb-90f4-080027768df7").
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "common/result.h"

namespace shellcarve::vss {

// kTruncated when fewer than 16 bytes are given.
Result<std::string> format_guid(std::span<const std::byte> bytes);

}  // namespace shellcarve::vss
