#pragma once
// Internal: analyze() over episodes already seen through their facts, keeping the per-episode
// best fits, so that the weekly summary scores the categories once.
#include <optional>
#include <span>
#include <vector>

#include <date/date.h>

#include "diary/analysis/report.hpp"
#include "diary/night.hpp"
#include "diary/profile.hpp"
#include "features.hpp"

namespace diary::analysis::detail {

struct Analyzed {
  Report report;
  std::vector<int> best;  // per view, the category it fits best (-1: none), as score_categories
};

Analyzed analyze_views(const Profile& profile, std::span<const Night> nights, std::span<const Ep> views,
                       std::optional<date::year_month_day> from, std::optional<date::year_month_day> to);

}  // namespace diary::analysis::detail
