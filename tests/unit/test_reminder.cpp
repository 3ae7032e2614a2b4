// Reminders: reading their parts, validation, and the store round trip (migration 002).
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "diary/error.hpp"
#include "diary/reminder.hpp"
#include "diary/store.hpp"
#include "scratch_dir.hpp"

namespace {

namespace fs = std::filesystem;
using diary::Errc;
using diary::Error;
using diary::Reminder;
using diary::ReminderKind;
using diary::test::ScratchDir;
using std::chrono::hours;
using std::chrono::minutes;

// Runs `f`, which must throw bad input for `field` with a one-line message naming it.
template <class F>
void expect_bad_input(F&& f, const std::string& field) {
  try {
    f();
    FAIL("expected bad input for " << field);
  } catch (const Error& e) {
    CHECK(e.code() == Errc::bad_input);
    CHECK(e.field() == field);
    const std::string msg = e.what();
    CHECK(msg.rfind(field + ": ", 0) == 0);
    CHECK(msg.find('\n') == std::string::npos);
  }
}

}  // namespace

TEST_CASE("reminder: times of day") {
  CHECK(diary::parse_reminder_at("07:30") == hours{7} + minutes{30});
  CHECK(diary::parse_reminder_at("7:30") == hours{7} + minutes{30});
  CHECK(diary::parse_reminder_at(" 23:59 ") == hours{23} + minutes{59});
  CHECK(diary::parse_reminder_at("00:00") == minutes{0});
  CHECK(diary::format_reminder_at(hours{7} + minutes{5}) == "07:05");
  for (const char* bad : {"24:00", "7:60", "730", "7.30", "", "07:3", "007:30", "ab:cd", "-1:00", "7:30pm"}) {
    INFO(bad);
    expect_bad_input([&] { diary::parse_reminder_at(bad); }, "at");
  }
}

TEST_CASE("reminder: kinds and days") {
  CHECK(diary::parse_reminder_kind("Morning") == ReminderKind::morning);
  CHECK(diary::parse_reminder_kind("evening") == ReminderKind::evening);
  expect_bad_input([] { diary::parse_reminder_kind("noon"); }, "kind");

  CHECK(diary::parse_reminder_days("mon,tue") == 0x03u);
  CHECK(diary::parse_reminder_days("Monday, Sunday") == 0x41u);
  CHECK(diary::parse_reminder_days("mon-fri") == 0x1fu);
  CHECK(diary::parse_reminder_days("fri-mon") == (0x10u | 0x20u | 0x40u | 0x01u));
  CHECK(diary::parse_reminder_days("mon..wed") == 0x07u);
  CHECK(diary::parse_reminder_days("daily") == 0x7fu);
  CHECK(diary::parse_reminder_days("weekends") == 0x60u);
  CHECK(diary::parse_reminder_days("weekdays,sat") == 0x3fu);
  expect_bad_input([] { diary::parse_reminder_days("mon,funday"); }, "days");
  expect_bad_input([] { diary::parse_reminder_days(","); }, "days");
  expect_bad_input([] { diary::parse_reminder_days("mon-xyz"); }, "days");

  CHECK(diary::reminder_day_names(0x05u) == std::vector<std::string>{"mon", "wed"});
  CHECK(diary::describe_reminder_days(0x7fu) == "every day");
  CHECK(diary::describe_reminder_days(0x1fu) == "weekdays");
  CHECK(diary::describe_reminder_days(0x41u) == "Mon, Sun");

  Reminder r;
  r.at = hours{7};
  r.zone = "Europe/Berlin";
  CHECK(r.on(date::Monday));
  r.days = 1u << 6;
  CHECK(r.on(date::Sunday));
  CHECK_FALSE(r.on(date::Monday));
}

TEST_CASE("reminder: validation names the field") {
  Reminder r;
  r.at = hours{7};
  r.zone = "Europe/Berlin";
  diary::validate(r);
  Reminder bad_zone = r;
  bad_zone.zone = "Europe/Atlantis";
  expect_bad_input([&] { diary::validate(bad_zone); }, "zone");
  Reminder no_days = r;
  no_days.days = 0;
  expect_bad_input([&] { diary::validate(no_days); }, "days");
  Reminder late = r;
  late.at = hours{24};
  expect_bad_input([&] { diary::validate(late); }, "at");
}

