// iCalendar output. Offsets and transitions come from date/tz (sys_info); libical builds
// the text (escaping, folding, CRLF) and parses it back as a check.
#include "diary/ics.hpp"

#include <libical/ical.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

#include <date/tz.h>
#include <fmt/format.h>

#include "diary/error.hpp"
#include "diary/ics_module.hpp"
#include "diary/schedule.hpp"

namespace diary::ics {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// How far ahead the VTIMEZONE's yearly rules are checked against the tz data.
constexpr date::years kAhead{10};
constexpr seconds kEventLength = minutes{5};
// How far ahead firings moved by a spring-forward gap are spelled out (EXDATE + RDATE).
constexpr date::years kShiftedAhead{5};
constexpr std::string_view kIcalDays[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

struct ComponentDeleter {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using Component = std::unique_ptr<icalcomponent, ComponentDeleter>;

std::string take_string(char* s) {
  std::string out = s ? s : "";
  std::free(s);
  return out;
}

icaltimetype to_ical(date::local_seconds lt) {
  const auto day = date::floor<date::days>(lt);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<seconds> hms{lt - day};
  icaltimetype t = icaltime_null_time();
  t.year = static_cast<int>(ymd.year());
  t.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  t.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  t.hour = static_cast<int>(hms.hours().count());
  t.minute = static_cast<int>(hms.minutes().count());
  t.second = static_cast<int>(hms.seconds().count());
  t.is_date = 0;
  t.zone = nullptr;  // floating: a local time, its zone given by TZID or by the observance
  return t;
}

icaltimetype to_ical_utc(date::sys_seconds utc) {
  icaltimetype t = to_ical(date::local_seconds{utc.time_since_epoch()});
  t.zone = icaltimezone_get_utc_timezone();
  return t;
}

constexpr date::sys_seconds kAlways{date::sys_days{date::year{1800} / 1 / 1}};

bool same_clock(const date::sys_info& a, const date::sys_info& b) {
  return a.offset == b.offset && a.abbrev == b.abbrev && (a.save != minutes{0}) == (b.save != minutes{0});
}

// Where the clock reading in force at `t` began: the tz data split periods also where
// nothing visible changes, so this walks back over such splits. min() when it always was (the
// tz data's first period begins at some huge negative year).
date::sys_seconds visible_start(const date::time_zone* zone, date::sys_seconds t) {
  date::sys_info info = zone->get_info(t);
  const date::sys_info here = info;
  while (info.begin > kAlways) {
    const date::sys_info before = zone->get_info(info.begin - seconds{1});
    if (!same_clock(before, here)) return info.begin;
    info = before;
  }
  return date::sys_seconds::min();
}

// One change of offset (or of name, or of DST status) in the tz data.
struct Transition {
  date::sys_seconds utc;
  seconds from;
  seconds to;
  bool dst;
  std::string abbrev;

  // The wall-clock time of the change, as clocks showed it just before (RFC 5545 DTSTART
  // of an observance).
  date::local_seconds local() const { return date::local_seconds{utc.time_since_epoch() + from}; }
};

std::vector<Transition> transitions(const date::time_zone* zone, date::sys_seconds begin,
                                    date::sys_seconds end) {
  std::vector<Transition> out;
  date::sys_info info = zone->get_info(begin);
  while (info.end < end) {
    const date::sys_info next = zone->get_info(info.end);
    if (!same_clock(next, info))
      out.push_back({info.end, info.offset, next.offset, next.save != minutes{0}, next.abbrev});
    if (next.end <= info.end) break;
    info = next;
  }
  return out;
}

// A yearly rule for the date of a change: "the nth Sunday", "the last Sunday", "the
// first Friday on or after the 23rd", or a fixed day of the month.
struct YearlyRule {
  enum class Kind { nth, last, on_or_after, fixed } kind;
  date::month month;
  date::weekday weekday;
  unsigned number;  // n for nth, the day for on_or_after and fixed

  std::optional<date::local_days> in(date::year y) const {
    switch (kind) {
      case Kind::nth: {
        const date::year_month_weekday d{y / month / weekday[number]};
        if (!d.ok()) return std::nullopt;
        return date::local_days{d};
      }
      case Kind::last:
        return date::local_days{date::year_month_weekday_last{y / month / weekday[date::last]}};
      case Kind::on_or_after: {
        const date::local_days first{y / month / date::day{number}};
        return first + (weekday - date::weekday{first});
      }
      case Kind::fixed: {
        const date::year_month_day d{y / month / date::day{number}};
        if (!d.ok()) return std::nullopt;
        return date::local_days{d};
      }
    }
    return std::nullopt;
  }

  std::string rrule() const {
    const unsigned m = static_cast<unsigned>(month);
    const std::string_view wd = kIcalDays[weekday.iso_encoding() - 1];
    switch (kind) {
      case Kind::nth: return fmt::format("FREQ=YEARLY;BYMONTH={};BYDAY={}{}", m, number, wd);
      case Kind::last: return fmt::format("FREQ=YEARLY;BYMONTH={};BYDAY=-1{}", m, wd);
      case Kind::on_or_after: {
        std::string days;
        for (unsigned d = number; d < number + 7; ++d) days += (days.empty() ? "" : ",") + std::to_string(d);
        return fmt::format("FREQ=YEARLY;BYMONTH={};BYDAY={};BYMONTHDAY={}", m, wd, days);
      }
      case Kind::fixed: return fmt::format("FREQ=YEARLY;BYMONTH={};BYMONTHDAY={}", m, number);
    }
    return {};
  }
};

// The changes of one observance: same direction, offsets, name, month and time of day.
struct Group {
  std::vector<Transition> changes;
  bool same_as(const Transition& t) const {
    const Transition& f = changes.front();
    const auto day_f = date::floor<date::days>(f.local());
    const auto day_t = date::floor<date::days>(t.local());
    return f.dst == t.dst && f.from == t.from && f.to == t.to && f.abbrev == t.abbrev &&
           date::year_month_day{day_f}.month() == date::year_month_day{day_t}.month() &&
           f.local() - day_f == t.local() - day_t;
  }
};

// The yearly rule that reproduces every change of `group` up to `end` (and none that did
// not happen), if one does.
std::optional<YearlyRule> find_rule(const Group& group, date::sys_seconds end) {
  const Transition& first = group.changes.front();
  const auto first_day = date::floor<date::days>(first.local());
  const seconds time_of_day = first.local() - first_day;
  const date::year_month_day ymd{first_day};
  const date::weekday wd{first_day};
  const unsigned d = static_cast<unsigned>(ymd.day());

  std::vector<YearlyRule> candidates;
  if (d <= 28) candidates.push_back({YearlyRule::Kind::nth, ymd.month(), wd, (d - 1) / 7 + 1});
  candidates.push_back({YearlyRule::Kind::last, ymd.month(), wd, 0});
  for (unsigned d0 = d >= 7 ? d - 6 : 1; d0 <= std::min(d, 22u); ++d0)
    if (d0 % 7 != 1) candidates.push_back({YearlyRule::Kind::on_or_after, ymd.month(), wd, d0});
  candidates.push_back({YearlyRule::Kind::fixed, ymd.month(), wd, d});

  for (const auto& rule : candidates) {
    std::size_t k = 0;
    bool ok = true;
    for (date::year y = ymd.year();; ++y) {
      const auto day = rule.in(y);
      if (!day) {
        ok = false;
        break;
      }
      const auto utc = date::sys_seconds{(*day + time_of_day).time_since_epoch() - first.from};
      if (utc > end) break;
      if (k >= group.changes.size() || group.changes[k].utc != utc) {
        ok = false;
        break;
      }
      ++k;
    }
    if (ok && k == group.changes.size()) return rule;
  }
  return std::nullopt;
}

icalcomponent* observance(bool dst, date::local_seconds start, seconds from, seconds to,
                          const std::string& name) {
  icalcomponent* c = dst ? icalcomponent_new_xdaylight() : icalcomponent_new_xstandard();
  icalcomponent_add_property(c, icalproperty_new_dtstart(to_ical(start)));
  icalcomponent_add_property(c, icalproperty_new_tzoffsetfrom(static_cast<int>(from.count())));
  icalcomponent_add_property(c, icalproperty_new_tzoffsetto(static_cast<int>(to.count())));
  if (!name.empty()) icalcomponent_add_property(c, icalproperty_new_tzname(name.c_str()));
  return c;
}

Component vtimezone_component(const std::string& zone_name, date::sys_seconds now) {
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(zone_name);
  } catch (const std::exception&) {
    throw failure(fmt::format("the zone \"{}\" is not in this machine's time zone database", zone_name));
  }
  // From the start of the period before the current one (so that today, even on the day
  // of a change, is covered) to ten years ahead.
  const auto begin_first = visible_start(zone, now);
  const auto begin = begin_first == date::sys_seconds::min() ? begin_first : visible_start(zone, begin_first - seconds{1});
  const date::sys_seconds end = date::floor<seconds>(now + kAhead);

  Component tz{icalcomponent_new_vtimezone()};
  icalcomponent_add_property(tz.get(), icalproperty_new_tzid(zone_name.c_str()));
  icalproperty* location = icalproperty_new_x(zone_name.c_str());
  icalproperty_set_x_name(location, "X-LIC-LOCATION");
  icalcomponent_add_property(tz.get(), location);

  const auto changes = begin == date::sys_seconds::min() ? transitions(zone, now, end)
                                                          : transitions(zone, begin - seconds{1}, end);
  if (changes.empty() || changes.front().utc > now) {
    // No change up to now: the offset in force now holds since 1970 (and until the first
    // change ahead, if there is one).
    const date::sys_info info = zone->get_info(now);
    icalcomponent_add_component(
        tz.get(), observance(info.save != minutes{0}, date::local_seconds{date::local_days{date::year{1970} / 1 / 1}},
                             info.offset, info.offset, info.abbrev));
  }

  std::vector<Group> groups;
  for (const auto& t : changes) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.same_as(t); });
    if (it == groups.end()) groups.push_back(Group{{t}});
    else it->changes.push_back(t);
  }
  for (const auto& g : groups) {
    const Transition& first = g.changes.front();
    icalcomponent* c = observance(first.dst, first.local(), first.from, first.to, first.abbrev);
    if (auto rule = find_rule(g, end); rule && g.changes.size() > 1) {
      const std::string text = rule->rrule();
      icalcomponent_add_property(c, icalproperty_new_rrule(icalrecurrencetype_from_string(text.c_str())));
    } else {
      for (std::size_t i = 1; i < g.changes.size(); ++i) {
        icaldatetimeperiodtype when;
        when.time = to_ical(g.changes[i].local());
        when.period = icalperiodtype_null_period();
        icalcomponent_add_property(c, icalproperty_new_rdate(when));
      }
    }
    icalcomponent_add_component(tz.get(), c);
  }
  return tz;
}

