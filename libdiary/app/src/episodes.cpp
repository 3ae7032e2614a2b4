#include "diary/app/episodes.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <set>

#include <fmt/format.h>

#include "diary/analysis/analyze.hpp"
#include "diary/app/emergency.hpp"
#include "diary/clock.hpp"
#include "diary/error.hpp"
#include "diary/fields.hpp"
#include "diary/identity.hpp"
#include "diary/text_gate.hpp"

namespace diary::app {
namespace {

// How far back a warning sign may look for its context (a medication started earlier).
constexpr date::days kFlagContext{60};
// How far apart two signs still count as together (analysis: flags.cpp, together()).
constexpr date::days kTogetherNights{3};
// Two entries this close with the same locations are likely one episode logged twice.
constexpr std::chrono::minutes kDuplicateWindow{10};
// How far an end may come before its start and count as the same instant (0 minutes): a
// start typed by a watch (or phone) running ahead, which the clock takes up to this far.
constexpr std::chrono::minutes kClockSlack = clock::kClockAhead;
// The longest an episode may last (the duration field's range).
constexpr double kMaxMinutes = clock::kMinutesPerDay;

date::year_month_day near(date::year_month_day d, date::days by) {
  return date::year_month_day{date::sys_days{d} + by};
}

Error no_such_episode(std::int64_t id) {
  return bad_input("id", std::to_string(id), fmt::format("id: there is no episode {}", id));
}

// Within the caller's write transaction: the episode `key` saved before, if it was used.
std::optional<Episode> replay(Store& store, const std::optional<std::string>& key, std::string_view kind) {
  if (!key) return std::nullopt;
  const auto use = store.key_use(*key);
  if (!use) return std::nullopt;
  if (use->kind != kind)
    throw bad_input(
        "key", *key,
        fmt::format("key: \"{}\" was already used for `diary {}`; give each write its own key", *key, use->kind));
  auto found = store.episode_by_uuid(use->uuid);
  if (!found)
    throw bad_input("key", *key, fmt::format("key: \"{}\" saved an episode that has since been deleted", *key));
  return found;
}

bool same_places(const Episode& a, const Episode& b) {
  if (!a.locations || !b.locations || a.locations->empty() || b.locations->empty()) return true;
  auto x = *a.locations, y = *b.locations;
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  return x == y;
}

// Of `others`, the nearest within kDuplicateWindow of `episode`'s onset at the same places.
std::optional<Episode> closest_twin(const Episode& episode, std::span<const Episode> others) {
  const auto gap = [&](const Episode& x) { return std::chrono::abs(x.onset.utc - episode.onset.utc); };
  const Episode* best = nullptr;
  for (const auto& other : others) {
    if (other.uuid == episode.uuid || gap(other) > kDuplicateWindow || !same_places(episode, other)) continue;
    if (!best || gap(other) < gap(*best)) best = &other;
  }
  return best ? std::optional<Episode>(*best) : std::nullopt;
}

// The warning signs of `episodes`, read with the stored episodes of the nights around
// them: some signs speak only together (a clot's signs with breathlessness a night or two
// apart means call the emergency number now), and a warning is shown when one of
// `episodes` carries it. `twin`, when given, gets the likely double of the first of
// `episodes` among those around (closest_twin).
std::vector<analysis::RedFlag> flags_among(Store& store, std::span<const Episode> episodes,
                                           std::optional<Episode>* twin = nullptr) {
  std::set<std::int64_t> fresh;
  auto earliest = episodes.front().night(), latest = earliest;
  for (const auto& e : episodes) {
    earliest = std::min(earliest, e.night());
    latest = std::max(latest, e.night());
    fresh.insert(e.id);
  }
  // Oldest onset first, the new records before stored ones of the same instant: the stored
  // come in onset order, so they are merged with the new ones rather than all sorted.
  const auto earlier = [](const Episode& a, const Episode& b) { return a.onset.utc < b.onset.utc; };
  std::vector<Episode> all(episodes.begin(), episodes.end());
  std::stable_sort(all.begin(), all.end(), earlier);
  const auto mine = static_cast<std::ptrdiff_t>(all.size());
  {  // let go before the analysis: an import's batch is all in it, whole
    auto around = store.episodes(near(earliest, -kTogetherNights), near(latest, kTogetherNights));
    if (twin) *twin = closest_twin(episodes.front(), around);
    for (auto& e : around)
      if (!fresh.contains(e.id)) all.push_back(std::move(e));
  }
  std::inplace_merge(all.begin(), all.begin() + mine, all.end(), earlier);
  // Nights after the last episode read here cannot bear on its signs (a medicine started
  // later does not count for it), so a batch of an import reads only its own stretch.
  // Of the nights, the signs read only their words (notes, a new medicine named).
  const auto since = near(earliest, -kFlagContext);
  const auto nights = store.nights_with_text(since, near(latest, kTogetherNights));
  const auto flags_for = [&](const Profile& profile) {
    auto flags = analysis::red_flags(profile, nights, all);
    std::erase_if(flags, [&](const analysis::RedFlag& f) {
      return std::none_of(f.episodes.begin(), f.episodes.end(), [&](std::int64_t id) { return fresh.contains(id); });
    });
    return flags;
  };
  return flags_naming_the_number(store.profile(), flags_for);
}

// Saves `episode` as new and remembers `key`, in the caller's write transaction.
Saved insert(Store& store, Episode episode, const std::optional<std::string>& key, std::string_view kind) {
  if (episode.uuid.empty()) episode.uuid = new_uuid();
  episode.id = store.add(episode);
  // An episode logged for a night said to be quiet: the episode is the later word.
  if (auto night = store.night(episode.night()); night && night->quiet.value_or(false)) {
    night->quiet = false;
    store.put(*night);
  }
  if (key) store.remember_key(*key, std::string(kind), episode.uuid);
  // The nights around are read once, for the warning signs and for a likely double.
  std::optional<Episode> twin;
  auto flags = flags_among(store, std::span(&episode, 1), &twin);
  return {std::move(episode), std::move(flags), false, std::move(twin)};
}

// Runs a keyed write: a replay returns the first record, else `write` runs and commits.
template <class Write>
Saved keyed(Store& store, const std::optional<std::string>& key, std::string_view kind, Write&& write) {
  if (key) check_key(*key);
  auto tx = store.write();
  // A replay answers as the first write did, warning signs included: a retry is made
  // exactly when the first answer was lost, and its warning must not be lost with it.
  if (auto first = replay(store, key, kind)) {
    auto flags = flags_among(store, std::span(&*first, 1));
    return {std::move(*first), std::move(flags), true, {}};
  }
  Saved saved = write();
  tx.commit();
  return saved;
}

// Whole minutes from `onset` to `now` (never negative: a start a little ahead of the clock).
double elapsed_minutes(date::sys_seconds onset, date::sys_seconds now) {
  const auto seconds = std::max<std::int64_t>(0, (now - onset).count());
  return std::round(static_cast<double>(seconds) / 60.0);
}

// "last", "last-2": how many creations back; nullopt when `ref` is not of that form.
std::optional<int> last_offset(std::string_view ref) {
  if (ref.substr(0, 4) != "last") return std::nullopt;
  ref.remove_prefix(4);
  if (ref.empty()) return 0;
  if (ref.front() != '-' || ref.size() == 1) return std::nullopt;
  int back = 0;
  const auto [end, ec] = std::from_chars(ref.data() + 1, ref.data() + ref.size(), back);
  if (ec != std::errc{} || end != ref.data() + ref.size() || back < 0) return std::nullopt;
  return back;
}

template <class T>
void add_terms(std::optional<T>& into, const std::optional<T>& more) {
  if (!more) return;
  if (!into) into.emplace();
  for (const auto& t : *more)
    if (std::find(into->begin(), into->end(), t) == into->end()) into->push_back(t);
}

}  // namespace

std::vector<analysis::RedFlag> red_flags_of(Store& store, std::span<const Episode> episodes) {
  if (episodes.empty()) return {};
  return flags_among(store, episodes);
}

std::vector<analysis::RedFlag> unsaved_red_flags(Episode episode) {
  if (episode.note) try {
      check_text("note", *episode.note, kNoteMax, TextKind::multi_line);
    } catch (const Error&) {
      episode.note.reset();  // the note itself is what was refused
    }
  episode.id = 0;
  auto flags = flags_naming_the_number(
      Profile{}, [&](const Profile& profile) { return analysis::red_flags(profile, {}, std::span(&episode, 1)); });
  for (auto& f : flags) f.episodes.clear();  // nothing was saved: there is no episode to name
  return flags;
}

Saved log_episode(Store& store, Episode episode, std::optional<std::string> key) {
  validate(episode);  // refused before the diary is touched
  return keyed(store, key, "log", [&] { return insert(store, std::move(episode), key, "log"); });
}

Saved start_episode(Store& store, Episode episode, std::optional<std::string> key) {
  episode.open = true;
  validate(episode);  // a duration given to an episode still going is refused
  return keyed(store, key, "start", [&] {
    if (const auto going = store.open_episode())
      throw bad_input("open", std::to_string(going->id),
                      fmt::format("start: episode {} (begun {}) is still going; close it with `diary stop` first",
                                  going->id, clock::format_rfc3339(going->onset)));
    return insert(store, std::move(episode), key, "start");
  });
}

Saved stop_episode(Store& store, date::sys_seconds now, const std::function<void(Episode&)>& change,
                   std::optional<std::string> key) {
  return keyed(store, key, "stop", [&] {
    auto going = store.open_episode();
    if (!going) throw bad_input("stop", "", "stop: no episode is going; begin one with `diary start`");
    Episode e = *going;
    e.open = false;
    if (change) change(e);
    if (!e.duration_min) {
      if (now + kClockSlack < e.onset.utc)
        throw bad_input("at", clock::format_rfc3339(Instant{now, e.onset.offset, e.onset.zone}),
                        fmt::format("at: the end given, {}, comes before episode {} began ({}); give a later "
                                    "time, or its length with `diary stop --duration D`",
                                    clock::format_rfc3339(Instant{now, e.onset.offset, e.onset.zone}), e.id,
                                    clock::format_rfc3339(e.onset)));
      const double minutes = elapsed_minutes(e.onset.utc, now);
      if (minutes > kMaxMinutes)
        throw bad_input("duration", fmt::format("{}", minutes),
                        fmt::format("duration: episode {} began {}, over 24 hours ago; give its length with "
                                    "`diary stop --duration D`",
                                    e.id, clock::format_rfc3339(e.onset)));
      e.duration_min = minutes;
    }
    e.id = going->id;
    e.uuid = going->uuid;
    store.update(e);
    if (key) store.remember_key(*key, "stop", e.uuid);
    auto flags = red_flags_of(store, std::span(&e, 1));
    return Saved{std::move(e), std::move(flags), false, {}};
  });
}

std::optional<Episode> open_episode(Store& store) {
  auto tx = store.read();
  return store.open_episode();
}

std::optional<Episode> nearby_episode(Store& store, const Episode& episode) {
  auto tx = store.read();
  return closest_twin(episode, store.episodes_near(episode.onset.utc, kDuplicateWindow));
}

Episode episode(Store& store, std::int64_t id) {
  auto tx = store.read();
  auto found = store.episode(id);
  if (!found) throw no_such_episode(id);
  return *found;
}

Episode resolve_episode(Store& store, std::string_view ref) {
  const std::string text(ref);
  if (const auto back = last_offset(ref)) {
    auto tx = store.read();
    auto found = store.recent_episode(*back);
    if (!found)
      throw bad_input("id", text,
                      *back == 0 ? std::string("id: there are no episodes yet")
                                 : fmt::format("id: there is no episode {} (the diary has fewer episodes)", text));
    return *found;
  }
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(ref.data(), ref.data() + ref.size(), id);
  if (ref.empty() || ec != std::errc{} || end != ref.data() + ref.size() || id <= 0)
    throw bad_input(
        "id", text,
        fmt::format("id: \"{}\" names no episode; give its number (see `diary list`), last, or last-1", text));
  return episode(store, id);
}

Edited edit_episode(Store& store, std::int64_t id, const std::function<void(Episode&)>& change) {
  auto tx = store.write();
  const auto found = store.episode(id);
  if (!found) throw no_such_episode(id);
  Episode edited = *found;
  change(edited);
  edited.id = id;
  edited.uuid = found->uuid;  // an identity never changes
  if (edited == *found) return {{std::move(edited), {}, false, {}}, false};
  store.update(edited);
  auto flags = red_flags_of(store, std::span(&edited, 1));
  tx.commit();
  return {{std::move(edited), std::move(flags), false, {}}, true};
}

Edited add_to_episode(Store& store, std::int64_t id, const Episode& extra) {
  return edit_episode(store, id, [&](Episode& e) {
    const auto old_note = e.note;
    for (const auto& field : episode_fields()) {
      std::visit(
          [&](auto member) {
            using V = std::decay_t<decltype(*(e.*member))>;
            if constexpr (std::is_same_v<V, Terms>)
              add_terms(e.*member, extra.*member);
            else if (extra.*member)
              e.*member = extra.*member;
          },
          field.member);
    }
    // Two notes are two things the person wrote: keep both.
    if (old_note && extra.note && !old_note->empty() && *old_note != *extra.note)
      e.note = extra.note->empty() ? *old_note : *old_note + "; " + *extra.note;
  });
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