TEST_CASE("reminder: stored, listed and removed, and the table's checks hold") {
  ScratchDir dir("reminder");
  const fs::path file = dir.path() / "diary.db";
  {
    diary::Store store(file);
    CHECK(store.schema_version() == diary::Store::latest_version());
    CHECK(store.reminders().empty());

    Reminder r;
    r.kind = ReminderKind::evening;
    r.at = hours{21} + minutes{45};
    r.days = 0x15u;
    r.zone = "America/New_York";
    r.created = date::sys_days{date::year{2026} / 11 / 22} + hours{6};
    r.id = store.add(r);
    CHECK(r.id > 0);
    Reminder m;
    m.at = hours{7} + minutes{30};
    m.zone = "Europe/Berlin";
    m.id = store.add(m);

    const auto all = store.reminders();
    REQUIRE(all.size() == 2);
    CHECK(all[0] == r);
    CHECK(all[1] == m);

    Reminder bad = m;
    bad.zone = "Nowhere/Else";
    expect_bad_input([&] { store.add(bad); }, "zone");
    CHECK(store.reminders().size() == 2);

    CHECK(store.remove_reminder(r.id));
    CHECK_FALSE(store.remove_reminder(r.id));
    REQUIRE(store.reminders().size() == 1);
    CHECK(store.reminders()[0].id == m.id);
  }
  // The schema refuses what the program would never write.
  SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
  for (const char* sql : {
           "INSERT INTO reminder (kind, at, days, zone) VALUES ('noon', '07:30', 1, 'UTC')",
           "INSERT INTO reminder (kind, at, days, zone) VALUES ('morning', '24:00', 1, 'UTC')",
           "INSERT INTO reminder (kind, at, days, zone) VALUES ('morning', '7:30', 1, 'UTC')",
           "INSERT INTO reminder (kind, at, days, zone) VALUES ('morning', '07:30', 0, 'UTC')",
           "INSERT INTO reminder (kind, at, days, zone) VALUES ('morning', '07:30', 128, 'UTC')",
           "INSERT INTO reminder (kind, at, days, zone) VALUES ('morning', '07:30', 1, '')",
           "INSERT INTO reminder (kind, at, days, zone) VALUES ('morning', '07:30', 'mon', 'UTC')",
       }) {
    INFO(std::string(sql));
    CHECK_THROWS_AS(db.exec(sql), SQLite::Exception);
  }
  CHECK_NOTHROW(db.exec("INSERT INTO reminder (kind, at, days, zone) VALUES ('morning', '23:59', 127, 'UTC')"));
}

TEST_CASE("reminder: a schema-1 diary gains the reminder table and keeps its rows") {
  ScratchDir dir("reminder");
  const fs::path file = dir.path() / "old.db";
  // A real schema-1 diary: made by the current program, then turned back to version 1.
  {
    diary::Store store(file);
    diary::Night n;
    n.night = date::year{2026} / 11 / 21;
    n.sleep_quality = 3;
    store.put(n);
  }
  {
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    // Every later migration's tables and columns go too, so migrating again recreates them.
    db.exec(
        "DROP TABLE reminder; DROP TABLE idempotency; DROP TABLE devices; DROP TABLE medicine; "
        "ALTER TABLE episode DROP COLUMN relief_medicine; ALTER TABLE profile DROP COLUMN emergency_number; "
        "ALTER TABLE night DROP COLUMN quiet; PRAGMA user_version = 1;");
  }
  diary::Store store(file);
  CHECK(store.schema_version() == diary::Store::latest_version());
  CHECK(store.reminders().empty());
  REQUIRE(store.night(date::year{2026} / 11 / 21));
  CHECK(store.night(date::year{2026} / 11 / 21)->sleep_quality == 3);
}
