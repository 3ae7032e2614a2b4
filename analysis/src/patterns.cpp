// Recurring patterns. Each is reported only when the data carry it: enough episodes with
// the facts recorded, and for links and trends a difference unlikely to be chance (exact
// one-sided tests at 5 %), because a diary of a few weeks throws up coincidences easily.
#include "patterns.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "categories.hpp"
#include "diary/analysis/summary.hpp"
#include "diary/medicines.hpp"
#include "medicine_starts.hpp"

namespace diary::analysis::detail {

namespace {

using nlohmann::json;

double log_choose(int n, int k) { return std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0); }

// One-sided Fisher exact test: the chance of `a` or more hits among `n1` exposed nights,
// given `a + b` hits over `n1 + n2` nights.
double fisher_greater(int a, int n1, int b, int n2) {
  const int k = a + b, n = n1 + n2;
  double p = 0;
  for (int x = a; x <= std::min(k, n1); ++x)
    p += std::exp(log_choose(n1, x) + log_choose(n2, k - x) - log_choose(n, k));
  return std::min(1.0, p);
}

// One-sided binomial test: chance of `x` or more of `n` with probability `q`.
double binom_greater(int x, int n, double q) {
  double p = 0;
  for (int i = x; i <= n; ++i) p += std::exp(log_choose(n, i) + i * std::log(q) + (n - i) * std::log(1 - q));
  return std::min(1.0, p);
}

double round2(double v) { return std::round(v * 100.0) / 100.0; }

struct Counter {
  int known = 0, yes = 0;
  void add(Tri t) {
    if (t != Tri::unknown) ++known;
    if (t == Tri::yes) ++yes;
  }
};

constexpr Mask kFoot = L("foot") | L("toes") | L("arch");

// What every pattern rule reads.
struct Input {
  const Profile& profile;
  std::span<const Night> nights;
  std::span<const Ep> eps;
  std::span<const int> best;  // per episode, the category it fits best (-1: none)
  // The nights with an episode, sorted: the rules ask only which nights had one (a map of
  // each night's episodes cost some 35 bytes an episode).
  std::vector<date::sys_days> with_episodes;

