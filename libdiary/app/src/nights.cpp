#include "diary/app/nights.hpp"

#include <variant>

#include "diary/fields.hpp"

namespace diary::app {
namespace {

// Copies every field that `update` sets onto `into`.
template <class Record, class Fields>
void merge_fields(Record& into, const Record& update, const Fields& fields) {
  for (const auto& field : fields)
    std::visit([&](auto member) { if (update.*member) into.*member = update.*member; }, field.member);
}

}  // namespace

date::sys_seconds night_anchor(clock::Zone zone, date::year_month_day night) {
  const auto noon_after = date::local_days{night} + date::days{1} + std::chrono::hours{12};
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

Night record_night(Store& store, const Night& update) {
  validate(update);
  auto tx = store.write();
  Night merged = store.night(update.night).value_or(Night{});
  merged.night = update.night;
  merge_fields(merged, update, night_fields());
  store.put(merged);
  tx.commit();
  return merged;
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
