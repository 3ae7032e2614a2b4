// Issue 12 end to end: named medicines (`diary meds`) through the store, export and import,
// FHIR and the report; the doctor's CSV round trip with bedtimes and episode uuids.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "run_diary.hpp"

using e2e::contains;
using e2e::Sandbox;
using nlohmann::json;

namespace {

json find_medicine(const json& list, const std::string& name) {
  for (const auto& m : list)
    if (m.at("name") == name) return m;
  FAIL("no medicine named " << name);
  return {};
}

// Lasix since a named day, Piriton as needed (stopped), an unknown tonic.
void three_medicines(Sandbox& s) {
  s.ok({"meds", "add", "Lasix", "--dose", "40 mg in the morning", "--since", "2026-11-01"});
  s.ok({"meds", "add", "Piriton", "--as-needed", "--since", "2026-10-01"});
  s.ok({"meds", "stop", "chlorphenamine", "--on", "2026-11-20"});
  s.ok({"meds", "add", "grandma's tonic"});
}

}  // namespace

TEST_CASE("e2e meds: add by brand name shows the generic and its classes") {
  Sandbox s;
  const auto out = s.ok({"meds", "add", "Mirapexin", "--dose", "0.125 mg", "--since", "yesterday"});
  CHECK(contains(out, "Mirapexin (pramipexole: dopamine_agonist)"));
  CHECK(contains(out, "0.125 mg"));
  CHECK(contains(out, "since 2026-11-21"));  // the sandbox's now is 2026-11-22
  CHECK_FALSE(contains(out, "not classified"));
  // The analysis sees the class: the profile's classes come from the list.
  const auto list = s.json({"meds", "list", "--json"});
  REQUIRE(list.size() == 1);
  CHECK(list[0]["generic"] == "pramipexole");
  CHECK(list[0]["classes"] == json::array({"dopamine_agonist"}));
}

TEST_CASE("e2e meds: an unknown name is kept as written and said to be not classified") {
  Sandbox s;
  const auto out = s.ok({"meds", "add", "Grandma's Tonic"});
  CHECK(contains(out, "Grandma's Tonic (not classified)"));
  CHECK(contains(out, "not classified"));
  const auto list = s.json({"meds", "list", "--json"});
  CHECK(list[0]["name"] == "Grandma's Tonic");
  CHECK(list[0]["generic"].is_null());
  CHECK(list[0]["classes"].empty());
}

TEST_CASE("e2e meds: stop by brand or generic keeps the record with both dates") {
  Sandbox s;
  three_medicines(s);
  const auto list = s.json({"meds", "list", "--json"});
  REQUIRE(list.size() == 3);
  const auto piriton = find_medicine(list, "Piriton");
  CHECK(piriton["since"] == "2026-10-01");
  CHECK(piriton["stopped"] == "2026-11-20");
  CHECK(piriton["as_needed"] == true);
  CHECK(piriton["uuid"].get<std::string>().size() == 36);
  const auto lasix = find_medicine(list, "Lasix");
  CHECK(lasix["dose"] == "40 mg in the morning");
  CHECK_FALSE(lasix.contains("stopped"));
  CHECK(lasix["classes"] == json::array({"diuretic"}));
  // By start day, the unknown start first.
  CHECK(list[0]["name"] == "grandma's tonic");
  CHECK(list[1]["name"] == "Piriton");

  // Stopping with no date means today; a second stop finds nothing being taken.
  CHECK(contains(s.ok({"meds", "stop", "furosemide"}), "stopped 2026-11-22"));
  const auto again = s.run({"meds", "stop", "Lasix"});
  CHECK(again.code == 2);
  CHECK(contains(again.err, "no medicine \"Lasix\" is being taken"));
  CHECK(e2e::count_lines(again.err) == 1);
  // A stop day before the start is refused, and nothing is written.
  s.ok({"meds", "add", "Lyrica", "--since", "2026-11-10"});
  const auto early = s.run({"meds", "stop", "pregabalin", "--on", "2026-11-01"});
  CHECK(early.code == 2);
  CHECK(contains(early.err, "on: 2026-11-01 is before Lyrica began (2026-11-10)"));
  CHECK_FALSE(find_medicine(s.json({"meds", "list", "--json"}), "Lyrica").contains("stopped"));
  // Adding one still taken is refused.
  const auto twice = s.run({"meds", "add", "pregabalin 75 mg"});
  CHECK(twice.code == 2);
  CHECK(contains(twice.err, "already in the list"));
  // The text list names each.
  const auto text = s.ok({"meds", "list"});
  CHECK(contains(text, "Piriton (chlorphenamine: antihistamine), as needed, since 2026-10-01, stopped 2026-11-20"));
}

