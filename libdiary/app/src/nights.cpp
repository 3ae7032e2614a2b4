#include "diary/app/nights.hpp"
#include "diary/app/emergency.hpp"

#include <variant>

#include <fmt/format.h>

#include "diary/analysis/analyze.hpp"
#include "diary/error.hpp"
#include "diary/fields.hpp"
#include "diary/identity.hpp"

namespace diary::app {
namespace {

// Copies every field that `update` sets onto `into`.
template <class Record, class Fields>
void merge_fields(Record& into, const Record& update, const Fields& fields) {
  for (const auto& field : fields)
    std::visit(
        [&](auto member) {
          if (update.*member) into.*member = update.*member;
        },
        field.member);
}

// Within the caller's write transaction: the night `key` saved before, if it was used.
std::optional<Night> replay(Store& store, const std::optional<std::string>& key) {
  if (!key) return std::nullopt;
  const auto use = store.key_use(*key);
  if (!use) return std::nullopt;
  if (use->kind != "night")
    throw bad_input(
        "key", *key,
        fmt::format("key: \"{}\" was already used for `diary {}`; give each write its own key", *key, use->kind));
  auto found = store.night_by_uuid(use->uuid);
  if (!found) throw bad_input("key", *key, fmt::format("key: \"{}\" saved a night that is no longer there", *key));
  return found;
}

// A quiet night is one without episodes: said of a night that has some, it is refused
// rather than stored as a contradiction.
void refuse_quiet_with_episodes(Store& store, const Night& night) {
  if (!night.quiet.value_or(false)) return;
  const auto episodes = store.episodes(night.night, night.night);
  if (episodes.empty()) return;
  throw bad_input(
      "quiet", clock::format_day(night.night),
      fmt::format("quiet: the night of {} has {} logged; a quiet night has none (see `diary night --date {}`)",
                  clock::format_day(night.night),
                  episodes.size() == 1 ? std::string("1 episode") : fmt::format("{} episodes", episodes.size()),
                  clock::format_day(night.night)));
}

}  // namespace

// A night is recorded once it has begun (its evening, noon on): the night of `now` at the
// latest.
void refuse_future_night(date::year_month_day night, date::sys_seconds now, clock::Zone zone) {
  const auto current = clock::night_of(clock::in_zone(now, zone));
  if (date::sys_days{night} <= date::sys_days{current}) return;
  const auto day = clock::format_day(night);
  throw bad_input("night", day,
                  fmt::format("night: the night of {} has not begun yet (nights are named by their evening); the "
                              "latest is the night of {}",
                              day, clock::format_day(current)));
}

date::sys_seconds night_anchor(clock::Zone zone, date::year_month_day night) {
  const auto noon_after = clock::night_start(date::local_days{night} + date::days{1});
  return date::floor<std::chrono::seconds>(zone->to_sys(noon_after, date::choose::earliest));
}

date::year_month_day default_night(const Night& update, date::sys_seconds now, clock::Zone zone) {
  if (update.bed) return clock::night_of(*update.bed);
  if (update.wake) return clock::night_of(*update.wake);
  return clock::night_of(clock::in_zone(now, zone));
}

std::optional<Night> night(Store& store, date::year_month_day day) {
  auto tx = store.read();
  return store.night(day);
}

Night record_night(Store& store, const Night& update, date::sys_seconds now, clock::Zone zone,
                   std::optional<std::string> key) {
  validate(update);
  refuse_future_night(update.night, now, zone);
  if (key) check_key(*key);
  auto tx = store.write();
  if (auto first = replay(store, key)) return *first;
  Night merged = store.night(update.night).value_or(Night{});
  merged.night = update.night;
  if (merged.uuid.empty()) merged.uuid = update.uuid.empty() ? new_uuid() : update.uuid;
  merge_fields(merged, update, night_fields());
  refuse_quiet_with_episodes(store, merged);
  store.put(merged);
  if (key) store.remember_key(*key, "night", merged.uuid);
  tx.commit();
  return merged;
}

std::vector<analysis::RedFlag> night_red_flags(Store& store, const Night& night) {
  auto tx = store.read();
  return flags_naming_the_number(store.profile(),
                                 [&](const Profile& profile) { return analysis::night_red_flags(profile, night); });
}

Profile profile(Store& store) {
  auto tx = store.read();
  return store.profile();
}

Profile update_profile(Store& store, const Profile& update) {
  validate(update);
  auto tx = store.write();
  Profile merged = store.profile();
  merge_fields(merged, update, profile_fields());
  store.put(merged);
  tx.commit();
  return merged;
}

}  // namespace diary::app
