#pragma once
// Short human renderings shared by the commands.
#include <string>

#include "diary/episode.hpp"
#include "diary/night.hpp"

namespace diary::cli {

// "Sat 21 Nov 02:10" in the offset the person lived it.
std::string local_time(const Instant& instant, const char* format = "%a %d %b %H:%M");
// "5 min", "90 s", "1 h 20 min"
std::string minutes_text(double minutes);
// One line: "night of Sat 21 Nov: 02:10, 5 min, left calf, cramp, 7/10, stretch: eased fully"
std::string describe(const Episode& episode);
std::string describe(const Night& night);
std::string join(const Terms& terms, std::string_view sep = ", ");

}  // namespace diary::cli
