#pragma once
// The contract's vocabulary: the accepted terms of each term-valued field.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace diary {

struct Vocabulary {
  std::string_view name;                      // e.g. "sensations"
  std::span<const std::string_view> terms;    // in the contract's order
  bool list_accepts_other;                    // lists accept `other` beyond their terms

  bool contains(std::string_view term) const;
  // "calf, foot, toes, ..." for messages.
  std::string joined() const;
  // True when `other` is one of the terms proper (medications), not only the list escape.
  bool contains_plain_other() const {
    for (auto t : terms)
      if (t == "other") return true;
    return false;
  }
};

namespace vocab {
extern const Vocabulary locations, side, onset_speed, sensations, posture, relief,
    relief_effect, signs, exercise, hydration, smoking, conditions, medications;
}  // namespace vocab

// Lower-cases and turns '-' and ' ' into '_' ("Pins and needles" -> "pins_and_needles").
std::string normalize_term(std::string_view text);

// Forgiving resolution for typed input: exact term, else a unique prefix, else, for the
// numbered choices of the guided form, "3" for the third term. nullopt when none fits
// or the prefix is ambiguous.
std::optional<std::string> resolve_term(const Vocabulary& vocabulary, std::string_view typed,
                                        bool allow_number = false);

// Strict check for stored and imported terms: throws diary::Error (bad_input) naming
// `field`, the value and the accepted terms.
void check_term(const Vocabulary& vocabulary, std::string_view field, std::string_view term);

}  // namespace diary
