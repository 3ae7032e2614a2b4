#pragma once
// Internal: the red flags, found episode by episode.
#include <span>
#include <vector>

#include "diary/analysis/report.hpp"
#include "diary/night.hpp"
#include "diary/profile.hpp"
#include "features.hpp"

namespace diary::analysis::detail {

std::vector<RedFlag> find_red_flags(const Profile& profile, std::span<const Night> nights,
                                    std::span<const Ep> episodes);

}  // namespace diary::analysis::detail
