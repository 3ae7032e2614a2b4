#pragma once
// A generator of messy synthetic diaries for the analysis tests, drawn from the
// descriptions in ../shared/seeds (not from the analysis rules): each kind of night-leg
// trouble as the seeds describe it, with the mess of real diaries: fields left out, nights
// not logged, odd episodes, two conditions at once, DST changes, diaries of 1-2 episodes,
// and warning signs injected. Deterministic for a seed (own distributions, not <random>'s,
// whose output differs between standard libraries).
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <date/date.h>

#include "diary/episode.hpp"
#include "diary/night.hpp"
#include "diary/profile.hpp"

namespace gen {

using Terms = std::vector<std::string>;

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull) {}
  std::uint64_t next() {  // splitmix64
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double u() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double u(double a, double b) { return a + (b - a) * u(); }
  int i(int a, int b) { return a + static_cast<int>(next() % static_cast<std::uint64_t>(b - a + 1)); }
  bool p(double q) { return u() < q; }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[next() % v.size()]; }
  std::string pick(std::initializer_list<const char*> v) {
    return *(v.begin() + static_cast<std::ptrdiff_t>(next() % v.size()));
  }

 private:
  std::uint64_t s_;
};

// Adds each term with its probability; guarantees at least one by taking `fallback`.
inline Terms some(Rng& r, std::initializer_list<std::pair<const char*, double>> terms, const char* fallback) {
  Terms out;
  for (auto [t, q] : terms)
    if (r.p(q)) out.emplace_back(t);
  if (out.empty()) out.emplace_back(fallback);
  return out;
}

// How typical episodes are: 1 as described; lower values make each kind's hallmark
// (urge to move, dangling relief, a knotted calf...) rarer, for stress runs.
inline double g_typical = 1.0;
inline double T(double q) { return q * g_typical; }

inline const std::vector<std::string> kKinds = {
    "nocturnal_leg_cramps", "restless_legs",  "pad_rest_pain", "peripheral_neuropathy",
    "nerve_root_compression", "nerve_entrapment", "varicose_veins", "arthritis", "dvt"};

// One episode's facts before they are placed in time (hour: local clock hours after the
// night's noon, so 18:00 is 6 and 02:00 is 14).
struct Draft {
  double hour = 14;
  std::optional<double> after_bed;  // minutes after bedtime, when the kind is tied to it
  diary::Episode e;
};

inline void fill_common(diary::Episode& e) {
  e.signs = Terms{};
  e.note = "";
}

// ---- One episode of each kind, as the seeds describe it ---------------------------------

inline Draft cramp(Rng& r) {
  Draft d;
  auto& e = d.e;
  fill_common(e);
  d.hour = r.u(11.5, 18.0);
  e.duration_min = r.p(0.85) ? r.u(0.3, 6) : r.u(6, 11);
  e.intensity = r.i(5, 10);
  e.onset_speed = r.p(T(0.9)) ? "sudden" : "gradual";
  const double w = r.u();
  e.locations = w < 0.7 ? Terms{"calf"} : w < 0.85 ? Terms{"calf", "foot"} : w < 0.93 ? Terms{"foot", "arch"}
              : w < 0.97 ? Terms{"calf", "toes"} : Terms{"thigh"};
  e.side = r.p(0.9) ? r.pick({"left", "right"}) : "both";
  e.sensations = some(r, {{"cramp", T(0.85)}, {"knot", T(0.4)}, {"tightness", 0.4}, {"sharp", 0.35}, {"soreness", 0.3}}, "cramp");
  e.muscle_hard = r.p(T(0.75));
  e.posture = r.pick({"flat_on_back", "side", "front", "side"});
  e.relief = some(r, {{"stretch", T(0.75)}, {"stand", 0.4}, {"massage", 0.3}, {"walk", 0.2}}, "stretch");
  e.relief_effect = r.p(0.7) ? "full" : "partial";
  e.relief_min = r.i(1, 6);
  e.returned_when_still = r.p(0.08);
  return d;
}

