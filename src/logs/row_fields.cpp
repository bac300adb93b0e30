#include "logs/row_fields.h"

#include "common/filetime.h"
#include "logs/w3c_reader.h"

namespace shellcarve::logs {
namespace {

std::string_view first_of(const LogRow& row, std::string_view a, std::string_view b) {
  const std::string_view value = row.field(a);
  return value.empty() ? row.field(b) : value;
}

}  // namespace

RowTime row_time(const LogRow& row) {
  RowTime time;
  if (row.family == LogFamily::kIis) {
    // W3C times are UTC (the format's rule; IIS never localises W3C logs).
    time.raw = w3c_time_text(row);
    if (!time.raw.empty()) time.filetime = iso8601_to_filetime(time.raw + "Z");
    return time;
  }
  time.raw = std::string(row.field("DateTime"));
  if (!time.raw.empty()) time.filetime = iso8601_to_filetime(time.raw);
  return time;
}

std::string_view row_client_ip(const LogRow& row) { return first_of(row, "c-ip", "ClientIpAddress"); }

std::string_view row_user_agent(const LogRow& row) { return first_of(row, "cs(User-Agent)", "UserAgent"); }

std::optional<LogRequest> row_request(const LogRow& row) {
  if (row.family != LogFamily::kIis && row.family != LogFamily::kHttpProxy) return std::nullopt;
  LogRequest request;
  request.family = row.family;
  request.time = row_time(row);
  request.method = std::string(first_of(row, "cs-method", "Method"));
  request.url_path = std::string(first_of(row, "cs-uri-stem", "UrlStem"));
  request.query = std::string(first_of(row, "cs-uri-query", "UrlQuery"));
  request.status = std::string(first_of(row, "sc-status", "HttpStatus"));
  request.client_ip = std::string(row_client_ip(row));
  request.user_agent = std::string(row_user_agent(row));
  if (row.line != nullptr) request.line = std::string(row.line->text);
  return request;
}

LogProvenance row_provenance(const LogProvenance& file, const LogLine& line) {
  LogProvenance provenance = file;
  provenance.line_number = line.line_number;
  provenance.file_offset = line.file_offset;
  provenance.image_offset = line.image_offset;
  return provenance;
}

}  // namespace shellcarve::logs
