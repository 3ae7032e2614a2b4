// Red flags. Each is decided by one episode's recorded facts (and, for a new medication,
// by the night entries), never by the category scores, so that a warning sign is raised
// however the rest of the diary looks. The rules lean towards raising a flag when a field
// the sign depends on is missing: a missed warning costs more than a needless check.
#include "flags.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>

#include <fmt/format.h>

#include "categories.hpp"
#include "diary/analysis/names.hpp"
#include "medicine_starts.hpp"
#include "note_facts.hpp"

namespace diary::analysis::detail {

namespace {

constexpr Mask kLowerLegOrFoot =
    L("foot") | L("toes") | L("arch") | L("calf") | L("shin") | L("ankle") | L("whole_leg");
constexpr Mask kBadSkin = G("sore_or_ulcer") | G("dark_skin") | G("bluish_skin") | G("pale_skin");

// The place of the pain allows the sign: known to include the foot or lower leg, or unknown.
bool lower_leg_or_unknown(const Ep& e) { return e.has_loc(kLowerLegOrFoot) != Tri::no; }

std::string count_words(std::size_t n, int notes) {
  if (n == 0) return notes == 1 ? "a note" : fmt::format("{} notes", notes);
  return n == 1 ? "1 episode" : fmt::format("{} episodes", n);
}

// The warning signs one episode carries (all but new_medication_cramps, which needs the
// nights), adding the ischaemic signs it shows to `ischaemic`.
std::vector<const char*> signs_of(const Ep& e, Mask& ischaemic) {
  std::vector<const char*> out;
  // dvt_signs: one leg swollen, warm and red (two of the three suffice; see dvt_cluster).
  if (dvt_cluster(e)) out.push_back("dvt_signs");

  // dangling_relief: pain of the foot or lower leg eased by hanging the leg down. Cramps
  // eased by standing are not this; only `dangle` counts.
  if (e.eased_by(R("dangle")) == Tri::yes && lower_leg_or_unknown(e)) out.push_back("dangling_relief");

  // critical_ischemia: a sore, dark, bluish or pale skin; or a cold foot with night pain
  // of the foot or lower leg.
  if (e.has_sign(kBadSkin) == Tri::yes || (e.has_sign(G("cold_foot")) == Tri::yes && lower_leg_or_unknown(e))) {
    out.push_back("critical_ischemia");
    ischaemic |= e.signs & (kBadSkin | G("cold_foot"));
  }

  // cardiopulmonary: chest pain or shortness of breath with leg symptoms.
  if (e.has_sign(G("chest_pain") | G("short_of_breath")) == Tri::yes) out.push_back("cardiopulmonary");

  // sudden_weakness: weakness with a sudden onset, or with the onset speed not recorded
  // (weakness of unknown onset may be sudden, and even a growing weakness with nerve-root
  // pain needs prompt care). A weakness recorded as gradual (a pressed nerve root slowly
  // getting worse) is left to that category, which then advises seeing a doctor soon.
  if (e.has_sign(G("weakness")) == Tri::yes && e.sudden != Tri::no) out.push_back("sudden_weakness");

  // cauda_equina: saddle numbness or a bladder/bowel change with leg symptoms.
  if (e.has_sign(G("saddle_numbness") | G("bladder_bowel_change")) == Tri::yes) out.push_back("cauda_equina");
  return out;
}

// Whether a fact read from a note is one that the warning sign `id` rests on.
bool speaks_to(std::string_view id, const Noted& n) {
  auto sign = [&](std::initializer_list<std::string_view> terms) {
    if (n.field != Field::signs) return false;
    for (auto t : terms)
      if (n.term == t) return true;
    return false;
  };
  if (id == "dvt_signs") return sign({"swelling", "warmth", "redness"});
  if (id == "dangling_relief") return n.field == Field::relief && n.term == "dangle";
  if (id == "critical_ischemia") return sign({"sore_or_ulcer", "dark_skin", "bluish_skin", "pale_skin", "cold_foot"});
  if (id == "cardiopulmonary") return sign({"chest_pain", "short_of_breath"});
  if (id == "sudden_weakness") return sign({"weakness"});
  if (id == "cauda_equina") return sign({"saddle_numbness", "bladder_bowel_change"});
  if (id == "new_medication_cramps") return n.field == Field::sensations && (n.term == "cramp" || n.term == "knot");
  return false;
}

// A night's own notes read as an episode without an id (0): the signs they name (the facts
// kept in `store`).
std::vector<Ep> night_views(std::span<const Night> nights, NotedStore& store) {
  std::vector<Ep> out;
  for (const auto& n : nights) {
    Ep v;
    auto facts = night_facts(n);
    if (facts.empty()) continue;
    v.noted = NotedList(store.emplace_back(std::move(facts)));
    v.night = date::sys_days{n.night};
    for (const auto& f : v.noted) {
      if (f.field == Field::signs) v.note_signs |= bit_of(terms::signs, f.term);
      if (f.field == Field::relief) v.note_relief |= bit_of(terms::reliefs, f.term);
    }
    out.push_back(std::move(v));
  }
  return out;
}

// Signs of a clot and breathlessness or chest pain within a few nights of each other: a
// clot may have reached the lungs (docs/CLINICAL.md#warning-signs), so the warning says to
// call the emergency number now rather than "today".
bool together(const std::vector<const Ep*>& clot, const std::vector<const Ep*>& breath) {
  for (const auto* a : clot)
    for (const auto* b : breath)
      if (std::abs((a->night - b->night).count()) <= 3) return true;
  return false;
}

}  // namespace

std::vector<RedFlag> find_red_flags(const Profile& profile, std::span<const Night> nights, std::span<const Ep> eps,
                                    std::span<const Night> note_nights) {
  std::map<std::string, std::vector<std::int64_t>> hit;
  std::map<std::string, int> by_notes;                     // per flag: nights' own notes that carry it
  std::map<std::string, std::vector<std::string>> quotes;  // per flag: the note words behind it
  std::map<std::string, std::vector<const Ep*>> shown;     // per flag: what carried it (its night)

  // new_medication_cramps: severe cramping from the start of a new medicine that can cause
  // it: a diuretic or statin by name, or a medicine the diary cannot name (the night's text
  // "new tablet"). "Severe" = cramp-like (cramp/knot words or a hard muscle) with intensity 6
  // or more, or intensity not recorded; cramp words inside a restless-legs episode do not
  // count. A start from the medicine list counts for 90 days. New severe cramping after
  // starting a medicine such as a diuretic or statin (docs/CLINICAL.md#warning-signs).
  std::vector<MedicineStart> cramp_meds;
  for (auto& m : medicine_starts(profile, nights, eps))
    if (m.classes.empty() || has_class(m, "diuretic") || has_class(m, "statin")) cramp_meds.push_back(std::move(m));
  std::vector<std::string> med_names;
  auto after_cramp_medicine = [&](const Ep& e) {
    bool any = false;
    for (const auto& m : cramp_meds) {
      const bool listed = m.source == "your medicine list";
      if (e.night < m.day || (listed && e.night - m.day > date::days{90})) continue;
      any = true;
      auto w = start_words(m);
      if (std::find(med_names.begin(), med_names.end(), w) == med_names.end()) med_names.push_back(std::move(w));
    }
    return any;
  };

  Mask ischaemic_seen = 0;
  NotedStore night_noted;
  const auto from_nights = night_views(note_nights, night_noted);
  std::vector<const Ep*> all;
  all.reserve(eps.size() + from_nights.size());  // sized once: a long diary holds one pointer an episode
  for (const auto& e : eps) all.push_back(&e);
  for (const auto& v : from_nights) all.push_back(&v);
  for (const Ep* e0 : all) {
    // A sign named in a note counts whatever was ticked (note_facts.hpp); the copy is made
    // only for the few episodes whose notes name one.
    Ep with_signs;
    if (e0->note_signs || e0->note_relief) with_signs = with_note_signs(*e0);
    const Ep& e = e0->note_signs || e0->note_relief ? with_signs : *e0;
    auto now = signs_of(e, ischaemic_seen);
    if (e.id != 0 && cramp_like(e) == Tri::yes && !restless_like(e) && (!e.intensity || *e.intensity >= 6) &&
        after_cramp_medicine(e))
      now.push_back("new_medication_cramps");
    std::vector<const char*> ticked;
    if (e.id != 0 && !e0->noted.empty()) {
      Mask ignored = 0;
      ticked = signs_of(ticked_only(*e0), ignored);
    }
    for (const char* id : now) {
      shown[id].push_back(e0);
      if (e.id != 0)
        hit[id].push_back(e.id);
      else {
        hit[id];
        ++by_notes[id];
      }
      // Read from a note (not carried by the ticked fields alone): quote the words.
      if (e0->noted.empty() || std::find(ticked.begin(), ticked.end(), std::string_view(id)) != ticked.end()) continue;
      for (const auto& n : e0->noted)
        if (speaks_to(id, n)) {
          auto words = note_words(n);
          auto& q = quotes[id];
          if (std::find(q.begin(), q.end(), words) == q.end()) q.push_back(std::move(words));
        }
    }
  }

  std::string meds;
  for (const auto& m : med_names) meds += (meds.empty() ? "" : ", ") + m;

  // The ischaemic signs actually seen, named in the message.
  std::vector<std::string> words;
  if (ischaemic_seen & G("sore_or_ulcer")) words.emplace_back("a sore or ulcer");
  if (ischaemic_seen & (G("dark_skin") | G("bluish_skin") | G("pale_skin"))) {
    std::string c;
    if (ischaemic_seen & G("dark_skin")) c = "dark";
    if (ischaemic_seen & G("bluish_skin")) c += std::string(c.empty() ? "" : ", ") + "bluish";
    if (ischaemic_seen & G("pale_skin")) c += std::string(c.empty() ? "" : ", ") + "pale";
    words.push_back(c + " skin");
  }
  if (ischaemic_seen & G("cold_foot")) words.emplace_back("a cold foot with night pain");
  std::string ischaemia;
  for (std::size_t i = 0; i < words.size(); ++i)
    ischaemia += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];

