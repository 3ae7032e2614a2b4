// Notes into facts: the reader's findings applied to one episode (note_facts.hpp).
#include "note_facts.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "categories.hpp"
#include "diary/episode.hpp"

namespace diary::analysis::detail {

namespace {

constexpr std::uint32_t bit(Field f) { return std::uint32_t{1} << static_cast<int>(f); }

void add_affirmed(std::vector<Noted>& into, std::string_view text, date::year_month_day day, bool night_note) {
  for (auto& f : read_note(text))
    if (f.status == Status::affirmed) into.push_back({f.field, f.term, std::move(f.quote), day, night_note});
}

template <std::size_t N>
Mask mask_of(const std::array<std::string_view, N>& vocabulary, const std::vector<Noted>& noted, Field field) {
  Mask m = 0;
  for (const auto& n : noted)
    if (n.field == field) m |= bit_of(vocabulary, n.term);
  return m;
}

std::optional<std::string_view> value_of(const std::vector<Noted>& noted, Field field) {
  for (const auto& n : noted)
    if (n.field == field) return n.term;
  return std::nullopt;
}

std::optional<std::string_view> side_of(const std::vector<Noted>& noted) {
  bool left = false, right = false;
  for (const auto& n : noted)
    if (n.field == Field::side) {
      left = left || n.term == "left" || n.term == "both";
      right = right || n.term == "right" || n.term == "both";
    }
  if (left && right) return "both";
  if (left) return "left";
  if (right) return "right";
  return std::nullopt;
}

void fill_mask(bool& known, Mask& m, Mask from_note, std::uint32_t& filled, Field f) {
  if (known || from_note == 0) return;
  known = true;
  m = from_note;
  filled |= bit(f);
}

template <class Into, class T>
void fill_value(Into& into, std::optional<T> from_note, std::uint32_t& filled, Field f) {
  if (into || !from_note) return;
  into = *from_note;
  filled |= bit(f);
}

Tri yes_if(std::optional<std::string_view> v, std::string_view yes) {
  if (!v) return Tri::unknown;
  return tri(*v == yes);
}

}  // namespace

std::vector<Noted> night_facts(const Night& n) {
  std::vector<Noted> out;
  if (n.note) add_affirmed(out, *n.note, n.night, true);
  if (n.new_medication) add_affirmed(out, *n.new_medication, n.night, true);
  return out;
}

void fill_from_notes(Ep& v, std::string_view note, date::year_month_day day, const std::vector<Noted>* night_noted,
                     NotedStore& store) {
  std::vector<Noted> read;
  if (!note.empty()) add_affirmed(read, note, day, false);
  if (night_noted) read.insert(read.end(), night_noted->begin(), night_noted->end());
  if (read.empty()) return;
  const auto& noted = store.emplace_back(std::move(read));
  v.noted = NotedList(noted);
  fill_mask(v.loc_known, v.loc, mask_of(terms::locations, noted, Field::locations), v.filled, Field::locations);
  fill_mask(v.sens_known, v.sens, mask_of(terms::sensations, noted, Field::sensations), v.filled, Field::sensations);
  v.note_relief = mask_of(terms::reliefs, noted, Field::relief);
  v.note_signs = mask_of(terms::signs, noted, Field::signs);
  fill_mask(v.relief_known, v.relief, v.note_relief, v.filled, Field::relief);
  fill_mask(v.signs_known, v.signs, v.note_signs, v.filled, Field::signs);
  fill_value(v.effect, value_of(noted, Field::effect), v.filled, Field::effect);
  fill_value(v.side, side_of(noted), v.filled, Field::side);
  auto fill_tri = [&](Tri& into, Tri from, Field f) {
    if (into != Tri::unknown || from == Tri::unknown) return;
    into = from;
    v.filled |= bit(f);
  };
  fill_tri(v.returned, yes_if(value_of(noted, Field::returned), "yes"), Field::returned);
  fill_tri(v.sudden, yes_if(value_of(noted, Field::onset), "sudden"), Field::onset);
  fill_tri(v.hard, yes_if(value_of(noted, Field::hard), "yes"), Field::hard);
}

Ep ticked_only(const Ep& v) {
  Ep t = v;
  auto clear = [&](Field f) { return (v.filled & bit(f)) != 0; };
  if (clear(Field::locations)) t.loc_known = false, t.loc = 0;
  if (clear(Field::sensations)) t.sens_known = false, t.sens = 0;
  if (clear(Field::relief)) t.relief_known = false, t.relief = 0;
  if (clear(Field::signs)) t.signs_known = false, t.signs = 0;
  if (clear(Field::effect)) t.effect.reset();
  if (clear(Field::side)) t.side.reset();
  if (clear(Field::returned)) t.returned = Tri::unknown;
  if (clear(Field::onset)) t.sudden = Tri::unknown;
  if (clear(Field::hard)) t.hard = Tri::unknown;
  t.noted.clear();
  t.filled = 0;
  t.note_signs = t.note_relief = 0;
  return t;
}

Ep with_note_signs(const Ep& v) {
  Ep t = v;
  if (v.note_signs) {
    t.signs_known = true;
    t.signs |= v.note_signs;
  }
  if (v.note_relief) {
    t.relief_known = true;
    t.relief |= v.note_relief;
  }
  return t;
}

void add_note_evidence(std::vector<CategoryFinding>& findings, std::span<const Ep> eps, std::span<const int> best) {
  for (auto& f : findings) {
    const int c = static_cast<int>(std::find(kCatIds.begin(), kCatIds.end(), f.id) - kCatIds.begin());
    int fit = 0, read = 0;
    const Noted* example = nullptr;
    for (std::size_t i = 0; i < eps.size(); ++i) {
      if (best[i] != c) continue;
      ++fit;
      if (eps[i].filled == 0) continue;
      ++read;
      for (const auto& n : eps[i].noted)
        if (!example && (eps[i].filled & bit(n.field)) && n.field != Field::locations && n.field != Field::side)
          example = &n;
    }
    if (read == 0 || !example) continue;
    f.evidence.push_back(fmt::format("{} of {} episodes read partly from notes where fields were left blank, e.g. {}",
                                     read, fit, note_words(*example)));
  }
}

std::string note_words(const Noted& n) {
  const date::sys_days d{n.day};
  return fmt::format("from your {}note on {} {} {}: '{}'", n.night_note ? "night's " : "",
                     date::format("%a", date::weekday{d}), static_cast<unsigned>(n.day.day()),
                     date::format("%b", n.day.month()), n.quote);
}

}  // namespace diary::analysis::detail
