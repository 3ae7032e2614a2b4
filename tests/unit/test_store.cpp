// Store: round trips of every record type, merge (import) semantics and atomicity,
// schema migration and refusal of newer diaries, file permissions, WAL, and SQL-shaped text.
// Every test works in its own scratch folder; expected values are literal structures, not
// values computed by the code under test.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <date/date.h>

#include "diary/clock.hpp"
#include "diary/error.hpp"
#include "diary/json_io.hpp"
#include "diary/store.hpp"
#include "scratch_dir.hpp"

namespace fs = std::filesystem;
using diary::Diary;
using diary::Episode;
using diary::Errc;
using diary::Error;
using diary::Instant;
using diary::Night;
using diary::Profile;
using diary::Store;
using diary::Terms;
using diary::test::ScratchDir;

namespace {

using std::chrono::hours;
using std::chrono::minutes;

// Sets the process umask for one test and restores it afterwards.
struct UmaskGuard {
  mode_t old;
  explicit UmaskGuard(mode_t m) : old(::umask(m)) {}
  ~UmaskGuard() { ::umask(old); }
};

date::year_month_day ymd(int y, unsigned m, unsigned d) {
  return date::year_month_day{date::year{y}, date::month{m}, date::day{d}};
}

// The instant of wall time y-m-d h:mi seen at UTC offset `offset_min`, in zone `zone`.
Instant at(int y, unsigned mo, unsigned d, int h, int mi, int offset_min, std::string zone = "Europe/Berlin") {
  const auto utc = date::sys_days{ymd(y, mo, d)} + hours{h} + minutes{mi} - minutes{offset_min};
  return Instant{date::sys_seconds{utc}, minutes{offset_min}, std::move(zone)};
}

// An episode with every field set.
Episode full_episode() {
  Episode e;
  e.onset = at(2026, 11, 22, 1, 5, 60);
  e.duration_min = 35;
  e.intensity = 7;
  e.onset_speed = "gradual";
  e.locations = Terms{"foot", "toes"};
  e.side = "right";
  e.sensations = Terms{"burning", "deep_ache"};
  e.muscle_hard = false;
  e.posture = "flat_on_back";
  e.relief = Terms{"dangle", "stretch"};  // order matters
  e.relief_effect = "full";
  e.relief_min = 1.5;
  e.returned_when_still = false;
  e.signs = Terms{"cold_foot"};
  e.note = "woke at 1, foot cold";
  return e;
}

// A record as read back without the identity the store gave it (checked apart), so that
// it compares with the record written.
Episode plain(Episode e) {
  e.uuid.clear();
  return e;
}
Night plain(Night n) {
  n.uuid.clear();
  return n;
}
Diary plain(Diary d) {
  for (auto& e : d.episodes) e.uuid.clear();
  for (auto& n : d.nights) n.uuid.clear();
  return d;
}

Episode bare_episode(Instant onset) {
  Episode e;
  e.onset = std::move(onset);
  return e;
}

Night full_night() {
  Night n;
  n.night = ymd(2026, 11, 21);
  n.bed = at(2026, 11, 21, 22, 50, 60, "");
  n.wake = at(2026, 11, 22, 6, 40, 60, "");
  n.sleep_quality = 2;
  n.exercise = "light";
  n.hydration = "normal";
  n.caffeine_late = false;
  n.alcohol = true;
  n.new_medication = "";
  n.daytime_walking_pain = true;
  n.leg_jerks_reported = false;
  n.note = "restless";
  return n;
}

Profile full_profile() {
  Profile p;
  p.birth_year = 1951;
  p.smoking = "former";
  p.conditions = std::vector<std::string>{"diabetes", "hypertension"};
  p.medications = std::vector<std::string>{"statin"};
  return p;
}

std::string file_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  REQUIRE(in.good());
  return std::string(std::istreambuf_iterator<char>(in), {});
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// Runs `f`, which must throw diary::Error with `code`; returns the error's field.
template <class F>
std::string thrown_field(F&& f, Errc code) {
  try {
    f();
  } catch (const Error& e) {
    CHECK(e.code() == code);
    return e.field();
  }
  FAIL("expected a diary::Error");
  return {};
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Round trips

TEST_CASE("store: an episode with every field set reads back equal") {
  ScratchDir dir("store");
  Store store(dir / "d.db");
  Episode e = full_episode();
  const auto id = store.add(e);
  CHECK(id > 0);
  const auto back = store.episode(id);
  REQUIRE(back);
  e.id = id;
  CHECK(plain(*back) == e);
  CHECK(back->onset.zone == "Europe/Berlin");
  CHECK(back->onset.offset == minutes{60});
  CHECK(back->relief == Terms{"dangle", "stretch"});
}

TEST_CASE("store: absent fields stay absent, empty lists stay empty, not the same") {
  ScratchDir dir("store");
  Store store(dir / "d.db");

  const auto bare_id = store.add(bare_episode(at(2026, 11, 22, 2, 0, 60)));
  Episode empties = bare_episode(at(2026, 11, 23, 2, 0, 60));
  empties.locations = Terms{};
  empties.sensations = Terms{};
  empties.relief = Terms{};
  empties.signs = Terms{};
  empties.note = "";
  const auto empty_id = store.add(empties);

  const auto bare = store.episode(bare_id);
  REQUIRE(bare);
  CHECK_FALSE(bare->duration_min.has_value());
  CHECK_FALSE(bare->intensity.has_value());
  CHECK_FALSE(bare->onset_speed.has_value());
  CHECK_FALSE(bare->locations.has_value());
  CHECK_FALSE(bare->side.has_value());
  CHECK_FALSE(bare->sensations.has_value());
  CHECK_FALSE(bare->muscle_hard.has_value());
  CHECK_FALSE(bare->posture.has_value());
  CHECK_FALSE(bare->relief.has_value());
  CHECK_FALSE(bare->relief_effect.has_value());
  CHECK_FALSE(bare->relief_min.has_value());
  CHECK_FALSE(bare->returned_when_still.has_value());
  CHECK_FALSE(bare->signs.has_value());
  CHECK_FALSE(bare->note.has_value());

  const auto got = store.episode(empty_id);
  REQUIRE(got);
  REQUIRE(got->locations.has_value());
  CHECK(got->locations->empty());
  REQUIRE(got->sensations.has_value());
  CHECK(got->sensations->empty());
  REQUIRE(got->relief.has_value());
  CHECK(got->relief->empty());
  REQUIRE(got->signs.has_value());
  CHECK(got->signs->empty());
  REQUIRE(got->note.has_value());
  CHECK(*got->note == "");
  CHECK_FALSE(got->duration_min.has_value());

  // And in the exported JSON: absent keys are missing, [] is [].
  const auto j = diary::json_io::to_json(*got);
  CHECK(j.at("signs").dump() == "[]");
  CHECK(j.at("note") == "");
  CHECK_FALSE(j.contains("intensity"));
  const auto jb = diary::json_io::to_json(*bare);
  CHECK_FALSE(jb.contains("signs"));
  CHECK_FALSE(jb.contains("note"));
}

TEST_CASE("store: whole and fractional minutes keep their value and their JSON form") {
  ScratchDir dir("store");
  Store store(dir / "d.db");
  Episode a = bare_episode(at(2026, 11, 22, 2, 0, 60));
  a.duration_min = 1.5;
  a.relief_min = 35;
  Episode b = bare_episode(at(2026, 11, 23, 2, 0, 60));
  b.duration_min = 35;
  b.relief_min = 0.25;
  const auto ia = store.add(a);
  const auto ib = store.add(b);

  const auto ga = store.episode(ia);
  const auto gb = store.episode(ib);
  REQUIRE(ga);
  REQUIRE(gb);
  CHECK(*ga->duration_min == 1.5);
  CHECK(*ga->relief_min == 35.0);
  CHECK(*gb->duration_min == 35.0);
  CHECK(*gb->relief_min == 0.25);
  const auto ja = diary::json_io::to_json(*ga);
  const auto jb = diary::json_io::to_json(*gb);
  CHECK(ja.at("duration_min").dump() == "1.5");
  CHECK(ja.at("relief_min").dump() == "35");
  CHECK(jb.at("duration_min").dump() == "35");
  CHECK(jb.at("relief_min").dump() == "0.25");
}

TEST_CASE("store: update changes an episode in place, remove deletes it") {
  ScratchDir dir("store");
  Store store(dir / "d.db");
  const auto id = store.add(full_episode());
  const auto other = store.add(bare_episode(at(2026, 11, 20, 3, 0, 60)));

  Episode changed = *store.episode(id);
  changed.intensity = 3;
  changed.note.reset();
  changed.signs = Terms{};
  changed.onset = at(2026, 11, 22, 1, 15, 60);
  store.update(changed);
  CHECK(*store.episode(id) == changed);
  CHECK(store.episodes().size() == 2);

  SUBCASE("update of an id that does not exist is bad input on field id") {
    Episode ghost = changed;
    ghost.id = 9999;
    CHECK(thrown_field([&] { store.update(ghost); }, Errc::bad_input) == "id");
    CHECK_FALSE(store.episode(9999));
  }
  SUBCASE("an invalid update is refused and changes nothing") {
    Episode bad = changed;
    bad.intensity = 11;
    CHECK(thrown_field([&] { store.update(bad); }, Errc::bad_input) == "intensity");
    CHECK(*store.episode(id) == changed);
  }
  SUBCASE("remove") {
    CHECK(store.remove(id));
    CHECK_FALSE(store.episode(id));
    CHECK_FALSE(store.remove(id));
    REQUIRE(store.episodes().size() == 1);
    CHECK(store.episodes()[0].id == other);
  }
}

TEST_CASE("store: add refuses invalid episodes and writes nothing") {
  ScratchDir dir("store");
  Store store(dir / "d.db");
  Episode e = full_episode();

  SUBCASE("unknown term") {
    e.locations = Terms{"calf", "calfx"};
    CHECK(thrown_field([&] { store.add(e); }, Errc::bad_input) == "locations");
  }
  SUBCASE("intensity out of range") {
    e.intensity = 11;
    CHECK(thrown_field([&] { store.add(e); }, Errc::bad_input) == "intensity");
  }
  SUBCASE("negative duration") {
    e.duration_min = -5;
    CHECK(thrown_field([&] { store.add(e); }, Errc::bad_input) == "duration_min");
  }
  CHECK(store.episodes().empty());
}

TEST_CASE("store: episodes come oldest first and filter by night") {
  ScratchDir dir("store");
  Store store(dir / "d.db");
  // 02:10 on the 22nd and 23:40 on the 21st are both the night of the 21st.
  const auto late = store.add(bare_episode(at(2026, 11, 22, 2, 10, 60)));
  const auto early = store.add(bare_episode(at(2026, 11, 21, 23, 40, 60)));
  const auto next = store.add(bare_episode(at(2026, 11, 22, 23, 0, 60)));
  const auto all = store.episodes();
  REQUIRE(all.size() == 3);
  CHECK(all[0].id == early);
  CHECK(all[1].id == late);
  CHECK(all[2].id == next);
  const auto n21 = store.episodes(ymd(2026, 11, 21), ymd(2026, 11, 21));
  REQUIRE(n21.size() == 2);
  CHECK(n21[0].id == early);
  CHECK(n21[1].id == late);
  const auto from22 = store.episodes(ymd(2026, 11, 22));
  REQUIRE(from22.size() == 1);
  CHECK(from22[0].id == next);
  // The count that sizes what is built from a stream counts the same nights.
  CHECK(store.count_episodes() == 3);
  CHECK(store.count_episodes(ymd(2026, 11, 21), ymd(2026, 11, 21)) == 2);
  CHECK(store.count_episodes(ymd(2026, 11, 22)) == 1);
  CHECK(store.count_episodes(std::nullopt, ymd(2026, 11, 20)) == 0);
}

TEST_CASE("store: a night's episodes are found at the widest offsets, at its first and its last minute") {
  // A period's read also bounds onset_utc (so that SQLite walks the onset index): night N
  // holds onsets from N - 12 h (noon at +24:00) to N + 60 h (noon next day at -24:00).
  ScratchDir dir("store");
  Store store(dir / "d.db");
  const auto first = store.add(bare_episode(at(2026, 11, 21, 12, 0, 1440)));
  const auto last = store.add(bare_episode(at(2026, 11, 22, 11, 59, -1440)));
  const auto before = store.add(bare_episode(at(2026, 11, 21, 11, 59, 1440)));  // night of the 20th
  const auto after = store.add(bare_episode(at(2026, 11, 22, 12, 0, -1440)));   // night of the 22nd
  const auto ids = [](const std::vector<Episode>& eps) {
    std::vector<std::int64_t> out;
    for (const auto& e : eps) out.push_back(e.id);
    return out;
  };
  CHECK(ids(store.episodes(ymd(2026, 11, 21), ymd(2026, 11, 21))) == std::vector<std::int64_t>{first, last});
  CHECK(ids(store.episodes(ymd(2026, 11, 20), ymd(2026, 11, 20))) == std::vector<std::int64_t>{before});
  CHECK(ids(store.episodes(ymd(2026, 11, 22), ymd(2026, 11, 22))) == std::vector<std::int64_t>{after});
  CHECK(ids(store.episodes(ymd(2026, 11, 21))) == std::vector<std::int64_t>{first, last, after});
  CHECK(ids(store.episodes(std::nullopt, ymd(2026, 11, 21))) == std::vector<std::int64_t>{before, first, last});
  std::vector<std::int64_t> brief;
  store.for_each_episode_brief(ymd(2026, 11, 21), ymd(2026, 11, 21), [&](const Episode& e) { brief.push_back(e.id); });
  CHECK(brief == std::vector<std::int64_t>{first, last});
  CHECK(store.count_episodes(ymd(2026, 11, 21), ymd(2026, 11, 21)) == 2);
}

TEST_CASE("store: the last episode's night is the latest night, whatever order they were logged in") {
  ScratchDir dir("store");
  Store store(dir / "d.db");
  CHECK_FALSE(store.last_episode_night().has_value());
  store.add(bare_episode(at(2026, 11, 22, 23, 0, 60)));
  // Logged after, but 02:10 on the 22nd belongs to the night of the 21st.
  store.add(bare_episode(at(2026, 11, 22, 2, 10, 60)));
  CHECK(store.last_episode_night() == ymd(2026, 11, 22));
  store.add(bare_episode(at(2026, 11, 24, 3, 0, 60)));
  CHECK(store.last_episode_night() == ymd(2026, 11, 23));
}

// The brief read an analysis streams: every field it reads, as stored; the identity, the
// zone name, the medicine's name and `open` left out; nulls stay null, empty lists empty.
std::vector<Episode> brief(const Store& store, std::optional<date::year_month_day> from = {},
                           std::optional<date::year_month_day> to = {}) {
  std::vector<Episode> out;
  store.for_each_episode_brief(from, to, [&](const Episode& e) { out.push_back(e); });
  return out;
}

TEST_CASE("store: the brief read gives the fields an analysis reads and leaves the rest empty") {
  ScratchDir dir("store");
  Store store(dir / "d.db");
  Episode full = full_episode();
  full.relief = Terms{"medication", "stretch"};
  full.relief_medicine = "magnesium 300";
  full.onset = at(2026, 11, 22, 1, 5, 120);  // an offset other than the zone's own
  full.id = store.add(full);
  Episode empties = bare_episode(at(2026, 11, 23, 2, 0, 60));
  empties.locations = Terms{};
  empties.signs = Terms{};
  empties.id = store.add(empties);
  Episode bare = bare_episode(at(2026, 11, 24, 3, 0, 60));
  bare.open = true;
  bare.id = store.add(bare);

  const auto got = brief(store);
  REQUIRE(got.size() == 3);
  Episode want = full;
  want.uuid.clear();
  want.onset.zone.clear();
  want.relief_medicine.reset();
  CHECK(got[0] == want);
  CHECK(got[0].onset.offset == minutes{120});
  CHECK(got[0].relief == Terms{"medication", "stretch"});  // in the order written

  // Read into the same reused Episode after a full one: nothing of the first is left over.
  CHECK(got[1].id == empties.id);
  CHECK_FALSE(got[1].duration_min);
  CHECK_FALSE(got[1].note);
  CHECK_FALSE(got[1].sensations);
  REQUIRE(got[1].locations);
  CHECK(got[1].locations->empty());
  REQUIRE(got[1].signs);
  CHECK(got[1].signs->empty());
  Episode bare_want = bare;
  bare_want.uuid.clear();
  bare_want.onset.zone.clear();
  bare_want.open = false;
  CHECK(got[2] == bare_want);

  // The same nights as episodes(from, to), in the same order.
  const auto n22 = brief(store, ymd(2026, 11, 22), ymd(2026, 11, 22));
  REQUIRE(n22.size() == 1);
  CHECK(n22[0].id == empties.id);
  CHECK(brief(store, std::nullopt, ymd(2026, 11, 20)).empty());
}

TEST_CASE("store: the brief nights are the nights without their uuid") {
  ScratchDir dir("store");
  Store store(dir / "d.db");
  Night first = full_night();
  Night second;
  second.night = ymd(2026, 11, 23);
  second.note = "no bedtime, \"quoted\"";
  store.put(first);
  store.put(second);
  const auto whole = store.nights();
  REQUIRE(whole.size() == 2);
  CHECK_FALSE(whole[0].uuid.empty());
  const auto brief_nights = store.nights_brief();
  REQUIRE(brief_nights.size() == 2);
  CHECK(brief_nights[0] == plain(whole[0]));
  CHECK(brief_nights[1] == plain(whole[1]));
  CHECK(brief_nights[0] == first);
  CHECK_FALSE(brief_nights[1].bed);
  const auto one = store.nights_brief(ymd(2026, 11, 22), std::nullopt);
  REQUIRE(one.size() == 1);
  CHECK(one[0].night == ymd(2026, 11, 23));
}

TEST_CASE("store: nights upsert by date and read back") {
  ScratchDir dir("store");
  Store store(dir / "d.db");
  CHECK_FALSE(store.night(ymd(2026, 11, 21)));
  const Night n = full_night();
  store.put(n);
  REQUIRE(store.night(ymd(2026, 11, 21)));
  CHECK(plain(*store.night(ymd(2026, 11, 21))) == n);

  Night replacement;
  replacement.night = ymd(2026, 11, 21);
  replacement.exercise = "hard";
  store.put(replacement);  // whole-record replace
  CHECK(plain(*store.night(ymd(2026, 11, 21))) == replacement);
  CHECK(store.nights().size() == 1);

  Night other;
  other.night = ymd(2026, 11, 19);
  other.sleep_quality = 5;
  store.put(other);
  const auto all = store.nights();
  REQUIRE(all.size() == 2);
  CHECK(plain(all[0]) == other);  // by date
  CHECK(plain(all[1]) == replacement);
  CHECK(store.nights(ymd(2026, 11, 20)).size() == 1);

  Night bad = full_night();
  bad.sleep_quality = 6;
  CHECK(thrown_field([&] { store.put(bad); }, Errc::bad_input) == "sleep_quality");
  Night backwards = full_night();
  backwards.wake = at(2026, 11, 21, 21, 0, 60, "");
  CHECK(thrown_field([&] { store.put(backwards); }, Errc::bad_input) == "wake");
  CHECK(plain(*store.night(ymd(2026, 11, 21))) == replacement);
}

TEST_CASE("store: nights_with_text reads the nights of the period that have words, whole") {
  ScratchDir dir("store");
  Store store(dir / "d.db");
  Night noted = full_night();  // a note and a new medicine
  store.put(noted);
  Night plain_night;
  plain_night.night = ymd(2026, 11, 20);
  plain_night.sleep_quality = 2;
  store.put(plain_night);
  Night medicine;
  medicine.night = ymd(2026, 11, 18);
  medicine.new_medication = "started simvastatin";
  store.put(medicine);
  Night note_only;
  note_only.night = ymd(2026, 11, 10);
  note_only.note = "calf swollen";
  store.put(note_only);

  const auto all = store.nights_with_text(std::nullopt, std::nullopt);
  REQUIRE(all.size() == 3);  // oldest first, the night without words left out
  CHECK(plain(all[0]) == note_only);
  CHECK(plain(all[1]) == medicine);
  CHECK(plain(all[2]) == noted);
  const auto some = store.nights_with_text(ymd(2026, 11, 11), ymd(2026, 11, 20));
  REQUIRE(some.size() == 1);
  CHECK(plain(some[0]) == medicine);
}

TEST_CASE("store: profile put and get") {
  ScratchDir dir("store");
  Store store(dir / "d.db");
  CHECK(store.profile() == Profile{});
  store.put(full_profile());
  CHECK(store.profile() == full_profile());

  Profile empties;
  empties.conditions = std::vector<std::string>{};
  empties.medications = std::vector<std::string>{};
  store.put(empties);
  CHECK(store.profile() == empties);

  Profile bad = full_profile();
  bad.smoking = "sometimes";
  CHECK(thrown_field([&] { store.put(bad); }, Errc::bad_input) == "smoking");
  CHECK(store.profile() == empties);
}

TEST_CASE("store: load returns exactly what was put, and survives reopening") {
  ScratchDir dir("store");
  const auto file = dir / "d.db";
  Diary expected;
  {
    Store store(file);
    store.put(full_profile());
    Night later = full_night();
    later.night = ymd(2026, 11, 22);
    later.bed.reset();
    later.wake.reset();
    store.put(later);
    store.put(full_night());
    Episode second = full_episode();
    Episode first = bare_episode(at(2026, 11, 21, 23, 40, 60));
    first.signs = Terms{};
    second.id = store.add(second);
    first.id = store.add(first);
    expected.profile = full_profile();
    expected.nights = {full_night(), later};
    expected.episodes = {first, second};
    CHECK(plain(store.load()) == expected);
  }
  Store reopened(file);
  CHECK(plain(reopened.load()) == expected);
}

TEST_CASE("store: a write transaction that is not committed leaves nothing behind") {
  ScratchDir dir("store");
  Store store(dir / "d.db");
  {
    auto tx = store.write();
    store.add(full_episode());
    store.put(full_profile());
  }
  CHECK(store.episodes().empty());
  CHECK(store.profile() == Profile{});
  {
    auto tx = store.write();
    store.add(full_episode());
    tx.commit();
  }
  CHECK(store.episodes().size() == 1);
}

// ---------------------------------------------------------------------------------------
// Merge

TEST_CASE("store: merge replaces nights by date, episodes by uuid, profile field by field") {
  ScratchDir dir("store");
  Store store(dir / "d.db");
  Profile p;
  p.birth_year = 1951;
  p.smoking = "never";
  store.put(p);
  store.put(full_night());                               // 2026-11-21, with bed and wake
  Episode x = full_episode();                            // 2026-11-22 01:05 +01:00
  Episode y = bare_episode(at(2026, 11, 20, 3, 0, 60));  // 2026-11-20 02:00Z
  x.id = store.add(x);
  y.id = store.add(y);
  x.uuid = store.episode(x.id)->uuid;  // made by the store
  y.uuid = store.episode(y.id)->uuid;

  Diary incoming;
  incoming.profile.smoking = "current";
  incoming.profile.conditions = std::vector<std::string>{"diabetes"};
  Night n21;  // same date: the whole record replaces the stored one
  n21.night = ymd(2026, 11, 21);
  n21.exercise = "hard";
  Night n23;
  n23.night = ymd(2026, 11, 23);
  n23.sleep_quality = 4;
  incoming.nights = {n21, n23};
  Episode x2 = bare_episode(x.onset);  // x's identity
  x2.uuid = x.uuid;
  x2.intensity = 2;
  Episode y2 = bare_episode(at(2026, 11, 20, 2, 0, 0, ""));  // y's identity, written in UTC
  y2.uuid = y.uuid;
  y2.note = "same moment, other offset";
  Episode z = bare_episode(at(2026, 11, 24, 4, 0, 60));
  z.side = "left";
  incoming.episodes = {x2, y2, z};

  const auto report = store.merge(incoming);
  CHECK(report.episodes_added == 1);
  CHECK(report.episodes_replaced == 2);
  CHECK(report.nights_added == 1);
  CHECK(report.nights_replaced == 1);
  CHECK(report.profile_changed);
  CHECK(report.episodes == 3);

  Profile want_profile;
  want_profile.birth_year = 1951;  // not in the file: kept
  want_profile.smoking = "current";
  want_profile.conditions = std::vector<std::string>{"diabetes"};
  CHECK(store.profile() == want_profile);

  CHECK(plain(*store.night(ymd(2026, 11, 21))) == n21);
  CHECK(plain(*store.night(ymd(2026, 11, 23))) == n23);

  const auto all = store.episodes();
  REQUIRE(all.size() == 3);
  x2.id = x.id;
  y2.id = y.id;
  // z is the one added: neither x's id nor y's.
  CHECK(all[2].id != x.id);
  CHECK(all[2].id != y.id);
  z.id = all[2].id;
  z.uuid = all[2].uuid;
  CHECK(z.uuid.size() == 36);
  CHECK(all[0] == y2);
  CHECK(all[1] == x2);  // the file's record wins entirely: x's other fields are gone
  CHECK(all[2] == z);

  SUBCASE("merging the same diary again replaces and adds nothing") {
    const auto again = store.merge(incoming);
    CHECK(again.episodes_added == 0);
    CHECK(again.episodes_replaced == 2);   // by uuid
    CHECK(again.episodes_unchanged == 1);  // z has no uuid in the file, and is there unchanged
    CHECK(again.nights_added == 0);
    CHECK_FALSE(again.profile_changed);
    CHECK(store.episodes().size() == 3);
  }
}

TEST_CASE("store: merge is all or nothing") {
  ScratchDir dir("store");
  Store store(dir / "d.db");
  store.put(full_profile());
  store.put(full_night());
  store.add(full_episode());
  store.add(bare_episode(at(2026, 11, 19, 1, 0, 60)));
  const Diary before = store.load();

  Diary incoming;
  incoming.profile.smoking = "current";
  Night fresh;
  fresh.night = ymd(2026, 11, 25);
  fresh.exercise = "none";
  incoming.nights = {fresh};
  Episode ok = bare_episode(at(2026, 11, 26, 2, 0, 60));
  Episode replaces = bare_episode(full_episode().onset);
  replaces.intensity = 1;

  SUBCASE("an invalid episode in the middle") {
    Episode bad = bare_episode(at(2026, 11, 27, 2, 0, 60));
    bad.intensity = 11;
    incoming.episodes = {ok, bad, replaces};
    CHECK(thrown_field([&] { store.merge(incoming); }, Errc::bad_input) == "intensity");
  }
  SUBCASE("an invalid night") {
    Night bad = fresh;
    bad.night = ymd(2026, 11, 28);
    bad.hydration = "soaked";
    incoming.nights.push_back(bad);
    incoming.episodes = {ok, replaces};
    CHECK(thrown_field([&] { store.merge(incoming); }, Errc::bad_input) == "hydration");
  }
  SUBCASE("an invalid profile") {
    incoming.profile.medications = std::vector<std::string>{"statin", "aspirin"};
    incoming.episodes = {ok, replaces};
    CHECK(thrown_field([&] { store.merge(incoming); }, Errc::bad_input) == "medications");
  }
  SUBCASE("a record the database itself refuses, after others were written") {
    // Passes field validation but breaks the schema's CHECK on the offset, so the failure
    // comes from SQLite in the middle of the merge: the transaction must roll back.
    Episode odd = bare_episode(at(2026, 11, 27, 2, 0, 60));
    odd.onset.offset = minutes{2000};
    incoming.episodes = {ok, replaces, odd};
    CHECK_THROWS_AS(store.merge(incoming), Error);
  }
  CHECK(store.load() == before);
}

// ---------------------------------------------------------------------------------------
// Migration

namespace {

// Schema version 1 as shipped (schema/001_init.sql), frozen here on purpose: diaries in
// the wild have this shape, and every later migration must still open them intact.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE profile (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  birth_year  INTEGER CHECK (birth_year BETWEEN 1900 AND 2100),
  smoking     TEXT CHECK (smoking IN ('never', 'former', 'current')),
  conditions  TEXT CHECK (conditions IS NULL OR (json_valid(conditions) AND json_type(conditions) = 'array')),
  medications TEXT CHECK (medications IS NULL OR (json_valid(medications) AND json_type(medications) = 'array'))
) STRICT;
CREATE TABLE night (
  night                TEXT PRIMARY KEY CHECK (date(night) IS night),
  bed_utc              INTEGER,
  bed_offset_min       INTEGER CHECK (bed_offset_min BETWEEN -1440 AND 1440),
  bed_zone             TEXT,
  wake_utc             INTEGER,
  wake_offset_min      INTEGER CHECK (wake_offset_min BETWEEN -1440 AND 1440),
  wake_zone            TEXT,
  sleep_quality        INTEGER CHECK (sleep_quality BETWEEN 1 AND 5),
  exercise             TEXT CHECK (exercise IN ('none', 'light', 'moderate', 'hard')),
  hydration            TEXT CHECK (hydration IN ('low', 'normal')),
  caffeine_late        INTEGER CHECK (caffeine_late IN (0, 1)),
  alcohol              INTEGER CHECK (alcohol IN (0, 1)),
  new_medication       TEXT,
  daytime_walking_pain INTEGER CHECK (daytime_walking_pain IN (0, 1)),
  leg_jerks_reported   INTEGER CHECK (leg_jerks_reported IN (0, 1)),
  note                 TEXT,
  CHECK ((bed_utc IS NULL) = (bed_offset_min IS NULL)),
  CHECK ((wake_utc IS NULL) = (wake_offset_min IS NULL))
) STRICT;
CREATE TABLE episode (
  id                  INTEGER PRIMARY KEY,
  onset_utc           INTEGER NOT NULL,
  onset_offset_min    INTEGER NOT NULL CHECK (onset_offset_min BETWEEN -1440 AND 1440),
  timezone            TEXT,
  night               TEXT GENERATED ALWAYS AS
                        (date(onset_utc + onset_offset_min * 60 - 43200, 'unixepoch')) VIRTUAL,
  duration_min        ANY CHECK (duration_min IS NULL OR (typeof(duration_min) IN ('integer', 'real') AND duration_min >= 0)),
  intensity           INTEGER CHECK (intensity BETWEEN 0 AND 10),
  onset_speed         TEXT CHECK (onset_speed IN ('sudden', 'gradual')),
  locations           TEXT CHECK (locations IS NULL OR (json_valid(locations) AND json_type(locations) = 'array')),
  side                TEXT CHECK (side IN ('left', 'right', 'both')),
  sensations          TEXT CHECK (sensations IS NULL OR (json_valid(sensations) AND json_type(sensations) = 'array')),
  muscle_hard         INTEGER CHECK (muscle_hard IN (0, 1)),
  posture             TEXT,
  relief              TEXT CHECK (relief IS NULL OR (json_valid(relief) AND json_type(relief) = 'array')),
  relief_effect       TEXT CHECK (relief_effect IN ('full', 'partial', 'none')),
  relief_min          ANY CHECK (relief_min IS NULL OR (typeof(relief_min) IN ('integer', 'real') AND relief_min >= 0)),
  returned_when_still INTEGER CHECK (returned_when_still IN (0, 1)),
  signs               TEXT CHECK (signs IS NULL OR (json_valid(signs) AND json_type(signs) = 'array')),
  note                TEXT,
  logged_utc          INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;
CREATE INDEX episode_by_onset ON episode (onset_utc);
CREATE INDEX episode_by_night ON episode (night);
)sql";

int user_version(const fs::path& file) {
  SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
  return db.execAndGet("PRAGMA user_version").getInt();
}

std::vector<std::string> table_names(const fs::path& file) {
  SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
  SQLite::Statement st(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  std::vector<std::string> out;
  while (st.executeStep()) out.push_back(st.getColumn(0).getString());
  return out;
}

bool has_table(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

TEST_CASE("store: a version-0 diary with no tables is migrated to the latest schema") {
  ScratchDir dir("store");
  const auto file = dir / "old.db";
  SUBCASE("a real SQLite file with user_version 0") {
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE scratch (x); DROP TABLE scratch; PRAGMA user_version = 0;");
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() != "wal");
  }
  SUBCASE("an empty (zero-byte) file") {
    std::ofstream(file).close();
    REQUIRE(fs::file_size(file) == 0);
  }
  ::chmod(file.c_str(), 0600);
  REQUIRE(user_version(file) == 0);
  REQUIRE(table_names(file).empty());
  {
    Store store(file);
    CHECK(store.schema_version() == Store::latest_version());
    CHECK(Store::latest_version() >= 1);
    const auto id = store.add(full_episode());
    CHECK(store.episode(id));
  }
  CHECK(user_version(file) == Store::latest_version());
  const auto names = table_names(file);
  CHECK(has_table(names, "episode"));
  CHECK(has_table(names, "night"));
  CHECK(has_table(names, "profile"));
  // Opening again is a no-op.
  Store again(file);
  CHECK(again.schema_version() == Store::latest_version());
  CHECK(again.episodes().size() == 1);
}

TEST_CASE("store: a version-1 diary written by hand opens with its rows intact") {
  ScratchDir dir("store");
  const auto file = dir / "v1.db";
  {
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(kSchemaV1);
    // Instants as SQL unixepoch() of their UTC wall time, so the rows read like the spec.
    db.exec(R"sql(
      INSERT INTO profile (id, birth_year, smoking, conditions, medications)
        VALUES (1, 1951, 'former', '["diabetes"]', '[]');
      INSERT INTO night (night, bed_utc, bed_offset_min, bed_zone, wake_utc, wake_offset_min, wake_zone,
                         sleep_quality, exercise, hydration, caffeine_late, alcohol, new_medication,
                         daytime_walking_pain, leg_jerks_reported, note)
        VALUES ('2026-11-21', unixepoch('2026-11-21 21:50:00'), 60, NULL,
                unixepoch('2026-11-22 05:40:00'), 60, NULL, 2, 'light', 'normal', 0, 1, '', 1, 0, 'n');
      INSERT INTO episode (id, onset_utc, onset_offset_min, timezone, duration_min, intensity, onset_speed,
                           locations, side, sensations, muscle_hard, posture, relief, relief_effect,
                           relief_min, returned_when_still, signs, note)
        VALUES (7, unixepoch('2026-11-22 00:05:00'), 60, 'Europe/Berlin', 35, 7, 'gradual',
                '["foot","toes"]', 'right', '["burning","deep_ache"]', 0, 'flat_on_back', '["dangle"]',
                'full', 1.5, 0, '["cold_foot"]', 'old row');
      INSERT INTO episode (id, onset_utc, onset_offset_min, timezone)
        VALUES (9, unixepoch('2026-11-01 05:30:00'), -240, 'America/New_York');
      PRAGMA user_version = 1;
    )sql");
  }
  ::chmod(file.c_str(), 0600);
  Store store(file);
  CHECK(store.schema_version() == Store::latest_version());

  Profile want_profile;
  want_profile.birth_year = 1951;
  want_profile.smoking = "former";
  want_profile.conditions = std::vector<std::string>{"diabetes"};
  want_profile.medications = std::vector<std::string>{};
  CHECK(store.profile() == want_profile);

  Night want_night;
  want_night.night = ymd(2026, 11, 21);
  want_night.bed = at(2026, 11, 21, 22, 50, 60, "");
  want_night.wake = at(2026, 11, 22, 6, 40, 60, "");
  want_night.sleep_quality = 2;
  want_night.exercise = "light";
  want_night.hydration = "normal";
  want_night.caffeine_late = false;
  want_night.alcohol = true;
  want_night.new_medication = "";
  want_night.daytime_walking_pain = true;
  want_night.leg_jerks_reported = false;
  want_night.note = "n";
  REQUIRE(store.night(ymd(2026, 11, 21)));
  CHECK(plain(*store.night(ymd(2026, 11, 21))) == want_night);

  Episode want7;
  want7.id = 7;
  want7.onset = at(2026, 11, 22, 1, 5, 60);
  want7.duration_min = 35;
  want7.intensity = 7;
  want7.onset_speed = "gradual";
  want7.locations = Terms{"foot", "toes"};
  want7.side = "right";
  want7.sensations = Terms{"burning", "deep_ache"};
  want7.muscle_hard = false;
  want7.posture = "flat_on_back";
  want7.relief = Terms{"dangle"};
  want7.relief_effect = "full";
  want7.relief_min = 1.5;
  want7.returned_when_still = false;
  want7.signs = Terms{"cold_foot"};
  want7.note = "old row";
  Episode want9;
  want9.id = 9;
  want9.onset = at(2026, 11, 1, 1, 30, -240, "America/New_York");

  const auto all = store.episodes();
  REQUIRE(all.size() == 2);
  CHECK(plain(all[0]) == want9);
  CHECK(plain(all[1]) == want7);
  CHECK(all[0].night() == ymd(2026, 10, 31));
  CHECK(all[1].night() == ymd(2026, 11, 21));
  // Migration 003 gave every row its own identity.
  CHECK(all[0].uuid.size() == 36);
  CHECK(all[1].uuid.size() == 36);
  CHECK(all[0].uuid != all[1].uuid);
  CHECK(store.night(ymd(2026, 11, 21))->uuid.size() == 36);
  // The migrated diary takes new writes, and ids go on from the old ones.
  CHECK(store.add(bare_episode(at(2026, 11, 23, 2, 0, 60))) > 9);
}

TEST_CASE("store: a diary from a newer version is refused and left byte for byte untouched") {
  ScratchDir dir("store");
  const auto file = dir / "new.db";
  const int newer = Store::latest_version() + 1;
  {
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE episode (id INTEGER PRIMARY KEY, future_column TEXT)");
    db.exec("INSERT INTO episode (future_column) VALUES ('from the future')");
    db.exec("PRAGMA user_version = " + std::to_string(newer));
    SUBCASE("in rollback-journal mode") {}
    SUBCASE("already in WAL mode") { CHECK(db.execAndGet("PRAGMA journal_mode = WAL").getString() == "wal"); }
  }
  ::chmod(file.c_str(), 0600);
  const std::string before = file_bytes(file);
  const auto files_before = std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator{});

  try {
    Store store(file);
    FAIL("a newer diary was opened");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::failure);
    CHECK(std::string(e.what()).find("newer") != std::string::npos);
  }
  CHECK(file_bytes(file) == before);
  // No -wal or -shm left beside it (counted before a read-only look, which may leave them).
  CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator{}) == files_before);
  CHECK(user_version(file) == newer);
}

