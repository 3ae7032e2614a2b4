// When reminders fire, across the 2026 DST changes. Expectations are written as UTC
// instants worked out by hand from each zone's published offsets, so they do not reuse
// the code under test:
//   Europe/Berlin     CET +01 / CEST +02; 2026-03-29 02:00 -> 03:00, 2026-10-25 03:00 -> 02:00
//   America/New_York  EST -05 / EDT -04;  2026-03-08 02:00 -> 03:00, 2026-11-01 02:00 -> 01:00
//   Australia/Sydney  AEST +10 / AEDT +11; 2026-04-05 03:00 -> 02:00, 2026-10-04 02:00 -> 03:00
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include <date/date.h>
#include <date/tz.h>

#include "diary/error.hpp"
#include "diary/reminder.hpp"
#include "diary/schedule.hpp"

namespace {

using diary::Reminder;
using diary::ReminderKind;
using std::chrono::hours;
using std::chrono::minutes;
namespace sched = diary::schedule;

date::sys_seconds utc(int y, unsigned mo, unsigned d, int h, int mi) {
  return date::sys_days{date::year{y} / date::month{mo} / date::day{d}} + hours{h} + minutes{mi};
}

date::local_days local_day(int y, unsigned mo, unsigned d) {
  return date::local_days{date::year{y} / date::month{mo} / date::day{d}};
}

Reminder reminder(const char* zone, int h, int m, unsigned days = Reminder::kEveryDay,
                  ReminderKind kind = ReminderKind::morning, std::int64_t id = 1) {
  Reminder r;
  r.id = id;
  r.kind = kind;
  r.at = hours{h} + minutes{m};
  r.days = days;
  r.zone = zone;
  return r;
}

std::vector<date::sys_seconds> instants(const std::vector<sched::Firing>& firings) {
  std::vector<date::sys_seconds> out;
  for (const auto& f : firings) out.push_back(f.utc);
  return out;
}

std::string text(date::sys_seconds t) { return date::format("%F %H:%M UTC", t); }

void check_next(const Reminder& r, date::sys_seconds after, const std::vector<date::sys_seconds>& expected) {
  const auto got = instants(sched::next(r, after, expected.size()));
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO(r.zone << " " << diary::format_reminder_at(r.at) << " firing " << i);
    CHECK(text(got[i]) == text(expected[i]));
  }
}

// The wall-clock time a firing shows in its zone, "HH:MM".
std::string wall(const sched::Firing& f) { return date::format("%H:%M", f.local()); }

}  // namespace

TEST_CASE("schedule: a 07:30 reminder stays 07:30 local across Europe/Berlin's 2026 changes") {
  const auto r = reminder("Europe/Berlin", 7, 30);
  check_next(r, utc(2026, 3, 27, 12, 0), {utc(2026, 3, 28, 6, 30), utc(2026, 3, 29, 5, 30), utc(2026, 3, 30, 5, 30)});
  check_next(r, utc(2026, 10, 23, 12, 0),
             {utc(2026, 10, 24, 5, 30), utc(2026, 10, 25, 6, 30), utc(2026, 10, 26, 6, 30)});
  for (const auto& f : sched::next(r, utc(2026, 3, 27, 12, 0), 40)) {
    CHECK(wall(f) == "07:30");
    CHECK_FALSE(f.shifted);
  }
}

TEST_CASE("schedule: America/New_York 2026 table, morning and evening") {
  const auto morning = reminder("America/New_York", 7, 30);
  check_next(morning, utc(2026, 3, 6, 18, 0),
             {utc(2026, 3, 7, 12, 30), utc(2026, 3, 8, 11, 30), utc(2026, 3, 9, 11, 30)});
  check_next(morning, utc(2026, 10, 30, 18, 0),
             {utc(2026, 10, 31, 11, 30), utc(2026, 11, 1, 12, 30), utc(2026, 11, 2, 12, 30)});
  const auto evening = reminder("America/New_York", 21, 30, Reminder::kEveryDay, ReminderKind::evening);
  check_next(evening, utc(2026, 3, 7, 12, 0),
             {utc(2026, 3, 8, 2, 30), utc(2026, 3, 9, 1, 30), utc(2026, 3, 10, 1, 30)});
  check_next(evening, utc(2026, 10, 31, 12, 0),
             {utc(2026, 11, 1, 1, 30), utc(2026, 11, 2, 2, 30), utc(2026, 11, 3, 2, 30)});
}

TEST_CASE("schedule: Australia/Sydney 2026 table (southern hemisphere: April ends DST, October starts it)") {
  const auto r = reminder("Australia/Sydney", 7, 30);
  check_next(r, utc(2026, 4, 3, 0, 0), {utc(2026, 4, 3, 20, 30), utc(2026, 4, 4, 21, 30), utc(2026, 4, 5, 21, 30)});
  check_next(r, utc(2026, 10, 2, 0, 0), {utc(2026, 10, 2, 21, 30), utc(2026, 10, 3, 20, 30), utc(2026, 10, 4, 20, 30)});
}

