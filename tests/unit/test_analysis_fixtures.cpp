// Every example diary in tests/fixtures/diaries gives the answer truth.json expects
// (both written by tests/fixtures/make_fixtures.cpp from the project's generator).
#include <doctest/doctest.h>

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "diary/analysis/analyze.hpp"
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
