// Time rules: zones, TIME/D/DAY parsing, the night rule and RFC 3339 output.
// "now" is always passed in; expectations are written as UTC instants or as local wall
// times with an explicit offset, so they do not reuse the code under test.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <date/date.h>
#include <date/tz.h>

#include "diary/clock.hpp"
#include "diary/error.hpp"

namespace clk = diary::clock;
using diary::Errc;
using diary::Error;
using diary::Instant;

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

clk::Zone zone(const char* name) { return diary::clock::find_zone(name); }
diary::clock::Zone berlin() { return zone("Europe/Berlin"); }
diary::clock::Zone new_york() { return zone("America/New_York"); }
diary::clock::Zone sydney() { return zone("Australia/Sydney"); }

date::year_month_day ymd(int y, unsigned m, unsigned d) {
  return date::year_month_day{date::year{y}, date::month{m}, date::day{d}};
}

// A UTC instant.
date::sys_seconds utc(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
  return date::sys_days{ymd(y, mo, d)} + hours{h} + minutes{mi} + seconds{s};
}

// The instant of a wall-clock time seen with an explicit UTC offset (in minutes).
date::sys_seconds wall(int y, unsigned mo, unsigned d, int h, int mi, int offset_min) {
  return utc(y, mo, d, h, mi) - minutes{offset_min};
}

clk::ParsedTime parse(const std::string& text, diary::clock::Zone z, date::sys_seconds now) {
  return clk::parse_time(text, z, now);
}

