// Time rules. Every conversion between local and UTC goes through date/tz (get_info,
// to_local); the only arithmetic done here is "local - offset that date reported".
#include "diary/clock.hpp"

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "diary/error.hpp"
#include "text.hpp"

namespace diary::clock {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// How far ahead of `now` a time may be: the phone and the computer rarely agree to the
// second, and a minute of slack stops "02:10" typed at 02:09:50 meaning yesterday.
constexpr minutes kFutureGrace{1};
// A "duration" over a day is a typo (or a unit mix-up), not an episode.
constexpr double kMaxDurationMin = 24.0 * 60.0;

constexpr std::string_view kTimeHelp =
    "use 02:10, 2:10am, 2.10, 0210, yesterday 23:40, last night 2am, monday 23:40 or 2026-11-21T02:10";
constexpr std::string_view kDayWordsHelp = "use today, yesterday, last night, a weekday (monday, mon) or YYYY-MM-DD";
constexpr std::string_view kTimeOfDayHelp = "use 07:30, 7:30am, 7.30, 0730 or 19:30";
constexpr std::string_view kDurationHelp = "use 90s, 5m, 1h20m or 20 (minutes)";
constexpr std::string_view kDayHelp = "use YYYY-MM-DD, e.g. 2026-11-21";
constexpr std::string_view kZoneHelp = "use an IANA name such as Europe/Berlin or America/New_York";

using text::is_alpha;
using text::is_digit;
using text::is_space;
using text::lower;
using text::quote;
using text::trim;

// A tiny forward-only scanner; the grammars here are small enough that regex would only
// add start-up cost to every `diary log`.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  bool eat(char c) {
    if (done() || s_[i_] != c) return false;
    ++i_;
    return true;
  }
  bool eat(std::string_view w) {
    if (s_.substr(i_).substr(0, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }
  bool skip_space() {
    const size_t start = i_;
    while (!done() && is_space(s_[i_])) ++i_;
    return i_ != start;
  }
  // Between min_n and max_n digits as a number; -1 (consuming nothing) when fewer than min_n.
  int digits(size_t min_n, size_t max_n) {
    size_t n = 0;
    int v = 0;
    while (n < max_n && i_ + n < s_.size() && is_digit(s_[i_ + n])) {
      v = v * 10 + (s_[i_ + n] - '0');
      ++n;
    }
    if (n < min_n) return -1;
    i_ += n;
    return v;
  }
  size_t skip_digits() {  // any number of digits, without converting (no overflow)
    const size_t start = i_;
    while (!done() && is_digit(s_[i_])) ++i_;
    return i_ - start;
  }
  std::string_view word() {  // a run of letters
    const size_t start = i_;
    while (!done() && is_alpha(s_[i_])) ++i_;
    return s_.substr(start, i_ - start);
  }
  std::string_view rest() const { return done() ? std::string_view{} : s_.substr(i_); }
  void rewind(size_t pos) { i_ = pos; }
  size_t pos() const { return i_; }
  std::string_view from(size_t start) const { return s_.substr(start, i_ - start); }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

// Offsets in the tz data are in seconds (LMT can be e.g. +00:53:28); an Instant keeps
// minutes. Every conversion uses this one function so that comparisons stay consistent.
minutes to_minutes(seconds s) { return std::chrono::round<minutes>(s); }

date::sys_seconds to_sys(date::local_seconds lt, seconds offset) {
  return date::sys_seconds{lt.time_since_epoch() - offset};
}

std::string offset_text(minutes off) {
  const char sign = off < minutes{0} ? '-' : '+';
  const long m = off < minutes{0} ? -off.count() : off.count();
  return fmt::format("{}{:02}:{:02}", sign, m / 60, m % 60);
}

std::string day_text(date::year_month_day d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                     static_cast<unsigned>(d.day()));
}

// "02:30", or "02:30:15" when there are seconds to show.
std::string clock_text(date::local_seconds lt) {
  const auto day = date::floor<date::days>(lt);
  const date::hh_mm_ss<seconds> t{lt - day};
  if (t.seconds().count() != 0)
    return fmt::format("{:02}:{:02}:{:02}", t.hours().count(), t.minutes().count(), t.seconds().count());
  return fmt::format("{:02}:{:02}", t.hours().count(), t.minutes().count());
}

date::year_month_day date_of(date::local_seconds lt) { return date::year_month_day{date::floor<date::days>(lt)}; }

// "03:00", or "2026-09-06 00:00" when it falls on another date than `ref` (gaps at
// midnight), so a suggestion never silently means a different day.
std::string clock_text_near(date::local_seconds lt, date::year_month_day ref) {
  if (date_of(lt) == ref) return clock_text(lt);
  return day_text(date_of(lt)) + " " + clock_text(lt);
}

Error not_a_time(std::string_view field, std::string_view text, std::string_view why = {}) {
  std::string msg = fmt::format("{}: {} is not a time", field, quote(text));
  if (!why.empty()) msg += fmt::format(" ({})", why);
  msg += fmt::format("; {}", kTimeHelp);
  return bad_input(std::string(field), std::string(text), std::move(msg));
}

// The local time `lt` fell into a spring-forward gap described by `li`.
Error gap_error(std::string_view field, std::string_view text, date::local_seconds lt, const date::local_info& li,
                Zone zone) {
  // The transition instant seen with the old and the new offset: where the clocks jumped.
  const auto from = date::local_seconds{li.first.end.time_since_epoch() + li.first.offset};
  const auto to = date::local_seconds{li.second.begin.time_since_epoch() + li.second.offset};
  const auto ref = date_of(lt);
  return bad_input(
      std::string(field), std::string(text),
      fmt::format("{}: {} on {} does not exist in {} (clocks jumped from {} to {}); give {} or "
                  "{}, or an offset",
                  field, clock_text(lt), day_text(ref), zone->name(), clock_text_near(from, ref),
                  clock_text_near(to, ref), clock_text_near(from - minutes{1}, ref), clock_text_near(to, ref)));
}

// The local time `lt` happened twice (fall-back); we took the first.
std::string repeated_notice(date::local_seconds lt, const date::local_info& li, Zone zone) {
  // The advice gives a full RFC 3339 time because clock forms ("02:30") take no offset.
  return fmt::format("{} on {} happened twice in {}; took the first ({}{}). Give {}T{}{} to mean the second.",
                     clock_text(lt), day_text(date_of(lt)), zone->name(), clock_text(lt),
                     offset_text(to_minutes(li.first.offset)), day_text(date_of(lt)), clock_text(lt),
                     offset_text(to_minutes(li.second.offset)));
}

// A clock time a few minutes ahead of now, taken as today's.
std::string ahead_notice(date::local_seconds lt, date::sys_seconds utc, date::sys_seconds now, Zone zone) {
  const auto ahead = date::ceil<minutes>(utc - now).count();
  return fmt::format("{} is {} minute{} ahead of the clock ({}); took it as today's {}", clock_text(lt), ahead,
                     ahead == 1 ? "" : "s", clock_text(date::floor<seconds>(zone->to_local(now))), clock_text(lt));
}

struct Placed {
  date::sys_seconds utc;
  seconds offset;
  std::string notice;
};

// A local time on a known date: unique, the earlier of two (with a notice), or bad input.
Placed place_local(date::local_seconds lt, Zone zone, std::string_view field, std::string_view text) {
  const date::local_info li = zone->get_info(lt);
  switch (li.result) {
    case date::local_info::unique: return {to_sys(lt, li.first.offset), li.first.offset, {}};
    case date::local_info::ambiguous:
      // `first` is the period before the transition, i.e. the earlier instant.
      return {to_sys(lt, li.first.offset), li.first.offset, repeated_notice(lt, li, zone)};
    default: throw gap_error(field, text, lt, li, zone);
  }
}

// A clock time with no date: the most recent such moment not in the future. Walks back
// day by day; more than one step is only needed when a zone skipped a whole day.
Placed place_clock(seconds time_of_day, Zone zone, date::sys_seconds now, std::string_view field,
                   std::string_view text) {
  const auto limit = now + kClockAhead;
  const auto today = date::floor<date::days>(zone->to_local(now));
  for (int back = 0; back < 4; ++back) {
    const date::local_seconds lt = today - date::days{back} + time_of_day;
    const date::local_info li = zone->get_info(lt);
    if (li.result == date::local_info::nonexistent) {
      // Skipped by a gap that has already happened: the time never was. A gap still
      // ahead of us is not the most recent such moment; look at the day before.
      if (li.first.end <= now + kFutureGrace) throw gap_error(field, text, lt, li, zone);
      continue;
    }
    // For a repeated time the rule is judged on the earlier instant, which is the one taken
    // (the contract: a repeated hour always means its first pass unless an offset is given).
    const auto utc = to_sys(lt, li.first.offset);
    if (utc <= limit) {
      std::string notice;
      if (li.result == date::local_info::ambiguous) notice = repeated_notice(lt, li, zone);
      if (utc > now + kFutureGrace) notice = ahead_notice(lt, utc, now, zone);
      return {utc, li.first.offset, std::move(notice)};
    }
  }
  throw failure(fmt::format("{}: could not place {} in {}", field, quote(text), zone->name()));
}

struct Clock {
  seconds time_of_day;
};

// "02:10", "2:10", "2:10am", "2:10 am", "2am", "12:05am", "23:40", optionally ":ss".
// `s` is trimmed and lower-case.
Clock parse_clock(std::string_view s, std::string_view field, std::string_view text) {
  Cursor c(s);
  int h = c.digits(1, 2);
  if (h < 0) throw not_a_time(field, text);
  int m = 0;
  int sec = 0;
  bool has_minutes = false;
  if (c.pos() == 2 && is_digit(c.peek())) {  // "0210": four digits, HHMM
    m = c.digits(2, 2);
    if (m < 0 || is_digit(c.peek())) throw not_a_time(field, text, "four digits are HHMM, e.g. 0210");
    has_minutes = true;
  } else if (c.eat(':') || c.eat('.')) {  // "2:10", "2.10"
    m = c.digits(2, 2);
    if (m < 0) throw not_a_time(field, text, "minutes need two digits");
    has_minutes = true;
    if (c.eat(':')) {
      sec = c.digits(2, 2);
      if (sec < 0) throw not_a_time(field, text, "seconds need two digits");
    }
  }
  c.skip_space();
  int meridiem = 0;  // 0 none, 1 am, 2 pm
  if (c.eat("am"))
    meridiem = 1;
  else if (c.eat("pm"))
    meridiem = 2;
  if (!c.done()) throw not_a_time(field, text);
  if (m > 59) throw not_a_time(field, text, fmt::format("{} is not a minute", m));
  if (sec > 59) throw not_a_time(field, text, fmt::format("{} is not a second", sec));
  if (meridiem != 0) {
    if (h < 1 || h > 12) throw not_a_time(field, text, fmt::format("{} is not an hour on a 12-hour clock", h));
    h = h % 12 + (meridiem == 2 ? 12 : 0);  // 12am is midnight, 12pm is noon
  } else {
    if (!has_minutes) throw not_a_time(field, text, "give minutes or am/pm");
    if (h > 23) throw not_a_time(field, text, fmt::format("{} is not an hour", h));
  }
  return {hours{h} + minutes{m} + seconds{sec}};
}

struct Rfc {
  date::local_seconds local;
  std::optional<minutes> offset;
};

// YYYY-MM-DD('T'|' ')HH:MM[:SS[.frac]][Z|±HH[:]MM|±HH]. `s` is trimmed and lower-case.
Rfc parse_rfc(std::string_view s, std::string_view field, std::string_view text) {
  Cursor c(s);
  const int y = c.digits(4, 4);
  if (y < 0 || !c.eat('-')) throw not_a_time(field, text);
  const int mo = c.digits(2, 2);
  if (mo < 0 || !c.eat('-')) throw not_a_time(field, text);
  const int d = c.digits(2, 2);
  if (d < 0) throw not_a_time(field, text);
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) throw not_a_time(field, text, fmt::format("{}-{:02}-{:02} is not a calendar date", y, mo, d));
  if (!c.eat('t') && !c.skip_space()) throw not_a_time(field, text, "a date needs a time, e.g. 2026-11-21T02:10");
  if (c.done()) throw not_a_time(field, text, "a date needs a time, e.g. 2026-11-21T02:10");
  const int h = c.digits(1, 2);
  if (h < 0 || !c.eat(':')) throw not_a_time(field, text);
  const int m = c.digits(2, 2);
  if (m < 0) throw not_a_time(field, text);
  int sec = 0;
  if (c.eat(':')) {
    sec = c.digits(2, 2);
    if (sec < 0) throw not_a_time(field, text);
    if (c.eat('.') || c.eat(',')) {  // fractional seconds: accepted, truncated
      if (c.skip_digits() == 0) throw not_a_time(field, text);
    }
  }
  if (h > 23) throw not_a_time(field, text, fmt::format("{} is not an hour", h));
  if (m > 59) throw not_a_time(field, text, fmt::format("{} is not a minute", m));
  if (sec > 59) throw not_a_time(field, text, fmt::format("{} is not a second", sec));

  Rfc out{date::local_days{ymd} + hours{h} + minutes{m} + seconds{sec}, std::nullopt};
  c.skip_space();
  if (c.eat('z')) {
    out.offset = minutes{0};
  } else if (c.peek() == '+' || c.peek() == '-') {
    const bool negative = c.peek() == '-';
    c.eat(c.peek());
    const int oh = c.digits(2, 2);
    if (oh < 0) throw not_a_time(field, text, "an offset looks like +01:00");
    int om = 0;
    const bool colon = c.eat(':');
    if (colon || is_digit(c.peek())) {
      om = c.digits(2, 2);
      if (om < 0) throw not_a_time(field, text, "an offset looks like +01:00");
    }
    if (oh > 23 || om > 59) throw not_a_time(field, text, "an offset looks like +01:00, at most ±23:59");
    const minutes off = hours{oh} + minutes{om};
    out.offset = negative ? -off : off;
  }
  if (!c.done()) throw not_a_time(field, text);
  return out;
}

