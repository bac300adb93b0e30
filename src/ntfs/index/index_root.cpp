// index_root.cpp: $INDEX_ROOT content (see index_root.h).
#include "ntfs/index/index_root.h"

namespace shellcarve::ntfs {

Result<IndexRoot> parse_index_root(const ByteReader& content) {
  using L = IndexRootLayout;
  IndexRoot root;
  SC_ASSIGN_OR_RETURN(root.indexed_type, content.u32(L::kIndexedType, "index root indexed type"));
  SC_ASSIGN_OR_RETURN(root.collation_rule, content.u32(L::kCollationRule, "index root collation rule"));
  SC_ASSIGN_OR_RETURN(root.index_record_size, content.u32(L::kIndexRecordSize, "index record size"));
  SC_ASSIGN_OR_RETURN(root.clusters_per_index_record, content.u8(L::kClustersPerRecord, "clusters per index record"));
  SC_ASSIGN_OR_RETURN(const auto node_header, content.bytes(L::kNodeHeader, IndexNodeHeaderLayout::kSize,
                                                           "index root node header"));
  (void)node_header;
  root.node = parse_index_node(content, L::kNodeHeader,
                               root.indexed_type == static_cast<uint32_t>(AttributeType::kFileName));
  return root;
}

}  // namespace shellcarve::ntfs
