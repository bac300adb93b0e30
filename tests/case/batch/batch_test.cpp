// `shellcarve batch` (issue 15): the manifest and folder inputs, case folder names, the
// record files a rerun trusts, and a real batch through the library and the CLI: one
// image damaged, one not NTFS, a rerun that redoes only what is not done, and a changed
// option that redoes everything.
#include "case/batch/batch_input.h"
#include "case/batch/batch_record.h"
#include "case/batch/batch_runner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/filetime.h"
#include "support/test_support.h"

namespace shellcarve {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(BatchInput, ManifestColumnsInAnyOrderRelativePathsFromItsFolder) {
  test::TempDir dir;
  write(dir / "m.csv",
        "\xEF\xBB\xBF" "Examiner,image,patched_at,case_number,evidence_number\n"
        "# a comment\n"
        "\"Doe, J.\",imgs/a.E01,2021-03-04T12:00:00Z,C-1,EV-7\n"
        "\n"
        ",/abs/b.raw,,,\n");
  const auto items = read_batch_manifest((dir / "m.csv").string());
  ASSERT_TRUE(items) << items.error().message;
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].image, (dir / "imgs/a.E01").string());
  EXPECT_EQ((*items)[0].examiner, "Doe, J.");
  EXPECT_EQ((*items)[0].case_number, "C-1");
  EXPECT_EQ((*items)[0].evidence_number, "EV-7");
  EXPECT_EQ((*items)[0].patched_at, iso8601_to_filetime("2021-03-04T12:00:00Z"));
  EXPECT_EQ((*items)[0].source, (dir / "m.csv").string() + ":3");
  EXPECT_EQ((*items)[1].image, "/abs/b.raw");
  EXPECT_FALSE((*items)[1].examiner);
}

TEST(BatchInput, BadManifestRowsAreNamedByLine) {
  test::TempDir dir;
  write(dir / "bad-time.csv", "image,patched_at\na.raw,yesterday\n");
  write(dir / "no-image.csv", "patched_at\n2021-03-04T12:00:00Z\n");
  write(dir / "open-quote.csv", "image\n\"a.raw\n");
  write(dir / "unknown.csv", "image,colour\na.raw,red\n");
  const auto bad_time = read_batch_manifest((dir / "bad-time.csv").string());
  ASSERT_FALSE(bad_time);
  EXPECT_NE(bad_time.error().message.find("bad-time.csv:2: patched_at 'yesterday'"), std::string::npos);
  EXPECT_FALSE(read_batch_manifest((dir / "no-image.csv").string()));
  EXPECT_FALSE(read_batch_manifest((dir / "open-quote.csv").string()));
  const auto unknown = read_batch_manifest((dir / "unknown.csv").string());
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("unknown column 'colour'"), std::string::npos);
  EXPECT_FALSE(read_batch_manifest((dir / "missing.csv").string()));
}

TEST(BatchInput, FolderSearchTakesFirstSegmentsOnly) {
  test::TempDir dir;
  for (const char* f : {"s1/disk.E01", "s1/disk.E02", "s1/disk.E03", "s2/web.001", "s2/web.002", "c.raw",
                        "notes.txt", "d.DD"})
    write(dir / f, "x");
  const auto items = find_batch_images({dir.path().string()});
  ASSERT_TRUE(items) << items.error().message;
  std::vector<std::string> names;
  for (const auto& i : *items) names.push_back(fs::path(i.image).filename().string());
  EXPECT_EQ(names, (std::vector<std::string>{"c.raw", "d.DD", "disk.E01", "web.001"}));
  EXPECT_FALSE(find_batch_images({(dir / "nope").string()}));
}

TEST(BatchInput, CaseNamesAreSafeUniqueAndStable) {
  std::vector<BatchItem> items(5);
  items[0].image = "/a/srv01.E01";
  items[1].image = "/b/SRV01.E01";
  items[2].image = "/c/we b;$(rm).raw";
  items[3].image = "/d/x.raw";
  items[3].name = "../../etc";
  items[4].image = "/e/srv01.001";
  assign_case_names(items);
  EXPECT_EQ(items[0].name, "srv01");
  EXPECT_EQ(items[1].name, "SRV01-2");  // folder names differing only in case collide on some file systems
  EXPECT_EQ(items[2].name, "we_b___rm_");
  EXPECT_EQ(items[3].name, ".._.._etc");
  EXPECT_EQ(items[4].name, "srv01-3");
}

TEST(BatchInput, PlanReadsBackToTheSameItems) {
  test::TempDir dir;
  std::vector<BatchItem> items(2);
  items[0].image = "/x/a \"q\",b.E01";
  items[0].patched_at = iso8601_to_filetime("2021-03-04T12:00:00.1234567Z");
  items[0].examiner = "Doe, J.";
  items[1].image = "/x/c.raw";
  items[1].case_number = "=HYPERLINK(1)";
  assign_case_names(items);
  write(dir / "plan.csv", render_batch_manifest(items));
  const auto back = read_batch_manifest((dir / "plan.csv").string());
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ((*back)[i].image, items[i].image);
    EXPECT_EQ((*back)[i].name, items[i].name);
    EXPECT_EQ((*back)[i].patched_at, items[i].patched_at);
    EXPECT_EQ((*back)[i].examiner, items[i].examiner);
    EXPECT_EQ((*back)[i].case_number, items[i].case_number);
  }
}

