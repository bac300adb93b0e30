// timeline/ -- what the examiner reads as time and names: the fls-style listing of every
// name and stream, web-root profiles, events, and their writers (bodyfile, CSV, JSONL).
//
// listing.h: one row per name and stream, following fls's conventions so our bodyfile can be
// diffed against `fls -r -p -m /`: a "($FILE_NAME)" row per name with that name's four
// $FILE_NAME times, then a row per $DATA stream ("name:stream" for alternate streams) and
// per index root ($I30 is the directory itself) with the $STANDARD_INFORMATION times;
// inode "entry-type-id"; deleted names marked "(deleted)", and "(deleted-realloc)" when the
// record has since been reused.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ntfs/directory_tree.h"
#include "ntfs/file_catalog.h"

namespace shellcarve {

struct ListingRow {
  // "/dir/name", and the stream name for an alternate data stream ("" otherwise). Views
  // into the DirectoryTree and FileCatalog the rows were made from, which must outlive them
  // (a million rows must not each copy their path).
  std::string_view path;
  std::string_view stream;
  bool file_name_row = false;  // the " ($FILE_NAME)" row
  bool deleted = false;
  bool reallocated = false;    // name deleted, record in use again
  bool orphan = false;
  uint64_t entry = 0;
  uint16_t sequence = 0;
  std::optional<uint32_t> attribute_type;  // absent: a record without any stream
  uint16_t attribute_id = 0;
  char name_type = 'r';        // fls's name type: r, d, - (unknown), V (virtual)
  char meta_type = 'r';        // r, d, V
  const char* permissions = "";  // nine characters, as fls prints them
  uint64_t size = 0;
  ntfs::NtfsTimes times;       // raw FILETIMEs
  uint64_t image_offset = 0;   // of the attribute (or record) the row was read from

  // "29-128-3" (or "16" without a stream).
  std::string inode() const;
  // "/dir/name" or "/dir/name:stream".
  std::string full_path() const;
  // The name column: path plus " ($FILE_NAME)", " (deleted)" / " (deleted-realloc)".
  std::string display_name() const;
};

struct ListingOptions {
  bool deleted_only = false;
};

// Calls `sink` with every row, in tree order; the row object is reused between calls.
void for_each_listing_row(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                          const ListingOptions& options,
                          const std::function<void(const ListingRow&)>& sink);
// The rows of tree.names[first_name, last_name) only, as the whole listing has them (the
// virtual $OrphanFiles row comes with the range holding the first orphan, or with the
// range that ends the listing when there is none).
void for_each_listing_row(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                          const ListingOptions& options, size_t first_name, size_t last_name,
                          const std::function<void(const ListingRow&)>& sink);

// The listing formatted on every core: the names are cut into blocks, `format` appends a
// row's text to its block's string, and `consume` receives the blocks in tree order (on
// the calling thread). Only a few blocks are held at once. The text is the same for any
// block size and thread count (tests cut tiny blocks to prove it).
void format_listing_in_parallel(const ntfs::FileCatalog& catalog, const ntfs::DirectoryTree& tree,
                                const ListingOptions& options,
                                const std::function<void(std::string&, const ListingRow&)>& format,
                                const std::function<void(const std::string&)>& consume,
                                size_t names_per_block = 16384);
std::vector<ListingRow> build_listing(const ntfs::FileCatalog& catalog,
                                      const ntfs::DirectoryTree& tree,
                                      const ListingOptions& options = {});

// TSK bodyfile 3.x: MD5|name|inode|mode|UID|GID|size|atime|mtime|ctime|crtime, times in
// Unix seconds (0 for unset or pre-1970 times, as fls prints them). Control characters in
// names are replaced with '^' as fls does.
std::string bodyfile_line(const ListingRow& row);
void append_bodyfile_line(std::string& out, const ListingRow& row);
// fls -r -p style: "r/r * 29-128-3:\tpath".
std::string fls_line(const ListingRow& row);
// Our long form: type, inode, sequence, size, the four times in ISO 8601 with 7 digits,
// image offset, path.
std::string long_line(const ListingRow& row);

}  // namespace shellcarve
