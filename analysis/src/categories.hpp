#pragma once
#include <set>
// Internal: the categories, their evidence rules and the scoring of a diary against them.
#include <array>
#include <span>
#include <string_view>
#include <vector>

#include "diary/analysis/report.hpp"
#include "diary/profile.hpp"
#include "features.hpp"

namespace diary::analysis::detail {

enum class Cat : int { cramps, rls, pad, neuropathy, root, entrapment, varicose, arthritis, dvt };
inline constexpr int kCats = 9;
inline constexpr std::array<std::string_view, kCats> kCatIds{"nocturnal_leg_cramps",
                                                             "restless_legs",
                                                             "pad_rest_pain",
                                                             "peripheral_neuropathy",
                                                             "nerve_root_compression",
                                                             "nerve_entrapment",
                                                             "varicose_veins",
                                                             "arthritis",
                                                             "dvt"};

// One evidence rule: when `test` says yes the episode earns `yes` points towards `cat`,
// when the facts are known and it says no, `no` points. Unknown earns nothing.
// Positive rules become "evidence", rules with negative `yes` become "against".
struct Rule {
  Cat cat;
  double yes;
  double no;
  std::string_view phrase;  // "eased by dangling the leg" (follows "9 of 11 episodes")
  std::string_view field;   // what must be recorded for the rule to count: "relief"
  Tri (*test)(const Ep&);
};

// The DVT sign cluster of one episode (shared with the red flag, so the category and the
// flag never disagree).
bool dvt_cluster(const Ep& e);

struct Scored {
  std::vector<CategoryFinding> findings;  // listed categories, highest score first
  // Per episode, the category it fits best (-1 when it fits none well): used by patterns.
  std::vector<int> best;
};

// The period the diary covers: first and last night with an entry or an episode.
struct Period {
  date::sys_days first{}, last{};
  int logged = 0;          // nights in it with a night entry or an episode (rates count these only)
  bool check_ins = false;  // any night entry at all: without one, no night is known to be quiet
  int ref_year() const { return static_cast<int>(date::year_month_day{last}.year()); }
  int days() const { return static_cast<int>((last - first).count()) + 1; }
};

// The nights with an entry or an episode, and the period from the first to the last.
std::vector<date::sys_days> distinct_nights(std::span<const Night> nights, std::span<const Ep> episodes);
Period covered_period(const std::vector<date::sys_days>& distinct);

Scored score_categories(const Profile& profile, std::span<const Ep> episodes, const Period& period);

}  // namespace diary::analysis::detail
