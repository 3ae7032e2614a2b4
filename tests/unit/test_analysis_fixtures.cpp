// Every example diary in tests/fixtures/diaries gives the answer truth.json expects
// (both written by tests/fixtures/make_fixtures.cpp from the project's generator).
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "diary/analysis/analyze.hpp"
#include "diary/analysis/names.hpp"
#include "diary/diary.hpp"
#include "diary/report/analysis.hpp"
#include "diary/report/summary.hpp"
#include "fixture_diaries.hpp"

using diary::test::fixture_diary;
using diary::test::fixture_truth;
using nlohmann::json;

TEST_CASE("analysis: every fixture diary gives its expected answer") {
  using diary::analysis::Action;
  const json t = fixture_truth();
  for (const auto& [file, want] : t.items()) {
    CAPTURE(file);
    const auto d = fixture_diary(file, want["tz"].get<std::string>());
    const auto r = diary::analysis::analyze(d.profile, d.nights, d.episodes);
    REQUIRE(!r.categories.empty());
    if (!want["expect_top1"].is_null()) CHECK(r.categories.front().id == want["expect_top1"].get<std::string>());
    for (const auto& id : want["expect_in"]) {
      bool found = false;
      for (const auto& c : r.categories) found |= c.id == id.get<std::string>();
      CHECK_MESSAGE(found, "missing category " << id);
    }
    std::set<std::string> expected, raised;
    for (const auto& f : want["expect_flags"]) expected.insert(f.get<std::string>());
    for (const auto& f : r.red_flags) raised.insert(f.id);
    CHECK(raised == expected);
    const bool urgent_top =
        r.categories.front().action == Action::urgent || r.categories.front().action == Action::see_doctor_soon;
    const bool urgent_any = r.top_action() >= Action::see_doctor_soon;  // soon, urgent or emergency
    if (!want["urgent_top"].is_null()) CHECK(urgent_top == want["urgent_top"].get<bool>());
    CHECK(urgent_any == want["urgent"].get<bool>());
    if (want["few"].get<bool>())
      for (const auto& c : r.categories) CHECK(c.level != diary::analysis::Level::strong);
    MESSAGE(file << ": " << diary::report::to_json(r).dump().substr(0, 0) << r.categories.front().id << " "
                 << r.categories.front().score << " " << to_string(r.categories.front().level)
                 << (r.categories.size() > 1 ? " / " + r.categories[1].id + " " + std::to_string(r.categories[1].score)
                                             : ""));
  }
}

TEST_CASE("analysis: the JSON carries the one wording of each name, level and action") {
  namespace a = diary::analysis;
  const json t = fixture_truth();
  int flags = 0;
  for (const auto& [file, want] : t.items()) {
    CAPTURE(file);
    const auto d = fixture_diary(file, want["tz"].get<std::string>());
    const auto r = a::analyze(d.profile, d.nights, d.episodes);
    const json j = diary::report::to_json(r);
    REQUIRE(j["categories"].size() == r.categories.size());
    for (std::size_t i = 0; i < r.categories.size(); ++i) {
      const auto& c = r.categories[i];
      const auto& shown = j["categories"][i];
      CHECK(shown["name"] == std::string(a::category_name(c.id, a::Audience::patient)));
      CHECK(shown["level_words"] == std::string(a::level_words(c.level)));
      CHECK(shown["action_words"] == std::string(a::action_words(c.action, a::Audience::patient)));
      CHECK(shown["name"] != c.id);  // every category the analysis gives has a name
    }
    for (std::size_t i = 0; i < r.red_flags.size(); ++i, ++flags) {
      const auto title = j["red_flags"][i]["title"].get<std::string>();
      CHECK(title == a::flag_title(r.red_flags[i].id, a::Audience::patient));
      CHECK(title != r.red_flags[i].id);
    }
  }
  CHECK(flags > 0);  // the fixtures raise warning signs, so titles were checked
}

