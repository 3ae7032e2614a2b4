// The morning check-in (`diary night`), quiet nights, the three kinds of night in analyze,
// summary and report, the summary's default week, and warnings that name the number to call.
#include <doctest/doctest.h>

#include "run_diary.hpp"

using e2e::contains;
using e2e::Options;
using e2e::Result;
using e2e::Sandbox;
using nlohmann::json;

namespace {

Options at(const char* now, const char* tz = "Europe/Berlin") {
  Options o;
  o.now = now;
  o.tz = tz;
  return o;
}

int occurrences(const std::string& text, const std::string& needle) {
  int n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("e2e: night on a terminal shows the night's episodes, asks its questions and re-asks wrong answers") {
  Sandbox s;
  s.ok({"log", "--at", "2026-11-22T02:10", "--where", "calf", "-i", "6"});
  // bed, wake (a wrong answer first), sleep quality (out of range first), exercise, fluids,
  // late caffeine, alcohol (skipped with Enter), new medicine.
  const std::string answers = "23:05\nzz\n06:40\n7\n3\nlight\n1\ny\n\nnone\n";
  const Result r = s.run_pty({"night"}, answers, at("2026-11-22 07:30:00"));
  INFO("terminal:\n" << r.out);
  REQUIRE(r.code == 0);
  CHECK(contains(r.out, "1 episode logged"));
  CHECK(contains(r.out, "episode 1:"));
  CHECK_FALSE(contains(r.out, "Nothing"));
  CHECK_FALSE(contains(r.out, "quiet night, no episodes?"));                // not offered: the night has an episode
  CHECK(r.out.find("episode 1:") < r.out.find("When did you go to bed?"));  // the episodes come first
  CHECK(occurrences(r.out, "When did you get up?") == 2);
  CHECK(occurrences(r.out, "How did you sleep") == 2);
  CHECK(contains(r.out, "1 to 5"));
  CHECK(contains(r.out, "1 low"));  // the choices are numbered
  CHECK(contains(r.out, "Saved night of"));

  const json night = s.json({"night", "--json"}, at("2026-11-22 07:31:00"));
  CHECK(night["night"] == "2026-11-21");
  CHECK(night["bed"] == "2026-11-21T23:05:00+01:00");
  CHECK(night["wake"] == "2026-11-22T06:40:00+01:00");
  CHECK(night["sleep_quality"] == 3);
  CHECK(night["exercise"] == "light");
  CHECK(night["hydration"] == "low");
  CHECK(night["caffeine_late"] == true);
  CHECK_FALSE(night.contains("alcohol"));  // skipped: still unknown
  CHECK(night["new_medication"] == "");
  CHECK_FALSE(night.contains("quiet"));
}

TEST_CASE("e2e: night on a terminal offers a quiet night when there are no episodes, and Ctrl-D saves it") {
  Sandbox s;
  const Result r = s.run_pty({"night"}, "y\n\x04", at("2026-11-22 07:30:00"));
  INFO("terminal:\n" << r.out);
  REQUIRE(r.code == 0);
  CHECK(contains(r.out, "no episodes logged"));
  CHECK(contains(r.out, "A quiet night, no episodes?"));
  CHECK(contains(r.out, "Saved night of Sat 21 Nov 2026: a quiet night, no episodes"));
  const json night = s.json({"night", "--date", "2026-11-21", "--json"});
  CHECK(night["quiet"] == true);
  // Only Enter, then Ctrl-D: nothing answered, nothing saved.
  const Result none = s.run_pty({"night", "--date", "2026-11-19"}, "\n\x04", at("2026-11-22 07:30:00"));
  CHECK(none.code == 0);
  CHECK(contains(none.out, "Nothing saved"));
  CHECK(s.json({"night", "--date", "2026-11-19", "--json"}).is_null());
}

TEST_CASE("e2e: night --quiet records a night with no episodes and is refused for a night that has some") {
  Sandbox s;
  CHECK(contains(s.ok({"night", "--date", "2026-11-20", "--quiet"}), "a quiet night, no episodes"));
  CHECK(s.json({"night", "--date", "2026-11-20", "--json"})["quiet"] == true);
  CHECK(s.export_json()["nights"][0]["quiet"] == true);

  s.ok({"log", "--at", "2026-11-22T02:10"});
  const Result refused = s.run({"night", "--date", "2026-11-21", "--quiet"});
  CHECK(refused.code == 2);
  CHECK(refused.out.empty());
  CHECK(contains(refused.err, "quiet"));
  CHECK(contains(refused.err, "1 episode"));
  CHECK(occurrences(refused.err, "\n") == 1);
  CHECK(s.json({"night", "--date", "2026-11-21", "--json"}).is_null());  // nothing written

  // An episode logged later for a quiet night: the episode wins.
  s.ok({"log", "--at", "2026-11-21T03:00"});
  CHECK(s.json({"night", "--date", "2026-11-20", "--json"})["quiet"] == false);
}

TEST_CASE("e2e: a night that has not begun is refused: at breakfast, today is tonight") {
  Sandbox s;
  const auto breakfast = at("2026-11-22 08:00:00");
  const Result early = s.run({"night", "--date", "today", "--quiet"}, breakfast);
  CHECK(early.code == 2);
  CHECK(e2e::count_lines(early.err) == 1);
  CHECK(contains(early.err, "night: the night of 2026-11-22 has not begun yet"));
  CHECK(contains(early.err, "the latest is the night of 2026-11-21"));
  CHECK(s.export_json()["nights"].empty());  // nothing written
  // Last night, and tonight once its evening has come, are taken.
  s.ok({"night", "--date", "yesterday", "--quiet"}, breakfast);
  s.ok({"night", "--date", "today", "-q", "3"}, at("2026-11-22 23:00:00"));
  CHECK(s.export_json()["nights"].size() == 2);
}

TEST_CASE("e2e: night off a terminal prints the night and never blocks") {
  Sandbox s;
  s.ok({"log", "--at", "2026-11-22T02:10", "--where", "calf"});
  s.ok({"log", "--at", "2026-11-22T04:00", "--where", "foot"});
  s.ok({"night", "--sleep-quality", "2"}, at("2026-11-22 07:00:00"));
  const std::string out = s.ok({"night"}, at("2026-11-22 08:00:00"));
  CHECK(contains(out, "2 episodes logged"));
  CHECK(contains(out, "episode 1:"));
  CHECK(contains(out, "episode 2:"));
  CHECK(contains(out, "sleep 2/5"));
  CHECK_FALSE(contains(out, "Nothing"));
  CHECK_FALSE(contains(out, "How did you sleep"));
  const std::string empty = s.ok({"night", "--date", "2026-11-18"});
  CHECK(contains(empty, "no episodes logged"));
  CHECK(contains(empty, "diary night --quiet"));
}

TEST_CASE("e2e: analyze, summary and report tell nights with episodes, quiet nights and unlogged nights apart") {
  Sandbox s;
  // Week of Mon 9 Nov: episodes on the nights of 10, 11 and 15 Nov; 12 Nov quiet; 13 and
  // 14 Nov not logged.
  s.ok({"log", "--at", "2026-11-11T02:10", "-i", "5"});
  s.ok({"log", "--at", "2026-11-12T02:10", "-i", "5"});
  s.ok({"night", "--date", "2026-11-12", "--quiet"});
  s.ok({"log", "--at", "2026-11-16T02:10", "-i", "5"});

  const json a = s.json({"analyze", "--json"});
  CHECK(a["nights"] == 4);
  CHECK(a["nights_with_episodes"] == 3);
  CHECK(a["quiet_nights"] == 1);
  CHECK(a["unlogged_nights"] == 2);
  std::string text = s.ok({"analyze"});
  for (auto& c : text)
    if (c == '\n') c = ' ';  // the line is wrapped at 78 columns
  CHECK(contains(text, "3 episodes on 3 nights; 4 nights logged (3 with episodes, 1 quiet); 2 nights not logged."));

  const json w = s.json({"summary", "--week", "2026-11-10", "--json"});
  CHECK(w["figures"]["nights_logged"] == 4);
  CHECK(w["figures"]["quiet_nights"] == 1);
  CHECK(w["figures"]["unlogged_nights"] == 3);  // 9, 13 and 14 Nov
  CHECK(w["week"]["so_far"] == false);
  const std::string summary = s.ok({"summary", "--week", "2026-11-10"});
  CHECK(contains(summary, "quiet (no episodes)"));
  CHECK(contains(summary, "Nights not logged"));

  const std::string html = s.ok({"export", "report"});
  CHECK(contains(html, "4 logged (3 with episodes, 1 quiet), 2 not logged"));
}

TEST_CASE("e2e: summary without --week shows the week holding last night, so far") {
  Sandbox s;
  s.ok({"log", "--at", "2026-11-24T02:10"}, at("2026-11-28 08:00:00"));  // the night of Mon 23 Nov
  // Saturday morning: last night was Friday's, in the week of Mon 23 Nov, not over yet.
  const json w = s.json({"summary", "--json"}, at("2026-11-28 08:00:00"));
  CHECK(w["week"]["from"] == "2026-11-23");
  CHECK(w["week"]["so_far"] == true);
  CHECK(w["figures"]["nights_so_far"] == 5);
  CHECK(w["figures"]["episodes"] == 1);
  CHECK(w["figures"]["unlogged_nights"] == 4);
  CHECK(contains(s.ok({"summary"}, at("2026-11-28 08:00:00")), "So far: the week is not over"));
  // Monday morning: last night was Sunday's, the week just ended, shown whole.
  const json m = s.json({"summary", "--json"}, at("2026-11-30 08:00:00"));
  CHECK(m["week"]["from"] == "2026-11-23");
  CHECK(m["week"]["so_far"] == false);
}

TEST_CASE("e2e: a clot's signs with breathlessness say to call the country's emergency number now") {
  Sandbox s;
  const Result r = s.run({"log", "--at", "2026-11-22T02:10", "--where", "calf", "--side", "left", "--signs",
                          "swelling,warmth,short_of_breath"},
                         at("2026-11-22 07:00:00", "Europe/London"));
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.code == 0);
  CHECK(contains(r.out,
                 "Call 999 now: 1 episode with one leg swollen and warm or red together with shortness of "
                 "breath"));
  CHECK_FALSE(contains(r.out, "if you become short of breath"));
  CHECK(contains(r.out, "999 (for GB"));
  const json a = s.json({"analyze", "--json"}, at("2026-11-22 07:00:00", "Europe/London"));
  CHECK(a["red_flags"][0]["action"] == "emergency");
  CHECK(a["top_action"] == "emergency");

  // The profile's number wins over the zone's.
  s.ok({"profile", "--emergency-number", "112"});
  const std::string text = s.ok({"analyze"}, at("2026-11-22 07:00:00", "Europe/London"));
  CHECK(contains(text, "Call 112 now"));
  const Result bad = s.run({"profile", "--emergency-number", "99x"});
  CHECK(bad.code == 2);
  CHECK(contains(bad.err, "emergency_number"));
}

TEST_CASE("e2e: the morning reminder names the one command that does the check-in") {
  Sandbox s;
  s.ok({"remind", "add", "--at", "07:30", "--kind", "morning"});
  const std::string out = s.ok({"remind", "check"}, at("2026-11-22 07:31:00"));
  CHECK(contains(out, "Check in with `diary night --date 2026-11-21`"));
  CHECK_FALSE(contains(out, "--sleep-quality"));
  // Checked in (a quiet night): the prompt is answered.
  s.ok({"night", "--quiet"}, at("2026-11-22 07:32:00"));
  CHECK(s.ok({"remind", "check"}, at("2026-11-22 07:33:00")).empty());
}

TEST_CASE("e2e: the check-in takes sleep quality in a word") {
  Sandbox s;
  s.ok({"log", "--at", "2026-11-22T02:10", "--where", "calf", "-i", "6"});
  // bed, wake skipped, sleep "very good", then Ctrl-D saves.
  const Result r = s.run_pty({"night"}, "23:05\n\nvery good\n\x04", at("2026-11-22 07:30:00"));
  INFO("terminal:\n" << r.out);
  REQUIRE(r.code == 0);
  CHECK(occurrences(r.out, "How did you sleep") == 1);
  CHECK(s.json({"night", "--json"}, at("2026-11-22 07:31:00"))["sleep_quality"] == 5);
}
