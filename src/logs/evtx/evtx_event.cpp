#include "logs/evtx/evtx_event.h"

#include <charconv>

#include <fmt/format.h>

#include "common/filetime.h"
#include "common/utf16.h"
#include "logs/evtx/binxml_value.h"

namespace shellcarve::logs::evtx {
namespace {

// Walks BinXML items, keeping the open elements on a stack. A child is only added to the
// element on top, so the pointers below it stay valid.
class TreeBuilder {
 public:
  TreeBuilder(BinXmlChunk& chunk, bool& lossless) : chunk_(chunk), lossless_(lossless) {
    stack_.push_back(&root_);
  }

  Status emit(const BinXmlFragment& fragment, std::span<const SubstitutionValue> values,
              uint32_t depth) {
    if (depth > chunk_.limits().max_evtx_binxml_depth)
      return fail(ErrorCode::kLimit, "BinXML nesting beyond max_evtx_binxml_depth");
    using Kind = BinXmlItem::Kind;
    for (const BinXmlItem& item : fragment.items) {
      if (++nodes_ > chunk_.limits().max_evtx_items_per_record)
        return fail(ErrorCode::kLimit, "XML nodes beyond max_evtx_items_per_record");
      switch (item.kind) {
        case Kind::kOpenElement: {
          XmlElement* parent = stack_.back();
          parent->children.push_back(XmlElement{item.text, {}, {}, {}});
          stack_.push_back(&parent->children.back());
          attribute_ = nullptr;
          break;
        }
        case Kind::kCloseStart: attribute_ = nullptr; break;
        case Kind::kCloseEmpty:
        case Kind::kEndElement:
          attribute_ = nullptr;
          if (stack_.size() > 1) stack_.pop_back();
          else lossless_ = false;  // an end without a start: keep going, say it
          break;
        case Kind::kAttribute:
          stack_.back()->attributes.emplace_back(item.text, std::string{});
          attribute_ = &stack_.back()->attributes.back();
          break;
        case Kind::kText:
        case Kind::kCData: append(item.text); break;
        case Kind::kCharRef: {
          std::string text;
          append_utf8(text, static_cast<char32_t>(item.code));
          append(text);
          break;
        }
        case Kind::kEntityRef: append(entity_text(item.text)); break;
        case Kind::kPiTarget: append("<?" + item.text + " "); break;
        case Kind::kPiData: append(item.text + "?>"); break;
        case Kind::kSubstitution: SC_RETURN_IF_ERROR(substitute(item, values, depth)); break;
        case Kind::kTemplate: {
          const TemplateInstance& instance = fragment.templates[item.code];
          SC_RETURN_IF_ERROR(emit(*instance.definition, instance.values, depth + 1));
          break;
        }
      }
    }
    return {};
  }

  XmlElement take_root() { return std::move(root_); }

 private:
  void append(std::string_view text) {
    std::string& target = attribute_ != nullptr ? attribute_->second : stack_.back()->text;
    const size_t room = chunk_.limits().max_evtx_rendered_bytes - std::min<size_t>(
        target.size(), chunk_.limits().max_evtx_rendered_bytes);
    if (text.size() > room) lossless_ = false;
    target.append(text.substr(0, room));
  }

  static std::string entity_text(const std::string& name) {
    if (name == "amp") return "&";
    if (name == "lt") return "<";
    if (name == "gt") return ">";
    if (name == "quot") return "\"";
    if (name == "apos") return "'";
    return "&" + name + ";";
  }

  Status substitute(const BinXmlItem& item, std::span<const SubstitutionValue> values,
                    uint32_t depth) {
    if (item.code >= values.size()) {
      // A substitution past the instance's values renders as nothing; Windows does the same
      // for optional ones, and a normal one is a damaged template.
      if (!item.optional) lossless_ = false;
      return {};
    }
    const SubstitutionValue& value = values[item.code];
    if (value.type == kValueNull || value.size == 0) {
      // An optional substitution with no value drops the attribute it fills.
      if (item.optional && attribute_ != nullptr) {
        stack_.back()->attributes.pop_back();
        attribute_ = nullptr;
      }
      return {};
    }
    if (value.type == kValueBinXml) {
      SC_ASSIGN_OR_RETURN(BinXmlFragment nested,
                          chunk_.parse(value.offset, value.offset + value.size, depth + 1));
      return emit(nested, {}, depth + 1);
    }
    append(render_binxml_value(value.type, chunk_.bytes().subspan(value.offset, value.size), lossless_));
    return {};
  }