TEST_CASE("schedule: inside a spring-forward gap it fires at the first moment after the gap") {
  SUBCASE("Europe/Berlin 02:30 on 2026-03-29 fires at 03:00 CEST") {
    const auto r = reminder("Europe/Berlin", 2, 30);
    check_next(r, utc(2026, 3, 27, 12, 0), {utc(2026, 3, 28, 1, 30), utc(2026, 3, 29, 1, 0), utc(2026, 3, 30, 0, 30)});
    const auto f = sched::firing_on(r, local_day(2026, 3, 29), sched::zone_of(r));
    REQUIRE(f);
    CHECK(f->shifted);
    CHECK(wall(*f) == "03:00");
    CHECK(f->abbrev == "CEST");
    CHECK(f->offset == hours{2});
    CHECK(f->day == local_day(2026, 3, 29));
  }
  SUBCASE("America/New_York 02:30 on 2026-03-08 fires at 03:00 EDT") {
    const auto r = reminder("America/New_York", 2, 30);
    check_next(r, utc(2026, 3, 7, 12, 0), {utc(2026, 3, 8, 7, 0), utc(2026, 3, 9, 6, 30)});
  }
  SUBCASE("Australia/Sydney 02:00 and 02:59 on 2026-10-04 both fire at 03:00 AEDT") {
    check_next(reminder("Australia/Sydney", 2, 0), utc(2026, 10, 3, 0, 0), {utc(2026, 10, 3, 16, 0)});
    check_next(reminder("Australia/Sydney", 2, 59), utc(2026, 10, 3, 0, 0), {utc(2026, 10, 3, 16, 0)});
    // 03:00 itself exists and is the same instant
    check_next(reminder("Australia/Sydney", 3, 0), utc(2026, 10, 3, 0, 0), {utc(2026, 10, 3, 16, 0)});
  }
  SUBCASE("Australia/Lord_Howe's half-hour gap: 02:15 on 2026-10-04 fires at 02:30 +11") {
    const auto r = reminder("Australia/Lord_Howe", 2, 15);
    check_next(r, utc(2026, 10, 3, 0, 0), {utc(2026, 10, 3, 15, 30), utc(2026, 10, 4, 15, 15)});
  }
  SUBCASE("a skipped calendar day: Pacific/Apia went from 2011-12-29 to 2011-12-31") {
    const auto r = reminder("Pacific/Apia", 7, 30);
    const auto got = sched::next(r, utc(2011, 12, 29, 0, 0), 3);
    REQUIRE(got.size() == 3);
    CHECK(text(got[0].utc) == text(utc(2011, 12, 29, 17, 30)));  // 07:30 -10
    CHECK(text(got[1].utc) == text(utc(2011, 12, 30, 10, 0)));   // 30 Dec never was: 31 Dec 00:00 +14
    CHECK(got[1].shifted);
    CHECK(text(got[2].utc) == text(utc(2011, 12, 30, 17, 30)));  // 31 Dec 07:30 +14
  }
}

TEST_CASE("schedule: in a repeated hour it fires once, at the first occurrence") {
  SUBCASE("Europe/Berlin 02:30 on 2026-10-25") {
    const auto r = reminder("Europe/Berlin", 2, 30);
    check_next(r, utc(2026, 10, 24, 12, 0), {utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)});
    // Just after the first occurrence, the second pass of 02:30 is not another firing.
    check_next(r, utc(2026, 10, 25, 0, 30), {utc(2026, 10, 26, 1, 30)});
    check_next(r, utc(2026, 10, 25, 0, 45), {utc(2026, 10, 26, 1, 30)});
    const auto f = sched::firing_on(r, local_day(2026, 10, 25), sched::zone_of(r));
    REQUIRE(f);
    CHECK_FALSE(f->shifted);
    CHECK(f->abbrev == "CEST");
  }
  SUBCASE("America/New_York 01:30 on 2026-11-01") {
    check_next(reminder("America/New_York", 1, 30), utc(2026, 10, 31, 12, 0),
               {utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)});
  }
  SUBCASE("Australia/Sydney 02:30 on 2026-04-05") {
    check_next(reminder("Australia/Sydney", 2, 30), utc(2026, 4, 4, 0, 0),
               {utc(2026, 4, 4, 15, 30), utc(2026, 4, 5, 16, 30)});
  }
  SUBCASE("Australia/Lord_Howe 01:45 on 2026-04-05 (a half-hour repeat)") {
    check_next(reminder("Australia/Lord_Howe", 1, 45), utc(2026, 4, 4, 0, 0),
               {utc(2026, 4, 4, 14, 45), utc(2026, 4, 5, 15, 15)});
  }
}

