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

namespace diary::analysis::detail {

namespace {

constexpr Mask kLowerLegOrFoot =
    L("foot") | L("toes") | L("arch") | L("calf") | L("shin") | L("ankle") | L("whole_leg");
constexpr Mask kBadSkin = G("sore_or_ulcer") | G("dark_skin") | G("bluish_skin") | G("pale_skin");

// The place of the pain allows the sign: known to include the foot or lower leg, or unknown.
bool lower_leg_or_unknown(const Ep& e) { return e.has_loc(kLowerLegOrFoot) != Tri::no; }

std::string count_words(std::size_t n) { return n == 1 ? "1 episode" : fmt::format("{} episodes", n); }

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

std::vector<RedFlag> find_red_flags(const Profile& profile, std::span<const Night> nights, std::span<const Ep> eps) {
  std::map<std::string, std::vector<std::int64_t>> hit;
  std::map<std::string, std::vector<const Ep*>> shown;
  auto mark = [&](const char* id, const Ep& e) {
    hit[id].push_back(e.id);
    shown[id].push_back(&e);
  };

  // new_medication_cramps: the first night whose entry names a new medication; severe
  // cramping from that night on. "Severe" = cramp-like (cramp/knot words or a hard muscle)
  // with intensity 6 or more, or intensity not recorded. New severe cramping after starting a
  // medicine such as a diuretic or statin (docs/CLINICAL.md#warning-signs).
  std::optional<date::sys_days> med_start;
  std::vector<std::string> med_names;
  for (const auto& n : nights) {
    if (!names_new_medication(n)) continue;
    const date::sys_days d{n.night};
    if (!med_start || d < *med_start) med_start = d;
    if (std::find(med_names.begin(), med_names.end(), *n.new_medication) == med_names.end())
      med_names.push_back(*n.new_medication);
  }

  Mask ischaemic_seen = 0;
  for (const auto& e : eps) {
    // dvt_signs: one leg swollen, warm and red (two of the three suffice; see dvt_cluster).
    if (dvt_cluster(e)) mark("dvt_signs", e);

    // dangling_relief: pain of the foot or lower leg eased by hanging the leg down. Cramps
    // eased by standing are not this; only `dangle` counts.
    if (e.eased_by(R("dangle")) == Tri::yes && lower_leg_or_unknown(e)) mark("dangling_relief", e);

    // critical_ischemia: a sore, dark, bluish or pale skin; or a cold foot with night pain
    // of the foot or lower leg.
    if (e.has_sign(kBadSkin) == Tri::yes || (e.has_sign(G("cold_foot")) == Tri::yes && lower_leg_or_unknown(e))) {
      mark("critical_ischemia", e);
      ischaemic_seen |= e.signs & (kBadSkin | G("cold_foot"));
    }

    // cardiopulmonary: chest pain or shortness of breath with leg symptoms.
    if (e.has_sign(G("chest_pain") | G("short_of_breath")) == Tri::yes) mark("cardiopulmonary", e);

    // sudden_weakness: weakness with a sudden onset, or with the onset speed not recorded
    // (weakness of unknown onset may be sudden, and even a growing weakness with nerve-root
    // pain needs prompt care). A weakness recorded as gradual (a pressed nerve root slowly
    // getting worse) is left to that category, which then advises seeing a doctor soon.
    if (e.has_sign(G("weakness")) == Tri::yes && e.sudden != Tri::no) mark("sudden_weakness", e);

    // cauda_equina: saddle numbness or a bladder/bowel change with leg symptoms.
    if (e.has_sign(G("saddle_numbness") | G("bladder_bowel_change")) == Tri::yes) mark("cauda_equina", e);

    if (med_start && e.night >= *med_start && cramp_like(e) == Tri::yes && (!e.intensity || *e.intensity >= 6))
      mark("new_medication_cramps", e);
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
      {"cauda_equina", Action::urgent,
       "{lead}: {n} with numbness around the saddle area (between the legs) or a change in bladder or bowel "
       "control. A pressed bundle of nerves in the lower back needs emergency treatment."},
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
                            fmt::arg("n", count_words(it->second.size())), fmt::arg("meds", meds),
                            fmt::arg("ischaemia", ischaemia), fmt::arg("number", number));
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace diary::analysis::detail
