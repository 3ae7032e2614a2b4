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

TEST_CASE("vocabulary: word forms people type are read as their terms, in the vocabulary asked only") {
  using diary::term_of_word_form;
  namespace v = diary::vocab;
  CHECK(term_of_word_form(v::locations, "calves") == "calf");
  CHECK(term_of_word_form(v::locations, "feet") == "foot");
  CHECK(term_of_word_form(v::locations, "knees") == "knee");
  CHECK(term_of_word_form(v::locations, "toe") == "toes");
  CHECK(term_of_word_form(v::sensations, "cramping") == "cramp");
  CHECK(term_of_word_form(v::sensations, "cramps") == "cramp");
  CHECK(term_of_word_form(v::relief, "stretched") == "stretch");
  CHECK(term_of_word_form(v::relief, "massaged") == "massage");
  CHECK(term_of_word_form(v::relief, "moving") == "move");
  CHECK(term_of_word_form(v::relief, "stood_up") == "stand");
  CHECK(term_of_word_form(v::relief_effect, "fully") == "full");
  CHECK(term_of_word_form(v::signs, "swollen") == "swelling");
  CHECK(term_of_word_form(v::signs, "hot") == "warmth");
  // Only where the term is in the vocabulary asked, and never a guess from a short stem.
  CHECK_FALSE(term_of_word_form(v::locations, "hot"));
  CHECK_FALSE(term_of_word_form(v::locations, "legs"));
  CHECK_FALSE(term_of_word_form(v::side, "red"));
  CHECK_FALSE(term_of_word_form(v::signs, "red_"));
  // Exact terms still resolve first; the forms reach the guided form's answers too.
  CHECK(diary::resolve_term(v::relief, "Stretched") == "stretch");
  CHECK(diary::resolve_term(v::locations, "calf") == "calf");
}
