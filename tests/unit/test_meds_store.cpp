// Named medicines in the store, the app operations, and the whole-diary JSON.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>
#include <date/date.h>

#include "diary/app/meds.hpp"
#include "diary/error.hpp"
#include "diary/json_io.hpp"
#include "diary/medicines.hpp"
#include "diary/store.hpp"
#include "scratch_dir.hpp"

namespace {

namespace fs = std::filesystem;
using namespace date::literals;
using diary::Medicine;

Medicine med(std::string name, std::optional<date::year_month_day> since = {}) {
  Medicine m;
  m.name = std::move(name);
  m.since = since;
  return m;
}

}  // namespace

TEST_CASE("meds store: add, stop, list by start day; the profile carries the list") {
  diary::test::ScratchDir dir("meds");
  diary::Store store(dir / "d.db");
  auto lasix = diary::app::add_medicine(store, med("Lasix", 2026_y / 11 / 1));
  CHECK(lasix.uuid.size() == 36);
  diary::app::add_medicine(store, med("tonic"));
  CHECK_THROWS_AS(diary::app::add_medicine(store, med("furosemide 20 mg")), diary::Error);  // Lasix is taken

  auto all = diary::app::medicines(store);
  REQUIRE(all.size() == 2);
  CHECK(all[0].name == "tonic");  // unknown start first
  CHECK(all[1] == lasix);

  const auto stopped = diary::app::stop_medicine(store, "FUROSEMIDE", 2026_y / 11 / 20);
  CHECK(stopped.uuid == lasix.uuid);
  CHECK(stopped.stopped == 2026_y / 11 / 20);
  CHECK_THROWS_AS(diary::app::stop_medicine(store, "Lasix", 2026_y / 11 / 21), diary::Error);
  CHECK(store.profile().medicines == diary::app::medicines(store));
  // Stopped, it can be begun again (a new course, a new record).
  diary::app::add_medicine(store, med("Lasix", 2026_y / 11 / 25));
  CHECK(diary::app::medicines(store).size() == 3);

  // The schema refuses what the program never writes.
  SQLite::Database db((dir / "d.db").string(), SQLite::OPEN_READWRITE);
  CHECK_THROWS_AS(db.exec("INSERT INTO medicine (uuid, name) VALUES ('x', 'a')"), SQLite::Exception);
  CHECK_THROWS_AS(db.exec("INSERT INTO medicine (uuid, name, since) VALUES "
                          "('1b4e28ba-2fa1-4d2e-883f-0016d3cca427', 'a', '2026-13-01')"),
                  SQLite::Exception);
  CHECK_THROWS_AS(db.exec("INSERT INTO medicine (uuid, name, since, stopped) VALUES "
                          "('1b4e28ba-2fa1-4d2e-883f-0016d3cca427', 'a', '2026-11-02', '2026-11-01')"),
                  SQLite::Exception);
}

TEST_CASE("meds store: a stop day before the start, an empty name, are refused") {
  auto m = med("Lasix", 2026_y / 11 / 10);
  m.stopped = 2026_y / 11 / 1;
  CHECK_THROWS_AS(diary::validate(m), diary::Error);
  CHECK_THROWS_AS(diary::validate(med("  ")), diary::Error);
}

TEST_CASE("meds json: the whole diary round trips with its medicines, merged by uuid") {
  diary::test::ScratchDir dir("meds");
  diary::Store store(dir / "a.db");
  diary::app::add_medicine(store, med("Piriton", 2026_y / 10 / 1));
  auto m = med("Lyrica");
  m.dose = "75 mg twice a day";
  m.as_needed = true;
  diary::app::add_medicine(store, m);
  diary::app::stop_medicine(store, "Piriton", 2026_y / 11 / 1);
  const auto original = store.load();
  REQUIRE(original.profile.medicines.size() == 2);

  const auto text = diary::json_io::to_json(original).dump(1);
  const auto parsed = diary::json_io::parse_diary(text, diary::clock::find_zone("UTC"));
  CHECK(parsed == original);

  diary::Store other(dir / "b.db");
  auto report = other.merge(parsed);
  CHECK(report.medicines_added == 2);
  CHECK(other.load() == original);
  report = other.merge(parsed);
  CHECK(report.medicines_replaced == 2);
  CHECK(other.medicines().size() == 2);

  // A file without "medicines", or with a bad one, and the classes derived for the analysis.
  auto doc = nlohmann::json::parse(text);
  doc.erase("medicines");
  CHECK(diary::json_io::diary_from_json(doc, diary::clock::find_zone("UTC")).profile.medicines.empty());
  doc["medicines"] = nlohmann::json::array({{{"name", "x"}, {"since", "2026-02-30"}}});
  CHECK_THROWS_AS(diary::json_io::diary_from_json(doc, diary::clock::find_zone("UTC")), diary::Error);
  doc["medicines"] = nlohmann::json::array({{{"dose", "1 mg"}}});
  CHECK_THROWS_AS(diary::json_io::diary_from_json(doc, diary::clock::find_zone("UTC")), diary::Error);
}

TEST_CASE("meds classes: the analysis reads the stored classes and the named medicines still taken") {
  diary::Profile p;
  CHECK_FALSE(diary::medication_classes(p).has_value());  // unknown, not none
  p.medications = std::vector<std::string>{"statin"};
  p.medicines = {med("Lasix"), med("Neupro"), med("Zyrtec"), med("statin-like tonic")};
  p.medicines[2].stopped = 2026_y / 11 / 1;
  CHECK(*diary::medication_classes(p) == std::vector<std::string>{"statin", "diuretic", "dopamine_agonist"});
  diary::Profile old;  // an old diary: classes only
  old.medications = std::vector<std::string>{};
  CHECK(diary::medication_classes(old)->empty());
}