  const bool clot_and_breath = together(shown["dvt_signs"], shown["cardiopulmonary"]);
  const bool breath_logged = hit.count("cardiopulmonary") > 0;
  const std::string number = profile.emergency_number.value_or("the emergency number");

  // In the contract's order, each with its action and message; every message begins with
  // the one wording of its urgency (names.cpp).
  struct Spec {
    const char* id;
    Action action;
    std::string message;
  };
  const Action clot_action = clot_and_breath ? Action::emergency : Action::urgent;
  const std::string clot_tail =
      clot_and_breath ? " together with shortness of breath or chest pain. A clot in a deep vein of the leg may have "
                        "moved to the lungs: do not wait to see if it passes, and do not drive yourself."
      : breath_logged ? ". This can be a blood clot in a deep vein (DVT). Do not massage the leg. Shortness of breath "
                        "or chest pain was logged too: if either comes back, call {number} at once."
                      : ". This can be a blood clot in a deep vein (DVT). Do not massage the leg. If you become short "
                        "of breath or have chest pain, call {number} at once.";
  const std::vector<Spec> specs = {
      {"dvt_signs", clot_action, "{lead}: {n} with one leg swollen and warm or red" + clot_tail},
      {"dangling_relief", Action::urgent,
       "{lead}: {n} of foot or lower-leg pain eased by hanging the leg down. This can mean the foot is not getting "
       "enough blood (advanced artery disease)."},
      {"critical_ischemia", Action::urgent,
       "{lead}: {n} with {ischaemia}. The foot may be short of blood, which can threaten it."},
      {"cardiopulmonary", clot_action,
       clot_and_breath ? "{lead}: {n} with chest pain or shortness of breath, with signs of a clot in the leg."
                       : "{lead}: {n} with chest pain or shortness of breath; they are not part of a simple leg "
                         "problem. If you have them now, call {number} now."},
      {"sudden_weakness", Action::urgent,
       "{lead}: {n} with weakness of the leg. Call {number} if it came on suddenly, is getting worse, or the face "
       "or an arm is affected too."},
      {"new_medication_cramps", Action::see_doctor_soon,
       "{lead}: {n} of severe cramping since a new medication was started ({meds}). Do not stop a prescribed "
       "medicine on your own, but tell the prescriber quickly."},
      // Emergency, as docs/CLINICAL.md says: the nerves can be lost for good within hours.
      {"cauda_equina", Action::emergency,
       "{lead}: {n} with numbness around the saddle area (between the legs) or a change in bladder or bowel "
       "control. A pressed bundle of nerves in the lower back needs emergency treatment: do not wait for "
       "a doctor's appointment."},
  };
  std::vector<RedFlag> out;
  for (const auto& s : specs) {
    auto it = hit.find(s.id);
    if (it == hit.end()) continue;
    RedFlag f;
    f.id = s.id;
    f.episodes = it->second;
    f.action = s.action;
    f.message = fmt::format(fmt::runtime(s.message), fmt::arg("lead", urgency_lead(s.action, number)),
                            fmt::arg("n", count_words(it->second.size(), by_notes[s.id])), fmt::arg("meds", meds),
                            fmt::arg("ischaemia", ischaemia), fmt::arg("number", number));
    if (const auto q = quotes.find(s.id); q != quotes.end()) {
      f.from_notes = q->second;
      f.message += " Read " + q->second.front() + (q->second.size() > 1 ? " (and other notes)." : ".");
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace diary::analysis::detail
