// The phrase lexicon: what people write, mapped to the vocabulary's terms. The words come
// from the way the articles behind docs/CLINICAL.md quote patients ("charley horse", "bugs
// under the skin", "soda fizzing in my calves", "dangle the leg off the bed") and from the
// plain words for each term. English to start; another language is another table.
//
// Matching (note_reader.cpp): words are lower-cased, apostrophes dropped ("can't" is
// "cant"); a phrase matches its words in order within one sentence, passing over filler
// words only ("my", "the", "it", "was", "felt", ...: "hung my foot off the bed" matches
// "hung foot off bed"); a word of 6 or more letters also matches within one edit
// (Damerau-Levenshtein). Longer phrases win over shorter ones ("tight chest" over "tight",
// "a sore on" over "sore").
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
