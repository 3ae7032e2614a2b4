#pragma once
// Internal: one episode seen through the facts the rules ask about. Every fact is
// tri-state, because an absent field is unknown, never "no".
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <date/date.h>

#include "diary/analysis/records.hpp"
#include "diary/episode.hpp"
#include "diary/night.hpp"
#include "diary/profile.hpp"
#include "diary/vocabulary.hpp"
#include "lexicon.hpp"

namespace diary::analysis::detail {

enum class Tri : std::uint8_t { unknown, no, yes };
inline Tri tri(bool b) { return b ? Tri::yes : Tri::no; }

// A set of vocabulary terms as a bit mask (each vocabulary has fewer than 32 terms).
using Mask = std::uint32_t;

// The vocabularies whose terms the rules test, as bit masks (a term's bit is its index in
// diary::terms).
namespace terms {
inline constexpr const auto& locations = diary::terms::kLocations;
inline constexpr const auto& sensations = diary::terms::kSensations;
inline constexpr const auto& reliefs = diary::terms::kRelief;
inline constexpr const auto& signs = diary::terms::kSigns;
}  // namespace terms

// Bit of `term` in `vocabulary` (0 when the term is not in it, e.g. `other`).
template <std::size_t N>
constexpr Mask bit_of(const std::array<std::string_view, N>& vocabulary, std::string_view term) {
  // The first letters told apart before the whole words: most terms differ there, and a
  // long diary looks up every term of every episode.
  for (std::size_t i = 0; i < N; ++i)
    if (!term.empty() && vocabulary[i].size() == term.size() && vocabulary[i][0] == term[0] &&
        vocabulary[i] == term)
      return Mask{1} << i;
  return 0;
}

namespace lit {
// Compile-time masks for the rule tables; a misspelt term does not compile.
template <std::size_t N>
consteval Mask must(const std::array<std::string_view, N>& vocabulary, std::string_view term) {
  const Mask m = bit_of(vocabulary, term);
  if (m == 0) throw "term not in the contract's vocabulary";
  return m;
}
}  // namespace lit

consteval Mask L(std::string_view t) { return lit::must(terms::locations, t); }
consteval Mask S(std::string_view t) { return lit::must(terms::sensations, t); }
consteval Mask R(std::string_view t) { return lit::must(terms::reliefs, t); }
consteval Mask G(std::string_view t) { return lit::must(terms::signs, t); }

// A fact read from a note (note_facts.cpp): what it says, the words, and whose note.
struct Noted {
  Field field;
  std::string_view term;
  std::string quote;
  date::year_month_day day{};  // the day the note speaks of (an episode's onset date, a night's date)
  bool night_note = false;     // from the night's note or new-medicine text, not the episode's
};

// The facts read from an episode's notes: a view of a list its records keep (most episodes
// have none, and an empty std::vector in every record was 24 bytes an episode).
class NotedList {
 public:
  NotedList() = default;
  explicit NotedList(const std::vector<Noted>& list) : list_(&list) {}
  bool empty() const { return !list_ || list_->empty(); }
  const Noted* begin() const { return list_ ? list_->data() : nullptr; }
  const Noted* end() const { return list_ ? list_->data() + list_->size() : nullptr; }
  void clear() { list_ = nullptr; }

 private:
  const std::vector<Noted>* list_ = nullptr;
};

// Stable storage for the lists NotedList views.
using NotedStore = std::deque<std::vector<Noted>>;

// One term of a vocabulary held in a byte (its index), read back as the vocabulary's own
// words: a record holds no view into the episode it was made from. A value outside the
// vocabulary reads back as "" (known, but none of the terms the rules test).
template <const auto& Vocabulary>
class Term {
 public:
  Term() = default;
  Term& operator=(std::string_view t) {
    i_ = kOther;
    for (std::size_t k = 0; k < Vocabulary.size(); ++k)
      if (Vocabulary[k] == t) i_ = static_cast<std::uint8_t>(k + 1);
    return *this;
  }
  explicit operator bool() const { return i_ != 0; }
  std::string_view operator*() const { return i_ == kOther ? std::string_view{} : Vocabulary[i_ - 1u]; }
  void reset() { i_ = 0; }
  friend bool operator==(const Term&, const Term&) = default;