TEST_CASE("e2e meds: export json, import into an empty diary, export again: identical") {
  Sandbox s;
  three_medicines(s);
  s.ok({"log", "--at", "2026-11-22T02:10", "-w", "calf", "--relief", "medication", "--relief-medicine", "Nurofen"});
  const auto first = s.ok({"export", "json"});
  const auto doc = json::parse(first);
  REQUIRE(doc["medicines"].size() == 3);
  CHECK(doc["episodes"][0]["relief_medicine"] == "Nurofen");
  const auto file = s.file("diary.json", first);

  Sandbox t;
  const auto imported = t.ok({"import", "json", file.string()});
  CHECK(contains(imported, "Imported 3 medicines (3 new, 0 replaced)"));
  CHECK(t.ok({"export", "json"}) == first);
  // Importing the same file again replaces each by its uuid: no doubles.
  CHECK(contains(t.ok({"import", "json", file.string()}), "(0 new, 3 replaced)"));
  CHECK(t.json({"meds", "list", "--json"}).size() == 3);

  // A diary/2 file without "medicines" still imports, and adds none.
  auto old = doc;
  old.erase("medicines");
  Sandbox u;
  u.ok({"import", "json", u.file("old.json", old.dump()).string()});
  CHECK(u.json({"meds", "list", "--json"}).empty());
}

TEST_CASE("e2e meds: FHIR export has a MedicationStatement per medicine") {
  Sandbox s;
  three_medicines(s);
  const auto bundle = s.json({"export", "fhir"});
  std::vector<json> statements;
  std::string patient;
  for (const auto& e : bundle["entry"]) {
    if (e["resource"]["resourceType"] == "MedicationStatement") statements.push_back(e);
    if (e["resource"]["resourceType"] == "Patient") patient = e["fullUrl"];
  }
  REQUIRE(statements.size() == 3);
  for (const auto& e : statements) {
    const auto& r = e["resource"];
    CHECK(contains(e["fullUrl"].get<std::string>(), "urn:uuid:"));
    CHECK(r["subject"]["reference"] == patient);  // required: status, medication[x], subject
    CHECK(r.contains("status"));
    CHECK(r["medicationCodeableConcept"].contains("text"));
    if (r["medicationCodeableConcept"]["text"] == "Lasix") {
      CHECK(r["status"] == "active");
      CHECK(r["dosage"][0]["text"] == "40 mg in the morning");
      CHECK(r["effectivePeriod"]["start"] == "2026-11-01");
      CHECK_FALSE(r["effectivePeriod"].contains("end"));
    }
    if (r["medicationCodeableConcept"]["text"] == "Piriton") {
      CHECK(r["status"] == "completed");
      CHECK(r["dosage"][0]["asNeededBoolean"] == true);
      CHECK(r["effectivePeriod"]["end"] == "2026-11-20");
    }
    if (r["medicationCodeableConcept"]["text"] == "grandma's tonic") CHECK_FALSE(r.contains("effectivePeriod"));
  }
}

TEST_CASE("e2e meds: the report lists the medicines with doses, dates and kinds") {
  Sandbox s;
  three_medicines(s);
  s.ok({"log", "--at", "2026-11-22T02:10", "-w", "calf"});
  const auto html = s.ok({"export", "report"});
  CHECK(contains(html, "<section id=\"medicines\">"));
  CHECK(contains(html, "<td>Lasix</td><td>40 mg in the morning</td><td>2026-11-01</td><td>still taken</td>"));
  CHECK(contains(html, "furosemide: diuretic"));
  CHECK(contains(html, "<td>2026-11-20</td><td>yes</td>"));  // Piriton: stopped, as needed
  CHECK(contains(html, "not classified"));
}

TEST_CASE("e2e csv: export csv, import csv into an empty diary, export csv again: identical") {
  Sandbox s;
  // Nights with bedtimes (one with two episodes) and a night without one.
  s.ok({"night", "--date", "2026-11-19", "--bed", "22:50"});
  s.ok({"log", "--at", "2026-11-20T01:05", "-w", "calf", "-i", "6", "-d", "5"});
  s.ok({"log", "--at", "2026-11-20T03:40", "-w", "foot", "--relief", "medication", "--relief-medicine", "Lyrica"});
  s.ok({"night", "--date", "2026-11-20", "--bed", "23:15", "-q", "2"});
  s.ok({"log", "--at", "2026-11-21T00:20", "-w", "thigh", "--note", "woke, \"sharp\""});
  s.ok({"log", "--at", "2026-11-22T02:30", "-w", "calf"});  // its night has no bedtime
  const auto first = s.ok({"export", "csv"});
  INFO(first);
  CHECK(contains(first, ",relief_medicine,uuid\r\n"));
  CHECK(contains(first, ",135,"));  // 22:50 to 01:05, whole minutes
  const auto file = s.file("diary.csv", first);

  Sandbox t;
  t.ok({"import", "csv", file.string()});
  CHECK(t.ok({"export", "csv"}) == first);
  // The bedtimes came back from minutes_after_bed; the night without one has none.
  CHECK(t.json({"night", "--date", "2026-11-19", "--json"})["bed"].get<std::string>().starts_with("2026-11-19T22:50"));
  CHECK(t.json({"night", "--date", "2026-11-21", "--json"}).is_null());

  // Into the first diary again: each row replaces its episode by uuid, a kept bedtime stays.
  s.ok({"night", "--date", "2026-11-20", "--bed", "23:00"});
  const auto again = s.ok({"import", "csv", file.string()});
  CHECK(contains(again, "(0 new, 4 replaced)"));
  CHECK(s.json({"night", "--date", "2026-11-20", "--json"})["bed"].get<std::string>().starts_with("2026-11-20T23:00"));
}

