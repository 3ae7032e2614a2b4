// Issue 10 end to end: identities through export and import, idempotency keys across
// processes, episodes still going across processes, `last`, duplicates, DAY and TIME words,
// an old diary migrating, and writers never locked out by a prompt.
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "run_diary.hpp"

using e2e::contains;
using e2e::Options;
using e2e::Result;
using e2e::Sandbox;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

Options at(const char* now, const char* tz = nullptr) {
  Options o;
  o.now = now;
  if (tz) o.tz = tz;
  return o;
}

// Two same-minute episodes, one an hour later in New York (the repeated hour), a night.
void same_minute_diary(Sandbox& s) {
  s.ok({"log", "--at", "2026-11-22T02:10", "-w", "calf", "-d", "5"});
  s.ok({"log", "--at", "2026-11-22T02:10", "-w", "calf", "-d", "7"});
  s.ok({"log", "--at", "2026-11-01T01:30-04:00", "--tz", "America/New_York", "-i", "4"});
  s.ok({"night", "--date", "2026-11-21", "-q", "3"});
}

}  // namespace

TEST_CASE("e2e identity: export, import into an empty diary, export again: byte for byte") {
  Sandbox a;
  same_minute_diary(a);
  const fs::path first = a.root() / "first.json";
  a.ok({"export", "json", "-o", first.string()});
  const std::string text = e2e::read_file(first);
  CHECK(contains(text, "\"format\": \"diary/2\""));
  CHECK(json::parse(text)["episodes"].size() == 3);

  Sandbox b;
  const std::string imported = b.ok({"import", "json", first.string()});
  CHECK(contains(imported, "3 new"));
  const fs::path second = b.root() / "second.json";
  b.ok({"export", "json", "-o", second.string()});
  CHECK(e2e::read_file(second) == text);
  // Again: replaced by identity, nothing added.
  CHECK(contains(b.ok({"import", "json", first.string()}), "0 new, 3 replaced"));
  CHECK(b.json({"list", "--json"}).size() == 3);
  // The ids and uuids of list --json match the export's.
  for (const auto& e : b.json({"list", "--json"})) CHECK(e["uuid"].get<std::string>().size() == 36);
}

TEST_CASE("e2e identity: a diary/1 file imports every record, never merging two of them") {
  Sandbox s;
  const auto f = s.file("old.json", R"({"format": "diary/1", "episodes": [
      {"onset": "2026-11-22T02:10:00+01:00", "locations": ["calf"]},
      {"onset": "2026-11-22T02:10:00+01:00", "locations": ["calf"]},
      {"onset": "2026-11-22T02:10:00+01:00", "locations": ["foot"]}]})");
  CHECK(contains(s.ok({"import", "json", f.string()}), "3 new"));
  CHECK(contains(s.ok({"import", "json", f.string()}), "0 new, 0 replaced, 3 already there"));
  const json list = s.json({"list", "--json"});
  REQUIRE(list.size() == 3);
  std::set<std::string> uuids;
  for (const auto& e : list) uuids.insert(e["uuid"].get<std::string>());
  CHECK(uuids.size() == 3);
}

TEST_CASE("e2e identity: the same key from two processes at once saves one episode") {
  Sandbox s;
  s.ok({"list"});  // the diary exists before the race
  for (int round = 0; round < 3; ++round) {
    const std::string key = "tap-" + std::to_string(round);
    std::vector<e2e::Child> children;
    for (int i = 0; i < 4; ++i) children.push_back(s.start({"log", "--at", "02:10", "-w", "calf", "--key", key}));
    for (const auto& c : children) {
      const Result r = s.wait(c);
      INFO("stderr: " << r.err);
      CHECK(r.code == 0);
      CHECK_FALSE(contains(r.err, "locked"));
    }
  }
  CHECK(s.json({"list", "--json"}).size() == 3);
  const Result again = s.run({"log", "--key", "tap-0"});
  CHECK(again.code == 0);
  CHECK(contains(again.out, "Already saved with this key"));
  // A retried log whose first answer was lost still shows its warning sign.
  const auto clot = std::vector<std::string>{"log", "--key", "clot-1", "--note", "left calf swollen, hot and red"};
  CHECK(contains(s.ok(clot), "WARNING SIGN: ONE LEG SWOLLEN, WARM OR RED"));
  const std::string retried = s.ok(clot);
  CHECK(contains(retried, "Already saved with this key"));
  CHECK(contains(retried, "WARNING SIGN: ONE LEG SWOLLEN, WARM OR RED"));
  const Result bad = s.run({"log", "--key", "two words"});
  CHECK(bad.code == 2);
  CHECK(contains(bad.err, "key"));
  CHECK(e2e::count_lines(bad.err) == 1);
}

