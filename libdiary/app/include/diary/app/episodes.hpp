#pragma once
// Operations on episodes, shared by the command line and the phone page. Each validates
// before it writes, runs in one short write transaction (never waiting for a person inside
// it), and returns what was saved with the warning signs it shows.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "diary/analysis/report.hpp"
#include "diary/episode.hpp"
#include "diary/store.hpp"

namespace diary::app {

// What a write saved, and the warning signs the saved records show (to print at once).
struct Saved {
  Episode episode;
  std::vector<analysis::RedFlag> red_flags;
};

// Saves a new episode. Throws bad_input (nothing written) when a field is out of range.
Saved log_episode(Store& store, Episode episode);

// The episode `id`, or bad_input naming "id" when there is none.
Episode episode(Store& store, std::int64_t id);

// Changes episode `id` by `change` (which sees the stored record). `changed` is false and
// nothing is written when the result equals what was stored.
struct Edited {
  Saved saved;
  bool changed = false;
};
Edited edit_episode(Store& store, std::int64_t id, const std::function<void(Episode&)>& change);

// Removes episode `id`; bad_input naming "id" when there is none.
void delete_episode(Store& store, std::int64_t id);

// The episodes of the nights in [from, to] (either bound open), oldest first.
std::vector<Episode> list_episodes(Store& store, std::optional<date::year_month_day> from,
                                   std::optional<date::year_month_day> to);

// The warning signs that `episodes` show, in the context of the profile and the nights of
// the two months before them. Runs in the caller's transaction.
std::vector<analysis::RedFlag> red_flags_of(Store& store, std::span<const Episode> episodes);

}  // namespace diary::app
