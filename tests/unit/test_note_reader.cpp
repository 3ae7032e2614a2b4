// The note reader phrase by phrase: the lexicon's words, negation and uncertainty (NegEx),
// side words and misspellings. The phrases are the ones people write (issue 13 and the
// articles behind docs/CLINICAL.md).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "lexicon.hpp"
#include "note_reader.hpp"

namespace {

using diary::analysis::detail::Field;
using diary::analysis::detail::read_note;
using diary::analysis::detail::Status;
using diary::analysis::detail::within_one_edit;

// "signs:swelling" for every fact read with `status`.
std::vector<std::string> read(std::string_view text, Status status = Status::affirmed) {
  std::vector<std::string> out;
  for (const auto& f : read_note(text))
    if (f.status == status)
      out.push_back(std::string(diary::analysis::detail::field_name(f.field)) + ":" + std::string(f.term));
  return out;
}

bool has(const std::vector<std::string>& v, std::string_view s) {
  for (const auto& x : v)
    if (x == s) return true;
  return false;
}

struct Case {
  const char* text;
  std::vector<const char*> affirmed;      // must be read as facts
  std::vector<const char*> not_affirmed;  // must not be read as facts (negated, hypothetical or absent)
};

}  // namespace

TEST_CASE("note reader: lay phrases map to the vocabulary's terms") {
  const std::vector<Case> cases = {
      {"left calf swollen, hot and red this morning",
       {"signs:swelling", "signs:warmth", "signs:redness", "locations:calf", "side:left"},
       {}},
      {"woke with tight chest and short of breath",
       {"signs:chest_pain", "signs:short_of_breath"},
       {"sensations:tightness"}},
      {"can't catch my breath", {"signs:short_of_breath"}, {}},
      {"numb between the legs and wet myself", {"signs:saddle_numbness", "signs:bladder_bowel_change"}, {}},
      {"numb down below", {"signs:saddle_numbness"}, {}},
      {"pins and needles in my bottom and peeing myself", {"signs:saddle_numbness", "signs:bladder_bowel_change"}, {}},
      {"gangrene on toe", {"signs:sore_or_ulcer"}, {}},
      {"foot only eased hanging it over the bed edge", {"relief:dangle", "locations:foot"}, {}},
      {"hung my foot off the bed and it helped", {"relief:dangle"}, {}},
      {"hung foot off bed helped", {"relief:dangle"}, {}},
      {"toes cold and white", {"signs:cold_foot", "signs:pale_skin"}, {}},
      {"ants crawling in my legs, had to get up and walk",
       {"sensations:crawling", "sensations:urge_to_move", "relief:walk"},
       {}},
      {"charley horse in the right calf", {"sensations:cramp", "locations:calf", "side:right"}, {}},
      {"pins and needles in both feet", {"sensations:pins_and_needles", "locations:foot", "side:both"}, {}},
      {"burning in both feet again all night", {"sensations:burning", "side:both", "locations:foot"}, {}},
      {"like soda fizzing in my calves", {"sensations:fizzing", "locations:calf"}, {}},
      {"rock hard calf, stretched it out", {"muscle_hard:yes", "relief:stretch"}, {}},
      {"came back as soon as I lay down", {"returned_when_still:yes"}, {}},
      {"shooting down the back of my leg, better curled up",
       {"sensations:shooting", "locations:back_of_leg", "relief:fetal_position"},
       {}},
      {"eased by sitting up and bending forward", {"relief:sit_up", "relief:bend_forward"}, {}},
      {"a sore on my big toe that won't heal", {"signs:sore_or_ulcer"}, {}},
      {"calf a bit sore this morning", {"sensations:soreness"}, {"signs:sore_or_ulcer"}},
      {"hot water bottle helped", {"relief:heat"}, {"signs:warmth"}},
      {"stretching didn't help", {"relief:stretch", "relief_effect:none"}, {}},
      {"pain in the chest and difficulty breathing", {"signs:chest_pain", "signs:short_of_breath"}, {}},
      {"chest felt tight", {"signs:chest_pain"}, {}},
      {"warm to touch", {"signs:warmth"}, {}},
      {"only relief was to hang my leg out of bed", {"relief:dangle"}, {}},
      {"foot freezing and toes went black", {"signs:cold_foot", "signs:dark_skin"}, {}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const auto got = read(c.text);
    for (auto want : c.affirmed) {
      CAPTURE(want);
      CHECK(has(got, want));
    }
    for (auto unwanted : c.not_affirmed) {
      CAPTURE(unwanted);
      CHECK_FALSE(has(got, unwanted));
    }
  }
}

TEST_CASE("note reader: negated phrases are read as negated, never as facts") {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"no swelling", "signs:swelling"},
      {"not red", "signs:redness"},
      {"denies chest pain", "signs:chest_pain"},
      {"swelling gone", "signs:swelling"},
      {"swelling has gone down", "signs:swelling"},
      {"without any swelling or redness", "signs:redness"},
      {"no swelling, redness or warmth", "signs:warmth"},
      {"never short of breath", "signs:short_of_breath"},
      {"didn't wet myself", "signs:bladder_bowel_change"},
      {"chest pain resolved", "signs:chest_pain"},
      {"no numbness down below", "signs:saddle_numbness"},
  };
  for (auto [text, term] : cases) {
    CAPTURE(text);
    CHECK_FALSE(has(read(text), term));
    CHECK(has(read(text, Status::negated), term));
  }
}

