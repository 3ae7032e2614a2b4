// The streamed exports (json_io::DiaryWriter, fhir::BundleWriter) write exactly the bytes
// of the whole documents they replace, on the demo diary and on an empty one.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "diary/fhir.hpp"
#include "diary/json_io.hpp"

namespace {

using namespace diary;

Diary demo() {
  std::ifstream in(DIARY_EXAMPLES_DIR "/demo-diary.json");
  REQUIRE(in.good());
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  auto d = json_io::parse_diary(text, diary::clock::find_zone("Europe/Berlin"));
  for (std::size_t i = 0; i < d.episodes.size(); ++i) d.episodes[i].id = static_cast<std::int64_t>(i) + 1;
  return d;
}

std::string streamed_json(const Diary& d) {
  std::string out;
  std::size_t pieces = 0;
  json_io::DiaryWriter w([&](std::string_view piece) {
    out += piece;
    ++pieces;
  });
  w.profile(d.profile);
  w.begin_list("nights");
  for (const auto& n : d.nights) w.item(json_io::to_json(n));
  w.end_list();
  w.begin_list("episodes");
  for (const auto& e : d.episodes) w.item(json_io::to_json(e));
  w.end_list();
  w.finish();
  CHECK(pieces >= 1);
  return out;
}

std::string streamed_fhir(const Diary& d, date::sys_seconds now) {
  std::string out;
  fhir::BundleWriter w(d.profile, now, [&](std::string_view piece) { out += piece; });
  for (const auto& e : d.episodes) w.episode(e);
  w.finish();
  return out;
}

const date::sys_seconds kNow = date::sys_days{date::year{2026} / 11 / 29} + std::chrono::hours{9};

}  // namespace

TEST_CASE("streamed export json: the demo diary's bytes are the whole document's") {
  const Diary d = demo();
  REQUIRE(!d.episodes.empty());
  REQUIRE(!d.nights.empty());
  CHECK(streamed_json(d) == json_io::to_json(d).dump(1) + "\n");
}

TEST_CASE("streamed export json: an empty diary gives empty lists, as the whole document") {
  const Diary empty{};
  const std::string text = streamed_json(empty);
  CHECK(text == json_io::to_json(empty).dump(1) + "\n");
  CHECK(text.find("\"episodes\": []") != std::string::npos);
}

TEST_CASE("streamed export fhir: the demo diary's bytes are the whole bundle's") {
  const Diary d = demo();
  CHECK(streamed_fhir(d, kNow) == fhir::bundle(d.profile, d.episodes, kNow).dump(1) + "\n");
}

TEST_CASE("streamed export fhir: no episodes still gives the patient, as the whole bundle") {
  const Diary d = demo();
  CHECK(streamed_fhir(Diary{d.profile, {}, {}}, kNow) == fhir::bundle(d.profile, {}, kNow).dump(1) + "\n");
}

TEST_CASE("streamed export json: records written as text give the bytes of their trees") {
  Diary d = demo();
  Episode odd = d.episodes.front();
  odd.uuid.clear();
  odd.note = "tab\there, \"quoted\", back\\slash, line\nbreak, \x01 control, Grüße ✓";
  odd.duration_min = 1.25;
  odd.relief_min = 90.0;
  odd.open = true;
  d.episodes.push_back(odd);
  Medicine m;
  m.uuid = "1b4e28ba-2fa1-4d2e-883f-0016d3cca427";
  m.name = "Lasix \"40\"";
  m.dose = "1 tablet\n(morning)";
  d.profile.medicines.push_back(m);
  std::string out;
  json_io::DiaryWriter w([&](std::string_view piece) { out += piece; });
  w.profile(d.profile);
  w.begin_list("nights");
  for (const auto& n : d.nights) w.item(n);
  w.end_list();
  w.begin_list("episodes");
  for (const auto& e : d.episodes) w.item(e);
  w.end_list();
  w.begin_list("medicines");
  for (const auto& m : d.profile.medicines) w.item(m);
  w.end_list();
  w.finish();
  CHECK(out == json_io::to_json(d).dump(1) + "\n");
}

TEST_CASE("streamed export fhir: odd text is escaped as the tree would escape it") {
  Diary d = demo();
  Episode odd = d.episodes.front();
  odd.note = "tab\there, \"quoted\", back\\slash, line\nbreak, \x01 control, Grüße ✓";
  d.episodes.push_back(odd);
  const std::string text = streamed_fhir(d, kNow);
  const auto parsed = nlohmann::ordered_json::parse(text);
  CHECK(parsed["entry"][d.episodes.size()]["resource"]["note"][0]["text"] == *odd.note);
  CHECK(text == parsed.dump(1) + "\n");
}
