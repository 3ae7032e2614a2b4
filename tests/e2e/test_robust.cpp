// End-to-end robustness: backup and check, a write that cannot complete (file size limit,
// as a full disk), SIGKILL at random moments, and writers racing a reader. Each runs the
// real `diary` binary (see run_diary.hpp).
//
// The crash test's seed, rounds and import size come from the environment, so that other
// seeds and bench/soak.sh can run it longer:
//   DIARY_CRASH_SEED (default 20261122), DIARY_CRASH_ROUNDS (30), DIARY_CRASH_EPISODES (6000)
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "run_diary.hpp"

using e2e::contains;
using e2e::Options;
using e2e::Result;
using e2e::Sandbox;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

long env_number(const char* name, long fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  return std::strtol(v, nullptr, 10);
}

// A whole-diary JSON of `n` episodes, `step` seconds apart from `first_utc` on (UTC
// seconds), each with every kind of field and `tag` in its note, plus a night for each day.
std::string generated_diary(long first_utc, int n, const std::string& tag, long step = 3600) {
  static const char* locations[] = {R"(["calf"])", R"(["foot","toes"])", R"(["calf","ankle","shin"])", "[]"};
  static const char* sensations[] = {R"(["cramp","knot"])", R"(["urge_to_move","crawling"])", R"(["burning"])"};
  static const char* sides[] = {"left", "right", "both"};
  std::string out = R"({"format": "diary/1", "profile": {"birth_year": 1951}, "nights": [)";
  const int per_day = static_cast<int>(std::max(1L, 86400 / step));
  for (int i = 0; i < n; i += per_day) {
    const long bed = first_utc + i * step;
    const auto day =
        std::chrono::floor<std::chrono::days>(std::chrono::sys_seconds{std::chrono::seconds{bed - 12 * 3600}});
    const std::chrono::year_month_day ymd{day};
    if (i) out += ',';
    out += fmt::format(R"({{"night": "{:04}-{:02}-{:02}", "sleep_quality": {}, "exercise": "light"}})",
                       static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()), 1 + i % 5);
  }
  out += R"(], "episodes": [)";
  for (int i = 0; i < n; ++i) {
    const long t = first_utc + i * step;
    const std::chrono::sys_seconds at{std::chrono::seconds{t}};
    if (i) out += ",\n";
    out += fmt::format(
        R"({{"onset": "{:%Y-%m-%dT%H:%M:%S}Z", "duration_min": {}, "intensity": {}, "locations": {}, "side": "{}", )"
        R"("sensations": {}, "muscle_hard": {}, "relief": ["stretch"], "relief_effect": "partial", "signs": [], "note": "{} {}"}})",
        at, 1 + i % 30, i % 11, locations[i % 4], sides[i % 3], sensations[i % 3], i % 2 ? "true" : "false", tag, i);
  }
  out += "]}\n";
  return out;
}

// The number of episodes whose onset lies in [from_utc, to_utc).
long episodes_between(SQLite::Database& db, long from_utc, long to_utc) {
  SQLite::Statement st(db, "SELECT count(*) FROM episode WHERE onset_utc >= ? AND onset_utc < ?");
  st.bind(1, static_cast<std::int64_t>(from_utc));
  st.bind(2, static_cast<std::int64_t>(to_utc));
  REQUIRE(st.executeStep());
  return st.getColumn(0).getInt64();
}

std::string pragma_text(SQLite::Database& db, const char* pragma) {
  std::string out;
  SQLite::Statement st(db, pragma);
  while (st.executeStep()) out += st.getColumn(0).getString() + "\n";
  return out;
}

void seed(Sandbox& s) {
  const auto f = s.file("seed.json", R"({"format": "diary/1",
    "profile": {"birth_year": 1951, "conditions": ["diabetes"]},
    "nights": [{"night": "2026-11-21", "bed": "2026-11-21T22:50:00+01:00", "sleep_quality": 3}],
    "episodes": [
      {"onset": "2026-11-21T23:40:00+01:00", "timezone": "Europe/Berlin", "intensity": 5,
       "locations": ["calf"], "sensations": ["cramp"], "posture": "side", "note": "private words"},
      {"onset": "2026-11-22T02:10:00+01:00", "timezone": "Europe/Berlin", "duration_min": 1.5,
       "locations": ["foot", "toes"], "signs": []}]})");
  s.ok({"import", "json", f.string()});
}

}  // namespace

