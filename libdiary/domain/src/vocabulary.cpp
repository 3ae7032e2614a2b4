#include "diary/vocabulary.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "diary/error.hpp"

namespace diary {
namespace {

using namespace terms;

}  // namespace

namespace vocab {
const Vocabulary locations{"locations", kLocations, true};
const Vocabulary side{"side", kSide, false};
const Vocabulary onset_speed{"onset_speed", kOnsetSpeed, false};
const Vocabulary sensations{"sensations", kSensations, true};
const Vocabulary posture{"posture", kPosture, false};
const Vocabulary relief{"relief", kRelief, true};
const Vocabulary relief_effect{"relief_effect", kReliefEffect, false};
const Vocabulary signs{"signs", kSigns, true};
const Vocabulary exercise{"exercise", kExercise, false};
const Vocabulary hydration{"hydration", kHydration, false};
const Vocabulary smoking{"smoking", kSmoking, false};
const Vocabulary conditions{"conditions", kConditions, true};
const Vocabulary medications{"medications", kMedications, true};
}  // namespace vocab

bool Vocabulary::contains(std::string_view term) const {
  if (list_accepts_other && term == "other") return true;
  return std::find(terms.begin(), terms.end(), term) != terms.end();
}

std::string Vocabulary::joined() const {
  std::string out = fmt::format("{}", fmt::join(terms, ", "));
  if (list_accepts_other && !contains_plain_other()) out += ", other";
  return out;
}

std::string normalize_term(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '-' || c == ' ') {
      if (out.empty() || out.back() != '_') out += '_';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

namespace {

// Word forms no suffix rule reaches: irregular plurals and past tenses, and the adjective or
// adverb people type for a term's noun. Each is taken only where its term is in the
// vocabulary asked (`hot` is warmth among signs, nothing elsewhere).
constexpr std::array<std::pair<std::string_view, std::string_view>, 21> kWordForms{{
    {"calves", "calf"},       {"feet", "foot"},        {"toe", "toes"},
    {"stood", "stand"},       {"stood_up", "stand"},   {"stand_up", "stand"},
    {"swollen", "swelling"},  {"swelled", "swelling"}, {"hot", "warmth"},
    {"warm", "warmth"},       {"red", "redness"},      {"numb", "numbness"},
    {"weak", "weakness"},     {"fully", "full"},       {"partly", "partial"},
    {"partially", "partial"}, {"nothing", "none"},     {"tight", "tightness"},
    {"ache", "aching"},       {"achy", "aching"},      {"pins_needles", "pins_and_needles"},
}};

// Endings taken off (and what goes back on) to find a term: "knees", "stretches",
// "stretched", "massaged", "stretching", "moving".
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kEndings{{
    {"s", ""},
    {"es", ""},
    {"ed", ""},
    {"d", ""},
    {"ing", ""},
    {"ing", "e"},
}};

}  // namespace

std::optional<std::string_view> term_of_word_form(const Vocabulary& vocabulary, std::string_view word) {
  for (const auto& [form, term] : kWordForms)
    if (word == form && vocabulary.contains(term)) return term;
  for (const auto& [ending, back] : kEndings) {
    if (word.size() <= ending.size() + 2 || !word.ends_with(ending)) continue;
    std::string stem(word.substr(0, word.size() - ending.size()));
    stem += back;
    for (auto term : vocabulary.terms)
      if (term == stem) return term;
  }
  return std::nullopt;
}

std::optional<std::string> resolve_term(const Vocabulary& vocabulary, std::string_view typed, bool allow_number) {
  const std::string term = normalize_term(typed);
  if (term.empty()) return std::nullopt;
  if (vocabulary.contains(term)) return term;
  if (const auto form = term_of_word_form(vocabulary, term)) return std::string(*form);
  if (allow_number) {
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(term.data(), term.data() + term.size(), n);
    if (ec == std::errc{} && end == term.data() + term.size()) {
      if (n >= 1 && n <= vocabulary.terms.size()) return std::string(vocabulary.terms[n - 1]);
      if (vocabulary.list_accepts_other && !vocabulary.contains_plain_other() && n == vocabulary.terms.size() + 1)
        return std::string("other");
      return std::nullopt;
    }
  }
  // A unique prefix ("pins" -> pins_and_needles); an ambiguous one is not guessed.
  std::optional<std::string> found;
  for (auto candidate : vocabulary.terms) {
    if (candidate.starts_with(term)) {
      if (found) return std::nullopt;
      found = std::string(candidate);
    }
  }
  return found;
}

void check_term(const Vocabulary& vocabulary, std::string_view field, std::string_view term) {
  if (vocabulary.contains(term)) return;
  throw bad_input(std::string(field), std::string(term),
                  fmt::format("{}: unknown term \"{}\"; accepted: {}", field, term, vocabulary.joined()));
}

}  // namespace diary
