// The analysis over compact records (diary/analysis/records.hpp), made one at a time from a
// single reused Episode as the store streams rows, gives the same reports as over the full
// episodes: nothing in a record refers back to the Episode it was made from.
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "diary/analysis/analyze.hpp"
#include "diary/analysis/records.hpp"
#include "diary/analysis/summary.hpp"
#include "diary/diary.hpp"
#include "diary/report/analysis.hpp"
#include "diary/report/summary.hpp"
#include "diary/store.hpp"
#include "features.hpp"
#include "fixture_diaries.hpp"
#include "scratch_dir.hpp"

namespace {

using diary::test::fixture_diary;
using diary::test::fixture_truth;
using nlohmann::json;

// Records made as a stream makes them: one Episode overwritten for each row, and scribbled
// over at the end, so that any view into it would read the wrong words.
diary::analysis::Records streamed(const diary::Diary& d) {
  diary::analysis::Records records(d.nights);
  diary::Episode scratch;
  for (const auto& e : d.episodes) {
    scratch = e;
    records.add(scratch);
  }
  scratch = diary::Episode{};
  scratch.note = std::string(200, 'x');
  scratch.posture = "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";
  return records;
}

}  // namespace

TEST_CASE("analysis: the report over streamed records is the report over the episodes") {
  const json t = fixture_truth();
  for (const auto& [file, want] : t.items()) {
    CAPTURE(file);
    const auto d = fixture_diary(file, want["tz"].get<std::string>());
    const auto records = streamed(d);
    REQUIRE(records.size() == d.episodes.size());
    const auto whole = diary::analysis::analyze(d.profile, d.nights, d.episodes);
    const auto compact = diary::analysis::analyze(d.profile, records);
    CHECK(diary::report::to_json(compact) == diary::report::to_json(whole));
    CHECK(diary::report::to_text(compact, false) == diary::report::to_text(whole, false));
  }
}

TEST_CASE("analysis: the weekly summary over streamed records is the summary over the episodes") {
  const json t = fixture_truth();
  for (const auto& [file, want] : t.items()) {
    CAPTURE(file);
    const auto d = fixture_diary(file, want["tz"].get<std::string>());
    REQUIRE(!d.episodes.empty());
    // The week of the diary's last episode, and the diary up to its end, as the app reads it.
    const auto monday = diary::analysis::week_of(d.episodes.back().night());
    const auto end = date::sys_days{monday} + date::days{6};
    diary::Diary upto{d.profile, {}, {}};
    for (const auto& n : d.nights)
      if (date::sys_days{n.night} <= end) upto.nights.push_back(n);
    std::vector<diary::Episode> two_weeks;
    for (const auto& e : d.episodes)
      if (date::sys_days{e.night()} <= end) {
        upto.episodes.push_back(e);
        if (date::sys_days{e.night()} >= date::sys_days{monday} - date::days{7}) two_weeks.push_back(e);
      }
    const auto whole = diary::analysis::summarize_week(d.profile, d.nights, d.episodes, monday);
    const auto compact = diary::analysis::summarize_week(d.profile, streamed(upto), two_weeks, monday);
    CHECK(diary::report::to_json(compact) == diary::report::to_json(whole));
    CHECK(diary::report::to_text(compact, false) == diary::report::to_text(whole, false));
  }
}

// Records made from the store's brief read (only the columns the analysis reads) give the
// report the full records give, for every fixture diary.
TEST_CASE("analysis: the report over the store's brief read is the report over the full episodes") {
  const diary::test::ScratchDir dir("brief");
  const json t = fixture_truth();
  for (const auto& [file, want] : t.items()) {
    CAPTURE(file);
    const auto d = fixture_diary(file, want["tz"].get<std::string>());
    diary::Store store(dir / (file + ".db"));
    store.merge(d);
    const auto nights = store.nights();
    const auto episodes = store.episodes();
    REQUIRE(episodes.size() == d.episodes.size());
    diary::analysis::Records records(nights);
    store.for_each_episode_brief(std::nullopt, std::nullopt, [&](const diary::Episode& e) { records.add(e); });
    REQUIRE(records.size() == episodes.size());
    const auto whole = diary::analysis::analyze(d.profile, nights, episodes);
    const auto compact = diary::analysis::analyze(d.profile, records);
    CHECK(diary::report::to_json(compact) == diary::report::to_json(whole));
    CHECK(diary::report::to_text(compact, false) == diary::report::to_text(whole, false));
  }
}

// The analysis holds one record per episode of the period: its size is the memory a long
// diary costs (issue 16: under 200 bytes an episode in all), so it must not creep back up.
TEST_CASE("analysis: an episode's compact record stays within its budget") {
  CHECK(sizeof(diary::analysis::detail::Ep) <= 104);
  diary::analysis::detail::Ep e;
  CHECK_FALSE(e.duration);
  CHECK_FALSE(e.intensity);
  e.duration = std::optional<double>(0.0);
  e.intensity = std::optional<int>(0);
  REQUIRE(e.duration);
  REQUIRE(e.intensity);
  CHECK(*e.duration == 0.0);
  CHECK(*e.intensity == 0);
  e.intensity = std::optional<int>(10);
  CHECK(*e.intensity == 10);
  e.duration = std::optional<double>();
  CHECK_FALSE(e.duration);
}