inline Draft rls(Rng& r, int nth_in_night, double prev_hour) {
  Draft d;
  auto& e = d.e;
  fill_common(e);
  d.hour = nth_in_night == 0 ? r.u(6.5, 11.5) : prev_hour + r.u(0.7, 2.2);
  e.duration_min = r.u(15, 100);
  e.intensity = r.i(3, 8) + (nth_in_night > 0 && r.p(0.5) ? 1 : 0);
  e.onset_speed = r.p(0.8) ? "gradual" : "sudden";
  e.locations = some(r, {{"calf", 0.8}, {"thigh", 0.35}, {"foot", 0.2}, {"whole_leg", 0.2}, {"arm", 0.05}}, "calf");
  e.side = r.p(0.72) ? "both" : r.pick({"left", "right"});
  auto s = some(r, {{"crawling", 0.4}, {"creeping", 0.25}, {"pulling", 0.25}, {"fizzing", 0.2}, {"tingling", 0.25},
                    {"aching", 0.25}, {"itching", 0.1}, {"electric", 0.1}}, "crawling");
  if (r.p(T(0.85))) s.insert(s.begin(), "urge_to_move");
  e.sensations = s;
  e.muscle_hard = false;
  e.posture = r.u() < T(0.55) ? "sitting" : r.pick({"flat_on_back", "side"});
  e.relief = some(r, {{"walk", T(0.7)}, {"move", T(0.55)}, {"stretch", 0.3}, {"massage", 0.2}}, "walk");
  e.relief_effect = r.p(0.65) ? "partial" : "full";
  e.relief_min = r.i(1, 10);
  e.returned_when_still = r.p(T(0.75));
  return d;
}

inline Draft pad(Rng& r) {
  Draft d;
  auto& e = d.e;
  fill_common(e);
  d.after_bed = r.u(50, 190);
  e.duration_min = r.u(20, 120);
  e.intensity = r.i(5, 10);
  e.onset_speed = r.p(0.9) ? "gradual" : "sudden";
  const double w = r.u();
  e.locations = w < 0.45 ? Terms{"foot"} : w < 0.8 ? Terms{"foot", "toes"} : w < 0.9 ? Terms{"toes"}
              : w < 0.95 ? Terms{"foot", "toes", "calf"} : Terms{"calf"};
  e.side = r.p(0.85) ? r.pick({"left", "right"}) : "both";
  e.sensations = some(r, {{"burning", 0.7}, {"deep_ache", 0.55}, {"aching", 0.35}, {"coldness", 0.25}, {"numbness", 0.15}}, "deep_ache");
  e.muscle_hard = false;
  e.posture = r.u() < 0.5 ? "flat_on_back" : r.pick({"legs_elevated", "side"});
  auto rel = some(r, {{"dangle", T(0.7)}, {"stand", 0.35}, {"sit_up", 0.35}, {"walk", 0.25}}, "sit_up");
  e.relief = rel;
  e.relief_effect = r.p(0.65) ? "full" : "partial";
  e.relief_min = r.i(3, 20);
  e.returned_when_still = r.p(0.12);
  Terms g;
  if (r.p(T(0.4))) g.emplace_back("cold_foot");
  if (r.p(0.1)) g.emplace_back("hair_loss");
  if (r.p(0.05)) g.emplace_back("shiny_skin");
  if (r.p(0.04)) g.emplace_back("pale_skin");
  e.signs = g;
  return d;
}

inline Draft neuropathy(Rng& r) {
  Draft d;
  auto& e = d.e;
  fill_common(e);
  d.hour = r.u(9.5, 13.0);
  e.duration_min = r.u(45, 240);
  e.intensity = r.i(3, 8);
  e.onset_speed = r.p(0.95) ? "gradual" : "sudden";
  e.locations = some(r, {{"foot", 0.9}, {"toes", 0.3}, {"shin", 0.1}}, "toes");
  e.side = r.p(T(0.75)) ? "both" : r.pick({"left", "right"});
  e.sensations = some(r, {{"burning", 0.55}, {"tingling", 0.6}, {"pins_and_needles", 0.4}, {"numbness", 0.5},
                          {"stabbing", 0.25}, {"electric", 0.15}, {"coldness", 0.08}, {"itching", 0.05}}, "tingling");
  e.muscle_hard = false;
  e.posture = r.pick({"side", "flat_on_back"});
  e.relief = some(r, {{"medication", 0.45}, {"none", 0.3}, {"walk", 0.25}, {"cold_pack", 0.15}, {"move", 0.1}}, "none");
  e.relief_effect = r.p(T(0.5)) ? "none" : "partial";
  e.returned_when_still = r.p(0.2);
  if (r.p(0.1)) e.signs = Terms{"numbness"};
  return d;
}