TEST(BatchRecord, RoundTripsAndRefusesTornOrForeignFiles) {
  BatchRecord r;
  r.name = "srv01";
  r.image = "/img/srv01.E01";
  r.fingerprint = "abc";
  r.status = BatchStatus::kFailed;
  r.error = "line one\nline two \\ with a backslash";
  r.findings = 3;
  r.peak_memory_bytes = 123456789;
  r.patched_at_given = 132593328005555555ull;
  const std::string text = render_batch_record(r);
  const auto back = parse_batch_record(text);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(render_batch_record(*back), text);
  EXPECT_EQ(back->error, r.error);
  EXPECT_EQ(back->status, BatchStatus::kFailed);
  // A record cut anywhere before its last line is not trusted.
  for (size_t cut = 0; cut + 4 < text.size(); cut += 7) EXPECT_FALSE(parse_batch_record(text.substr(0, cut))) << cut;
  EXPECT_FALSE(parse_batch_record("{\"json\": true}\n"));
}

// Three images (test-images/): a ProxyLogon server, paths.raw, and one that is not NTFS.
struct BatchFixture : ::testing::Test {
  test::TempDir dir;
  std::vector<BatchItem> items;
  void SetUp() override {
    fs::create_directories(dir / "imgs");
    fs::copy_file(*test::test_image("proxylogon.raw.gz"), dir / "imgs/proxylogon.raw");
    fs::copy_file(*test::test_image("paths.raw.gz"), dir / "imgs/paths.raw");
    write(dir / "imgs/junk.img", "not an NTFS volume");
    auto found = find_batch_images({(dir / "imgs").string()});
    ASSERT_TRUE(found);
    items = *found;
    assign_case_names(items);
  }
  BatchRequest request() const {
    BatchRequest r;
    r.items = items;
    r.root = (dir / "root").string();
    r.scan.hash = false;
    r.scan.carve = false;
    r.jobs = 2;
    return r;
  }
};

TEST_F(BatchFixture, OneFailureIsARowAndARerunRedoesOnlyIt) {
  const auto first = run_batch(request(), {});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->done, 2u);
  EXPECT_EQ(first->failed, 1u);
  const std::string index = read(dir / "root/batch.csv");
  EXPECT_NE(index.find("junk,"), std::string::npos);
  EXPECT_NE(index.find("no NTFS"), std::string::npos) << index;
  EXPECT_TRUE(fs::exists(dir / "root/proxylogon/findings.json"));
  const auto rec = load_batch_record((dir / "root").string(), "proxylogon");
  ASSERT_TRUE(rec && *rec);
  EXPECT_EQ((*rec)->status, BatchStatus::kDone);
  EXPECT_EQ((*rec)->critical, 2u);
  EXPECT_EQ((*rec)->after_patch, 1u);
  EXPECT_GT((*rec)->peak_memory_bytes, 1u << 20);
  EXPECT_EQ((*rec)->patched_at, "2021-03-04T12:00:00.5555555Z");
  const auto findings_before = fs::last_write_time(dir / "root/proxylogon/findings.json");

  const auto second = run_batch(request(), {});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->reused, 2u);
  EXPECT_EQ(second->failed, 1u);
  for (const auto& row : second->rows) EXPECT_EQ(row.ran_this_run, row.item.name == "junk") << row.item.name;
  EXPECT_EQ(fs::last_write_time(dir / "root/proxylogon/findings.json"), findings_before);

  // Another option: nothing done before counts.
  auto changed = request();
  changed.scan.webroots = {"all"};
  const auto third = run_batch(changed, {});
  ASSERT_TRUE(third);
  EXPECT_EQ(third->reused, 0u);
  EXPECT_EQ(third->done, 2u);
}

TEST_F(BatchFixture, ARecordLeftRunningIsRedoneAsInterrupted) {
  ASSERT_TRUE(run_batch(request(), {}));
  auto rec = *load_batch_record((dir / "root").string(), "paths");
  ASSERT_TRUE(rec);
  rec->status = BatchStatus::kRunning;  // as a power cut during its scan leaves it
  rec->pid = 999999;
  ASSERT_TRUE(store_batch_record((dir / "root").string(), *rec));
  std::vector<std::string> events;
  const auto again = run_batch(request(), [&](const BatchProgress& p) { events.push_back(p.event); });
  ASSERT_TRUE(again);
  EXPECT_EQ(again->done, 2u);
  bool restarted = false;
  for (const auto& e : events) restarted |= e.starts_with("started paths");
  EXPECT_TRUE(restarted);
}

TEST_F(BatchFixture, CliBatchStatusAndExitCodes) {
  const std::string bin = SHELLCARVE_BINARY;
  const std::string root = (dir / "cli-root").string();
  const auto run = test::run_command(bin + " batch '" + (dir / "imgs").string() + "' --out '" + root +
                                     "' --no-hash --no-carve --jobs 2 </dev/null");
  EXPECT_EQ(run.status, 2) << run.err;  // one image failed
  EXPECT_NE(run.err.find("3 image(s): 2 done (0 from an earlier run), 1 failed"), std::string::npos) << run.err;
  const auto status = test::run_command(bin + " batch --status '" + root + "'");
  EXPECT_EQ(status.status, 2);
  EXPECT_NE(status.out.find("done\tproxylogon\t"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("failed\tjunk\t"), std::string::npos) << status.out;
  const auto locked_twice = test::run_command("flock '" + root + "/batch.lock' " + bin + " batch '" +
                                              (dir / "imgs").string() + "' --out '" + root + "' --no-hash");
  EXPECT_EQ(locked_twice.status, 2);
  EXPECT_NE(locked_twice.err.find("another batch is running"), std::string::npos) << locked_twice.err;
}

}  // namespace
}  // namespace shellcarve
