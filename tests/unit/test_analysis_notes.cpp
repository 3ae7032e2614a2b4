// What patients write: warning signs carried only by a note are raised (quoted), negated
// or worried words raise nothing, notes-only diaries still find their pattern, a note never
// changes a ticked field, and a stray serious episode does not raise a benign diary.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>

#include "analysis_gen.hpp"
#include "diary/analysis/analyze.hpp"
#include "features.hpp"

namespace {

using diary::Episode;
using diary::Night;
using diary::Profile;
using diary::analysis::Action;
using diary::analysis::analyze;
using diary::analysis::Report;

Episode noted(std::int64_t id, date::sys_days night, double hour, std::string note) {
  Episode e;
  e.id = id;
  e.onset = gen::instant_at(night, hour, 0);
  e.duration_min = 40;
  e.note = std::move(note);
  return e;
}

const diary::analysis::RedFlag* flag(const Report& r, std::string_view id) {
  for (const auto& f : r.red_flags)
    if (f.id == id) return &f;
  return nullptr;
}

std::set<std::string> flag_ids(const Report& r) {
  std::set<std::string> out;
  for (const auto& f : r.red_flags) out.insert(f.id);
  return out;
}

int rank_of(const Report& r, const std::string& id) {
  for (std::size_t i = 0; i < r.categories.size(); ++i)
    if (r.categories[i].id == id) return static_cast<int>(i);
  return -1;
}

constexpr date::sys_days kDay = date::sys_days{date::year{2026} / 11 / 3};  // a Tuesday

}  // namespace

TEST_CASE("notes: a warning sign written only in a note is raised at once, quoted, with its action") {
  struct Case {
    const char* note;
    const char* flag;
    Action action = Action::urgent;
  };
  const std::vector<Case> cases = {
      {"left calf swollen, hot and red this morning", "dvt_signs"},
      {"woke with tight chest and short of breath", "cardiopulmonary"},
      {"numb between the legs and wet myself", "cauda_equina", Action::emergency},
      {"foot only eased hanging it over the bed edge", "dangling_relief"},
      {"toes cold and white", "critical_ischemia"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.note);
    const std::vector<Episode> eps{noted(1, kDay, 14, c.note)};
    const auto flags = diary::analysis::red_flags(Profile{}, {}, eps);
    const auto it = std::find_if(flags.begin(), flags.end(), [&](const auto& f) { return f.id == c.flag; });
    REQUIRE(it != flags.end());
    CHECK(it->action == c.action);
    REQUIRE(it->from_notes.size() == 1);
    CHECK(it->from_notes[0] == fmt::format("from your note on Wed 4 Nov: '{}'", c.note));
    CHECK(it->message.find(c.note) != std::string::npos);
    const auto report = analyze(Profile{}, {}, eps);
    CHECK(flag(report, c.flag) != nullptr);
    CHECK(report.top_action() == c.action);
  }
}

TEST_CASE("notes: a night's note carries its warning signs even without an episode") {
  Night n;
  n.night = date::year_month_day{kDay};
  n.note = "woke with tight chest and short of breath";
  const auto flags = diary::analysis::night_red_flags(Profile{}, n);
  REQUIRE(flags.size() == 1);
  CHECK(flags[0].id == "cardiopulmonary");
  CHECK(flags[0].episodes.empty());
  CHECK(flags[0].message.find("from your night's note on Tue 3 Nov") != std::string::npos);
  const std::vector<Night> nights{n};
  CHECK(flag(analyze(Profile{}, nights, {}), "cardiopulmonary") != nullptr);
}

TEST_CASE("notes: negated and worried phrases raise no warning sign") {
  for (const char* note : {"no swelling, redness or warmth", "not red", "denies chest pain", "swelling gone",
                           "worried about a clot", "in case of chest pain call 999", "if I get short of breath",
                           "no numbness down below, didn't wet myself", "never had a cold foot"}) {
    CAPTURE(note);
    const std::vector<Episode> eps{noted(1, kDay, 14, note)};
    CHECK(diary::analysis::red_flags(Profile{}, {}, eps).empty());
  }
}

