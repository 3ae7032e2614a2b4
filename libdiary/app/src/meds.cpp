#include "diary/app/meds.hpp"

#include <fmt/format.h>

#include "diary/clock.hpp"
#include "diary/error.hpp"
#include "diary/identity.hpp"

namespace diary::app {
namespace {

std::string folded(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string names_taken(const std::vector<Medicine>& all) {
  std::string out;
  for (const auto& m : all)
    if (!m.stopped) out += (out.empty() ? "" : ", ") + m.name;
  return out.empty() ? "none" : out;
}

}  // namespace

bool same_medicine(std::string_view a, std::string_view b) {
  if (folded(a) == folded(b)) return true;
  const auto ka = classify(a);
  const auto kb = classify(b);
  return ka && kb && ka->generic == kb->generic;
}

Medicine add_medicine(Store& store, Medicine medicine) {
  validate(medicine);
  auto tx = store.write();
  for (const auto& m : store.medicines())
    if (!m.stopped && same_medicine(m.name, medicine.name))
      throw bad_input("name", medicine.name,
                      fmt::format("name: {} is already in the list (as \"{}\"); to change its dose, stop it with "
                                  "`diary meds stop \"{}\"` and add it again",
                                  medicine.name, m.name, m.name));
  if (medicine.uuid.empty()) medicine.uuid = new_uuid();
  store.put(medicine);
  tx.commit();
  return medicine;
}

Medicine stop_medicine(Store& store, std::string_view name, date::year_month_day on) {
  auto tx = store.write();
  const auto all = store.medicines();
  for (auto m : all) {
    if (m.stopped || !same_medicine(m.name, name)) continue;
    if (m.since && on < *m.since)
      throw bad_input(
          "on", clock::format_day(on),
          fmt::format("on: {} is before {} began ({})", clock::format_day(on), m.name, clock::format_day(*m.since)));
    m.stopped = on;
    store.put(m);
    tx.commit();
    return m;
  }
  throw bad_input("name", std::string(name),
                  fmt::format("name: no medicine \"{}\" is being taken; taken now: {}", name, names_taken(all)));
}

std::vector<Medicine> medicines(Store& store) {
  auto tx = store.read();
  return store.medicines();
}

}  // namespace diary::app
