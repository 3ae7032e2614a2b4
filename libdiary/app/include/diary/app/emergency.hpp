#pragma once
// The emergency number a warning tells the person to call: the one set in the profile,
// else the number of the time zone's country (the system's zone.tab maps zones to
// countries), else 112, said as a guess.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diary/analysis/report.hpp"
#include "diary/profile.hpp"

namespace diary::app {

inline constexpr const char* kZoneTab = "/usr/share/zoneinfo/zone.tab";

struct EmergencyNumber {
  enum class Source { profile, country, fallback };
  std::string number;   // "999"
  std::string country;  // ISO 3166 code, e.g. "GB"; empty when unknown
  Source source = Source::fallback;
};

// The country of an IANA zone ("Europe/London" -> "GB") from zone.tab (country code in the
// first column, zone in the third); nullopt when the zone is not listed or the file is
// unreadable.
std::optional<std::string> zone_country(std::string_view zone, const std::filesystem::path& zone_tab = kZoneTab);

// The number for an ambulance in `country`; nullopt when the table does not list it.
std::optional<std::string_view> country_emergency_number(std::string_view country);

// The number for this profile and zone (see the header comment).
EmergencyNumber emergency_number(const Profile& profile, std::string_view zone,
                                 const std::filesystem::path& zone_tab = kZoneTab);

// The same for the system's time zone (TZ, else the system's own; not --tz, which says how
// to read times typed, not where the person lives).
EmergencyNumber emergency_number(const Profile& profile);

// "112 (from your time zone's country, DE)": the number and where it comes from.
std::string describe(const EmergencyNumber& number);

// The profile as the analysis reads it: with the emergency number filled in for the
// system's time zone (TZ, else the system's own), so every warning names a number.
Profile with_emergency_number(Profile profile);

// The warning signs `make(profile)` finds, naming the emergency number: it is looked up
// (the zone's country in zone.tab) only when a sign is found and the profile has none, so
// a write that shows no warning never reads zone.tab. `make` runs again in that case.
template <class Make>
std::vector<analysis::RedFlag> flags_naming_the_number(const Profile& profile, Make&& make) {
  auto flags = make(profile);
  if (flags.empty() || profile.emergency_number) return flags;
  return make(with_emergency_number(profile));
}

}  // namespace diary::app
