// binxml.h: Binary XML as an EVTX chunk stores it, parsed into a flat list of tokens.
// Names, template definitions and nested fragments are found by chunk-relative offsets, so
// one BinXmlChunk serves every record of a chunk and caches the template definitions it has
// parsed (by their offset) for the chunk's lifetime. A template instance's values stay raw
// (type, offset, size) until the event is built (evtx_event.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/limits.h"
#include "common/result.h"

namespace shellcarve::logs::evtx {

struct BinXmlFragment;

struct SubstitutionValue {
  uint8_t type = 0;
  uint32_t offset = 0;  // chunk-relative
  uint32_t size = 0;
};

struct TemplateInstance {
  std::shared_ptr<const BinXmlFragment> definition;
  uint32_t definition_offset = 0;
  std::vector<SubstitutionValue> values;
};

struct BinXmlItem {
  enum class Kind : uint8_t {
    kOpenElement,    // text = name
    kCloseStart,     // end of the attribute list
    kCloseEmpty,     // element ends without content
    kEndElement,
    kAttribute,      // text = name; the value items follow
    kText,           // text
    kCData,          // text
    kCharRef,        // code = character
    kEntityRef,      // text = entity name
    kPiTarget,       // text
    kPiData,         // text
    kSubstitution,   // code = substitution index, value_type, optional
    kTemplate,       // code = index in BinXmlFragment::templates
  };
  Kind kind = Kind::kText;
  bool optional = false;
  uint8_t value_type = 0;
  uint32_t code = 0;
  std::string text;
};

struct BinXmlFragment {
  std::vector<BinXmlItem> items;
  std::vector<TemplateInstance> templates;
};

class BinXmlChunk {
 public:
  BinXmlChunk(std::span<const std::byte> chunk, uint64_t chunk_file_offset, const Limits& limits)
      : chunk_(chunk), file_offset_(chunk_file_offset), limits_(limits) {}

  // Parses the tokens in [begin, end) up to the End-of-fragment token or `end`. `depth` counts
  // template and nested-fragment levels already entered (bounded by max_evtx_binxml_depth).
  Result<BinXmlFragment> parse(uint32_t begin, uint32_t end, uint32_t depth);

  std::span<const std::byte> bytes() const { return chunk_; }
  uint64_t file_offset() const { return file_offset_; }
  const Limits& limits() const { return limits_; }
  size_t templates_cached() const { return templates_.size(); }
  // Recovering records from the slack past the chunk's free-space offset: the chunk below
  // `offset` holds its live records, written over whatever old names and template
  // definitions were there, so a slack record's reference below it is refused (it would
  // resolve to another record's bytes), and a template instance's identifier must equal
  // the first 4 bytes of its definition's GUID. A slack record's template below the floor
  // is taken from a live definition with the same identifier, when the live records
  // defined one (the same template, so the same structure for the record's own values).
  // 0 (the default) turns the checks off.
  void set_trusted_floor(uint32_t offset) { floor_ = offset; }

 private:
  class Cursor;
  Result<std::string> read_name(Cursor& cursor);
  Result<size_t> element_header_size(const Cursor& cursor);
  Result<std::string> name_at(uint32_t offset);
  Result<std::shared_ptr<const BinXmlFragment>> definition_at(uint32_t offset, uint32_t depth);
  Result<TemplateInstance> parse_template_instance(Cursor& cursor, uint32_t depth);

  std::span<const std::byte> chunk_;
  uint64_t file_offset_ = 0;
  const Limits& limits_;
  std::unordered_map<uint32_t, std::shared_ptr<const BinXmlFragment>> templates_;
  std::unordered_map<uint32_t, Error> failed_templates_;
  std::unordered_map<uint32_t, std::string> names_;
  uint32_t floor_ = 0;
  std::unordered_map<uint32_t, uint32_t> live_definitions_;  // template identifier -> offset
};

}  // namespace shellcarve::logs::evtx
