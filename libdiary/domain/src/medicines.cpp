#include "diary/medicines.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include <fmt/format.h>

#include "diary/clock.hpp"
#include "diary/error.hpp"
#include "diary/text_gate.hpp"

#include "text.hpp"

namespace diary {
namespace {

using namespace std::string_view_literals;

// A generic and its classes (up to three; unused slots empty).
struct Generic {
  std::string_view name;
  std::array<std::string_view, 3> classes;
};

// Sources: the four articles (diuretics and statins for cramps; sedating antihistamines,
// antidepressants and dopamine-blocking drugs for restless legs; iron, magnesium, nerve and
// dopamine medicines as treatments; clot and blood-flow medicines) and the usual lists of
// drugs linked to cramps (beta agonists, calcium channel blockers, opioid withdrawal) and to
// restless legs (antipsychotics, antiemetics, lithium).
constexpr std::array kGenerics = std::to_array<Generic>({
    // diuretics
    {"furosemide", {"diuretic"}},
    {"bumetanide", {"diuretic"}},
    {"torasemide", {"diuretic"}},
    {"torsemide", {"diuretic"}},
    {"bendroflumethiazide", {"diuretic"}},
    {"hydrochlorothiazide", {"diuretic"}},
    {"chlorthalidone", {"diuretic"}},
    {"indapamide", {"diuretic"}},
    {"spironolactone", {"diuretic"}},
    {"eplerenone", {"diuretic"}},
    {"amiloride", {"diuretic"}},
    // statins
    {"atorvastatin", {"statin"}},
    {"simvastatin", {"statin"}},
    {"rosuvastatin", {"statin"}},
    {"pravastatin", {"statin"}},
    {"fluvastatin", {"statin"}},
    {"lovastatin", {"statin"}},
    // antihistamines (the older, sedating ones worsen restless legs)
    {"diphenhydramine", {"antihistamine"}},
    {"chlorphenamine", {"antihistamine"}},
    {"chlorpheniramine", {"antihistamine"}},
    {"promethazine", {"antihistamine"}},
    {"hydroxyzine", {"antihistamine"}},
    {"doxylamine", {"antihistamine"}},
    {"cetirizine", {"antihistamine"}},
    {"levocetirizine", {"antihistamine"}},
    {"loratadine", {"antihistamine"}},
    {"desloratadine", {"antihistamine"}},
    {"fexofenadine", {"antihistamine"}},
    // antidepressants
    {"sertraline", {"antidepressant"}},
    {"fluoxetine", {"antidepressant"}},
    {"citalopram", {"antidepressant"}},
    {"escitalopram", {"antidepressant"}},
    {"paroxetine", {"antidepressant"}},
    {"amitriptyline", {"antidepressant"}},
    {"nortriptyline", {"antidepressant"}},
    {"mirtazapine", {"antidepressant"}},
    {"venlafaxine", {"antidepressant"}},
    {"duloxetine", {"antidepressant"}},
    {"trazodone", {"antidepressant"}},
    {"bupropion", {"antidepressant"}},
    // antipsychotics
    {"quetiapine", {"antipsychotic"}},
    {"olanzapine", {"antipsychotic"}},
    {"risperidone", {"antipsychotic"}},
    {"haloperidol", {"antipsychotic"}},
    {"aripiprazole", {"antipsychotic"}},
    {"clozapine", {"antipsychotic"}},
    {"chlorpromazine", {"antipsychotic"}},
    // antiemetics that block dopamine
    {"metoclopramide", {"antiemetic"}},
    {"prochlorperazine", {"antiemetic"}},
    {"domperidone", {"antiemetic"}},
    // dopamine medicines
    {"pramipexole", {"dopamine_agonist"}},
    {"ropinirole", {"dopamine_agonist"}},
    {"rotigotine", {"dopamine_agonist"}},
    {"levodopa", {"levodopa"}},
    {"co-careldopa", {"levodopa"}},
    {"co-beneldopa", {"levodopa"}},
    {"carbidopa-levodopa", {"levodopa"}},
    // gabapentinoids
    {"gabapentin", {"gabapentinoid"}},
    {"pregabalin", {"gabapentinoid"}},
    {"gabapentin enacarbil", {"gabapentinoid"}},
    // calcium channel blockers
    {"amlodipine", {"calcium_channel_blocker"}},
    {"nifedipine", {"calcium_channel_blocker"}},
    {"felodipine", {"calcium_channel_blocker"}},
    {"lercanidipine", {"calcium_channel_blocker"}},
    {"diltiazem", {"calcium_channel_blocker"}},
    {"verapamil", {"calcium_channel_blocker"}},
    // beta blockers
    {"metoprolol", {"beta_blocker"}},
    {"atenolol", {"beta_blocker"}},
    {"bisoprolol", {"beta_blocker"}},
    {"propranolol", {"beta_blocker"}},
    {"carvedilol", {"beta_blocker"}},
    {"nebivolol", {"beta_blocker"}},
    // iron, magnesium, quinine
    {"ferrous sulfate", {"iron_supplement"}},
    {"ferrous sulphate", {"iron_supplement"}},
    {"ferrous fumarate", {"iron_supplement"}},
    {"ferrous gluconate", {"iron_supplement"}},
    {"iron", {"iron_supplement"}},
    {"ferric carboxymaltose", {"iron_supplement"}},
    {"magnesium", {"magnesium"}},
    {"magnesium oxide", {"magnesium"}},
    {"magnesium citrate", {"magnesium"}},
    {"magnesium glycinate", {"magnesium"}},
    {"quinine", {"quinine"}},
    {"quinine sulfate", {"quinine"}},
    {"quinine sulphate", {"quinine"}},
    // opioids
    {"tramadol", {"opioid"}},
    {"codeine", {"opioid"}},
    {"co-codamol", {"opioid"}},
    {"dihydrocodeine", {"opioid"}},
    {"oxycodone", {"opioid"}},
    {"morphine", {"opioid"}},
    {"hydrocodone", {"opioid"}},
    {"buprenorphine", {"opioid"}},
    {"methadone", {"opioid"}},
    {"tapentadol", {"opioid"}},
    // beta agonists (inhalers)
    {"salbutamol", {"beta_agonist"}},
    {"albuterol", {"beta_agonist"}},
    {"salmeterol", {"beta_agonist"}},
    {"formoterol", {"beta_agonist"}},
    {"terbutaline", {"beta_agonist"}},
    // anticoagulants and antiplatelets ("reduce clotting risk")
    {"warfarin", {"anticoagulant"}},
    {"apixaban", {"anticoagulant"}},
    {"rivaroxaban", {"anticoagulant"}},
    {"edoxaban", {"anticoagulant"}},
    {"dabigatran", {"anticoagulant"}},
    {"heparin", {"anticoagulant"}},
    {"enoxaparin", {"anticoagulant"}},
    {"aspirin", {"antiplatelet", "nsaid"}},
    {"clopidogrel", {"antiplatelet"}},
    {"ticagrelor", {"antiplatelet"}},
    {"cilostazol", {"antiplatelet"}},
    // pain relief the articles name
    {"ibuprofen", {"nsaid"}},
    {"naproxen", {"nsaid"}},
    {"diclofenac", {"nsaid"}},
    {"celecoxib", {"nsaid"}},
    {"paracetamol", {"other"}},
    {"acetaminophen", {"other"}},
    // others
    {"prednisolone", {"corticosteroid"}},
    {"prednisone", {"corticosteroid"}},
    {"dexamethasone", {"corticosteroid"}},
    {"metformin", {"antidiabetic"}},
    {"insulin", {"antidiabetic"}},
    {"gliclazide", {"antidiabetic"}},
    {"levothyroxine", {"thyroid_hormone"}},
    {"lithium", {"lithium"}},
    {"lithium carbonate", {"lithium"}},
    {"zolpidem", {"other"}},
    {"melatonin", {"other"}},
    {"clonazepam", {"other"}},
});

struct Brand {
  std::string_view name;
  std::string_view generic;
};

// Common US, UK and EU brands.
constexpr std::array kBrands = std::to_array<Brand>({
    {"lasix", "furosemide"},
    {"frusemide", "furosemide"},
    {"bumex", "bumetanide"},
    {"demadex", "torsemide"},
    {"aprinox", "bendroflumethiazide"},
    {"microzide", "hydrochlorothiazide"},
    {"natrilix", "indapamide"},
    {"aldactone", "spironolactone"},
    {"lipitor", "atorvastatin"},
    {"zocor", "simvastatin"},
    {"crestor", "rosuvastatin"},
    {"pravachol", "pravastatin"},
    {"lescol", "fluvastatin"},
    {"benadryl", "diphenhydramine"},
    {"nytol", "diphenhydramine"},
    {"zzzquil", "diphenhydramine"},
    {"piriton", "chlorphenamine"},
    {"phenergan", "promethazine"},
    {"atarax", "hydroxyzine"},
    {"unisom", "doxylamine"},
    {"zyrtec", "cetirizine"},
    {"xyzal", "levocetirizine"},
    {"claritin", "loratadine"},
    {"clarityn", "loratadine"},
    {"allegra", "fexofenadine"},
    {"telfast", "fexofenadine"},
    {"zoloft", "sertraline"},
    {"lustral", "sertraline"},
    {"prozac", "fluoxetine"},
    {"celexa", "citalopram"},
    {"cipramil", "citalopram"},
    {"lexapro", "escitalopram"},
    {"cipralex", "escitalopram"},
    {"paxil", "paroxetine"},
    {"seroxat", "paroxetine"},
    {"elavil", "amitriptyline"},
    {"remeron", "mirtazapine"},
    {"zispin", "mirtazapine"},
    {"effexor", "venlafaxine"},
    {"cymbalta", "duloxetine"},
    {"desyrel", "trazodone"},
    {"wellbutrin", "bupropion"},
    {"seroquel", "quetiapine"},
    {"zyprexa", "olanzapine"},
    {"risperdal", "risperidone"},
    {"haldol", "haloperidol"},
    {"abilify", "aripiprazole"},
    {"clozaril", "clozapine"},
    {"maxolon", "metoclopramide"},
    {"reglan", "metoclopramide"},
    {"stemetil", "prochlorperazine"},
    {"motilium", "domperidone"},
    {"mirapex", "pramipexole"},
    {"mirapexin", "pramipexole"},
    {"sifrol", "pramipexole"},
    {"requip", "ropinirole"},
    {"adartrel", "ropinirole"},
    {"neupro", "rotigotine"},
    {"sinemet", "co-careldopa"},
    {"madopar", "co-beneldopa"},
    {"neurontin", "gabapentin"},
    {"horizant", "gabapentin enacarbil"},
    {"lyrica", "pregabalin"},
    {"norvasc", "amlodipine"},
    {"istin", "amlodipine"},
    {"adalat", "nifedipine"},
    {"procardia", "nifedipine"},
    {"plendil", "felodipine"},
    {"cardizem", "diltiazem"},
    {"tildiem", "diltiazem"},
    {"calan", "verapamil"},
    {"securon", "verapamil"},
    {"lopressor", "metoprolol"},
    {"toprol", "metoprolol"},
    {"betaloc", "metoprolol"},
    {"tenormin", "atenolol"},
    {"cardicor", "bisoprolol"},
    {"concor", "bisoprolol"},
    {"inderal", "propranolol"},
    {"coreg", "carvedilol"},
    {"nebilet", "nebivolol"},
    {"feosol", "ferrous sulfate"},
    {"fersamal", "ferrous fumarate"},
    {"ferinject", "ferric carboxymaltose"},
    {"qualaquin", "quinine sulfate"},
    {"ultram", "tramadol"},
    {"zydol", "tramadol"},
    {"oxycontin", "oxycodone"},
    {"oxynorm", "oxycodone"},
    {"zomorph", "morphine"},
    {"ventolin", "salbutamol"},
    {"proair", "albuterol"},
    {"proventil", "albuterol"},
    {"serevent", "salmeterol"},
    {"coumadin", "warfarin"},
    {"jantoven", "warfarin"},
    {"eliquis", "apixaban"},
    {"xarelto", "rivaroxaban"},
    {"lixiana", "edoxaban"},
    {"pradaxa", "dabigatran"},
    {"clexane", "enoxaparin"},
    {"lovenox", "enoxaparin"},
    {"plavix", "clopidogrel"},
    {"brilinta", "ticagrelor"},
    {"brilique", "ticagrelor"},
    {"pletal", "cilostazol"},
    {"advil", "ibuprofen"},
    {"motrin", "ibuprofen"},
    {"nurofen", "ibuprofen"},
    {"aleve", "naproxen"},
    {"naprosyn", "naproxen"},
    {"voltaren", "diclofenac"},
    {"voltarol", "diclofenac"},
    {"celebrex", "celecoxib"},
    {"tylenol", "acetaminophen"},
    {"panadol", "paracetamol"},
    {"deltasone", "prednisone"},
    {"glucophage", "metformin"},
    {"synthroid", "levothyroxine"},
    {"levoxyl", "levothyroxine"},
    {"eltroxin", "levothyroxine"},
    {"euthyrox", "levothyroxine"},
    {"priadel", "lithium carbonate"},
    {"camcolit", "lithium carbonate"},
    {"ambien", "zolpidem"},
    {"stilnoct", "zolpidem"},
    {"circadin", "melatonin"},
    {"klonopin", "clonazepam"},
    {"rivotril", "clonazepam"},
});

std::span<const std::string_view> classes_of(const Generic& g) {
  std::size_t n = 0;
  while (n < g.classes.size() && !g.classes[n].empty()) ++n;
  return {g.classes.data(), n};
}

const Generic* find_generic(std::string_view name) {
  for (const auto& g : kGenerics)
    if (g.name == name) return &g;
  return nullptr;
}

std::vector<KnownMedicine> build_table() {
  std::vector<KnownMedicine> out;
  out.reserve(kGenerics.size() + kBrands.size());
  for (const auto& g : kGenerics) out.push_back({g.name, g.name, classes_of(g)});
  for (const auto& b : kBrands) {
    const Generic* g = find_generic(b.generic);
    // A brand naming a generic the table lacks is a typo in this file; the unit test finds it.
    if (g != nullptr) out.push_back({b.name, g->name, classes_of(*g)});
  }
  return out;
}

const KnownMedicine* find_name(std::string_view name) {
  for (const auto& m : known_medicines())
    if (m.name == name) return &m;
  return nullptr;
}

// Words of the name before a dose or strength: "pramipexole 0.125 mg" -> {"pramipexole"}.
std::vector<std::string> name_words(std::string_view written) {
  std::vector<std::string> words;
  std::string word;
  const std::string lower = text::lower(text::trim(written));
  for (char c : lower + " ") {
    if (text::is_space(c) || c == ',' || c == '(' || c == ')') {
      if (word.empty()) continue;
      if (text::is_digit(word.front()) || word.front() == '.') break;  // the dose begins
      // "lasix40mg": the name before a dose written without a space.
      const auto digit = word.find_first_of("0123456789");
      if (digit != std::string::npos) {
        word.resize(digit);
        while (!word.empty() && (word.back() == '-' || word.back() == '.')) word.pop_back();
        if (!word.empty()) words.push_back(word);
        break;
      }
      words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  return words;
}

}  // namespace

std::span<const KnownMedicine> known_medicines() {
  static const std::vector<KnownMedicine> table = build_table();
  return table;
}

std::optional<KnownMedicine> classify(std::string_view written) {
  const auto words = name_words(written);
  // The longest run of leading words that is a known name: "magnesium citrate" before
  // "magnesium", and "venlafaxine xl" finds "venlafaxine".
  for (std::size_t n = words.size(); n > 0; --n) {
    std::string name;
    for (std::size_t i = 0; i < n; ++i) name += (i ? " " : "") + words[i];
    if (const auto* m = find_name(name)) return *m;
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> medication_classes(const Profile& profile) {
  if (!profile.medications && profile.medicines.empty()) return std::nullopt;
  std::vector<std::string> out = profile.medications.value_or(std::vector<std::string>{});
  const auto add = [&](std::string_view c) {
    if (std::find(out.begin(), out.end(), c) == out.end()) out.emplace_back(c);
  };
  for (const auto& m : profile.medicines) {
    if (m.stopped) continue;
    if (auto known = classify(m.name))
      for (auto c : known->classes) add(c);
  }
  return out;
}

void validate(const Medicine& medicine, std::string_view prefix) {
  const auto where = [&](std::string_view field) {
    return prefix.empty() ? std::string(field) : fmt::format("{}.{}", prefix, field);
  };
  if (text::trim(medicine.name).empty())
    throw bad_input(where("name"), medicine.name, fmt::format("{}: the medicine needs a name", where("name")));
  check_text(where("name"), medicine.name, kValueMax);
  if (medicine.dose) check_text(where("dose"), *medicine.dose, kValueMax);
  if (medicine.since && medicine.stopped && *medicine.stopped < *medicine.since)
    throw bad_input(where("stopped"), clock::format_day(*medicine.stopped),
                    fmt::format("{}: {} is before the day it began ({})", where("stopped"),
                                clock::format_day(*medicine.stopped), clock::format_day(*medicine.since)));
}

std::string medicine_classes_text(const Medicine& m) {
  const auto known = classify(m.name);
  if (!known) return "not classified";
  std::string classes;
  for (auto c : known->classes) classes += (classes.empty() ? "" : ", ") + std::string(c);
  if (known->name == known->generic) return classes;
  return fmt::format("{}: {}", known->generic, classes);
}

std::string medicine_with_classes(const Medicine& m) {
  return fmt::format("{} ({})", m.name, medicine_classes_text(m));
}

}  // namespace diary
