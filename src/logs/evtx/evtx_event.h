// evtx_event.h: one event record made whole -- its BinXML template filled with its values,
// nested fragments expanded -- as an element tree, the fields the checks read, and an
// escaped one-line XML rendering to show as the hit's "log line".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "logs/evtx/binxml.h"

namespace shellcarve::logs::evtx {

struct XmlElement {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string text;
  std::vector<XmlElement> children;

  const XmlElement* child(std::string_view child_name) const;
  const std::string* attribute(std::string_view attribute_name) const;
};

// A value of EventData (a <Data Name="..."> element; the name is empty when the provider
// gave none, as classic event sources do) or of UserData (a leaf element, named after it).
struct EvtxDataValue {
  std::string name;
  std::string value;
};

struct EvtxEvent {
  uint64_t record_id = 0;        // the record header's identifier
  uint64_t written_time = 0;     // the record header's FILETIME
  uint64_t file_offset = 0;      // the record's first byte in the file
  std::string provider;          // System/Provider@Name (or @EventSourceName when no Name)
  std::string event_source_name; // System/Provider@EventSourceName (the classic "Source")
  uint32_t event_id = 0;         // System/EventID, without its Qualifiers
  std::optional<uint32_t> qualifiers;
  std::optional<uint8_t> level;
  std::optional<uint64_t> time_created;  // System/TimeCreated@SystemTime as a FILETIME
  std::optional<uint64_t> event_record_id;  // System/EventRecordID
  std::string computer;
  std::string channel;
  std::string user_id;           // System/Security@UserID (a SID), when present
  std::vector<EvtxDataValue> data;
  bool user_data = false;        // `data` holds UserData leaves rather than EventData
  std::string xml;               // one line, XML-escaped; control characters as &#xN;
  bool lossless = true;          // false when a value did not fit its type or text was cut
  // Read past the chunk's free-space offset: a record the log no longer counts (left by an
  // older use of the chunk), recovered. Its BinXML may lean on templates since overwritten,
  // so it is only kept when it parses whole.
  bool in_chunk_slack = false;
};

// Fills a record's BinXML (parsed from the chunk) into an element tree.
Result<XmlElement> build_event_tree(BinXmlChunk& chunk, const BinXmlFragment& fragment,
                                    bool& lossless);

// Reads the fields of EvtxEvent from the tree and renders its XML.
void fill_event_fields(const XmlElement& event, const Limits& limits, EvtxEvent& out);

// One line of XML for `element`, escaped so that no markup in a value can pass for
// structure and no control character breaks the line.
std::string render_xml(const XmlElement& element, size_t max_bytes);

}  // namespace shellcarve::logs::evtx
