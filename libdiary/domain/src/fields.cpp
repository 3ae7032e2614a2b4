#include "diary/fields.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "diary/clock.hpp"
#include "diary/error.hpp"
#include "diary/text_gate.hpp"

namespace diary {
namespace {

using E = Episode;
using N = Night;
using P = Profile;

const Field<Episode> kEpisodeFields[] = {
    {"duration_min", &E::duration_min, nullptr, 0, clock::kMinutesPerDay,
     "how long it lasted (90s, 5m, 1h20m, or minutes)"},
    {"intensity", &E::intensity, nullptr, 0, 10, "how bad, 0 (none) to 10 (worst)"},
    {"onset_speed", &E::onset_speed, &vocab::onset_speed, 0, 0, "how it began"},
    {"locations", &E::locations, &vocab::locations, 0, 0, "where in the leg"},
    {"side", &E::side, &vocab::side, 0, 0, "which leg"},
    {"sensations", &E::sensations, &vocab::sensations, 0, 0, "what it felt like"},
    {"muscle_hard", &E::muscle_hard, nullptr, 0, 0, "the muscle was hard or knotted"},
    {"posture", &E::posture, &vocab::posture, 0, 0, "how you were lying when it began"},
    {"relief", &E::relief, &vocab::relief, 0, 0, "what you tried, in order"},
    {"relief_effect", &E::relief_effect, &vocab::relief_effect, 0, 0, "how well it helped"},
    {"relief_min", &E::relief_min, nullptr, 0, clock::kMinutesPerDay, "minutes until it eased"},
    {"returned_when_still", &E::returned_when_still, nullptr, 0, 0, "it came back when you lay still again"},
    {"signs", &E::signs, &vocab::signs, 0, 0, "anything unusual about the leg"},
    {"note", &E::note, nullptr, 0, 0, "free text"},
    {"relief_medicine", &E::relief_medicine, nullptr, 0, 0, "the medicine taken for it (with relief medication)"},
};

const Field<Night> kNightFields[] = {
    {"bed", &N::bed, nullptr, 0, 0, "when you went to bed"},
    {"wake", &N::wake, nullptr, 0, 0, "when you got up"},
    {"sleep_quality", &N::sleep_quality, nullptr, 1, 5, "1 (very poor) to 5 (very good)"},
    {"exercise", &N::exercise, &vocab::exercise, 0, 0, "exercise that day"},
    {"hydration", &N::hydration, &vocab::hydration, 0, 0, "how much you drank that day"},
    {"caffeine_late", &N::caffeine_late, nullptr, 0, 0, "caffeine in the afternoon or evening"},
    {"alcohol", &N::alcohol, nullptr, 0, 0, "alcohol that evening"},
    {"new_medication", &N::new_medication, nullptr, 0, 0, "a medication started that day (free text)"},
    {"daytime_walking_pain", &N::daytime_walking_pain, nullptr, 0, 0,
     "calf pain on walking that eases within minutes of standing still"},
    {"leg_jerks_reported", &N::leg_jerks_reported, nullptr, 0, 0, "someone saw the legs kick or jerk in sleep"},
    {"note", &N::note, nullptr, 0, 0, "free text"},
    {"quiet", &N::quiet, nullptr, 0, 0, "a quiet night: no episodes (refused for a night that has episodes)"},
};

const Field<Profile> kProfileFields[] = {
    {"birth_year", &P::birth_year, nullptr, 1900, 2100, "year of birth"},
    {"smoking", &P::smoking, &vocab::smoking, 0, 0, "never, former or current"},
    {"conditions", &P::conditions, &vocab::conditions, 0, 0, "known conditions"},
    {"medications", &P::medications, &vocab::medications, 0, 0, "regular medications"},
    {"emergency_number", &P::emergency_number, nullptr, 0, 0,
     "the emergency number to show in warnings, e.g. 999 (default: from the time zone's country)"},
};

std::string qualified(std::string_view prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : fmt::format("{}.{}", prefix, name);
}

// The input gate for a text field: terms are short single words; notes may span lines;
// other free text (a medication's name) is one line.
template <class Record>
void check_field_text(const Field<Record>& field, std::string_view where, std::string_view value) {
  if (field.vocabulary)
    check_text(where, value, kTermMax);
  else if (field.name == "note")
    check_text(where, value, kNoteMax, TextKind::multi_line);
  else
    check_text(where, value, kValueMax);
}

template <class Record>
void validate_fields(const Record& record, std::span<const Field<Record>> fields, std::string_view prefix) {
  for (const auto& field : fields) {
    const std::string where = qualified(prefix, field.name);
    std::visit(
        [&](auto member) {
          const auto& value = record.*member;
          if (!value) return;
          using V = std::decay_t<decltype(*value)>;
          if constexpr (std::is_same_v<V, double> || std::is_same_v<V, int>) {
            const double x = static_cast<double>(*value);
            if (!std::isfinite(x) || x < field.min || x > field.max)
              throw bad_input(
                  where, fmt::format("{}", *value),
                  fmt::format("{}: {} is out of range; give {} to {}", where, *value, field.min, field.max));
          } else if constexpr (std::is_same_v<V, std::string>) {
            check_field_text(field, where, *value);
            if (field.vocabulary) check_term(*field.vocabulary, where, *value);
          } else if constexpr (std::is_same_v<V, Terms>) {
            for (const auto& term : *value) {
              check_text(where, term, kTermMax);
              check_term(*field.vocabulary, where, term);
            }
          }
        },
        field.member);
  }
}

// The years the diary keeps: 1900 (before it, zones fall back to local mean time with
// offsets such as +00:53:28 that RFC 3339 with minutes cannot write back) to next year
// (a diary is about nights lived; a later date is a typing error).
date::year last_year() { return date::year_month_day{date::floor<date::days>(clock::now())}.year() + date::years{1}; }

// "2026-11-20 22:00", also for years date::format would write oddly (year 0 as "00-1").
std::string local_text(date::local_seconds t) {
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(t - day).count();
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()), minutes / 60, minutes % 60);
}

