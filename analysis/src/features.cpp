#include "features.hpp"

#include <algorithm>
#include <chrono>

#include "diary/clock.hpp"
#include "medicine_starts.hpp"
#include "note_facts.hpp"

namespace diary::analysis::detail {

namespace {

template <std::size_t N>
Mask mask_of(const std::array<std::string_view, N>& vocabulary, const std::vector<std::string>& list) {
  Mask m = 0;
  for (const auto& t : list) m |= bit_of(vocabulary, t);
  return m;
}

}  // namespace

date::sys_days night_of(const Episode& episode) { return date::sys_days{episode.night()}; }

Tri both(Tri a, Tri b) {
  if (a == Tri::no || b == Tri::no) return Tri::no;
  if (a == Tri::yes && b == Tri::yes) return Tri::yes;
  return Tri::unknown;
}

Tri either(Tri a, Tri b) {
  if (a == Tri::yes || b == Tri::yes) return Tri::yes;
  if (a == Tri::no && b == Tri::no) return Tri::no;
  return Tri::unknown;
}

Tri negate(Tri a) { return a == Tri::unknown ? a : (a == Tri::yes ? Tri::no : Tri::yes); }

bool has_term(const std::optional<std::vector<std::string>>& list, std::string_view term) {
  return list && std::find(list->begin(), list->end(), term) != list->end();
}

std::vector<date::sys_days> nights_of(std::span<const Ep> eps) {
  NightList out;
  for (const auto& e : eps) out.add(e.night);
  return std::move(out).done();
}

namespace {

// Whether `text` holds `lower` (lower-case ASCII) in any case, without a lowered copy.
bool holds_any_case(std::string_view text, std::string_view lower) {
  const auto same = [](char a, char b) { return (a >= 'A' && a <= 'Z' ? static_cast<char>(a + 32) : a) == b; };
  return std::search(text.begin(), text.end(), lower.begin(), lower.end(), same) != text.end();
}

Tri mentions_back(std::string_view note) {
  if (note.empty()) return Tri::unknown;
  return tri(holds_any_case(note, "back") || holds_any_case(note, "spine") || holds_any_case(note, "disc"));
}

Ep make_view(RecordsImpl& r, const Episode& e) {
  using namespace std::chrono;
  Ep v;
  v.id = e.id;
  v.night = night_of(e);
  const auto noon = clock::night_start(date::local_days{v.night.time_since_epoch()});
  // Whole seconds (an onset is kept to the second), less than a day: they fit 32 bits.
  v.from_noon_s = static_cast<std::int32_t>((e.onset.local() - noon).count());

  const auto& by_date = r.by_date;
  auto it = std::upper_bound(by_date.begin(), by_date.end(), v.night,
                             [](date::sys_days d, const auto& p) { return d < p.first; });
  const std::vector<Noted>* night_noted = nullptr;
  if (it != by_date.begin() && std::prev(it)->first == v.night) {
    v.night_entry = std::prev(it)->second;
    if (v.night_entry->bed) {
      const double m = duration<double>(e.onset.utc - v.night_entry->bed->utc).count() / 60.0;
      // A bedtime more than a day away from the onset is a slip, not a fact.
      if (m > -clock::kMinutesPerDay && m < clock::kMinutesPerDay) v.minutes_after_bed = m;
    }
    auto& facts = r.night_noted[static_cast<std::size_t>(v.night_entry - r.nights.data())];
    if (!facts) {
      auto read = night_facts(*v.night_entry);
      facts = read.empty() ? &r.no_facts : &r.noted.emplace_back(std::move(read));
    }
    night_noted = facts;
  }

  if (e.locations) {
    v.loc_known = true;
    v.loc = mask_of(terms::locations, *e.locations);
  }
  if (e.sensations) {
    v.sens_known = true;
    v.sens = mask_of(terms::sensations, *e.sensations);
  }
  if (e.relief) {
    v.relief_known = true;
    v.relief = mask_of(terms::reliefs, *e.relief);
  }
  if (e.signs) {
    v.signs_known = true;
    v.signs = mask_of(terms::signs, *e.signs);
  }
  // An empty list of sensations or locations says nothing; keep it unknown.
  if (v.loc_known && v.loc == 0) v.loc_known = false;
  if (v.sens_known && v.sens == 0) v.sens_known = false;
  if (v.relief_known && v.relief == 0) v.relief_known = false;
  v.duration = e.duration_min;
  v.intensity = e.intensity;
  if (e.onset_speed) v.sudden = tri(*e.onset_speed == "sudden");
  if (e.muscle_hard) v.hard = tri(*e.muscle_hard);
  if (e.returned_when_still) v.returned = tri(*e.returned_when_still);
  if (e.posture) v.posture = *e.posture;
  if (e.side && (*e.side == "left" || *e.side == "right" || *e.side == "both")) v.side = *e.side;
  if (e.relief_effect) v.effect = *e.relief_effect;
  v.relief_min = e.relief_min;
  const std::string_view note = e.note ? std::string_view(*e.note) : std::string_view{};
  v.note_back = mentions_back(note);
  // The note's words are kept only when a medicine's start may be read from them.
  if (note_says_start(note)) v.note = &r.notes.emplace_back(note);
  const auto day = date::year_month_day{date::floor<date::days>(e.onset.local())};
  // Only what the person left unknown (docs/CLINICAL.md#what-notes-are-read-for).
  fill_from_notes(v, note, day, night_noted, r.noted);
  return v;
}

}  // namespace

}  // namespace diary::analysis::detail

namespace diary::analysis {

using namespace detail;

Records::Records(std::span<const Night> nights) : impl_(std::make_unique<RecordsImpl>()) {
  impl_->nights = nights;
  // Night entries by date; the last entry wins if a date repeats.
  impl_->by_date.reserve(nights.size());
  impl_->night_noted.assign(nights.size(), nullptr);
  for (const auto& n : nights) impl_->by_date.emplace_back(date::sys_days{n.night}, &n);
  std::stable_sort(impl_->by_date.begin(), impl_->by_date.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
}
Records::~Records() = default;
Records::Records(Records&&) noexcept = default;
Records& Records::operator=(Records&&) noexcept = default;

void Records::reserve(std::size_t n) { impl_->views.reserve(n); }
void Records::add(const Episode& episode) { impl_->views.push_back(make_view(*impl_, episode)); }
std::size_t Records::size() const { return impl_->views.size(); }
std::span<const Night> Records::nights() const { return impl_->nights; }

}  // namespace diary::analysis

namespace diary::analysis::detail {

Records records_of(std::span<const Night> nights, std::span<const Episode> episodes) {
  Records records(nights);
  records.reserve(episodes.size());
  for (const auto& e : episodes) records.add(e);
  return records;
}

}  // namespace diary::analysis::detail
