#pragma once
// Internal: the phrase lexicon that maps what people write in notes to the vocabulary's
// terms, and the trigger words of negation and uncertainty (NegEx, Chapman et al. 2001).
// Data only; note_reader.cpp applies it. docs/CLINICAL.md#what-notes-are-read-for lists it.
#include <cstdint>
#include <span>
#include <string_view>

namespace diary::analysis::detail {

// Which fact of an episode a phrase speaks to.
enum class Field : std::uint8_t {
  locations,  // term of kLocations
  sensations,
  relief,
  signs,
  effect,    // relief_effect: "none" or "partial"
  returned,  // returned_when_still: "yes"
  onset,     // onset_speed: "sudden" or "gradual"
  hard,      // muscle_hard: "yes"
  side,      // side: left, right, both (from side words, not from the table)
  ignored,   // words that hold a sign's word but say nothing of the legs ("red wine", "up for my bladder")
};

std::string_view field_name(Field f);

struct LexEntry {
  std::string_view phrase;  // lower-case words without apostrophes ("cant"); see note_reader.hpp for matching
  Field field;
  std::string_view term;
};

std::span<const LexEntry> lexicon();

// Words that name one side before a body word ("left calf", "both feet").
struct SideWord {
  std::string_view word;
  std::string_view side;
};
std::span<const SideWord> side_words();
// Body words a side word must precede (within two words) to count.
std::span<const std::string_view> body_words();
// Words a phrase may pass over ("hung my foot off the bed" is "hung foot off bed").
std::span<const std::string_view> filler_words();

enum class Trigger : std::uint8_t {
  pre_negation,   // negates what follows: "no swelling"
  post_negation,  // negates what precedes: "swelling gone"
  hypothetical,   // what follows is a worry or a condition, not a fact: "worried about a clot"
  pseudo,         // looks like a trigger but is not: "not only", "no change"
  termination,    // ends a trigger's scope: "but", "however"
  relief_failed,  // after a relief: it did not help ("stretching didn't help")
};

struct TriggerEntry {
  std::string_view phrase;
  Trigger kind;
};

std::span<const TriggerEntry> triggers();

// A trigger's scope: at most this many words (NegEx's window).
inline constexpr int kScopeWords = 5;

}  // namespace diary::analysis::detail
