// Issue 12's check-in pieces below the command line: the one urgency table, levels in
// words, warnings that combine a clot's signs with breathlessness, the emergency number
// from zone.tab, and the summary's week "so far".
#include <doctest/doctest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>

#include <unistd.h>

#include "diary/analysis/analyze.hpp"
#include "diary/analysis/names.hpp"
#include "diary/analysis/summary.hpp"
#include "diary/app/emergency.hpp"
#include "diary/app/reports.hpp"
#include "diary/clock.hpp"

namespace {

using namespace diary;
using analysis::Action;
using analysis::Audience;
using analysis::Level;

Instant at(std::string_view text) {
  static const auto utc = diary::clock::find_zone("UTC");
  constexpr auto far = date::sys_days{date::year{9000} / 1 / 1};
  return clock::parse_time(text, utc, date::sys_seconds{far}, "test").instant;
}

Episode with_signs(std::int64_t id, std::string_view onset, Terms signs) {
  Episode e;
  e.id = id;
  e.onset = at(onset);
  e.locations = Terms{"calf"};
  e.side = "left";
  e.signs = std::move(signs);
  return e;
}

struct TempFile {
  std::filesystem::path path;
  explicit TempFile(const std::string& text)
      : path(std::filesystem::temp_directory_path() / ("diary-zone-tab-" + std::to_string(::getpid()))) {
    std::ofstream(path) << text;
  }
  ~TempFile() { std::filesystem::remove(path); }
};

}  // namespace

TEST_CASE("urgency: one wording per level, each different, the lead capitalised") {
  const Action all[] = {Action::self_care, Action::discuss_with_doctor, Action::see_doctor_soon, Action::urgent,
                        Action::emergency};
  std::set<std::string> patient, clinician;
  for (const auto a : all) {
    CHECK_FALSE(analysis::action_words(a, Audience::patient).empty());
    patient.insert(std::string(analysis::action_words(a, Audience::patient)));
    clinician.insert(std::string(analysis::action_words(a, Audience::clinician)));
    // The text and the summary read the same table.
    CHECK(analysis::action_words(a, Audience::brief) == analysis::action_words(a, Audience::patient));
    const std::string lead = analysis::urgency_lead(a);
    REQUIRE_FALSE(lead.empty());
    CHECK(std::isupper(static_cast<unsigned char>(lead[0])));
  }
  CHECK(patient.size() == 5);
  CHECK(clinician.size() == 5);
  CHECK(analysis::urgency_lead(Action::urgent) == "Get medical care today");
  CHECK(analysis::urgency_lead(Action::emergency, "999") == "Call 999 now");
  CHECK(analysis::urgency_lead(Action::emergency) == "Call the emergency number now");
}

TEST_CASE("levels: words that say what they mean, no numbers") {
  std::set<std::string> seen;
  for (const auto l : {Level::weak, Level::moderate, Level::strong}) {
    const std::string w(analysis::level_words(l));
    CHECK(w.find("signs point this way") != std::string::npos);
    CHECK(w.find_first_of("0123456789") == std::string::npos);
    CHECK_FALSE(analysis::level_meaning(l).empty());
    seen.insert(w);
  }
  CHECK(seen.size() == 3);
}

TEST_CASE("red flags: a clot's signs with breathlessness say to call the number now") {
  Profile profile;
  profile.emergency_number = "999";
  const Episode both = with_signs(1, "2026-11-22T02:10", {"swelling", "warmth", "short_of_breath"});
  const auto flags = analysis::red_flags(profile, {}, std::span(&both, 1));
  REQUIRE(flags.size() == 2);
  CHECK(flags[0].id == "dvt_signs");
  CHECK(flags[0].action == Action::emergency);
  CHECK(flags[0].message.starts_with("Call 999 now: "));
  CHECK(flags[0].message.find("if you become short of breath") == std::string::npos);
  CHECK(flags[1].id == "cardiopulmonary");
  CHECK(flags[1].action == Action::emergency);

  // Breathlessness a week away from the swollen leg: not together, but not advised as if unknown.
  const Episode eps[] = {with_signs(1, "2026-11-22T02:10", {"swelling", "warmth"}),
                         with_signs(2, "2026-11-29T02:10", {"short_of_breath"})};
  const auto apart = analysis::red_flags(profile, {}, eps);
  REQUIRE(apart.size() == 2);
  CHECK(apart[0].action == Action::urgent);
  CHECK(apart[0].message.starts_with("Get medical care today: "));
  CHECK(apart[0].message.find("if you become short of breath") == std::string::npos);
  CHECK(apart[0].message.find("call 999 at once") != std::string::npos);

  const auto alone = analysis::red_flags(profile, {}, std::span(&eps[0], 1));
  REQUIRE(alone.size() == 1);
  CHECK(alone[0].message.find("If you become short of breath or have chest pain, call 999 at once") !=
        std::string::npos);
}