std::string rrule_of(const Reminder& r) {
  if ((r.days & Reminder::kEveryDay) == Reminder::kEveryDay) return "FREQ=DAILY";
  std::string days;
  for (std::size_t i = 0; i < 7; ++i)
    if ((r.days >> i) & 1u) days += (days.empty() ? "" : ",") + std::string(kIcalDays[i]);
  return "FREQ=WEEKLY;BYDAY=" + days;
}

icalcomponent* event(const Reminder& r, date::sys_seconds now) {
  const date::time_zone* zone = schedule::zone_of(r);
  // The first scheduled day from today on: DTSTART must be an occurrence of the rule.
  date::local_days day = date::floor<date::days>(zone->to_local(now));
  while (!r.on(date::weekday{day})) day += date::days{1};

  icalcomponent* ev = icalcomponent_new_vevent();
  const std::string uid = fmt::format("diary-reminder-{}-{}@diary.local", r.id, r.created.time_since_epoch().count());
  icalcomponent_add_property(ev, icalproperty_new_uid(uid.c_str()));
  icalcomponent_add_property(ev, icalproperty_new_dtstamp(to_ical_utc(now)));
  if (r.created.time_since_epoch().count() > 0)
    icalcomponent_add_property(ev, icalproperty_new_created(to_ical_utc(r.created)));
  icalcomponent_add_property(ev, icalproperty_new_summary(summary(r.kind).c_str()));
  icalcomponent_add_property(ev, icalproperty_new_description(description(r.kind).c_str()));
  icalproperty* start = icalproperty_new_dtstart(to_ical(day + r.at));
  icalproperty_add_parameter(start, icalparameter_new_tzid(r.zone.c_str()));
  icalcomponent_add_property(ev, start);
  icalcomponent_add_property(ev, icalproperty_new_duration(icaldurationtype_from_int(static_cast<int>(kEventLength.count()))));
  const std::string rule = rrule_of(r);
  icalcomponent_add_property(ev, icalproperty_new_rrule(icalrecurrencetype_from_string(rule.c_str())));
  // A time inside a spring-forward gap: RFC 5545 would read it with the offset before the
  // gap (02:30 -> 03:30); the reminder fires at the gap's end (03:00). Those days get the
  // rule's occurrence excluded and the real firing added, for the next years.
  const auto first = zone->to_sys(day, date::choose::earliest);
  for (const auto& f : schedule::shifted(r, first, date::floor<seconds>(now + kShiftedAhead))) {
    icalproperty* ex = icalproperty_new_exdate(to_ical(f.day + r.at));
    icalproperty_add_parameter(ex, icalparameter_new_tzid(r.zone.c_str()));
    icalcomponent_add_property(ev, ex);
    icaldatetimeperiodtype when;
    when.time = to_ical(f.local());
    when.period = icalperiodtype_null_period();
    icalproperty* rd = icalproperty_new_rdate(when);
    icalproperty_add_parameter(rd, icalparameter_new_tzid(r.zone.c_str()));
    icalcomponent_add_property(ev, rd);
  }
  icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));

  icalcomponent* alarm = icalcomponent_new_valarm();
  icalcomponent_add_property(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY));
  icalcomponent_add_property(alarm, icalproperty_new_description(summary(r.kind).c_str()));
  icaltriggertype trigger;
  trigger.time = icaltime_null_time();
  trigger.duration = icaldurationtype_from_int(0);
  icalcomponent_add_property(alarm, icalproperty_new_trigger(trigger));
  icalcomponent_add_component(ev, alarm);
  return ev;
}

