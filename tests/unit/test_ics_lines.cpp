// The iCalendar text layer: content lines folded at 75 octets (never inside a UTF-8
// sequence), TEXT values escaped, and every calendar the diary writes read back by libical
// without a fault.
#include <doctest/doctest.h>

#include <libical/ical.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>
#include <date/tz.h>

#include "diary/ics.hpp"
#include "diary/reminder.hpp"
#include "ics_lines.hpp"  // libdiary/src: internal to the library

namespace {

using diary::ics::detail::append_line;
using diary::ics::detail::kMaxLineOctets;
using diary::ics::detail::param_value;
using diary::ics::detail::text;
using std::chrono::hours;
using std::chrono::minutes;

date::sys_seconds utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
  return date::sys_days{date::year{y} / date::month{mo} / date::day{d}} + hours{h} + minutes{mi};
}

// The physical lines of `s`, which must end with CRLF and hold no other CR or LF.
std::vector<std::string> physical_lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from < s.size()) {
    const std::size_t crlf = s.find("\r\n", from);
    REQUIRE(crlf != std::string::npos);
    std::string line = s.substr(from, crlf - from);
    REQUIRE(line.find_first_of("\r\n") == std::string::npos);
    out.push_back(std::move(line));
    from = crlf + 2;
  }
  return out;
}

std::string unfold(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "\r\n ") == 0)
      i += 2;
    else
      out += s[i];
  }
  return out;
}

// Whether `s` is whole UTF-8 sequences: none begins before it or runs past its end.
bool whole_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b < 0x80u              ? 1
                          : (b & 0xE0u) == 0xC0u ? 2
                          : (b & 0xF0u) == 0xE0u ? 3
                          : (b & 0xF8u) == 0xF0u ? 4
                                                 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0u) != 0x80u) return false;
    i += n;
  }
  return true;
}

// Checks the folding of one content line: at most 75 octets a line, continuation lines
// begin with one space, each piece whole UTF-8, and unfolding gives the line back.
void check_folded(const std::string& line) {
  std::string out;
  append_line(out, line);
  const auto lines = physical_lines(out);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    CHECK_MESSAGE(lines[i].size() <= kMaxLineOctets, lines[i]);
    std::string_view piece = lines[i];
    if (i > 0) {
      REQUIRE(piece.front() == ' ');
      piece.remove_prefix(1);
    }
    CHECK_MESSAGE(!piece.empty(), line);
    CHECK_MESSAGE(whole_utf8(piece), line);
  }
  CHECK(unfold(out) == line + "\r\n");
}

std::vector<std::string> all_zones() {
  std::vector<std::string> out{"UTC"};
  for (const auto& z : date::get_tzdb().zones) {
    const std::string name(z.name());
    if (name.rfind("right/", 0) == 0 || name.rfind("posix/", 0) == 0 || name.find('/') == std::string::npos) continue;
    out.push_back(name);
  }
  return out;
}

struct CalendarDeleter {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using Calendar = std::unique_ptr<icalcomponent, CalendarDeleter>;

// A minimal calendar with one event whose SUMMARY and DESCRIPTION are `summary` and
// `description`, written through the diary's text layer.
std::string one_event(std::string_view summary, std::string_view description) {
  std::string out;
  for (const std::string& line :
       {std::string("BEGIN:VCALENDAR"), std::string("VERSION:2.0"), std::string("PRODID:-//diary//test//EN"),
        std::string("BEGIN:VEVENT"), std::string("UID:test@diary.local"), std::string("DTSTAMP:20261122T060000Z"),
        std::string("DTSTART:20261122T060000Z"), "SUMMARY:" + text(summary), "DESCRIPTION:" + text(description),
        std::string("END:VEVENT"), std::string("END:VCALENDAR")})
    append_line(out, line);
  return out;
}

}  // namespace

TEST_CASE("ics: content lines fold at 75 octets with CRLF and a space") {
  std::string out;
  append_line(out, "BEGIN:VEVENT");
  CHECK(out == "BEGIN:VEVENT\r\n");

  const std::string exact(75, 'x');
  out.clear();
  append_line(out, exact);
  CHECK(out == exact + "\r\n");

  out.clear();
  append_line(out, exact + "y");
  CHECK(out == exact + "\r\n y\r\n");

  // 200 octets: 75, then a space and 74, a space and 51.
  const std::string line = "DESCRIPTION:" + std::string(188, 'a');
  out.clear();
  append_line(out, line);
  const auto lines = physical_lines(out);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].size() == 75);
  CHECK(lines[1].size() == 75);
  CHECK(lines[2].size() == 1 + 200 - 75 - 74);
  check_folded(line);
}

TEST_CASE("ics: folding never splits a UTF-8 sequence") {
  // Two-, three- and four-octet characters, shifted so that every fold position meets each
  // octet of a sequence.
  for (const std::string ch : {"\xC3\xA9" /* é */, "\xE2\x82\xAC" /* € */, "\xF0\x9F\x98\xB4" /* 😴 */}) {
    for (std::size_t pad = 0; pad < 4; ++pad) {
      std::string line = "SUMMARY:" + std::string(pad, 'a');
      for (int i = 0; i < 60; ++i) line += ch;
      check_folded(line);
      check_folded(line + "tail");
    }
  }
  check_folded(
      "DESCRIPTION:Schlafqualit\xC3\xA4t: unruhige Beine, Kribbeln in den Waden \xE2\x80\x93 "
      "schlimmer nach Kaffee; Magnesium probiert \xE2\x80\x94 kaum Besserung.");
}

