#include "diary/fhir.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <string_view>

#include <fmt/format.h>

#include "diary/clock.hpp"
#include "json_text.hpp"

namespace diary::fhir {
namespace {

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

using json_text::Fragment;
using json_text::Writer;

void coding(Writer& w, std::string_view system, std::string_view code, std::string_view display) {
  w.begin_object();
  w.field("system", system);
  w.field("code", code);
  w.field("display", display);
  w.end_object();
}

// {"coding": [coding], "text": text (when there is one)}
void coded(Writer& w, std::string_view system, std::string_view code, std::string_view display,
           std::string_view text = {}) {
  w.begin_object();
  w.key("coding").begin_array();
  coding(w, system, code, display);
  w.end_array();
  if (!text.empty()) w.field("text", text);
  w.end_object();
}

void text_concept(Writer& w, std::string_view text) {
  w.begin_object();
  w.field("text", text);
  w.end_object();
}

void loinc(Writer& w, std::string_view code, std::string_view display) { coded(w, kLoinc, code, display); }

// The symptom in words, coded where one code plainly fits: a cramp of the lower leg.
enum class Symptom { cramp, urge, pain, discomfort };

Symptom symptom_of(const Episode& e) {
  if (has(e.sensations, "cramp") || has(e.sensations, "knot")) return Symptom::cramp;
  if (has(e.sensations, "urge_to_move")) return Symptom::urge;
  static constexpr std::string_view kPain[] = {"sharp",  "stabbing",  "shooting",  "electric", "burning",
                                               "aching", "deep_ache", "throbbing", "soreness"};
  for (auto p : kPain)
    if (has(e.sensations, p)) return Symptom::pain;
  return Symptom::discomfort;
}

void symptom(Writer& w, const Episode& e) {
  static thread_local std::array<Fragment, 4> texts;
  const Symptom s = symptom_of(e);
  w.cached(texts[static_cast<std::size_t>(s)], [s](Writer& v) {
    switch (s) {
      case Symptom::cramp: return coded(v, kSnomed, "449918009", "Cramp in lower leg", "Leg cramp at night");
      case Symptom::urge: return text_concept(v, "Urge to move the legs at night");
      case Symptom::pain: return text_concept(v, "Leg pain at night");
      case Symptom::discomfort: return text_concept(v, "Leg discomfort at night");
    }
  });
}

void body_site(Writer& w, const Episode& e) {
  const Code* side = e.side ? find(kSides, *e.side) : nullptr;
  const Code* place = e.locations && e.locations->size() == 1 ? find(kSites, e.locations->front()) : nullptr;
  std::string text;
  if (e.side) text = *e.side == "both" ? "both legs" : *e.side;
  if (e.locations && !e.locations->empty()) text += (text.empty() ? "" : ": ") + words(*e.locations);
  if (!side && !place && text.empty()) return;
  w.key("bodySite").begin_object();
  if (side) {
    static thread_local std::array<Fragment, std::size(kSides)> texts;
    w.key("extension").cached(texts[static_cast<std::size_t>(side - kSides)], [side](Writer& v) {
      v.begin_array();
      v.begin_object();
      v.field("url", kLaterality);
      v.key("valueCodeableConcept");
      coded(v, kSnomed, side->code, side->display);
      v.end_object();
      v.end_array();
    });
  }
  if (place) {
    static thread_local std::array<Fragment, std::size(kSites)> texts;
    w.key("coding").cached(texts[static_cast<std::size_t>(place - kSites)], [place](Writer& v) {
      v.begin_array();
      coding(v, kSnomed, place->code, place->display);
      v.end_array();
    });
  }
  if (!text.empty()) w.field("text", text);
  w.end_object();
}

// One component: {"code": (written by `code`, the same each time), "valueCodeableConcept": {"text": text}}.
template <typename Code>
void text_component(Writer& w, Fragment& code_text, Code&& code, std::string_view text) {
  w.begin_object();
  w.key("code").cached(code_text, code);
  w.key("valueCodeableConcept");
  text_concept(w, text);
  w.end_object();
}

// A component coded only by its words, with a yes/no value: the same text each time.
void boolean_component(Writer& w, Fragment& text, std::string_view what, bool value) {
  w.cached(text, [&](Writer& v) {
    v.begin_object();
    v.key("code");
    text_concept(v, what);
    v.key("valueBoolean").value(value);
    v.end_object();
  });
}

std::string minutes(double m) {
  if (m == static_cast<double>(static_cast<long long>(m))) return fmt::format("{} min", static_cast<long long>(m));
  return fmt::format("{} min", m);
}

// The severity component of an intensity above 0: mild, moderate or severe, and "i of 10".
void intensity_severity(Writer& w, int i) {
  const Code level = i <= 3   ? Code{"", "255604002", "Mild"}
                     : i <= 6 ? Code{"", "6736007", "Moderate"}
                              : Code{"", "24484000", "Severe"};
  w.begin_object();
  w.key("code");
  loinc(w, "64750-3", "Severity of symptoms");
  w.key("valueCodeableConcept");
  coded(w, kSnomed, level.code, level.display, fmt::format("{} of 10", i));
  w.end_object();
}

void intensity_score(Writer& w, int i) {
  w.begin_object();
  w.key("code");
  loinc(w, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported");
  w.key("valueInteger").value(i);
  w.end_object();
}

// The components of an intensity: the same text for each level from 0 to 10.
void intensity_components(Writer& w, int i) {
  static thread_local std::array<Fragment, 11> severities, scores;
  if (i < 0 || i > 10) {  // outside the scale the store allows: written afresh
    if (i > 0) intensity_severity(w, i);
    return intensity_score(w, i);
  }
  const auto at = static_cast<std::size_t>(i);
  if (i > 0) w.cached(severities[at], [i](Writer& v) { intensity_severity(v, i); });
  w.cached(scores[at], [i](Writer& v) { intensity_score(v, i); });
}

std::string relief_effect(const Episode& e) {
  std::string effect;
  if (e.relief_effect)
    effect = *e.relief_effect == "full"      ? "eased fully"
             : *e.relief_effect == "partial" ? "eased partly"
                                             : "did not help";
  else
    effect = "effect not recorded";
  if (e.relief_min) effect += fmt::format("; eased after {}", minutes(*e.relief_min));
  return effect;
}

void relief_components(Writer& w, const Episode& e) {
  static thread_local Fragment code;
  const std::string effect = relief_effect(e);
  for (const auto& r : *e.relief) {
    if (r == "none") continue;
    w.begin_object();
    w.key("code").cached(code, [](Writer& v) { loinc(v, "100753-3", "Alleviating factors - Reported"); });
    w.key("valueCodeableConcept");
    text_concept(w, words(r));
    w.key("extension").begin_array();
    w.begin_object();
    w.field("url", kNote);
    w.key("valueAnnotation");
    text_concept(w, effect);
    w.end_object();
    w.end_array();
    w.end_object();
  }
}

bool has_components(const Episode& e) {
  const bool relief =
      e.relief && std::any_of(e.relief->begin(), e.relief->end(), [](const auto& r) { return r != "none"; });
  const bool speed = e.onset_speed && find(kOnsetSpeed, *e.onset_speed);
  return (e.sensations && !e.sensations->empty()) || e.intensity || speed || relief || e.posture || e.muscle_hard ||
         e.returned_when_still || (e.signs && !e.signs->empty());
}

void onset_speed_component(Writer& w, const Code* s) {
  static thread_local std::array<Fragment, std::size(kOnsetSpeed)> texts;
  w.cached(texts[static_cast<std::size_t>(s - kOnsetSpeed)], [s](Writer& v) {
    v.begin_object();
    v.key("code");
    loinc(v, "99495-4", "Speed of condition onset");
    v.key("valueCodeableConcept");
    coded(v, kSnomed, s->code, s->display);
    v.end_object();
  });
}

void components(Writer& w, const Episode& e) {
  if (!has_components(e)) return;
  static thread_local Fragment quality, posture, signs;
  static thread_local std::array<Fragment, 2> hard, returned;
  w.key("component").begin_array();
  if (e.sensations && !e.sensations->empty())
    text_component(
        w, quality, [](Writer& v) { loinc(v, "56823-8", "Problem quality or description"); }, words(*e.sensations));
  if (e.intensity) intensity_components(w, *e.intensity);
  if (e.onset_speed)
    if (const Code* s = find(kOnsetSpeed, *e.onset_speed)) onset_speed_component(w, s);
  if (e.relief) relief_components(w, e);
  if (e.posture)
    text_component(
        w, posture, [](Writer& v) { coded(v, kSymptomCodes, "OTHEREVENT", "Other Events"); },
        "position at onset: " + words(*e.posture));
  if (e.muscle_hard) boolean_component(w, hard[*e.muscle_hard], "Muscle hard or knotted", *e.muscle_hard);
  if (e.returned_when_still)
    boolean_component(w, returned[*e.returned_when_still], "Came back when lying still again", *e.returned_when_still);
  if (e.signs && !e.signs->empty())
    text_component(
        w, signs, [](Writer& v) { text_concept(v, "Signs noticed on the leg"); }, words(*e.signs));
  w.end_array();
}

void effective_period(Writer& w, const Episode& e) {
  w.key("effectivePeriod").begin_object();
  w.field("start", clock::format_rfc3339(e.onset));
  if (e.duration_min) {
    Instant end = e.onset;
    end.utc += std::chrono::seconds{static_cast<long long>(*e.duration_min * 60.0 + 0.5)};
    w.field("end", clock::format_rfc3339(end));
  }
  w.end_object();
}

// One episode as a Symptom Observation.
void observation(Writer& w, const Episode& e, std::string_view id, std::string_view patient) {
  w.begin_object();
  w.field("resourceType", "Observation");
  w.field("id", id);
  static thread_local Fragment head;  // what every Observation says of itself
  w.cached_members(head, [](Writer& v) {
    v.key("meta").begin_object();
    v.key("profile").begin_array();
    v.value(kSymptomProfile);
    v.end_array();
    v.end_object();
    v.field("status", "final");
    v.key("category").begin_array();
    coded(v, kSymptomCodes, "symptom", "Symptom");
    v.end_array();
    v.key("code");
    coded(v, kLoinc, "75325-1", "Symptom");
  });
  w.key("subject").begin_object();
  w.field("reference", patient);
  w.end_object();
  effective_period(w, e);
  w.key("performer").begin_array();  // the person reports it
  w.begin_object();
  w.field("reference", patient);
  w.end_object();
  w.end_array();
  w.key("valueCodeableConcept");
  symptom(w, e);
  if (e.note && !e.note->empty()) {
    w.key("note").begin_array();
    text_concept(w, *e.note);
    w.end_array();
  }
  body_site(w, e);
  components(w, e);
  w.end_object();
}

// A named medicine as a FHIR R4 MedicationStatement: the name as written (no code is
// guessed), the dose as text, the days it began and ended.
void medication_statement(Writer& w, const Medicine& m, std::string_view patient) {
  w.begin_object();
  w.field("resourceType", "MedicationStatement");
  w.field("id", "medicine-" + m.uuid);
  w.field("status", m.stopped ? "completed" : "active");
  w.key("medicationCodeableConcept");
  text_concept(w, m.name);
  w.key("subject").begin_object();
  w.field("reference", patient);
  w.end_object();
  if (m.since || m.stopped) {
    w.key("effectivePeriod").begin_object();
    if (m.since) w.field("start", clock::format_day(*m.since));
    if (m.stopped) w.field("end", clock::format_day(*m.stopped));
    w.end_object();
  }
  w.key("dosage").begin_array();
  w.begin_object();
  if (m.dose) w.field("text", *m.dose);
  w.key("asNeededBoolean").value(m.as_needed);
  w.end_object();
  w.end_array();
  w.end_object();
}

// The patient's resource: no name, no identifier; the birth year only. Its full URL is
// seeded with the first episode's onset.
std::string patient_url(const Episode* first) {
  std::string seed = "diary-patient";
  if (first) seed += clock::format_rfc3339(first->onset);
  return stable_uuid(seed);
}

void patient(Writer& w, const Profile& profile) {
  w.begin_object();
  w.field("resourceType", "Patient");
  w.field("id", "patient");
  if (profile.birth_year) w.field("birthDate", fmt::format("{:04}", *profile.birth_year));
  w.end_object();
}

// An entry of the bundle: {"fullUrl": url, "resource": ...}, written by `resource`.
template <typename Resource>
void entry(Writer& w, std::string_view url, Resource&& resource) {
  w.begin_object();
  w.field("fullUrl", url);
  w.key("resource");
  resource();
  w.end_object();
}

void episode_entry(Writer& w, const Episode& e, std::string_view patient_url) {
  // The episode's own identity: the same Observation in every export, whatever its row id.
  if (!e.uuid.empty()) {
    const std::string id = "episode-" + e.uuid;
    return entry(w, "urn:uuid:" + e.uuid, [&] { observation(w, e, id, patient_url); });
  }
  const std::string id = fmt::format("episode-{}", e.id);
  const std::string url = stable_uuid(fmt::format("{}@{}", id, clock::format_rfc3339(e.onset)));
  entry(w, url, [&] { observation(w, e, id, patient_url); });
}

}  // namespace

nlohmann::ordered_json bundle(const Profile& profile, std::span<const Episode> episodes, date::sys_seconds generated) {
  // One source for the shape: the streamed text, read back.
  std::string text;
  BundleWriter out(profile, generated, [&](std::string_view piece) { text += piece; });
  for (const auto& e : episodes) out.episode(e);
  out.finish();
  return nlohmann::ordered_json::parse(text);
}

BundleWriter::BundleWriter(Profile profile, date::sys_seconds generated, Sink sink)
    : profile_(std::move(profile)), sink_(std::move(sink)) {
  // The head as dump(1) writes it, up to the opening of "entry".
  buffer_ = "{\n \"resourceType\": \"Bundle\",\n \"id\": \"diary-export\",\n \"type\": \"collection\",\n";
  buffer_ += " \"timestamp\": \"" + date::format("%FT%TZ", generated) + "\",\n \"entry\": [";
}

void BundleWriter::next_entry() { buffer_ += patient_url_.empty() ? "\n  " : ",\n  "; }

void BundleWriter::flush_if_large() {
  if (buffer_.size() >= 64 * 1024) {  // handed on in large pieces: few writes
    sink_(buffer_);
    buffer_.clear();
  }
}

void BundleWriter::write_patient(const Episode* first) {
  std::string url = patient_url(first);
  next_entry();
  Writer w(buffer_, 2);
  entry(w, url, [&] { patient(w, profile_); });
  patient_url_ = std::move(url);
}

void BundleWriter::episode(const Episode& episode) {
  // The patient's URL is seeded with the first episode's onset, so it is written first here.
  if (patient_url_.empty()) write_patient(&episode);
  next_entry();
  Writer w(buffer_, 2);
  episode_entry(w, episode, patient_url_);
  flush_if_large();
}

void BundleWriter::finish() {
  if (patient_url_.empty()) write_patient(nullptr);
  for (const auto& m : profile_.medicines) {
    if (m.uuid.empty()) continue;  // stored medicines always have one
    next_entry();
    Writer w(buffer_, 2);
    entry(w, "urn:uuid:" + m.uuid, [&] { medication_statement(w, m, patient_url_); });
  }
  buffer_ += "\n ]\n}\n";
  sink_(buffer_);
  buffer_.clear();
}

}  // namespace diary::fhir
