#pragma once
// A moment as it was lived: the UTC instant, the UTC offset in force there and then,
// and the IANA zone name when it is known.
#include <chrono>
#include <string>

#include <date/date.h>

namespace diary {

struct Instant {
  date::sys_seconds utc{};
  std::chrono::minutes offset{0};
  std::string zone;  // e.g. "Europe/Berlin"; empty when unknown (an import without it)

  // The wall-clock time the person saw.
  date::local_seconds local() const { return date::local_seconds{utc.time_since_epoch() + offset}; }

  friend bool operator==(const Instant&, const Instant&) = default;
};

}  // namespace diary