// The counts behind evidence lines: each rule over the episodes that fit the category best,
// or, for a category no episode fits best, over those with a fair share of it.
TEST_CASE("analysis: evidence counts each rule over the category's episodes") {
  const std::string file = "03-neuropathy.json";
  const auto d = fixture_diary(file, fixture_truth()[file]["tz"].get<std::string>());
  const auto r = diary::analysis::analyze(d.profile, d.nights, d.episodes);
  const auto finding = [&](const std::string& id) {
    const auto it = std::find_if(r.categories.begin(), r.categories.end(), [&](const auto& c) { return c.id == id; });
    REQUIRE(it != r.categories.end());
    return *it;
  };
  const auto has = [](const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
  };

  // Every episode of this diary fits neuropathy best, so its lines count the whole diary,
  // counted here from the episodes themselves.
  const auto n = static_cast<int>(d.episodes.size());
  const auto nerve = finding("peripheral_neuropathy");
  REQUIRE(nerve.episodes == n);
  int timed = 0, long_ones = 0, sided = 0, both = 0;
  for (const auto& e : d.episodes) {
    timed += e.duration_min.has_value();
    long_ones += e.duration_min && *e.duration_min >= 60;
    sided += e.side.has_value();
    both += e.side && *e.side == "both";
  }
  REQUIRE(timed < n);
  CHECK(has(nerve.evidence, fmt::format("{} of {} episodes lasted an hour or more (duration recorded for {} of {})",
                                        long_ones, timed, timed, n)));
  CHECK(has(nerve.evidence,
            fmt::format("{} of {} episodes in both feet or legs (side recorded for {} of {})", both, sided, sided, n)));

  // Restless legs is listed though no episode fits it best: its lines count the episodes
  // with a fair share of it. Here that is the diary's only episode eased by walking or
  // moving that came back when still (restless legs' hallmark), counted from the data.
  const auto rls = finding("restless_legs");
  CHECK(rls.episodes == 0);
  REQUIRE(!rls.evidence.empty());
  const auto eased_by = [](const diary::Episode& e, std::string_view how) {
    return e.relief && std::find(e.relief->begin(), e.relief->end(), how) != e.relief->end();
  };
  int restless = 0;
  for (const auto& e : d.episodes)
    restless += (eased_by(e, "walk") || eased_by(e, "move")) && e.returned_when_still.value_or(false);
  REQUIRE(restless == 1);
  CHECK(has(rls.evidence, fmt::format("{} of {} episode eased by walking or moving", restless, restless)));
  CHECK(has(rls.evidence, fmt::format("{} of {} episode came back when still again", restless, restless)));
}

TEST_CASE("analysis: cramp evidence counts the cramps themselves") {
  const std::string file = "00-cramps.json";
  const auto d = fixture_diary(file, fixture_truth()[file]["tz"].get<std::string>());
  const auto r = diary::analysis::analyze(d.profile, d.nights, d.episodes);
  REQUIRE(!r.categories.empty());
  const auto& cramps = r.categories.front();
  REQUIRE(cramps.id == "nocturnal_leg_cramps");
  const auto n = static_cast<int>(d.episodes.size());
  REQUIRE(cramps.episodes == n);  // every episode fits it best: the lines count them all
  int timed = 0, short_ones = 0, felt = 0, hard = 0;
  for (const auto& e : d.episodes) {
    timed += e.duration_min.has_value();
    short_ones += e.duration_min && *e.duration_min <= 10;
    felt += e.muscle_hard.has_value();
    hard += e.muscle_hard.value_or(false);
  }
  const auto line = [&](int yes, int known, std::string_view what, std::string_view field) {
    std::string s = fmt::format("{} of {} episodes {}", yes, known, what);
    if (known < n) s += fmt::format(" ({} recorded for {} of {})", field, known, n);
    return s;
  };
  const auto& ev = cramps.evidence;
  CHECK(std::find(ev.begin(), ev.end(), line(short_ones, timed, "lasted 10 minutes or less", "duration")) != ev.end());
  CHECK(std::find(ev.begin(), ev.end(), line(hard, felt, "had a hard, knotted muscle", "muscle hardness")) != ev.end());
}
