// The iCalendar output, read by libical: every zone's VTIMEZONE must give the same UTC
// offsets as the tz data over the next three years, and the calendar must parse cleanly.
#include <doctest/doctest.h>

#include <libical/ical.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include <date/date.h>
#include <date/tz.h>

#include "diary/clock.hpp"
#include "diary/error.hpp"
#include "diary/ics.hpp"
#include "diary/reminder.hpp"

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

date::sys_seconds utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
  return date::sys_days{date::year{y} / date::month{mo} / date::day{d}} + hours{h} + minutes{mi};
}

icaltimetype ical_utc(date::sys_seconds t) {
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<seconds> hms{t - day};
  icaltimetype out = icaltime_null_time();
  out.year = static_cast<int>(ymd.year());
  out.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  out.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  out.hour = static_cast<int>(hms.hours().count());
  out.minute = static_cast<int>(hms.minutes().count());
  out.second = static_cast<int>(hms.seconds().count());
  out.zone = icaltimezone_get_utc_timezone();
  return out;
}

// Zones worth checking: every canonical zone the tz database has, leaving out the copies
// with leap seconds ("right/") and the POSIX-named duplicates.
std::vector<std::string> all_zones() {
  std::vector<std::string> out;
  for (const auto& z : date::get_tzdb().zones) {
    const std::string name(z.name());
    if (name.rfind("right/", 0) == 0 || name.rfind("posix/", 0) == 0 || name.find('/') == std::string::npos) continue;
    out.push_back(name);
  }
  return out;
}

// The instants to compare at: every 7 hours for three years, and a second either side of
// each change.
std::vector<date::sys_seconds> samples(diary::clock::Zone zone, date::sys_seconds from, date::sys_seconds to) {
  std::vector<date::sys_seconds> out;
  for (auto t = from; t < to; t += hours{7}) out.push_back(t);
  for (auto info = zone->get_info(from); info.end < to; info = zone->get_info(info.end)) {
    out.push_back(info.end - seconds{1});
    out.push_back(info.end);
  }
  return out;
}

}  // namespace

TEST_CASE("ics: every zone's VTIMEZONE gives the tz data's offsets for the next three years") {
  const auto zones = all_zones();
  REQUIRE(zones.size() > 300);
  for (const auto now : {utc(2026, 11, 22, 6), utc(2026, 3, 29, 1, 30), utc(2027, 6, 1)}) {
    int compared = 0;
    for (const auto& name : zones) {
      diary::clock::Zone zone = diary::clock::find_zone(name);
      const std::string text = diary::ics::vtimezone(name, now);
      icalcomponent* comp = icalparser_parse_string(text.c_str());
      REQUIRE_MESSAGE(comp != nullptr, name);
      CHECK_MESSAGE(icalcomponent_count_errors(comp) == 0, name);
      icaltimezone* tz = icaltimezone_new();
      REQUIRE(icaltimezone_set_component(tz, comp));  // takes the component
      for (const auto t : samples(zone, now - date::days{1}, now + date::years{3})) {
        icaltimetype when = ical_utc(t);
        int is_daylight = 0;
        const int offset = icaltimezone_get_utc_offset_of_utc_time(tz, &when, &is_daylight);
        const auto expected = zone->get_info(t).offset.count();
        if (offset != expected) {
          FAIL_CHECK(name << " at " << date::format("%F %T UTC", t) << ": VTIMEZONE says " << offset << " s, tz data "
                          << expected << " s\n"
                          << text);
          break;
        }
        ++compared;
      }
      icaltimezone_free(tz, 1);
    }
    CHECK(compared > 300 * 3000);
  }
}

TEST_CASE("ics: the calendar has one recurring event with a display alarm per reminder") {
  std::vector<diary::Reminder> reminders(2);
  reminders[0].id = 1;
  reminders[0].at = hours{7} + minutes{30};
  reminders[0].zone = "Europe/Berlin";
  reminders[1].id = 2;
  reminders[1].kind = diary::ReminderKind::evening;
  reminders[1].at = hours{21} + minutes{45};
  reminders[1].days = 0x15u;  // Mon, Wed, Fri
  reminders[1].zone = "America/New_York";
  const std::string text = diary::ics::calendar(reminders, utc(2026, 11, 22, 6));

  CHECK(text.find("\r\n") != std::string::npos);
  CHECK(text.find("DTSTART;TZID=Europe/Berlin:20261122T073000") != std::string::npos);
  // Sunday 22 Nov: the first Mon/Wed/Fri is the 23rd.
  CHECK(text.find("DTSTART;TZID=America/New_York:20261123T214500") != std::string::npos);
  CHECK(text.find("RRULE:FREQ=DAILY") != std::string::npos);
  CHECK(text.find("RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR") != std::string::npos);

  icalcomponent* cal = icalparser_parse_string(text.c_str());
  REQUIRE(cal != nullptr);
  CHECK(icalcomponent_count_errors(cal) == 0);
  CHECK(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT) == 2);
  CHECK(icalcomponent_count_components(cal, ICAL_VTIMEZONE_COMPONENT) == 2);
  for (icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
       ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
    CHECK(icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY) != nullptr);
    icalcomponent* alarm = icalcomponent_get_first_component(ev, ICAL_VALARM_COMPONENT);
    REQUIRE(alarm != nullptr);
    CHECK(icalproperty_get_action(icalcomponent_get_first_property(alarm, ICAL_ACTION_PROPERTY)) ==
          ICAL_ACTION_DISPLAY);
  }
  icalcomponent_free(cal);

  try {
    (void)diary::ics::calendar({}, utc(2026, 11, 22));
    FAIL("an empty calendar must be refused");
  } catch (const diary::Error& e) { CHECK(e.code() == diary::Errc::bad_input); }
}
