#include "logs/evtx/binxml.h"

#include <fmt/format.h>

#include "common/byte_reader.h"
#include "common/utf16.h"
#include "logs/evtx/binxml_value.h"
#include "logs/evtx/evtx_layout.h"

namespace shellcarve::logs::evtx {

// A position in the chunk that may not pass `end` (the record's or the fragment's end).
class BinXmlChunk::Cursor {
 public:
  Cursor(const BinXmlChunk& chunk, uint32_t pos, uint32_t end)
      : reader_(chunk.chunk_.first(std::min<size_t>(end, chunk.chunk_.size())), chunk.file_offset_),
        pos_(pos) {}

  uint32_t pos() const { return pos_; }
  size_t end() const { return reader_.size(); }
  uint64_t file_offset() const { return reader_.origin() + pos_; }

  Result<uint8_t> u8(std::string_view what) { return take<uint8_t>(reader_.u8(pos_, what), 1); }
  Result<uint16_t> u16(std::string_view what) { return take<uint16_t>(reader_.u16(pos_, what), 2); }
  Result<uint32_t> u32(std::string_view what) { return take<uint32_t>(reader_.u32(pos_, what), 4); }
  Status skip(size_t n, std::string_view what) {
    if (!reader_.contains(pos_, n)) return std::unexpected(reader_.bytes(pos_, n, what).error());
    pos_ += static_cast<uint32_t>(n);
    return {};
  }
  // `count` UTF-16 units: the length-prefixed strings of Value, CDATA and PI data tokens.
  Result<std::string> utf16(size_t count, std::string_view what) {
    SC_ASSIGN_OR_RETURN(auto bytes, reader_.bytes(pos_, count * 2, what));
    pos_ += static_cast<uint32_t>(count * 2);
    return utf16le_to_utf8(bytes).utf8;
  }