// Runs `f`, which must throw a bad-input diary::Error for `field`; returns its message.
std::string bad_input_message(const std::function<void()>& f, const std::string& field, const std::string& value) {
  try {
    f();
  } catch (const Error& e) {
    CHECK(e.code() == Errc::bad_input);
    CHECK(e.field() == field);
    CHECK(e.value() == value);
    const std::string msg = e.what();
    CHECK(msg.find('\n') == std::string::npos);  // one line
    CHECK(msg.rfind(field + ": ", 0) == 0);      // names the field first
    return msg;
  }
  FAIL("expected bad input for " << field << " " << value);
  return {};
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::string time_error(const std::string& text, diary::clock::Zone z, date::sys_seconds now) {
  return bad_input_message([&] { parse(text, z, now); }, "onset", text);
}

// Sets or unsets an environment variable for one scope, restoring it afterwards.
class EnvVar {
 public:
  EnvVar(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~EnvVar() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }
  EnvVar(const EnvVar&) = delete;
  EnvVar& operator=(const EnvVar&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("clock: the 2026 DST changes are where these tests assume") {
  const auto off = [](diary::clock::Zone z, date::sys_seconds t) {
    return std::chrono::duration_cast<minutes>(z->get_info(t).offset).count();
  };
  // Berlin: 2026-03-29 01:00Z (02:00 CET -> 03:00 CEST), 2026-10-25 01:00Z (03:00 -> 02:00).
  CHECK(off(berlin(), utc(2026, 3, 29, 0, 59)) == 60);
  CHECK(off(berlin(), utc(2026, 3, 29, 1, 0)) == 120);
  CHECK(off(berlin(), utc(2026, 10, 25, 0, 59)) == 120);
  CHECK(off(berlin(), utc(2026, 10, 25, 1, 0)) == 60);
  // New York: 2026-03-08 07:00Z (02:00 EST -> 03:00 EDT), 2026-11-01 06:00Z (02:00 -> 01:00).
  CHECK(off(new_york(), utc(2026, 3, 8, 6, 59)) == -300);
  CHECK(off(new_york(), utc(2026, 3, 8, 7, 0)) == -240);
  CHECK(off(new_york(), utc(2026, 11, 1, 5, 59)) == -240);
  CHECK(off(new_york(), utc(2026, 11, 1, 6, 0)) == -300);
  // Sydney: 2026-04-04 16:00Z (03:00 AEDT -> 02:00 AEST), 2026-10-03 16:00Z (02:00 -> 03:00).
  CHECK(off(sydney(), utc(2026, 4, 4, 15, 59)) == 660);
  CHECK(off(sydney(), utc(2026, 4, 4, 16, 0)) == 600);
  CHECK(off(sydney(), utc(2026, 10, 3, 15, 59)) == 600);
  CHECK(off(sydney(), utc(2026, 10, 3, 16, 0)) == 660);
}

TEST_CASE("clock: in_zone and now") {
  const Instant i = clk::in_zone(utc(2026, 11, 22, 0, 5), berlin());
  CHECK(i.utc == utc(2026, 11, 22, 0, 5));
  CHECK(i.offset == minutes{60});
  CHECK(i.zone == "Europe/Berlin");
  CHECK(clk::in_zone(utc(2026, 7, 1, 12, 0), berlin()).offset == minutes{120});
  CHECK(clk::in_zone(utc(2026, 7, 1, 12, 0), new_york()).offset == minutes{-240});

  const auto before = std::chrono::system_clock::now();
  const date::sys_seconds n = clk::now();
  const auto after = std::chrono::system_clock::now();
  CHECK(n <= after);
  CHECK(n + seconds{1} > before);  // floored to the second, not further
}

TEST_CASE("clock: RFC 3339 forms") {
  const auto z = berlin();
  const auto now = utc(2026, 12, 1, 12, 0);

  SUBCASE("without an offset the local time is read in the zone") {
    for (const char* text : {"2026-11-21T02:10", "2026-11-21 02:10", "2026-11-21t02:10", "  2026-11-21T02:10\t",
                             "2026-11-21T02:10:00", "2026-11-21T02:10:00.999"}) {
      CAPTURE(text);
      const auto p = parse(text, z, now);
      CHECK(p.instant.utc == utc(2026, 11, 21, 1, 10));
      CHECK(p.instant.offset == minutes{60});
      CHECK(p.instant.zone == "Europe/Berlin");
      CHECK(p.notice.empty());
    }
    CHECK(parse("2026-11-21T02:10:33", z, now).instant.utc == utc(2026, 11, 21, 1, 10, 33));
    CHECK(parse("2026-07-21T02:10", z, now).instant.offset == minutes{120});
  }

  SUBCASE("with an offset the instant is exact") {
    struct Case {
      const char* text;
      date::sys_seconds utc;
      int offset;
      const char* zone;
    };
    const Case cases[] = {
        {"2026-11-21T02:10+01:00", utc(2026, 11, 21, 1, 10), 60, "Europe/Berlin"},
        {"2026-11-21T02:10+0100", utc(2026, 11, 21, 1, 10), 60, "Europe/Berlin"},
        {"2026-11-21 02:10:05+01:00", utc(2026, 11, 21, 1, 10, 5), 60, "Europe/Berlin"},
        {"2026-11-21T02:10Z", utc(2026, 11, 21, 2, 10), 0, ""},
        {"2026-11-21t02:10z", utc(2026, 11, 21, 2, 10), 0, ""},
        {"2026-11-21T02:10-05:00", utc(2026, 11, 21, 7, 10), -300, ""},
        {"2026-11-21T02:10+05:30", utc(2026, 11, 20, 20, 40), 330, ""},
        {"2026-11-21T02:10:33.5+02:00", utc(2026, 11, 21, 0, 10, 33), 120, ""},
    };
    for (const auto& c : cases) {
      CAPTURE(c.text);
      const auto p = parse(c.text, z, now);
      CHECK(p.instant.utc == c.utc);
      CHECK(p.instant.offset == minutes{c.offset});
      CHECK(p.instant.zone == c.zone);  // only when the zone agrees with the offset
      CHECK(p.notice.empty());
    }
    // Z in a zone that is at +00:00 then keeps the zone's name.
    CHECK(parse("2026-11-21T02:10Z", zone("Europe/London"), now).instant.zone == "Europe/London");
  }

  SUBCASE("malformed") {
    for (const char* text :
         {"2026-02-30T01:00", "2026-13-01T01:00", "2026-11-21", "2026-11-21T", "2026-11-21T25:00", "2026-11-21T02:61",
          "2026-11-21T02:10:60", "2026-11-21T02:10+24:00", "2026-11-21T02:10+01:", "2026-11-21T02:10 junk",
          "2026-11-21X02:10", "26-11-21T02:10", "2026-11-21T02:10:33."}) {
      CAPTURE(text);
      const auto msg = time_error(text, z, now);
      CHECK(contains(msg, "is not a time"));
      CHECK(contains(msg, std::string("\"") + text + "\""));
    }
    CHECK(contains(time_error("2026-02-30T01:00", z, now), "2026-02-30 is not a calendar date"));
  }
}

TEST_CASE("clock: clock-time forms") {
  const auto z = berlin();
  // Mid-afternoon, winter (+01:00): every morning time below is today's.
  const auto now = wall(2026, 11, 21, 15, 0, 60);
  struct Case {
    const char* text;
    int h, m;
  };
  const Case cases[] = {
      {"02:10", 2, 10},   {"2:10", 2, 10},   {"2:10am", 2, 10}, {"2:10 am", 2, 10}, {"2:10AM", 2, 10},   {"2am", 2, 0},
      {"2 am", 2, 0},     {"12:05am", 0, 5}, {"12am", 0, 0},    {"12pm", 12, 0},    {"12:30pm", 12, 30}, {"1pm", 13, 0},
      {" 02:10 ", 2, 10}, {"00:00", 0, 0},   {"14:59", 14, 59}, {"2:10:00", 2, 10}, {"2:10 PM", 14, 10},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const auto p = parse(c.text, z, now);
    CHECK(p.instant.utc == wall(2026, 11, 21, c.h, c.m, 60));
    CHECK(p.instant.offset == minutes{60});
    CHECK(p.instant.zone == "Europe/Berlin");
    CHECK(p.notice.empty());
  }
  // Later than now today: yesterday's.
  CHECK(parse("23:40", z, now).instant.utc == wall(2026, 11, 20, 23, 40, 60));
  CHECK(parse("11:40pm", z, now).instant.utc == wall(2026, 11, 20, 23, 40, 60));
  CHECK(parse("15:00", z, now).instant.utc == now);  // now itself is not in the future
  CHECK(parse("now", z, now).instant == clk::in_zone(now, z));
  CHECK(parse("NOW", z, now).instant.utc == now);

  SUBCASE("malformed") {
    for (const char* text : {"25:61",
                             "24:00",
                             "13pm",
                             "0am",
                             "00:10am",
                             "12:60pm",
                             "",
                             "   ",
                             "2",
                             "2:1",
                             "2:100",
                             "2:10x",
                             "2:10 a",
                             "2h10",
                             "-2:10",
                             "tomorrow",
                             "yesterday",
                             "yesterday23:40",
                             "today 25:00",
                             "tomorrow 02:00",
                             "2:10 am pm",
                             "noon"}) {
      CAPTURE(text);
      const auto msg = time_error(text, z, now);
      CHECK(contains(msg, "is not a time"));
      CHECK(contains(
          msg, "use 02:10, 2:10am, 2.10, 0210, yesterday 23:40, last night 2am, monday 23:40 or 2026-11-21T02:10"));
    }
    CHECK(time_error("25:61", z, now) ==
          "onset: \"25:61\" is not a time (61 is not a minute); use 02:10, 2:10am, "
          "2.10, 0210, yesterday 23:40, last night 2am, monday 23:40 or 2026-11-21T02:10");
    CHECK(contains(time_error("13pm", z, now), "13 is not an hour on a 12-hour clock"));
    // The field name comes from the caller.
    const auto msg = bad_input_message([&] { clk::parse_time("25:00", z, now, "bed"); }, "bed", "25:00");
    CHECK(contains(msg, "bed: \"25:00\""));
  }
}

TEST_CASE("clock: yesterday and today") {
  const auto z = berlin();
  const auto now = wall(2026, 11, 21, 1, 30, 60);  // just after midnight
  CHECK(parse("yesterday 23:40", z, now).instant.utc == wall(2026, 11, 20, 23, 40, 60));
  CHECK(parse("Yesterday  11pm", z, now).instant.utc == wall(2026, 11, 20, 23, 0, 60));
  // "yesterday" is a date: no stepping back even when the time is early.
  CHECK(parse("yesterday 01:10", z, now).instant.utc == wall(2026, 11, 20, 1, 10, 60));
  CHECK(parse("today 01:10", z, now).instant.utc == wall(2026, 11, 21, 1, 10, 60));
  CHECK(parse("today 12:05am", z, now).instant.utc == wall(2026, 11, 21, 0, 5, 60));

  const auto msg = time_error("today 23:40", z, now);
  CHECK(contains(msg, "is in the future"));
  CHECK(contains(msg, "2026-11-21T23:40:00+01:00"));
}

TEST_CASE("clock: nothing may be more than a minute in the future") {
  const auto z = berlin();
  const auto now = utc(2026, 11, 21, 1, 0);
  CHECK(parse("2026-11-21T01:01Z", z, now).instant.utc == utc(2026, 11, 21, 1, 1));
  CHECK(contains(time_error("2026-11-21T01:01:01Z", z, now), "is in the future"));
  CHECK(contains(time_error("2026-11-21T03:00", z, now), "is in the future"));
  CHECK(contains(time_error("2027-01-01 00:00+01:00", z, now), "is in the future"));
  // A clock time one minute ahead counts as now (clock skew); up to 15 minutes ahead is a
  // fast watch: today's, with a notice (issue 10); further ahead is yesterday's.
  CHECK(parse("02:01", z, now).instant.utc == utc(2026, 11, 21, 1, 1));
  CHECK(parse("02:02", z, now).instant.utc == utc(2026, 11, 21, 1, 2));
  CHECK_FALSE(parse("02:02", z, now).notice.empty());
  CHECK(parse("02:15", z, now).instant.utc == utc(2026, 11, 21, 1, 15));
  CHECK(parse("02:16", z, now).instant.utc == utc(2026, 11, 20, 1, 16));
  CHECK(parse("today 02:01", z, now).instant.utc == utc(2026, 11, 21, 1, 1));
  CHECK(contains(time_error("today 02:02", z, now), "is in the future"));
}

TEST_CASE("clock: Europe/Berlin spring forward 2026-03-29 02:00 -> 03:00") {
  const auto z = berlin();
  const auto after = utc(2026, 3, 29, 10, 0);  // 12:00 CEST, same day

  SUBCASE("a time in the gap is bad input naming the gap") {
    const auto msg = time_error("2026-03-29T02:30", z, after);
    CHECK(msg ==
          "onset: 02:30 on 2026-03-29 does not exist in Europe/Berlin (clocks jumped from 02:00 "
          "to 03:00); give 01:59 or 03:00, or an offset");
    CHECK(contains(time_error("02:30", z, after), "does not exist in Europe/Berlin"));
    CHECK(contains(time_error("2:00am", z, after), "does not exist"));
    CHECK(contains(time_error("today 02:59", z, after), "does not exist"));
    CHECK(contains(time_error("yesterday 02:30", z, utc(2026, 3, 30, 10, 0)), "does not exist"));
  }
  SUBCASE("either side of the gap") {
    const auto before = parse("2026-03-29T01:59", z, after).instant;
    CHECK(before.utc == utc(2026, 3, 29, 0, 59));
    CHECK(before.offset == minutes{60});
    const auto past = parse("2026-03-29T03:00", z, after).instant;
    CHECK(past.utc == utc(2026, 3, 29, 1, 0));
    CHECK(past.offset == minutes{120});
  }
  SUBCASE("an explicit offset names an instant even inside the gap") {
    const auto p = parse("2026-03-29T02:30+01:00", z, after);
    CHECK(p.instant.utc == utc(2026, 3, 29, 1, 30));
    CHECK(p.instant.offset == minutes{60});
    CHECK(p.instant.zone.empty());  // Berlin was at +02:00 then
    CHECK(p.notice.empty());
  }
  SUBCASE("clock times just after the change") {
    const auto now = utc(2026, 3, 29, 1, 5);  // 03:05 CEST
    CHECK(contains(time_error("02:30", z, now), "clocks jumped from 02:00 to 03:00"));
    CHECK(parse("03:00", z, now).instant.utc == utc(2026, 3, 29, 1, 0));
    CHECK(parse("1:59am", z, now).instant.utc == utc(2026, 3, 29, 0, 59));
    CHECK(parse("1:59am", z, now).instant.offset == minutes{60});
    CHECK(parse("03:04", z, now).instant.offset == minutes{120});
    // 03:30 today is ahead: yesterday's 03:30, still in winter time.
    const auto y = parse("03:30", z, now).instant;
    CHECK(y.utc == utc(2026, 3, 28, 2, 30));
    CHECK(y.offset == minutes{60});
  }
  SUBCASE("a gap still ahead is not an error: the clock time is yesterday's") {
    const auto now = utc(2026, 3, 29, 0, 30);  // 01:30 CET, before the jump
    const auto p = parse("02:30", z, now);
    CHECK(p.instant.utc == utc(2026, 3, 28, 1, 30));
    CHECK(p.instant.offset == minutes{60});
  }
  SUBCASE("yesterday 23:40 across the change") {
    const auto p = parse("yesterday 23:40", z, after);
    CHECK(p.instant.utc == utc(2026, 3, 28, 22, 40));
    CHECK(p.instant.offset == minutes{60});
    CHECK(parse("today 01:10", z, after).instant.utc == utc(2026, 3, 29, 0, 10));
    CHECK(parse("today 09:10", z, after).instant.utc == utc(2026, 3, 29, 7, 10));
  }
}

TEST_CASE("clock: Europe/Berlin fall back 2026-10-25 03:00 -> 02:00") {
  const auto z = berlin();
  const auto after = utc(2026, 10, 25, 10, 0);  // 11:00 CET

  SUBCASE("a repeated time takes the earlier and says so") {
    const auto p = parse("2026-10-25T02:30", z, after);
    CHECK(p.instant.utc == utc(2026, 10, 25, 0, 30));
    CHECK(p.instant.offset == minutes{120});
    CHECK(p.instant.zone == "Europe/Berlin");
    CHECK(p.notice ==
          "02:30 on 2026-10-25 happened twice in Europe/Berlin; took the first (02:30+02:00). "
          "Give 2026-10-25T02:30+01:00 to mean the second.");
  }
  SUBCASE("an explicit offset picks either, without a notice") {
    const auto second = parse("2026-10-25T02:30+01:00", z, after);
    CHECK(second.instant.utc == utc(2026, 10, 25, 1, 30));
    CHECK(second.instant.offset == minutes{60});
    CHECK(second.instant.zone == "Europe/Berlin");
    CHECK(second.notice.empty());
    const auto first = parse("2026-10-25T02:30+02:00", z, after);
    CHECK(first.instant.utc == utc(2026, 10, 25, 0, 30));
    CHECK(first.notice.empty());
  }
  SUBCASE("the stored offset differs either side") {
    CHECK(parse("2026-10-25T01:30", z, after).instant.offset == minutes{120});
    CHECK(parse("2026-10-25T03:30", z, after).instant.offset == minutes{60});
    CHECK(parse("2026-10-25T01:30", z, after).notice.empty());
    CHECK(parse("2026-10-25T03:00", z, after).notice.empty());
  }
  SUBCASE("clock times around the repeated hour") {
    // 02:10 CEST, first pass: the first 02:30 is still ahead, so yesterday's.
    const auto first_pass = utc(2026, 10, 25, 0, 10);
    const auto y = parse("02:30", z, first_pass);
    CHECK(y.instant.utc == utc(2026, 10, 24, 0, 30));
    CHECK(y.notice.empty());
    // 02:00 CET, second pass: the first 02:30 is past: take it, with a notice.
    const auto second_pass = utc(2026, 10, 25, 1, 0);
    const auto t = parse("02:30", z, second_pass);
    CHECK(t.instant.utc == utc(2026, 10, 25, 0, 30));
    CHECK(t.instant.offset == minutes{120});
    CHECK_FALSE(t.notice.empty());
    // 02:45 CET: both 02:30s are past; the rule still takes the earlier.
    CHECK(parse("02:30", z, utc(2026, 10, 25, 1, 45)).instant.utc == utc(2026, 10, 25, 0, 30));
    // 03:30 today (CET) is ahead at 02:45 CET: yesterday's, in summer time.
    const auto y2 = parse("03:30", z, utc(2026, 10, 25, 1, 45)).instant;
    CHECK(y2.utc == utc(2026, 10, 24, 1, 30));
    CHECK(y2.offset == minutes{120});
  }
  SUBCASE("yesterday 23:40 across the change") {
    const auto p = parse("yesterday 23:40", z, after);
    CHECK(p.instant.utc == utc(2026, 10, 24, 21, 40));
    CHECK(p.instant.offset == minutes{120});
    CHECK(clk::in_zone(after, z).offset == minutes{60});
    CHECK(parse("today 02:30", z, after).instant.utc == utc(2026, 10, 25, 0, 30));
    CHECK_FALSE(parse("today 02:30", z, after).notice.empty());
  }
}

TEST_CASE("clock: America/New_York spring forward 2026-03-08 02:00 -> 03:00") {
  const auto z = new_york();
  const auto after = utc(2026, 3, 8, 16, 0);  // 12:00 EDT
  CHECK(time_error("2026-03-08T02:30", z, after) ==
        "onset: 02:30 on 2026-03-08 does not exist in America/New_York (clocks jumped from "
        "02:00 to 03:00); give 01:59 or 03:00, or an offset");
  CHECK(contains(time_error("2:30am", z, after), "does not exist in America/New_York"));

  SUBCASE("just after the change") {
    const auto now = utc(2026, 3, 8, 7, 5);  // 03:05 EDT
    CHECK(contains(time_error("2:30am", z, now), "does not exist"));
    const auto a = parse("1:30am", z, now).instant;
    CHECK(a.utc == utc(2026, 3, 8, 6, 30));
    CHECK(a.offset == minutes{-300});
    const auto b = parse("3:04", z, now).instant;
    CHECK(b.utc == utc(2026, 3, 8, 7, 4));
    CHECK(b.offset == minutes{-240});
    // 03:10 today is 5 minutes ahead: today's (a fast watch); 03:30 is yesterday's, in EST.
    CHECK(parse("3:10", z, now).instant.utc == utc(2026, 3, 8, 7, 10));
    CHECK(parse("3:30", z, now).instant.utc == utc(2026, 3, 7, 8, 30));
  }
  SUBCASE("yesterday 11pm across the change") {
    const auto p = parse("yesterday 11pm", z, after);
    CHECK(p.instant.utc == utc(2026, 3, 8, 4, 0));
    CHECK(p.instant.offset == minutes{-300});
    CHECK(parse("yesterday 23:40", z, after).instant.utc == utc(2026, 3, 8, 4, 40));
  }
  SUBCASE("explicit offset") {
    const auto p = parse("2026-03-08T03:30-04:00", z, after);
    CHECK(p.instant.utc == utc(2026, 3, 8, 7, 30));
    CHECK(p.instant.zone == "America/New_York");
  }
}

TEST_CASE("clock: America/New_York fall back 2026-11-01 02:00 -> 01:00") {
  const auto z = new_york();
  const auto after = utc(2026, 11, 1, 17, 0);  // 12:00 EST

  const auto p = parse("2026-11-01T01:30", z, after);
  CHECK(p.instant.utc == utc(2026, 11, 1, 5, 30));
  CHECK(p.instant.offset == minutes{-240});
  CHECK(p.notice ==
        "01:30 on 2026-11-01 happened twice in America/New_York; took the first (01:30-04:00). "
        "Give 2026-11-01T01:30-05:00 to mean the second.");
  const auto second = parse("2026-11-01T01:30-05:00", z, after);
  CHECK(second.instant.utc == utc(2026, 11, 1, 6, 30));
  CHECK(second.instant.offset == minutes{-300});
  CHECK(second.instant.zone == "America/New_York");
  CHECK(second.notice.empty());
  CHECK(parse("2026-11-01T00:59", z, after).instant.offset == minutes{-240});
  CHECK(parse("2026-11-01T02:00", z, after).instant.offset == minutes{-300});

  SUBCASE("clock times just after midnight") {
    const auto now = utc(2026, 11, 1, 4, 5);                               // 00:05 EDT
    CHECK(parse("23:50", z, now).instant.utc == utc(2026, 11, 1, 3, 50));  // 2026-10-31 EDT
    CHECK(parse("00:04", z, now).instant.utc == utc(2026, 11, 1, 4, 4));
    CHECK(parse("12:05am", z, now).instant.utc == utc(2026, 11, 1, 4, 5));
    CHECK(parse("00:06", z, now).instant.utc == utc(2026, 11, 1, 4, 6));    // within a minute
    CHECK(parse("00:07", z, now).instant.utc == utc(2026, 11, 1, 4, 7));    // a fast watch: today's
    CHECK(parse("00:25", z, now).instant.utc == utc(2026, 10, 31, 4, 25));  // yesterday's
    CHECK(parse("12pm", z, now).instant.utc == utc(2026, 10, 31, 16, 0));
    // 01:30 happens twice later today; both are ahead, so it is yesterday's (unique) 01:30.
    const auto y = parse("1:30am", z, now);
    CHECK(y.instant.utc == utc(2026, 10, 31, 5, 30));
    CHECK(y.notice.empty());
  }
  SUBCASE("clock times just after the change") {
    const auto first_pass = utc(2026, 11, 1, 5, 10);  // 01:10 EDT
    CHECK(parse("1:30am", z, first_pass).instant.utc == utc(2026, 10, 31, 5, 30));
    const auto second_pass = utc(2026, 11, 1, 6, 10);  // 01:10 EST
    const auto t = parse("1:30am", z, second_pass);
    CHECK(t.instant.utc == utc(2026, 11, 1, 5, 30));
    CHECK(t.instant.offset == minutes{-240});
    CHECK(contains(t.notice, "happened twice in America/New_York"));
    CHECK(parse("1:05am", z, second_pass).instant.utc == utc(2026, 11, 1, 5, 5));
  }
  SUBCASE("yesterday 23:40 across the change") {
    const auto y = parse("yesterday 23:40", z, after);
    CHECK(y.instant.utc == utc(2026, 11, 1, 3, 40));
    CHECK(y.instant.offset == minutes{-240});
    CHECK(parse("now", z, after).instant.offset == minutes{-300});
  }
}

TEST_CASE("clock: Australia/Sydney fall back 2026-04-05 03:00 -> 02:00") {
  const auto z = sydney();
  const auto after = utc(2026, 4, 5, 2, 0);  // 12:00 AEST

  const auto p = parse("2026-04-05T02:30", z, after);
  CHECK(p.instant.utc == utc(2026, 4, 4, 15, 30));
  CHECK(p.instant.offset == minutes{660});
  CHECK(p.notice ==
        "02:30 on 2026-04-05 happened twice in Australia/Sydney; took the first (02:30+11:00). "
        "Give 2026-04-05T02:30+10:00 to mean the second.");
  const auto second = parse("2026-04-05T02:30+10:00", z, after);
  CHECK(second.instant.utc == utc(2026, 4, 4, 16, 30));
  CHECK(second.instant.zone == "Australia/Sydney");
  CHECK(second.notice.empty());
  CHECK(parse("2026-04-05T01:30", z, after).instant.offset == minutes{660});
  CHECK(parse("2026-04-05T03:30", z, after).instant.offset == minutes{600});

  SUBCASE("clock times") {
    CHECK(parse("2:30", z, utc(2026, 4, 4, 16, 10)).instant.utc == utc(2026, 4, 4, 15, 30));
    CHECK_FALSE(parse("2:30", z, utc(2026, 4, 4, 16, 10)).notice.empty());
    CHECK(parse("2:30", z, utc(2026, 4, 4, 15, 10)).instant.utc == utc(2026, 4, 3, 15, 30));
  }
  SUBCASE("yesterday 23:40 across the change") {
    const auto y = parse("yesterday 23:40", z, after);
    CHECK(y.instant.utc == utc(2026, 4, 4, 12, 40));
    CHECK(y.instant.offset == minutes{660});
  }
}

TEST_CASE("clock: Australia/Sydney spring forward 2026-10-04 02:00 -> 03:00") {
  const auto z = sydney();
  const auto after = utc(2026, 10, 4, 1, 0);  // 12:00 AEDT
  CHECK(time_error("2026-10-04T02:30", z, after) ==
        "onset: 02:30 on 2026-10-04 does not exist in Australia/Sydney (clocks jumped from "
        "02:00 to 03:00); give 01:59 or 03:00, or an offset");
  CHECK(contains(time_error("2:30am", z, after), "does not exist in Australia/Sydney"));

  SUBCASE("clock times just after midnight and just after the change") {
    const auto midnight = utc(2026, 10, 3, 14, 10);  // 00:10 AEST on the 4th
    CHECK(parse("23:40", z, midnight).instant.utc == utc(2026, 10, 3, 13, 40));
    CHECK(parse("00:05", z, midnight).instant.utc == utc(2026, 10, 3, 14, 5));
    CHECK(parse("2:30", z, midnight).instant.utc == utc(2026, 10, 2, 16, 30));  // gap ahead
    const auto jumped = utc(2026, 10, 3, 16, 5);                                // 03:05 AEDT
    CHECK(contains(time_error("2:30", z, jumped), "does not exist"));
    CHECK(parse("1:59", z, jumped).instant.offset == minutes{600});
    CHECK(parse("3:01", z, jumped).instant.offset == minutes{660});
    CHECK(parse("3:01", z, jumped).instant.utc == utc(2026, 10, 3, 16, 1));
  }
  SUBCASE("yesterday 23:40 across the change") {
    const auto y = parse("yesterday 23:40", z, after);
    CHECK(y.instant.utc == utc(2026, 10, 3, 13, 40));
    CHECK(y.instant.offset == minutes{600});
    CHECK(parse("now", z, after).instant.offset == minutes{660});
  }
}

TEST_CASE("clock: durations") {
  struct Case {
    const char* text;
    double minutes;
  };
  const Case cases[] = {
      {"90s", 1.5},    {"5m", 5},           {"5min", 5},      {"5 mins", 5},       {"1h20m", 80},
      {"1h 20m", 80},  {"1 h 20 min", 80},  {"2h", 120},      {"20", 20},          {"1.5", 1.5},
      {"0", 0},        {"0s", 0},           {" 20 ", 20},     {"1H20M", 80},       {"1.5h", 90},
      {"1h30s", 60.5}, {"1h 1m 30s", 61.5}, {"2 hours", 120}, {"30 seconds", 0.5}, {"24h", 1440},
      {"1440", 1440},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(clk::parse_duration(c.text) == doctest::Approx(c.minutes));
  }
  CHECK(clk::parse_duration("90s") == 1.5);  // exact, not just close

  const auto err = [](const std::string& text, const std::string& field = "duration") {
    return bad_input_message([&] { clk::parse_duration(text, field); }, field, text);
  };
  CHECK(contains(err("-5"), "is negative"));
  CHECK(contains(err("-5m"), "is negative"));
  CHECK(contains(err(""), "is empty"));
  CHECK(contains(err("  "), "is empty"));
  for (const char* junk : {"5x", "m", "h5", "5 5", "1h20", "20m1h", "5m5m", "1.", ".5", "1..5", "5 minutes ago", "+5",
                           "1,5", "nan", "inf", "1e3"}) {
    CAPTURE(junk);
    CHECK(contains(err(junk), "is not a duration"));
  }
  CHECK(contains(err("1441"), "is more than 24 hours"));
  CHECK(contains(err("24h1m"), "is more than 24 hours"));
  CHECK(contains(err("99999999999999999999999999999999"), "is more than 24 hours"));
  CHECK(err("5x") == "duration: \"5x\" is not a duration; use 90s, 5m, 1h20m or 20 (minutes)");
  CHECK(contains(err("5x", "latency"), "latency: \"5x\""));
}

TEST_CASE("clock: DAY") {
  CHECK(clk::parse_day("2026-11-21") == ymd(2026, 11, 21));
  CHECK(clk::parse_day("2028-02-29") == ymd(2028, 2, 29));
  CHECK(clk::parse_day(" 2026-01-31 ") == ymd(2026, 1, 31));
  const auto err = [](const std::string& text) {
    return bad_input_message([&] { clk::parse_day(text); }, "day", text);
  };
  CHECK(err("2026-02-30") == "day: \"2026-02-30\" is not a calendar date; use YYYY-MM-DD, e.g. 2026-11-21");
  CHECK(contains(err("2026-02-29"), "is not a calendar date"));
  CHECK(contains(err("2026-13-01"), "is not a calendar date"));
  CHECK(contains(err("2026-00-10"), "is not a calendar date"));
  for (const char* text : {"", "today", "yesterday", "2026-1-5", "2026/11/21", "21-11-2026", "2026-11-21T02:10",
                           "2026-11-211", "20261121"}) {
    CAPTURE(text);
    CHECK(contains(err(text), "is not a day"));
  }
  const auto msg = bad_input_message([] { clk::parse_day("x", "from"); }, "from", "x");
  CHECK(contains(msg, "from: \"x\""));
}

TEST_CASE("clock: the night of an episode runs noon to noon, local time") {
  const auto night = [](date::sys_seconds t, diary::clock::Zone z) { return clk::night_of(clk::in_zone(t, z)); };
  const auto b = berlin();
  CHECK(night(wall(2026, 11, 22, 2, 10, 60), b) == ymd(2026, 11, 21));
  CHECK(night(wall(2026, 11, 21, 23, 40, 60), b) == ymd(2026, 11, 21));
  CHECK(night(wall(2026, 11, 22, 11, 59, 60), b) == ymd(2026, 11, 21));
  CHECK(night(wall(2026, 11, 22, 12, 0, 60), b) == ymd(2026, 11, 22));
  CHECK(night(wall(2026, 11, 21, 12, 0, 60) - seconds{1}, b) == ymd(2026, 11, 20));

  // Across DST: the whole of the changed night is one night, by local time.
  CHECK(night(utc(2026, 3, 28, 22, 40), b) == ymd(2026, 3, 28));    // 23:40 CET
  CHECK(night(utc(2026, 3, 29, 9, 59), b) == ymd(2026, 3, 28));     // 11:59 CEST
  CHECK(night(utc(2026, 3, 29, 10, 0), b) == ymd(2026, 3, 29));     // 12:00 CEST
  CHECK(night(utc(2026, 10, 25, 10, 59), b) == ymd(2026, 10, 24));  // 11:59 CET
  CHECK(night(utc(2026, 10, 25, 11, 0), b) == ymd(2026, 10, 25));   // 12:00 CET

  // Negative offsets: 11:59 EST is 16:59Z, already "afternoon" in UTC; local time decides.
  const auto ny = new_york();
  CHECK(night(utc(2026, 11, 22, 16, 59), ny) == ymd(2026, 11, 21));
  CHECK(night(utc(2026, 11, 22, 17, 0), ny) == ymd(2026, 11, 22));
  CHECK(night(utc(2026, 11, 22, 4, 30), ny) == ymd(2026, 11, 21));  // 23:30 EST on the 21st

  // Large positive offsets: 02:10 AEDT on the 22nd is the 21st in UTC.
  const auto sy = sydney();
  CHECK(night(utc(2026, 11, 21, 15, 10), sy) == ymd(2026, 11, 21));
  CHECK(night(utc(2026, 11, 22, 0, 59), sy) == ymd(2026, 11, 21));  // 11:59 AEDT
  CHECK(night(utc(2026, 11, 22, 1, 0), sy) == ymd(2026, 11, 22));   // 12:00 AEDT

  // An Instant without a zone still uses its own offset.
  CHECK(clk::night_of(Instant{utc(2026, 11, 22, 16, 0), minutes{-300}, ""}) == ymd(2026, 11, 21));
}

TEST_CASE("clock: formatting and round trips") {
  CHECK(clk::format_rfc3339(clk::in_zone(utc(2026, 11, 22, 0, 5), berlin())) == "2026-11-22T01:05:00+01:00");
  CHECK(clk::format_rfc3339(clk::in_zone(utc(2026, 11, 22, 0, 5, 7), zone("UTC"))) == "2026-11-22T00:05:07+00:00");
  CHECK(clk::format_rfc3339(clk::in_zone(utc(2026, 11, 22, 7, 5), new_york())) == "2026-11-22T02:05:00-05:00");
  CHECK(clk::format_rfc3339(clk::in_zone(utc(2026, 11, 22, 0, 5), zone("Asia/Kolkata"))) ==
        "2026-11-22T05:35:00+05:30");
  CHECK(clk::format_rfc3339(Instant{utc(2026, 1, 1, 0, 0), minutes{-150}, ""}) == "2025-12-31T21:30:00-02:30");
  CHECK(clk::format_day(ymd(2026, 11, 22)) == "2026-11-22");
  CHECK(clk::format_day(ymd(2026, 1, 5)) == "2026-01-05");

  // parse(format(x)) == x for every 37 minutes of 2026 in zones with and without DST.
  const auto now = utc(2027, 1, 1, 0, 0);
  for (const char* name :
       {"Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC", "Asia/Kolkata", "Australia/Lord_Howe"}) {
    const auto z = zone(name);
    int mismatches = 0;
    int checked = 0;
    for (auto t = utc(2026, 1, 1, 0, 0); t < now; t += minutes{37}) {
      const Instant x = clk::in_zone(t, z);
      const auto p = clk::parse_time(clk::format_rfc3339(x), z, now);
      if (!(p.instant == x) || !p.notice.empty()) ++mismatches;
      ++checked;
    }
    CAPTURE(name);
    CHECK(checked > 14000);
    CHECK(mismatches == 0);
  }
  // An instant formatted with another zone's offset keeps its offset but not a false name.
  const Instant ny = clk::in_zone(utc(2026, 10, 25, 0, 30), new_york());
  const auto p = clk::parse_time(clk::format_rfc3339(ny), berlin(), now);
  CHECK(p.instant.utc == ny.utc);
  CHECK(p.instant.offset == ny.offset);
  CHECK(p.instant.zone.empty());
  // Days round-trip too.
  for (auto d = date::sys_days{ymd(2024, 1, 1)}; d < date::sys_days{ymd(2025, 1, 1)}; d += date::days{1}) {
    const date::year_month_day day{d};
    CHECK(clk::parse_day(clk::format_day(day)) == day);
  }
}

TEST_CASE("clock: resolve_zone precedence") {
  SUBCASE("--tz wins over TZ") {
    EnvVar tz("TZ", "America/New_York");
    CHECK(clk::resolve_zone(std::string("Australia/Sydney"))->name() == "Australia/Sydney");
  }
  SUBCASE("TZ wins over the system zone, with or without a leading colon") {
    {
      EnvVar tz("TZ", "America/New_York");
      CHECK(clk::resolve_zone(std::nullopt)->name() == "America/New_York");
    }
    {
      EnvVar tz("TZ", ":Australia/Sydney");
      CHECK(clk::resolve_zone(std::nullopt)->name() == "Australia/Sydney");
    }
  }
  SUBCASE("unset or empty TZ falls back to the system zone") {
    // The name date's own (whole-database) lookup gives for this machine.
    std::string system;
    try {
      system = date::current_zone()->name();
    } catch (const std::exception&) { system = "UTC"; }
    {
      EnvVar tz("TZ", nullptr);
      CHECK(clk::resolve_zone(std::nullopt)->name() == system);
    }
    {
      EnvVar tz("TZ", "");
      CHECK(clk::resolve_zone(std::nullopt)->name() == system);
    }
    {
      EnvVar tz("TZ", ":");
      CHECK(clk::resolve_zone(std::nullopt) == clk::system_zone());
    }
  }
  SUBCASE("unknown names are bad input naming their source") {
    EnvVar tz("TZ", "Europe/Berlin");
    const auto msg = bad_input_message([] { clk::resolve_zone(std::string("Mars/Olympus")); }, "tz", "Mars/Olympus");
    CHECK(msg ==
          "tz: \"Mars/Olympus\" is not a known time zone; use an IANA name such as "
          "Europe/Berlin or America/New_York");
    bad_input_message([] { clk::resolve_zone(std::string("")); }, "tz", "");
    bad_input_message([] { clk::resolve_zone(std::string("europe/berlin")); }, "tz", "europe/berlin");
  }
  SUBCASE("an unknown TZ is bad input for TZ, but --tz overrides it") {
    EnvVar tz("TZ", ":Mars/Olympus");
    const auto msg = bad_input_message([] { clk::resolve_zone(std::nullopt); }, "TZ", ":Mars/Olympus");
    CHECK(contains(msg, "Europe/Berlin"));
    CHECK(clk::resolve_zone(std::string("Europe/Berlin"))->name() == "Europe/Berlin");
  }
}

namespace {
bool same(const date::sys_info& a, const date::sys_info& b) {
  return a.begin == b.begin && a.end == b.end && a.offset == b.offset && a.save == b.save && a.abbrev == b.abbrev;
}
}  // namespace

TEST_CASE("clock: find_zone agrees with date's database in every zone, at every change from 1900 to 2040") {
  using namespace std::chrono;
  const date::sys_seconds from = date::sys_days{date::year{1900} / 1 / 1};
  const date::sys_seconds to = date::sys_days{date::year{2040} / 1 / 1};
  int zones = 0, changes = 0;
  for (const auto& z : date::get_tzdb().zones) {
    const std::string name(z.name());
    if (name.rfind("right/", 0) == 0 || name.rfind("posix/", 0) == 0 || name == "Factory") continue;
    CAPTURE(name);
    const auto mine = clk::find_zone(name);
    REQUIRE(mine->name() == name);
    ++zones;
    for (auto t = from; t < to;) {
      const auto theirs = z.get_info(t);
      REQUIRE(same(mine->get_info(t), theirs));
      if (theirs.begin > from) {
        ++changes;
        REQUIRE(same(mine->get_info(theirs.begin - seconds{1}), z.get_info(theirs.begin - seconds{1})));
        // Local times on both sides of the change, in the old and the new offset: the gap
        // or the repeat, and the ordinary times around it.
        const auto before = z.get_info(theirs.begin - seconds{1});
        for (const auto offset : {before.offset, theirs.offset}) {
          for (const auto step : {minutes{-90}, minutes{-30}, minutes{0}, minutes{30}, minutes{90}}) {
            const auto lt = date::local_seconds{(theirs.begin + offset + step).time_since_epoch()};
            const auto a = mine->get_info(lt), b = z.get_info(lt);
            REQUIRE(a.result == b.result);
            REQUIRE(same(a.first, b.first));
            REQUIRE(same(a.second, b.second));
            CHECK(mine->to_sys(lt, date::choose::earliest) == z.to_sys(lt, date::choose::earliest));
            CHECK(mine->to_sys(lt, date::choose::latest) == z.to_sys(lt, date::choose::latest));
          }
        }
      }
      t = theirs.end;
    }
    CHECK(mine->to_local(to) == z.to_local(to));
  }
  CHECK(zones > 300);
  CHECK(changes > 10000);
  CHECK(clk::find_zone("Europe/Berlin") == clk::find_zone("Europe/Berlin"));  // read once
}

TEST_CASE("clock: a zone's own to_sys refuses a skipped or repeated time as date does") {
  using namespace std::chrono;
  const auto berlin = clk::find_zone("Europe/Berlin");
  const auto skipped = date::local_days{date::year{2026} / 3 / 29} + hours{2} + minutes{30};
  const auto repeated = date::local_days{date::year{2026} / 10 / 25} + hours{2} + minutes{30};
  CHECK_THROWS_AS(berlin->to_sys(skipped), date::nonexistent_local_time);
  CHECK_THROWS_AS(berlin->to_sys(repeated), date::ambiguous_local_time);
  CHECK(berlin->to_sys(date::local_days{date::year{2026} / 1 / 1}) ==
        date::sys_days{date::year{2025} / 12 / 31} + hours{23});
}

TEST_CASE("clock: find_zone refuses what is not a zone file") {
  for (const char* name :
       {"Mars/Olympus", "", "/usr/share/zoneinfo/UTC", "../../etc/passwd", "Europe/../UTC", "zone.tab", "tzdata.zi",
        "Europe", "posix/Europe/Berlin", "right/UTC", "Europe//Berlin", "Europe/Berlin ", "Europe/Berlin/"}) {
    CAPTURE(name);
    CHECK_THROWS_AS(clk::find_zone(name), std::runtime_error);
  }
}
