#pragma once
// Named medicines (`diary meds`): adding one as written, stopping it, listing them. Each
// write is one short transaction; stopping keeps the record with its dates.
#include <optional>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "diary/medicine.hpp"
#include "diary/medicines.hpp"
#include "diary/store.hpp"

namespace diary::app {

// Whether `a` and `b` name one medicine: the same words ignoring case, or the same
// generic ("Lasix" and "furosemide 40 mg").
bool same_medicine(std::string_view a, std::string_view b);

// Saves `medicine` (a new uuid when it has none) and returns it as stored. bad_input
// ("name") when a medicine of that name is still taken, and for what validate() refuses.
Medicine add_medicine(Store& store, Medicine medicine);

// Ends the medicine of that name still taken on `on`. bad_input ("name") when none of
// that name is being taken (naming those that are), or ("on") when `on` is before it began.
Medicine stop_medicine(Store& store, std::string_view name, date::year_month_day on);

// All medicines, stopped ones too, by start day.
std::vector<Medicine> medicines(Store& store);

}  // namespace diary::app
