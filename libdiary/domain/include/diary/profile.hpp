#pragma once
// Who keeps the diary: the facts that make one pattern likelier than another.
#include <optional>
#include <string>
#include <vector>

#include "diary/medicine.hpp"

namespace diary {

struct Profile {
  std::optional<int> birth_year;
  std::optional<std::string> smoking;
  std::optional<std::vector<std::string>> conditions;
  std::optional<std::vector<std::string>> medications;  // classes, as set by `profile` (older diaries)
  // The named medicines (`diary meds`), kept in their own table; not a profile field.
  std::vector<Medicine> medicines;

  friend bool operator==(const Profile&, const Profile&) = default;
};

}  // namespace diary