// ---------------------------------------------------------------------------------------
// diary check

TEST_CASE("e2e robust: check passes a sound diary and exits 0") {
  Sandbox s;
  seed(s);
  s.ok({"remind", "add", "--at", "07:30"});
  const std::string out = s.ok({"check"});
  CHECK(contains(out, "sound"));
}

TEST_CASE("e2e robust: check names every value outside the vocabulary or range, and exits 1") {
  Sandbox s;
  seed(s);
  {
    // What only an outside program could write: the schema's CHECKs let these through.
    SQLite::Database db(s.db().string(), SQLite::OPEN_READWRITE);
    db.exec(R"(UPDATE episode SET posture = 'upside_down', locations = '["calf","wing"]',
               sensations = '["cramp","tickle"]' WHERE id = 1)");
    db.exec(R"(UPDATE profile SET conditions = '["diabetes","gills"]')");
    db.exec(R"(UPDATE episode SET duration_min = 99999 WHERE id = 2)");
  }
  const Result r = s.run({"check"});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.code == 1);
  CHECK(e2e::count_lines(r.err) == 1);
  CHECK(contains(r.err, "5 problems"));
  for (const char* needle : {"episode 1.posture", "upside_down", "episode 1.locations", "wing", "episode 1.sensations",
                             "tickle", "profile.conditions", "gills", "episode 2.duration_min", "99999"}) {
    INFO("stdout must mention " << needle);
    CHECK(contains(r.out, needle));
  }
  CHECK_FALSE(contains(r.out + r.err, "private words"));  // no free text in the findings
}

