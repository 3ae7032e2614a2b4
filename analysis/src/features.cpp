#include "features.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "diary/clock.hpp"
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

std::vector<Ep> make_views(std::span<const Night> nights, std::span<const Episode> episodes) {
  using namespace std::chrono;
  // Night entries by date; the last entry wins if a date repeats.
  std::vector<std::pair<date::sys_days, const Night*>> by_date;
  by_date.reserve(nights.size());
  for (const auto& n : nights) by_date.emplace_back(date::sys_days{n.night}, &n);
  std::stable_sort(by_date.begin(), by_date.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

  std::vector<Ep> out;
  out.reserve(episodes.size());
  for (const auto& e : episodes) {
    Ep v;
    v.episode = &e;
    v.id = e.id;
    v.night = night_of(e);
    const auto noon = clock::night_start(date::local_days{v.night.time_since_epoch()});
    v.hour_from_noon = duration<double>(e.onset.local() - noon).count() / 3600.0;

    auto it = std::upper_bound(by_date.begin(), by_date.end(), v.night,
                               [](date::sys_days d, const auto& p) { return d < p.first; });
    if (it != by_date.begin() && std::prev(it)->first == v.night) {
      v.night_entry = std::prev(it)->second;
      if (v.night_entry->bed) {
        const double m = duration<double>(e.onset.utc - v.night_entry->bed->utc).count() / 60.0;
        // A bedtime more than a day away from the onset is a slip, not a fact.
        if (m > -clock::kMinutesPerDay && m < clock::kMinutesPerDay) v.minutes_after_bed = m;
      }
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
    if (e.note) v.note = *e.note;
    fill_from_notes(v);  // only what the person left unknown (docs/CLINICAL.md#what-notes-are-read-for)
    out.push_back(v);
  }
  return out;
}

}  // namespace diary::analysis::detail