TEST_CASE("e2e identity: start, SIGKILL, then stop in a new process") {
  Sandbox s;
  s.ok({"start", "-w", "calf"}, at("2026-11-22 02:10:00"));
  // A second process killed in the middle of its work leaves the diary whole.
  const auto victim = s.start({"start", "-w", "foot"}, at("2026-11-22 02:12:00"));
  ::kill(victim.pid, SIGKILL);
  s.wait(victim);
  const json going = s.json({"list", "--json"}, at("2026-11-22 02:20:00"));
  REQUIRE(going.size() == 1);
  CHECK(going[0]["ongoing"] == true);
  CHECK_FALSE(going[0].contains("duration_min"));
  CHECK(contains(s.ok({"list"}, at("2026-11-22 02:20:00")), "ongoing"));

  const std::string out = s.ok({"stop", "-r", "stretch", "-e", "full"}, at("2026-11-22 02:35:00"));
  CHECK(contains(out, "Stopped episode"));
  const json done = s.json({"list", "--json"});
  REQUIRE(done.size() == 1);
  CHECK_FALSE(done[0].contains("ongoing"));
  CHECK(done[0]["duration_min"] == 25);
  CHECK(done[0]["relief"] == json::array({"stretch"}));
  s.ok({"check"});
}

TEST_CASE("e2e identity: a second start refuses, stop with nothing open refuses") {
  Sandbox s;
  const Result none = s.run({"stop"});
  CHECK(none.code == 2);
  CHECK(e2e::count_lines(none.err) == 1);
  CHECK(contains(none.err, "no episode is going"));
  s.ok({"start"}, at("2026-11-22 02:10:00"));
  const Result second = s.run({"start"}, at("2026-11-22 02:20:00"));
  CHECK(second.code == 2);
  CHECK(e2e::count_lines(second.err) == 1);
  CHECK(contains(second.err, "episode 1"));
  const Result dur = s.run({"start", "-d", "5"}, at("2026-11-22 02:20:00"));
  CHECK(dur.code == 2);
}

TEST_CASE("e2e identity: log, start, stop and edit --json print what the web API answers") {
  Sandbox s;
  const json logged = s.json({"log", "--at", "02:10", "-w", "calf", "-s", "left", "--signs", "swelling,warmth,redness",
                              "--key", "k-1", "--json"},
                             at("2026-11-22 07:00:00"));
  CHECK(logged["id"] == 1);
  CHECK(logged["uuid"].is_string());
  CHECK(logged["night"] == "2026-11-21");
  CHECK(logged["replayed"] == false);
  REQUIRE(logged["red_flags"].size() >= 1);
  CHECK(logged["red_flags"][0]["id"] == "dvt_signs");
  CHECK(logged["red_flags"][0]["title"] == "One leg swollen, warm or red");
  // The same key again: the same episode, replayed, the same warning.
  const json again = s.json({"log", "--at", "02:10", "--key", "k-1", "--json"}, at("2026-11-22 07:01:00"));
  CHECK(again["id"] == 1);
  CHECK(again["replayed"] == true);
  CHECK(again["red_flags"] == logged["red_flags"]);
  const json started = s.json({"start", "--at", "03:00", "--json"}, at("2026-11-22 07:02:00"));
  CHECK(started["ongoing"] == true);
  CHECK(started["red_flags"].empty());
  const json stopped = s.json({"stop", "--at", "03:20", "-r", "walk", "--json"}, at("2026-11-22 07:03:00"));
  CHECK(stopped["id"] == started["id"]);
  CHECK(stopped["duration_min"] == 20);
  CHECK_FALSE(stopped.contains("ongoing"));
  const json edited = s.json({"edit", "1", "-i", "4", "--json"}, at("2026-11-22 07:04:00"));
  CHECK(edited["intensity"] == 4);
  CHECK(edited["replayed"] == false);
}

