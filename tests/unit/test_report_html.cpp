// The printable report: its sections, escaping of everything typed, nothing fetched from
// outside; and the FHIR bundle's structure.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include <fmt/format.h>

#include "diary/analysis/analyze.hpp"
#include "diary/clock.hpp"
#include "diary/fhir.hpp"
#include "diary/report/html_report.hpp"
#include "diary/report/text.hpp"

namespace {

using namespace diary;

Instant at(std::string_view text) {
  static const auto utc = diary::clock::find_zone("UTC");
  constexpr auto far = date::sys_days{date::year{9000} / 1 / 1};
  return clock::parse_time(text, utc, date::sys_seconds{far}, "test").instant;
}

const std::string kNastyNote = "<script>alert(\"x\")</script> & 'q' ünïcode ✓, \"quoted\"\nnext line";

struct Sample {
  Profile profile;
  std::vector<Night> nights;
  std::vector<Episode> episodes;

  Sample() {
    profile.birth_year = 1951;
    profile.smoking = "former";
    profile.conditions = Terms{"diabetes"};
    profile.medications = Terms{"statin"};
    for (int d = 16; d <= 22; ++d) {
      Night n;
      n.night = date::year{2026} / 11 / d;
      n.bed = at(fmt::format("2026-11-{:02}T22:30:00+01:00", d));
      n.wake = at(fmt::format("2026-11-{:02}T06:45:00+01:00", d + 1));
      n.sleep_quality = 3;
      n.exercise = d % 2 ? "hard" : "light";
      if (d == 18) n.note = "night <note> & \"more\"";
      if (d == 19) n.new_medication = "Furosemide <40mg>";
      nights.push_back(n);
    }
    int id = 0;
    for (int d = 16; d <= 22; ++d) {
      Episode e;
      e.id = ++id;
      e.onset = at(fmt::format("2026-11-{:02}T01:{:02}:00+01:00", d + 1, 10 + d));
      e.duration_min = 5 + d % 4;
      e.intensity = d % 11;
      e.locations = Terms{"calf"};
      e.side = "left";
      e.sensations = Terms{"cramp", "knot"};
      e.onset_speed = "sudden";
      e.muscle_hard = true;
      e.relief = Terms{"stretch"};
      e.relief_effect = d % 3 ? "full" : "partial";
      e.relief_min = 3;
      e.note = d == 20 ? kNastyNote : "woke me";
      episodes.push_back(e);
    }
    // One episode with the signs of a clot, for the red-flag box.
    Episode e;
    e.id = ++id;
    e.onset = at("2026-11-21T23:50:00+01:00");
    e.duration_min = 40;
    e.intensity = 6;
    e.locations = Terms{"calf"};
    e.side = "right";
    e.sensations = Terms{"aching"};
    e.signs = Terms{"swelling", "warmth", "redness"};
    episodes.push_back(e);
    std::sort(episodes.begin(), episodes.end(),
              [](const Episode& a, const Episode& b) { return a.onset.utc < b.onset.utc; });
  }

  std::string html() const {
    const auto report = analysis::analyze(profile, nights, episodes);
    return report::html_report(profile, nights, episodes, report, std::nullopt, std::nullopt, "23 Nov 2026 08:00");
  }
};

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool contains(const std::string& s, std::string_view what) { return s.find(what) != std::string::npos; }

}  // namespace