Error unknown_zone(std::string_view field, std::string_view value) {
  return bad_input(std::string(field), std::string(value),
                   fmt::format("{}: {} is not a known time zone; {}", field, quote(value), kZoneHelp));
}

Zone locate_user_zone(std::string_view name, std::string_view field, std::string_view raw) {
  try {
    return find_zone(name);
  } catch (const std::exception&) {
    // A name with no zone file is the user's mistake, unless even UTC is missing.
    try {
      (void)find_zone("UTC");
    } catch (const std::exception& e) {
      throw failure(fmt::format("cannot read the time zone database: {}", e.what()));
    }
    throw unknown_zone(field, raw);
  }
}

// A named day at the start of a DAY or TIME: today, yesterday, last night (yesterday's
// evening: its times are read noon to noon), or a weekday name (the most recent, today
// included). Consumes the words; nullopt (consuming nothing) when there is none.
struct NamedDay {
  date::local_days day;
  bool night = false;
};

int weekday_index(std::string_view w) {  // 0 Sunday .. 6 Saturday, as date::weekday; -1 when none
  static constexpr std::string_view kDays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                               "thursday", "friday", "saturday"};
  for (int i = 0; i < 7; ++i) {
    const auto name = kDays[i];
    if (w == name || w == name.substr(0, 3)) return i;
  }
  return -1;
}

