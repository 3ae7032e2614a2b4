// The weekly summary on a fixed diary, against figures worked out by hand (see the comments).
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "diary/analysis/names.hpp"
#include "diary/analysis/summary.hpp"
#include "diary/clock.hpp"
#include "diary/report/summary.hpp"
#include "diary/report/text.hpp"
#include "fixture_diaries.hpp"

namespace {

using namespace diary;
using date::year;

Instant at(std::string_view text) {
  static const auto utc = diary::clock::find_zone("UTC");
  constexpr auto far = date::sys_days{year{9000} / 1 / 1};
  return clock::parse_time(text, utc, date::sys_seconds{far}, "test").instant;
}

date::year_month_day day(int y, unsigned m, unsigned d) { return year{y} / m / d; }

Night night(date::year_month_day d, std::optional<std::string> bed, std::optional<int> sleep,
            std::optional<std::string> exercise) {
  Night n;
  n.night = d;
  if (bed) n.bed = at(*bed);
  n.sleep_quality = sleep;
  n.exercise = std::move(exercise);
  return n;
}

Episode episode(std::int64_t id, std::string_view onset, std::optional<double> duration, std::optional<int> intensity,
                std::optional<Terms> relief = {}, std::optional<std::string> effect = {},
                std::optional<double> relief_min = {}) {
  Episode e;
  e.id = id;
  e.onset = at(onset);
  e.duration_min = duration;
  e.intensity = intensity;
  e.relief = std::move(relief);
  e.relief_effect = std::move(effect);
  e.relief_min = relief_min;
  return e;
}

// The week of nights Mon 16 Nov to Sun 22 Nov 2026, and the week before.
struct Fixture {
  Profile profile;
  std::vector<Night> nights{
      night(day(2026, 11, 9), "2026-11-09T22:00:00+01:00", 1, "hard"),
      night(day(2026, 11, 16), "2026-11-16T22:30:00+01:00", 2, "hard"),
      night(day(2026, 11, 17), "2026-11-17T23:00:00+01:00", 4, "light"),
      night(day(2026, 11, 19), "2026-11-19T22:00:00+01:00", 3, "hard"),
      night(day(2026, 11, 20), std::nullopt, 5, "none"),
      night(day(2026, 11, 25), "2026-11-25T22:00:00+01:00", 1, "hard"),  // after the week: left out
  };
  std::vector<Episode> episodes{
      episode(1, "2026-11-10T02:00:00+01:00", 30, 5),                               // previous week, night 9
      episode(2, "2026-11-12T04:00:00+01:00", 15, 9),                               // previous week, night 11
      episode(3, "2026-11-17T01:30:00+01:00", 10, 6, Terms{"stretch"}, "full", 4),  // night 16
      episode(4, "2026-11-17T03:00:00+01:00", 5, 8, Terms{"stretch", "walk"}, "partial", 10),  // night 16
      episode(5, "2026-11-18T23:15:00+01:00", 20, 3, Terms{"walk"}, "none"),                   // night 18
      episode(6, "2026-11-20T00:10:00+01:00", std::nullopt, 7, Terms{"none"}),                 // night 19
      episode(7, "2026-11-22T19:40:00+01:00", 2.5, std::nullopt),                              // night 22
      episode(8, "2026-11-24T01:00:00+01:00", 60, 10),                                         // next week: left out
  };
};

}  // namespace

TEST_CASE("summary: weeks run Monday to Sunday, the default is the last full week") {
  using analysis::last_full_week;
  using analysis::week_of;
  CHECK(week_of(day(2026, 11, 22)) == day(2026, 11, 16));  // a Sunday
  CHECK(week_of(day(2026, 11, 16)) == day(2026, 11, 16));  // a Monday
  CHECK(week_of(day(2026, 11, 19)) == day(2026, 11, 16));
  CHECK(week_of(day(2027, 1, 1)) == day(2026, 12, 28));           // across the new year
  CHECK(last_full_week(day(2026, 11, 23)) == day(2026, 11, 16));  // Monday: the week just ended
  CHECK(last_full_week(day(2026, 11, 22)) == day(2026, 11, 9));   // Sunday: that week is not over
}

