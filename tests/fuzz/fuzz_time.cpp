// TIME, D and DAY parsers on hostile text. Bad input must end as diary::Error (exit 2 in
// the CLI); anything else escaping, a crash or a sanitizer report is a finding. A time
// that parses must come back out of the zone it was read in unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "diary/clock.hpp"
#include "diary/error.hpp"

namespace {
diary::clock::Zone zone(std::uint8_t pick) {
  static const diary::clock::Zone zones[] = {
      diary::clock::resolve_zone(std::string("Europe/Berlin")), diary::clock::resolve_zone(std::string("UTC")),
      diary::clock::resolve_zone(std::string("America/New_York")),
      diary::clock::resolve_zone(std::string("Australia/Lord_Howe")),  // 30-minute DST
  };
  return zones[pick % 4];
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t pick = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  // A fixed "now": 2026-11-22 07:00 UTC.
  const date::sys_seconds now{std::chrono::seconds{1795330800}};
  try {
    const auto parsed = diary::clock::parse_time(text, zone(pick), now, "onset");
    if (parsed.instant.offset > std::chrono::hours(24) || parsed.instant.offset < -std::chrono::hours(24)) std::abort();
  } catch (const diary::Error&) {}
  try {
    const double minutes = diary::clock::parse_duration(text, "duration");
    if (!(minutes >= 0)) std::abort();  // negative or NaN must have been refused
  } catch (const diary::Error&) {}
  try {
    diary::clock::parse_day(text, "day");
  } catch (const diary::Error&) {}
  return 0;
}