TEST_CASE("ics: TEXT values escape backslash, semicolon, comma and newline") {
  CHECK(text("plain text: 07:30") == "plain text: 07:30");
  CHECK(text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne");
  CHECK(text("one\r\ntwo") == "one\\ntwo");
  CHECK(text("tab\there") == "tab\there");
  CHECK(text("bell\a!") == "bell!");
  CHECK(text("K\xC3\xA4se, bitte") == "K\xC3\xA4se\\, bitte");
  CHECK(param_value("Europe/Berlin") == "Europe/Berlin");
  CHECK(param_value("a:b") == "\"a:b\"");
  CHECK(param_value("a\"b;c") == "\"ab;c\"");

  // libical reads the escaped and folded values back to what was written.
  const std::string summary = "Legs; restless, \\ at night: \"bad\"\nsecond line";
  std::string description = "Long: ";
  for (int i = 0; i < 30; ++i) description += "Kribbeln, \xE2\x82\xAC; \xF0\x9F\x98\xB4\\ ";
  description += "end.";  // (libical's reader drops spaces at the end of a value)
  const std::string ics = one_event(summary, description);
  for (const auto& l : physical_lines(ics)) CHECK(l.size() <= kMaxLineOctets);
  Calendar cal{icalparser_parse_string(ics.c_str())};
  REQUIRE(cal != nullptr);
  CHECK(icalcomponent_count_errors(cal.get()) == 0);
  icalcomponent* ev = icalcomponent_get_first_component(cal.get(), ICAL_VEVENT_COMPONENT);
  REQUIRE(ev != nullptr);
  CHECK(std::string(icalcomponent_get_summary(ev)) == summary);
  CHECK(std::string(icalcomponent_get_description(ev)) == description);
}

TEST_CASE("ics: libical parses the calendar for every zone without errors") {
  const auto zones = all_zones();
  REQUIRE(zones.size() > 300);
  for (const auto now : {utc(2026, 11, 22, 6), utc(2026, 3, 29, 1, 30), utc(2027, 6, 1)}) {
    // Per zone a daily morning reminder at 02:30 (inside many zones' spring-forward gap, so
    // with EXDATE and RDATE) and an evening one on Mon, Wed and Fri.
    std::vector<diary::Reminder> reminders;
    for (const auto& z : zones) {
      diary::Reminder morning;
      morning.id = static_cast<std::int64_t>(reminders.size() + 1);
      morning.at = hours{2} + minutes{30};
      morning.zone = z;
      morning.created = now - date::days{3};
      reminders.push_back(morning);
      diary::Reminder evening = morning;
      evening.id = morning.id + 1;
      evening.kind = diary::ReminderKind::evening;
      evening.at = hours{21} + minutes{45};
      evening.days = 0x15u;
      reminders.push_back(evening);
    }
    const std::string ics = diary::ics::calendar(reminders, now);
    for (const auto& l : physical_lines(ics)) {
      CHECK_MESSAGE(l.size() <= kMaxLineOctets, l);
      CHECK_MESSAGE(whole_utf8(l), l);
    }
    CHECK(ics.find("RDATE;TZID=Europe/Berlin:") != std::string::npos);

    Calendar cal{icalparser_parse_string(ics.c_str())};
    REQUIRE(cal != nullptr);
    CHECK(icalcomponent_isa(cal.get()) == ICAL_VCALENDAR_COMPONENT);
    CHECK(icalcomponent_count_errors(cal.get()) == 0);
    CHECK(icalrestriction_check(cal.get()));
    CHECK(icalcomponent_count_errors(cal.get()) == 0);  // the check adds X-LIC-ERRORs
    CHECK(icalcomponent_count_components(cal.get(), ICAL_VTIMEZONE_COMPONENT) == static_cast<int>(zones.size()));
    CHECK(icalcomponent_count_components(cal.get(), ICAL_VEVENT_COMPONENT) == static_cast<int>(reminders.size()));
    for (icalcomponent* ev = icalcomponent_get_first_component(cal.get(), ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(cal.get(), ICAL_VEVENT_COMPONENT)) {
      const std::string summary = icalcomponent_get_summary(ev);
      const auto kind = summary == diary::ics::summary(diary::ReminderKind::morning) ? diary::ReminderKind::morning
                                                                                     : diary::ReminderKind::evening;
      CHECK(summary == diary::ics::summary(kind));
      CHECK(std::string(icalcomponent_get_description(ev)) == diary::ics::description(kind));
      icalproperty* dtstart = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
      REQUIRE(dtstart != nullptr);
      icalparameter* tzid = icalproperty_get_first_parameter(dtstart, ICAL_TZID_PARAMETER);
      REQUIRE(tzid != nullptr);
      CHECK(icalcomponent_get_timezone(cal.get(), icalparameter_get_tzid(tzid)) != nullptr);
      icalcomponent* alarm = icalcomponent_get_first_component(ev, ICAL_VALARM_COMPONENT);
      REQUIRE(alarm != nullptr);
      CHECK(icalproperty_get_action(icalcomponent_get_first_property(alarm, ICAL_ACTION_PROPERTY)) ==
            ICAL_ACTION_DISPLAY);
      CHECK(std::string(icalproperty_get_description(
                icalcomponent_get_first_property(alarm, ICAL_DESCRIPTION_PROPERTY))) == summary);
    }
  }
}
