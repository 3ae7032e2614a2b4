// A long diary's analyses are streamed through the helper thread (periods of 6,000 episodes
// and more, libdiary/app/src/reports.cpp): what they give must be what the same analysis
// and report give over the whole records read at once.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include <date/date.h>

#include "analysis_gen.hpp"
#include "diary/analysis/analyze.hpp"
#include "diary/app/emergency.hpp"
#include "diary/app/reports.hpp"
#include "diary/report/analysis.hpp"
#include "diary/report/html_report.hpp"
#include "diary/store.hpp"
#include "scratch_dir.hpp"

namespace {

using namespace diary;

struct LongDiary {
  test::ScratchDir dir{"streamed-long"};
  Store store{dir / "long.db"};
  Profile profile;
  std::vector<Night> nights;
  std::vector<Episode> episodes;

  LongDiary() {
    gen::Rng r(20261129);
    gen::Options o;
    o.kinds = {"cramps", "rls"};
    o.episodes = 7000;
    o.noise = 0.1;
    auto g = gen::generate(r, o);
    // Some twenty years of nights from a start up to 2027: moved back whole days, so every
    // clock time stays as generated, into the years a diary keeps.
    const date::days back{8000};
    for (auto& n : g.nights) {
      n.night = date::year_month_day{date::sys_days{n.night} - back};
      if (n.bed) n.bed->utc -= back;
      if (n.wake) n.wake->utc -= back;
    }
    for (auto& e : g.episodes) e.onset.utc -= back;
    store.merge(Diary{g.profile, g.nights, g.episodes});
    profile = app::with_emergency_number(store.profile());
    nights = store.nights();
    episodes = store.episodes();
  }
};

}  // namespace

TEST_CASE("app: a long diary's analysis on the helper thread is the analysis of its whole records") {
  LongDiary d;
  REQUIRE(d.episodes.size() >= 6000);  // long enough for the helper thread (on two cores)
  const auto streamed = app::analyze(d.store, {});
  const auto whole = analysis::analyze(d.profile, d.nights, d.episodes);
  CHECK(streamed.episodes == static_cast<int>(d.episodes.size()));
  CHECK(report::to_json(streamed) == report::to_json(whole));
}

TEST_CASE("app: a long diary's report on the helper thread is the page of its whole records") {
  LongDiary d;
  REQUIRE(d.episodes.size() >= 6000);
  const auto zone = clock::find_zone("Europe/Berlin");
  const date::sys_seconds now = date::sys_days{date::year{2026} / 11 / 29} + std::chrono::hours{9};
  const auto page = app::html_report(d.store, {}, now, zone, "A. Long");
  const auto whole = analysis::analyze(d.profile, d.nights, d.episodes);
  const auto expected =
      report::html_report(d.profile, d.nights, d.episodes, whole, std::nullopt, std::nullopt,
                          date::format("%d %b %Y %H:%M", clock::in_zone(now, zone).local()), "A. Long");
  CHECK(page.size() == expected.size());
  CHECK(page == expected);
}
