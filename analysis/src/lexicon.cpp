// The lexicon's accessors; the tables themselves are in lexicon_data.hpp.
#include "lexicon.hpp"

#include "lexicon_data.hpp"

namespace diary::analysis::detail {

std::string_view field_name(Field f) {
  switch (f) {
    case Field::locations: return "locations";
    case Field::sensations: return "sensations";
    case Field::relief: return "relief";
    case Field::signs: return "signs";
    case Field::effect: return "relief_effect";
    case Field::returned: return "returned_when_still";
    case Field::onset: return "onset_speed";
    case Field::hard: return "muscle_hard";
    case Field::side: return "side";
    case Field::ignored: return "ignored";
  }
  return "";
}

std::span<const LexEntry> lexicon() { return lexicon_data::kLexicon; }
std::span<const SideWord> side_words() { return lexicon_data::kSides; }
std::span<const std::string_view> body_words() { return lexicon_data::kBody; }
std::span<const TriggerEntry> triggers() { return lexicon_data::kTriggers; }
std::span<const std::string_view> filler_words() { return lexicon_data::kFiller; }

}  // namespace diary::analysis::detail
