#pragma once
// Internal: proportion. A serious category carried by a stray episode or two in a diary
// that otherwise fits a benign pattern is reported as those episodes, with their own
// advice, and does not raise the whole report's action. Warning signs are unaffected: each
// raises at once (flags.cpp).
#include <span>
#include <vector>

#include "diary/analysis/report.hpp"
#include "features.hpp"

namespace diary::analysis::detail {

// `best[i]`: the category index episode i fits best, or -1 (see score_categories).
void keep_proportion(std::vector<CategoryFinding>& findings, std::span<const Ep> eps, std::span<const int> best);

}  // namespace diary::analysis::detail