std::optional<NamedDay> named_day(Cursor& c, Zone zone, date::sys_seconds now) {
  const auto today = date::floor<date::days>(zone->to_local(now));
  const size_t start = c.pos();
  const std::string_view w = c.word();
  if (w == "today") return NamedDay{today};
  if (w == "yesterday") return NamedDay{today - date::days{1}};
  if (w == "last") {
    const size_t after = c.pos();
    c.skip_space();
    if (c.word() == "night") return NamedDay{today - date::days{1}, true};
    c.rewind(after);
  }
  if (const int wd = weekday_index(w); wd >= 0) {
    const auto back = date::weekday{today} - date::weekday{static_cast<unsigned>(wd)};
    return NamedDay{today - back};
  }
  c.rewind(start);
  return std::nullopt;
}

// A clock time within the night of `night`: from noon of that day to noon of the next.
date::local_seconds in_night(date::local_days night, seconds time_of_day) {
  return time_of_day >= kNightStartsAt ? night + time_of_day : night + date::days{1} + time_of_day;
}

// Refuses an instant more than `grace` after `now`.
void refuse_future(const ParsedTime& out, std::string_view text, Zone zone, date::sys_seconds now, minutes grace,
                   std::string_view field) {
  if (out.instant.utc > now + grace) {
    throw bad_input(std::string(field), std::string(text),
                    fmt::format("{}: {} is in the future ({}; it is now {}); an episode can't be "
                                "logged ahead of time",
                                field, quote(text), format_rfc3339(out.instant), format_rfc3339(in_zone(now, zone))));
  }
}
}  // namespace

