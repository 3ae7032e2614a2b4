// The medicine name table: every brand resolves to its generic's classes, every class is a
// term of the vocabulary, and an unknown name says so.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "diary/medicines.hpp"
#include "diary/vocabulary.hpp"

namespace {

std::vector<std::string> classes(std::string_view written) {
  auto m = diary::classify(written);
  REQUIRE(m.has_value());
  return {m->classes.begin(), m->classes.end()};
}

}  // namespace

TEST_CASE("medicines: every entry has vocabulary classes and every brand its generic's") {
  std::set<std::string_view> names;
  for (const auto& m : diary::known_medicines()) {
    CAPTURE(m.name);
    CHECK(names.insert(m.name).second);  // each name once
    REQUIRE_FALSE(m.classes.empty());
    for (auto c : m.classes) CHECK(diary::vocab::medications.contains(c));
    // The generic is itself an entry with the same classes.
    auto generic = diary::classify(m.generic);
    REQUIRE(generic.has_value());
    CHECK(generic->name == m.generic);
    CHECK(std::equal(generic->classes.begin(), generic->classes.end(), m.classes.begin(), m.classes.end()));
  }
  // Brands are in the table, not dropped for a misspelt generic.
  CHECK(names.count("lasix") == 1);
  CHECK(names.count("mirapexin") == 1);
  CHECK(diary::known_medicines().size() > 200);
}

TEST_CASE("medicines: brands resolve to the generic and its classes") {
  CHECK(diary::classify("Lasix")->generic == "furosemide");
  CHECK(classes("Lasix") == std::vector<std::string>{"diuretic"});
  CHECK(diary::classify("Mirapexin")->generic == "pramipexole");
  CHECK(classes("Sifrol") == std::vector<std::string>{"dopamine_agonist"});
  CHECK(classes("Neupro") == std::vector<std::string>{"dopamine_agonist"});
  CHECK(classes("Lyrica") == std::vector<std::string>{"gabapentinoid"});
  CHECK(classes("Piriton") == std::vector<std::string>{"antihistamine"});
  CHECK(classes("Ventolin") == std::vector<std::string>{"beta_agonist"});
  CHECK(classes("albuterol") == std::vector<std::string>{"beta_agonist"});
  CHECK(classes("Norvasc") == std::vector<std::string>{"calcium_channel_blocker"});
  CHECK(classes("aspirin") == std::vector<std::string>{"antiplatelet", "nsaid"});
}

TEST_CASE("medicines: case, spacing and a trailing dose or form are ignored") {
  CHECK(diary::classify("  PRAMIPEXOLE 0.125 mg ")->name == "pramipexole");
  CHECK(diary::classify("Lasix40mg")->generic == "furosemide");
  CHECK(diary::classify("venlafaxine XL 75mg")->name == "venlafaxine");
  CHECK(diary::classify("Ferrous Sulphate 200 mg")->classes[0] == "iron_supplement");
  // The longest known name wins: "magnesium citrate" is its own entry, "magnesium" a prefix.
  CHECK(diary::classify("magnesium citrate 100mg")->name == "magnesium citrate");
  CHECK(diary::classify("magnesium bisglycinate")->name == "magnesium");
}

TEST_CASE("medicines: an unknown name is not classified") {
  CHECK_FALSE(diary::classify("grandma's tonic").has_value());
  CHECK_FALSE(diary::classify("").has_value());
  CHECK_FALSE(diary::classify("200 mg").has_value());
  CHECK_FALSE(diary::classify("lasi").has_value());  // no guessing from a prefix
}