 private:
  static constexpr std::uint8_t kOther = 0xff;
  std::uint8_t i_ = 0;  // 0: unknown; else index + 1
};

// An optional number in the space of the number: a value the field cannot hold (NaN for a
// double, the lowest value for an integer) says "not recorded". Reads like std::optional.
template <class T, T None>
class Opt {
 public:
  Opt() = default;
  template <class U>
  Opt& operator=(const std::optional<U>& v) {
    v_ = v ? static_cast<T>(*v) : None;
    return *this;
  }
  explicit operator bool() const { return v_ != None; }
  T operator*() const { return v_; }

 private:
  T v_ = None;
};

// A double that may be missing, in 8 bytes (NaN: not recorded; no field holds a NaN).
class OptDouble {
 public:
  OptDouble() = default;
  OptDouble& operator=(const std::optional<double>& v) {
    v_ = v ? *v : kNone;
    return *this;
  }
  OptDouble& operator=(double v) {
    v_ = v;
    return *this;
  }
  explicit operator bool() const { return !std::isnan(v_); }
  double operator*() const { return v_; }

 private:
  static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  double v_ = kNone;
};

// An episode as the analysis reads it: self-contained (masks, terms as bytes, no view into
// the Episode it was made from), so that a long diary is analysed without its full records.
// Fields are ordered widest first: a long diary holds one of these per episode.
struct Ep {
  std::int64_t id = 0;
  const Night* night_entry = nullptr;
  OptDouble minutes_after_bed;
  OptDouble duration;  // minutes
  OptDouble relief_min;
  // The note's text, kept only when it speaks of starting a medicine (medicine_starts.cpp
  // reads it for the medicine's name); null otherwise. Owned by the Records it is in.
  const std::string* note = nullptr;
  // Read from the notes: the affirmed facts, which fields they filled because the person
  // left them unknown (bit 1 << Field), and the signs and reliefs they name whatever was
  // ticked (a warning sign in a note is raised even when the ticked list omits it).
  NotedList noted;

  date::sys_days night{};        // the contract's night: local date of (onset - 12 h)
  std::int32_t from_noon_s = 0;  // local clock seconds since noon of the night's date
  Mask loc = 0, sens = 0, relief = 0, signs = 0;
  std::uint32_t filled = 0;
  Mask note_signs = 0, note_relief = 0;

  bool loc_known = false, sens_known = false, relief_known = false, signs_known = false;
  Tri sudden = Tri::unknown;    // onset_speed
  Tri hard = Tri::unknown;      // muscle_hard
  Tri returned = Tri::unknown;  // returned_when_still
  Term<diary::terms::kPosture> posture;
  Term<diary::terms::kSide> side;            // left, right, both
  Term<diary::terms::kReliefEffect> effect;  // full, partial, none
  // Whether the note names the back (spine, disc); unknown without a note.
  Tri note_back = Tri::unknown;
  // 0 to 10: the contract's bounds, checked on the way in and by the schema.
  Opt<std::int8_t, std::numeric_limits<std::int8_t>::min()> intensity;

  // Local clock hours since noon of the night's date: 18:00 = 6, 02:00 = 14.
  double hour_from_noon() const { return static_cast<double>(from_noon_s) / 3600.0; }

  bool any_loc(Mask m) const { return (loc & m) != 0; }
  bool any_sens(Mask m) const { return (sens & m) != 0; }
  bool any_sign(Mask m) const { return (signs & m) != 0; }

