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

  friend bool operator==(const Profile&, const Profile&) = default;
};

}  // namespace diary