// ---------------------------------------------------------------------------------------
// Files

TEST_CASE("store: a new diary in new nested folders is 0600 in 0700 folders, even with umask 0") {
  ScratchDir dir("store");
  ::chmod(dir.path().c_str(), 0755);  // an existing folder: must be left as it is
  const auto file = dir / "a" / "b" / "c" / "diary.db";
  {
    UmaskGuard guard(0);
    Store store(file);
    store.add(full_episode());  // makes SQLite create its -wal and -shm files too
    CHECK(mode_of(file) == 0600);
    if (fs::exists(file.string() + "-wal")) CHECK(mode_of(file.string() + "-wal") == 0600);
    if (fs::exists(file.string() + "-shm")) CHECK(mode_of(file.string() + "-shm") == 0600);
  }
  CHECK(mode_of(file) == 0600);
  CHECK(mode_of(dir / "a") == 0700);
  CHECK(mode_of(dir.path() / "a" / "b") == 0700);
  CHECK(mode_of(dir.path() / "a" / "b" / "c") == 0700);
  CHECK(mode_of(dir.path()) == 0755);
}

TEST_CASE("store: the diary is in WAL mode") {
  ScratchDir dir("store");
  const auto file = dir / "d.db";
  {
    Store store(file);
    store.add(full_episode());
  }
  SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
}