  // Locations known: do they include any of `m`?
  Tri has_loc(Mask m) const { return loc_known ? tri(any_loc(m)) : Tri::unknown; }
  Tri has_sens(Mask m) const { return sens_known ? tri(any_sens(m)) : Tri::unknown; }
  Tri has_sign(Mask m) const { return signs_known ? tri(any_sign(m)) : Tri::unknown; }
  // One of `m` was tried and it helped (full or partial). With the effect unknown the
  // action was at least tried; rules count that as eased (people note what they did).
  Tri eased_by(Mask m) const {
    if (!relief_known) return Tri::unknown;
    if ((relief & m) == 0) return Tri::no;
    if (effect && *effect == "none") return Tri::no;
    return Tri::yes;
  }
  // Nothing helped: relief "none", or an effect of "none".
  Tri unrelieved() const {
    if (effect) return tri(*effect == "none");
    if (relief_known && relief == R("none")) return Tri::yes;
    return Tri::unknown;
  }
  Tri one_side() const {
    if (!side) return Tri::unknown;
    return tri(*side == "left" || *side == "right");
  }
  Tri both_sides() const {
    if (!side) return Tri::unknown;
    return tri(*side == "both");
  }
  Tri posture_is(std::string_view p) const { return posture ? tri(*posture == p) : Tri::unknown; }
  Tri duration_le(double m) const { return duration ? tri(*duration <= m) : Tri::unknown; }
  Tri duration_ge(double m) const { return duration ? tri(*duration >= m) : Tri::unknown; }
};

// Relief by a change of position: curling up, raising the head, bending forward.
inline constexpr Mask kPositional = R("fetal_position") | R("head_elevated") | R("bend_forward");
// The words of a cramp.
inline constexpr Mask kCrampWords = S("cramp") | S("knot");

// Tri-state logic: yes wins `either`, no wins `both`; otherwise unknown.
Tri both(Tri a, Tri b);
Tri either(Tri a, Tri b);
Tri negate(Tri a);

// "Cramp-like": the words or the hard muscle of a cramp.
inline Tri cramp_like(const Ep& e) { return either(e.has_sens(kCrampWords), e.hard); }
// The same where a pattern counts what was written: sensations recorded without a
// cramp's words say "not cramp-like" even when the muscle's hardness is unknown.
inline Tri cramp_like_as_written(const Ep& e) {
  const Tri words = e.has_sens(kCrampWords);
  if (words == Tri::yes || e.hard == Tri::yes) return Tri::yes;
  return words == Tri::unknown ? e.hard : Tri::no;
}

// The contract's night of an episode (the local date of onset - 12 h), from libdiary.
date::sys_days night_of(const Episode& episode);

// What a Records holds (diary/analysis/records.hpp): the night entries by date, the episodes
// seen through their facts, and the few notes they keep.
struct RecordsImpl {
  std::span<const Night> nights;
  std::vector<std::pair<date::sys_days, const Night*>> by_date;  // stable-sorted; the last entry of a date wins
  std::vector<Ep> views;
  std::deque<std::string> notes;  // stable storage for Ep::note
  NotedStore noted;               // stable storage for Ep::noted
  // The facts each night entry's note and new-medicine text affirm, read once per night:
  // by the entry's place in `nights`, null until read, then its facts (`no_facts` when it
  // affirms none, as most do). A map of them cost some 12 bytes an episode.
  std::vector<const std::vector<Noted>*> night_noted;
  std::vector<Noted> no_facts;
};

// The episodes seen through their facts (the records keep them), with their night entry
// looked up.
inline std::span<const Ep> views_of(const Records& records) { return records.impl().views; }
Records records_of(std::span<const Night> nights, std::span<const Episode> episodes);

bool has_term(const std::optional<std::vector<std::string>>& list, std::string_view term);

// Dates, sorted, each once. Nights come mostly in order (episodes by onset, night entries
// by date), so a date equal to the last one added is skipped at once and the sort has
// little to do: a std::set of them cost a node (some 48 bytes) a night.
class NightList {
 public:
  void add(date::sys_days d) {
    if (days_.empty() || days_.back() != d) days_.push_back(d);
  }
  // Sorts and drops repeats; call once all are added. The days mostly come in order, or as
  // two ordered runs (the nights, then the episodes): merging those is linear, sorting not.
  std::vector<date::sys_days> done() && {
    const auto run = std::is_sorted_until(days_.begin(), days_.end());
    if (!std::is_sorted(run, days_.end())) std::sort(run, days_.end());
    std::inplace_merge(days_.begin(), run, days_.end());
    days_.erase(std::unique(days_.begin(), days_.end()), days_.end());
    return std::move(days_);
  }

 private:
  std::vector<date::sys_days> days_;
};

// The nights the episodes fall on, sorted, each once.
std::vector<date::sys_days> nights_of(std::span<const Ep> eps);
// Whether the sorted `nights` hold `d`.
inline bool holds(const std::vector<date::sys_days>& nights, date::sys_days d) {
  return std::binary_search(nights.begin(), nights.end(), d);
}

}  // namespace diary::analysis::detail