TEST_CASE("notes: a ticked sign is not quoted as read from a note") {
  Episode e = noted(1, kDay, 14, "calf swollen and red");
  e.signs = std::vector<std::string>{"swelling", "redness"};
  e.side = "left";
  const auto flags = diary::analysis::red_flags(Profile{}, {}, std::vector<Episode>{e});
  REQUIRE(flags.size() == 1);
  CHECK(flags[0].from_notes.empty());
}

TEST_CASE("notes: a note never removes or changes a ticked field (property over generated diaries)") {
  using diary::analysis::detail::records_of;
  using diary::analysis::detail::Tri;
  using diary::analysis::detail::views_of;
  int checked = 0;
  for (std::uint64_t seed = 1; seed <= 120; ++seed) {
    gen::Rng r(seed);
    gen::Options o;
    o.kinds = {r.pick(gen::kKinds)};
    o.episodes = r.i(4, 25);
    o.dropout = r.u(0, 0.5);
    o.flag = r.p(0.3) ? r.pick({"dvt_signs", "cardiopulmonary", "cauda_equina", "critical_ischemia"}) : "";
    auto ticked = gen::generate(r, o);
    for (auto& e : ticked.episodes) e.note.reset();  // the ticked fields alone
    for (auto& n : ticked.nights) n.note.reset();
    // The same diary with notes of random lay phrases, often contradicting what was ticked.
    auto written = ticked;
    gen::Rng wr(seed * 7 + 1);
    gen::Diary words = gen::generate(wr, o);
    gen::to_notes_only(wr, words, 0.5);
    for (std::size_t i = 0; i < written.episodes.size(); ++i)
      written.episodes[i].note = words.episodes[wr.next() % words.episodes.size()].note;
    for (auto& n : written.nights) n.note = words.episodes[wr.next() % words.episodes.size()].note;

    const auto ticked_records = records_of(ticked.nights, ticked.episodes);
    const auto written_records = records_of(written.nights, written.episodes);
    const auto a = views_of(ticked_records);
    const auto b = views_of(written_records);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      CAPTURE(seed);
      CAPTURE(*written.episodes[i].note);
      if (a[i].loc_known) CHECK(b[i].loc == a[i].loc);
      if (a[i].sens_known) CHECK(b[i].sens == a[i].sens);
      if (a[i].relief_known) CHECK(b[i].relief == a[i].relief);
      if (a[i].signs_known) CHECK(b[i].signs == a[i].signs);
      if (a[i].side) CHECK(b[i].side == a[i].side);
      if (a[i].effect) CHECK(b[i].effect == a[i].effect);
      if (a[i].sudden != Tri::unknown) CHECK(b[i].sudden == a[i].sudden);
      if (a[i].hard != Tri::unknown) CHECK(b[i].hard == a[i].hard);
      if (a[i].returned != Tri::unknown) CHECK(b[i].returned == a[i].returned);
      // Numbers are never read from notes: both recorded and equal, or both not recorded.
      CHECK(static_cast<bool>(b[i].duration) == static_cast<bool>(a[i].duration));
      if (a[i].duration && b[i].duration) CHECK(*b[i].duration == *a[i].duration);
      CHECK(static_cast<bool>(b[i].intensity) == static_cast<bool>(a[i].intensity));
      if (a[i].intensity && b[i].intensity) CHECK(*b[i].intensity == *a[i].intensity);
      CHECK(b[i].posture == a[i].posture);
      ++checked;
    }
    // And no warning sign of the ticked diary is lost.
    const auto before = flag_ids(analyze(ticked.profile, ticked.nights, ticked.episodes));
    const auto after = flag_ids(analyze(written.profile, written.nights, written.episodes));
    for (const auto& f : before) {
      CAPTURE(f);
      CHECK(after.count(f) == 1);
    }
  }
  CHECK(checked > 500);
}