TEST_CASE("note reader: worries and conditions are hypothetical, not facts") {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"worried about swelling like last time", "signs:swelling"},
      {"in case of chest pain call 999", "signs:chest_pain"},
      {"if I get short of breath I go to A&E", "signs:short_of_breath"},
      {"what if the redness spreads", "signs:redness"},
      {"doctor said to watch for a cold foot", "signs:cold_foot"},
  };
  for (auto [text, term] : cases) {
    CAPTURE(text);
    CHECK_FALSE(has(read(text), term));
    CHECK(has(read(text, Status::hypothetical), term));
  }
}

TEST_CASE("note reader: a negation's scope ends at a termination word, a sentence or five words") {
  // "but" ends the scope: the swelling is a fact.
  CHECK(has(read("no pain but left calf swollen and red"), "signs:swelling"));
  CHECK(has(read("no cramp. Calf swollen"), "signs:swelling"));
  // A comma after other words ends it too ("not sleeping, ..."); inside a list it does not.
  CHECK(has(read("not sleeping well, left calf swollen"), "signs:swelling"));
  // More than five words away: out of scope.
  CHECK(has(read("no idea at all why it happened tonight but my calf swollen"), "signs:swelling"));
  CHECK(has(read("not sure what happened during the night, calf swollen"), "signs:swelling"));
  // Pseudo-negations do not negate.
  CHECK(has(read("not only cramp but swelling too"), "sensations:cramp"));
  CHECK(has(read("no better, still swollen"), "signs:swelling"));
}

TEST_CASE("note reader: misspellings within one edit for words of six letters or more") {
  CHECK(within_one_edit("swollen", "swolen"));
  CHECK(within_one_edit("swelling", "swellign"));
  CHECK(within_one_edit("breathless", "breathles"));
  CHECK_FALSE(within_one_edit("swelling", "swilleng"));
  CHECK(has(read("calf swolen and reddd"), "signs:swelling"));
  CHECK(has(read("tinglng all night"), "sensations:tingling"));
  CHECK(has(read("feeling breathles"), "signs:short_of_breath"));
  CHECK(has(read("cramping in the calf"), "sensations:cramp"));
  // Short words must match exactly: "rod" is not "red".
  CHECK_FALSE(has(read("a rod in my back"), "signs:redness"));
}

TEST_CASE("note reader: side words need a body word after them") {
  CHECK(has(read("left calf tight"), "side:left"));
  CHECK(has(read("right foot cold"), "side:right"));
  CHECK(has(read("both legs restless"), "side:both"));
  CHECK_FALSE(has(read("left the bed to walk"), "side:left"));
  CHECK_FALSE(has(read("felt right after a stretch"), "side:right"));
}

TEST_CASE("note reader: every fact quotes the sentence it was read in") {
  const auto facts = read_note("Slept badly. Left calf swollen, hot and red this morning!");
  REQUIRE_FALSE(facts.empty());
  for (const auto& f : facts) CHECK(f.quote == "Left calf swollen, hot and red this morning");
}

// review13: phrases patients wrote that the first table missed or misread.
TEST_CASE("note reader: more lay words for the warning signs") {
  const std::vector<Case> cases = {
      {"numb in my bottom and between legs", {"signs:saddle_numbness"}, {}},
      {"foot feels like ice and looks white", {"signs:cold_foot", "signs:pale_skin"}, {"relief:cold_pack"}},
      {"denies any chest pain or breathlessness", {}, {"signs:short_of_breath", "signs:chest_pain"}},
      {"breathlessness when i woke", {"signs:short_of_breath"}, {}},
      {"right calf swolen and redd", {"signs:swelling", "signs:redness"}, {}},
      {"foot is freezing and pale, only eases hanging out of bed", {"relief:dangle", "signs:cold_foot"}, {}},
      {"couldn't empty my bladder", {"signs:bladder_bowel_change"}, {}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const auto got = read(c.text);
    for (auto want : c.affirmed) {
      CAPTURE(want);
      CHECK(has(got, want));
    }
    for (auto unwanted : c.not_affirmed) {
      CAPTURE(unwanted);
      CHECK_FALSE(has(got, unwanted));
    }
  }
  CHECK(has(read("denies any chest pain or breathlessness", Status::negated), "signs:short_of_breath"));
}

TEST_CASE("note reader: words that hold a sign's word but say nothing of the legs raise nothing") {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"cramp came out of the blue, calf rock hard", "signs:bluish_skin"},
      {"up twice in the night for my bladder, then calf cramp", "signs:bladder_bowel_change"},
      {"red wine last night then a cramp", "signs:redness"},
      {"a glass of white wine, then cramp", "signs:pale_skin"},
      {"weak tea before bed, cramp at 3", "signs:weakness"},
  };
  for (auto [text, term] : cases) {
    CAPTURE(text);
    CHECK_FALSE(has(read(text), term));
  }
  CHECK(has(read("cramp came out of the blue"), "onset_speed:sudden"));
}

TEST_CASE("note reader: fine and normal after a sign negate it, family history is not the person's") {
  CHECK(has(read("no numbness down below, bladder fine", Status::negated), "signs:bladder_bowel_change"));
  CHECK_FALSE(has(read("bladder and bowels fine, just the back pain"), "signs:bladder_bowel_change"));
  CHECK_FALSE(has(read("bladder normal"), "signs:bladder_bowel_change"));
  // Fine elsewhere in the sentence does not reach back over a comma or a "but".
  CHECK(has(read("left calf swollen and red, otherwise fine"), "signs:redness"));
  CHECK(has(read("calf swollen but i feel fine"), "signs:swelling"));
  for (auto text : {"my dad had a swollen red leg with his dvt", "mum had swelling and redness with her clot",
                    "family history of swollen legs and clots"}) {
    CAPTURE(text);
    CHECK_FALSE(has(read(text), "signs:swelling"));
  }
  // The family's words end where the person's own begin.
  CHECK(has(read("mum had a clot and now my calf is swollen and red"), "signs:swelling"));
}
