// URL paths of webshell files, request matching, droppers; applicationHost.config's
// virtual directories and log folders.
#include <gtest/gtest.h>

#include "common/filetime.h"
#include "logs/volume_logs.h"
#include "logs/webshell_requests.h"
#include "timeline/application_host_config.h"

namespace shellcarve::logs {
namespace {

LogRequest request(const std::string& time, const std::string& method, const std::string& url,
                   const std::string& query = "", const std::string& ip = "198.51.100.23") {
  LogRequest r;
  r.time.raw = time;
  r.time.filetime = iso8601_to_filetime(time + "Z");
  r.method = method;
  r.url_path = url;
  r.query = query;
  r.client_ip = ip;
  r.status = "200";
  return r;
}

TEST(WebshellRequests, UrlPathsThroughBuiltinAndConfiguredDirectories) {
  EXPECT_EQ(url_paths_of("/inetpub/wwwroot/aspnet_client/abc.aspx", {}),
            std::vector<std::string>{"/aspnet_client/abc.aspx"});
  EXPECT_EQ(url_paths_of("/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/x.aspx", {}),
            std::vector<std::string>{"/owa/auth/x.aspx"});
  const std::vector<VirtualDirectory> dirs{{"Site", "/shop/", "/D/Sites/Shop"}};
  EXPECT_EQ(url_paths_of("/D/sites/shop/img/s.ashx", dirs), std::vector<std::string>{"/shop/img/s.ashx"});
  EXPECT_EQ(normalize_url_path("/OWA/auth/OutlookFix%2Easpx"), "/owa/auth/outlookfix.aspx");
  EXPECT_EQ(normalize_url_path("/a//b\\C%zz"), "/a/b/c%zz");
}

TEST(WebshellRequests, RequestsPerShellAndTheDropper) {
  std::vector<ShellCandidate> shells{
      {"/inetpub/wwwroot/aspnet_client/abc.aspx", iso8601_to_filetime("2021-03-02T02:51:33Z"), {"/aspnet_client/abc.aspx"}},
      {"/x/owa/auth/outlookfix.aspx", iso8601_to_filetime("2021-03-05T10:00:03Z"), {"/owa/auth/outlookfix.aspx"}}};
  const ShellUrlIndex index(shells);
  const std::vector<LogRequest> requests{
      request("2021-03-02 02:51:25", "POST", "/ecp/DDI/DDIService.svc/SetObject", "schema=OABVirtualDirectory"),
      request("2021-03-02 02:51:31", "POST", "/ecp/DDI/DDIService.svc/SetObject", "schema=ResetOABVirtualDirectory"),
      request("2021-03-02 02:52:02", "POST", "/aspnet_client/abc.aspx", "", "203.0.113.7"),
      request("2021-03-05 10:00:00", "POST", "/aspnet_client/abc.aspx"),
      request("2021-03-05 10:05:00", "GET", "/OWA/auth/OutlookFix%2Easpx"),
  };
  EXPECT_FALSE(index.wanted(request("2021-03-05 10:05:00", "GET", "/owa/")));
  const auto per_shell = requests_per_shell(shells, index, requests);
  ASSERT_TRUE(per_shell[0] && per_shell[1]);
  EXPECT_EQ(per_shell[0]->count, 2u);
  EXPECT_EQ(per_shell[0]->first.time.raw, "2021-03-02 02:52:02");
  EXPECT_EQ(per_shell[0]->client_ips, (std::set<std::string>{"198.51.100.23", "203.0.113.7"}));
  EXPECT_EQ(per_shell[1]->count, 1u);
  const auto abc = find_dropper(shells, 0, index, requests);
  ASSERT_TRUE(abc);
  EXPECT_EQ(abc->request.query, "schema=ResetOABVirtualDirectory");
  EXPECT_EQ(abc->gap, 2 * 10000000);
  const auto fix = find_dropper(shells, 1, index, requests);
  ASSERT_TRUE(fix);
  EXPECT_EQ(fix->request.url_path, "/aspnet_client/abc.aspx");
  EXPECT_EQ(fix->gap, 3 * 10000000);
  EXPECT_NE(fix->evidence.find("webshell /inetpub/wwwroot/aspnet_client/abc.aspx"), std::string::npos) << fix->evidence;
  shells[1].born.reset();
  EXPECT_FALSE(find_dropper(shells, 1, index, requests));
}

TEST(WebshellRequests, ApplicationHostConfigVirtualDirectoriesAndLogFolders) {
  const auto config = parse_application_host_config(R"(<configuration><system.applicationHost>
    <sites><siteDefaults><logFile directory="%SystemDrive%\inetpub\logs\LogFiles" /></siteDefaults>
    <site name="Shop" id="2"><application path="/shop"><virtualDirectory path="/" physicalPath="D:\Sites\Shop" />
      <virtualDirectory path="/img" physicalPath="D:\Media" /></application>
      <logFile directory="E:\IISLogs" /></site></sites></system.applicationHost></configuration>)");
  ASSERT_EQ(config.virtual_directories.size(), 2u);
  EXPECT_EQ(config.virtual_directories[0].url_path, "/shop/");
  EXPECT_EQ(config.virtual_directories[0].path, "/Sites/Shop");
  EXPECT_EQ(config.virtual_directories[1].url_path, "/shop/img");
  EXPECT_EQ(config.virtual_directories[1].site, "Shop");
  EXPECT_EQ(config.log_directories, (std::vector<std::string>{"/inetpub/logs/logfiles", "/iislogs"}));
  EXPECT_EQ(volume_log_family("/IISLogs/W3SVC2/u_ex210301.log", config.log_directories), LogFamily::kIis);
  EXPECT_EQ(volume_log_family("/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/x.log"), std::nullopt);
  EXPECT_EQ(volume_log_family("/Program Files/Microsoft/Exchange Server/V15/Logging/HttpProxy/Ews/HttpProxy_1.LOG"),
            LogFamily::kHttpProxy);
}

}  // namespace
}  // namespace shellcarve::logs
