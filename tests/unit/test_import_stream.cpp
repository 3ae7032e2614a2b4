// Streamed imports (issue 16): `import json` and `import csv` read a file one record at a
// time and merge each at once inside one transaction. Still all or nothing, still naming
// the bad record's place, whatever the order of the file's sections.
#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>
#include <string>

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "diary/app/episodes.hpp"
#include "diary/app/nights.hpp"
#include "diary/app/reports.hpp"
#include "diary/app/transfer.hpp"
#include "diary/clock.hpp"
#include "diary/error.hpp"
#include "diary/store.hpp"
#include "scratch_dir.hpp"

namespace fs = std::filesystem;
using namespace diary;
using nlohmann::ordered_json;

namespace {

diary::clock::Zone berlin() { return diary::clock::find_zone("Europe/Berlin"); }

// A version-4 uuid made from a number, so that records can be told apart and found again.
std::string uuid_of(int kind, int i) { return fmt::format("{:08x}-0000-4000-8000-{:012x}", kind, i); }

// `n` episodes an hour apart from 1 Jan 2024 (each with a uuid), a night for each day, a
// profile and a medicine.
ordered_json episodes_json(int n) {
  ordered_json list = ordered_json::array();
  for (int i = 0; i < n; ++i) {
    const date::sys_seconds t = date::sys_days{date::year{2024} / 1 / 1} + std::chrono::hours{i};
    list.push_back({{"onset", date::format("%FT%TZ", t)},
                    {"duration_min", 1 + i % 30},
                    {"intensity", i % 11},
                    {"locations", {"calf"}},
                    {"side", i % 2 ? "left" : "right"},
                    {"note", fmt::format("record {}", i)},
                    {"uuid", uuid_of(1, i)}});
  }
  return list;
}

ordered_json nights_json(int days) {
  ordered_json list = ordered_json::array();
  for (int d = 0; d < days; ++d) {
    const date::year_month_day day{date::sys_days{date::year{2024} / 1 / 1} + date::days{d}};
    list.push_back({{"night", date::format("%F", day)}, {"sleep_quality", 1 + d % 5}, {"uuid", uuid_of(2, d)}});
  }
  return list;
}

ordered_json profile_json() { return {{"birth_year", 1951}, {"smoking", "former"}}; }
ordered_json medicines_json() {
  return ordered_json::array({{{"name", "Magnesium"}, {"since", "2024-01-01"}, {"uuid", uuid_of(3, 1)}}});
}

ordered_json whole(int n) {
  return {{"format", "diary/2"},
          {"profile", profile_json()},
          {"nights", nights_json(n / 24 + 1)},
          {"episodes", episodes_json(n)},
          {"medicines", medicines_json()}};
}

app::Imported import_text(Store& store, const std::string& text) {
  std::istringstream in(text);
  return app::import_json(store, in, berlin());
}

app::Imported import_csv_text(Store& store, const std::string& text) {
  std::istringstream in(text);
  return app::import_csv(store, in, berlin());
}

// The error an import throws (it must throw bad input).
Error refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    CHECK(e.code() == Errc::bad_input);
    return e;
  }
  FAIL("no error");
  return failure("none");
}

// A diary with something in it already, to see that a failed import leaves it as it was.
void fill(Store& store) {
  Episode e;
  e.onset = clock::in_zone(date::sys_days{date::year{2023} / 6 / 1} + std::chrono::hours{1}, berlin());
  e.intensity = 4;
  app::log_episode(store, e);
  Night n;
  n.night = date::year{2023} / 6 / 1;
  n.sleep_quality = 2;
  app::record_night(store, n, date::sys_days{date::year{2023} / 6 / 3}, berlin());
}

}  // namespace

