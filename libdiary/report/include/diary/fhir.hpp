#pragma once
// The diary as an HL7 FHIR R4 Bundle (type "collection"): the profile as a Patient with no
// name (birth year only), and one Observation per episode shaped after the FHIR Symptoms
// implementation guide's Symptom Observation (hl7.org/fhir/uv/symptoms):
//
//   code            LOINC 75325-1 "Symptom"; the symptom itself is valueCodeableConcept
//   category        the guide's symptom category
//   effective       effectivePeriod: onset to onset + duration (start only when unknown)
//   bodySite        where, as SNOMED CT body structures where the term has a well-known one,
//                   with the side in the core observation-structureLaterality extension
//   component       quality (LOINC 56823-8), severity (LOINC 64750-3, mild/moderate/severe,
//                   with the 0-10 score as LOINC 72514-3 beside it), speed of onset
//                   (LOINC 99495-4), alleviating factors (LOINC 100753-3) with their effect
//                   in a note, and what was noticed besides
//   note            the person's own words
//
// Each named medicine of the profile is a MedicationStatement: status active (not stopped)
// or completed, medicationCodeableConcept.text the name as written, dosage[0].text the dose
// and asNeededBoolean, effectivePeriod from the day it began to the day it stopped; its
// fullUrl is urn:uuid: its uuid.
//
// Ids are stable: "patient" and "episode-<id>", full URLs urn:uuid: derived from them.
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include <date/date.h>
#include <nlohmann/json.hpp>

#include "diary/diary.hpp"

namespace diary::fhir {

nlohmann::ordered_json bundle(const Profile& profile, std::span<const Episode> episodes, date::sys_seconds generated);

// The same bundle written entry by entry, so that an export of any size holds one episode
// at a time: give the episodes in bundle()'s order, then finish(); the bytes are exactly
// bundle(...).dump(1) + "\n".
class BundleWriter {
 public:
  using Sink = std::function<void(std::string_view)>;
  BundleWriter(Profile profile, date::sys_seconds generated, Sink sink);
  void episode(const Episode& episode);
  void finish();

 private:
  void next_entry();
  void flush_if_large();
  void write_patient(const Episode* first);
  Profile profile_;
  Sink sink_;
  std::string buffer_;
  std::string patient_url_;  // empty until the patient's entry is written
};

}  // namespace diary::fhir