TEST_CASE("e2e identity: a stop before the start refuses and leaves the episode going; a minute's clock slack is 0") {
  Sandbox s;
  s.ok({"start", "--at", "02:20"}, at("2026-11-22 02:25:00"));
  const Result early = s.run({"stop", "--at", "02:00"}, at("2026-11-22 02:30:00"));
  CHECK(early.code == 2);
  CHECK(e2e::count_lines(early.err) == 1);
  CHECK(contains(early.err, "at: the end given, 2026-11-22T02:00:00"));
  CHECK(contains(early.err, "before episode 1 began"));
  json going = s.json({"list", "--json"}, at("2026-11-22 02:30:00"));
  REQUIRE(going.size() == 1);
  CHECK(going[0]["ongoing"] == true);                          // nothing written
  s.ok({"stop", "--at", "02:06"}, at("2026-11-22 02:30:00"));  // a watch 14 minutes fast
  going = s.json({"list", "--json"}, at("2026-11-22 02:30:00"));
  CHECK(going[0]["duration_min"] == 0);
  CHECK_FALSE(going[0].contains("ongoing"));
}

TEST_CASE("e2e identity: an episode never stopped is kept and analysed with its duration unknown") {
  Sandbox s;
  s.ok({"start", "-w", "calf", "-i", "6"}, at("2026-11-20 02:10:00"));
  s.ok({"log", "--at", "02:10", "-w", "foot", "-d", "10"}, at("2026-11-22 07:00:00"));
  const json doc = s.export_json();
  REQUIRE(doc["episodes"].size() == 2);
  CHECK(doc["episodes"][0]["ongoing"] == true);
  const json report = s.json({"analyze", "--json"});
  CHECK(report["episodes"] == 2);
  // Stopped days later: the length must be given.
  const Result late = s.run({"stop"}, at("2026-11-23 07:00:00"));
  CHECK(late.code == 2);
  CHECK(contains(late.err, "--duration"));
  s.ok({"stop", "--duration", "20m"}, at("2026-11-23 07:00:00"));
  CHECK(s.json({"show", "last-1", "--json"})["duration_min"] == 20);
}

TEST_CASE("e2e identity: last, last-1 in edit, show and delete") {
  Sandbox s;
  s.ok({"log", "--at", "02:10", "-w", "calf"});
  s.ok({"log", "--at", "01:10", "-w", "foot"});  // created last, earlier onset
  CHECK(s.json({"show", "last", "--json"})["id"] == 2);
  CHECK(s.json({"show", "last-1", "--json"})["id"] == 1);
  s.ok({"edit", "last", "-i", "5"});
  CHECK(s.json({"show", "2", "--json"})["intensity"] == 5);
  const Result no = s.run({"delete", "last"});
  CHECK(no.code == 2);
  CHECK(contains(no.err, "--yes"));
  CHECK(contains(no.err, "foot"));  // shows what it would remove
  CHECK(contains(s.ok({"delete", "last", "--yes"}), "Deleted episode 2"));
  s.ok({"log", "--at", "03:10"});
  CHECK(s.json({"show", "last", "--json"})["id"] == 3);  // 2 is never used again
  const Result bad = s.run({"show", "last-5"});
  CHECK(bad.code == 2);
  CHECK(e2e::count_lines(bad.err) == 1);
}

TEST_CASE("e2e identity: a near duplicate is saved with one line off a terminal, asked on one") {
  Sandbox s;
  s.ok({"log", "--at", "02:10", "-w", "calf"});
  const Result r = s.run({"log", "--at", "02:15", "-w", "calf"});
  CHECK(r.code == 0);
  CHECK(e2e::count_lines(r.err) == 1);
  CHECK(contains(r.err, "episode 1"));
  CHECK(s.json({"list", "--json"}).size() == 2);
  s.ok({"log", "--at", "02:14", "-w", "foot"});  // another place: no question
  CHECK(s.json({"list", "--json"}).size() == 3);

  const Result add = s.run_pty({"log", "--at", "02:12", "-w", "calf", "-i", "8"}, "a\n");
  CHECK(add.code == 0);
  CHECK(contains(add.out, "Within 10 minutes of episode"));
  CHECK(contains(add.out, "Added to episode"));
  CHECK(s.json({"list", "--json"}).size() == 3);
  const Result cancel = s.run_pty({"log", "--at", "02:12", "-w", "calf"}, "c\n");
  CHECK(contains(cancel.out, "Nothing saved"));
  CHECK(s.json({"list", "--json"}).size() == 3);
}

