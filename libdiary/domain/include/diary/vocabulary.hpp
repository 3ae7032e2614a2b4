#pragma once
// The contract's vocabulary: the accepted terms of each term-valued field.
#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace diary {

// The terms of each vocabulary, in the contract's order. One source: the field tables, the
// analysis's term masks (a term's bit is its index here) and the schema's CHECK lists
// (tested equal) all come from these.
namespace terms {

using namespace std::string_view_literals;

inline constexpr std::array kLocations{"calf"sv,        "foot"sv,      "toes"sv,  "arch"sv, "ankle"sv,
                                       "shin"sv,        "knee"sv,      "thigh"sv, "hip"sv,  "buttock"sv,
                                       "back_of_leg"sv, "whole_leg"sv, "arm"sv};
inline constexpr std::array kSide{"left"sv, "right"sv, "both"sv};
inline constexpr std::array kOnsetSpeed{"sudden"sv, "gradual"sv};
inline constexpr std::array kSensations{"cramp"sv,        "knot"sv,
                                        "tightness"sv,    "sharp"sv,
                                        "stabbing"sv,     "shooting"sv,
                                        "electric"sv,     "burning"sv,
                                        "aching"sv,       "deep_ache"sv,
                                        "throbbing"sv,    "heaviness"sv,
                                        "stiffness"sv,    "soreness"sv,
                                        "urge_to_move"sv, "crawling"sv,
                                        "creeping"sv,     "pulling"sv,
                                        "fizzing"sv,      "itching"sv,
                                        "tingling"sv,     "pins_and_needles"sv,
                                        "numbness"sv,     "coldness"sv};
inline constexpr std::array kPosture{"flat_on_back"sv, "side"sv,          "front"sv,
                                     "sitting"sv,      "legs_elevated"sv, "standing"sv};
inline constexpr std::array kRelief{
    "stretch"sv, "walk"sv,         "move"sv,       "massage"sv,        "stand"sv,         "dangle"sv,
    "sit_up"sv,  "elevate_legs"sv, "reposition"sv, "fetal_position"sv, "head_elevated"sv, "bend_forward"sv,
    "heat"sv,    "cold_pack"sv,    "medication"sv, "rest"sv,           "none"sv};
inline constexpr std::array kReliefEffect{"full"sv, "partial"sv, "none"sv};
inline constexpr std::array kSigns{"swelling"sv,    "warmth"sv,          "redness"sv,         "pale_skin"sv,
                                   "bluish_skin"sv, "dark_skin"sv,       "shiny_skin"sv,      "hair_loss"sv,
                                   "cold_foot"sv,   "sore_or_ulcer"sv,   "weakness"sv,        "numbness"sv,
                                   "chest_pain"sv,  "short_of_breath"sv, "saddle_numbness"sv, "bladder_bowel_change"sv};
inline constexpr std::array kExercise{"none"sv, "light"sv, "moderate"sv, "hard"sv};
inline constexpr std::array kHydration{"low"sv, "normal"sv};
inline constexpr std::array kSmoking{"never"sv, "former"sv, "current"sv};
inline constexpr std::array kConditions{
    "diabetes"sv,      "hypertension"sv,       "high_cholesterol"sv, "kidney_disease"sv,   "heart_disease"sv,
    "pregnancy"sv,     "family_history_rls"sv, "iron_deficiency"sv,  "thyroid_disease"sv,  "liver_disease"sv,
    "back_problems"sv, "varicose_veins"sv,     "arthritis"sv,        "history_of_clots"sv, "recent_immobility"sv};
// Medicine classes: the ones the articles name as causes or treatments of night leg symptoms,
// or that the analysis reads (diary/medicines.hpp maps names to them). Fewer than 32 terms.
inline constexpr std::array kMedications{"diuretic"sv,
                                         "statin"sv,
                                         "antihistamine"sv,
                                         "antidepressant"sv,
                                         "antipsychotic"sv,
                                         "anticoagulant"sv,
                                         "dopamine_agonist"sv,
                                         "levodopa"sv,
                                         "gabapentinoid"sv,
                                         "beta_blocker"sv,
                                         "calcium_channel_blocker"sv,
                                         "iron_supplement"sv,
                                         "magnesium"sv,
                                         "quinine"sv,
                                         "opioid"sv,
                                         "beta_agonist"sv,
                                         "corticosteroid"sv,
                                         "antidiabetic"sv,
                                         "thyroid_hormone"sv,
                                         "lithium"sv,
                                         "antiplatelet"sv,
                                         "nsaid"sv,
                                         "antiemetic"sv,
                                         "other"sv};

}  // namespace terms

struct Vocabulary {
  std::string_view name;                    // e.g. "sensations"
  std::span<const std::string_view> terms;  // in the contract's order
  bool list_accepts_other;                  // lists accept `other` beyond their terms

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
extern const Vocabulary locations, side, onset_speed, sensations, posture, relief, relief_effect, signs, exercise,
    hydration, smoking, conditions, medications;
}  // namespace vocab

// Lower-cases and turns '-' and ' ' into '_' ("Pins and needles" -> "pins_and_needles").
std::string normalize_term(std::string_view text);

// The term of `vocabulary` that a normalized word form stands for, as people type them:
// plurals and verb forms ("calves" -> calf, "stretched" -> stretch, "knees" -> knee) and a
// few plain words ("swollen" -> swelling, "fully" -> full). nullopt when none does.
std::optional<std::string_view> term_of_word_form(const Vocabulary& vocabulary, std::string_view normalized);

// Forgiving resolution for typed input: exact term, else a word form of one, else a unique prefix, else, for the
// numbered choices of the guided form, "3" for the third term. nullopt when none fits
// or the prefix is ambiguous.
std::optional<std::string> resolve_term(const Vocabulary& vocabulary, std::string_view typed,
                                        bool allow_number = false);

// Strict check for stored and imported terms: throws diary::Error (bad_input) naming
// `field`, the value and the accepted terms.
void check_term(const Vocabulary& vocabulary, std::string_view field, std::string_view term);

}  // namespace diary
