#include "timeline/listing.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/display_text.h"
#include "common/filetime.h"

namespace shellcarve {
namespace {


using ntfs::AttributeType;
using ntfs::CatalogEntry;
using ntfs::PlacedName;

// FILE_ATTRIBUTE_READONLY: fls drops the write bits for read-only files.
constexpr uint32_t kFileAttributeReadOnly = 0x0001;
constexpr uint32_t kFileAttributeHidden = 0x0002;
constexpr uint32_t kFileAttributeSystem = 0x0004;

// Size of a $FILE_NAME attribute's content: 66 fixed bytes plus the UTF-16 name. fls prints
// this as the size of the ($FILE_NAME) row.
uint64_t file_name_content_size(const ntfs::FileNameAttribute& name) {
  size_t units = 0;
  for (size_t i = 0; i < name.name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name.name[i]);
    if ((c & 0xC0) == 0x80) continue;
    units += c >= 0xF0 ? 2 : 1;
  }
  return 66 + 2 * units;
}

const char* permissions_of(const CatalogEntry& entry) {
  const uint32_t flags =
      entry.standard_information ? entry.standard_information->file_attributes : 0;
  const bool read_only = (flags & kFileAttributeReadOnly) != 0 ||
                         (flags & (kFileAttributeHidden | kFileAttributeSystem)) ==
                             (kFileAttributeHidden | kFileAttributeSystem);
  return read_only ? "r-xr-xr-x" : "rwxrwxrwx";
}

int64_t body_time(uint64_t filetime) {
  const int64_t seconds = filetime_to_unix_seconds(filetime);
  return seconds < 0 ? 0 : seconds;
}

// As fls: unsafe characters (controls, bidi overrides; common/display_text.h) become '^'.
std::string sanitized(const std::string& text) { return mask_unsafe_text(text); }

}  // namespace

std::string ListingRow::inode() const {
  if (!attribute_type) return fmt::format("{}", entry);
  return fmt::format("{}-{}-{}", entry, *attribute_type, attribute_id);
}

std::string ListingRow::full_path() const {
  std::string out(path);
  if (!stream.empty()) out.append(":").append(stream);
  return out;
}

std::string ListingRow::display_name() const {
  std::string name = full_path();
  if (file_name_row) name += " ($FILE_NAME)";
  if (reallocated) name += " (deleted-realloc)";
  else if (deleted) name += " (deleted)";
  return name;
}

namespace {

// fls lists the virtual $OrphanFiles directory before the first orphan, or last.
size_t first_orphan_of(const ntfs::DirectoryTree& tree) {
  const auto& names = tree.names;
  return static_cast<size_t>(
      std::find_if(names.begin(), names.end(), [](const PlacedName& p) { return p.orphan; }) -
      names.begin());
}

void list_rows(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
               const ListingOptions& options, size_t first_name, size_t last_name,
               size_t first_orphan, const std::function<void(const ListingRow&)>& sink);

}  // namespace

void for_each_listing_row(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                          const ListingOptions& options,
                          const std::function<void(const ListingRow&)>& sink) {
  list_rows(catalog, tree, options, 0, tree.names.size(), first_orphan_of(tree), sink);
}

void for_each_listing_row(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                          const ListingOptions& options, size_t first_name, size_t last_name,
                          const std::function<void(const ListingRow&)>& sink) {
  list_rows(catalog, tree, options, first_name, last_name, first_orphan_of(tree), sink);
}

