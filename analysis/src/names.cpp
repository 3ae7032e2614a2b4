#include "diary/analysis/names.hpp"

#include <array>
#include <cctype>
#include <string>

namespace diary::analysis {
namespace {

struct Names {
  std::string_view id, patient, brief, clinician;
};

constexpr std::array<Names, 9> kCategories{{
    {"nocturnal_leg_cramps", "night-time leg cramps", "night-time leg cramps", "Nocturnal leg cramps"},
    {"restless_legs", "restless legs syndrome", "restless legs", "Restless legs syndrome"},
    {"pad_rest_pain", "rest pain from poor circulation (peripheral artery disease)", "rest pain from poor circulation",
     "Ischaemic rest pain (peripheral artery disease)"},
    {"peripheral_neuropathy", "nerve pain of the feet (peripheral neuropathy)", "nerve pain of the feet",
     "Peripheral neuropathy"},
    {"nerve_root_compression", "a pressed nerve root in the lower back (sciatica)", "a pressed nerve root in the back",
     "Lumbosacral nerve root compression"},
    {"nerve_entrapment", "a nerve pressed by lying on it (nerve entrapment)", "a nerve pressed by lying on it",
     "Positional nerve entrapment"},
    {"varicose_veins", "vein-related aching (varicose veins)", "vein-related aching",
     "Venous insufficiency / varicose veins"},
    {"arthritis", "joint pain (arthritis)", "joint pain", "Arthritis"},
    {"dvt", "a blood clot in a deep vein (DVT)", "a blood clot in a deep vein", "Deep vein thrombosis"},
}};

struct FlagNames {
  std::string_view id, plain, clinician;  // plain: sentence case; the terminal shouts it
};

constexpr std::array<FlagNames, 7> kFlags{{
    {"dvt_signs", "One leg swollen, warm or red", "One leg swollen, warm or red"},
    {"dangling_relief", "Foot pain eased by hanging the leg down", "Foot pain eased by hanging the leg down"},
    {"critical_ischemia", "Sores, skin colour changes or a cold painful foot",
     "Sores, skin colour change or a cold foot with night foot pain"},
    {"cardiopulmonary", "Chest pain or shortness of breath", "Chest pain or shortness of breath"},
    {"sudden_weakness", "Weakness of the leg", "Weakness of the leg"},
    {"new_medication_cramps", "Severe cramps since a new medicine", "Severe cramps after a new medication"},
    {"cauda_equina", "Numb between the legs, or a bladder or bowel change",
     "Saddle numbness or a bladder/bowel change"},
}};

}  // namespace

std::string_view category_name(std::string_view id, Audience audience) {
  for (const auto& c : kCategories) {
    if (c.id != id) continue;
    switch (audience) {
      case Audience::patient: return c.patient;
      case Audience::brief: return c.brief;
      case Audience::clinician: return c.clinician;
    }
  }
  return id;
}

std::string_view flag_title(std::string_view id, Audience audience) {
  for (const auto& f : kFlags)
    if (f.id == id) return audience == Audience::clinician ? f.clinician : f.plain;
  return id;
}

namespace {

// One wording per level of urgency, used by every renderer (text, summary, report) and by
// the warning signs' own messages, so that one diary never says two things for one level.
struct Urgency {
  Action action;
  std::string_view patient;    // what to do, lower case, fits "What to do: ..."
  std::string_view clinician;  // the doctor's table
};

constexpr std::array<Urgency, 5> kUrgency{{
    {Action::self_care, "look after it yourself; mention it to your doctor if it keeps up", "self-care"},
    {Action::discuss_with_doctor, "talk to your doctor about it at your next visit", "discuss"},
    {Action::see_doctor_soon, "see a doctor within a few days", "see within days"},
    {Action::urgent, "get medical care today", "urgent: today"},
    {Action::emergency, "call the emergency number now", "emergency: now"},
}};

struct LevelWords {
  Level level;
  std::string_view words, meaning;
};

constexpr std::array<LevelWords, 3> kLevels{{
    {Level::weak, "some signs point this way", "a possibility, not yet a clear pattern"},
    {Level::moderate, "several signs point this way", "a pattern that shows in a fair share of the episodes"},
    {Level::strong, "most signs point this way", "a clear pattern, repeated across the episodes"},
}};

}  // namespace

std::string_view action_words(Action a, Audience audience) {
  for (const auto& u : kUrgency)
    if (u.action == a) return audience == Audience::clinician ? u.clinician : u.patient;
  return "";
}

std::string urgency_lead(Action a, std::string_view emergency_number) {
  std::string lead = a == Action::emergency && !emergency_number.empty()
                         ? "call " + std::string(emergency_number) + " now"
                         : std::string(action_words(a, Audience::patient));
  if (const auto semicolon = lead.find(';'); semicolon != std::string::npos) lead.resize(semicolon);
  if (!lead.empty()) lead[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(lead[0])));
  return lead;
}

std::string_view level_words(Level level) {
  for (const auto& l : kLevels)
    if (l.level == level) return l.words;
  return "";
}

std::string_view level_meaning(Level level) {
  for (const auto& l : kLevels)
    if (l.level == level) return l.meaning;
  return "";
}

}  // namespace diary::analysis
