// analyze() and red_flags(): the entry points, gluing the rules together.
#include "diary/analysis/analyze.hpp"

#include <algorithm>
#include <set>

#include "analyze_views.hpp"
#include "categories.hpp"
#include "features.hpp"
#include "flags.hpp"
#include "note_facts.hpp"
#include "patterns.hpp"
#include "proportion.hpp"

namespace diary::analysis {

using namespace detail;

namespace {

// The three kinds of night: with episodes, logged without any (quiet), and not logged.
// A night of the asked period before the diary's first entry counts as not logged:
// the period is what the reader asked about.
void count_nights(Report& r, const std::vector<date::sys_days>& logged, const std::vector<date::sys_days>& troubled) {
  r.nights_with_episodes = static_cast<int>(troubled.size());
  r.quiet_nights = r.nights - r.nights_with_episodes;
  if (!r.from || !r.to || *r.to < *r.from) return;
  const int days = static_cast<int>((date::sys_days{*r.to} - date::sys_days{*r.from}).count()) + 1;
  int inside = 0;
  for (const auto d : logged) inside += d >= date::sys_days{*r.from} && d <= date::sys_days{*r.to};
  r.unlogged_nights = days - inside;
}

}  // namespace

std::span<const std::string_view> category_ids() { return kCatIds; }

std::span<const std::string_view> red_flag_ids() {
  static constexpr std::array<std::string_view, 7> ids{"dvt_signs",       "dangling_relief", "critical_ischemia",
                                                       "cardiopulmonary", "sudden_weakness", "new_medication_cramps",
                                                       "cauda_equina"};
  return ids;
}

Analyzed detail::analyze_views(const Profile& profile, std::span<const Night> nights, std::span<const Ep> views,
                               std::optional<date::year_month_day> from, std::optional<date::year_month_day> to) {
  Analyzed out;
  Report& r = out.report;
  r.from = from;
  r.to = to;
  r.episodes = static_cast<int>(views.size());

  const auto distinct = distinct_nights(nights, views);
  r.nights = static_cast<int>(distinct.size());
  Period period = covered_period(distinct);
  period.check_ins = !nights.empty();
  // Without bounds from the caller, the report states the span the data cover.
  if (!r.from && !distinct.empty()) r.from = date::year_month_day{period.first};
  if (!r.to && !distinct.empty()) r.to = date::year_month_day{period.last};
  const auto with_episodes = nights_of(views);
  count_nights(r, distinct, with_episodes);

  auto scored = score_categories(profile, views, period);
  r.categories = std::move(scored.findings);
  keep_proportion(r.categories, views, scored.best);
  add_note_evidence(r.categories, views, scored.best);
  // A night's own note carries its signs through the night's episodes; a night without an
  // episode is read on its own.
  std::vector<Night> quiet;
  for (const auto& n : nights)
    if (!holds(with_episodes, date::sys_days{n.night})) quiet.push_back(n);
  r.red_flags = find_red_flags(profile, nights, views, quiet);
  r.patterns = find_patterns(profile, nights, views, scored.best);
  out.best = std::move(scored.best);
  return out;
}

Report analyze(const Profile& profile, std::span<const Night> nights, std::span<const Episode> episodes,
               std::optional<date::year_month_day> from, std::optional<date::year_month_day> to) {
  return analyze(profile, records_of(nights, episodes), from, to);
}

Report analyze(const Profile& profile, const Records& records, std::optional<date::year_month_day> from,
               std::optional<date::year_month_day> to) {
  return analyze_views(profile, records.nights(), views_of(records), from, to).report;
}

std::vector<RedFlag> red_flags(const Profile& profile, std::span<const Night> nights,
                               std::span<const Episode> episodes) {
  const auto records = records_of(nights, episodes);
  return find_red_flags(profile, nights, views_of(records));
}

std::vector<RedFlag> night_red_flags(const Profile& profile, const Night& night) {
  return find_red_flags(profile, {}, {}, std::span(&night, 1));
}

}  // namespace diary::analysis