namespace {

void list_rows(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
               const ListingOptions& options, size_t first_name, size_t last_name,
               size_t first_orphan, const std::function<void(const ListingRow&)>& sink) {
  // One row object is reused for every row: a volume has millions, and the sink formats
  // each at once.
  ListingRow row;
  auto emit_orphan_directory = [&] {
    row = ListingRow{};
    row.path = ntfs::kOrphanDirectoryPath;
    row.entry = tree.orphan_directory_entry;
    row.name_type = row.meta_type = 'V';
    row.permissions = "---------";
    sink(row);
  };
  const auto& names = tree.names;
  last_name = std::min(last_name, names.size());
  // Tree order visits the catalog in no useful order, so each name would wait on several
  // cache misses (its entry, then its names and streams). Fetch them a few names ahead.
  constexpr size_t kEntryAhead = 16, kListsAhead = 8;
  for (size_t index = first_name; index < last_name; ++index) {
    if (index + kEntryAhead < last_name)
      __builtin_prefetch(&catalog.entries[names[index + kEntryAhead].entry]);
    if (index + kListsAhead < last_name) {
      const CatalogEntry& ahead = catalog.entries[names[index + kListsAhead].entry];
      __builtin_prefetch(ahead.file_names.data());
      __builtin_prefetch(ahead.streams.data());
      __builtin_prefetch(names[index + kListsAhead].path.data());
    }
    const PlacedName& placed = names[index];
    if (index == first_orphan && !options.deleted_only) emit_orphan_directory();
    const CatalogEntry& entry = catalog.entries[placed.entry];
    if (options.deleted_only && !placed.deleted) continue;
    row.deleted = placed.deleted;
    row.reallocated = placed.deleted && entry.in_use();
    row.orphan = placed.orphan;
    row.entry = entry.entry;
    row.sequence = entry.sequence;
    row.meta_type = entry.is_directory() ? 'd' : 'r';
    // fls knows the name's type only from a live index entry; names it finds through the
    // record alone (deleted ones) have an unknown type.
    row.name_type = entry.in_use() && !placed.deleted ? row.meta_type : '-';
    row.permissions = permissions_of(entry);
    const ntfs::NtfsTimes si_times =
        entry.standard_information ? entry.standard_information->times : ntfs::NtfsTimes{};

    // fls prints one ($FILE_NAME) row per listed name, but always from the same attribute:
    // the last non-DOS $FILE_NAME of the base record (seen with hard links: both names of
    // entry 92 of test-images/ntfs-basic.raw show 92-48-4; entry 74 "Program Files" shows
    // its Win32 name 74-48-5, not the DOS twin PROGRA~1 that follows it). A file whose
    // names all sit in extension records gets none.
    if (placed.name_index != PlacedName::kNoName) {
      const ntfs::FileNameAttribute* shown = nullptr;
      for (const auto& name : entry.file_names)
        if (name.mft_entry == entry.entry && name.name_space != ntfs::FileNameNamespace::kDos)
          shown = &name;
      if (shown) {
        row.path = placed.path;
        row.stream = {};
        row.file_name_row = true;
        row.attribute_type = static_cast<uint32_t>(AttributeType::kFileName);
        row.attribute_id = shown->attribute_id;
        row.size = file_name_content_size(*shown);
        row.times = shown->times;
        row.image_offset = shown->image_offset;
        sink(row);
      }
    }
    row.file_name_row = false;
    bool any_stream = false;
    for (const auto& stream : entry.streams) {
      const bool is_i30 = stream.type == AttributeType::kIndexRoot && stream.name == "$I30";
      const bool unnamed_data = stream.type == AttributeType::kData && stream.name.empty();
      row.path = placed.path;
      row.stream = (is_i30 || unnamed_data) ? std::string_view() : std::string_view(stream.name);
      row.attribute_type = static_cast<uint32_t>(stream.type);
      row.attribute_id = stream.id;
      row.size = stream.size;
      row.times = si_times;
      row.image_offset = stream.image_offset;
      sink(row);
      any_stream = true;
    }
    if (!any_stream && placed.name_index == PlacedName::kNoName) {
      row.path = placed.path;
      row.stream = {};
      row.attribute_type.reset();
      row.attribute_id = 0;
      row.size = 0;
      row.times = si_times;
      row.image_offset = entry.image_offset;
      sink(row);
    }
  }
  // fls always lists the virtual $OrphanFiles directory, even when it is empty.
  if (first_orphan == names.size() && last_name == names.size() && !options.deleted_only)
    emit_orphan_directory();
}

}  // namespace

void format_listing_in_parallel(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                                const ListingOptions& options,
                                const std::function<void(std::string&, const ListingRow&)>& format,
                                const std::function<void(const std::string&)>& consume,
                                size_t names_per_block) {
  // Blocks of a few MiB of text; at most kInFlight formatted and not yet consumed.
  constexpr size_t kInFlight = 8;
  const size_t block_names = std::max<size_t>(1, names_per_block);
  const size_t count = tree.names.size();
  const size_t first_orphan = first_orphan_of(tree);
  const size_t blocks = std::max<size_t>(1, (count + block_names - 1) / block_names);
  std::vector<std::string> texts(blocks);
  std::vector<char> ready(blocks, 0);
  std::mutex mutex;
  std::condition_variable changed;
  size_t next_block = 0, consumed = 0;
  auto worker = [&] {
    while (true) {
      size_t block;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return next_block >= blocks || next_block < consumed + kInFlight; });
        if (next_block >= blocks) return;
        block = next_block++;
      }
      std::string text;
      list_rows(catalog, tree, options, block * block_names,
                std::min(count, (block + 1) * block_names), first_orphan,
                [&](const ListingRow& row) { format(text, row); });
      std::lock_guard lock(mutex);
      texts[block] = std::move(text);
      ready[block] = 1;
      changed.notify_all();
    }
  };
  const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  std::vector<std::jthread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (size_t block = 0; block < blocks; ++block) {
    std::string text;
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return ready[block] != 0; });
      text = std::move(texts[block]);
    }
    consume(text);
    std::lock_guard lock(mutex);
    consumed = block + 1;
    changed.notify_all();
  }
}

