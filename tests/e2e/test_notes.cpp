// Warning signs written only in notes are shown at once by log, edit, night and import, and by
// analyze, quoted and marked as read from a note; negated words raise nothing.
#include <doctest/doctest.h>

#include "run_diary.hpp"

using e2e::contains;
using e2e::Options;
using e2e::Sandbox;

TEST_CASE("e2e: log shows a warning sign written only in the note, quoting it") {
  Sandbox s;
  const auto out = s.ok({"log", "--at", "02:10", "--note", "left calf swollen, hot and red this morning"});
  CHECK(contains(out, "WARNING SIGN"));
  CHECK(contains(out, "Get medical care today"));  // the one wording of the urgent level
  CHECK(contains(out, "'left calf swollen, hot and red this morning'"));
  // A negated note raises nothing.
  const auto calm = s.ok({"log", "--at", "03:10", "--note", "no swelling, redness or warmth"});
  CHECK_FALSE(contains(calm, "WARNING SIGN"));
  // edit: a note added later raises it too.
  const auto edited = s.ok({"edit", "last", "--note", "woke with tight chest and short of breath"});
  CHECK(contains(edited, "WARNING SIGN"));
  CHECK(contains(edited, "short of breath'"));
  // analyze marks it as read from a note.
  const auto json = nlohmann::json::parse(s.ok({"analyze", "--json"}));
  bool quoted = false;
  for (const auto& f : json["red_flags"])
    if (f["id"] == "dvt_signs") quoted = f.contains("from_notes") && f["from_notes"].size() == 1;
  CHECK(quoted);
}

TEST_CASE("e2e: night shows a warning sign named in the night's note") {
  Sandbox s;
  const auto out = s.ok({"night", "--date", "2026-11-21", "--note", "numb between the legs and wet myself"});
  CHECK(contains(out, "WARNING SIGN"));
  CHECK(contains(out, "'numb between the legs and wet myself'"));
  const auto quiet = s.ok({"night", "--date", "2026-11-20", "--note", "worried about a clot, calf fine"});
  CHECK_FALSE(contains(quiet, "WARNING SIGN"));
  // The number to call is named, as log names it: the zone's country's when none is set.
  Options london;
  london.tz = "Europe/London";
  const auto breath = s.ok({"night", "--date", "2026-11-19", "--note", "can't catch my breath, chest pain"}, london);
  CHECK(contains(breath, "call 999"));
  CHECK_FALSE(contains(breath, "call the emergency number"));
}

TEST_CASE("e2e: import shows warning signs written in imported notes") {
  Sandbox s;
  const std::string doc = R"({"format": "diary/2", "episodes": [{"onset": "2026-11-21T02:10:00+01:00",
      "note": "toes cold and white"}], "nights": [{"night": "2026-11-24", "note": "can't catch my breath"}]})";
  Options o;
  o.stdin_text = doc;
  o.with_stdin = true;
  const auto out = s.ok({"import", "json", "-"}, o);
  CHECK(contains(out, "toes cold and white"));
  CHECK(contains(out, "can't catch my breath"));
}

TEST_CASE("e2e: log says to call the emergency number now when breathlessness follows a clot's signs") {
  Sandbox s;
  Options london;
  london.tz = "Europe/London";
  s.ok({"log", "--at", "02:10", "--note", "left calf swollen and red"}, london);
  const auto breath = s.ok({"log", "--at", "03:10", "--note", "can't catch my breath"}, london);
  CHECK(contains(breath, "Call 999 now"));
  CHECK(contains(breath, "with signs of a clot in the leg"));
  // The earlier episode's warning is not shown again: only what the new episode carries.
  CHECK_FALSE(contains(breath, "ONE LEG SWOLLEN"));
  CHECK_FALSE(contains(breath, "if you become short of breath"));
  // Signs a week apart are not together.
  Sandbox apart;
  apart.ok({"log", "--at", "2026-11-10T02:10", "--note", "left calf swollen and red"}, london);
  const auto later = apart.ok({"log", "--at", "03:10", "--note", "can't catch my breath"}, london);
  CHECK_FALSE(contains(later, "Call 999 now"));
  CHECK(contains(later, "WARNING SIGN"));
}