Zone resolve_zone(const std::optional<std::string>& tz_option) {
  if (tz_option) return locate_user_zone(*tz_option, "tz", *tz_option);
  if (const char* env = std::getenv("TZ")) {
    std::string_view name = env;
    if (!name.empty() && name.front() == ':') name.remove_prefix(1);  // POSIX ":Area/City"
    if (!name.empty()) return locate_user_zone(name, "TZ", env);
  }
  try {
    return system_zone();
  } catch (const std::exception& e) {
    // Not even UTC: the zone files are missing, which is the installation's fault.
    throw failure(fmt::format("cannot read the time zone database: {}", e.what()));
  }
}

Instant in_zone(date::sys_seconds utc, Zone zone) {
  return Instant{utc, to_minutes(zone->get_info(utc).offset), zone->name()};
}

date::sys_seconds now() { return date::floor<seconds>(std::chrono::system_clock::now()); }

ParsedTime parse_time(std::string_view text, Zone zone, date::sys_seconds now, std::string_view field) {
  const std::string s = lower(trim(text));
  if (s.empty()) throw not_a_time(field, text, "it is empty");

  ParsedTime out;
  if (s == "now") {
    out.instant = in_zone(now, zone);
    return out;
  }

  const auto from_placed = [&](Placed p) {
    out.instant = Instant{p.utc, to_minutes(p.offset), zone->name()};
    out.notice = std::move(p.notice);
  };

  Cursor c(s);
  bool clock_form = false;
  if (const auto named = named_day(c, zone, now)) {
    const std::string_view word = c.from(0);
    if (!c.skip_space() && !c.done()) throw not_a_time(field, text);
    if (c.done()) throw not_a_time(field, text, fmt::format("give a time after it, e.g. {} 23:40", word));
    const Clock clk = parse_clock(c.rest(), field, text);
    const auto lt = named->night ? in_night(named->day, clk.time_of_day) : named->day + clk.time_of_day;
    from_placed(place_local(lt, zone, field, text));
  } else if (s.size() >= 5 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) && s[4] == '-') {
    const Rfc r = parse_rfc(s, field, text);
    if (r.offset) {
      // An explicit offset makes the instant exact; keep the zone name only when it
      // agrees, so a stored Instant never claims a zone that contradicts its offset.
      const auto utc = date::sys_seconds{r.local.time_since_epoch() - *r.offset};
      const bool matches = to_minutes(zone->get_info(utc).offset) == *r.offset;
      out.instant = Instant{utc, *r.offset, matches ? zone->name() : std::string{}};
    } else {
      from_placed(place_local(r.local, zone, field, text));
    }
  } else {
    const Clock clk = parse_clock(s, field, text);
    from_placed(place_clock(clk.time_of_day, zone, now, field, text));
    clock_form = true;
  }
  refuse_future(out, text, zone, now, clock_form ? kClockAhead : kFutureGrace, field);
  return out;
}