inline Draft root(Rng& r) {
  Draft d;
  auto& e = d.e;
  fill_common(e);
  d.hour = r.u(12.0, 17.0);
  e.duration_min = r.u(15, 60);
  e.intensity = r.i(4, 9);
  e.onset_speed = r.p(0.5) ? "sudden" : "gradual";
  auto loc = some(r, {{"back_of_leg", T(0.75)}, {"buttock", 0.4}, {"thigh", 0.4}, {"calf", 0.3}, {"foot", 0.1}}, "back_of_leg");
  e.locations = loc;
  e.side = r.p(0.9) ? (r.p(0.8) ? "right" : "left") : "both";
  e.sensations = some(r, {{"shooting", T(0.75)}, {"electric", 0.45}, {"sharp", 0.45}, {"burning", 0.2}, {"numbness", 0.2},
                          {"tingling", 0.1}}, "shooting");
  e.muscle_hard = false;
  e.posture = r.u() < 0.7 ? "flat_on_back" : r.pick({"front", "side"});
  e.relief = some(r, {{"fetal_position", T(0.6)}, {"head_elevated", T(0.45)}, {"reposition", 0.35}, {"bend_forward", 0.1},
                      {"walk", 0.1}}, "fetal_position");
  e.relief_effect = r.p(0.5) ? "full" : "partial";
  e.relief_min = r.i(2, 20);
  e.returned_when_still = r.p(0.1);
  if (r.p(0.4)) e.note = "lower back stiff";
  if (r.p(0.04)) e.signs = Terms{"weakness"};  // a slowly growing weakness: gradual below
  if (e.signs && !e.signs->empty()) e.onset_speed = "gradual";
  return d;
}

inline Draft entrapment(Rng& r) {
  Draft d;
  auto& e = d.e;
  fill_common(e);
  d.hour = r.u(12.5, 17.0);
  e.duration_min = r.u(2, 12);
  e.intensity = r.i(1, 5);
  e.onset_speed = r.p(0.5) ? "sudden" : "gradual";
  e.locations = some(r, {{"foot", 0.7}, {"toes", 0.25}, {"shin", 0.15}, {"knee", 0.05}}, "foot");
  e.side = r.p(0.85) ? r.pick({"left", "right"}) : "both";
  e.sensations = some(r, {{"numbness", 0.8}, {"pins_and_needles", 0.6}, {"tingling", 0.4}}, "numbness");
  e.muscle_hard = false;
  e.posture = r.u() < 0.55 ? "side" : r.pick({"front", "flat_on_back"});
  e.relief = r.p(T(1.0)) ? (r.p(0.8) ? Terms{"reposition"} : Terms{"reposition", "move"}) : Terms{r.pick({"move", "massage", "walk"})};
  e.relief_effect = r.p(0.9) ? "full" : "partial";
  e.relief_min = r.i(1, 5);
  e.returned_when_still = false;
  return d;
}

inline Draft varicose(Rng& r) {
  Draft d;
  auto& e = d.e;
  fill_common(e);
  d.hour = r.u(8.0, 12.5);
  e.duration_min = r.u(25, 90);
  e.intensity = r.i(3, 6);
  e.onset_speed = "gradual";
  e.locations = some(r, {{"calf", 0.85}, {"whole_leg", 0.3}, {"ankle", 0.3}, {"shin", 0.15}}, "calf");
  e.side = r.p(0.65) ? "both" : r.pick({"left", "right"});
  e.sensations = some(r, {{"aching", 0.85}, {"heaviness", T(0.6)}, {"throbbing", 0.55}, {"itching", 0.2}}, "aching");
  e.muscle_hard = false;
  e.posture = r.u() < 0.45 ? "sitting" : r.pick({"flat_on_back", "side"});
  e.relief = some(r, {{"elevate_legs", T(0.9)}, {"walk", 0.15}, {"massage", 0.1}}, "elevate_legs");
  e.relief_effect = r.p(0.85) ? "partial" : "full";
  e.relief_min = r.i(6, 30);
  e.returned_when_still = false;
  if (*e.side == "both" && r.p(0.45)) e.signs = Terms{"swelling"};
  return d;
}