void check_year(date::year year, const std::string& where, const std::string& value) {
  if (year >= date::year{1900} && year <= last_year()) return;
  throw bad_input(where, value,
                  fmt::format("{}: {} is outside the years the diary keeps (1900 to {})", where, value,
                              static_cast<int>(last_year())));
}

void check_instant_year(const Instant& instant, const std::string& where) {
  const auto day = date::floor<date::days>(instant.local());
  check_year(date::year_month_day{day}.year(), where, local_text(instant.local()));
}

// Bed and wake belong to their night: bed from noon of the night's date to noon the next
// day; wake after that noon and within 36 hours of it (a late sleeper's afternoon).
void check_in_night(const Night& night, const std::optional<Instant>& time, std::string_view prefix,
                    std::string_view name, std::chrono::hours span) {
  if (!time) return;
  const std::string where = qualified(prefix, name);
  check_instant_year(*time, where);
  const auto noon = clock::night_start(date::local_days{night.night});
  const auto local = time->local();
  if (local < noon || local > noon + span)
    throw bad_input(
        where, local_text(local),
        fmt::format("{}: {} is not in the night of {} (give a time from {} to {})", where, local_text(local),
                    clock::format_day(night.night), local_text(noon), local_text(noon + span)));
}

}  // namespace

std::span<const Field<Episode>> episode_fields() { return kEpisodeFields; }
std::span<const Field<Night>> night_fields() { return kNightFields; }
std::span<const Field<Profile>> profile_fields() { return kProfileFields; }

void validate(const Episode& episode, std::string_view prefix) {
  check_instant_year(episode.onset, qualified(prefix, "onset"));
  validate_fields<Episode>(episode, kEpisodeFields, prefix);
  // An episode still going has no length yet: `stop` gives it one and closes it.
  if (episode.open && episode.duration_min)
    throw bad_input(qualified(prefix, "duration_min"), fmt::format("{}", *episode.duration_min),
                    fmt::format("{}: an episode still going has no duration yet", qualified(prefix, "duration_min")));
}
void validate(const Night& night, std::string_view prefix) {
  check_year(night.night.year(), qualified(prefix, "night"), local_text(date::local_days{night.night}).substr(0, 10));
  validate_fields<Night>(night, kNightFields, prefix);
  check_in_night(night, night.bed, prefix, "bed", std::chrono::hours{24});
  check_in_night(night, night.wake, prefix, "wake", std::chrono::hours{36});
  if (night.bed && night.wake && night.wake->utc <= night.bed->utc)
    throw bad_input(qualified(prefix, "wake"), local_text(night.wake->local()),
                    fmt::format("{}: wake time {} must come after bedtime {}", qualified(prefix, "wake"),
                                local_text(night.wake->local()), local_text(night.bed->local())));
}
void validate(const Profile& profile, std::string_view prefix) {
  validate_fields<Profile>(profile, kProfileFields, prefix);
  // A number to dial: 2 to 6 digits (112, 000, 911, 116117), nothing else to misread.
  if (const auto& n = profile.emergency_number) {
    const bool digits = std::all_of(n->begin(), n->end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || n->size() < 2 || n->size() > 6)
      throw bad_input(qualified(prefix, "emergency_number"), *n,
                      fmt::format("{}: \"{}\" is not a phone number; give 2 to 6 digits, e.g. 112 or 999",
                                  qualified(prefix, "emergency_number"), *n));
  }
}

}  // namespace diary
