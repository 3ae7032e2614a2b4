// Issue 10: stable identities, idempotency keys, episodes still going, `last`, duplicates,
// and times as a person means them. "now" is always passed in explicitly (no faketime).
#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <string>

#include <date/date.h>
#include <date/tz.h>

#include "diary/app/episodes.hpp"
#include "diary/app/nights.hpp"
#include "diary/app/reports.hpp"
#include "diary/app/transfer.hpp"
#include "diary/clock.hpp"
#include "diary/error.hpp"
#include "diary/identity.hpp"
#include "diary/json_io.hpp"
#include "diary/store.hpp"
#include "scratch_dir.hpp"

namespace fs = std::filesystem;
namespace clk = diary::clock;
using namespace diary;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

diary::clock::Zone zone(const char* name) { return diary::clock::find_zone(name); }

date::year_month_day ymd(int y, unsigned m, unsigned d) {
  return date::year_month_day{date::year{y}, date::month{m}, date::day{d}};
}
date::sys_seconds utc(int y, unsigned mo, unsigned d, int h, int mi) {
  return date::sys_days{ymd(y, mo, d)} + hours{h} + minutes{mi};
}
// The instant of a wall-clock time at an explicit UTC offset (minutes).
date::sys_seconds wall(int y, unsigned mo, unsigned d, int h, int mi, int offset_min) {
  return utc(y, mo, d, h, mi) - minutes{offset_min};
}

Episode episode_at(date::sys_seconds t, const char* where = nullptr) {
  Episode e;
  e.onset = clk::in_zone(t, zone("Europe/Berlin"));
  if (where) e.locations = Terms{where};
  return e;
}

std::string bad_field(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    CHECK(e.code() == Errc::bad_input);
    return e.field();
  }
  FAIL("expected bad input");
  return {};
}

}  // namespace

// ---------------------------------------------------------------------------------------
// identities

TEST_CASE("identity: new_uuid is a random version-4 UUID") {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const auto u = new_uuid();
    REQUIRE(u.size() == 36);
    CHECK(canonical_uuid(u) == u);
    CHECK(u[14] == '4');
    CHECK(std::string("89ab").find(u[19]) != std::string::npos);
    CHECK(seen.insert(u).second);
  }
  CHECK(canonical_uuid("1B4E28BA-2FA1-4D2E-883F-0016D3CCA427") == "1b4e28ba-2fa1-4d2e-883f-0016d3cca427");
  CHECK_FALSE(canonical_uuid("1b4e28ba2fa14d2e883f0016d3cca427"));
  CHECK_FALSE(canonical_uuid("1b4e28ba-2fa1-4d2e-883f-0016d3cca42g"));
}

TEST_CASE("identity: idempotency keys are 1-128 printable characters") {
  CHECK_NOTHROW(check_key("tap-1"));
  CHECK_NOTHROW(check_key(std::string(128, 'k')));
  CHECK(bad_field([] { check_key(""); }) == "key");
  CHECK(bad_field([] { check_key(std::string(129, 'k')); }) == "key");
  CHECK(bad_field([] { check_key("a b"); }) == "key");
  CHECK(bad_field([] { check_key("caf\xc3\xa9"); }) == "key");
}