inline Draft arthritis(Rng& r) {
  Draft d;
  auto& e = d.e;
  fill_common(e);
  d.hour = r.u(13.0, 19.5);
  e.duration_min = r.u(45, 180);
  e.intensity = r.i(3, 7);
  e.onset_speed = "gradual";
  const double w = r.u();
  e.locations = w < 0.55 ? Terms{"knee"} : w < 0.75 ? Terms{"knee", "hip"} : w < 0.88 ? Terms{"hip"} : Terms{"ankle"};
  if (r.p(0.1)) e.locations->push_back("ankle");
  e.side = r.p(0.65) ? r.pick({"left", "right"}) : "both";
  e.sensations = some(r, {{"aching", 0.85}, {"stiffness", T(0.55)}, {"throbbing", 0.15}, {"sharp", 0.15}}, "aching");
  e.muscle_hard = false;
  e.posture = r.pick({"side", "flat_on_back"});
  e.relief = some(r, {{"heat", T(0.5)}, {"medication", 0.45}, {"move", 0.3}, {"reposition", 0.35}}, "heat");
  e.relief_effect = r.p(0.9) ? "partial" : "full";
  e.relief_min = r.i(10, 56);
  e.returned_when_still = false;
  return d;
}

// The DVT episode: one leg swollen, warm and red (sometimes only two of the three).
inline Draft dvt_episode(Rng& r) {
  Draft d;
  auto& e = d.e;
  fill_common(e);
  d.hour = r.u(8, 18);
  e.duration_min = r.u(60, 300);
  e.intensity = r.i(4, 8);
  e.onset_speed = "gradual";
  e.locations = r.p(0.8) ? Terms{"calf"} : Terms{"calf", "whole_leg"};
  e.side = r.pick({"left", "right"});
  e.sensations = some(r, {{"aching", 0.7}, {"throbbing", 0.3}, {"tightness", 0.3}, {"heaviness", 0.2}}, "aching");
  e.relief = Terms{"none"};
  e.relief_effect = "none";
  Terms g{"swelling", "warmth", "redness"};
  if (r.p(0.2)) g.erase(g.begin() + r.i(1, 2));
  e.signs = g;
  return d;
}

// Something that fits no pattern well: random words.
inline Draft odd(Rng& r) {
  static const std::vector<std::string> loc = {"calf", "foot", "toes", "shin", "knee", "thigh", "hip", "whole_leg"};
  static const std::vector<std::string> sens = {"aching", "sharp", "tightness", "burning", "tingling", "throbbing",
                                                "heaviness", "soreness", "stabbing", "pulling"};
  static const std::vector<std::string> rel = {"walk", "massage", "rest", "medication", "stretch", "reposition", "heat"};
  Draft d;
  auto& e = d.e;
  fill_common(e);
  d.hour = r.u(7, 19);
  e.duration_min = r.u(2, 120);
  e.intensity = r.i(1, 8);
  e.onset_speed = r.pick({"sudden", "gradual"});
  e.locations = Terms{r.pick(loc)};
  e.side = r.pick({"left", "right", "both"});
  e.sensations = Terms{r.pick(sens)};
  e.muscle_hard = false;
  e.posture = r.pick({"flat_on_back", "side", "sitting", "front"});
  e.relief = Terms{r.pick(rel)};
  e.relief_effect = r.pick({"full", "partial", "none"});
  return d;
}

inline Draft draft_of(Rng& r, const std::string& kind, int nth = 0, double prev = 0) {
  if (kind == "nocturnal_leg_cramps") return cramp(r);
  if (kind == "restless_legs") return rls(r, nth, prev);
  if (kind == "pad_rest_pain") return pad(r);
  if (kind == "peripheral_neuropathy") return neuropathy(r);
  if (kind == "nerve_root_compression") return root(r);
  if (kind == "nerve_entrapment") return entrapment(r);
  if (kind == "varicose_veins") return varicose(r);
  if (kind == "arthritis") return arthritis(r);
  if (kind == "dvt") return dvt_episode(r);
  return odd(r);
}

// Nights a week and episodes per night of each kind.
inline double nights_per_week(const std::string& kind) {
  if (kind == "restless_legs") return 5;
  if (kind == "peripheral_neuropathy") return 6;
  if (kind == "pad_rest_pain") return 5;
  if (kind == "nerve_entrapment") return 2.5;
  if (kind == "nocturnal_leg_cramps") return 3;
  return 4;
}

