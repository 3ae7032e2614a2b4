// The example diaries in tests/fixtures/diaries and the answers truth.json expects of them
// (both written by tests/fixtures/make_fixtures.cpp from the project's generator).
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "diary/clock.hpp"
#include "diary/diary.hpp"
#include "diary/json_io.hpp"

namespace diary::test {

// A fixture diary (a file name in the fixtures folder) through the project's own reader,
// its times read in zone `tz`; episodes get ids 1..N as `list` would.
inline Diary fixture_diary(const std::string& file, const std::string& tz) {
  std::ifstream in(std::string(DIARY_FIXTURES_DIR) + "/" + file);
  REQUIRE(in.good());
  auto d = json_io::diary_from_json(nlohmann::json::parse(in), clock::find_zone(tz));
  for (std::size_t i = 0; i < d.episodes.size(); ++i) d.episodes[i].id = static_cast<std::int64_t>(i) + 1;
  return d;
}

// truth.json: for each fixture file, its zone ("tz") and the answers expected of it.
inline nlohmann::json fixture_truth() {
  std::ifstream in(std::string(DIARY_FIXTURES_DIR) + "/truth.json");
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

}  // namespace diary::test
