#include "common/interned_text.h"

#include <mutex>
#include <unordered_set>

namespace shellcarve {
namespace {

// Looked up by string_view, so a text already held costs no allocation.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

struct Pool {
  std::mutex mutex;
  // Nodes of an unordered_set never move: the pointers handed out stay valid.
  std::unordered_set<std::string, TextHash, std::equal_to<>> texts;
};

Pool& pool() {
  static Pool* const instance = new Pool;  // never destroyed: values outlive static destructors
  return *instance;
}

const std::string* intern(std::string_view text) {
  Pool& p = pool();
  const std::lock_guard lock(p.mutex);
  if (const auto it = p.texts.find(text); it != p.texts.end()) return &*it;
  return &*p.texts.emplace(text).first;
}

}  // namespace

InternedText::InternedText() {
  static const std::string* const empty = intern({});
  text_ = empty;
}
InternedText::InternedText(std::string_view text) : text_(intern(text)) {}

}  // namespace shellcarve
