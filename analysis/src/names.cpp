#include "diary/analysis/names.hpp"

#include <array>

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
  std::string_view id, heading, clinician;
};

constexpr std::array<FlagNames, 7> kFlags{{
    {"dvt_signs", "ONE LEG SWOLLEN, WARM OR RED", "One leg swollen, warm or red"},
    {"dangling_relief", "FOOT PAIN EASED BY HANGING THE LEG DOWN", "Foot pain eased by hanging the leg down"},
    {"critical_ischemia", "SORES, SKIN COLOUR CHANGES OR A COLD PAINFUL FOOT",
     "Sores, skin colour change or a cold foot with night foot pain"},
    {"cardiopulmonary", "CHEST PAIN OR SHORTNESS OF BREATH", "Chest pain or shortness of breath"},
    {"sudden_weakness", "WEAKNESS OF THE LEG", "Weakness of the leg"},
    {"new_medication_cramps", "SEVERE CRAMPS SINCE A NEW MEDICATION", "Severe cramps after a new medication"},
    {"cauda_equina", "SADDLE NUMBNESS OR A BLADDER/BOWEL CHANGE", "Saddle numbness or a bladder/bowel change"},
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
    if (f.id == id) return audience == Audience::clinician ? f.clinician : f.heading;
  return id;
}

std::string_view action_words(Action a, Audience audience) {
  const bool table = audience == Audience::clinician;
  switch (a) {
    case Action::self_care: return "self-care";
    case Action::discuss_with_doctor: return table ? "discuss" : "discuss with your doctor";
    case Action::see_doctor_soon: return table ? "see soon" : "see a doctor soon";
    case Action::urgent: return table ? "urgent" : "URGENT";
  }
  return "";
}

}  // namespace diary::analysis