TEST_CASE("summary: figures of a fixed week, computed by hand") {
  Fixture f;
  const auto s = analysis::summarize_week(f.profile, f.nights, f.episodes, day(2026, 11, 18));
  const auto& w = s.week;
  CHECK(w.from == day(2026, 11, 16));
  CHECK(w.to == day(2026, 11, 22));
  CHECK_FALSE(s.empty());
  // Entries on 16, 17, 19, 20; episodes on 16, 18, 19, 22.
  CHECK(w.nights_logged == 6);
  CHECK(w.nights_with_episodes == 4);
  CHECK(w.episodes == 5);
  CHECK(w.total_minutes == doctest::Approx(37.5));  // 10 + 5 + 20 + 2.5
  CHECK(w.with_duration == 4);
  CHECK(*w.longest_minutes == doctest::Approx(20));
  CHECK(*w.median_intensity == doctest::Approx(6.5));  // 3 6 7 8
  CHECK(w.with_intensity == 4);
  // Onsets 19:40, 23:15, 00:10, 01:30, 03:00: buckets from 18:00.
  std::array<int, analysis::kChartHours> hours{};
  hours[1] = hours[5] = hours[6] = hours[7] = hours[9] = 1;
  CHECK(w.onset_by_hour == hours);
  CHECK(w.onset_afternoon == 0);
  CHECK(analysis::clock_text(*w.median_onset_hour) == "00:10");
  // After bed: 180 (01:30 after 22:30), 270 (03:00), 130 (00:10 after 22:00).
  CHECK(w.with_bedtime == 3);
  CHECK(*w.median_minutes_after_bed == doctest::Approx(180));
  CHECK(w.after_bed == std::array<int, 6>{0, 0, 0, 0, 2, 1});
  // Relief: stretch twice (full, partial; 4 and 10 min), walk twice (partial, none; 10 min).
  REQUIRE(w.relief.size() == 2);
  CHECK(w.relief[0].action == "stretch");
  CHECK(w.relief[0].tried == 2);
  CHECK(w.relief[0].full == 1);
  CHECK(w.relief[0].partial == 1);
  CHECK(w.relief[0].none == 0);
  CHECK(*w.relief[0].median_relief_min == doctest::Approx(7));
  CHECK(w.relief[0].with_relief_min == 2);
  CHECK(w.relief[1].action == "walk");
  CHECK(w.relief[1].tried == 2);
  CHECK(w.relief[1].partial == 1);
  CHECK(w.relief[1].none == 1);
  CHECK(*w.relief[1].median_relief_min == doctest::Approx(10));
  CHECK(w.relief[1].with_relief_min == 1);  // the walk that did not help recorded no minutes
  CHECK(w.nothing_tried == 1);
  // Hard exercise on 16 and 19 (both with episodes); not on 17 and 20 (neither).
  REQUIRE(w.factors.size() == 1);
  CHECK(w.factors[0].id == "hard_exercise");
  CHECK(w.factors[0].nights == 2);
  CHECK(w.factors[0].nights_with_episodes == 2);
  CHECK(w.factors[0].other_nights == 2);
  CHECK(w.factors[0].other_nights_with_episodes == 0);
  // Sleep 2, 4, 3, 5; with episodes 2 and 3, without 4 and 5.
  CHECK(*w.mean_sleep_quality == doctest::Approx(3.5));
  CHECK(w.sleep_quality_nights == 4);
  CHECK(*w.mean_sleep_quality_with_episodes == doctest::Approx(2.5));
  CHECK(*w.mean_sleep_quality_without_episodes == doctest::Approx(4.5));

  // The week before: night 9 (entry and episode) and night 11.
  const auto& p = s.previous;
  CHECK(p.from == day(2026, 11, 9));
  CHECK(p.nights_logged == 2);
  CHECK(p.nights_with_episodes == 2);
  CHECK(p.episodes == 2);
  CHECK(p.total_minutes == doctest::Approx(45));
  CHECK(*p.longest_minutes == doctest::Approx(30));
  CHECK(*p.median_intensity == doctest::Approx(7));
  CHECK(*p.mean_sleep_quality == doctest::Approx(1));
  CHECK(p.after_bed == std::array<int, 6>{0, 0, 0, 0, 0, 1});  // 02:00 is 240 min after 22:00

  // The diary so far (up to Sunday 22): hard exercise on 9, 16, 19, all with episodes.
  REQUIRE(s.factors_to_date.size() == 1);
  CHECK(s.factors_to_date[0].nights == 3);
  CHECK(s.factors_to_date[0].nights_with_episodes == 3);
  CHECK(s.factors_to_date[0].other_nights == 2);
  CHECK(s.factors_to_date[0].other_nights_with_episodes == 0);
  // The analysis covers the diary up to the week's end, not the episode after it.
  CHECK(s.analysis.episodes == 7);

  const auto j = report::to_json(s);
  CHECK(j["week"]["from"] == "2026-11-16");
  CHECK(j["figures"]["episodes"] == 5);
  CHECK(j["figures"]["median_intensity"] == 6.5);
  CHECK(j["figures"]["total_minutes"] == 37.5);
  CHECK(j["figures"]["median_onset"] == "00:10");
  CHECK(j["figures"]["minutes_after_bed"]["median"] == 180);
  CHECK(j["figures"]["onset_by_hour"].size() == 18);
  CHECK(j["figures"]["onset_by_hour"][5]["hour"] == "23:00");
  CHECK(j["figures"]["onset_by_hour"][5]["episodes"] == 1);
  CHECK(j["figures"]["relief"][0]["action"] == "stretch");
  CHECK(j["figures"]["relief"][0]["median_relief_min"] == 7);
  CHECK(j["figures"]["sleep_quality"]["mean"] == 3.5);
  CHECK(j["figures"]["day_factors"][0]["nights_with_episodes"] == 2);
  CHECK(j["previous"]["episodes"] == 2);
  CHECK(j["change"]["episodes"] == 3);
  CHECK(j["change"]["nights_logged"] == 4);
  CHECK(j["change"]["total_minutes"] == -7.5);
  CHECK(j["change"]["longest_minutes"] == -10);
  CHECK(j["change"]["median_intensity"] == -0.5);
  CHECK(j["change"]["mean_sleep_quality"] == 2.5);
  CHECK(j["red_flags"].is_array());
  CHECK(j["patterns"].is_array());
  CHECK(j["empty"] == false);

  const std::string text = report::to_text(s, false);
  CHECK(text.find("Mon 16 Nov to Sun 22 Nov 2026") != std::string::npos);
  CHECK(text.find("stretch") != std::string::npos);
  CHECK(text.find("not a diagnosis") != std::string::npos);
  CHECK(text.find("\033[") == std::string::npos);  // no colour when asked for none
}

