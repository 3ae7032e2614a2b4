// iCalendar output. Offsets and transitions come from date/tz (sys_info); the text (content
// lines, escaping, folding, CRLF) is written here with fmt. It is the text libical 3.0 wrote
// for the same components, except that long lines are folded at 75 octets rather than at a
// word boundary. The tests parse it back with libical.
#include "diary/ics.hpp"

#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include <date/tz.h>
#include <fmt/format.h>

#include "diary/clock.hpp"
#include "diary/error.hpp"
#include "diary/schedule.hpp"
#include "ics_lines.hpp"

namespace diary::ics {

void detail::append_line(std::string& out, std::string_view line) {
  std::size_t room = kMaxLineOctets;
  while (line.size() > room) {
    // Step back from a UTF-8 continuation byte (10xxxxxx) to the start of its sequence.
    std::size_t cut = room;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0u) == 0x80u) --cut;
    if (cut == 0) cut = room;  // not UTF-8: there is no boundary to keep
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    room = kMaxLineOctets - 1;  // after the leading space
  }
  out.append(line);
  out += "\r\n";
}

std::string detail::text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '\\':
      case ';':
      case ',':
        out += '\\';
        out += c;
        break;
      case '\n': out += "\\n"; break;
      case '\t': out += c; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20u && c != '\x7f') out += c;
    }
  }
  return out;
}

std::string detail::param_value(std::string_view s) {
  std::string out;
  for (const char c : s)
    if (c != '"' && static_cast<unsigned char>(c) >= 0x20u && c != '\x7f') out += c;
  if (out.find_first_of(":;,") != std::string::npos) return fmt::format("\"{}\"", out);
  return out;
}

namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// How far ahead the VTIMEZONE's yearly rules are checked against the tz data.
constexpr date::years kAhead{10};
constexpr seconds kEventLength = minutes{5};
// How far ahead firings moved by a spring-forward gap are spelled out (EXDATE + RDATE).
constexpr date::years kShiftedAhead{5};
constexpr std::string_view kIcalDays[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

using detail::param_value;
using detail::text;

// Content lines, CRLF-terminated and folded.
class Writer {
 public:
  void begin(std::string_view component) { detail::append_line(out_, fmt::format("BEGIN:{}", component)); }
  void end(std::string_view component) { detail::append_line(out_, fmt::format("END:{}", component)); }
  // `value` is already in its value type's text form (escaped, for TEXT); `params` is empty
  // or ";NAME=value...".
  void property(std::string_view name, std::string_view value, std::string_view params = {}) {
    detail::append_line(out_, fmt::format("{}{}:{}", name, params, value));
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

std::string tzid_param(const std::string& zone) { return ";TZID=" + param_value(zone); }

// A DATE-TIME (section 3.3.5) in local time, floating: "20261122T073000". Its zone is given
// by TZID or, in an observance, by the offset before the change.
std::string date_time(date::local_seconds lt) {
  const auto day = date::floor<date::days>(lt);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<seconds> hms{lt - day};
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count());
}

// A DATE-TIME in UTC: "20261122T060000Z".
std::string date_time_utc(date::sys_seconds utc) {
  return date_time(date::local_seconds{utc.time_since_epoch()}) + "Z";
}

// A UTC-OFFSET (section 3.3.14): "+0100", "-0330", seconds only when there are some
// ("+023520", local mean times).
std::string utc_offset(seconds offset) {
  const char sign = offset < seconds{0} ? '-' : '+';
  const long long total = offset < seconds{0} ? -offset.count() : offset.count();
  const long long h = total / 3600, m = total % 3600 / 60, s = total % 60;
  if (s != 0) return fmt::format("{}{:02}{:02}{:02}", sign, h, m, s);
  return fmt::format("{}{:02}{:02}", sign, h, m);
}

// A DURATION (section 3.3.6) of whole seconds, not negative: "PT5M", "PT0S", "P1DT2H".
std::string duration(seconds length) {
  long long total = length.count();
  const long long d = total / 86400, h = total % 86400 / 3600, m = total % 3600 / 60, s = total % 60;
  if (total == 0) return "PT0S";
  if (h == 0 && m == 0 && s == 0 && d % 7 == 0) return fmt::format("P{}W", d / 7);
  std::string out = "P";
  if (d != 0) out += fmt::format("{}D", d);
  if (h != 0 || m != 0 || s != 0) {
    out += 'T';
    if (h != 0) out += fmt::format("{}H", h);
    if (m != 0) out += fmt::format("{}M", m);
    if (s != 0) out += fmt::format("{}S", s);
  }
  return out;
}

constexpr date::sys_seconds kAlways{date::sys_days{date::year{1800} / 1 / 1}};

bool same_clock(const date::sys_info& a, const date::sys_info& b) {
  return a.offset == b.offset && a.abbrev == b.abbrev && (a.save != minutes{0}) == (b.save != minutes{0});
}

// Where the clock reading in force at `t` began: the tz data split periods also where
// nothing visible changes, so this walks back over such splits. min() when it always was (the
// tz data's first period begins at some huge negative year).
date::sys_seconds visible_start(clock::Zone zone, date::sys_seconds t) {
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

std::vector<Transition> transitions(clock::Zone zone, date::sys_seconds begin, date::sys_seconds end) {
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
      case Kind::last: return date::local_days{date::year_month_weekday_last{y / month / weekday[date::last]}};
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

  // The RECUR value, its parts in the order libical wrote them (FREQ first, as RFC 5545
  // asks for compatibility; the rest in any order).
  std::string rrule() const {
    const unsigned m = static_cast<unsigned>(month);
    const std::string_view wd = kIcalDays[weekday.iso_encoding() - 1];
    switch (kind) {
      case Kind::nth: return fmt::format("FREQ=YEARLY;BYDAY={}{};BYMONTH={}", number, wd, m);
      case Kind::last: return fmt::format("FREQ=YEARLY;BYDAY=-1{};BYMONTH={}", wd, m);
      case Kind::on_or_after: {
        std::string days;
        for (unsigned d = number; d < number + 7; ++d) days += (days.empty() ? "" : ",") + std::to_string(d);
        return fmt::format("FREQ=YEARLY;BYDAY={};BYMONTHDAY={};BYMONTH={}", wd, days, m);
      }
      case Kind::fixed: return fmt::format("FREQ=YEARLY;BYMONTHDAY={};BYMONTH={}", number, m);
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

void observance(Writer& w, bool dst, date::local_seconds start, seconds from, seconds to, const std::string& name) {
  w.begin(dst ? "DAYLIGHT" : "STANDARD");
  w.property("DTSTART", date_time(start));
  w.property("TZOFFSETFROM", utc_offset(from));
  w.property("TZOFFSETTO", utc_offset(to));
  if (!name.empty()) w.property("TZNAME", text(name));
}

void write_vtimezone(Writer& w, const std::string& zone_name, date::sys_seconds now) {
  clock::Zone zone = nullptr;
  try {
    zone = clock::find_zone(zone_name);
  } catch (const std::exception&) {
    throw failure(fmt::format("the zone \"{}\" is not in this machine's time zone database", zone_name));
  }
  // From the start of the period before the current one (so that today, even on the day
  // of a change, is covered) to ten years ahead.
  const auto begin_first = visible_start(zone, now);
  const auto begin =
      begin_first == date::sys_seconds::min() ? begin_first : visible_start(zone, begin_first - seconds{1});
  const date::sys_seconds end = date::floor<seconds>(now + kAhead);

  const auto changes =
      begin == date::sys_seconds::min() ? transitions(zone, now, end) : transitions(zone, begin - seconds{1}, end);
  std::vector<Group> groups;
  for (const auto& t : changes) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.same_as(t); });
    if (it == groups.end())
      groups.push_back(Group{{t}});
    else
      it->changes.push_back(t);
  }

  w.begin("VTIMEZONE");
  w.property("TZID", text(zone_name));
  w.property("X-LIC-LOCATION", text(zone_name));
  if (changes.empty() || changes.front().utc > now) {
    // No change up to now: the offset in force now holds since 1970 (and until the first
    // change ahead, if there is one).
    const date::sys_info info = zone->get_info(now);
    const bool dst = info.save != minutes{0};
    observance(w, dst, date::local_seconds{date::local_days{date::year{1970} / 1 / 1}}, info.offset, info.offset,
               info.abbrev);
    w.end(dst ? "DAYLIGHT" : "STANDARD");
  }
  for (const auto& g : groups) {
    const Transition& first = g.changes.front();
    observance(w, first.dst, first.local(), first.from, first.to, first.abbrev);
    if (auto rule = find_rule(g, end); rule && g.changes.size() > 1) {
      w.property("RRULE", rule->rrule());
    } else {
      for (std::size_t i = 1; i < g.changes.size(); ++i) w.property("RDATE", date_time(g.changes[i].local()));
    }
    w.end(first.dst ? "DAYLIGHT" : "STANDARD");
  }
  w.end("VTIMEZONE");
}

std::string rrule_of(const Reminder& r) {
  if ((r.days & Reminder::kEveryDay) == Reminder::kEveryDay) return "FREQ=DAILY";
  std::string days;
  for (std::size_t i = 0; i < 7; ++i)
    if ((r.days >> i) & 1u) days += (days.empty() ? "" : ",") + std::string(kIcalDays[i]);
  return "FREQ=WEEKLY;BYDAY=" + days;
}

void write_event(Writer& w, const Reminder& r, date::sys_seconds now) {
  clock::Zone zone = schedule::zone_of(r);
  // The first scheduled day from today on: DTSTART must be an occurrence of the rule.
  date::local_days day = date::floor<date::days>(zone->to_local(now));
  while (!r.on(date::weekday{day})) day += date::days{1};
  const std::string tzid = tzid_param(r.zone);

  w.begin("VEVENT");
  w.property("UID", text(fmt::format("diary-reminder-{}-{}@diary.local", r.id, r.created.time_since_epoch().count())));
  w.property("DTSTAMP", date_time_utc(now));
  if (r.created.time_since_epoch().count() > 0) w.property("CREATED", date_time_utc(r.created));
  w.property("SUMMARY", text(summary(r.kind)));
  w.property("DESCRIPTION", text(description(r.kind)));
  w.property("DTSTART", date_time(day + r.at), tzid);
  w.property("DURATION", duration(kEventLength));
  w.property("RRULE", rrule_of(r));
  // A time inside a spring-forward gap: RFC 5545 would read it with the offset before the
  // gap (02:30 -> 03:30); the reminder fires at the gap's end (03:00). Those days get the
  // rule's occurrence excluded and the real firing added, for the next years.
  const auto first = zone->to_sys(day, date::choose::earliest);
  for (const auto& f : schedule::shifted(r, first, date::floor<seconds>(now + kShiftedAhead))) {
    w.property("EXDATE", date_time(f.day + r.at), tzid);
    w.property("RDATE", date_time(f.local()), tzid);
  }
  w.property("TRANSP", "TRANSPARENT");

  w.begin("VALARM");
  w.property("ACTION", "DISPLAY");
  w.property("DESCRIPTION", text(summary(r.kind)));
  w.property("TRIGGER", duration(seconds{0}));
  w.end("VALARM");
  w.end("VEVENT");
}

}  // namespace

std::string summary(ReminderKind kind) {
  return kind == ReminderKind::morning ? "Diary: how were your legs last night?" : "Diary: record tonight's context";
}

std::string description(ReminderKind kind) {
  return kind == ReminderKind::morning
             ? "How were your legs last night? Check in with: diary night (it shows what is logged "
               "and asks about the night; a quiet night is one answer)."
             : "Bedtime: record today's exercise, fluids and late caffeine or alcohol, and your "
               "bedtime (diary night --bed HH:MM --exercise ... --hydration ...).";
}

std::string vtimezone(const std::string& zone_name, date::sys_seconds now) {
  Writer w;
  write_vtimezone(w, zone_name, now);
  return w.take();
}

std::string calendar(std::span<const Reminder> reminders, date::sys_seconds now) {
  if (reminders.empty())
    throw bad_input("reminders", "",
                    "reminders: there are none yet, so there is nothing to put in a calendar; add one "
                    "with: diary remind add --at 07:30");
  Writer w;
  w.begin("VCALENDAR");
  w.property("VERSION", "2.0");
  w.property("PRODID", text("-//diary//reminders//EN"));
  w.property("CALSCALE", "GREGORIAN");
  w.property("X-WR-CALNAME", text("Diary reminders"));

  std::vector<std::string> zones;
  for (const auto& r : reminders)
    if (std::find(zones.begin(), zones.end(), r.zone) == zones.end()) zones.push_back(r.zone);
  // Last-used zone first: libical put each VTIMEZONE it was given at the front of the
  // calendar, and the files written so far have that order.
  for (auto z = zones.rbegin(); z != zones.rend(); ++z) write_vtimezone(w, *z, now);
  for (const auto& r : reminders) write_event(w, r, now);
  w.end("VCALENDAR");
  return w.take();
}

}  // namespace diary::ics