TEST_CASE("notes: notes-only diaries find their pattern in the top three and raise their signs") {
  std::map<std::string, std::pair<int, int>> per_kind;
  int right = 0, total = 0, missed_flags = 0, flagged = 0, false_by_negation = 0;
  for (std::uint64_t seed = 1; seed <= 240; ++seed) {
    gen::Rng r(seed + 5000);
    gen::Options o;
    do o.kinds = {r.pick(gen::kKinds)};
    while (o.kinds[0] == "dvt");
    o.episodes = r.i(8, 40);
    o.dropout = r.pick(std::vector<double>{0.0, 0.1, 0.2});
    o.logged = r.u(0.5, 1.0);
    o.flag = r.p(0.3) ? r.pick({"dvt_signs", "cardiopulmonary", "cauda_equina", "critical_ischemia", "dangling_relief"})
                      : "";
    auto d = gen::generate(r, o);
    const auto truth = d.flags;
    const std::uint64_t words_seed = r.next();
    gen::Rng r1(words_seed), r2(words_seed);
    auto plain = d;
    gen::to_notes_only(r1, plain, 0.0);
    gen::to_notes_only(r2, d, 0.3);
    const auto rep = analyze(d.profile, d.nights, d.episodes);
    const int rk = rank_of(rep, o.kinds[0]);
    const bool ok = rk >= 0 && rk < 3;
    auto& pk = per_kind[o.kinds[0]];
    ++pk.second;
    if (ok) ++pk.first, ++right;
    ++total;
    const auto got = flag_ids(rep);
    for (const auto& f : truth) {
      ++flagged;
      if (!got.count(f)) ++missed_flags;
    }
    // The negated and worried sentences add nothing.
    const auto without = flag_ids(analyze(plain.profile, plain.nights, plain.episodes));
    if (got != without) ++false_by_negation;
  }
  for (const auto& [k, v] : per_kind) MESSAGE(k << ": " << v.first << "/" << v.second);
  MESSAGE("notes-only top-3: " << right << "/" << total);
  CHECK(right >= total * 9 / 10);
  CHECK(flagged > 0);
  CHECK(missed_flags == 0);
  CHECK(false_by_negation == 0);
}

TEST_CASE("notes: evening urge relieved by walking, written only in notes, is restless legs") {
  std::vector<Episode> eps;
  std::int64_t id = 0;
  for (int d = 0; d < 50; ++d) {
    eps.push_back(
        noted(++id, kDay + date::days{d}, 9.5 + (d % 5) * 0.3, "ants crawling in my legs, had to get up and walk"));
    if (d % 2 == 0) eps.push_back(noted(++id, kDay + date::days{d}, 11.5, "knee ached a bit, restless again"));
  }
  const auto rep = analyze(Profile{}, {}, eps);
  REQUIRE_FALSE(rep.categories.empty());
  CHECK(rep.categories[0].id == "restless_legs");
  bool quoted = false;
  for (const auto& line : rep.categories[0].evidence)
    quoted = quoted || line.find("from your note on") != std::string::npos;
  CHECK(quoted);
}

TEST_CASE("notes: nightly burning in both feet, written only in notes, is neuropathy") {
  std::vector<Episode> eps;
  for (int d = 0; d < 21; ++d) {
    auto e = noted(d + 1, kDay + date::days{d}, 11 + (d % 3) * 0.5, "burning in both feet again, nothing helped");
    e.duration_min = 150;
    eps.push_back(e);
  }
  const auto rep = analyze(Profile{}, {}, eps);
  REQUIRE_FALSE(rep.categories.empty());
  CHECK(rep.categories[0].id == "peripheral_neuropathy");
}