inline void profile_for(Rng& r, const std::string& kind, diary::Profile& p) {
  auto add = [&](std::optional<std::vector<std::string>>& v, const char* t) {
    if (!v) v = std::vector<std::string>{};
    if (std::find(v->begin(), v->end(), t) == v->end()) v->emplace_back(t);
  };
  if (kind == "nocturnal_leg_cramps") {
    if (r.p(0.3)) add(p.medications, "diuretic");
    if (r.p(0.15)) add(p.medications, "statin");
  } else if (kind == "restless_legs") {
    if (r.p(0.3)) add(p.conditions, "family_history_rls");
    if (r.p(0.2)) add(p.conditions, "iron_deficiency");
  } else if (kind == "pad_rest_pain") {
    p.birth_year = r.i(1940, 1970);
    p.smoking = r.p(0.5) ? "former" : (r.p(0.6) ? "current" : "never");
    if (r.p(0.5)) add(p.conditions, "diabetes");
    if (r.p(0.5)) add(p.conditions, "hypertension");
    if (r.p(0.4)) add(p.conditions, "high_cholesterol");
  } else if (kind == "peripheral_neuropathy") {
    if (r.p(0.75)) add(p.conditions, "diabetes");
  } else if (kind == "nerve_root_compression") {
    if (r.p(0.4)) add(p.conditions, "back_problems");
  } else if (kind == "varicose_veins") {
    if (r.p(0.65)) add(p.conditions, "varicose_veins");
  } else if (kind == "arthritis") {
    if (r.p(0.65)) add(p.conditions, "arthritis");
  } else if (kind == "dvt") {
    if (r.p(0.4)) add(p.conditions, "recent_immobility");
    if (r.p(0.3)) add(p.conditions, "history_of_clots");
  }
}

// ---- A whole diary -------------------------------------------------------------------------

struct Options {
  std::vector<std::string> kinds;  // one or two (a "dvt" diary also carries a benign background)
  int episodes = 20;               // roughly, for the whole diary
  double dropout = 0.15;           // chance that each optional field is left out
  double logged = 0.8;             // chance a night has a night entry
  int odd = 0;                     // odd episodes added
  bool dst = true;                 // a UTC-offset change in the middle
  std::string flag;                // a red flag to inject ("" for none)
  double noise = 0;                // chance that an episode has one or two facts replaced at random
};

// Replaces one or two of an episode's facts by random vocabulary: the slips and atypical
// nights of a real diary.
inline void perturb(Rng& r, diary::Episode& e) {
  static const std::vector<std::string> loc = {"calf", "foot", "toes", "arch", "ankle", "shin", "knee", "thigh",
                                               "hip", "buttock", "back_of_leg", "whole_leg"};
  static const std::vector<std::string> sens = {
      "cramp", "knot", "tightness", "sharp", "stabbing", "shooting", "electric", "burning", "aching", "deep_ache",
      "throbbing", "heaviness", "stiffness", "soreness", "urge_to_move", "crawling", "creeping", "pulling",
      "fizzing", "itching", "tingling", "pins_and_needles", "numbness", "coldness"};
  static const std::vector<std::string> rel = {"stretch", "walk", "move", "massage", "stand", "sit_up",
                                               "reposition", "heat", "cold_pack", "medication", "rest", "none"};
  static const std::vector<std::string> post = {"flat_on_back", "side", "front", "sitting", "standing"};
  const int n = r.i(1, 2);
  for (int k = 0; k < n; ++k) {
    switch (r.i(0, 6)) {
      case 0: e.sensations = Terms{r.pick(sens)}; break;
      case 1: if (e.sensations) e.sensations->push_back(r.pick(sens)); break;
      case 2: e.relief = Terms{r.pick(rel)}; break;
      case 3: e.locations = Terms{r.pick(loc)}; break;
      case 4: e.posture = r.pick(post); break;
      case 5: e.side = r.pick({"left", "right", "both"}); break;
      case 6: e.duration_min = r.u(1, 200); break;
    }
  }
}

struct Diary {
  diary::Profile profile;
  std::vector<diary::Night> nights;
  std::vector<diary::Episode> episodes;  // ids 1..N in onset order
  std::vector<std::string> kinds;
  std::set<std::string> flags;     // red flags whose sign is in the data (crisp rules below)
  std::set<std::string> intended;  // the flag injected, when its sign survived the mess
  bool detectable = true;          // every kind left a trace (a DVT diary kept its signs)
};

inline diary::Instant instant_at(date::sys_days night, double hour_from_noon, int offset_min) {
  using namespace std::chrono;
  const auto local = date::local_seconds{night.time_since_epoch()} + hours{12} +
                     seconds{static_cast<long long>(hour_from_noon * 3600)};
  diary::Instant i;
  i.offset = minutes{offset_min};
  i.utc = date::sys_seconds{(local - i.offset).time_since_epoch()};
  return i;
}

