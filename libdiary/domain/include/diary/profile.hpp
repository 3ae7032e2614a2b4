#pragma once
// Who keeps the diary: the facts that make one pattern likelier than another.
#include <optional>
#include <string>
#include <vector>

namespace diary {

struct Profile {
  std::optional<int> birth_year;
  std::optional<std::string> smoking;
  std::optional<std::vector<std::string>> conditions;
  std::optional<std::vector<std::string>> medications;
  // The number to call in an emergency, when the person sets it; otherwise the program
  // derives it from the time zone's country (app/emergency.hpp).
  std::optional<std::string> emergency_number;

  friend bool operator==(const Profile&, const Profile&) = default;
};

}  // namespace diary
