#pragma once
// Internal: recurring patterns with their figures.
#include <span>
#include <vector>

#include "diary/analysis/report.hpp"
#include "diary/night.hpp"
#include "diary/profile.hpp"
#include "features.hpp"

namespace diary::analysis::detail {

// `best[i]`: the category index episode i fits best, or -1 (see score_categories).
std::vector<PatternFinding> find_patterns(const Profile& profile, std::span<const Night> nights,
                                          std::span<const Ep> episodes, std::span<const int> best);

}  // namespace diary::analysis::detail
