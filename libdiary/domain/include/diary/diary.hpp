#pragma once
// A whole diary in memory: what `export json` writes and `import json` reads.
#include <vector>

#include "diary/episode.hpp"
#include "diary/night.hpp"
#include "diary/profile.hpp"

namespace diary {

struct Diary {
  Profile profile;
  std::vector<Night> nights;      // by date
  std::vector<Episode> episodes;  // by onset

  friend bool operator==(const Diary&, const Diary&) = default;
};

}  // namespace diary
