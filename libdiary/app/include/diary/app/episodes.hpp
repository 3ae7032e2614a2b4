#pragma once
// Operations on episodes, shared by the command line and the phone page. Each validates
// before it writes, runs in one short write transaction (never waiting for a person inside
// it), and returns what was saved with the warning signs it shows.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "diary/analysis/report.hpp"
#include "diary/episode.hpp"
#include "diary/store.hpp"

namespace diary::app {

// What a write saved, and the warning signs the saved records show (to print at once).
// `replayed`: the idempotency key was used before, so nothing was written and `episode` is
// the record that key saved the first time (as stored now), with the warning signs it
// shows now, as the first answer had them.
// `nearby` (log and start only): another episode within 10 minutes of it at the same
// places, as nearby_episode() finds, likely the same one logged twice; found among the
// episodes the warning check reads anyway.
struct Saved {
  Episode episode;
  std::vector<analysis::RedFlag> red_flags;
  bool replayed = false;
  std::optional<Episode> nearby;
};

// Idempotency keys (`key`): the phone page sends one per tap, so a retried request saves
// once. The key is checked and remembered in the same BEGIN IMMEDIATE transaction as the
// write, so two processes sending one key at once save one record. A key is 1-128
// printable ASCII characters without spaces (bad_input naming "key" otherwise); a key used
// for another operation is bad_input too.

// Saves a new episode (giving it a uuid when it has none). Throws bad_input (nothing
// written) when a field is out of range.
Saved log_episode(Store& store, Episode episode, std::optional<std::string> key = {});

// Records an episode still going (open, duration unknown) that began at its onset.
// bad_input naming "open" when one is going already (see open_episode).
Saved start_episode(Store& store, Episode episode, std::optional<std::string> key = {});

// Closes the episode still going: its duration becomes `now` - onset in whole minutes,
// then `change` (may be empty) sets what the person adds (relief, a duration of their own).
// bad_input naming "stop" when none is going, or "duration" when it began over 24 hours
// ago and `change` gave no duration.
Saved stop_episode(Store& store, date::sys_seconds now, const std::function<void(Episode&)>& change = {},
                   std::optional<std::string> key = {});

// The episode still going, if any.
std::optional<Episode> open_episode(Store& store);

// An episode that `episode` may repeat: the nearest other one within 10 minutes of its
// onset whose locations are the same (or either's are unknown or none).
std::optional<Episode> nearby_episode(Store& store, const Episode& episode);

// The episode a person names: its id ("12"), "last" (the most recently created, by id),
// or "last-1", "last-2", ... (the one created before it). bad_input naming "id" otherwise.
Episode resolve_episode(Store& store, std::string_view ref);

// The episode `id`, or bad_input naming "id" when there is none.
Episode episode(Store& store, std::int64_t id);

// Changes episode `id` by `change` (which sees the stored record). `changed` is false and
// nothing is written when the result equals what was stored.
struct Edited {
  Saved saved;
  bool changed = false;
};
Edited edit_episode(Store& store, std::int64_t id, const std::function<void(Episode&)>& change);

// Adds what `extra` knows to episode `id`: its known fields replace, lists are joined
// without repeats, notes are joined. For a duplicate the person says is the same episode.
Edited add_to_episode(Store& store, std::int64_t id, const Episode& extra);

// Removes episode `id`; bad_input naming "id" when there is none.
void delete_episode(Store& store, std::int64_t id);

// The episodes of the nights in [from, to] (either bound open), oldest first.
std::vector<Episode> list_episodes(Store& store, std::optional<date::year_month_day> from,
                                   std::optional<date::year_month_day> to);

// The warning signs that `episodes` show, in the context of the profile and the nights of
// the two months before them. Runs in the caller's transaction.
std::vector<analysis::RedFlag> red_flags_of(Store& store, std::span<const Episode> episodes);

// The warning signs `episode` shows on its own, for an entry that was not saved (refused,
// cancelled, a damaged diary): they are shown all the same. Reads no diary, so the
// profile's number is not known; the zone's country's is named. No episode ids. A note the
// input gate refuses is not read.
std::vector<analysis::RedFlag> unsaved_red_flags(Episode episode);

}  // namespace diary::app
