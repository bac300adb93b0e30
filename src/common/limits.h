// Limits: every cap in one place. Hitting one is reported in the output (as a warning with
// the limit's name), never silent. Values are chosen so real volumes never reach them and
// crafted ones cannot make us allocate or loop without bound.
#pragma once

#include <cstdint>

namespace shellcarve {

struct Limits {
  // Largest MFT record we accept (NTFS uses 1 KiB or 4 KiB; the boot sector allows more).
  uint32_t max_mft_record_size = 64 * 1024;
  // Largest resident or non-resident stream we load whole into memory; larger ones stream.
  uint64_t max_in_memory_stream = 64ull * 1024 * 1024;
  // Largest $ATTRIBUTE_LIST we read (real ones are a few KiB).
  uint64_t max_attribute_list_size = 16ull * 1024 * 1024;
  // Deepest directory chain a path may have before we call it a loop.
  uint32_t max_path_depth = 4096;
  // Longest path (UTF-8 bytes) a directory may have before we stop descending into it.
  // Windows paths hold at most 32,767 UTF-16 units (at most 98,301 UTF-8 bytes); a crafted
  // chain of 4,096 directories with 255-character names would otherwise give 6 GiB of paths.
  uint32_t max_path_bytes = 96 * 1024;
  // Most data runs one attribute may have.
  uint32_t max_data_runs = 1u << 20;
  // Most extension records one base record may gather through $ATTRIBUTE_LIST.
  uint32_t max_extension_records = 4096;
  // Largest $UsnJrnl:$J we walk (sparse parts are skipped, not read).
  uint64_t max_usn_journal_size = 64ull * 1024 * 1024 * 1024;
  // Damaged MFT records named one by one in the warnings; the rest are counted in one line.
  uint32_t max_listed_damaged_records = 1000;
  // Warnings of one kind (the same text but for its numbers) listed in the manifest and on
  // stderr; the rest are counted in one line. A truncated image gave 194k "MFT entry N
  // unreadable" lines (a 25 MB manifest) otherwise.
  uint32_t max_listed_warnings_per_kind = 100;
  // Largest object the carver cuts out of free space.
  uint64_t max_carve_size = 1024 * 1024;
  // Most FILE plus INDX records the record carver keeps (each is held in memory whole).
  uint64_t max_carved_records = 200000;
  // Exchange setup logs read for installed builds (ExchangeSetup.log grows with every CU;
  // tens of MiB on an old server); the rest of a larger log is not read, and that is said.
  uint64_t max_setup_log_bytes = 32ull * 1024 * 1024;
  // IIS's applicationHost.config read for web roots (tens of KiB on a busy server); the
  // rest of a larger file is not read, and that is said.
  uint64_t max_application_host_config_bytes = 16ull * 1024 * 1024;
  // Exchange binaries read for their version resource (ExSetup.exe is tens of KiB).
  uint64_t max_version_binary_bytes = 256ull * 1024 * 1024;
  // EVTX (logs/evtx/): BinXML levels (templates inside substitution values inside
  // templates) one record may nest; Windows writes two or three.
  uint32_t max_evtx_binxml_depth = 32;
  // Template definitions cached per 64 KiB chunk (a chunk's template table has 32 slots;
  // real chunks hold a few dozen definitions).
  uint32_t max_evtx_templates_per_chunk = 1024;
  // BinXML tokens parsed, and XML nodes built, for one record: substituted templates can
  // multiply a 64 KiB chunk's tokens; the record is then reported damaged.
  uint32_t max_evtx_items_per_record = 100000;
  // Bytes of one record's rendered XML (and of any one value in it).
  uint32_t max_evtx_rendered_bytes = 1024 * 1024;
  // Longest log line kept (IIS and HttpProxy rows are a few KiB); the rest of a longer line
  // is skipped, the line counted as malformed and named in a warning (logs/line_reader.h).
  uint32_t max_log_line_bytes = 64 * 1024;
  // Requests kept from the logs for the correlation and the attacker addresses followed;
  // past it they are counted, not kept.
  uint64_t max_log_requests = 1000000;
  // Bytes of one event log gathered for parsing (logs/event_logs.h): Application and
  // MSExchange Management default to 20 MiB; a log configured larger is read up to here
  // (its first chunks), said in a warning.
  uint64_t max_evtx_file_bytes = 256ull * 1024 * 1024;
  // De-obfuscation (detect/deobfuscate/deobfuscate.h): a text (a scanned chunk) larger than
  // this is not folded (said in the warnings); obfuscated pages are tens of KiB, packed
  // admin shells a few hundred. Folding holds about 50 bytes per input byte at worst.
  uint64_t max_deobfuscate_input_bytes = 1024 * 1024;
  // Work per text: about one step per token looked at, plus one per 64 bytes a string
  // function handles. Linear text takes ~1 step a token; this stops a crafted quadratic one.
  uint64_t max_deobfuscate_steps = 8ull * 1024 * 1024;
  // The folded text stays within this multiple of the input and this absolute size
  // (Replace() and Space() can multiply a string's length).
  uint32_t max_deobfuscate_output_ratio = 4;
  uint64_t max_deobfuscate_output_bytes = 16ull * 1024 * 1024;
  // Nesting of parentheses, calls and eval(eval(...)) that is folded.
  uint32_t max_deobfuscate_depth = 32;
};

inline const Limits& default_limits() {
  static const Limits kLimits;
  return kLimits;
}

}  // namespace shellcarve