TEST_CASE("e2e meds: the guided log asks which medicine when relief was medication") {
  Sandbox s;
  // onset, duration, where, side, feel, muscle hard, intensity, posture, relief, effect,
  // the medicine, returned when still, signs.
  const std::string answers = "2:10\n5m\n1\nl\ncramp\ny\n6\n1\nmedication\n1\nLyrica 75 mg\nn\n0\n";
  const auto r = s.run_pty({"log"}, answers);
  INFO("terminal:\n" << r.out);
  REQUIRE(r.code == 0);
  CHECK(contains(r.out, "Which medicine did you take?"));
  const auto list = s.json({"list", "--json"});
  REQUIRE(list.size() == 1);
  CHECK(list[0]["relief"] == json::array({"medication"}));
  CHECK(list[0]["relief_medicine"] == "Lyrica 75 mg");
}

TEST_CASE("e2e meds: bare meds lists the medicines, or says how to add one") {
  Sandbox s;
  CHECK(contains(s.ok({"meds"}), "diary meds add NAME"));
  s.ok({"meds", "add", "Lasix", "--dose", "40 mg", "--since", "yesterday"});
  CHECK(contains(s.ok({"meds"}), "Lasix (furosemide: diuretic), 40 mg, since 2026-11-21"));
}

TEST_CASE("e2e meds: the profile and the report's Medications line name the medicines with their classes") {
  Sandbox s;
  s.ok({"profile", "--medications", "statin"});
  s.ok({"meds", "add", "Lasix", "--dose", "40 mg"});
  s.ok({"meds", "add", "Piriton"});
  s.ok({"meds", "stop", "Piriton"});
  const auto profile = s.ok({"profile"});
  CHECK(contains(profile, "medicines: Lasix (furosemide: diuretic)"));
  CHECK(contains(profile, "medications: statin"));
  CHECK_FALSE(contains(profile, "Piriton"));  // stopped: in the list, not among those taken
  s.ok({"log", "--at", "02:10", "--intensity", "5"});
  const auto html = s.ok({"export", "report"});
  CHECK(contains(html, "<dt>Medications</dt><dd>Lasix (furosemide: diuretic); statin</dd>"));
  // At phone width the medicine table scrolls in its own box, its dates kept whole.
  CHECK(contains(html, "<div class=\"scroll\"><table class=\"medicines\">"));
  CHECK(contains(html, ".medicines td:nth-child(3), .medicines td:nth-child(4) { white-space: nowrap; }"));
}

TEST_CASE("e2e meds: a medicine's name given to profile --medications points to meds add") {
  Sandbox s;
  const auto r = s.run({"profile", "--medications", "metformin"});
  CHECK(r.code == 2);
  CHECK(contains(r.err, "diary meds add metformin"));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  s.ok({"profile", "--medications", "magnesium"});  // a class that is also a name stays a class
}

TEST_CASE("e2e meds: a period's FHIR bundle holds the medicines taken during it") {
  Sandbox s;
  s.ok({"meds", "add", "Lasix", "--since", "2026-11-01"});
  s.ok({"meds", "add", "Mirapexin", "--since", "2026-10-01"});
  s.ok({"meds", "stop", "Mirapexin", "--on", "2026-10-20"});
  s.ok({"meds", "add", "Piriton", "--since", "2026-11-21"});
  const auto names = [&](const std::vector<std::string>& args) {
    std::vector<std::string> out;
    const auto bundle = s.json(args);
    for (const auto& e : bundle["entry"])
      if (e["resource"]["resourceType"] == "MedicationStatement")
        out.push_back(e["resource"]["medicationCodeableConcept"]["text"]);
    return out;
  };
  CHECK(names({"export", "fhir", "--from", "2026-11-10", "--to", "2026-11-15"}) == std::vector<std::string>{"Lasix"});
  CHECK(names({"export", "fhir"}).size() == 3);
}
