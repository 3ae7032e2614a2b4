// Whole-diary JSON import on hostile text. Bad input must end as diary::Error; a diary that
// is accepted must survive export and import again unchanged (the contract's round trip).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "diary/clock.hpp"
#include "diary/error.hpp"
#include "diary/json_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const diary::clock::Zone zone = diary::clock::resolve_zone(std::string("Europe/Berlin"));
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  diary::Diary diary;
  try {
    diary = diary::json_io::parse_diary(text, zone);
  } catch (const diary::Error&) { return 0; }
  const std::string exported = diary::json_io::to_json(diary).dump(1);
  diary::Diary again;
  try {
    again = diary::json_io::parse_diary(exported, zone);
  } catch (const diary::Error&) {
    std::abort();  // what the diary exports, it must import
  }
  if (diary::json_io::to_json(again).dump(1) != exported) std::abort();
  return 0;
}