TEST_CASE("proportion: one foot-pain episode in a sciatica diary does not raise the report") {
  std::vector<Episode> eps;
  for (int d = 0; d < 21; ++d) {
    Episode e;
    e.id = d + 1;
    e.onset = gen::instant_at(kDay + date::days{d}, 11, 0);
    e.duration_min = 60;
    e.locations = std::vector<std::string>{"back_of_leg", "buttock"};
    e.side = "left";
    e.sensations = std::vector<std::string>{"shooting", "electric"};
    e.relief = std::vector<std::string>{"fetal_position"};
    e.signs = std::vector<std::string>{};
    eps.push_back(e);
  }
  Episode odd;
  odd.id = 22;
  odd.onset = gen::instant_at(kDay + date::days{10}, 14, 0);
  odd.duration_min = 45;
  odd.locations = std::vector<std::string>{"foot"};
  odd.sensations = std::vector<std::string>{"deep_ache", "burning"};
  odd.relief = std::vector<std::string>{"sit_up", "stand"};
  odd.side = "left";
  eps.push_back(odd);
  Profile p;
  p.birth_year = 1950;
  p.smoking = "current";
  const auto rep = analyze(p, {}, eps);
  REQUIRE_FALSE(rep.categories.empty());
  CHECK(rep.categories[0].id == "nerve_root_compression");
  CHECK(rep.red_flags.empty());
  CHECK(rep.top_action() <= Action::discuss_with_doctor);
  for (const auto& c : rep.categories)
    if (c.id == "pad_rest_pain") {
      CHECK(c.action == Action::discuss_with_doctor);
      CHECK(c.advice.find("the one episode") != std::string::npos);
    }

  // A warning sign in that one episode still raises at once.
  eps.back().relief = std::vector<std::string>{"dangle"};
  const auto flagged = analyze(p, {}, eps);
  CHECK(flag(flagged, "dangling_relief") != nullptr);
  CHECK(flagged.top_action() == Action::urgent);
}

namespace {

Episode restless(std::int64_t id, date::sys_days night, double hour) {
  Episode e;
  e.id = id;
  e.onset = gen::instant_at(night, hour, 0);
  e.duration_min = 45;
  e.sensations = std::vector<std::string>{"urge_to_move", "crawling"};
  e.relief = std::vector<std::string>{"walk"};
  e.returned_when_still = true;
  e.side = "both";
  e.locations = std::vector<std::string>{"calf"};
  return e;
}

Episode severe_cramp(std::int64_t id, date::sys_days night) {
  Episode e;
  e.id = id;
  e.onset = gen::instant_at(night, 15, 0);
  e.duration_min = 3;
  e.intensity = 8;
  e.sensations = std::vector<std::string>{"cramp", "knot"};
  e.locations = std::vector<std::string>{"calf"};
  return e;
}

}  // namespace

TEST_CASE(
    "medicines: an agonist named in the night's new-medicine text, then earlier onsets, gives the "
    "augmentation warning naming it, and restless-legs cramp words raise no new-medicine flag") {
  std::vector<Night> nights(1);
  nights[0].night = date::year_month_day{kDay};
  nights[0].new_medication = "started pramipexole 0.125 mg";
  std::vector<Episode> eps;
  for (int d = 1; d <= 60; ++d) {
    auto e = restless(d, kDay + date::days{d}, 11.5 - 7.5 * d / 60.0);  // 23:30 drifting to 16:00
    if (d % 5 == 0) e.sensations->push_back("cramp");                   // cramp words inside restless legs
    e.intensity = 8;
    eps.push_back(e);
  }
  const auto rep = analyze(Profile{}, nights, eps);
  CHECK(flag(rep, "new_medication_cramps") == nullptr);
  const auto it = std::find_if(rep.patterns.begin(), rep.patterns.end(),
                               [](const auto& p) { return p.id == "onset_moving_earlier"; });
  REQUIRE(it != rep.patterns.end());
  CHECK(it->figures.value("augmentation_warning", false));
  CHECK(it->figures.value("augmentation_medicine", "") == "pramipexole");
  CHECK(it->figures.value("augmentation_started", "") == "2026-11-03");
  CHECK(it->summary.find("pramipexole (started Tue 3 Nov") != std::string::npos);
  CHECK(std::none_of(rep.patterns.begin(), rep.patterns.end(),
                     [](const auto& p) { return p.id == "medication_linked"; }));
}