TEST_CASE("report: html_escape escapes the five characters") {
  CHECK(report::html_escape("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e&#39;f");
  CHECK(report::html_escape("ünï ✓") == "ünï ✓");
}

TEST_CASE("report: the sections, in order") {
  const std::string h = Sample().html();
  CHECK(h.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(contains(h, "<meta charset=\"utf-8\">"));
  CHECK(contains(h, "@page"));
  CHECK(contains(h, "Nights of Mon 16 Nov 2026 to Sun 22 Nov 2026"));
  CHECK(contains(h, "1951"));
  CHECK(contains(h, "diabetes"));
  const std::vector<std::string> order{"id=\"red-flags\"", "class=\"flags\"", "id=\"patterns\"", "id=\"nights\"",
                                       "id=\"weeks\"",     "id=\"relief\"",   "id=\"episodes\""};
  std::size_t last = 0;
  for (const auto& id : order) {
    CAPTURE(id);
    const auto at_ = h.find(id);
    REQUIRE(at_ != std::string::npos);
    CHECK(at_ >= last);
    last = at_;
  }
  CHECK(contains(h, "One leg swollen, warm or red"));  // the DVT red flag in the box
  CHECK(contains(h, "Nocturnal leg cramps"));          // a category with its evidence
  // The night chart: 7 rows, a mark per episode (8), bed and wake times.
  CHECK(contains(h, "aria-label=\"Night-by-night chart"));
  CHECK(contains(h, "<title>bed 22:30</title>"));
  CHECK(contains(h, "<title>up 06:45</title>"));
  CHECK(contains(h, "Episodes on 3 of 3 nights after hard exercise, 4 of 4 otherwise"));
  CHECK(contains(h, "<td>stretch</td><td class=\"n\">7</td>"));
}

TEST_CASE("report: everything typed is escaped, and survives") {
  const std::string h = Sample().html();
  CHECK_FALSE(contains(lower(h), "<script"));
  CHECK(contains(
      h,
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; ünïcode ✓, &quot;quoted&quot;\nnext line"));
  CHECK(contains(h, "night &lt;note&gt; &amp; &quot;more&quot;"));
  CHECK(contains(h, "Furosemide &lt;40mg&gt;"));
}

TEST_CASE("report: nothing is fetched from outside") {
  const std::string h = lower(Sample().html());
  for (std::string_view bad : {"http:", "https:", "//", "@import", "url(", "src=", "<link", "<img", "<iframe",
                               "<object", "<embed", "<script", "href="}) {
    CAPTURE(bad);
    CHECK_FALSE(contains(h, bad));
  }
}

TEST_CASE("report: an empty period still makes a page") {
  const Profile p;
  const analysis::Report r = analysis::analyze(p, {}, {});
  const auto h = report::html_report(p, {}, {}, r, date::year{2026} / 1 / 1, date::year{2026} / 1 / 31, "today");
  CHECK(contains(h, "id=\"episodes\""));
  CHECK(contains(h, "No episodes"));
  CHECK(contains(h, "Warning signs:</strong> none found"));
}

TEST_CASE("fhir: a collection Bundle with a nameless Patient and one Symptom Observation per episode") {
  const Sample s;
  const auto b = fhir::bundle(s.profile, s.episodes, date::sys_days{date::year{2026} / 11 / 23});
  const auto parsed = nlohmann::json::parse(b.dump());  // valid JSON
  CHECK(parsed["resourceType"] == "Bundle");
  CHECK(parsed["type"] == "collection");
  CHECK(parsed["timestamp"] == "2026-11-23T00:00:00Z");
  const auto& entries = parsed["entry"];
  REQUIRE(entries.size() == s.episodes.size() + 1);
  const auto& patient = entries[0]["resource"];
  CHECK(patient["resourceType"] == "Patient");
  CHECK(patient["birthDate"] == "1951");
  CHECK_FALSE(patient.contains("name"));
  CHECK_FALSE(patient.contains("extension"));
  CHECK_FALSE(patient.contains("identifier"));
  const std::string patient_url = entries[0]["fullUrl"];
  CHECK(patient_url.rfind("urn:uuid:", 0) == 0);

  std::set<std::string> urls{patient_url};
  for (std::size_t i = 1; i < entries.size(); ++i) {
    const auto& o = entries[i]["resource"];
    const Episode& e = s.episodes[i - 1];
    CAPTURE(i);
    CHECK(urls.insert(entries[i]["fullUrl"].get<std::string>()).second);
    CHECK(o["resourceType"] == "Observation");
    CHECK(o["id"] == "episode-" + (e.uuid.empty() ? std::to_string(e.id) : e.uuid));
    CHECK(o["status"] == "final");
    CHECK(o["meta"]["profile"][0] == "http://hl7.org/fhir/uv/symptoms/StructureDefinition/SymptomObservation");
    CHECK(o["code"]["coding"][0]["system"] == "http://loinc.org");
    CHECK(o["code"]["coding"][0]["code"] == "75325-1");
    CHECK(o["subject"]["reference"] == patient_url);
    CHECK(o["performer"][0]["reference"] == patient_url);
    CHECK(o["effectivePeriod"]["start"] == clock::format_rfc3339(e.onset));
    CHECK(o["valueCodeableConcept"]["text"].is_string());
    // Laterality on the body site; the calf as SNOMED CT.
    CHECK(o["bodySite"]["coding"][0]["code"] == "53840002");
    const auto& lat = o["bodySite"]["extension"][0];
    CHECK(lat["url"] == "http://hl7.org/fhir/StructureDefinition/observation-structureLaterality");
    CHECK(lat["valueCodeableConcept"]["coding"][0]["code"] == (*e.side == "left" ? "7771000" : "24028007"));
    // The 0-10 score.
    bool score = false, quality = false;
    for (const auto& c : o["component"]) {
      REQUIRE(c.contains("code"));
      const bool coded = c["code"].contains("coding");
      if (coded && c["code"]["coding"][0]["code"] == "72514-3") {
        score = true;
        CHECK(c["valueInteger"] == *e.intensity);
      }
      if (coded && c["code"]["coding"][0]["code"] == "56823-8") quality = true;
    }
    CHECK(score);
    CHECK(quality);
  }

  // An episode with everything: duration as the period's end, onset speed, relief with effect, note.
  const nlohmann::json* full = nullptr;
  for (std::size_t i = 1; i < entries.size(); ++i)
    if (entries[i]["resource"].contains("note")) {
      const auto& n = entries[i]["resource"]["note"][0]["text"];
      if (n == kNastyNote) full = &entries[i]["resource"];
    }
  REQUIRE(full != nullptr);  // the note's every character survives
  const auto& o = *full;
  CHECK(o["effectivePeriod"]["end"] == "2026-11-21T01:35:00+01:00");  // 01:30 + 5 min
  CHECK(o["valueCodeableConcept"]["coding"][0]["system"] == "http://snomed.info/sct");
  bool speed = false, relief = false, severity = false;
  for (const auto& c : o["component"]) {
    const auto code = c["code"].value("coding", nlohmann::json::array()).empty()
                          ? std::string()
                          : c["code"]["coding"][0]["code"].get<std::string>();
    if (code == "99495-4") {
      speed = true;
      CHECK(c["valueCodeableConcept"]["coding"][0]["code"] == "385315009");  // sudden onset
    }
    if (code == "100753-3") {
      relief = true;
      CHECK(c["valueCodeableConcept"]["text"] == "stretch");
      CHECK(c["extension"][0]["url"] == "http://hl7.org/fhir/StructureDefinition/note");
      CHECK(c["extension"][0]["valueAnnotation"]["text"].get<std::string>().find("eased") != std::string::npos);
    }
    if (code == "64750-3") {
      severity = true;
      CHECK(c["valueCodeableConcept"]["coding"][0]["code"] == "24484000");  // 9 of 10: severe
    }
  }
  CHECK(speed);
  CHECK(relief);
  CHECK(severity);
}

namespace {

std::size_t occurrences(std::string_view s, std::string_view what) {
  std::size_t n = 0;
  for (auto at_ = s.find(what); at_ != std::string_view::npos; at_ = s.find(what, at_ + 1)) ++n;
  return n;
}

// 200 nights from 1 Jan 2026, three episodes each (22:00, 00:30, 03:00 UTC), ids in order.
std::vector<Episode> long_diary() {
  std::vector<Episode> episodes;
  const date::sys_days first{date::year{2026} / 1 / 1};
  for (int i = 0; i < 200; ++i)
    for (const auto minutes : {22 * 60, 24 * 60 + 30, 27 * 60}) {
      Episode e;
      e.id = static_cast<std::int64_t>(episodes.size()) + 1;
      e.onset.utc = first + date::days{i} + std::chrono::minutes{minutes};
      e.duration_min = 4;
      e.intensity = 5;
      episodes.push_back(e);
    }
  return episodes;
}

}  // namespace

TEST_CASE("report: a long diary charts its last 91 nights, a mark for every episode of them") {
  const auto episodes = long_diary();
  const Profile p;
  const auto r = analysis::analyze(p, {}, episodes);
  const auto h = report::html_report(p, {}, episodes, r, std::nullopt, std::nullopt, "today");
  CHECK(contains(h, "The chart shows the last 91 nights, from Mon 20 Apr 2026"));
  CHECK(occurrences(h, "rx=\"1\"") == 91 * 3);          // the marks: those of the first nights let go
  CHECK(occurrences(h, "<td class=\"note\">") == 600);  // the table lists every episode
  const auto svg = report::nights_chart_svg({}, episodes, r, std::nullopt, std::nullopt);
  CHECK(occurrences(svg, "rx=\"1\"") == 91 * 3);
  // A period that ends earlier charts the 91 nights up to its end, whatever came after.
  const auto early = report::nights_chart_svg({}, episodes, r, std::nullopt, date::year{2026} / 4 / 30);
  CHECK(occurrences(early, "rx=\"1\"") == 91 * 3);
  CHECK(contains(early, "to Thu 30 Apr 2026"));
}

TEST_CASE("report: written in pieces, the page is the same text") {
  const auto episodes = long_diary();
  const Profile p;
  const auto r = analysis::analyze(p, {}, episodes);
  report::HtmlReport page(p, {}, std::nullopt, std::nullopt);
  std::vector<std::string> spilled;  // each piece handed over on its own
  for (const auto& e : episodes) page.add(e, [&](std::string_view row) { spilled.emplace_back(row); });
  CHECK(spilled.size() == episodes.size());
  std::string text;
  int pieces = 0;
  page.begin(r, "today", "", [&](std::string_view piece) {
    text += piece;
    ++pieces;
  });
  std::size_t next = 0;
  page.rows([&](std::size_t size) {
    REQUIRE(next < spilled.size());
    CHECK(size == spilled[next].size());  // asked for row by row, as written
    return std::string_view(spilled[next++]);
  });
  page.finish();
  CHECK(pieces > 2);  // handed over as it was made, not held whole
  CHECK(text == report::html_report(p, {}, episodes, r, std::nullopt, std::nullopt, "today"));
}

TEST_CASE("report: the rows of the episodes a warning sign lists, and only those, are marked") {
  const Sample s;
  const auto report = analysis::analyze(s.profile, s.nights, s.episodes);
  std::set<std::int64_t> listed;
  for (const auto& f : report.red_flags) listed.insert(f.episodes.begin(), f.episodes.end());
  REQUIRE(listed.count(8) == 1);  // the clot-like episode
  const auto h = s.html();
  for (const auto& e : s.episodes) {
    const auto marked = fmt::format("<tr class=\"flagged\"><td class=\"n\">{}</td>", e.id);
    const auto plain = fmt::format("<tr><td class=\"n\">{}</td>", e.id);
    INFO("episode " << e.id);
    CHECK(contains(h, marked) == (listed.count(e.id) == 1));
    CHECK(contains(h, plain) == (listed.count(e.id) == 0));
  }
}

TEST_CASE("report: minutes in words, and the same appended") {
  const std::pair<double, std::string_view> cases[] = {
      {0.5, "30 s"}, {0, "0 min"},       {5, "5 min"},         {2.5, "2.5 min"}, {59.96, "1 h"},
      {60, "1 h"},   {80, "1 h 20 min"}, {125.4, "2 h 5 min"}, {1440, "24 h"},
  };
  for (const auto& [minutes, words] : cases) {
    INFO(minutes);
    CHECK(report::minutes_words(minutes) == words);
    std::string out = "x";
    report::minutes_words_to(out, minutes);
    CHECK(out == "x" + std::string(words));
  }
}