std::vector<ListingRow> build_listing(const ntfs::FileCatalog& catalog,
                                      const ntfs::DirectoryTree& tree,
                                      const ListingOptions& options) {
  std::vector<ListingRow> rows;
  for_each_listing_row(catalog, tree, options, [&](const ListingRow& row) { rows.push_back(row); });
  return rows;
}

namespace {

// The bodyfile line is written straight into the output string's storage: a million lines
// of a dozen short appends each spend their time in memcpy calls otherwise.
class LineWriter {
 public:
  explicit LineWriter(char* cursor) : cursor_(cursor) {}
  char* cursor() const { return cursor_; }
  void text(std::string_view text) {
    text.copy(cursor_, text.size());
    cursor_ += text.size();
  }
  void put(char c) { *cursor_++ = c; }
  void number(uint64_t value) { cursor_ = std::to_chars(cursor_, cursor_ + 20, value).ptr; }
  // fls replaces control characters in names with '^'; so do we for every unsafe
  // character and for the field separator '|' (mask_bodyfile_field), one '^' each, never
  // longer than what it replaces. Printable ASCII, the usual name, is copied in the same
  // pass that checks it.
  void sanitized(std::string_view text) {
    char* const start = cursor_;
    for (const char c : text) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u >= 0x7F) {
        cursor_ = start;
        this->text(mask_bodyfile_field(text));
        return;
      }
      *cursor_++ = c == '|' ? '^' : c;
    }
  }

 private:
  char* cursor_;
};

// Everything of a bodyfile line but the path and stream fits in this: the fixed texts,
// six 20-digit numbers, an inode of three numbers and the separators.
constexpr size_t kBodyfileLineFixedMax = 256;

}  // namespace

void append_bodyfile_line(std::string& out, const ListingRow& row) {
  const size_t start = out.size();
  const size_t most = start + row.path.size() + 1 + row.stream.size() + kBodyfileLineFixedMax;
  out.resize_and_overwrite(most, [&](char* data, size_t) {
    LineWriter line(data + start);
    line.text("0|");
    line.sanitized(row.path);
    if (!row.stream.empty()) {
      line.put(':');
      line.sanitized(row.stream);
    }
    if (row.file_name_row) line.text(" ($FILE_NAME)");
    if (row.reallocated) line.text(" (deleted-realloc)");
    else if (row.deleted) line.text(" (deleted)");
    line.put('|');
    line.number(row.entry);
    if (row.attribute_type) {
      line.put('-');
      line.number(*row.attribute_type);
      line.put('-');
      line.number(row.attribute_id);
    }
    line.put('|');
    line.put(row.name_type);
    line.put('/');
    line.put(row.meta_type);
    line.text(row.permissions);
    line.text("|0|0|");
    line.number(row.size);
    for (const uint64_t t : {row.times.access, row.times.modification,
                             row.times.mft_modification, row.times.creation}) {
      line.put('|');
      line.number(static_cast<uint64_t>(body_time(t)));
    }
    line.put('\n');
    return static_cast<size_t>(line.cursor() - data);
  });
}

std::string bodyfile_line(const ListingRow& row) {
  std::string line;
  append_bodyfile_line(line, row);
  return line;
}

std::string fls_line(const ListingRow& row) {
  const std::string full = row.full_path();
  std::string path = full.size() > 1 && full[0] == '/' ? full.substr(1) : full;
  return fmt::format("{}/{} {}{}:\t{}\n", row.name_type, row.meta_type,
                     row.deleted ? "* " : "", row.inode(), sanitized(path));
}

std::string long_line(const ListingRow& row) {
  auto iso = [](uint64_t t) {
    const std::string s = filetime_to_iso8601(t);
    return s.empty() ? std::string("-") : s;
  };
  return fmt::format("{}/{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", row.name_type, row.meta_type,
                     row.inode(), row.sequence, row.size, iso(row.times.creation),
                     iso(row.times.modification), iso(row.times.mft_modification),
                     iso(row.times.access), row.image_offset, sanitized(row.display_name()));
}

}  // namespace shellcarve
