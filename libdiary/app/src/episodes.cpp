#include "diary/app/episodes.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "diary/analysis/analyze.hpp"
#include "diary/error.hpp"
#include "diary/fields.hpp"

namespace diary::app {
namespace {

// How far back a warning sign may look for its context (a medication started earlier).
constexpr date::days kFlagContext{60};

Error no_such_episode(std::int64_t id) {
  return bad_input("id", std::to_string(id), fmt::format("id: there is no episode {}", id));
}

}  // namespace

std::vector<analysis::RedFlag> red_flags_of(Store& store, std::span<const Episode> episodes) {
  if (episodes.empty()) return {};
  auto earliest = episodes.front().night();
  for (const auto& e : episodes) earliest = std::min(earliest, e.night());
  const auto since = date::year_month_day{date::sys_days{earliest} - kFlagContext};
  return analysis::red_flags(store.profile(), store.nights(since, std::nullopt), episodes);
}

Saved log_episode(Store& store, Episode episode) {
  validate(episode);  // refused before the diary is touched
  auto tx = store.write();
  episode.id = store.add(episode);
  auto flags = red_flags_of(store, std::span(&episode, 1));
  tx.commit();
  return {std::move(episode), std::move(flags)};
}

Episode episode(Store& store, std::int64_t id) {
  auto tx = store.read();
  auto found = store.episode(id);
  if (!found) throw no_such_episode(id);
  return *found;
}

Edited edit_episode(Store& store, std::int64_t id, const std::function<void(Episode&)>& change) {
  auto tx = store.write();
  const auto found = store.episode(id);
  if (!found) throw no_such_episode(id);
  Episode edited = *found;
  change(edited);
  edited.id = id;
  if (edited == *found) return {{std::move(edited), {}}, false};
  store.update(edited);
  auto flags = red_flags_of(store, std::span(&edited, 1));
  tx.commit();
  return {{std::move(edited), std::move(flags)}, true};
}

void delete_episode(Store& store, std::int64_t id) {
  auto tx = store.write();
  if (!store.remove(id)) throw no_such_episode(id);
  tx.commit();
}

std::vector<Episode> list_episodes(Store& store, std::optional<date::year_month_day> from,
                                   std::optional<date::year_month_day> to) {
  auto tx = store.read();
  return store.episodes(from, to);
}

}  // namespace diary::app