TEST_CASE("schedule: weekdays are the scheduled local dates") {
  const unsigned mon_wed = 1u | 4u;
  const auto r = reminder("Europe/Berlin", 7, 30, mon_wed);
  // Friday 2026-03-27: the next are Mon 30 Mar, Wed 1 Apr, Mon 6 Apr (all CEST).
  check_next(r, utc(2026, 3, 27, 12, 0), {utc(2026, 3, 30, 5, 30), utc(2026, 4, 1, 5, 30), utc(2026, 4, 6, 5, 30)});
  CHECK_FALSE(sched::firing_on(r, local_day(2026, 3, 29), sched::zone_of(r)));
  // A Sunday-only reminder late in the evening in New York: Sunday local, Monday UTC.
  const auto sunday = reminder("America/New_York", 22, 0, 1u << 6);
  check_next(sunday, utc(2026, 3, 4, 0, 0), {utc(2026, 3, 9, 2, 0), utc(2026, 3, 16, 2, 0)});
}

TEST_CASE("schedule: next is strictly after the given instant and merges reminders in time order") {
  const auto r = reminder("Europe/Berlin", 7, 30);
  check_next(r, utc(2026, 11, 22, 6, 30), {utc(2026, 11, 23, 6, 30)});
  check_next(r, utc(2026, 11, 22, 6, 29), {utc(2026, 11, 22, 6, 30)});

  const std::vector<Reminder> both = {
      reminder("Europe/Berlin", 21, 45, Reminder::kEveryDay, ReminderKind::evening, 2),
      reminder("America/New_York", 7, 0, Reminder::kEveryDay, ReminderKind::morning, 3),
  };
  const auto got = sched::next(both, utc(2026, 11, 22, 12, 0), 4);
  REQUIRE(got.size() == 4);
  CHECK(text(got[0].utc) == text(utc(2026, 11, 22, 12, 0) + hours{8} + minutes{45}));  // 21:45 CET
  CHECK(got[0].reminder_id == 2);
  CHECK(text(got[1].utc) == text(utc(2026, 11, 23, 12, 0)));  // 07:00 EST
  CHECK(got[1].reminder_id == 3);
  CHECK(got[2].reminder_id == 2);
  CHECK(got[3].reminder_id == 3);
  CHECK(sched::next(both, utc(2026, 11, 22, 12, 0), 0).empty());
}

TEST_CASE("schedule: a reminder whose zone is unknown is a failure, not a crash") {
  auto r = reminder("Mars/Olympus_Mons", 7, 30);
  try {
    (void)sched::next(r, utc(2026, 1, 1, 0, 0), 1);
    FAIL("expected an error");
  } catch (const diary::Error& e) { CHECK(e.code() == diary::Errc::failure); }
}

TEST_CASE("schedule: the days a gap moves are listed by shifted()") {
  const auto r = reminder("Europe/Berlin", 2, 30);
  const auto moved = sched::shifted(r, utc(2026, 1, 1, 0, 0), utc(2029, 1, 1, 0, 0));
  REQUIRE(moved.size() == 3);
  CHECK(text(moved[0].utc) == text(utc(2026, 3, 29, 1, 0)));
  CHECK(text(moved[1].utc) == text(utc(2027, 3, 28, 1, 0)));
  CHECK(text(moved[2].utc) == text(utc(2028, 3, 26, 1, 0)));
  CHECK(sched::shifted(reminder("Europe/Berlin", 7, 30), utc(2026, 1, 1, 0, 0), utc(2029, 1, 1, 0, 0)).empty());
  CHECK(sched::shifted(reminder("Asia/Tokyo", 2, 30), utc(2026, 1, 1, 0, 0), utc(2029, 1, 1, 0, 0)).empty());
}

TEST_CASE("schedule: in every zone, a year of firings keeps the rules") {
  int zones = 0;
  for (const auto& z : date::get_tzdb().zones) {
    const std::string name(z.name());
    if (name.rfind("right/", 0) == 0 || name.rfind("posix/", 0) == 0) continue;
    ++zones;
    for (const int hour : {0, 2, 7}) {
      const auto r = reminder(name.c_str(), hour, 30);
      const auto* zone = sched::zone_of(r);
      const auto firings = sched::next(r, utc(2026, 1, 1, 0, 0), 365);
      REQUIRE(firings.size() == 365);
      for (std::size_t i = 0; i < firings.size(); ++i) {
        const auto& f = firings[i];
        INFO(name << " " << hour << ":30 on " << date::format("%F", f.day));
        if (i > 0) {
          CHECK(firings[i - 1].utc < f.utc);
          CHECK(firings[i - 1].day + date::days{1} == f.day);
        }
        // What the wall clock shows at the firing, read back through to_local.
        const auto shown = zone->to_local(f.utc);
        const auto wanted = f.day + r.at;
        if (!f.shifted) {
          CHECK(shown == wanted);
          // The first occurrence: a second earlier the clock did not show the same time
          // an hour (or any DST step) later.
          const auto earlier = zone->get_info(f.utc - std::chrono::seconds{1});
          CHECK(date::local_seconds{(f.utc - std::chrono::seconds{1}).time_since_epoch() + earlier.offset} < wanted);
        } else {
          // The wanted time never showed: the clock jumped over it at the firing instant.
          const auto before = zone->to_local(f.utc - std::chrono::seconds{1});
          CHECK(before < wanted);
          CHECK(shown > wanted);
          CHECK(zone->get_info(f.utc).begin == f.utc);
        }
      }
    }
  }
  CHECK(zones > 300);
}
