// The weekly summary: figures of a week of nights against the week before.
#include "diary/analysis/summary.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "analyze_views.hpp"
#include "categories.hpp"
#include "diary/analysis/analyze.hpp"
#include "diary/clock.hpp"
#include "features.hpp"
#include "flags.hpp"

namespace diary::analysis {

using namespace detail;

namespace {

date::sys_days days(date::year_month_day d) { return date::sys_days{d}; }

// Hours after noon of the night's date: 18:00 is 6, 01:30 is 13.5.
double hours_after_noon(const Episode& e) {
  const auto night = night_of(e);
  const auto noon = clock::night_start(date::local_days{night.time_since_epoch()});
  return std::chrono::duration<double>(e.onset.local() - noon).count() / 3600.0;
}

struct Factor {
  const char* id;
  const char* label;
  Tri (*test)(const Night&);
};

constexpr Factor kFactors[] = {
    {"hard_exercise", "after hard exercise",
     [](const Night& n) { return n.exercise ? tri(*n.exercise == "hard") : Tri::unknown; }},
    {"low_hydration", "after drinking little",
     [](const Night& n) { return n.hydration ? tri(*n.hydration == "low") : Tri::unknown; }},
    {"caffeine_late", "after late caffeine",
     [](const Night& n) { return n.caffeine_late ? tri(*n.caffeine_late) : Tri::unknown; }},
    {"alcohol", "after alcohol", [](const Night& n) { return n.alcohol ? tri(*n.alcohol) : Tri::unknown; }},
    {"new_medication", "after starting a new medication",
     [](const Night& n) { return n.new_medication ? tri(names_new_medication(n)) : Tri::unknown; }},
};

WeekFigures figures(std::span<const Night> nights, std::span<const Episode> episodes, date::year_month_day monday) {
  WeekFigures f;
  const auto first = days(monday), last = first + date::days{6};
  f.from = monday;
  f.to = date::year_month_day{last};
  const auto inside = [&](date::sys_days d) { return d >= first && d <= last; };

  std::vector<Night> week_nights;
  for (const auto& n : nights)
    if (inside(days(n.night))) week_nights.push_back(n);
  std::vector<Episode> week_eps;
  for (const auto& e : episodes)
    if (inside(night_of(e))) week_eps.push_back(e);

  std::set<date::sys_days> logged, with_eps;
  for (const auto& n : week_nights) logged.insert(days(n.night));
  for (const auto& e : week_eps) {
    logged.insert(night_of(e));
    with_eps.insert(night_of(e));
  }
  f.nights_logged = static_cast<int>(logged.size());
  f.nights_with_episodes = static_cast<int>(with_eps.size());
  f.episodes = static_cast<int>(week_eps.size());

  std::map<date::sys_days, const Night*> by_date;
  for (const auto& n : week_nights) by_date[days(n.night)] = &n;

  std::vector<double> intensities, onsets, after_bed;
  for (const auto& e : week_eps) {
    if (e.duration_min) {
      f.total_minutes += *e.duration_min;
      ++f.with_duration;
      f.longest_minutes = std::max(f.longest_minutes.value_or(0.0), *e.duration_min);
    }
    if (e.intensity) intensities.push_back(*e.intensity);
    const double h = hours_after_noon(e);
    onsets.push_back(h);
    const int bucket = static_cast<int>(std::floor(h)) - (kChartStartHour - 12);
    if (bucket >= 0 && bucket < kChartHours)
      ++f.onset_by_hour[static_cast<std::size_t>(bucket)];
    else
      ++f.onset_afternoon;
    const auto it = by_date.find(night_of(e));
    if (it != by_date.end() && it->second->bed) {
      const double m = std::chrono::duration<double>(e.onset.utc - it->second->bed->utc).count() / 60.0;
      if (m > -clock::kMinutesPerDay && m < clock::kMinutesPerDay) {  // a bedtime a day away is a slip, not a fact
        after_bed.push_back(m);
        const std::size_t b = m < 0 ? 0 : m < 30 ? 1 : m < 60 ? 2 : m < 120 ? 3 : m < 240 ? 4 : 5;
        ++f.after_bed[b];
      }
    }
  }
  f.with_intensity = static_cast<int>(intensities.size());
  f.median_intensity = median(intensities);
  f.median_onset_hour = median(onsets);
  f.with_bedtime = static_cast<int>(after_bed.size());
  f.median_minutes_after_bed = median(after_bed);

  f.relief = relief_table(week_eps);
  for (const auto& e : week_eps)
    if (e.relief && !e.relief->empty() &&
        std::all_of(e.relief->begin(), e.relief->end(), [](const std::string& t) { return t == "none"; }))
      ++f.nothing_tried;
  f.factors = day_factors(week_nights, week_eps);

  std::vector<double> all, with, without;
  for (const auto& n : week_nights) {
    if (!n.sleep_quality) continue;
    all.push_back(*n.sleep_quality);
    (with_eps.count(days(n.night)) ? with : without).push_back(*n.sleep_quality);
  }
  const auto mean = [](const std::vector<double>& v) -> std::optional<double> {
    if (v.empty()) return std::nullopt;
    double s = 0;
    for (double x : v) s += x;
    return s / static_cast<double>(v.size());
  };
  f.sleep_quality_nights = static_cast<int>(all.size());
  f.mean_sleep_quality = mean(all);
  f.mean_sleep_quality_with_episodes = mean(with);
  f.mean_sleep_quality_without_episodes = mean(without);
  return f;
}

// Restless-legs figures of one week: episodes that fit restless legs best, or that record
// an urge to move.
RlsFigures rls_figures(std::span<const Ep> views, std::span<const int> best, date::year_month_day monday) {
  RlsFigures r;
  const auto first = days(monday), last = first + date::days{6};
  std::set<date::sys_days> nights;
  std::vector<double> onsets;
  for (std::size_t i = 0; i < views.size(); ++i) {
    const Ep& v = views[i];
    if (v.night < first || v.night > last) continue;
    const bool fits = best[i] == static_cast<int>(Cat::rls) || v.any_sens(S("urge_to_move"));
    if (!fits) continue;
    ++r.episodes;
    nights.insert(v.night);
    onsets.push_back(v.hour_from_noon());
    if (v.duration) {
      r.hours_with_symptoms += *v.duration / 60.0;
      ++r.with_duration;
    }
  }
  r.nights_with_symptoms = static_cast<int>(nights.size());
  r.usual_onset_hour = median(onsets);
  return r;
}

// The day factors against the nights that had an episode (`with_eps`).
std::vector<FactorRow> factors_of(std::span<const Night> nights, const std::vector<date::sys_days>& with_eps) {
  std::vector<FactorRow> rows;
  for (const auto& f : kFactors) {
    FactorRow r;
    r.id = f.id;
    r.label = f.label;
    for (const auto& n : nights) {
      const Tri t = f.test(n);
      if (t == Tri::unknown) continue;
      const bool had = holds(with_eps, days(n.night));
      if (t == Tri::yes) {
        ++r.nights;
        r.nights_with_episodes += had;
      } else {
        ++r.other_nights;
        r.other_nights_with_episodes += had;
      }
    }
    if (r.nights + r.other_nights > 0) rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace

date::year_month_day week_of(date::year_month_day day) {
  const date::sys_days d{day};
  const date::weekday wd{d};
  const auto since_monday = (wd - date::Monday).count();  // 0..6
  return date::year_month_day{d - date::days{since_monday}};
}

date::year_month_day last_full_week(date::year_month_day today) {
  return date::year_month_day{date::sys_days{week_of(today)} - date::days{7}};
}

std::optional<double> median(std::vector<double> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

std::string clock_text(double hours_after_noon) {
  constexpr long kDay = clock::kMinutesPerDay;
  long minutes = std::lround(hours_after_noon * 60.0) + clock::kNightStartsAt.count() * 60;
  minutes = ((minutes % kDay) + kDay) % kDay;
  return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

void ReliefTally::add(const Episode& e) {
  if (!e.relief) return;
  const auto& actions = *e.relief;
  for (auto a = actions.begin(); a != actions.end(); ++a) {
    // An action written twice in one episode counts once.
    if (*a == "none" || std::find(actions.begin(), a, *a) != a) continue;
    auto it = std::find_if(rows_.begin(), rows_.end(), [&](const ReliefRow& r) { return r.action == *a; });
    if (it == rows_.end()) {
      ReliefRow row;
      row.action = *a;
      rows_.push_back(std::move(row));
      minutes_.emplace_back();
      it = std::prev(rows_.end());
    }
    ++it->tried;
    if (!e.relief_effect)
      ++it->unknown;
    else if (*e.relief_effect == "full")
      ++it->full;
    else if (*e.relief_effect == "partial")
      ++it->partial;
    else
      ++it->none;
    if (e.relief_min) {
      ++it->with_relief_min;
      ++minutes_[static_cast<std::size_t>(it - rows_.begin())][*e.relief_min];
    }
  }
}

namespace {

// median() of the `n` values counted in `counts`.
std::optional<double> median_of_counts(const std::map<double, int>& counts, std::size_t n) {
  if (n == 0) return std::nullopt;
  const auto nth = [&](std::size_t i) {
    for (const auto& [v, k] : counts) {
      if (i < static_cast<std::size_t>(k)) return v;
      i -= static_cast<std::size_t>(k);
    }
    return counts.rbegin()->first;
  };
  return n % 2 ? nth(n / 2) : (nth(n / 2 - 1) + nth(n / 2)) / 2.0;
}

}  // namespace

std::vector<ReliefRow> ReliefTally::rows() const {
  std::vector<ReliefRow> rows = rows_;
  for (std::size_t i = 0; i < rows.size(); ++i)
    rows[i].median_relief_min = median_of_counts(minutes_[i], static_cast<std::size_t>(rows[i].with_relief_min));
  // Most tried first; among equals, what worked best; then the order first tried.
  std::stable_sort(rows.begin(), rows.end(), [](const ReliefRow& a, const ReliefRow& b) {
    if (a.tried != b.tried) return a.tried > b.tried;
    return a.full * 2 + a.partial > b.full * 2 + b.partial;
  });
  return rows;
}

std::vector<ReliefRow> relief_table(std::span<const Episode> episodes) {
  ReliefTally tally;
  for (const auto& e : episodes) tally.add(e);
  return tally.rows();
}

std::vector<FactorRow> day_factors(std::span<const Night> nights, std::span<const Episode> episodes) {
  NightList with_eps;
  for (const auto& e : episodes) with_eps.add(night_of(e));
  return factors_of(nights, std::move(with_eps).done());
}

std::vector<FactorRow> day_factors(std::span<const Night> nights, const std::vector<date::sys_days>& with_episodes) {
  return factors_of(nights, with_episodes);
}

// The items of `all` whose night is not after `end`: `all` itself when none is (the app
// reads the diary up to the week's end already), else a copy in `kept`.
template <class T, class NightOf>
std::span<const T> up_to(std::span<const T> all, date::sys_days end, std::vector<T>& kept, NightOf night) {
  if (std::none_of(all.begin(), all.end(), [&](const T& x) { return night(x) > end; })) return all;
  for (const auto& x : all)
    if (night(x) <= end) kept.push_back(x);
  return kept;
}

WeekSummary summarize_week(const Profile& profile, std::span<const Night> nights, std::span<const Episode> episodes,
                           date::year_month_day monday, std::optional<date::year_month_day> last_night) {
  monday = week_of(monday);
  const auto end = days(monday) + date::days{6};
  std::vector<Night> kept_nights;
  std::vector<Episode> kept_eps;
  const auto upto_nights = up_to(nights, end, kept_nights, [](const Night& n) { return days(n.night); });
  const auto upto_eps = up_to(episodes, end, kept_eps, [](const Episode& e) { return night_of(e); });
  std::vector<Episode> two_weeks;
  for (const auto& e : upto_eps)
    if (night_of(e) >= days(monday) - date::days{7}) two_weeks.push_back(e);
  return summarize_week(profile, records_of(upto_nights, upto_eps), two_weeks, monday, last_night);
}

WeekSummary summarize_week(const Profile& profile, const Records& records, std::span<const Episode> two_weeks,
                           date::year_month_day monday, std::optional<date::year_month_day> last_night) {
  monday = week_of(monday);
  const auto end = days(monday) + date::days{6};
  const auto nights = records.nights();
  const auto views = views_of(records);
  std::vector<Ep> week_views;
  for (const auto& v : views)
    if (v.night >= days(monday)) week_views.push_back(v);
  const auto with_eps = nights_of(views);

  WeekSummary s;
  s.week = figures(nights, two_weeks, monday);
  s.previous = figures(nights, two_weeks, date::year_month_day{days(monday) - date::days{7}});
  if (last_night)
    s.week.nights_so_far = static_cast<int>(std::clamp<long>((days(*last_night) - days(monday)).count() + 1, 0, 7));
  s.factors_to_date = factors_of(nights, with_eps);
  s.red_flags = find_red_flags(profile, nights, week_views);
  // The categories are scored once: the restless-legs figures reuse the analysis's best fits.
  auto analyzed = analyze_views(profile, nights, views, std::nullopt, date::year_month_day{end});
  s.analysis = std::move(analyzed.report);

  const bool rls = std::any_of(s.analysis.categories.begin(), s.analysis.categories.end(),
                               [](const CategoryFinding& c) { return c.id == "restless_legs"; });
  if (rls) {
    s.rls = rls_figures(views, analyzed.best, monday);
    s.rls_previous = rls_figures(views, analyzed.best, date::year_month_day{days(monday) - date::days{7}});
  }
  return s;
}

}  // namespace diary::analysis
