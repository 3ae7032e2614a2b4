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
  const auto quiet = s.ok({"night", "--date", "2026-11-22", "--note", "worried about a clot, calf fine"});
  CHECK_FALSE(contains(quiet, "WARNING SIGN"));
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