// Crisp sign rules, straight from the contract's wording, used as the truth of which red
// flags a generated diary carries.
inline std::set<std::string> crisp_flags(const Diary& d) {
  auto has = [](const std::optional<Terms>& v, const char* t) {
    return v && std::find(v->begin(), v->end(), t) != v->end();
  };
  std::set<std::string> out;
  std::optional<date::sys_days> med;
  for (const auto& n : d.nights)
    if (n.new_medication && !n.new_medication->empty())
      if (!med || date::sys_days{n.night} < *med) med = date::sys_days{n.night};
  for (const auto& e : d.episodes) {
    const bool one = e.side && *e.side != "both";
    if (has(e.signs, "swelling") && (has(e.signs, "warmth") || has(e.signs, "redness")) && (one || !e.side))
      out.insert("dvt_signs");
    const bool footish = !e.locations || has(e.locations, "foot") || has(e.locations, "toes") ||
                         has(e.locations, "arch");
    if (has(e.relief, "dangle") && (!e.relief_effect || *e.relief_effect != "none") && footish)
      out.insert("dangling_relief");
    if (has(e.signs, "sore_or_ulcer") || has(e.signs, "dark_skin") || has(e.signs, "bluish_skin") ||
        has(e.signs, "pale_skin") || (has(e.signs, "cold_foot") && footish))
      out.insert("critical_ischemia");
    if (has(e.signs, "chest_pain") || has(e.signs, "short_of_breath")) out.insert("cardiopulmonary");
    // Weakness whose onset speed was not recorded may have been sudden: it carries the sign.
    if (has(e.signs, "weakness") && (!e.onset_speed || *e.onset_speed == "sudden")) out.insert("sudden_weakness");
    if (has(e.signs, "saddle_numbness") || has(e.signs, "bladder_bowel_change")) out.insert("cauda_equina");
    const date::sys_days night{date::floor<date::days>(e.onset.local() - std::chrono::hours{12}).time_since_epoch()};
    if (med && night >= *med && has(e.sensations, "cramp") && e.intensity && *e.intensity >= 7)
      out.insert("new_medication_cramps");
  }
  return out;
}

