// The VSS stores we list agree with libvshadow's own tool, vshadowinfo (libvshadow-utils),
// on every VSS volume of the shared corpus: the number of stores, and per store its
// identifier, shadow copy and set identifiers, creation time to 100 ns, volume size,
// attribute flags and whether its data lies outside the volume; and `shellcarve info
// --json` says the same. Unreadable stores are named, never fatal.
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <sstream>

#include "common/filetime.h"
#include "image/image.h"
#include "image/vss/vss.h"
#include "image/vss_corpus.h"
#include "support/test_support.h"

namespace shellcarve::test {
namespace {

struct ToolStore {
  std::map<std::string, std::string> fields;  // "Identifier" -> value ...
  bool outside = false;                       // "Data stored outside volume."
};

struct ToolInfo {
  int count = -1;
  std::vector<ToolStore> stores;
};

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
  size_t start = text.find_first_not_of(" \t");
  return start == std::string::npos ? "" : text.substr(start);
}

ToolInfo parse_vshadowinfo(const std::string& text) {
  ToolInfo info;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const std::string t = trim(line);
    if (t.rfind("Number of stores:", 0) == 0) info.count = std::stoi(trim(t.substr(17)));
    else if (t.rfind("Store: ", 0) == 0) info.stores.emplace_back();
    else if (t == "Data stored outside volume." && !info.stores.empty()) info.stores.back().outside = true;
    else if (const auto colon = t.find(':'); colon != std::string::npos && !info.stores.empty())
      info.stores.back().fields[trim(t.substr(0, colon))] = trim(t.substr(colon + 1));
  }
  return info;
}

// vshadowinfo's creation time: "Mar 10, 2021 22:44:18.999837400 UTC" (100 ns digits + "00").
std::string vshadowinfo_time(uint64_t filetime) {
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = static_cast<std::time_t>(filetime_to_unix_seconds(filetime));
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[64];
  std::snprintf(text, sizeof text, "%s %02d, %04d %02d:%02d:%02d.%07u00 UTC", kMonths[tm.tm_mon], tm.tm_mday,
                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, filetime_subsecond(filetime));
  return text;
}

class VssCatalogAgreement : public ::testing::TestWithParam<VssCorpusVolume> {};

TEST_P(VssCatalogAgreement, StoresAgreeWithVshadowinfo) {
  const VssCorpusVolume& v = GetParam();
  if (!corpus_dir()) GTEST_SKIP() << "shared corpus absent";
  if (!have_tool("vshadowinfo")) GTEST_SKIP() << "vshadowinfo absent (libvshadow-utils)";
  const auto path = unpack_corpus_image(std::string("images/") + v.archive, v.member);
  ASSERT_TRUE(path) << "cannot unpack " << v.archive;
  const uint64_t offset = v.sector * 512;
  const auto tool = run_command("vshadowinfo -o " + std::to_string(offset) + " " + shell_quote(path->string()));
  ASSERT_EQ(tool.status, 0) << tool.err;
  const ToolInfo expected = parse_vshadowinfo(tool.out);
  ASSERT_EQ(expected.count, static_cast<int>(v.stores)) << tool.out;

  auto image = open_image(path->string());
  ASSERT_TRUE(image) << image.error().message;
  const VssCatalog catalog = VssCatalog::read(**image, offset, (*image)->size() - offset, v.label);
  EXPECT_TRUE(catalog.present());
  ASSERT_EQ(catalog.stores().size(), expected.stores.size());
  uint32_t readable = 0;
  for (size_t i = 0; i < expected.stores.size(); ++i) {
    const VssStore& ours = catalog.stores()[i];
    const ToolStore& theirs = expected.stores[i];
    SCOPED_TRACE(std::string(v.label) + " store " + std::to_string(i + 1));
    EXPECT_EQ(ours.index, i + 1);
    EXPECT_EQ(ours.identifier, theirs.fields.at("Identifier"));
    EXPECT_EQ(vshadowinfo_time(ours.creation_time), theirs.fields.at("Creation time"));
    EXPECT_EQ(theirs.fields.at("Volume size").find("(" + std::to_string(ours.volume_size) + " bytes)") !=
                  std::string::npos,
              true)
        << theirs.fields.at("Volume size");
    EXPECT_EQ(ours.data_in_volume, !theirs.outside);
    if (!theirs.outside) {
      EXPECT_EQ(ours.copy_identifier, theirs.fields.at("Shadow copy ID"));
      EXPECT_EQ(ours.copy_set_identifier, theirs.fields.at("Shadow copy set ID"));
      char flags[16];
      std::snprintf(flags, sizeof flags, "0x%08x", ours.attribute_flags);
      EXPECT_EQ(flags, theirs.fields.at("Attribute flags"));
    }
    if (ours.readable()) {
      ++readable;
      auto store = catalog.open_store(ours.index);
      ASSERT_TRUE(store) << store.error().message;
      EXPECT_EQ((*store)->size(), ours.volume_size);
      EXPECT_EQ((*store)->format(), "vss-store");
      // Past the end is refused, as for every image.
      std::vector<std::byte> sector(512);
      EXPECT_FALSE((*store)->read(ours.volume_size - 256, sector));
      ASSERT_TRUE((*store)->read(0, sector));
      EXPECT_EQ(std::string(reinterpret_cast<const char*>(sector.data()) + 3, 4), "NTFS");
    } else {
      EXPECT_FALSE(catalog.open_store(ours.index));
      EXPECT_FALSE(ours.problems.empty());
    }
  }
  EXPECT_EQ(readable, v.readable);
  // Each store that is not read is named in a warning.
  EXPECT_EQ(catalog.warnings().size(), v.stores - v.readable);

  // `info --json` lists the same stores under the partition.
  const auto info = run_shellcarve({"info", "--json", path->string()});
  ASSERT_EQ(info.status, 0) << info.err;
  const auto identifiers = json_values(info.out, "identifier");
  size_t found = 0;
  for (const VssStore& store : catalog.stores())
    found += std::count(identifiers.begin(), identifiers.end(), store.identifier) > 0;
  EXPECT_EQ(found, catalog.stores().size());
  if (v.readable < v.stores) {
    const auto text = run_shellcarve({"info", path->string()});
    EXPECT_NE(text.out.find("data on a separate storage volume: not readable from this image"), std::string::npos)
        << text.out;
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, VssCatalogAgreement, ::testing::ValuesIn(kVssCorpusVolumes),
                         [](const auto& param_info) { return std::string(param_info.param.label); });

}  // namespace
}  // namespace shellcarve::test
