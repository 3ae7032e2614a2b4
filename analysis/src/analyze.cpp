// analyze() and red_flags(): the entry points, gluing the rules together.
#include "diary/analysis/analyze.hpp"

#include <algorithm>
#include <set>

#include "categories.hpp"
#include "features.hpp"
#include "flags.hpp"
#include "patterns.hpp"

namespace diary::analysis {

using namespace detail;

std::span<const std::string_view> category_ids() { return kCatIds; }

std::span<const std::string_view> red_flag_ids() {
  static constexpr std::array<std::string_view, 7> ids{"dvt_signs",       "dangling_relief", "critical_ischemia",
                                                       "cardiopulmonary", "sudden_weakness", "new_medication_cramps",
                                                       "cauda_equina"};
  return ids;
}

Report analyze(const Profile& profile, std::span<const Night> nights, std::span<const Episode> episodes,
               std::optional<date::year_month_day> from, std::optional<date::year_month_day> to) {
  Report r;
  r.from = from;
  r.to = to;
  r.episodes = static_cast<int>(episodes.size());

  const auto views = make_views(nights, episodes);
  const auto distinct = distinct_nights(nights, views);
  r.nights = static_cast<int>(distinct.size());
  const Period period = covered_period(distinct);
  // Without bounds from the caller, the report states the span the data cover.
  if (!r.from && !distinct.empty()) r.from = date::year_month_day{period.first};
  if (!r.to && !distinct.empty()) r.to = date::year_month_day{period.last};

  auto scored = score_categories(profile, views, period);
  r.categories = std::move(scored.findings);
  r.red_flags = find_red_flags(profile, nights, views);
  r.patterns = find_patterns(profile, nights, views, scored.best);
  return r;
}

std::vector<RedFlag> red_flags(const Profile& profile, std::span<const Night> nights,
                               std::span<const Episode> episodes) {
  const auto views = make_views(nights, episodes);
  return find_red_flags(profile, nights, views);
}

}  // namespace diary::analysis
