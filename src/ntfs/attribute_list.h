// attribute_list.h: joining a file spread over several MFT records. A base record whose
// attributes do not fit has an $ATTRIBUTE_LIST naming extension records; each extension
// record's header points back at the base (base record reference with sequence). The MFT
// reader parses the extension records and hands them here; decoding the list itself is in
// attributes/attribute_list.h.
#pragma once

#include "common/limits.h"
#include "ntfs/mft_entry.h"

namespace shellcarve::ntfs {

// Appends `extension`'s attributes and $FILE_NAMEs to `base` (and takes its
// $STANDARD_INFORMATION / $OBJECT_ID when the base has none), recording its entry number in
// base.extension_records. Skipped with a damage note on `base` when the extension's base
// reference is not (base.entry_number, base.sequence), when it is already merged, or when
// base already gathered limits.max_extension_records extensions. Call finalize_attributes
// once every extension is merged.
void merge_extension_record(MftEntry& base, const MftEntry& extension,
                            const Limits& limits = default_limits());

// Gives the attributes moved to extension records the ids The Sleuth Kit knows them by
// (moved_attribute_ids.h). Call after every extension is merged, before finalize_attributes.
void number_moved_attributes(MftEntry& entry);

// Joins the pieces of each non-resident attribute (same type and name, several lowest
// VCNs) into one Attribute: pieces ordered by lowest_vcn, runs concatenated, sizes taken
// from the piece whose lowest_vcn is 0. The joined attribute takes the place of its first
// piece. Gaps, overlaps or a missing first piece are recorded in the attribute's and the
// entry's damage. Idempotent.
void finalize_attributes(MftEntry& entry);

}  // namespace shellcarve::ntfs