TEST_CASE("identity: export then import into an empty diary keeps same-minute episodes, byte for byte") {
  diary::test::ScratchDir dir("identity");
  Store a(dir / "a.db");
  const auto z = zone("Europe/Berlin");
  const auto t = wall(2026, 11, 22, 2, 10, 60);
  app::log_episode(a, episode_at(t, "calf"));
  app::log_episode(a, episode_at(t, "calf"));  // the same minute, the same place: still two
  app::log_episode(a, episode_at(t));
  Episode ny;
  ny.onset = clk::in_zone(wall(2026, 11, 1, 1, 30, -240), zone("America/New_York"));  // the repeated hour
  app::log_episode(a, ny);
  app::start_episode(a, episode_at(t + hours{3}));
  Night n;
  n.night = ymd(2026, 11, 21);
  n.sleep_quality = 3;
  app::record_night(a, n, date::sys_days{ymd(2026, 11, 23)}, zone("Europe/Berlin"));

  const std::string first = app::diary_json(a);
  CHECK(first.find("\"format\": \"diary/2\"") != std::string::npos);
  CHECK(first.find("\"ongoing\": true") != std::string::npos);
  Store b(dir / "b.db");
  const auto imported = app::import_records(b, app::read_json(first, z));
  CHECK(imported.report.episodes_added == 5);
  CHECK(b.episodes().size() == 5);
  CHECK(app::diary_json(b) == first);

  SUBCASE("importing the same file again replaces by uuid and adds nothing") {
    const auto again = app::import_records(b, app::read_json(first, z));
    CHECK(again.report.episodes_added == 0);
    CHECK(again.report.episodes_replaced == 5);
    CHECK(app::diary_json(b) == first);
  }
  SUBCASE("a diary/1 file (no uuids) imports every record, and again adds nothing") {
    auto doc = nlohmann::json::parse(first);
    doc["format"] = "diary/1";
    for (auto& e : doc["episodes"]) e.erase("uuid");
    for (auto& x : doc["nights"]) x.erase("uuid");
    Store c(dir / "c.db");
    const auto r1 = app::import_records(c, app::read_json(doc.dump(), z));
    CHECK(r1.report.episodes_added == 5);
    const auto r2 = app::import_records(c, app::read_json(doc.dump(), z));
    CHECK(r2.report.episodes_added == 0);
    CHECK(r2.report.episodes_unchanged == 5);
    CHECK(c.episodes().size() == 5);
    std::set<std::string> uuids;
    for (const auto& e : c.episodes()) uuids.insert(e.uuid);
    CHECK(uuids.size() == 5);
  }
  SUBCASE("a changed record with a known uuid replaces that record only") {
    auto doc = nlohmann::json::parse(first);
    doc["episodes"][1]["intensity"] = 9;
    const auto r = app::import_records(b, app::read_json(doc.dump(), z));
    CHECK(r.report.episodes_replaced == 5);
    const auto all = b.episodes();
    int nines = 0;
    for (const auto& e : all) nines += e.intensity == 9;
    CHECK(nines == 1);
  }
  SUBCASE("two records of one file with one uuid are refused") {
    auto doc = nlohmann::json::parse(first);
    doc["episodes"][1]["uuid"] = doc["episodes"][0]["uuid"];
    CHECK(bad_field([&] { app::read_json(doc.dump(), z); }) == "episodes[1].uuid");
    doc["episodes"][1]["uuid"] = "not-a-uuid";
    CHECK(bad_field([&] { app::read_json(doc.dump(), z); }) == "episodes[1].uuid");
  }
}

// ---------------------------------------------------------------------------------------
// idempotency, start/stop, last, duplicates

TEST_CASE("identity: the same key twice saves once and returns the first record") {
  diary::test::ScratchDir dir("identity");
  Store store(dir / "d.db");
  const auto t = wall(2026, 11, 22, 2, 10, 60);
  const auto first = app::log_episode(store, episode_at(t, "calf"), "tap-1");
  CHECK_FALSE(first.replayed);
  const auto second = app::log_episode(store, episode_at(t + minutes{1}, "foot"), "tap-1");
  CHECK(second.replayed);
  CHECK(second.episode.id == first.episode.id);
  CHECK(second.episode.uuid == first.episode.uuid);
  CHECK(store.episodes().size() == 1);
  // A key used for one operation cannot stand for another.
  CHECK(bad_field([&] { app::start_episode(store, episode_at(t), "tap-1"); }) == "key");
  CHECK(bad_field([&] { app::log_episode(store, episode_at(t), std::string("bad key")); }) == "key");
  CHECK(store.episodes().size() == 1);

  Night n;
  n.night = ymd(2026, 11, 21);
  n.sleep_quality = 2;
  const auto after = date::sys_days{ymd(2026, 11, 23)};
  const auto n1 = app::record_night(store, n, after, zone("Europe/Berlin"), "night-1");
  n.sleep_quality = 5;
  const auto n2 = app::record_night(store, n, after, zone("Europe/Berlin"), "night-1");
  CHECK(n2.sleep_quality == 2);
  CHECK(n2.uuid == n1.uuid);
}