TEST_CASE("store: SQL-shaped text is stored verbatim") {
  ScratchDir dir("store");
  const auto file = dir / "d.db";
  const std::string evil = "'); DROP TABLE episode; --";
  const std::string evil2 = "\"; DELETE FROM night WHERE 1=1; SELECT '";
  std::int64_t id = 0;
  {
    Store store(file);
    Episode e = full_episode();
    e.note = evil;
    id = store.add(e);
    Night n = full_night();
    n.note = evil2;
    n.new_medication = evil;
    store.put(n);
  }
  Store store(file);
  REQUIRE(store.episode(id));
  CHECK(*store.episode(id)->note == evil);
  REQUIRE(store.night(ymd(2026, 11, 21)));
  CHECK(*store.night(ymd(2026, 11, 21))->note == evil2);
  CHECK(*store.night(ymd(2026, 11, 21))->new_medication == evil);
  CHECK(store.episodes().size() == 1);
  const auto names = table_names(file);
  CHECK(has_table(names, "episode"));
  CHECK(has_table(names, "night"));
}

TEST_CASE("store: streamed episodes carry their night's bedtime, an episode out of night order too") {
  ScratchDir dir("store");
  Store store(dir / "d.db");
  for (const auto& [day, hour] : {std::pair{20u, 22}, {21u, 23}, {23u, 21}}) {
    Night n;
    n.night = ymd(2026, 11, day);
    n.bed = at(2026, 11, day, hour, 0, 60, "");
    store.put(n);
  }
  Night no_bed;  // a night without a bedtime gives none
  no_bed.night = ymd(2026, 11, 22);
  no_bed.sleep_quality = 3;
  store.put(no_bed);
  store.add(bare_episode(at(2026, 11, 21, 1, 0, 60)));  // night 20
  store.add(bare_episode(at(2026, 11, 22, 2, 0, 60)));  // night 21 (01:00 UTC on the 22nd)
  // Later in UTC (01:30 on the 22nd) but on night 20, far west: after night 21's episode.
  store.add(bare_episode(at(2026, 11, 21, 11, 30, -840)));
  store.add(bare_episode(at(2026, 11, 23, 1, 0, 60)));  // night 22: no bedtime
  store.add(bare_episode(at(2026, 11, 24, 1, 0, 60)));  // night 23
  const auto beds = [&](std::optional<date::year_month_day> from, std::optional<date::year_month_day> to) {
    std::vector<std::string> out;
    auto tx = store.read();
    store.for_each_episode(from, to, [&](const Episode& e, const Instant* bed) {
      out.push_back(diary::clock::format_day(e.night()) + " " +
                    (bed ? diary::clock::format_rfc3339(*bed) : std::string("none")));
    });
    tx.commit();
    return out;
  };
  CHECK(beds(std::nullopt, std::nullopt) == std::vector<std::string>{
                                                "2026-11-20 2026-11-20T22:00:00+01:00",
                                                "2026-11-21 2026-11-21T23:00:00+01:00",
                                                "2026-11-20 2026-11-20T22:00:00+01:00",
                                                "2026-11-22 none",
                                                "2026-11-23 2026-11-23T21:00:00+01:00",
                                            });
  CHECK(beds(ymd(2026, 11, 21), ymd(2026, 11, 22)) ==
        std::vector<std::string>{"2026-11-21 2026-11-21T23:00:00+01:00", "2026-11-22 none"});
}

TEST_CASE("store: nights streamed one by one are the nights read whole") {
  ScratchDir dir("store");
  Store store(dir / "d.db");
  Night a = full_night(), b;
  b.night = ymd(2026, 11, 19);
  b.bed = at(2026, 11, 19, 23, 10, 60, "");
  b.note = "a second night";
  store.put(a);
  store.put(b);
  std::vector<Night> streamed;
  store.for_each_night(std::nullopt, std::nullopt, [&](const Night& n) { streamed.push_back(n); });
  CHECK(streamed == store.nights());
  REQUIRE(streamed.size() == 2);
  CHECK(streamed[0].night == ymd(2026, 11, 19));
  streamed.clear();
  store.for_each_night(ymd(2026, 11, 20), std::nullopt, [&](const Night& n) { streamed.push_back(n); });
  REQUIRE(streamed.size() == 1);
  CHECK(plain(streamed[0]) == plain(a));
}
