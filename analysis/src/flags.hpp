#pragma once
// Internal: the red flags, found episode by episode.
#include <span>
#include <vector>

#include "diary/analysis/report.hpp"
#include "diary/night.hpp"
#include "diary/profile.hpp"
#include "features.hpp"

namespace diary::analysis::detail {

// `note_nights`: nights whose own note and new-medicine text are read for warning signs as
// well (a sign in a night's note is raised even when no episode was logged that night).
std::vector<RedFlag> find_red_flags(const Profile& profile, std::span<const Night> nights,
                                    std::span<const Ep> episodes, std::span<const Night> note_nights = {});

}  // namespace diary::analysis::detail