TEST_CASE("identity: start, stop, and nothing lost when never stopped") {
  diary::test::ScratchDir dir("identity");
  const auto path = dir / "d.db";
  const auto t = wall(2026, 11, 22, 2, 10, 60);
  {
    Store store(path);
    const auto started = app::start_episode(store, episode_at(t, "calf"));
    CHECK(started.episode.open);
    CHECK(bad_field([&] { app::start_episode(store, episode_at(t + minutes{5})); }) == "open");
  }
  Store store(path);  // another process, later
  const auto going = app::open_episode(store);
  REQUIRE(going);
  CHECK_FALSE(going->duration_min);
  const auto report = app::analyze(store, {});
  CHECK(report.episodes == 1);  // counted, duration unknown
  const auto stopped = app::stop_episode(store, t + minutes{25}, [](Episode& e) { e.relief = Terms{"stretch"}; });
  CHECK_FALSE(stopped.episode.open);
  CHECK(stopped.episode.duration_min == 25);
  CHECK(stopped.episode.relief == Terms{"stretch"});
  CHECK(bad_field([&] { app::stop_episode(store, t + hours{1}); }) == "stop");

  SUBCASE("a stop over a day later needs a duration") {
    app::start_episode(store, episode_at(t + hours{1}));
    CHECK(bad_field([&] { app::stop_episode(store, t + hours{30}); }) == "duration");
    const auto s = app::stop_episode(store, t + hours{30}, [](Episode& e) { e.duration_min = 40; });
    CHECK(s.episode.duration_min == 40);
  }
}

TEST_CASE("identity: last, last-1 and ids never reused") {
  diary::test::ScratchDir dir("identity");
  Store store(dir / "d.db");
  const auto t = wall(2026, 11, 22, 2, 10, 60);
  const auto a = app::log_episode(store, episode_at(t + hours{2}));
  const auto b = app::log_episode(store, episode_at(t));  // earlier onset, created later
  CHECK(app::resolve_episode(store, "last").id == b.episode.id);
  CHECK(app::resolve_episode(store, "last-1").id == a.episode.id);
  CHECK(app::resolve_episode(store, std::to_string(a.episode.id)).uuid == a.episode.uuid);
  CHECK(bad_field([&] { app::resolve_episode(store, "last-2"); }) == "id");
  CHECK(bad_field([&] { app::resolve_episode(store, "first"); }) == "id");
  CHECK(bad_field([&] { app::resolve_episode(store, "last-"); }) == "id");
  app::delete_episode(store, b.episode.id);
  const auto c = app::log_episode(store, episode_at(t + hours{3}));
  CHECK(c.episode.id > b.episode.id);  // AUTOINCREMENT: the deleted id stays unused
}

TEST_CASE("identity: a save names the nearby episode it may repeat, as nearby_episode would") {
  diary::test::ScratchDir dir("identity");
  Store store(dir / "d.db");
  const auto t = wall(2026, 11, 22, 2, 10, 60);
  const auto calf = app::log_episode(store, episode_at(t, "calf"));
  CHECK_FALSE(calf.nearby);
  const auto again = app::log_episode(store, episode_at(t + minutes{9}, "calf"));
  REQUIRE(again.nearby);
  CHECK(again.nearby->id == calf.episode.id);
  const auto unknown = app::log_episode(store, episode_at(t - minutes{10}));
  REQUIRE(unknown.nearby);
  CHECK(unknown.nearby->id == calf.episode.id);  // the nearest of the two within reach
  CHECK_FALSE(app::log_episode(store, episode_at(t + minutes{21}, "calf")).nearby);  // 12 after the second
  CHECK_FALSE(app::log_episode(store, episode_at(t + minutes{2}, "foot")).nearby);
}

TEST_CASE("identity: a nearby episode with the same or no location is found") {
  diary::test::ScratchDir dir("identity");
  Store store(dir / "d.db");
  const auto t = wall(2026, 11, 22, 2, 10, 60);
  const auto calf = app::log_episode(store, episode_at(t, "calf"));
  CHECK(app::nearby_episode(store, episode_at(t + minutes{9}, "calf"))->id == calf.episode.id);
  CHECK(app::nearby_episode(store, episode_at(t - minutes{10}))->id == calf.episode.id);
  CHECK_FALSE(app::nearby_episode(store, episode_at(t + minutes{11}, "calf")));
  CHECK_FALSE(app::nearby_episode(store, episode_at(t + minutes{2}, "foot")));
  const auto merged = app::add_to_episode(store, calf.episode.id, [] {
    Episode e;
    e.intensity = 6;
    e.locations = Terms{"foot"};
    return e;
  }());
  CHECK(merged.saved.episode.intensity == 6);
  CHECK(merged.saved.episode.locations == Terms{"calf", "foot"});
  CHECK(store.episodes().size() == 1);
}