TEST_CASE("e2e identity: DAY and TIME words on every command") {
  Sandbox s;
  const auto now = at("2026-11-25 08:00:00");  // a Wednesday
  // A watch two minutes fast at 02:08 means today, with a note.
  const Result ahead = s.run({"log", "--at", "2:10", "-w", "calf"}, at("2026-11-25 02:08:00"));
  CHECK(ahead.code == 0);
  CHECK(contains(ahead.err, "ahead"));
  CHECK(s.json({"show", "last", "--json"})["onset"] == "2026-11-25T02:10:00+01:00");
  s.ok({"log", "--at", "last night 2am"}, now);
  CHECK(s.json({"show", "last", "--json"})["onset"] == "2026-11-25T02:00:00+01:00");
  s.ok({"log", "--at", "0130", "-w", "foot"}, now);
  s.ok({"log", "--at", "monday 23.40", "-w", "thigh"}, now);
  CHECK(s.json({"show", "last", "--json"})["onset"] == "2026-11-23T23:40:00+01:00");
  // edit --at: within the episode's own night, days later.
  s.ok({"edit", "last", "--at", "02:40"}, at("2026-11-28 09:00:00"));
  CHECK(s.json({"show", "last", "--json"})["onset"] == "2026-11-24T02:40:00+01:00");

  s.ok({"night", "--date", "yesterday", "-q", "4"}, now);
  CHECK(s.json({"night", "--date", "2026-11-24", "--json"})["sleep_quality"] == 4);
  s.ok({"night", "--date", "last night", "--exercise", "hard"}, now);
  CHECK(s.json({"night", "--date", "tue", "--json"}, now)["exercise"] == "hard");
  CHECK(s.json({"list", "--from", "monday", "--to", "today", "--json"}, now).size() == 4);
  CHECK(s.json({"list", "--from", "yesterday", "--json"}, now).size() == 3);
  s.ok({"analyze", "--from", "last night"}, now);
  s.ok({"export", "csv", "--from", "mon"}, now);
  s.ok({"summary", "--week", "yesterday"}, now);
  s.ok({"remind", "add", "--at", "7:30am"}, now);
  CHECK(contains(s.ok({"remind", "list"}), "07:30"));
  const Result bad = s.run({"list", "--from", "next week"}, now);
  CHECK(bad.code == 2);
  CHECK(e2e::count_lines(bad.err) == 1);
  CHECK(contains(bad.err, "yesterday, last night"));
}