ParsedTime parse_time_in_night(std::string_view text, Zone zone, date::year_month_day night, date::sys_seconds now,
                               std::string_view field) {
  const std::string s = lower(trim(text));
  const bool dated =
      s.size() >= 5 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) && s[4] == '-';
  if (s.empty() || !is_digit(s[0]) || dated) return parse_time(text, zone, now, field);
  // A bare clock time: that night's (noon to noon), wherever "now" is.
  const Clock clk = parse_clock(s, field, text);
  const Placed p = place_local(in_night(date::local_days{night}, clk.time_of_day), zone, field, text);
  ParsedTime out{Instant{p.utc, to_minutes(p.offset), zone->name()}, p.notice};
  refuse_future(out, text, zone, now, kFutureGrace, field);
  return out;
}

std::chrono::minutes parse_time_of_day(std::string_view text, std::string_view field) {
  const std::string s = lower(trim(text));
  try {
    if (s.empty()) throw not_a_time(field, text, "it is empty");
    const Clock clk = parse_clock(s, field, text);
    if (clk.time_of_day % minutes{1} != seconds{0}) throw not_a_time(field, text, "give no seconds");
    return date::floor<minutes>(clk.time_of_day);
  } catch (const Error& e) {
    // The same reasons, with the forms a time of day takes (no dates here).
    std::string msg = e.what();
    if (const auto cut = msg.rfind("; use "); cut != std::string::npos) msg.resize(cut);
    throw bad_input(e.field(), e.value(), fmt::format("{}; {}", msg, kTimeOfDayHelp));
  }
}

