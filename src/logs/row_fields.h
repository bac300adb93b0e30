// row_fields.h: the fields every check needs, whichever log a row comes from. IIS W3C
// rows name them `date`/`time`, `c-ip`, `cs(User-Agent)`, `cs-method`, `cs-uri-stem`,
// `cs-uri-query`, `sc-status`; Exchange's HttpProxy rows `DateTime`, `ClientIpAddress`,
// `UserAgent`, `Method`, `UrlStem`, `UrlQuery`, `HttpStatus`; ECP and OABGenerator rows
// have `DateTime` only.
#pragma once

#include "logs/log_hit.h"
#include "logs/log_row.h"

namespace shellcarve::logs {

RowTime row_time(const LogRow& row);
std::string_view row_client_ip(const LogRow& row);
std::string_view row_user_agent(const LogRow& row);

// The request a row records; nullopt for rows that are not requests (ECP, OAB).
std::optional<LogRequest> row_request(const LogRow& row);

// The provenance of a row of the file `file` (path, MFT entry, deleted): its line and offsets.
LogProvenance row_provenance(const LogProvenance& file, const LogLine& line);

}  // namespace shellcarve::logs