TEST_CASE("e2e identity: a diary made with schema 2 migrates with nothing lost") {
  Sandbox s;
  fs::create_directories(s.db().parent_path());
  {
    SQLite::Database db(s.db().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    // Schemas 001 and 002 as shipped, frozen here (in short: the columns they had).
    db.exec(R"sql(
      CREATE TABLE profile (id INTEGER PRIMARY KEY CHECK (id = 1), birth_year INTEGER, smoking TEXT,
                            conditions TEXT, medications TEXT) STRICT;
      CREATE TABLE night (night TEXT PRIMARY KEY, bed_utc INTEGER, bed_offset_min INTEGER, bed_zone TEXT,
        wake_utc INTEGER, wake_offset_min INTEGER, wake_zone TEXT, sleep_quality INTEGER, exercise TEXT,
        hydration TEXT, caffeine_late INTEGER, alcohol INTEGER, new_medication TEXT,
        daytime_walking_pain INTEGER, leg_jerks_reported INTEGER, note TEXT) STRICT;
      CREATE TABLE episode (id INTEGER PRIMARY KEY, onset_utc INTEGER NOT NULL,
        onset_offset_min INTEGER NOT NULL, timezone TEXT,
        night TEXT GENERATED ALWAYS AS (date(onset_utc + onset_offset_min * 60 - 43200, 'unixepoch')) VIRTUAL,
        duration_min ANY, intensity INTEGER, onset_speed TEXT, locations TEXT, side TEXT, sensations TEXT,
        muscle_hard INTEGER, posture TEXT, relief TEXT, relief_effect TEXT, relief_min ANY,
        returned_when_still INTEGER, signs TEXT, note TEXT,
        logged_utc INTEGER NOT NULL DEFAULT (unixepoch())) STRICT;
      CREATE INDEX episode_by_onset ON episode (onset_utc);
      CREATE INDEX episode_by_night ON episode (night);
      CREATE TABLE reminder (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, at TEXT NOT NULL,
        days INTEGER NOT NULL, zone TEXT NOT NULL, created_utc INTEGER NOT NULL DEFAULT (unixepoch())) STRICT;
      INSERT INTO profile (id, birth_year) VALUES (1, 1951);
      INSERT INTO night (night, sleep_quality) VALUES ('2026-11-21', 2);
      INSERT INTO episode (id, onset_utc, onset_offset_min, timezone, duration_min, locations, note)
        VALUES (4, unixepoch('2026-11-22 01:10:00'), 60, 'Europe/Berlin', 5, '["calf"]', 'a'),
               (7, unixepoch('2026-11-22 01:10:00'), 60, 'Europe/Berlin', 1.5, '["calf"]', 'b');
      INSERT INTO reminder (kind, at, days, zone) VALUES ('morning', '07:30', 127, 'Europe/Berlin');
      PRAGMA user_version = 2;
    )sql");
  }
  ::chmod(s.db().c_str(), 0600);
  const json list = s.json({"list", "--json"});
  REQUIRE(list.size() == 2);
  CHECK(list[0]["id"] == 4);
  CHECK(list[1]["id"] == 7);
  CHECK(list[0]["note"] == "a");
  CHECK(list[1]["duration_min"] == 1.5);
  CHECK(list[0]["uuid"] != list[1]["uuid"]);
  const json doc = s.export_json();
  CHECK(doc["profile"]["birth_year"] == 1951);
  CHECK(doc["nights"][0]["uuid"].get<std::string>().size() == 36);
  CHECK(contains(s.ok({"remind", "list"}), "07:30"));
  s.ok({"check"});
  s.ok({"delete", "7", "--yes"});
  s.ok({"log", "--at", "03:10"});
  CHECK(s.json({"show", "last", "--json"})["id"] == 8);  // 7 is never reused
}

TEST_CASE("e2e identity: writers go on while a delete waits at its prompt") {
  Sandbox s;
  s.now = "";  // the real clock: the prompt waits in real time
  s.ok({"log", "--at", "2026-11-20T02:10", "-w", "calf"});
  // The delete asks on a pseudo-terminal; the answer comes after the writers are done.
  int master = -1, slave = -1;
  REQUIRE(::openpty(&master, &slave, nullptr, nullptr, nullptr) == 0);
  const std::string db = "DIARY_DB=" + s.db().string();
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(master);
    if (::login_tty(slave) != 0) ::_exit(121);
    ::alarm(30);
    char* argv[] = {const_cast<char*>(DIARY_BIN), const_cast<char*>("delete"), const_cast<char*>("1"), nullptr};
    char* envp[] = {const_cast<char*>(db.c_str()), const_cast<char*>("TZ=Europe/Berlin"),
                    const_cast<char*>("NO_COLOR=1"), const_cast<char*>("TERM=dumb"), nullptr};
    ::execve(argv[0], argv, envp);
    ::_exit(127);
  }
  ::close(slave);
  // Wait for the question.
  std::string shown;
  char buf[512];
  while (!contains(shown, "[y/N]")) {
    const ssize_t n = ::read(master, buf, sizeof buf);
    REQUIRE(n > 0);
    shown.append(buf, static_cast<std::size_t>(n));
  }
  std::vector<e2e::Child> writers;
  for (int i = 0; i < 4; ++i) writers.push_back(s.start({"log", "--at", "2026-11-21T02:1" + std::to_string(i)}));
  for (const auto& w : writers) {
    const Result r = s.wait(w);
    INFO("stderr: " << r.err);
    CHECK(r.code == 0);
    CHECK_FALSE(contains(r.err, "locked"));
    CHECK_FALSE(contains(r.err, "busy"));
  }
  REQUIRE(::write(master, "y\n", 2) == 2);
  while (::read(master, buf, sizeof buf) > 0) {}
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(master);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(s.json({"list", "--json"}).size() == 4);
}
