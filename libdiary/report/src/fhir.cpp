#include "diary/fhir.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string_view>

#include <fmt/format.h>

#include "diary/clock.hpp"

namespace diary::fhir {
namespace {

using json = nlohmann::ordered_json;

constexpr std::string_view kSnomed = "http://snomed.info/sct";
constexpr std::string_view kLoinc = "http://loinc.org";
constexpr std::string_view kSymptomProfile = "http://hl7.org/fhir/uv/symptoms/StructureDefinition/SymptomObservation";
constexpr std::string_view kSymptomCodes = "http://hl7.org/fhir/uv/symptoms/CodeSystem/SymptomTemporary";
constexpr std::string_view kLaterality = "http://hl7.org/fhir/StructureDefinition/observation-structureLaterality";
constexpr std::string_view kNote = "http://hl7.org/fhir/StructureDefinition/note";

struct Code {
  std::string_view term, code, display;
};

// Body structures with a SNOMED CT code as DICOM's body-part table (CID 4031) gives them;
// the other locations (arch, shin, back of leg, whole leg, arm) stay text.
constexpr Code kSites[] = {
    {"calf", "53840002", "Calf of leg"},  {"foot", "56459004", "Foot"},       {"toes", "29707007", "Toe"},
    {"ankle", "70258002", "Ankle joint"}, {"knee", "72696002", "Knee"},       {"thigh", "68367000", "Thigh"},
    {"hip", "24136001", "Hip joint"},     {"buttock", "46862004", "Buttock"},
};
constexpr Code kSides[] = {
    {"left", "7771000", "Left"}, {"right", "24028007", "Right"}, {"both", "51440002", "Right and left"}};
constexpr Code kOnsetSpeed[] = {{"sudden", "385315009", "Sudden onset"}, {"gradual", "61751001", "Gradual onset"}};

const Code* find(std::span<const Code> table, std::string_view term) {
  for (const auto& c : table)
    if (c.term == term) return &c;
  return nullptr;
}

json coding(std::string_view system, std::string_view code, std::string_view display) {
  return json{{"system", system}, {"code", code}, {"display", display}};
}

json coded(std::string_view system, std::string_view code, std::string_view display, std::string_view text = {}) {
  json c{{"coding", json::array({coding(system, code, display)})}};
  if (!text.empty()) c["text"] = text;
  return c;
}

json text_concept(std::string_view text) { return json{{"text", text}}; }

// "pins_and_needles" -> "pins and needles"
std::string words(std::string_view term) {
  std::string out(term);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::string words(const Terms& terms) {
  std::string out;
  for (const auto& t : terms) out += (out.empty() ? "" : ", ") + words(t);
  return out;
}

// A stable UUID (RFC 9562 version 8, "custom") from a name: two 64-bit FNV-1a hashes.
std::string stable_uuid(std::string_view name) {
  const auto fnv = [&](std::uint64_t h) {
    for (unsigned char c : name) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
    return h;
  };
  std::uint64_t hi = fnv(0xcbf29ce484222325ULL), lo = fnv(0x84222325cbf29ce4ULL);
  hi = (hi & ~0xF000ULL) | 0x8000ULL;                         // version 8
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 10
  return fmt::format("urn:uuid:{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xFFFF, hi & 0xFFFF,
                     lo >> 48, lo & 0xFFFFFFFFFFFFULL);
}

bool has(const std::optional<Terms>& list, std::string_view term) {
  return list && std::find(list->begin(), list->end(), term) != list->end();
}

// The symptom in words, coded where one code plainly fits: a cramp of the lower leg.
json symptom(const Episode& e) {
  if (has(e.sensations, "cramp") || has(e.sensations, "knot"))
    return coded(kSnomed, "449918009", "Cramp in lower leg", "Leg cramp at night");
  if (has(e.sensations, "urge_to_move")) return text_concept("Urge to move the legs at night");
  static constexpr std::string_view kPain[] = {"sharp",  "stabbing",  "shooting",  "electric", "burning",
                                               "aching", "deep_ache", "throbbing", "soreness"};
  for (auto p : kPain)
    if (has(e.sensations, p)) return text_concept("Leg pain at night");
  return text_concept("Leg discomfort at night");
}

json body_site(const Episode& e) {
  json site = json::object();
  if (e.side)
    if (const Code* s = find(kSides, *e.side))
      site["extension"] =
          json::array({json{{"url", kLaterality}, {"valueCodeableConcept", coded(kSnomed, s->code, s->display)}}});
  if (e.locations && e.locations->size() == 1)
    if (const Code* c = find(kSites, e.locations->front()))
      site["coding"] = json::array({coding(kSnomed, c->code, c->display)});
  std::string text;
  if (e.side) text = *e.side == "both" ? "both legs" : *e.side;
  if (e.locations && !e.locations->empty()) text += (text.empty() ? "" : ": ") + words(*e.locations);
  if (!text.empty()) site["text"] = text;
  return site;
}

json component(json code, const char* value_key, json value) {
  return json{{"code", std::move(code)}, {value_key, std::move(value)}};
}

json loinc(std::string_view code, std::string_view display) { return coded(kLoinc, code, display); }

std::string minutes(double m) {
  if (m == static_cast<double>(static_cast<long long>(m))) return fmt::format("{} min", static_cast<long long>(m));
  return fmt::format("{} min", m);
}

json observation(const Episode& e, const std::string& id, const std::string& patient) {
  json o;
  o["resourceType"] = "Observation";
  o["id"] = id;
  o["meta"] = json{{"profile", json::array({kSymptomProfile})}};
  o["status"] = "final";
  o["category"] = json::array({coded(kSymptomCodes, "symptom", "Symptom")});
  o["code"] = coded(kLoinc, "75325-1", "Symptom");
  o["subject"] = json{{"reference", patient}};
  json period{{"start", clock::format_rfc3339(e.onset)}};
  if (e.duration_min) {
    Instant end = e.onset;
    end.utc += std::chrono::seconds{static_cast<long long>(*e.duration_min * 60.0 + 0.5)};
    period["end"] = clock::format_rfc3339(end);
  }
  o["effectivePeriod"] = std::move(period);
  o["performer"] = json::array({json{{"reference", patient}}});  // the person reports it
  o["valueCodeableConcept"] = symptom(e);
  if (e.note && !e.note->empty()) o["note"] = json::array({json{{"text", *e.note}}});
  if (auto site = body_site(e); !site.empty()) o["bodySite"] = std::move(site);

  json comps = json::array();
  if (e.sensations && !e.sensations->empty())
    comps.push_back(component(loinc("56823-8", "Problem quality or description"), "valueCodeableConcept",
                              text_concept(words(*e.sensations))));
  if (e.intensity) {
    const int i = *e.intensity;
    if (i > 0) {
      const Code level = i <= 3   ? Code{"", "255604002", "Mild"}
                         : i <= 6 ? Code{"", "6736007", "Moderate"}
                                  : Code{"", "24484000", "Severe"};
      comps.push_back(component(loinc("64750-3", "Severity of symptoms"), "valueCodeableConcept",
                                coded(kSnomed, level.code, level.display, fmt::format("{} of 10", i))));
    }
    comps.push_back(component(loinc("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
                              "valueInteger", i));
  }
  if (e.onset_speed)
    if (const Code* s = find(kOnsetSpeed, *e.onset_speed))
      comps.push_back(component(loinc("99495-4", "Speed of condition onset"), "valueCodeableConcept",
                                coded(kSnomed, s->code, s->display)));
  if (e.relief) {
    std::string effect;
    if (e.relief_effect)
      effect = *e.relief_effect == "full"      ? "eased fully"
               : *e.relief_effect == "partial" ? "eased partly"
                                               : "did not help";
    else
      effect = "effect not recorded";
    if (e.relief_min) effect += fmt::format("; eased after {}", minutes(*e.relief_min));
    for (const auto& r : *e.relief) {
      if (r == "none") continue;
      json c = component(loinc("100753-3", "Alleviating factors - Reported"), "valueCodeableConcept",
                         text_concept(words(r)));
      c["extension"] = json::array({json{{"url", kNote}, {"valueAnnotation", json{{"text", effect}}}}});
      comps.push_back(std::move(c));
    }
  }
  if (e.posture)
    comps.push_back(component(coded(kSymptomCodes, "OTHEREVENT", "Other Events"), "valueCodeableConcept",
                              text_concept("position at onset: " + words(*e.posture))));
  if (e.muscle_hard) comps.push_back(component(text_concept("Muscle hard or knotted"), "valueBoolean", *e.muscle_hard));
  if (e.returned_when_still)
    comps.push_back(
        component(text_concept("Came back when lying still again"), "valueBoolean", *e.returned_when_still));
  if (e.signs && !e.signs->empty())
    comps.push_back(
        component(text_concept("Signs noticed on the leg"), "valueCodeableConcept", text_concept(words(*e.signs))));
  if (!comps.empty()) o["component"] = std::move(comps);
  return o;
}

// A named medicine as a FHIR R4 MedicationStatement: the name as written (no code is
// guessed), the dose as text, the days it began and ended.
json medication_statement(const Medicine& m, const std::string& patient) {
  json o;
  o["resourceType"] = "MedicationStatement";
  o["id"] = "medicine-" + m.uuid;
  o["status"] = m.stopped ? "completed" : "active";
  o["medicationCodeableConcept"] = text_concept(m.name);
  o["subject"] = json{{"reference", patient}};
  if (m.since || m.stopped) {
    json period = json::object();
    if (m.since) period["start"] = clock::format_day(*m.since);
    if (m.stopped) period["end"] = clock::format_day(*m.stopped);
    o["effectivePeriod"] = std::move(period);
  }
  json dosage = json::object();
  if (m.dose) dosage["text"] = *m.dose;
  dosage["asNeededBoolean"] = m.as_needed;
  o["dosage"] = json::array({std::move(dosage)});
  return o;
}

void add_medicines(json& entries, const std::vector<Medicine>& medicines, const std::string& patient) {
  for (const auto& m : medicines) {
    if (m.uuid.empty()) continue;  // stored medicines always have one
    entries.push_back(json{{"fullUrl", "urn:uuid:" + m.uuid}, {"resource", medication_statement(m, patient)}});
  }
}

}  // namespace

json bundle(const Profile& profile, std::span<const Episode> episodes, date::sys_seconds generated) {
  json b;
  b["resourceType"] = "Bundle";
  b["id"] = "diary-export";
  b["type"] = "collection";
  b["timestamp"] = date::format("%FT%TZ", generated);
  json entries = json::array();

  // The patient: no name, no identifier; the birth year only.
  json patient{{"resourceType", "Patient"}, {"id", "patient"}};
  if (profile.birth_year) patient["birthDate"] = fmt::format("{:04}", *profile.birth_year);
  std::string seed = "diary-patient";
  if (!episodes.empty()) seed += clock::format_rfc3339(episodes.front().onset);
  const std::string patient_url = stable_uuid(seed);
  entries.push_back(json{{"fullUrl", patient_url}, {"resource", std::move(patient)}});

  for (const auto& e : episodes) {
    // The episode's own identity: the same Observation in every export, whatever its row id.
    if (!e.uuid.empty()) {
      entries.push_back(
          json{{"fullUrl", "urn:uuid:" + e.uuid}, {"resource", observation(e, "episode-" + e.uuid, patient_url)}});
      continue;
    }
    const std::string id = fmt::format("episode-{}", e.id);
    const std::string url = stable_uuid(fmt::format("{}@{}", id, clock::format_rfc3339(e.onset)));
    entries.push_back(json{{"fullUrl", url}, {"resource", observation(e, id, patient_url)}});
  }
  add_medicines(entries, profile.medicines, patient_url);
  b["entry"] = std::move(entries);
  return b;
}

}  // namespace diary::fhir
