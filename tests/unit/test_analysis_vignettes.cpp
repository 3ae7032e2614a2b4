// Every example diary in ../shared/vignettes gives the answer truth.json expects.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "diary/analysis/analyze.hpp"
#include "diary/diary.hpp"

namespace {

using nlohmann::json;

// A small reader of the contract's whole-diary JSON, enough for the vignettes.
diary::Instant instant(const std::string& s) {
  int Y, M, D, h, m, sec, oh = 0, om = 0;
  char sign = '+';
  if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d%c%d:%d", &Y, &M, &D, &h, &m, &sec, &sign, &oh, &om) < 6)
    throw std::runtime_error("bad instant " + s);
  using namespace std::chrono;
  const auto local = date::local_days{date::year{Y} / M / D} + hours{h} + minutes{m} + seconds{sec};
  diary::Instant i;
  i.offset = minutes{(sign == '-' ? -1 : 1) * (oh * 60 + om)};
  if (s.back() == 'Z') i.offset = minutes{0};
  i.utc = date::sys_seconds{(local - i.offset).time_since_epoch()};
  return i;
}

template <class T>
void opt(const json& j, const char* k, std::optional<T>& out) {
  if (j.contains(k) && !j[k].is_null()) out = j[k].get<T>();
}

diary::Diary load(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  const json j = json::parse(in);
  diary::Diary d;
  const auto& p = j["profile"];
  opt(p, "birth_year", d.profile.birth_year);
  opt(p, "smoking", d.profile.smoking);
  opt(p, "conditions", d.profile.conditions);
  opt(p, "medications", d.profile.medications);
  for (const auto& n : j["nights"]) {
    diary::Night x;
    int Y, M, D;
    std::sscanf(n["night"].get<std::string>().c_str(), "%d-%d-%d", &Y, &M, &D);
    x.night = date::year{Y} / M / D;
    if (n.contains("bed")) x.bed = instant(n["bed"]);
    if (n.contains("wake")) x.wake = instant(n["wake"]);
    opt(n, "sleep_quality", x.sleep_quality);
    opt(n, "exercise", x.exercise);
    opt(n, "hydration", x.hydration);
    opt(n, "caffeine_late", x.caffeine_late);
    opt(n, "alcohol", x.alcohol);
    opt(n, "new_medication", x.new_medication);
    opt(n, "daytime_walking_pain", x.daytime_walking_pain);
    opt(n, "leg_jerks_reported", x.leg_jerks_reported);
    opt(n, "note", x.note);
    d.nights.push_back(x);
  }
  for (const auto& e : j["episodes"]) {
    diary::Episode x;
    x.onset = instant(e["onset"]);
    if (e.contains("timezone")) x.onset.zone = e["timezone"];
    opt(e, "duration_min", x.duration_min);
    opt(e, "intensity", x.intensity);
    opt(e, "onset_speed", x.onset_speed);
    opt(e, "locations", x.locations);
    opt(e, "side", x.side);
    opt(e, "sensations", x.sensations);
    opt(e, "muscle_hard", x.muscle_hard);
    opt(e, "posture", x.posture);
    opt(e, "relief", x.relief);
    opt(e, "relief_effect", x.relief_effect);
    opt(e, "relief_min", x.relief_min);
    opt(e, "returned_when_still", x.returned_when_still);
    opt(e, "signs", x.signs);
    opt(e, "note", x.note);
    x.id = static_cast<std::int64_t>(d.episodes.size()) + 1;  // ids as `list` would give them
    d.episodes.push_back(x);
  }
  return d;
}

json truth() {
  std::ifstream in(std::string(DIARY_VIGNETTES_DIR) + "/truth.json");
  REQUIRE(in.good());
  return json::parse(in);
}

}  // namespace

TEST_CASE("analysis: every vignette gives its expected answer") {
  using diary::analysis::Action;
  const json t = truth();
  for (const auto& [file, want] : t.items()) {
    CAPTURE(file);
    const auto d = load(std::string(DIARY_VIGNETTES_DIR) + "/" + file);
    const auto r = diary::analysis::analyze(d.profile, d.nights, d.episodes);
    REQUIRE(!r.categories.empty());
    if (!want["expect_top1"].is_null()) CHECK(r.categories.front().id == want["expect_top1"].get<std::string>());
    for (const auto& id : want["expect_in"]) {
      bool found = false;
      for (const auto& c : r.categories) found |= c.id == id.get<std::string>();
      CHECK_MESSAGE(found, "missing category " << id);
    }
    std::set<std::string> expected, raised;
    for (const auto& f : want["expect_flags"]) expected.insert(f.get<std::string>());
    for (const auto& f : r.red_flags) raised.insert(f.id);
    CHECK(raised == expected);
    const bool urgent_top = r.categories.front().action == Action::urgent ||
                            r.categories.front().action == Action::see_doctor_soon;
    const bool urgent_any = r.top_action() == Action::urgent || r.top_action() == Action::see_doctor_soon;
    CHECK(urgent_top == want["urgent"].get<bool>());
    CHECK(urgent_any == want["urgent"].get<bool>());
    if (want["few"].get<bool>())
      for (const auto& c : r.categories) CHECK(c.level != diary::analysis::Level::strong);
    MESSAGE(file << ": " << diary::analysis::to_json(r).dump().substr(0, 0) << r.categories.front().id << " "
                 << r.categories.front().score << " " << to_string(r.categories.front().level)
                 << (r.categories.size() > 1 ? " / " + r.categories[1].id + " " + std::to_string(r.categories[1].score) : ""));
  }
}