TEST_CASE("medicines: an agonist started in a note or the medicine list also names it") {
  std::vector<Episode> eps;
  for (int d = 1; d <= 60; ++d) eps.push_back(restless(d, kDay + date::days{d}, 11.5 - 7.5 * d / 60.0));
  SUBCASE("a note") { eps[0].note = "started ropinirole tonight"; }
  Profile p;
  SUBCASE("the medicine list") {
    diary::Medicine m;
    m.name = "Mirapexin";
    m.since = date::year_month_day{kDay};
    p.medicines.push_back(m);
  }
  const auto rep = analyze(p, {}, eps);
  const auto it = std::find_if(rep.patterns.begin(), rep.patterns.end(),
                               [](const auto& q) { return q.id == "onset_moving_earlier"; });
  REQUIRE(it != rep.patterns.end());
  CHECK(it->figures.value("augmentation_warning", false));
}

TEST_CASE("medicines: levodopa started by name before onsets move earlier also gives the augmentation warning") {
  std::vector<Night> nights(1);
  nights[0].night = date::year_month_day{kDay};
  nights[0].new_medication = "started Sinemet 62.5 mg";
  std::vector<Episode> eps;
  for (int d = 1; d <= 60; ++d) eps.push_back(restless(d, kDay + date::days{d}, 11.5 - 7.5 * d / 60.0));
  const auto rep = analyze(Profile{}, nights, eps);
  const auto it = std::find_if(rep.patterns.begin(), rep.patterns.end(),
                               [](const auto& q) { return q.id == "onset_moving_earlier"; });
  REQUIRE(it != rep.patterns.end());
  CHECK(it->figures.value("augmentation_warning", false));
  CHECK(it->figures.value("augmentation_started", "") == "2026-11-03");
  CHECK(it->summary.find("(levodopa)") != std::string::npos);
}

TEST_CASE("medicines: a new diuretic or statin before severe cramps gives the flag naming it") {
  std::vector<Episode> eps;
  for (int d = 2; d <= 6; ++d) eps.push_back(severe_cramp(d, kDay + date::days{d}));
  SUBCASE("from the medicine list") {
    Profile p;
    diary::Medicine m;
    m.name = "Lasix";
    m.since = date::year_month_day{kDay};
    p.medicines.push_back(m);
    const auto rep = analyze(p, {}, eps);  // kept: the flag points into it
    const auto f = flag(rep, "new_medication_cramps");
    REQUIRE(f != nullptr);
    CHECK(f->message.find("Lasix (started Tue 3 Nov, from your medicine list)") != std::string::npos);
  }
  SUBCASE("from a note") {
    eps.insert(eps.begin(), noted(1, kDay, 10, "GP started me on simvastatin 20 mg today"));
    const auto rep = analyze(Profile{}, {}, eps);  // kept: the flag points into it
    const auto f = flag(rep, "new_medication_cramps");
    REQUIRE(f != nullptr);
    CHECK(f->message.find("simvastatin") != std::string::npos);
  }
  SUBCASE("not for a medicine that does not cause cramps") {
    std::vector<Night> nights(1);
    nights[0].night = date::year_month_day{kDay};
    nights[0].new_medication = "pramipexole 0.125 mg";
    CHECK(flag(analyze(Profile{}, nights, eps), "new_medication_cramps") == nullptr);
  }
  SUBCASE("a list start long ago is not new") {
    Profile p;
    diary::Medicine m;
    m.name = "atorvastatin";
    m.since = date::year_month_day{kDay - date::days{400}};
    p.medicines.push_back(m);
    CHECK(flag(analyze(p, {}, eps), "new_medication_cramps") == nullptr);
  }
}