TEST_CASE("import stream: a bad record late in a big file writes nothing and names its place") {
  diary::test::ScratchDir dir("stream");
  Store store(dir / "d.db");
  fill(store);
  const Diary before = store.load();
  auto doc = whole(6000);  // over 1 MB: read in several pieces

  SUBCASE("a value out of range in the 5,000th episode") {
    doc["episodes"][4999]["intensity"] = 12;
    const auto e = refusal([&] { import_text(store, doc.dump(1)); });
    CHECK(e.field() == "episodes[4999].intensity");
    CHECK(std::string(e.what()).find("episodes[4999].intensity") == 0);
    CHECK(std::string(e.what()).find("12") != std::string::npos);
  }
  SUBCASE("an unknown field in the last episode") {
    doc["episodes"][5999]["colour"] = "red";
    CHECK(refusal([&] { import_text(store, doc.dump()); }).field() == "episodes[5999].colour");
  }
  SUBCASE("a uuid given twice, far apart") {
    doc["episodes"][5500]["uuid"] = uuid_of(1, 3);
    const auto e = refusal([&] { import_text(store, doc.dump()); });
    CHECK(e.field() == "episodes[5500].uuid");
    CHECK(std::string(e.what()).find("also the uuid of episodes[3]") != std::string::npos);
  }
  SUBCASE("a night's uuid given twice") {
    doc["nights"][200]["uuid"] = uuid_of(2, 7);
    CHECK(refusal([&] { import_text(store, doc.dump()); }).field() == "nights[200].uuid");
  }
  SUBCASE("no format, found missing only at the end") {
    doc.erase("format");
    CHECK(refusal([&] { import_text(store, doc.dump()); }).field() == "format");
  }
  SUBCASE("broken JSON after the last episode") {
    std::string text = doc.dump();
    text.insert(text.size() - 1, ",");  // {..., "medicines": [...],}
    const auto e = refusal([&] { import_text(store, text); });
    CHECK(e.field() == "json");
    CHECK(std::string(e.what()).find("not valid JSON at line 1, column") != std::string::npos);
  }
  SUBCASE("an unknown section after the episodes") {
    doc["extra"] = 1;
    CHECK(refusal([&] { import_text(store, doc.dump()); }).field() == "extra");
  }
  CHECK(store.load() == before);
}

TEST_CASE("import stream: the line and column of broken JSON are those of the offending character") {
  const auto where = [](const std::string& text) {
    try {
      app::read_json(text, berlin());
    } catch (const Error& e) { return e.value(); }
    return std::string("no error");
  };
  CHECK(where("{\"format\": \"diary/2\",\n  \"episodes\": [\n    {\"onset\": x}\n]}") == "line 3, column 15");
  CHECK(where("{\"format\": \"diary/2\",\n") == "line 2, column 1");   // ends early
  CHECK(where("{\"format\": \"diary/2\"}\n}") == "line 2, column 1");  // something after the end
}

TEST_CASE("import stream: sections in any order import the same diary") {
  diary::test::ScratchDir dir("stream");
  const auto doc = whole(100);
  Store usual(dir / "usual.db");
  const auto a = import_text(usual, doc.dump());

  // The reverse order: medicines, episodes, nights, profile, and the format last.
  ordered_json reversed = ordered_json::object();
  for (const char* key : {"medicines", "episodes", "nights", "profile", "format"}) reversed[key] = doc[key];
  Store other(dir / "other.db");
  const auto b = import_text(other, reversed.dump(2));

  CHECK(a.report.episodes == 100);
  CHECK(b.report.episodes == 100);
  CHECK(b.report.episodes_added == a.report.episodes_added);
  CHECK(b.report.nights_added == a.report.nights_added);
  CHECK(b.report.medicines_added == 1);
  CHECK(b.report.profile_changed);
  CHECK(app::diary_json(other) == app::diary_json(usual));
  CHECK(other.medicines().size() == 1);
  CHECK(other.profile().birth_year == 1951);

  SUBCASE("and importing it again replaces every record and adds none") {
    const auto again = import_text(other, reversed.dump());
    CHECK(again.report.episodes_replaced == 100);
    CHECK(again.report.episodes_added == 0);
    CHECK(again.report.nights_added == 0);
    CHECK(app::diary_json(other) == app::diary_json(usual));
  }
}

TEST_CASE("import stream: an export imports back byte for byte through the stream") {
  diary::test::ScratchDir dir("stream");
  Store a(dir / "a.db");
  import_text(a, whole(300).dump());
  const std::string exported = app::diary_json(a);
  Store b(dir / "b.db");
  const auto r = import_text(b, exported);
  CHECK(r.report.episodes == 300);
  CHECK(app::diary_json(b) == exported);
}

