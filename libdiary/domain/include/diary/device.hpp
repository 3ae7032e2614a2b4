#pragma once
// A browser paired with `diary serve`. Times are UTC seconds.
#include <cstdint>
#include <optional>
#include <string>

namespace diary {

struct Device {
  std::int64_t id = 0;
  std::string name;  // what the browser called itself when pairing
  std::int64_t created = 0;
  std::optional<std::int64_t> last_seen;  // its last request; unset: never used since pairing
  std::optional<std::int64_t> revoked;    // set: its session no longer works
};

}  // namespace diary