date::year_month_day parse_day(std::string_view text, Zone zone, date::sys_seconds now, std::string_view field) {
  const std::string s = lower(trim(text));
  Cursor c(s);
  if (const auto named = named_day(c, zone, now); named && c.done()) return date::year_month_day{named->day};
  try {
    return parse_day(text, field);
  } catch (const Error& e) {
    std::string msg = e.what();
    if (const auto cut = msg.rfind("; use "); cut != std::string::npos) msg.resize(cut);
    throw bad_input(e.field(), e.value(), fmt::format("{}; {}", msg, kDayWordsHelp));
  }
}

double parse_duration(std::string_view text, std::string_view field) {
  const std::string s = lower(trim(text));
  const auto fail = [&](std::string_view what) {
    return bad_input(std::string(field), std::string(text),
                     fmt::format("{}: {} {}; {}", field, quote(text), what, kDurationHelp));
  };
  if (s.empty()) throw fail("is empty");
  if (s.front() == '-') throw fail("is negative");

  Cursor c(s);
  // digits[.digits]; from_chars gives correctly rounded doubles without locale surprises.
  const auto number = [&]() -> std::optional<double> {
    const size_t start = c.pos();
    if (c.skip_digits() == 0) return std::nullopt;
    if (c.eat('.') && c.skip_digits() == 0) return std::nullopt;
    const std::string_view span = c.from(start);
    double v = 0;
    const auto [ptr, ec] = std::from_chars(span.data(), span.data() + span.size(), v, std::chars_format::fixed);
    if (ec == std::errc::result_out_of_range) return kMaxDurationMin * 2;  // absurd anyway
    if (ec != std::errc{} || ptr != span.data() + span.size()) return std::nullopt;
    return v;
  };

  auto value = number();
  if (!value) throw fail("is not a duration");
  c.skip_space();
  double total = 0;
  if (c.done()) {
    total = *value;  // a plain number is minutes
  } else {
    // Components must come largest first, each at most once: "1h20m", "1 h 20 min".
    int last_rank = 3;
    for (;;) {
      const std::string_view unit = c.word();
      int rank = -1;
      double factor = 0;
      if (unit == "h" || unit == "hr" || unit == "hrs" || unit == "hour" || unit == "hours") {
        rank = 2;
        factor = 60;
      } else if (unit == "m" || unit == "min" || unit == "mins" || unit == "minute" || unit == "minutes") {
        rank = 1;
        factor = 1;
      } else if (unit == "s" || unit == "sec" || unit == "secs" || unit == "second" || unit == "seconds") {
        rank = 0;
        factor = 1.0 / 60.0;
      }
      if (rank < 0 || rank >= last_rank) throw fail("is not a duration");
      last_rank = rank;
      total += *value * factor;
      c.skip_space();
      if (c.done()) break;
      value = number();
      if (!value) throw fail("is not a duration");
      c.skip_space();
    }
  }
  if (total > kMaxDurationMin) throw fail("is more than 24 hours");
  return total;
}

