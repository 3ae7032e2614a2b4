// The doctor's CSV: exact layout, RFC 4180 quoting, formula-safe cells, and the round trip.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "diary/clock.hpp"
#include "diary/csv.hpp"
#include "diary/error.hpp"

namespace {

using namespace diary;

Instant at(std::string_view text) {
  static const auto utc = diary::clock::find_zone("UTC");
  constexpr auto far = date::sys_days{date::year{9000} / 1 / 1};
  return clock::parse_time(text, utc, date::sys_seconds{far}, "test").instant;
}

// An independent RFC 4180 reader for the checks: records of cells.
std::vector<std::vector<std::string>> rfc4180(std::string_view s) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, in_cell = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"' && !in_cell) {
      quoted = in_cell = true;
    } else if (c == ',') {
      row.push_back(cell);
      cell.clear();
      in_cell = false;
    } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      row.push_back(cell);
      rows.push_back(row);
      row.clear();
      cell.clear();
      in_cell = false;
      ++i;
    } else {
      REQUIRE_MESSAGE(c != '\n', "a bare LF outside quotes");
      cell += c;
      in_cell = true;
    }
  }
  REQUIRE_MESSAGE(row.empty(), "the last row must end in CRLF");
  return rows;
}

// Every character a person might type into a note.
const std::vector<std::string> kNotes{
    "plain",
    "comma, inside",
    "say \"hi\"",
    "line one\nline two",
    "crlf\r\nline",
    "<b>bold</b> & 'single'",
    "ünïcödé ✓ 日本語 🦵",
    "=1+1",
    "+44 123",
    "-minus",
    "@SUM(A1)",
    "\ttab first",
    "\rcarriage first",
    "'=already guarded",
    "''+two apostrophes",
    "'tis a quote",
    " leading and trailing spaces ",
    "=HYPERLINK(\"http://example.invalid\",\"x\")",
};

std::vector<Episode> nasty_episodes() {
  std::vector<Episode> out;
  int i = 0;
  for (const auto& note : kNotes) {
    Episode e;
    e.id = ++i;
    e.onset = at(fmt::format("2026-11-{:02}T02:{:02}:00+01:00", 1 + i % 28, i));
    e.note = note;
    e.duration_min = i % 2 ? 1.5 : 10;
    e.intensity = i % 11;
    e.onset_speed = i % 2 ? "sudden" : "gradual";
    e.locations = Terms{"calf", "foot"};
    e.side = "left";
    e.sensations = Terms{"cramp"};
    e.muscle_hard = i % 2 == 0;
    e.posture = "flat_on_back";
    e.relief = Terms{"stretch", "walk"};
    e.relief_effect = "partial";
    e.relief_min = 5;
    e.returned_when_still = false;
    e.signs = Terms{"swelling"};
    out.push_back(e);
  }
  return out;
}

}  // namespace

TEST_CASE("csv: the header is the contract's, in its order, ending in CRLF") {
  std::string out;
  csv::append_header(out);
  CHECK(out ==
        "night,onset,duration_min,intensity,onset_speed,locations,side,sensations,muscle_hard,posture,"
        "minutes_after_bed,relief,relief_effect,relief_min,returned_when_still,signs,note,relief_medicine,uuid\r\n");
  CHECK(csv::columns().size() == 19);
}

TEST_CASE("csv: one row, field by field") {
  Episode e;
  e.onset = at("2026-11-22T01:05:00+01:00");
  e.duration_min = 35;
  e.intensity = 7;
  e.onset_speed = "gradual";
  e.locations = Terms{"foot", "toes"};
  e.side = "right";
  e.sensations = Terms{"burning", "deep_ache"};
  e.muscle_hard = false;
  e.posture = "flat_on_back";
  e.relief = Terms{"dangle"};
  e.relief_effect = "full";
  e.relief_min = 1.5;
  e.returned_when_still = true;
  e.signs = Terms{};
  e.note = "";
  const Instant bed = at("2026-11-21T22:50:00+01:00");
  std::string out;
  csv::append_row(out, e, &bed);
  CHECK(out ==
        "2026-11-21,2026-11-22T01:05:00+01:00,35,7,gradual,foot;toes,right,burning;deep_ache,no,flat_on_back,135,"
        "dangle,full,1.5,yes,,,,\r\n");

  // Unknown fields are empty cells; no bedtime, no minutes after bed.
  Episode bare;
  bare.onset = at("2026-03-29T23:30:00-04:00");
  out.clear();
  csv::append_row(out, bare, nullptr);
  CHECK(out == "2026-03-29,2026-03-29T23:30:00-04:00,,,,,,,,,,,,,,,,,\r\n");
}

