#include "diary/night.hpp"

#include <cctype>

namespace diary {

bool names_new_medication(const Night& night) {
  if (!night.new_medication) return false;
  std::string t;
  for (char c : *night.new_medication)
    if (!std::isspace(static_cast<unsigned char>(c)))
      t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return !(t.empty() || t == "none" || t == "no" || t == "-" || t == "n/a" || t == "na" || t == "false" || t == "nil");
}

}  // namespace diary