// Every X-LIC-ERROR libical attached while parsing, joined for a message.
void collect_errors(icalcomponent* c, std::vector<std::string>& out) {
  for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
       p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY))
    out.emplace_back(icalproperty_get_xlicerror(p));
  for (icalcomponent* sub = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); sub;
       sub = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
    collect_errors(sub, out);
}

void check(const std::string& text) {
  Component back{icalparser_parse_string(text.c_str())};
  if (!back) throw failure("the calendar could not be read back by libical");
  std::vector<std::string> errors;
  collect_errors(back.get(), errors);
  if (errors.empty() && !icalrestriction_check(back.get())) collect_errors(back.get(), errors);
  if (!errors.empty()) {
    std::string all;
    for (const auto& e : errors) all += (all.empty() ? "" : "; ") + e;
    throw failure(fmt::format("the calendar failed libical's checks: {}", all));
  }
}

}  // namespace

std::string vtimezone(const std::string& zone_name, date::sys_seconds now) {
  auto tz = vtimezone_component(zone_name, now);
  return take_string(icalcomponent_as_ical_string_r(tz.get()));
}

std::string calendar(std::span<const Reminder> reminders, date::sys_seconds now) {
  if (reminders.empty())
    throw bad_input("reminders", "",
                    "reminders: there are none yet, so there is nothing to put in a calendar; add one "
                    "with: diary remind add --at 07:30");
  Component cal{icalcomponent_new_vcalendar()};
  icalcomponent_add_property(cal.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(cal.get(), icalproperty_new_prodid("-//diary//reminders//EN"));
  icalcomponent_add_property(cal.get(), icalproperty_new_calscale("GREGORIAN"));
  icalproperty* name = icalproperty_new_x("Diary reminders");
  icalproperty_set_x_name(name, "X-WR-CALNAME");
  icalcomponent_add_property(cal.get(), name);

  std::vector<std::string> zones;
  for (const auto& r : reminders)
    if (std::find(zones.begin(), zones.end(), r.zone) == zones.end()) zones.push_back(r.zone);
  for (const auto& z : zones) icalcomponent_add_component(cal.get(), vtimezone_component(z, now).release());
  for (const auto& r : reminders) icalcomponent_add_component(cal.get(), event(r, now));

  std::string text = take_string(icalcomponent_as_ical_string_r(cal.get()));
  check(text);
  return text;
}

}  // namespace diary::ics

// The entry point the `diary` command loads this library by (see diary/ics_module.hpp).
extern "C" int diary_ics_calendar(const diary::Reminder* reminders, std::size_t count, std::int64_t now,
                                  std::string* out, std::string* field, std::string* value) {
  try {
    *out = diary::ics::calendar(std::span(reminders, count), date::sys_seconds{std::chrono::seconds{now}});
    return 0;
  } catch (const diary::Error& e) {
    *out = e.what();
    *field = e.field();
    *value = e.value();
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    *out = e.what();
    return static_cast<int>(diary::Errc::failure);
  }
}
