// The vocabulary has one source (diary::terms); the schema's CHECK lists must say the same.
#include <doctest/doctest.h>

#include <map>
#include <regex>
#include <string>
#include <vector>

#include "diary/migrations.hpp"
#include "diary/vocabulary.hpp"

namespace {

// Every `column TEXT CHECK (column IN ('a', 'b'))` in the migrations, by column.
std::map<std::string, std::vector<std::string>> check_lists() {
  std::map<std::string, std::vector<std::string>> out;
  const std::regex check(R"((\w+)\s+TEXT\s+CHECK\s*\(\s*\1\s+IN\s*\(([^)]*)\)\))");
  const std::regex quoted(R"('([^']*)')");
  for (const auto& m : diary::migrations()) {
    const std::string sql(m.sql);
    for (std::sregex_iterator it(sql.begin(), sql.end(), check), end; it != end; ++it) {
      std::vector<std::string> terms;
      const std::string list = (*it)[2];
      for (std::sregex_iterator q(list.begin(), list.end(), quoted); q != end; ++q) terms.push_back((*q)[1]);
      out[(*it)[1]] = terms;  // a later migration's list replaces an earlier one
    }
  }
  return out;
}

template <std::size_t N>
std::vector<std::string> strings(const std::array<std::string_view, N>& a) {
  return {a.begin(), a.end()};
}

}  // namespace

TEST_CASE("vocabulary: the schema's CHECK lists are the vocabulary's terms") {
  const auto lists = check_lists();
  const std::map<std::string, std::vector<std::string>> expected = {
      {"smoking", strings(diary::terms::kSmoking)},     {"exercise", strings(diary::terms::kExercise)},
      {"hydration", strings(diary::terms::kHydration)}, {"onset_speed", strings(diary::terms::kOnsetSpeed)},
      {"side", strings(diary::terms::kSide)},           {"relief_effect", strings(diary::terms::kReliefEffect)},
  };
  for (const auto& [column, terms] : expected) {
    CAPTURE(column);
    REQUIRE(lists.count(column) == 1);
    CHECK(lists.at(column) == terms);
  }
  // Every CHECK list in the schema is one of the vocabularies above (none is forgotten).
  for (const auto& [column, terms] : lists) {
    CAPTURE(column);
    CHECK(expected.count(column) == 1);
  }
}

TEST_CASE("vocabulary: the field vocabularies are the term lists") {
  CHECK(diary::vocab::locations.terms.size() == diary::terms::kLocations.size());
  CHECK(diary::vocab::signs.contains("short_of_breath"));
  CHECK(diary::vocab::relief.contains("other"));      // lists accept `other`
  CHECK_FALSE(diary::vocab::side.contains("other"));  // single terms do not
}