// ---------------------------------------------------------------------------------------
// times as a person means them

TEST_CASE("clock: DAY words") {
  const auto z = zone("Europe/Berlin");
  const auto now = wall(2026, 11, 25, 9, 0, 60);  // a Wednesday morning
  CHECK(clk::parse_day("today", z, now) == ymd(2026, 11, 25));
  CHECK(clk::parse_day("Yesterday", z, now) == ymd(2026, 11, 24));
  CHECK(clk::parse_day("last night", z, now) == ymd(2026, 11, 24));
  CHECK(clk::parse_day("wednesday", z, now) == ymd(2026, 11, 25));  // today included
  CHECK(clk::parse_day("mon", z, now) == ymd(2026, 11, 23));
  CHECK(clk::parse_day("Thursday", z, now) == ymd(2026, 11, 19));
  CHECK(clk::parse_day("2026-11-01", z, now) == ymd(2026, 11, 1));
  CHECK(bad_field([&] { clk::parse_day("next week", z, now, "from"); }) == "from");
  CHECK(bad_field([&] { clk::parse_day("2026-02-30", z, now, "to"); }) == "to");
  try {
    clk::parse_day("someday", z, now, "week");
  } catch (const Error& e) { CHECK(std::string(e.what()).find("today, yesterday, last night") != std::string::npos); }
  // The day is the zone's: at 23:30 UTC it is already tomorrow in Sydney.
  CHECK(clk::parse_day("today", zone("Australia/Sydney"), utc(2026, 11, 25, 23, 30)) == ymd(2026, 11, 26));
}

TEST_CASE("clock: TIME forms 2.10, 0210, last night 2am, weekday 23:40, 7:30am") {
  const auto z = zone("Europe/Berlin");
  const auto now = wall(2026, 11, 25, 9, 0, 60);
  CHECK(clk::parse_time("2.10", z, now).instant.utc == wall(2026, 11, 25, 2, 10, 60));
  CHECK(clk::parse_time("0210", z, now).instant.utc == wall(2026, 11, 25, 2, 10, 60));
  CHECK(clk::parse_time("2.10am", z, now).instant.utc == wall(2026, 11, 25, 2, 10, 60));
  CHECK(clk::parse_time("last night 2am", z, now).instant.utc == wall(2026, 11, 25, 2, 0, 60));
  CHECK(clk::parse_time("last night 23:40", z, now).instant.utc == wall(2026, 11, 24, 23, 40, 60));
  CHECK(clk::parse_time("monday 23:40", z, now).instant.utc == wall(2026, 11, 23, 23, 40, 60));
  CHECK(bad_field([&] { clk::parse_time("210", z, now); }) == "onset");
  CHECK(bad_field([&] { clk::parse_time("02100", z, now); }) == "onset");
  CHECK(bad_field([&] { clk::parse_time("2.1", z, now); }) == "onset");
  CHECK(bad_field([&] { clk::parse_time("last week 2am", z, now); }) == "onset");
  CHECK(clk::parse_time_of_day("7:30am") == hours{7} + minutes{30});
  CHECK(clk::parse_time_of_day("19.30") == hours{19} + minutes{30});
  CHECK(clk::parse_time_of_day("0730") == hours{7} + minutes{30});
  CHECK(clk::parse_time_of_day("12am") == minutes{0});
  CHECK(bad_field([] { clk::parse_time_of_day("25:00"); }) == "at");
  CHECK(bad_field([] { clk::parse_time_of_day("yesterday 7:30"); }) == "at");
}