TEST_CASE("summary: a week with nothing logged says so") {
  Fixture f;
  const auto s = analysis::summarize_week(f.profile, f.nights, f.episodes, day(2026, 12, 7));
  CHECK(s.empty());
  CHECK(s.week.episodes == 0);
  const std::string text = report::to_text(s, false);
  CHECK(text.find("Nothing was logged") != std::string::npos);
  const auto j = report::to_json(s);
  CHECK(j["empty"] == true);
  CHECK(j["figures"]["episodes"] == 0);
  CHECK(j["figures"]["median_intensity"].is_null());
}

TEST_CASE("summary: red flags of the week come first") {
  Fixture f;
  Episode e = episode(20, "2026-11-21T02:00:00+01:00", 30, 6);
  e.side = "left";
  e.locations = Terms{"calf"};
  e.sensations = Terms{"aching"};
  e.signs = Terms{"swelling", "warmth", "redness"};
  f.episodes.push_back(e);
  const auto s = analysis::summarize_week(f.profile, f.nights, f.episodes, day(2026, 11, 16));
  REQUIRE_FALSE(s.red_flags.empty());
  CHECK(s.red_flags[0].id == "dvt_signs");
  const std::string text = report::to_text(s, false);
  CHECK(text.find("WARNING SIGNS") < text.find("THE WEEK IN FIGURES"));
  // The same flag is not a flag of the next week.
  const auto next = analysis::summarize_week(f.profile, f.nights, f.episodes, day(2026, 11, 23));
  CHECK(next.red_flags.empty());
}