TEST_CASE("import stream: warning signs of imported episodes and nights") {
  diary::test::ScratchDir dir("stream");
  Store store(dir / "d.db");
  auto doc = whole(48);
  // A swollen, warm, red calf (clot signs) on one episode, breathlessness two nights later
  // written only in a note: together they say to call the emergency number now.
  doc["episodes"][2]["signs"] = {"swelling", "warmth", "redness"};
  doc["episodes"][40]["note"] = "short of breath tonight";
  // A night's own note naming a warning sign, on a night without an episode.
  doc["nights"].push_back({{"night", "2024-03-01"}, {"note", "my left calf is swollen, hot and red"}});
  const auto r = import_text(store, doc.dump());
  bool clot = false;
  int notes = 0;
  for (const auto& f : r.red_flags) {
    if (f.id == "dvt_signs") clot = true;
    for (const auto& q : f.from_notes) notes += q.find("swollen") != std::string::npos;
  }
  CHECK(clot);
  CHECK(notes >= 1);
  SUBCASE("a record unchanged by a second import still shows its warning") {
    const auto again = import_text(store, doc.dump());
    CHECK(again.report.episodes_replaced == 48);
    CHECK(again.red_flags.size() == r.red_flags.size());
  }
}

TEST_CASE("import stream: a bad cell late in a big CSV writes nothing and names its row and column") {
  diary::test::ScratchDir dir("stream");
  Store store(dir / "d.db");
  fill(store);
  const Diary before = store.load();
  std::string csv = "onset,intensity,side,minutes_after_bed,note\r\n";
  // Three rows a day, none in the half hour after noon (a bedtime 30 minutes earlier must
  // fall in the onset's night).
  const auto onset = [](int i) {
    return date::format("%FT%TZ", date::sys_days{date::year{2020} / 1 / 1} + std::chrono::hours{22 + 8 * i});
  };
  for (int i = 0; i < 6000; ++i)
    csv += fmt::format("{},{},{},30,\"row, {}\"\r\n", onset(i), i == 4999 ? 12 : i % 11, i % 2 ? "left" : "right", i);
  const auto e = refusal([&] { import_csv_text(store, csv); });
  CHECK(e.field() == "row 5001, column intensity");  // the header is row 1
  CHECK(std::string(e.what()).find("row 5001, column intensity: 12") == 0);
  CHECK(store.load() == before);
  const auto heal = [&] {
    const auto at = csv.find("\r\n" + onset(4999) + ",12,");
    REQUIRE(at != std::string::npos);
    csv.replace(csv.find(",12,", at), 4, ",2,");
  };

  SUBCASE("the same table without the bad cell imports every row and each night's bedtime once") {
    heal();
    const auto r = import_csv_text(store, csv);
    CHECK(r.report.episodes == 6000);
    CHECK(r.report.episodes_added == 6000);
    CHECK(r.report.nights_added == static_cast<int>(store.nights().size()) - 1);  // all but fill()'s
    CHECK(r.report.nights_added > 1000);
    const auto n = store.night(date::year{2020} / 2 / 1);
    REQUIRE(n);
    REQUIRE(n->bed);
    SUBCASE("again: every row is there already") {
      const auto again = import_csv_text(store, csv);
      CHECK(again.report.episodes_unchanged == 6000);
      CHECK(again.report.episodes_added == 0);
    }
  }
  SUBCASE("a bad minutes_after_bed") {
    heal();
    csv.replace(csv.rfind(",30,"), 4, ",x,");
    CHECK(refusal([&] { import_csv_text(store, csv); }).field() == "row 6001, column minutes_after_bed");
    CHECK(store.load() == before);
  }
  SUBCASE("a row with a cell too many") {
    heal();
    csv += "2030-01-01T00:00:00Z,1,left,30,x,y\r\n";
    CHECK(refusal([&] { import_csv_text(store, csv); }).field() == "row 6002");
    CHECK(store.load() == before);
  }
}