TEST_CASE("csv: cells a spreadsheet would run are neutralised, and quoting follows RFC 4180") {
  const auto cell = [](std::string_view text) {
    std::string out;
    csv::append_cell(out, text);
    return out;
  };
  CHECK(cell("plain") == "plain");
  CHECK(cell("=1+1") == "'=1+1");
  CHECK(cell("+1") == "'+1");
  CHECK(cell("-1") == "'-1");
  CHECK(cell("@SUM(A1)") == "'@SUM(A1)");
  CHECK(cell("\tx") == "'\tx");
  CHECK(cell("\rx") == "\"'\rx\"");
  CHECK(cell("a,b") == "\"a,b\"");
  CHECK(cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(cell("a\nb") == "\"a\nb\"");
  CHECK(cell("=a,\"b\"") == "\"'=a,\"\"b\"\"\"");
  CHECK(cell("'=x") == "''=x");
  CHECK(cell("'tis") == "'tis");
  CHECK(cell("''-x") == "'''-x");
  CHECK(cell("") == "");

  // A bed after the onset gives a negative number, which is guarded too.
  Episode e;
  e.onset = at("2026-11-21T22:00:00+01:00");
  const Instant bed = at("2026-11-21T22:45:00+01:00");
  std::string out;
  csv::append_row(out, e, &bed);
  CHECK(out.find(",'-45,") != std::string::npos);

  // No cell of a whole table starts with a formula character.
  const auto table = csv::write(nasty_episodes(), {});
  for (const auto& row : rfc4180(table))
    for (const auto& c : row) {
      CAPTURE(c);
      CHECK(row.size() == 19);
      if (!c.empty()) CHECK(std::string_view("=+-@\t\r").find(c.front()) == std::string_view::npos);
    }
}

TEST_CASE("csv: every typed character survives the round trip") {
  const auto episodes = nasty_episodes();
  const std::string table = csv::write(episodes, {});
  const auto back = csv::parse(table, diary::clock::find_zone("Europe/Berlin"));
  REQUIRE(back.size() == episodes.size());
  for (std::size_t i = 0; i < episodes.size(); ++i) {
    CAPTURE(i);
    Episode expected = episodes[i];
    expected.id = 0;  // ids are the diary's, not the file's
    expected.onset.zone.clear();
    Episode got = back[i];
    got.onset.zone.clear();
    CHECK(got.note == expected.note);
    CHECK(got == expected);
  }
}

TEST_CASE("csv: import accepts the columns in any order, LF line ends and a BOM") {
  const std::string text =
      "\xEF\xBB\xBFnote,onset,intensity,locations,muscle_hard\n"
      "\"a, b\",2026-11-22T01:05:00+01:00,7,Calf; FOOT,Yes\n"
      "'-x,2026-11-23 02:00,,,\n";
  const auto eps = csv::parse(text, diary::clock::find_zone("Europe/Berlin"));
  REQUIRE(eps.size() == 2);
  CHECK(*eps[0].note == "a, b");
  CHECK(*eps[0].intensity == 7);
  CHECK(*eps[0].locations == Terms{"calf", "foot"});
  CHECK(*eps[0].muscle_hard == true);
  CHECK(*eps[1].note == "-x");
  CHECK(eps[1].onset.offset == std::chrono::minutes{60});  // read in the zone given
  CHECK_FALSE(eps[1].intensity.has_value());
}

TEST_CASE("csv: bad input names the row and the column") {
  const auto zone = diary::clock::find_zone("UTC");
  const auto error_of = [&](const std::string& text) -> std::string {
    try {
      csv::parse(text, zone);
    } catch (const Error& e) {
      CHECK(e.code() == Errc::bad_input);
      return e.what();
    }
    return "no error";
  };
  const std::string header = "onset,intensity,side,muscle_hard,duration_min\r\n";
  const std::string good = "2026-11-22T01:05:00Z,3,left,no,5\r\n";
  CHECK(error_of(header + good + "2026-11-23T01:05:00Z,11,left,no,5\r\n").find("row 3, column intensity") == 0);
  CHECK(error_of(header + good + "2026-11-23T01:05:00Z,11,left,no,5\r\n").find("11") != std::string::npos);
  CHECK(error_of(header + "2026-11-23T01:05:00Z,x,left,no,5\r\n").find("row 2, column intensity") == 0);
  CHECK(error_of(header + "2026-11-23T01:05:00Z,3,middle,no,5\r\n").find("row 2, column side") == 0);
  CHECK(error_of(header + "2026-11-23T01:05:00Z,3,left,perhaps,5\r\n").find("row 2, column muscle_hard") == 0);
  CHECK(error_of(header + "2026-11-23T01:05:00Z,3,left,no,-5\r\n").find("row 2, column duration_min") == 0);
  CHECK(error_of(header + "02:10,3,left,no,5\r\n").find("row 2, column onset") == 0);
  CHECK(error_of(header + ",3,left,no,5\r\n").find("row 2, column onset") == 0);
  CHECK(error_of(header + "2026-11-23T01:05:00Z,3,left\r\n").find("row 2:") == 0);
  CHECK(error_of("onset,mood\r\n").find("row 1, column 2: unknown column \"mood\"") == 0);
  CHECK(error_of("intensity\r\n3\r\n").find("onset") != std::string::npos);
  CHECK(error_of("onset,note\r\n2026-11-23T01:05:00Z,\"open\r\n").find("row 2") == 0);
  CHECK(error_of("").find("empty") != std::string::npos);
}

TEST_CASE("csv: minutes_after_bed is whole minutes and gives back the bedtime, uuid the identity") {
  Episode e;
  e.uuid = "1b4e28ba-2fa1-4d2e-883f-0016d3cca427";
  e.onset = at("2026-11-22T01:05:00+01:00");
  const Instant bed = at("2026-11-21T22:50:20+01:00");  // 134 min 40 s before
  std::string table;
  csv::append_header(table);
  csv::append_row(table, e, &bed);
  CHECK(table.find(",,134,") == std::string::npos);
  CHECK(table.find(",135,") != std::string::npos);
  CHECK(table.ends_with(",1b4e28ba-2fa1-4d2e-883f-0016d3cca427\r\n"));

  std::vector<Night> beds;
  const auto back = csv::parse(table, diary::clock::find_zone("Europe/Berlin"), &beds);
  REQUIRE(back.size() == 1);
  CHECK(back[0].uuid == e.uuid);
  REQUIRE(beds.size() == 1);
  CHECK(beds[0].night == date::year{2026} / 11 / 21);
  REQUIRE(beds[0].bed);
  CHECK(beds[0].bed->utc == at("2026-11-21T22:50:00+01:00").utc);
  CHECK(beds[0].bed->offset == std::chrono::minutes{60});
  // Without a place for them, the bedtimes are not read; a bad count or uuid is refused.
  CHECK(csv::parse(table, diary::clock::find_zone("UTC")).size() == 1);
  const auto bad_minutes = "onset,minutes_after_bed\r\n2026-11-22T01:05:00+01:00,2.5\r\n";
  CHECK_THROWS_AS(csv::parse(bad_minutes, diary::clock::find_zone("UTC"), &beds), diary::Error);
  const auto bad_uuid = "onset,uuid\r\n2026-11-22T01:05:00+01:00,not-a-uuid\r\n";
  CHECK_THROWS_AS(csv::parse(bad_uuid, diary::clock::find_zone("UTC")), diary::Error);
}