TEST_CASE("clock: a clock time up to 15 minutes ahead means today, with a notice") {
  struct Case {
    const char* zone;
    date::sys_seconds now;  // 02:08 local, on a DST change day or near one
    int offset_min;         // in force at 02:10 that day
    unsigned y, m, d;
  };
  const Case cases[] = {
      {"Europe/Berlin", wall(2026, 10, 25, 2, 8, 120), 120, 2026, 10, 25},    // fall back: 02:10 first pass
      {"America/New_York", wall(2026, 3, 8, 1, 58, -300), -300, 2026, 3, 8},  // 02:10 does not exist
      {"Australia/Sydney", wall(2026, 4, 5, 2, 8, 660), 660, 2026, 4, 5},     // fall back in April
  };
  for (const auto& c : cases) {
    CAPTURE(c.zone);
    const auto z = zone(c.zone);
    if (std::string(c.zone) == "America/New_York") {
      // 02:10 on spring-forward day never happened; at 01:58 it is ahead, so yesterday's.
      const auto p = clk::parse_time("02:10", z, c.now);
      CHECK(p.instant.utc == wall(2026, 3, 7, 2, 10, -300));
      // At 03:58, 02:05 today fell in the gap that already passed: it never was.
      CHECK(bad_field([&] { clk::parse_time("02:05", z, wall(2026, 3, 8, 3, 58, -240)); }) == "onset");
      continue;
    }
    const auto p = clk::parse_time("02:10", z, c.now);
    CHECK(p.instant.utc == wall(static_cast<int>(c.y), c.m, c.d, 2, 10, c.offset_min));
    CHECK(p.notice.find("ahead") != std::string::npos);
    // 20 minutes ahead is too far: yesterday's.
    const auto q = clk::parse_time("02:28", z, c.now);
    CHECK(q.instant.utc < c.now - hours{20});
  }
  // Dated forms still may not be ahead.
  const auto z = zone("Europe/Berlin");
  CHECK(bad_field([&] { clk::parse_time("today 02:10", z, wall(2026, 11, 25, 2, 8, 60)); }) == "onset");
}

TEST_CASE("clock: edit --at reads a clock time within the episode's own night") {
  const struct {
    const char* zone;
    date::year_month_day night;
    date::sys_seconds now;
    const char* text;
    date::sys_seconds want;
  } cases[] = {
      // Saturday night's episode edited on Monday morning: 02:40 is Sunday 02:40.
      {"Europe/Berlin", ymd(2026, 11, 21), wall(2026, 11, 23, 8, 0, 60), "02:40", wall(2026, 11, 22, 2, 40, 60)},
      {"Europe/Berlin", ymd(2026, 11, 21), wall(2026, 11, 23, 8, 0, 60), "23:15", wall(2026, 11, 21, 23, 15, 60)},
      // Across the fall-back night in Berlin: 02:30 happens twice, the first is taken.
      {"Europe/Berlin", ymd(2026, 10, 24), wall(2026, 10, 27, 8, 0, 60), "02:30", wall(2026, 10, 25, 2, 30, 120)},
      // New York, the spring-forward night: 03:30 is EDT.
      {"America/New_York", ymd(2026, 3, 7), wall(2026, 3, 10, 8, 0, -240), "3:30am", wall(2026, 3, 8, 3, 30, -240)},
      // Sydney, the spring-forward night (4 October 2026): 01:30 is still AEST.
      {"Australia/Sydney", ymd(2026, 10, 3), wall(2026, 10, 6, 8, 0, 660), "1.30", wall(2026, 10, 4, 1, 30, 600)},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const auto p = clk::parse_time_in_night(c.text, zone(c.zone), c.night, c.now);
    CHECK(p.instant.utc == c.want);
    CHECK(clk::night_of(p.instant) == c.night);
  }
  // Other forms keep their meaning; the gap is refused.
  const auto ny = zone("America/New_York");
  CHECK(bad_field([&] { clk::parse_time_in_night("02:30", ny, ymd(2026, 3, 7), wall(2026, 3, 10, 8, 0, -240)); }) ==
        "onset");
  CHECK(clk::parse_time_in_night("2026-11-20T02:10", zone("Europe/Berlin"), ymd(2026, 11, 21),
                                 wall(2026, 11, 23, 8, 0, 60))
            .instant.utc == wall(2026, 11, 20, 2, 10, 60));
}