 private:
  template <class T>
  Result<T> take(Result<T> value, uint32_t width) {
    if (value) pos_ += width;
    return value;
  }
  ByteReader reader_;
  uint32_t pos_ = 0;
};

namespace {

Error at(uint64_t file_offset, ErrorCode code, std::string what) {
  return Error{code, fmt::format("{} at file offset {}", what, file_offset)};
}

}  // namespace

// A name is a chunk-relative offset to: next-name offset (u32), hash (u16), number of
// UTF-16 units (u16), the units, a NUL unit. When the offset is the cursor's own position,
// the name is stored right there and the cursor steps over it.
Result<std::string> BinXmlChunk::read_name(Cursor& cursor) {
  SC_ASSIGN_OR_RETURN(const uint32_t offset, cursor.u32("BinXML name offset"));
  SC_ASSIGN_OR_RETURN(std::string name, name_at(offset));
  if (offset == cursor.pos()) {
    SC_ASSIGN_OR_RETURN(const uint16_t units, Cursor(*this, offset + 6, kChunkSize).u16("name size"));
    SC_RETURN_IF_ERROR(cursor.skip(8 + 2 * size_t{units} + 2, "inline BinXML name"));
  }
  return name;
}

// Which layout an element header has: the name offset either points right behind itself
// (an inline name) or back to a name earlier in the chunk, past the 512-byte chunk header.
// The layout whose name offset is plausible wins; the inline case is checked first as it
// cannot happen by chance (the other layout would read half of the size field there).
Result<size_t> BinXmlChunk::element_header_size(const Cursor& cursor) {
  const uint32_t p = cursor.pos();
  auto offset_at = [&](uint32_t at) -> std::optional<uint32_t> {
    auto v = Cursor(*this, at, cursor.end()).u32("element name offset");
    return v ? std::optional<uint32_t>(*v) : std::nullopt;
  };
  const auto with_dependency = offset_at(p + 6);
  const auto without_dependency = offset_at(p + 4);
  if (with_dependency && *with_dependency == p + 10) return 6;
  if (without_dependency && *without_dependency == p + 8) return 4;
  if (with_dependency && *with_dependency >= kChunkHeaderSize && *with_dependency < p) return 6;
  if (without_dependency && *without_dependency >= kChunkHeaderSize && *without_dependency < p) return 4;
  return std::unexpected(at(cursor.file_offset(), ErrorCode::kCorrupt,
                            "element header without a plausible name offset"));
}

Result<std::string> BinXmlChunk::name_at(uint32_t offset) {
  if (offset < floor_)
    return std::unexpected(at(file_offset_ + offset, ErrorCode::kCorrupt,
                              "name in the chunk's live records, written over since"));
  if (auto it = names_.find(offset); it != names_.end()) return it->second;
  Cursor cursor(*this, offset, chunk_.size());
  SC_RETURN_IF_ERROR(cursor.skip(6, "BinXML name header"));
  SC_ASSIGN_OR_RETURN(const uint16_t units, cursor.u16("BinXML name size"));
  SC_ASSIGN_OR_RETURN(std::string name, cursor.utf16(units, "BinXML name"));
  names_.emplace(offset, name);
  return name;
}

Result<std::shared_ptr<const BinXmlFragment>> BinXmlChunk::definition_at(uint32_t offset,
                                                                           uint32_t depth) {
  // (Below the floor, parse_template_instance has already swapped a slack record's reference
  // for a live definition of the same identifier, or refused it.)
  if (auto it = templates_.find(offset); it != templates_.end()) return it->second;
  // Each offset is parsed at most once per chunk: a definition that failed (or refers to
  // itself, being parsed) fails again at once, so crafted chunks whose definitions point at
  // each other cannot make the work grow with the number of references.
  if (auto it = failed_templates_.find(offset); it != failed_templates_.end())
    return std::unexpected(it->second);
  if (templates_.size() >= limits_.max_evtx_templates_per_chunk)
    return std::unexpected(at(file_offset_ + offset, ErrorCode::kLimit,
                              "template definition beyond max_evtx_templates_per_chunk"));
  SC_ASSIGN_OR_RETURN(const uint32_t size,
                      Cursor(*this, offset + 20, chunk_.size()).u32("template definition size"));
  const uint64_t begin = uint64_t{offset} + kTemplateDefinitionHeader;
  if (begin + size > chunk_.size())
    return std::unexpected(at(file_offset_ + offset, ErrorCode::kCorrupt,
                              fmt::format("template definition of {} bytes past the chunk", size)));
  failed_templates_.emplace(offset, at(file_offset_ + offset, ErrorCode::kCorrupt,
                                       "template definition that refers to itself"));
  Result<BinXmlFragment> parsed =
      parse(static_cast<uint32_t>(begin), static_cast<uint32_t>(begin + size), depth + 1);
  if (!parsed) {
    failed_templates_[offset] = parsed.error();
    return std::unexpected(std::move(parsed).error());
  }
  failed_templates_.erase(offset);
  BinXmlFragment fragment = std::move(*parsed);
  auto shared = std::make_shared<const BinXmlFragment>(std::move(fragment));
  templates_.emplace(offset, shared);
  return shared;
}

// Template instance: an unknown byte (1), the template identifier (u32), the definition's
// offset (u32; the definition follows inline when it is the cursor's position), then the
// number of values (u32), one (size u16, type u8, pad u8) descriptor each, then the values.
Result<TemplateInstance> BinXmlChunk::parse_template_instance(Cursor& cursor, uint32_t depth) {
  SC_RETURN_IF_ERROR(cursor.skip(1, "template instance header"));
  SC_ASSIGN_OR_RETURN(const uint32_t template_id, cursor.u32("template identifier"));
  SC_ASSIGN_OR_RETURN(uint32_t definition_offset, cursor.u32("template definition offset"));
  const bool inline_definition = definition_offset == cursor.pos();
  // The definition: next-definition offset (u32), GUID (16 bytes), data size (u32); the
  // instance's identifier is the GUID's first 4 bytes.
  auto guid_head = [&](uint32_t offset) { return Cursor(*this, offset + 4, chunk_.size()).u32("template GUID"); };
  if (floor_ != 0 && !inline_definition && definition_offset < floor_) {
    const auto live = live_definitions_.find(template_id);
    if (live == live_definitions_.end())
      return std::unexpected(at(cursor.file_offset(), ErrorCode::kCorrupt,
                                fmt::format("template {:08x} was in the chunk's live records, written over since, "
                                            "and no live record defines it",
                                            template_id)));
    definition_offset = live->second;
  } else if (floor_ != 0) {
    SC_ASSIGN_OR_RETURN(const uint32_t head, guid_head(definition_offset));
    if (head != template_id)
      return std::unexpected(at(cursor.file_offset(), ErrorCode::kCorrupt,
                                fmt::format("template identifier {:08x} is not that of the definition at {} ({:08x})",
                                            template_id, definition_offset, head)));
  }
  TemplateInstance instance;
  instance.definition_offset = definition_offset;
  if (inline_definition) {
    SC_ASSIGN_OR_RETURN(const uint32_t size,
                        Cursor(*this, definition_offset + 20, chunk_.size()).u32("template size"));
    SC_RETURN_IF_ERROR(cursor.skip(kTemplateDefinitionHeader + size_t{size}, "inline template definition"));
  }
  SC_ASSIGN_OR_RETURN(instance.definition, definition_at(definition_offset, depth));
  if (floor_ == 0) {
    if (const auto head = guid_head(definition_offset); head && *head == template_id)
      live_definitions_.emplace(template_id, definition_offset);
  }
  SC_ASSIGN_OR_RETURN(const uint32_t count, cursor.u32("number of template values"));
  // Each descriptor takes 4 bytes, so a count the rest of the chunk cannot hold is refused
  // before anything is allocated for it.
  if (size_t{count} * 4 > cursor.end() - std::min<size_t>(cursor.pos(), cursor.end()))
    return std::unexpected(at(cursor.file_offset(), ErrorCode::kCorrupt,
                              fmt::format("{} template values do not fit the record", count)));
  instance.values.resize(count);
  for (SubstitutionValue& value : instance.values) {
    SC_ASSIGN_OR_RETURN(const uint16_t size, cursor.u16("template value size"));
    SC_ASSIGN_OR_RETURN(value.type, cursor.u8("template value type"));
    SC_RETURN_IF_ERROR(cursor.skip(1, "template value padding"));
    value.size = size;
  }
  for (SubstitutionValue& value : instance.values) {
    value.offset = cursor.pos();
    SC_RETURN_IF_ERROR(cursor.skip(value.size, "template value"));
  }
  return instance;
}

Result<BinXmlFragment> BinXmlChunk::parse(uint32_t begin, uint32_t end, uint32_t depth) {
  if (depth > limits_.max_evtx_binxml_depth)
    return std::unexpected(at(file_offset_ + begin, ErrorCode::kLimit,
                              "BinXML nesting beyond max_evtx_binxml_depth"));
  BinXmlFragment fragment;
  Cursor cursor(*this, begin, end);
  using Kind = BinXmlItem::Kind;
  auto push = [&](Kind kind, std::string text = {}, uint32_t code = 0) {
    fragment.items.push_back(BinXmlItem{kind, false, 0, code, std::move(text)});
  };
  while (cursor.pos() < cursor.end()) {
    const uint64_t token_offset = cursor.file_offset();
    SC_ASSIGN_OR_RETURN(const uint8_t token, cursor.u8("BinXML token"));
    if (fragment.items.size() >= limits_.max_evtx_items_per_record)
      return std::unexpected(at(token_offset, ErrorCode::kLimit,
                                "BinXML tokens beyond max_evtx_items_per_record"));
    const uint8_t base = token & static_cast<uint8_t>(~kTokenMoreFlag);
    const bool more = (token & kTokenMoreFlag) != 0;
    switch (base) {
      case kTokenEof: return fragment;
      case kTokenOpenStartElement: {
        // Dependency identifier (u16), element data size (u32), name, and with the 0x40 flag
        // the attribute list's size (u32). Forwarded-event logs (WEC, e.g. the corpus's
        // MSExchange_Management_wec.evtx) write elements without the dependency identifier.
        SC_ASSIGN_OR_RETURN(const size_t header, element_header_size(cursor));
        SC_RETURN_IF_ERROR(cursor.skip(header, "element header"));
        SC_ASSIGN_OR_RETURN(std::string name, read_name(cursor));
        if (more) SC_RETURN_IF_ERROR(cursor.skip(4, "attribute list size"));
        push(Kind::kOpenElement, std::move(name));
        break;
      }
      case kTokenCloseStartElement: push(Kind::kCloseStart); break;
      case kTokenCloseEmptyElement: push(Kind::kCloseEmpty); break;
      case kTokenEndElement: push(Kind::kEndElement); break;
      case kTokenValue: {
        SC_ASSIGN_OR_RETURN(const uint8_t type, cursor.u8("value type"));
        if (type == kValueString) {
          SC_ASSIGN_OR_RETURN(const uint16_t units, cursor.u16("value size"));
          SC_ASSIGN_OR_RETURN(std::string text, cursor.utf16(units, "value text"));
          push(Kind::kText, std::move(text));
        } else if (const auto size = binxml_fixed_size(type)) {
          // Forwarded (WEC) logs store numbers as typed Value tokens (0x05 with Int16 and
          // the like), which libevtx 20181227 refuses.
          const uint32_t value_at = cursor.pos();
          SC_RETURN_IF_ERROR(cursor.skip(*size, "typed value"));
          bool lossless = true;
          push(Kind::kText, render_binxml_value(type, chunk_.subspan(value_at, *size), lossless));
        } else {
          return std::unexpected(at(token_offset, ErrorCode::kUnsupported,
                                    fmt::format("Value token of type {}", binxml_type_name(type))));
        }
        break;
      }
      case kTokenAttribute: {
        SC_ASSIGN_OR_RETURN(std::string name, read_name(cursor));
        push(Kind::kAttribute, std::move(name));
        break;
      }
      case kTokenCData:
      case kTokenPiData: {
        SC_ASSIGN_OR_RETURN(const uint16_t units, cursor.u16("text size"));
        SC_ASSIGN_OR_RETURN(std::string text, cursor.utf16(units, "text"));
        push(base == kTokenCData ? Kind::kCData : Kind::kPiData, std::move(text));
        break;
      }
      case kTokenCharRef: {
        SC_ASSIGN_OR_RETURN(const uint16_t code, cursor.u16("character reference"));
        push(Kind::kCharRef, {}, code);
        break;
      }
      case kTokenEntityRef:
      case kTokenPiTarget: {
        SC_ASSIGN_OR_RETURN(std::string name, read_name(cursor));
        push(base == kTokenEntityRef ? Kind::kEntityRef : Kind::kPiTarget, std::move(name));
        break;
      }
      case kTokenTemplateInstance: {
        SC_ASSIGN_OR_RETURN(TemplateInstance instance, parse_template_instance(cursor, depth));
        push(Kind::kTemplate, {}, static_cast<uint32_t>(fragment.templates.size()));
        fragment.templates.push_back(std::move(instance));
        break;
      }
      case kTokenNormalSubstitution:
      case kTokenOptionalSubstitution: {
        SC_ASSIGN_OR_RETURN(const uint16_t index, cursor.u16("substitution index"));
        SC_ASSIGN_OR_RETURN(const uint8_t type, cursor.u8("substitution type"));
        fragment.items.push_back(
            BinXmlItem{Kind::kSubstitution, base == kTokenOptionalSubstitution, type, index, {}});
        break;
      }
      case kTokenFragmentHeader:
        // Major version, minor version, flags: nothing we need.
        SC_RETURN_IF_ERROR(cursor.skip(3, "fragment header"));
        break;
      default:
        return std::unexpected(at(token_offset, ErrorCode::kFormat,
                                  fmt::format("unknown BinXML token 0x{:02x}", token)));
    }
  }
  return fragment;
}

}  // namespace shellcarve::logs::evtx
