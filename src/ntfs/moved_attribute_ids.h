// moved_attribute_ids.h: the identifier a file's attribute goes by when it was moved to an
// extension record. Attribute ids are unique only within one MFT record, so a moved
// attribute often repeats the id of another attribute of the same file (typically 0, that
// of $STANDARD_INFORMATION). The Sleuth Kit (fls, istat, icat) then numbers it past the
// highest id the file uses, and "entry-type-id" means that number; we follow it so that an
// inode printed by `ls` names the same stream in `cat` and in TSK's tools. Observed on
// dfir_ntfs/ntfs3_attrlist.raw (entry 27: 100 hard links, every moved $FILE_NAME whose id
// repeats shares one new id) and velociraptor test.ntfs.dd (entry 38: $DATA id 0 in
// extension records 39 and 40, id 5 in fls and istat).
#pragma once

#include <cstdint>
#include <vector>

namespace shellcarve::ntfs {

class MovedAttributeIds {
 public:
  // `ids_in_use`: the id of every attribute in every record of the file (pieces included).
  explicit MovedAttributeIds(std::vector<uint16_t> ids_in_use);
  // Renumber every moved $FILE_NAME first (they share one new id), then the moved streams
  // in order (each takes the next free one).
  uint16_t file_name_id(uint16_t id);
  uint16_t stream_id(uint16_t id);

 private:
  bool repeated(uint16_t id) const;
  uint16_t highest() const;
  std::vector<uint16_t> ids_;
  bool pending_ = false;  // file_name_id_ given out but not yet counted in ids_
  uint16_t file_name_id_ = 0;
};

}  // namespace shellcarve::ntfs