  bool had_episode(date::sys_days night) const { return holds(with_episodes, night); }
};

// evening_building_restlessness: IRLSSG criterion 4 and docs/CLINICAL.md#restless-legs: it builds up in the evening and
// returns whenever the legs are still. Over the nights with restless-legs episodes: first onset
// in the evening (18:00 to midnight); later episodes of the same night stronger or closer
// together; recurring across nights (3 or more nights, a quarter of the evening nights).
void evening_building_restlessness(const Input& in, std::vector<PatternFinding>& out) {
  const auto& eps = in.eps;
  const auto& best = in.best;
  const int rls = static_cast<int>(Cat::rls);
  std::map<date::sys_days, std::vector<const Ep*>> rls_nights;
  for (std::size_t i = 0; i < eps.size(); ++i)
    if (best[i] == rls) rls_nights[eps[i].night].push_back(&eps[i]);
  for (auto& [d, v] : rls_nights)
    std::sort(v.begin(), v.end(), [](const Ep* a, const Ep* b) { return a->hour_from_noon() < b->hour_from_noon(); });
  int nights_with = 0, evening_first = 0, multi = 0, building = 0;
  for (const auto& [d, v] : rls_nights) {
    ++nights_with;
    const bool ev = v.front()->hour_from_noon() >= 6 && v.front()->hour_from_noon() < 12;
    if (!ev) continue;
    ++evening_first;
    if (v.size() < 2) continue;
    ++multi;
    bool stronger = v.front()->intensity && v.back()->intensity && *v.back()->intensity > *v.front()->intensity;
    bool closer = false;
    if (v.size() >= 3) {
      const double g1 = v[1]->hour_from_noon() - v[0]->hour_from_noon();
      const double g2 = v.back()->hour_from_noon() - v[v.size() - 2]->hour_from_noon();
      closer = g2 < g1;
    }
    if (stronger || closer) ++building;
  }
  if (evening_first >= 3 && evening_first * 2 >= nights_with && multi >= 3 && multi * 4 >= evening_first &&
      building >= 2) {
    PatternFinding p;
    p.id = "evening_building_restlessness";
    p.summary = fmt::format(
        "On {} of {} nights with restless legs the first episode began in the evening (18:00 to "
        "midnight); on {} of them it came back later the same night, stronger or closer together on {}.",
        evening_first, nights_with, multi, building);
    p.figures = {{"nights_with_restless_legs", nights_with},
                 {"evening_first_onset_nights", evening_first},
                 {"nights_with_repeat_episodes", multi},
                 {"building_nights", building}};
    out.push_back(std::move(p));
  }
}

// dangling_relieved_foot_pain: Fontaine III rest pain: foot pain eased by hanging the leg down.
void dangling_relieved_foot_pain(const Input& in, std::vector<PatternFinding>& out) {
  const auto& eps = in.eps;
  int foot = 0;
  Counter c;
  for (const auto& e : eps) {
    if (e.has_loc(kFoot) != Tri::yes) continue;
    ++foot;
    c.add(e.eased_by(R("dangle")));
  }
  if (c.yes >= 2) {
    PatternFinding p;
    p.id = "dangling_relieved_foot_pain";
    p.summary =
        fmt::format("{} of {} episodes of foot pain with relief recorded eased by dangling the leg.", c.yes, c.known);
    p.figures = {{"foot_episodes", foot}, {"with_relief_recorded", c.known}, {"eased_by_dangling", c.yes}};
    out.push_back(std::move(p));
  }
}

// sudden_calf_knot: Delphi NLC: sudden, a hard knotted calf muscle.
void sudden_calf_knot(const Input& in, std::vector<PatternFinding>& out) {
  const auto& eps = in.eps;
  int yes = 0, known = 0;
  std::vector<double> durations;
  for (const auto& e : eps) {
    const Tri t = [&] {
      const Tri a = e.sudden, b = e.has_loc(L("calf")), c = cramp_like_as_written(e);
      if (a == Tri::no || b == Tri::no || c == Tri::no) return Tri::no;
      if (a == Tri::yes && b == Tri::yes && c == Tri::yes) return Tri::yes;
      return Tri::unknown;
    }();
    if (t != Tri::unknown) ++known;
    if (t == Tri::yes) {
      ++yes;
      if (e.duration) durations.push_back(*e.duration);
    }
  }
  if (yes >= 2 && yes * 10 >= known * 3) {
    PatternFinding p;
    p.id = "sudden_calf_knot";
    std::sort(durations.begin(), durations.end());
    p.summary = fmt::format("{} of {} episodes were a sudden, knotted cramp of the calf", yes, known);
    p.figures = {{"episodes", yes}, {"of_recorded", known}};
    if (!durations.empty()) {
      const double med = durations[durations.size() / 2];
      p.summary += fmt::format(" (typically about {} minutes)", med < 1.5 ? 1 : std::lround(med));
      p.figures["median_duration_min"] = round2(med);
    }
    p.summary += ".";
    out.push_back(std::move(p));
  }
}

// returns_when_still: IRLSSG criterion 3: relief by movement lasts only while moving.
void returns_when_still(const Input& in, std::vector<PatternFinding>& out) {
  const auto& eps = in.eps;
  Counter c;
  for (const auto& e : eps) c.add(e.returned);
  if (c.yes >= 3 && c.yes * 2 >= c.known) {
    PatternFinding p;
    p.id = "returns_when_still";
    p.summary =
        fmt::format("{} of {} episodes with this recorded came back when the legs were still again.", c.yes, c.known);
    p.figures = {{"episodes", c.yes}, {"of_recorded", c.known}};
    out.push_back(std::move(p));
  }
}

// position_relieved: Nerve pressure: eased by changing position, curling up, raising the head, bending forward.
void position_relieved(const Input& in, std::vector<PatternFinding>& out) {
  const auto& eps = in.eps;
  Counter c;
  std::map<std::string, int> by;
  for (const auto& e : eps) {
    const Tri t = e.eased_by(R("reposition") | kPositional);
    c.add(t);
    if (t == Tri::yes)
      for (auto term : {"reposition", "fetal_position", "head_elevated", "bend_forward"})
        if (e.relief & bit_of(terms::reliefs, term)) ++by[term];
  }
  if (c.yes >= 3 && c.yes * 10 >= c.known * 4) {
    PatternFinding p;
    p.id = "position_relieved";
    p.summary = fmt::format("{} of {} episodes with relief recorded eased by a change of position.", c.yes, c.known);
    p.figures = {{"episodes", c.yes}, {"of_recorded", c.known}, {"by_relief", by}};
    out.push_back(std::move(p));
  }
}

// elevation_relieved: Venous symptoms ease with the legs raised.
void elevation_relieved(const Input& in, std::vector<PatternFinding>& out) {
  const auto& eps = in.eps;
  Counter c;
  for (const auto& e : eps) c.add(e.eased_by(R("elevate_legs")));
  if (c.yes >= 2 && c.yes * 10 >= c.known * 3) {
    PatternFinding p;
    p.id = "elevation_relieved";
    p.summary = fmt::format("{} of {} episodes with relief recorded eased by raising the legs.", c.yes, c.known);
    p.figures = {{"episodes", c.yes}, {"of_recorded", c.known}};
    out.push_back(std::move(p));
  }
}

// bilateral_burning_feet: Length-dependent neuropathy: burning or tingling of both feet.
void bilateral_burning_feet(const Input& in, std::vector<PatternFinding>& out) {
  const auto& eps = in.eps;
  Counter c;
  for (const auto& e : eps) {
    const Tri a = e.both_sides(), b = e.has_loc(kFoot),
              s = e.has_sens(S("burning") | S("tingling") | S("pins_and_needles"));
    if (a == Tri::no || b == Tri::no || s == Tri::no)
      c.add(Tri::no);
    else if (a == Tri::yes && b == Tri::yes && s == Tri::yes)
      c.add(Tri::yes);
  }
  if (c.yes >= 3 && c.yes * 10 >= c.known * 4) {
    PatternFinding p;
    p.id = "bilateral_burning_feet";
    p.summary = fmt::format("{} of {} episodes were burning or tingling in both feet.", c.yes, c.known);
    p.figures = {{"episodes", c.yes}, {"of_recorded", c.known}};
    out.push_back(std::move(p));
  }
}

// day_factor_links: Nights after a day with the factor against the other nights with a night entry that
// records it: is an episode likelier? (docs/CLINICAL.md: fatigue from strenuous activity and
// dehydration make cramps likelier; late caffeine and alcohol worsen restless legs.)
void day_factor_links(const Input& in, std::vector<PatternFinding>& out) {
  const auto& nights = in.nights;
  struct Factor {
    const char* id;
    const char* after;  // "after hard exercise"
    Tri (*test)(const Night&);
  };
  const Factor factors[] = {
      {"hard_exercise_link", "after hard exercise",
       [](const Night& n) { return n.exercise ? tri(*n.exercise == "hard") : Tri::unknown; }},
      {"low_hydration_link", "after drinking little",
       [](const Night& n) { return n.hydration ? tri(*n.hydration == "low") : Tri::unknown; }},
      {"caffeine_link", "after late caffeine",
       [](const Night& n) { return n.caffeine_late ? tri(*n.caffeine_late) : Tri::unknown; }},
      {"alcohol_link", "after alcohol", [](const Night& n) { return n.alcohol ? tri(*n.alcohol) : Tri::unknown; }},
  };
  for (const auto& f : factors) {
    int n1 = 0, a = 0, n2 = 0, b = 0;
    for (const auto& n : nights) {
      const Tri t = f.test(n);
      if (t == Tri::unknown) continue;
      const bool had = in.had_episode(date::sys_days{n.night});
      if (t == Tri::yes) {
        ++n1;
        a += had;
      } else {
        ++n2;
        b += had;
      }
    }
    if (n1 < 3 || n2 < 3) continue;
    const double r1 = static_cast<double>(a) / n1, r2 = static_cast<double>(b) / n2;
    const double pv = fisher_greater(a, n1, b, n2);
    if (r1 - r2 >= 0.2 && pv < 0.05) {
      PatternFinding p;
      p.id = f.id;
      p.summary = fmt::format("Episodes on {} of {} nights {}, {} of {} otherwise.", a, n1, f.after, b, n2);
      p.figures = {{"exposed_nights", n1},
                   {"exposed_nights_with_episodes", a},
                   {"other_nights", n2},
                   {"other_nights_with_episodes", b},
                   {"p_value", round2(pv)}};
      out.push_back(std::move(p));
    }
  }
}

// medication_linked: docs/CLINICAL.md#warning-signs: new severe cramping after starting a medicine (diuretics,
// statins).
void medication_linked(const Input& in, std::vector<PatternFinding>& out) {
  const auto& nights = in.nights;
  const auto& eps = in.eps;
  std::optional<date::sys_days> start;
  std::vector<std::string> names;
  for (const auto& n : nights)
    if (may_cause_cramps(n)) {
      const date::sys_days d{n.night};
      if (!start || d < *start) start = d;
      names.push_back(*n.new_medication);
    }
  if (start) {
    date::sys_days first = in.with_episodes.front(), last = in.with_episodes.back();
    for (const auto& n : nights) {
      first = std::min(first, date::sys_days{n.night});
      last = std::max(last, date::sys_days{n.night});
    }
    int before = 0, after = 0;
    for (const auto& e : eps)
      if (cramp_like_as_written(e) == Tri::yes && !restless_like(e)) (e.night < *start ? before : after)++;
    const int days_before = std::max(0, static_cast<int>((*start - first).count()));
    const int days_after = static_cast<int>((last - *start).count()) + 1;
    const double rb = days_before > 0 ? before * 7.0 / days_before : 0;
    const double ra = days_after > 0 ? after * 7.0 / days_after : 0;
    if (after >= 2 && (before == 0 || ra >= 2 * rb)) {
      PatternFinding p;
      p.id = "medication_linked";
      std::string meds;
      for (const auto& m : names) meds += (meds.empty() ? "" : ", ") + m;
      p.summary = fmt::format(
          "Cramps since a new medication ({}) began on the night of {}: {} in {} nights after, {} in {} nights before.",
          meds, date::format("%F", *start), after, days_after, before, days_before);
      p.figures = {{"medication", meds},
                   {"started", date::format("%F", *start)},
                   {"cramps_before", before},
                   {"days_before", days_before},
                   {"cramps_after", after},
                   {"days_after", days_after},
                   {"per_week_before", round2(rb)},
                   {"per_week_after", round2(ra)}};
      out.push_back(std::move(p));
    }
  }
}

// increasing_frequency: More episodes per logged night in the second half of the period than
// the first (binomial test against the split of the logged nights), so that nights not
// logged in the first half do not read as a rise.
void increasing_frequency(const Input& in, std::vector<PatternFinding>& out) {
  const auto& eps = in.eps;
  const date::sys_days first = in.with_episodes.front(), last = in.with_episodes.back();
  const int span = static_cast<int>((last - first).count()) + 1;
  if (span >= 28 && eps.size() >= 8) {
    const date::sys_days mid = first + date::days{span / 2};
    std::set<date::sys_days> logged(in.with_episodes.begin(), in.with_episodes.end());
    for (const auto& n : in.nights)
      if (date::sys_days{n.night} >= first && date::sys_days{n.night} <= last) logged.insert(date::sys_days{n.night});
    int a = 0, b = 0, la = 0, lb = 0;
    for (const auto& e : eps) (e.night < mid ? a : b)++;
    for (const auto d : logged) (d < mid ? la : lb)++;
    // Without any night entry no night is known to be quiet: then every night of the span
    // counts (as the summary says), else a diary of episodes only could show no trend.
    if (in.nights.empty()) {
      la = static_cast<int>((mid - first).count());
      lb = span - la;
    }
    if (la == 0 || lb == 0) return;
    const double q = static_cast<double>(la) / (la + lb);
    const double wa = a * 7.0 / la, wb = b * 7.0 / lb;
    const double pv = binom_greater(b, a + b, 1 - q);
    if (wb >= 1.5 * wa && wb - wa >= 1.0 && pv < 0.05) {
      PatternFinding p;
      p.id = "increasing_frequency";
      p.summary = fmt::format(
          "Episodes became more frequent: {:.1f} per 7 {} in the first half of the period, {:.1f} in the second.", wa,
          in.nights.empty() ? "nights (no night entries: nights without an episode counted as quiet)" : "logged nights",
          wb);
      p.figures = {{"first_half_episodes", a},
                   {"second_half_episodes", b},
                   {"first_half_per_week", round2(wa)},
                   {"second_half_per_week", round2(wb)},
                   {"first_half_logged_nights", la},
                   {"second_half_logged_nights", lb},
                   {"p_value", round2(pv)}};
      out.push_back(std::move(p));
    }
  }
}

// onset_moving_earlier: Augmentation under dopaminergic treatment of restless legs: symptoms start earlier in
// the day over weeks (docs/CLINICAL.md#restless-legs; IRLSSG augmentation criteria,
// García-Borreguero 2007).
// Each night's first restless-legs onset against the date (least squares).
void onset_moving_earlier(const Input& in, std::vector<PatternFinding>& out) {
  const auto& profile = in.profile;
  const auto& eps = in.eps;
  const auto& best = in.best;
  std::vector<std::pair<double, double>> pts;  // (day, hour_from_noon)
  const int rls = static_cast<int>(Cat::rls);
  const date::sys_days first = in.with_episodes.front();
  std::map<date::sys_days, double> earliest;  // per night, its first restless-legs onset
  for (std::size_t i = 0; i < eps.size(); ++i)
    if (best[i] == rls) {
      const auto [at, fresh] = earliest.try_emplace(eps[i].night, eps[i].hour_from_noon());
      if (!fresh) at->second = std::min(at->second, eps[i].hour_from_noon());
    }
  for (const auto& [d, hour] : earliest) pts.emplace_back(static_cast<double>((d - first).count()), hour);
  if (pts.size() >= 10) {
    double sx = 0, sy = 0;
    for (auto [x, y] : pts) {
      sx += x;
      sy += y;
    }
    const double np = static_cast<double>(pts.size());
    const double mx = sx / np, my = sy / np;
    double sxx = 0, sxy = 0, syy = 0;
    for (auto [x, y] : pts) {
      sxx += (x - mx) * (x - mx);
      sxy += (x - mx) * (y - my);
      syy += (y - my) * (y - my);
    }
    const double span = pts.back().first - pts.front().first;
    if (sxx > 0 && syy > 0 && span >= 21) {
      const double slope = sxy / sxx;  // hours per day
      const double r = sxy / std::sqrt(sxx * syy);
      const double shift = slope * span;
      if (shift <= -1.0 && r <= -0.5 && pts.size() >= 10) {
        PatternFinding p;
        p.id = "onset_moving_earlier";
        const double start_h = my + slope * (pts.front().first - mx);
        const double end_h = my + slope * (pts.back().first - mx);
        p.summary = fmt::format("Restless-leg onsets moved earlier, from about {} to about {} over {} days.",
                                clock_text(start_h), clock_text(end_h), static_cast<int>(span));
        p.figures = {{"nights", pts.size()},
                     {"days", static_cast<int>(span)},
                     {"minutes_earlier_per_week", round2(-slope * 7 * 60)},
                     {"from", clock_text(start_h)},
                     {"to", clock_text(end_h)},
                     {"correlation", round2(r)}};
        // An agonist started by name before the drift ended: name it, with its date.
        const date::sys_days drift_end = first + date::days{static_cast<int>(pts.back().first)};
        for (const auto& m : medicine_starts(profile, in.nights, eps))
          // Levodopa augments restless legs too (more often than the agonists).
          if ((has_class(m, "dopamine_agonist") || has_class(m, "levodopa")) && m.day <= drift_end) {
            p.summary += fmt::format(
                " {} is a {}: onsets moving earlier after it began can be augmentation, a known "
                "effect of these medicines. Tell the prescribing doctor soon, and do not raise the dose on your own.",
                start_words(m), has_class(m, "levodopa") ? "dopamine medicine (levodopa)" : "dopamine agonist");
            p.figures["augmentation_warning"] = true;
            p.figures["augmentation_medicine"] = m.name;
            p.figures["augmentation_started"] = date::format("%F", m.day);
            break;
          }
        if (!p.figures.contains("augmentation_warning") && (has_term(medication_classes(profile), "dopamine_agonist") ||
                                                            has_term(medication_classes(profile), "levodopa"))) {
          p.summary +=
              " With a dopamine agonist this can be augmentation, a known effect of these "
              "medicines: tell the prescribing doctor soon, and do not raise the dose on your own.";
          p.figures["augmentation_warning"] = true;
        }
        out.push_back(std::move(p));
      }
    }
  }
}

}  // namespace

std::vector<PatternFinding> find_patterns(const Profile& profile, std::span<const Night> nights,
                                          std::span<const Ep> eps, std::span<const int> best) {
  std::vector<PatternFinding> out;
  if (eps.empty()) return out;
  Input in{profile, nights, eps, best, {}};
  in.with_episodes = nights_of(eps);
  // The rules, in the order the reports list what they find; each adds its patterns.
  for (auto rule : {evening_building_restlessness, dangling_relieved_foot_pain, sudden_calf_knot, returns_when_still,
                    position_relieved, elevation_relieved, bilateral_burning_feet, day_factor_links, medication_linked,
                    increasing_frequency, onset_moving_earlier})
    rule(in, out);
  return out;
}

}  // namespace diary::analysis::detail