date::year_month_day parse_day(std::string_view text, std::string_view field) {
  const std::string_view s = trim(text);
  Cursor c(s);
  const int y = c.digits(4, 4);
  const bool dash1 = y >= 0 && c.eat('-');
  const int m = dash1 ? c.digits(2, 2) : -1;
  const bool dash2 = m >= 0 && c.eat('-');
  const int d = dash2 ? c.digits(2, 2) : -1;
  if (d < 0 || !c.done())
    throw bad_input(std::string(field), std::string(text),
                    fmt::format("{}: {} is not a day; {}", field, quote(text), kDayHelp));
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok())
    throw bad_input(std::string(field), std::string(text),
                    fmt::format("{}: {} is not a calendar date; {}", field, quote(text), kDayHelp));
  return ymd;
}

date::year_month_day night_of(const Instant& instant) {
  // Noon to noon: 23:40 and 02:10 are the same night, and 11:59 still belongs to it.
  return date::year_month_day{date::floor<date::days>(instant.local() - kNightStartsAt)};
}

std::string format_rfc3339(const Instant& instant) {
  const auto local = instant.local();
  const auto day = date::floor<date::days>(local);
  const date::hh_mm_ss<seconds> t{local - day};
  const date::year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  const long off = instant.offset.count();
  const long off_abs = off < 0 ? -off : off;
  if (year >= 0 && year <= 9999 && off_abs < 100 * 60) {
    // Digit by digit: the FHIR export writes two of these per episode, and fmt took most of
    // an episode's time. The same text as the general form below.
    char text[] = "0000-00-00T00:00:00+00:00";
    const auto two = [&](std::size_t at, long v) {
      text[at] = static_cast<char>('0' + v / 10);
      text[at + 1] = static_cast<char>('0' + v % 10);
    };
    two(0, year / 100);
    two(2, year % 100);
    two(5, static_cast<unsigned>(ymd.month()));
    two(8, static_cast<unsigned>(ymd.day()));
    two(11, t.hours().count());
    two(14, t.minutes().count());
    two(17, t.seconds().count());
    text[19] = off < 0 ? '-' : '+';
    two(20, off_abs / 60);
    two(23, off_abs % 60);
    return std::string(text, sizeof text - 1);
  }
  return fmt::format("{}T{:02}:{:02}:{:02}{}", day_text(date_of(local)), t.hours().count(), t.minutes().count(),
                     t.seconds().count(), offset_text(instant.offset));
}

std::string format_day(date::year_month_day day) { return day_text(day); }

}  // namespace diary::clock
