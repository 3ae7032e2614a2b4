// Streamed imports through the real binary: a bad record late in a big file is refused in
// one line naming its place, with exit 2, and leaves no trace: no rows in a diary that was
// there, and no diary file where there was none.
#include <doctest/doctest.h>

#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "run_diary.hpp"

using e2e::contains;
using e2e::Options;
using e2e::Result;
using e2e::Sandbox;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// `n` episodes an hour apart from 1 Jan 2024; the one at `bad` has intensity 12.
std::string big_diary(int n, int bad) {
  std::string out = R"({"format": "diary/2", "episodes": [)";
  for (int i = 0; i < n; ++i) {
    const int day = i / 24, hour = i % 24;
    out += fmt::format(R"({}{{"onset": "2024-{:02}-{:02}T{:02}:00:00Z", "intensity": {}, "side": "left"}})",
                       i ? ",\n" : "", 1 + day / 28, 1 + day % 28, hour, i == bad ? 12 : i % 11);
  }
  return out + "]}\n";
}

}  // namespace

TEST_CASE("e2e import stream: a bad 5,000th episode is refused in one line and leaves no diary behind") {
  Sandbox s;
  const auto file = s.file("big.json", big_diary(6000, 4999));
  const Result r = s.run({"import", "json", file.string()});
  INFO("stderr: " << r.err);
  CHECK(r.code == 2);
  CHECK(e2e::count_lines(r.err) == 1);
  CHECK(contains(r.err, "episodes[4999].intensity"));
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(s.db()));
  CHECK_FALSE(fs::exists(s.db().string() + "-wal"));

  SUBCASE("into a diary that was there: nothing written") {
    s.ok({"log", "--at", "2026-11-22T03:10", "--intensity", "4"});
    const json before = s.export_json();
    const Result again = s.run({"import", "json", file.string()});
    CHECK(again.code == 2);
    CHECK(contains(again.err, "episodes[4999].intensity"));
    CHECK(s.export_json() == before);
  }
  SUBCASE("the same file without the bad record imports all of it, from standard input too") {
    Options o;
    o.with_stdin = true;
    o.stdin_text = big_diary(6000, -1);
    const Result ok = s.run({"import", "json", "-"}, o);
    INFO("stderr: " << ok.err);
    REQUIRE(ok.code == 0);
    CHECK(contains(ok.out, "Imported 6000 episodes (6000 new, 0 replaced)"));
    CHECK(s.export_json()["episodes"].size() == 6000);
  }
}

TEST_CASE("e2e import stream: a bad CSV row late in the file is refused and leaves no diary behind") {
  Sandbox s;
  std::string csv = "onset,intensity,side\r\n";
  for (int i = 0; i < 6000; ++i)
    csv += fmt::format("2024-{:02}-{:02}T{:02}:00:00Z,{},left\r\n", 1 + i / 24 / 28, 1 + i / 24 % 28, i % 24,
                       i == 5500 ? "loud" : std::to_string(i % 11));
  const Result r = s.run({"import", "csv", s.file("big.csv", csv).string()});
  INFO("stderr: " << r.err);
  CHECK(r.code == 2);
  CHECK(e2e::count_lines(r.err) == 1);
  CHECK(contains(r.err, "row 5502, column intensity"));
  CHECK_FALSE(fs::exists(s.db()));
}