TEST_CASE("e2e robust: check reports a damaged file and exits 1") {
  Sandbox s;
  seed(s);
  s.ok({"import", "json", s.file("many.json", generated_diary(1577836800, 2000, "bulk")).string()});
  {
    SQLite::Database db(s.db().string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  const auto size = fs::file_size(s.db());
  REQUIRE(size > 64 * 4096);
  {
    // Scribble over a page in the middle of the file.
    std::fstream f(s.db(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2 / 4096 * 4096));
    const std::string junk(4096, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  const Result r = s.run({"check"});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.code == 1);
  CHECK(e2e::count_lines(r.err) == 1);
}

// ---------------------------------------------------------------------------------------
// diary backup

TEST_CASE("e2e robust: backup writes a 0600 copy in new 0700 folders that reads as the same diary") {
  for (const mode_t mask : {mode_t{022}, mode_t{000}}) {
    INFO("umask " << mask);
    Sandbox s;
    seed(s);
    Options o;
    o.umask = mask;
    const fs::path copy = s.root() / "backups" / "2026" / "diary-copy.db";
    const std::string out = s.ok({"backup", copy.string()}, o);
    CHECK(contains(out, "2 episodes"));
    CHECK(e2e::mode_of(copy) == 0600);
    CHECK(e2e::mode_of(copy.parent_path()) == 0700);
    CHECK(e2e::mode_of(copy.parent_path().parent_path()) == 0700);
    CHECK_FALSE(fs::exists(copy.string() + ".tmp-diary"));
    CHECK_FALSE(fs::exists(copy.string() + "-wal"));
    // The copy is a whole diary on its own.
    const json original = s.export_json();
    CHECK(s.json({"--db", copy.string(), "export", "json"}) == original);
    s.ok({"--db", copy.string(), "check"});
    // Written again over an old copy: replaced, still 0600.
    ::chmod(copy.c_str(), 0644);
    s.ok({"log", "--at", "2026-11-22T03:00", "-i", "2"});
    s.ok({"backup", copy.string()}, o);
    CHECK(e2e::mode_of(copy) == 0600);
    CHECK(s.json({"--db", copy.string(), "list", "--json"}).size() == 3);
  }
}

TEST_CASE("e2e robust: backup refuses to overwrite the diary itself") {
  Sandbox s;
  seed(s);
  const Result r = s.run({"backup", s.db().string()});
  CHECK(r.code == 2);
  CHECK(contains(r.err, "file"));
  CHECK(s.export_json()["episodes"].size() == 2);
}

TEST_CASE("e2e robust: a backup taken while others write is one consistent state") {
  Sandbox s;
  seed(s);
  SQLite::Database db(s.db().string(), SQLite::OPEN_READONLY);
  auto count = [&] { return db.execAndGet("SELECT count(*) FROM episode").getInt64(); };
  for (int round = 0; round < 4; ++round) {
    const auto before = count();
    // A big import and some logs write while the backup copies.
    const auto big = s.file("big" + std::to_string(round) + ".json",
                            generated_diary(1500000000L + round * 10'000'000L, 1500, "r" + std::to_string(round)));
    std::vector<e2e::Child> writers;
    writers.push_back(s.start({"import", "json", big.string()}));
    for (int w = 0; w < 3; ++w)
      writers.push_back(s.start({"log", "--at", fmt::format("2026-10-{:02}T0{}:15", 1 + round, 1 + w)}));
    const fs::path copy = s.root() / fmt::format("copy{}.db", round);
    const Result b = s.run({"backup", copy.string()});
    for (const auto& w : writers) {
      const Result r = s.wait(w);
      INFO("writer stderr: " << r.err);
      CHECK(r.code == 0);
    }
    INFO("backup stderr: " << b.err);
    REQUIRE(b.code == 0);
    const auto after = count();
    REQUIRE(after == before + 1500 + 3);
    SQLite::Database c(copy.string(), SQLite::OPEN_READONLY);
    CHECK(pragma_text(c, "PRAGMA integrity_check") == "ok\n");
    const auto copied = c.execAndGet("SELECT count(*) FROM episode").getInt64();
    CHECK(copied >= before);
    CHECK(copied <= after);
    // The import is one transaction: the copy holds all of it or none of it.
    const auto imported =
        c.execAndGet(fmt::format("SELECT count(*) FROM episode WHERE note LIKE 'r{} %'", round)).getInt64();
    CHECK((imported == 0 || imported == 1500));
  }
}

// ---------------------------------------------------------------------------------------
// A write that cannot complete

TEST_CASE("e2e robust: a write past the file size limit fails with one clear line, exit 1, the diary intact") {
  Sandbox s;
  seed(s);
  s.ok({"log", "--at", "2026-11-22T04:00", "-i", "3", "--note", "before the limit"});
  const json before = s.export_json();
  const auto big = s.file("big.json", generated_diary(1577836800, 5000, "big"));
  Options limited;
  limited.file_size_limit = 64 * 1024;  // ulimit -f 64

  SUBCASE("import") {
    const Result r = s.run({"import", "json", big.string()}, limited);
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.code == 1);
    CHECK(e2e::count_lines(r.err) == 1);
    CHECK(contains(r.err, "nothing was saved"));
    CHECK_FALSE(contains(r.out, "Imported"));
  }
  SUBCASE("import into a grown diary, the limit at its size") {
    s.ok({"import", "json", s.file("mid.json", generated_diary(1577836800, 400, "mid")).string()});
    Options tight;
    tight.file_size_limit = static_cast<rlim_t>(fs::file_size(s.db()));
    const Result r = s.run({"import", "json", big.string()}, tight);
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.code == 1);
    CHECK(e2e::count_lines(r.err) == 1);
    CHECK(s.json({"list", "--json"}).size() == 3 + 400);
  }
  SUBCASE("export -o") {
    s.ok({"import", "json", big.string()});
    const fs::path out = s.root() / "export.json";
    const Result r = s.run({"export", "json", "-o", out.string()}, limited);
    INFO("stderr: " << r.err);
    CHECK(r.code == 1);
    CHECK(e2e::count_lines(r.err) == 1);
    CHECK_FALSE(fs::exists(out));
    CHECK_FALSE(fs::exists(out.string() + ".tmp-diary"));
    const Result b = s.run({"backup", (s.root() / "copy.db").string()}, limited);
    CHECK(b.code == 1);
    CHECK(e2e::count_lines(b.err) == 1);
    CHECK_FALSE(fs::exists(s.root() / "copy.db"));
    CHECK_FALSE(fs::exists(s.root() / "copy.db.tmp-diary"));
  }

  // Intact and usable: sound, everything from before there, and a later write works.
  CHECK(contains(s.ok({"check"}), "sound"));
  const json after = s.export_json();
  for (const auto& e : before["episodes"]) {
    INFO("episode " << e.dump());
    CHECK(std::find(after["episodes"].begin(), after["episodes"].end(), e) != after["episodes"].end());
  }
  CHECK(contains(s.ok({"log", "--at", "2026-11-22T05:00", "-i", "1", "--note", "after the limit"}), "Saved episode"));
  CHECK(contains(s.ok({"check"}), "sound"));
}

// ---------------------------------------------------------------------------------------
// SIGKILL at random moments

TEST_CASE("e2e robust: SIGKILL at random moments loses no saved entry and no import is half there") {
  const auto seed_value = static_cast<unsigned>(env_number("DIARY_CRASH_SEED", 20261122));
  const int rounds = static_cast<int>(env_number("DIARY_CRASH_ROUNDS", 30));
  const int n = static_cast<int>(env_number("DIARY_CRASH_EPISODES", 6000));
  INFO("DIARY_CRASH_SEED=" << seed_value << " DIARY_CRASH_ROUNDS=" << rounds << " DIARY_CRASH_EPISODES=" << n);
  std::mt19937 random(seed_value);
  Sandbox s;
  s.now = "";  // the real clock, no faketime in between: the signal goes to diary itself
  s.tz = "UTC";
  seed(s);

  // Each round imports its own span of onsets (ten minutes apart, from 1990 on), so each
  // import can be counted apart; the logs go after all of them, the seed later still.
  constexpr long kStep = 600;
  const long span = static_cast<long>(n) * kStep + 86400;
  const long base = 631152000;  // 1990-01-01
  const long logs_from = base + (rounds + 1) * span + 86400;
  REQUIRE(logs_from + rounds * 7200L < 1790000000);  // September 2026: before the seed and "now"
  // One import run to the end first: how long one takes bounds the moments to kill at.
  const auto t0 = std::chrono::steady_clock::now();
  s.ok({"import", "json", s.file("first.json", generated_diary(base, n, "first", kStep)).string()});
  const auto full = std::chrono::steady_clock::now() - t0;
  const auto full_us = std::chrono::duration_cast<std::chrono::microseconds>(full).count();
  MESSAGE("one import of " << n << " episodes: " << full_us / 1000 << " ms");

  std::set<std::string> saved_notes;
  std::vector<bool> imported(static_cast<std::size_t>(rounds), false);
  int logs_killed = 0, imports_killed = 0;
  const fs::path file = s.root() / "round.json";
  for (int round = 0; round < rounds; ++round) {
    const long first = base + (round + 1) * span;
    e2e::write_file(file, generated_diary(first, n, fmt::format("round{}", round), kStep));
    struct Victim {
      e2e::Child child;
      long kill_at_us;
      std::string note;  // for logs
      Result result;
    };
    std::vector<Victim> victims;
    victims.push_back({s.start({"import", "json", file.string()}),
                       std::uniform_int_distribution<long>(0, full_us * 3 / 2)(random),
                       "",
                       {}});
    for (int w = 0; w < 2; ++w) {
      const std::string note = fmt::format("log r{} w{}", round, w);
      const long at = logs_from + round * 7200L + w * 60L;
      const std::chrono::sys_seconds when{std::chrono::seconds{at}};
      victims.push_back({s.start({"log", "--at", fmt::format("{:%Y-%m-%dT%H:%M}Z", when), "-i", "5", "--note", note}),
                         std::uniform_int_distribution<long>(0, 150'000)(random),
                         note,
                         {}});
    }
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::size_t> order(victims.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](auto a, auto b) { return victims[a].kill_at_us < victims[b].kill_at_us; });
    for (auto i : order) {
      std::this_thread::sleep_until(start + std::chrono::microseconds(victims[i].kill_at_us));
      ::kill(victims[i].child.pid, SIGKILL);  // a finished child is a zombie until waited: harmless
    }
    for (auto& v : victims) v.result = s.wait(v.child);
    for (auto& v : victims) {
      INFO("round " << round << " exit " << v.result.code << " stderr: " << v.result.err);
      CHECK((v.result.code == 0 || v.result.code == 128 + SIGKILL));
      if (v.note.empty()) {
        imports_killed += v.result.code != 0;
        imported[static_cast<std::size_t>(round)] = contains(v.result.out, "Imported");
      } else {
        logs_killed += v.result.code != 0;
        if (contains(v.result.out, "Saved episode")) saved_notes.insert(v.note);
      }
    }

    // After every round: the file is sound, and each import is all there or not at all.
    SQLite::Database db(s.db().string(), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(5000);
    REQUIRE(pragma_text(db, "PRAGMA quick_check") == "ok\n");
    const long count = episodes_between(db, first, first + span);
    INFO("round " << round << ": " << count << " of " << n << " imported episodes there");
    REQUIRE((count == 0 || count == n));
    if (imported[static_cast<std::size_t>(round)]) REQUIRE(count == n);
  }
  MESSAGE(imports_killed << " of " << rounds << " imports and " << logs_killed << " of " << 2 * rounds
                         << " logs were killed before they finished");

  SQLite::Database db(s.db().string(), SQLite::OPEN_READWRITE);
  CHECK(pragma_text(db, "PRAGMA integrity_check") == "ok\n");
  CHECK(episodes_between(db, base, base + span) == n);
  for (int round = 0; round < rounds; ++round) {
    const long first = base + (round + 1) * span;
    const long count = episodes_between(db, first, first + span);
    CHECK((count == 0 || count == n));
  }
  for (const auto& note : saved_notes) {
    INFO("a log that said \"Saved episode\" must be there: " << note);
    SQLite::Statement st(db, "SELECT count(*) FROM episode WHERE note = ?");
    st.bind(1, note);
    REQUIRE(st.executeStep());
    CHECK(st.getColumn(0).getInt() == 1);
  }
  // And diary itself still reads and writes it.
  const std::string out = s.ok({"log", "--at", "2026-11-22T02:10", "-i", "4", "--note", "after the kills"});
  CHECK(contains(out, "Saved episode"));
}

// ---------------------------------------------------------------------------------------
// Contention

TEST_CASE("e2e robust: writers racing each other and readers all succeed, none finds the diary locked") {
  Sandbox s;
  seed(s);
  s.ok({"import", "json", s.file("history.json", generated_diary(1767225600, 600, "history")).string()});
  constexpr int kRounds = 6;
  constexpr int kWriters = 5;
  std::set<std::string> notes;
  long expected = 2 + 600;
  for (int round = 0; round < kRounds; ++round) {
    std::vector<e2e::Child> writers, readers;
    for (int w = 0; w < kWriters; ++w) {
      const std::string note = fmt::format("r{}w{}", round, w);
      notes.insert(note);
      writers.push_back(s.start({"log", "--at", fmt::format("2026-11-{:02}T0{}:15", 10 + round, 1 + w), "-i",
                                 std::to_string(w), "--note", note}));
      if (w % 2 == 0) readers.push_back(s.start({"analyze", "--json"}));
    }
    readers.push_back(s.start({"list", "--json"}));
    for (const auto& child : writers) {
      const Result r = s.wait(child);
      INFO("round " << round << " writer stderr: " << r.err);
      CHECK(r.code == 0);
      CHECK_FALSE(contains(r.err, "locked"));
      CHECK_FALSE(contains(r.err, "busy"));
    }
    for (const auto& child : readers) {
      const Result r = s.wait(child);
      INFO("round " << round << " reader stderr: " << r.err);
      CHECK(r.code == 0);
      CHECK_FALSE(contains(r.err, "locked"));
      json doc;
      REQUIRE_NOTHROW(doc = json::parse(r.out));
      if (!doc.is_array()) continue;  // analyze: its document is enough
      // A reader sees one state: some of this round's writers' entries, never a torn one.
      const long seen = static_cast<long>(doc.size());
      CHECK(seen >= expected);
      CHECK(seen <= expected + kWriters);
    }
    expected += kWriters;
  }
  const json list = s.json({"list", "--json"});
  CHECK(static_cast<long>(list.size()) == expected);
  std::set<std::string> seen;
  for (const auto& e : list)
    if (e.contains("note")) seen.insert(e.at("note").get<std::string>());
  for (const auto& note : notes) CHECK(seen.count(note) == 1);
}

// ---------------------------------------------------------------------------------------
// Hostile files (cases the fuzzers found, kept as tests)

TEST_CASE("e2e robust: a JSON number too large for a double is bad input, not a crash or exit 1") {
  Sandbox s;
  seed(s);
  const json before = s.export_json();
  const auto f = s.file("huge.json",
                        R"({"format": "diary/1", "episodes": [{"onset": "2026-11-21T23:40", "duration_min": 1E400}]})");
  const Result r = s.run({"import", "json", f.string()});
  INFO("stderr: " << r.err);
  CHECK(r.code == 2);
  CHECK(e2e::count_lines(r.err) == 1);
  CHECK(contains(r.err, "json"));
  CHECK(s.export_json() == before);
}
