// W3C and Exchange CSV readers: #Fields changes, quoting, malformed rows.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "logs/exchange_csv_reader.h"
#include "logs/w3c_reader.h"

namespace shellcarve::logs {
namespace {

template <class Reader>
void feed_lines(Reader& reader, const std::vector<std::string>& lines) {
  uint64_t n = 0;
  for (const auto& text : lines) {
    LogLine line{text, ++n, 0, std::nullopt, false};
    reader.on_line(line);
  }
}

TEST(W3cReader, FieldsChangeMidFile) {
  std::vector<std::string> stems, hosts;
  W3cReader reader([&](const LogRow& row) {
    stems.emplace_back(row.field("cs-uri-stem"));
    hosts.emplace_back(row.field("CS-HOST"));
  });
  feed_lines(reader, {"#Software: Microsoft Internet Information Services 10.0",
                      "#Fields: date time cs-uri-stem c-ip",
                      "2021-03-05 00:02:00 /owa/ 10.1.1.20",
                      "#Fields: date time cs-uri-stem cs-host c-ip",
                      "2021-03-05 09:30:00 /ecp/ mail.contoso.com 10.1.1.20",
                      "2021-03-05 09:30:01 /short",
                      "2021-03-05 09:30:02 - - 10.1.1.20"});
  ASSERT_EQ(stems.size(), 3u);
  EXPECT_EQ(stems[0], "/owa/");
  EXPECT_EQ(hosts[0], "");
  EXPECT_EQ(stems[1], "/ecp/");
  EXPECT_EQ(hosts[1], "mail.contoso.com");
  EXPECT_EQ(stems[2], "");  // '-' is empty
  EXPECT_EQ(reader.stats().field_changes, 1u);
  EXPECT_EQ(reader.stats().malformed, 1u);
  EXPECT_EQ(reader.stats().first_malformed_line, 6u);
}

TEST(W3cReader, RowsBeforeAnyFieldsAreCounted) {
  size_t rows = 0;
  W3cReader reader([&](const LogRow&) { ++rows; });
  feed_lines(reader, {"2021-03-05 00:02:00 /owa/"});
  EXPECT_EQ(rows, 0u);
  EXPECT_EQ(reader.stats().rows_without_fields, 1u);
}

TEST(ExchangeCsv, QuotedValuesWithCommasAndDoubledQuotes) {
  std::string storage;
  std::vector<std::string_view> values;
  EXPECT_TRUE(split_csv_line(R"(a,"b,c","say ""hi""",,end)", storage, values));
  ASSERT_EQ(values.size(), 5u);
  EXPECT_EQ(values[1], "b,c");
  EXPECT_EQ(values[2], "say \"hi\"");
  EXPECT_EQ(values[3], "");
  EXPECT_EQ(values[4], "end");
  EXPECT_FALSE(split_csv_line(R"(a,"unterminated)", storage, values));
}

TEST(ExchangeCsv, RowsByHeaderMalformedCounted) {
  std::vector<std::string> anchors;
  ExchangeCsvReader reader(LogFamily::kHttpProxy, [&](const LogRow& row) { anchors.emplace_back(row.field("anchormailbox")); });
  feed_lines(reader, {"#Software: Microsoft Exchange Server", "#Fields: DateTime,AnchorMailbox,UrlStem",
                      R"(2021-03-02T02:51:10.317Z,"ServerInfo~a]@x:444/ecp/y.js?#",/ecp/y.js)",
                      "2021-03-02T02:51:11.000Z,too,many,values", R"(2021-03-02T02:51:12.000Z,"open,/x)"});
  ASSERT_EQ(anchors.size(), 1u);
  EXPECT_EQ(anchors[0], "ServerInfo~a]@x:444/ecp/y.js?#");
  EXPECT_EQ(reader.stats().malformed, 2u);
}

}  // namespace
}  // namespace shellcarve::logs
