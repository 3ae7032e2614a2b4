#include "diary/app/emergency.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <utility>

#include <fmt/format.h>

#include "diary/clock.hpp"

namespace diary::app {
namespace {

// The number that brings an ambulance, by ISO 3166 country. 112 answers in every EU
// member state (and on most mobile networks elsewhere); countries whose own number differs
// are listed with it. Sorted by country for the lookup.
constexpr std::array<std::pair<std::string_view, std::string_view>, 58> kNumbers{{
    {"AR", "107"}, {"AT", "112"},  {"AU", "000"}, {"BE", "112"}, {"BG", "112"}, {"BR", "192"}, {"CA", "911"},
    {"CH", "144"}, {"CN", "120"},  {"CY", "112"}, {"CZ", "112"}, {"DE", "112"}, {"DK", "112"}, {"EE", "112"},
    {"ES", "112"}, {"FI", "112"},  {"FR", "112"}, {"GB", "999"}, {"GR", "112"}, {"HK", "999"}, {"HR", "112"},
    {"HU", "112"}, {"IE", "112"},  {"IL", "101"}, {"IN", "112"}, {"IS", "112"}, {"IT", "112"}, {"JP", "119"},
    {"KR", "119"}, {"LI", "112"},  {"LT", "112"}, {"LU", "112"}, {"LV", "112"}, {"MT", "112"}, {"MX", "911"},
    {"MY", "999"}, {"NL", "112"},  {"NO", "113"}, {"NZ", "111"}, {"PH", "911"}, {"PL", "112"}, {"PR", "911"},
    {"PT", "112"}, {"RO", "112"},  {"RS", "194"}, {"RU", "103"}, {"SE", "112"}, {"SG", "995"}, {"SI", "112"},
    {"SK", "112"}, {"TH", "1669"}, {"TR", "112"}, {"TW", "119"}, {"UA", "103"}, {"US", "911"}, {"UY", "911"},
    {"VN", "115"}, {"ZA", "112"},
}};

constexpr std::string_view kFallback = "112";

}  // namespace

std::optional<std::string> zone_country(std::string_view zone, const std::filesystem::path& zone_tab) {
  std::ifstream in(zone_tab);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    // Columns are tab-separated: code, coordinates, zone, comments.
    const auto t1 = line.find('\t');
    if (t1 == std::string::npos) continue;
    const auto t2 = line.find('\t', t1 + 1);
    if (t2 == std::string::npos) continue;
    const auto t3 = line.find('\t', t2 + 1);
    const std::string_view name = std::string_view(line).substr(t2 + 1, t3 == std::string::npos ? t3 : t3 - t2 - 1);
    if (name == zone) return line.substr(0, t1);
  }
  return std::nullopt;
}

std::optional<std::string_view> country_emergency_number(std::string_view country) {
  const auto it = std::lower_bound(kNumbers.begin(), kNumbers.end(), country,
                                   [](const auto& row, std::string_view c) { return row.first < c; });
  if (it == kNumbers.end() || it->first != country) return std::nullopt;
  return it->second;
}

EmergencyNumber emergency_number(const Profile& profile, std::string_view zone, const std::filesystem::path& zone_tab) {
  if (profile.emergency_number) return {*profile.emergency_number, {}, EmergencyNumber::Source::profile};
  const auto country = zone_country(zone, zone_tab);
  if (country)
    if (const auto number = country_emergency_number(*country))
      return {std::string(*number), *country, EmergencyNumber::Source::country};
  return {std::string(kFallback), country.value_or(""), EmergencyNumber::Source::fallback};
}

std::string describe(const EmergencyNumber& n) {
  switch (n.source) {
    case EmergencyNumber::Source::profile: return fmt::format("{} (set in your profile)", n.number);
    case EmergencyNumber::Source::country:
      return fmt::format("{} (for {}, your time zone's country; change it with `diary profile --emergency-number N`)",
                         n.number, n.country);
    case EmergencyNumber::Source::fallback: break;
  }
  return fmt::format(
      "{} (a guess: it works in Europe and on most mobile phones; set yours with `diary profile "
      "--emergency-number N`)",
      n.number);
}

EmergencyNumber emergency_number(const Profile& profile) {
  std::string zone;
  try {
    zone = std::string(clock::resolve_zone(std::nullopt)->name());
  } catch (const std::exception&) {}  // no zone known: the fallback number
  return emergency_number(profile, zone);
}

Profile with_emergency_number(Profile profile) {
  if (!profile.emergency_number) profile.emergency_number = emergency_number(profile).number;
  return profile;
}

}  // namespace diary::app
