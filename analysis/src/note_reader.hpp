#pragma once
// Internal: reading a free-text note for the vocabulary's terms (lexicon_data.hpp), with
// negation and uncertainty in the NegEx manner (Chapman et al., J Biomed Inform 2001):
// a trigger ("no", "denies", "worried about") governs the lexicon phrases within five
// words after it (a post-trigger such as "gone" those before it) in the same sentence, up
// to a termination word ("but", "however"). Pure; no I/O.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "lexicon.hpp"

namespace diary::analysis::detail {

enum class Status : std::uint8_t { affirmed, negated, hypothetical };

struct NoteFact {
  Field field;
  std::string_view term;  // a vocabulary term ("swelling"), or for effect/returned/onset/hard/side its value
  Status status = Status::affirmed;
  std::string quote;  // the sentence it was read in, as written (trimmed, at most ~100 characters)
};

// Every lexicon phrase and side word found in `text`, in the order they appear.
std::vector<NoteFact> read_note(std::string_view text);

// Damerau-Levenshtein distance of at most one (one insertion, deletion, substitution or
// swap of neighbours).
bool within_one_edit(std::string_view a, std::string_view b);

}  // namespace diary::analysis::detail