TEST_CASE("emergency number: the time zone's country from a zone.tab, the table, the profile, the fallback") {
  const TempFile tab(
      "# tz zone descriptions\n"
      "#code\tcoordinates\tTZ\tcomments\n"
      "GB\t+513030-0000731\tEurope/London\n"
      "NZ\t-3652+17446\tPacific/Auckland\tmost of New Zealand\n"
      "AQ\t-7750+16636\tAntarctica/McMurdo\tNew Zealand time\n");
  CHECK(app::zone_country("Europe/London", tab.path) == "GB");
  CHECK(app::zone_country("Pacific/Auckland", tab.path) == "NZ");
  CHECK_FALSE(app::zone_country("Europe/Berlin", tab.path).has_value());  // not in this file
  CHECK_FALSE(app::zone_country("Europe/London", tab.path.string() + ".missing").has_value());

  CHECK(app::country_emergency_number("US") == "911");
  CHECK(app::country_emergency_number("AU") == "000");
  CHECK(app::country_emergency_number("DE") == "112");
  CHECK_FALSE(app::country_emergency_number("AQ").has_value());

  Profile none;
  const auto nz = app::emergency_number(none, "Pacific/Auckland", tab.path);
  CHECK(nz.number == "111");
  CHECK(nz.country == "NZ");
  CHECK(nz.source == app::EmergencyNumber::Source::country);
  const auto unknown = app::emergency_number(none, "Antarctica/McMurdo", tab.path);
  CHECK(unknown.number == "112");
  CHECK(unknown.source == app::EmergencyNumber::Source::fallback);
  CHECK(app::describe(unknown).find("a guess") != std::string::npos);
  Profile set;
  set.emergency_number = "144";
  const auto own = app::emergency_number(set, "Europe/London", tab.path);
  CHECK(own.number == "144");
  CHECK(own.source == app::EmergencyNumber::Source::profile);
}

TEST_CASE("summary: the default week holds last night and is marked so far until it is over") {
  const auto berlin = diary::clock::find_zone("Europe/Berlin");
  const auto local = [&](date::local_seconds t) { return date::floor<std::chrono::seconds>(berlin->to_sys(t)); };
  using namespace date::literals;
  // Saturday 28 Nov 2026, 08:00: last night is Friday's; its week began on Monday 23 Nov.
  const auto saturday = local(date::local_days{2026_y / 11 / 28} + std::chrono::hours{8});
  CHECK(app::last_night(saturday, berlin) == 2026_y / 11 / 27);
  CHECK(app::default_summary_week(saturday, berlin) == 2026_y / 11 / 23);
  // Monday 30 Nov, 08:00: last night was Sunday's, the end of that week.
  const auto monday = local(date::local_days{2026_y / 11 / 30} + std::chrono::hours{8});
  CHECK(app::default_summary_week(monday, berlin) == 2026_y / 11 / 23);

  Night quiet;
  quiet.night = 2026_y / 11 / 24;
  quiet.quiet = true;
  const Episode e = with_signs(1, "2026-11-24T02:10", {});
  const auto s =
      analysis::summarize_week({}, std::span(&quiet, 1), std::span(&e, 1), 2026_y / 11 / 23, 2026_y / 11 / 27);
  CHECK(s.so_far());
  CHECK(s.week.nights_so_far == 5);
  CHECK(s.week.nights_logged == 2);
  CHECK(s.week.quiet_nights() == 1);
  CHECK(s.week.unlogged_nights() == 3);
  const auto whole = analysis::summarize_week({}, std::span(&quiet, 1), std::span(&e, 1), 2026_y / 11 / 23);
  CHECK_FALSE(whole.so_far());
  CHECK(whole.week.unlogged_nights() == 5);
}
