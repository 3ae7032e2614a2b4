// Doctor's CSV import on hostile text. Bad input must end as diary::Error; a table that is
// accepted must be written and read back to the same episodes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "diary/clock.hpp"
#include "diary/csv.hpp"
#include "diary/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const diary::clock::Zone zone = diary::clock::resolve_zone(std::string("Europe/Berlin"));
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<diary::Episode> episodes;
  try {
    episodes = diary::csv::parse(text, zone);
  } catch (const diary::Error&) { return 0; }
  const std::string written = diary::csv::write(episodes, {});
  std::vector<diary::Episode> again;
  try {
    again = diary::csv::parse(written, zone);
  } catch (const diary::Error&) {
    std::abort();  // what the diary writes, it must read
  }
  if (again.size() != episodes.size()) std::abort();
  if (diary::csv::write(again, {}) != written) std::abort();
  return 0;
}