inline Diary generate(Rng& r, const Options& o) {
  using namespace std::chrono;
  Diary d;
  d.kinds = o.kinds;

  // Profile: mostly filled in; the kinds add their risk factors.
  d.profile.birth_year = r.i(1945, 1995);
  d.profile.smoking = r.pick({"never", "never", "former", "current"});
  d.profile.conditions = std::vector<std::string>{};
  d.profile.medications = std::vector<std::string>{};
  for (const auto& k : o.kinds) profile_for(r, k, d.profile);
  if (r.p(o.dropout)) d.profile.conditions.reset();
  if (r.p(o.dropout)) d.profile.medications.reset();
  if (r.p(o.dropout)) d.profile.birth_year.reset();
  if (r.p(o.dropout)) d.profile.smoking.reset();

  // Which kinds make the episodes: a DVT diary has a benign background and 1-2 DVT episodes.
  std::vector<std::string> makers;
  bool dvt = false;
  for (const auto& k : o.kinds) {
    if (k == "dvt") dvt = true;
    else makers.push_back(k);
  }
  if (makers.empty())
    makers.push_back(r.pick(std::vector<std::string>{"nerve_entrapment", "nocturnal_leg_cramps", "varicose_veins",
                                                     "arthritis", "nerve_root_compression"}));

  // The span: long enough for the episodes at each kind's pace.
  const int per_kind = std::max(1, o.episodes / static_cast<int>(makers.size()));
  int span = 7;
  for (const auto& k : makers) {
    const double per_night = k == "restless_legs" ? 1.7 : 1.05;
    span = std::max(span, static_cast<int>(per_kind / (nights_per_week(k) / 7.0 * per_night)) + 3);
  }
  if (o.episodes <= 2) span = r.i(3, 14);
  const date::sys_days start = date::sys_days{date::year{r.i(2024, 2027)} / date::month{static_cast<unsigned>(r.i(1, 12))} / date::day{static_cast<unsigned>(r.i(1, 28))}};

  // Zone: a base offset and, with DST, a change of +-60 minutes in the middle.
  const int base = r.pick(std::vector<int>{0, 60, -300, 330, 600, -480, 120});
  const int change_day = o.dst ? r.i(1, std::max(1, span - 1)) : span + 1;
  const int delta = r.p(0.5) ? 60 : -60;
  auto offset_on = [&](int day) { return day >= change_day ? base + delta : base; };

  // Night entries (bedtime and day factors) for every night; some dropped later.
  std::vector<double> bed_hour(static_cast<std::size_t>(span));
  std::vector<diary::Night> all_nights;
  for (int i = 0; i < span; ++i) {
    diary::Night n;
    n.night = date::year_month_day{start + date::days{i}};
    bed_hour[static_cast<std::size_t>(i)] = r.u(9.3, 12.6);
    n.bed = instant_at(start + date::days{i}, bed_hour[static_cast<std::size_t>(i)], offset_on(i));
    n.wake = instant_at(start + date::days{i}, r.u(17.5, 20), offset_on(i));
    n.sleep_quality = r.i(1, 5);
    n.exercise = r.pick({"none", "light", "light", "moderate", "hard"});
    n.hydration = r.p(0.2) ? "low" : "normal";
    n.caffeine_late = r.p(0.25);
    n.alcohol = r.p(0.2);
    n.new_medication = "";
    bool pad_kind = std::find(o.kinds.begin(), o.kinds.end(), "pad_rest_pain") != o.kinds.end();
    n.daytime_walking_pain = pad_kind ? r.p(0.7) : r.p(0.03);
    bool rls_kind = std::find(o.kinds.begin(), o.kinds.end(), "restless_legs") != o.kinds.end();
    n.leg_jerks_reported = rls_kind ? r.p(0.3) : r.p(0.03);
    n.note = "";
    all_nights.push_back(n);
  }

  std::vector<Draft> drafts;
  std::vector<int> draft_day;
  auto place = [&](Draft dr, int day) {
    if (dr.after_bed) dr.hour = bed_hour[static_cast<std::size_t>(day)] + *dr.after_bed / 60.0;
    dr.hour = std::clamp(dr.hour, 4.0, 21.5);  // stay inside the night's 24 hours
    drafts.push_back(std::move(dr));
    draft_day.push_back(day);
  };

  // Each kind's episodes on its own nights.
  for (const auto& k : makers) {
    int made = 0;
    const int want = o.episodes <= 2 ? o.episodes : per_kind;
    for (int guard = 0; made < want && guard < 10000; ++guard) {
      const int day = o.episodes <= 2 ? r.i(0, span - 1) : r.i(0, span - 1);
      const int count = k == "restless_legs" ? (r.p(0.45) ? 1 : r.p(0.7) ? 2 : 3) : (r.p(0.92) ? 1 : 2);
      double prev = 0;
      for (int j = 0; j < count && made < want; ++j, ++made) {
        Draft dr = draft_of(r, k, j, prev);
        prev = dr.hour;
        place(std::move(dr), day);
      }
    }
  }
  if (dvt) {
    const int n = r.p(0.7) ? 1 : 2;
    for (int j = 0; j < n; ++j) place(dvt_episode(r), r.i(span / 2, span - 1));
  }
  // Odd episodes: a stray episode of another kind, or one that fits nothing.
  for (int j = 0; j < o.odd; ++j) {
    std::string k = r.p(0.5) ? "odd" : r.pick(kKinds);
    if (k == "dvt" || std::find(o.kinds.begin(), o.kinds.end(), k) != o.kinds.end()) k = "odd";
    place(draft_of(r, k), r.i(0, span - 1));
  }

  // Injected warning signs.
  if (!o.flag.empty() && !drafts.empty()) {
    const std::size_t at = static_cast<std::size_t>(r.i(0, static_cast<int>(drafts.size()) - 1));
    auto& e = drafts[at].e;
    if (!e.signs) e.signs = Terms{};
    if (o.flag == "cardiopulmonary") e.signs->push_back(r.p(0.5) ? "chest_pain" : "short_of_breath");
    else if (o.flag == "cauda_equina") e.signs->push_back(r.p(0.5) ? "saddle_numbness" : "bladder_bowel_change");
    else if (o.flag == "sudden_weakness") { e.signs->push_back("weakness"); e.onset_speed = "sudden"; }
    else if (o.flag == "critical_ischemia") e.signs->push_back(r.pick({"sore_or_ulcer", "dark_skin", "bluish_skin", "pale_skin"}));
    else if (o.flag == "dvt_signs") {
      Draft dv = dvt_episode(r);
      place(std::move(dv), r.i(0, span - 1));
    } else if (o.flag == "dangling_relief") {
      Draft p = pad(r);
      p.e.relief = Terms{"dangle"};
      p.e.relief_effect = "full";
      place(std::move(p), r.i(0, span - 1));
    } else if (o.flag == "new_medication_cramps") {
      const int startday = r.i(0, std::max(0, span - 3));
      all_nights[static_cast<std::size_t>(startday)].new_medication = r.pick({"statin", "diuretic", "new water tablet"});
      const int n = r.i(1, 3);
      for (int j = 0; j < n; ++j) {
        Draft c = cramp(r);
        c.e.intensity = r.i(7, 10);
        c.e.sensations = Terms{"cramp", "knot"};
        place(std::move(c), r.i(startday, span - 1));
      }
    }
  }

  // Mess: each optional field left out with probability `dropout`.
  for (std::size_t j = 0; j < drafts.size(); ++j) {
    auto& e = drafts[j].e;
    if (r.p(o.noise)) perturb(r, e);
    const int day = draft_day[j];
    e.onset = instant_at(start + date::days{day}, drafts[j].hour, offset_on(day));
    auto drop = [&](auto& f) { if (r.p(o.dropout)) f.reset(); };
    drop(e.duration_min); drop(e.intensity); drop(e.onset_speed); drop(e.locations); drop(e.side);
    drop(e.sensations); drop(e.muscle_hard); drop(e.posture); drop(e.relief); drop(e.relief_effect);
    drop(e.relief_min); drop(e.returned_when_still); drop(e.signs); drop(e.note);
  }
  std::vector<std::size_t> order(drafts.size());
  for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return drafts[a].e.onset.utc < drafts[b].e.onset.utc; });
  for (auto j : order) {
    d.episodes.push_back(drafts[j].e);
    d.episodes.back().id = static_cast<std::int64_t>(d.episodes.size());
  }

  // Unlogged nights: the night entry is missing; logged ones lose fields too.
  for (auto& n : all_nights) {
    if (!r.p(o.logged) && !(n.new_medication && !n.new_medication->empty())) continue;
    auto drop = [&](auto& f) { if (r.p(o.dropout)) f.reset(); };
    drop(n.bed); drop(n.wake); drop(n.sleep_quality); drop(n.exercise); drop(n.hydration);
    drop(n.caffeine_late); drop(n.alcohol); drop(n.daytime_walking_pain); drop(n.leg_jerks_reported);
    if (n.new_medication && n.new_medication->empty()) drop(n.new_medication);
    d.nights.push_back(n);
  }
  d.flags = crisp_flags(d);
  // The injected sign survived when the data still hold it (for sudden weakness: the
  // weakness, even if the onset speed was left out).
  if (!o.flag.empty()) {
    if (d.flags.count(o.flag)) d.intended.insert(o.flag);
    if (o.flag == "new_medication_cramps") {
      std::optional<date::sys_days> med;
      for (const auto& n : d.nights)
        if (n.new_medication && !n.new_medication->empty()) med = date::sys_days{n.night};
      for (const auto& e : d.episodes) {
        auto has = [&](const char* t) {
          return e.sensations && std::find(e.sensations->begin(), e.sensations->end(), t) != e.sensations->end();
        };
        const bool crampy = has("cramp") || has("knot") || (e.muscle_hard && *e.muscle_hard);
        const date::sys_days night{date::floor<date::days>(e.onset.local() - std::chrono::hours{12}).time_since_epoch()};
        if (med && night >= *med && crampy && (!e.intensity || *e.intensity >= 7)) d.intended.insert(o.flag);
      }
    }
    if (o.flag == "sudden_weakness")
      for (const auto& e : d.episodes)
        if (e.signs && std::find(e.signs->begin(), e.signs->end(), "weakness") != e.signs->end() &&
            (!e.onset_speed || *e.onset_speed == "sudden"))
          d.intended.insert(o.flag);
  }
  if (dvt) {
    d.detectable = false;
    for (const auto& e : d.episodes)
      if (e.signs && std::count_if(e.signs->begin(), e.signs->end(), [](const std::string& t) {
            return t == "swelling" || t == "warmth" || t == "redness";
          }) >= 2)
        d.detectable = true;
  }
  return d;
}

}  // namespace gen