  BinXmlChunk& chunk_;
  bool& lossless_;
  XmlElement root_;
  std::vector<XmlElement*> stack_;
  std::pair<std::string, std::string>* attribute_ = nullptr;
  size_t nodes_ = 0;
};

template <class T>
std::optional<T> parse_number(std::string_view text) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

void collect_leaves(const XmlElement& element, std::vector<EvtxDataValue>& out) {
  if (element.children.empty()) {
    out.push_back({element.name, element.text});
    return;
  }
  for (const XmlElement& child : element.children) collect_leaves(child, out);
}

void escape_into(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
          out += fmt::format("&#x{:X};", static_cast<unsigned>(static_cast<unsigned char>(c)));
        else
          out += c;
    }
  }
}

void render_into(std::string& out, const XmlElement& element, size_t max_bytes) {
  if (out.size() >= max_bytes) return;
  out += '<';
  escape_into(out, element.name);
  for (const auto& [name, value] : element.attributes) {
    out += ' ';
    escape_into(out, name);
    out += "=\"";
    escape_into(out, value);
    out += '"';
  }
  if (element.text.empty() && element.children.empty()) {
    out += "/>";
    return;
  }
  out += '>';
  escape_into(out, element.text);
  for (const XmlElement& child : element.children) render_into(out, child, max_bytes);
  out += "</";
  escape_into(out, element.name);
  out += '>';
}

}  // namespace

const XmlElement* XmlElement::child(std::string_view child_name) const {
  for (const XmlElement& c : children)
    if (c.name == child_name) return &c;
  return nullptr;
}

const std::string* XmlElement::attribute(std::string_view attribute_name) const {
  for (const auto& [key, value] : attributes)
    if (key == attribute_name) return &value;
  return nullptr;
}

Result<XmlElement> build_event_tree(BinXmlChunk& chunk, const BinXmlFragment& fragment,
                                    bool& lossless) {
  TreeBuilder builder(chunk, lossless);
  SC_RETURN_IF_ERROR(builder.emit(fragment, {}, 0));
  XmlElement root = builder.take_root();
  if (root.children.empty()) return fail(ErrorCode::kCorrupt, "record holds no XML element");
  return std::move(root.children.front());
}

std::string render_xml(const XmlElement& element, size_t max_bytes) {
  std::string out;
  render_into(out, element, max_bytes);
  if (out.size() > max_bytes) out.resize(max_bytes);
  return out;
}

void fill_event_fields(const XmlElement& event, const Limits& limits, EvtxEvent& out) {
  if (const XmlElement* system = event.child("System")) {
    if (const XmlElement* provider = system->child("Provider")) {
      const std::string* source = provider->attribute("EventSourceName");
      if (source != nullptr) out.event_source_name = *source;
      if (const std::string* name = provider->attribute("Name")) out.provider = *name;
      else if (source != nullptr) out.provider = *source;
    }
    if (const XmlElement* id = system->child("EventID")) {
      out.event_id = parse_number<uint32_t>(id->text).value_or(0);
      if (const std::string* q = id->attribute("Qualifiers")) out.qualifiers = parse_number<uint32_t>(*q);
    }
    if (const XmlElement* level = system->child("Level")) {
      if (auto v = parse_number<uint32_t>(level->text); v && *v <= 255) out.level = static_cast<uint8_t>(*v);
    }
    if (const XmlElement* created = system->child("TimeCreated")) {
      if (const std::string* t = created->attribute("SystemTime")) out.time_created = iso8601_to_filetime(*t);
    }
    if (const XmlElement* rid = system->child("EventRecordID"))
      out.event_record_id = parse_number<uint64_t>(rid->text);
    if (const XmlElement* computer = system->child("Computer")) out.computer = computer->text;
    if (const XmlElement* channel = system->child("Channel")) out.channel = channel->text;
    if (const XmlElement* security = system->child("Security")) {
      if (const std::string* sid = security->attribute("UserID")) out.user_id = *sid;
    }
  }
  if (const XmlElement* data = event.child("EventData")) {
    for (const XmlElement& child : data->children) {
      const std::string* name = child.attribute("Name");
      out.data.push_back({name != nullptr ? *name : (child.name == "Data" ? "" : child.name), child.text});
    }
  } else if (const XmlElement* user = event.child("UserData")) {
    out.user_data = true;
    for (const XmlElement& child : user->children) collect_leaves(child, out.data);
  }
  out.xml = render_xml(event, limits.max_evtx_rendered_bytes);
}

}  // namespace shellcarve::logs::evtx