TEST_CASE("summary: its JSON says a warning sign as analyze does, with its title and the note it was read from") {
  Fixture f;
  Episode e = episode(21, "2026-11-21T02:00:00+01:00", 30, 6);
  e.note = "left calf swollen, hot and red";
  f.episodes.push_back(e);
  const auto s = analysis::summarize_week(f.profile, f.nights, f.episodes, day(2026, 11, 16));
  REQUIRE_FALSE(s.red_flags.empty());
  const auto& flag = s.red_flags[0];
  REQUIRE_FALSE(flag.from_notes.empty());
  const auto j = report::to_json(s);
  const auto& shown = j["red_flags"][0];
  CHECK(shown["id"] == flag.id);
  CHECK(shown["title"] == std::string(analysis::flag_title(flag.id, analysis::Audience::patient)));
  CHECK(shown["from_notes"] == flag.from_notes);
  // The terminal shouts the same title.
  CHECK(report::to_text(s, false).find(report::shout(analysis::flag_title(flag.id, analysis::Audience::brief))) !=
        std::string::npos);
  for (const auto& c : j["categories"]) {
    CHECK(c["name"] == std::string(analysis::category_name(c["id"].get<std::string>(), analysis::Audience::patient)));
    CHECK(c["level_words"].get<std::string>().ends_with("signs point this way"));
    CHECK_FALSE(c["action_words"].get<std::string>().empty());
  }
}

TEST_CASE("summary: restless-legs figures when the diary fits restless legs") {
  const Diary d = test::fixture_diary("01-restless.json", "UTC");
  const auto s = analysis::summarize_week(d.profile, d.nights, d.episodes, day(2024, 11, 11));
  REQUIRE(s.rls.has_value());
  REQUIRE(s.rls_previous.has_value());
  // Worked out independently: the week's episodes with symptoms of restless legs, that is
  // an urge to move, or symptoms that came back when still and eased by walking or moving.
  std::set<date::sys_days> nights;
  double hours = 0;
  std::vector<double> onsets;
  int count = 0;
  for (const auto& e : d.episodes) {
    const date::sys_days n{e.night()};
    if (n < date::sys_days{day(2024, 11, 11)} || n > date::sys_days{day(2024, 11, 17)}) continue;
    const auto has = [](const std::optional<Terms>& list, std::string_view t) {
      return list && std::find(list->begin(), list->end(), t) != list->end();
    };
    const bool urge = has(e.sensations, "urge_to_move");
    const bool still = e.returned_when_still.value_or(false) && (has(e.relief, "walk") || has(e.relief, "move"));
    if (!urge && !still) continue;
    ++count;
    nights.insert(n);
    hours += e.duration_min.value_or(0) / 60.0;
    const auto noon = date::local_seconds{n.time_since_epoch()} + std::chrono::hours{12};
    onsets.push_back(std::chrono::duration<double>(e.onset.local() - noon).count() / 3600.0);
  }
  CHECK(count >= 3);  // the fixture's busiest week: several episodes of restless legs
  CHECK(s.rls->episodes == count);
  CHECK(s.rls->nights_with_symptoms == static_cast<int>(nights.size()));
  CHECK(s.rls->hours_with_symptoms == doctest::Approx(hours));
  CHECK(analysis::clock_text(*s.rls->usual_onset_hour) == analysis::clock_text(*analysis::median(onsets)));
  const auto j = report::to_json(s);
  CHECK(j["restless_legs"]["nights_with_symptoms"] == static_cast<int>(nights.size()));
  CHECK(report::to_text(s, false).find("RESTLESS LEGS") != std::string::npos);
}

TEST_CASE("summary: medians and clock text") {
  CHECK_FALSE(analysis::median({}).has_value());
  CHECK(*analysis::median({3}) == 3);
  CHECK(*analysis::median({4, 1, 3, 2}) == doctest::Approx(2.5));
  CHECK(analysis::clock_text(6) == "18:00");
  CHECK(analysis::clock_text(13.5) == "01:30");
  CHECK(analysis::clock_text(23.99) == "11:59");
}
