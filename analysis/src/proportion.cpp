// Proportion (proportion.hpp). docs/CLINICAL.md#how-notes-and-stray-episodes-are-weighed.
#include "proportion.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "categories.hpp"

namespace diary::analysis::detail {

namespace {

// A stray: at most one episode in ten (and at most two) of a diary of six or more.
bool stray(int fit, int n) { return n >= 6 && fit >= 1 && fit <= std::max(1, std::min(2, n / 10)); }

std::string nights_of(Cat c, std::span<const Ep> eps, std::span<const int> best) {
  std::string out;
  for (std::size_t i = 0; i < eps.size(); ++i)
    if (best[i] == static_cast<int>(c)) {
      const date::year_month_day d{eps[i].night};
      out += (out.empty() ? "" : ", ") + fmt::format("{} {} {}", date::format("%a", date::weekday{eps[i].night}),
                                                     static_cast<unsigned>(d.day()), date::format("%b", d.month()));
    }
  return out;
}

}  // namespace

void keep_proportion(std::vector<CategoryFinding>& findings, std::span<const Ep> eps, std::span<const int> best) {
  const int n = static_cast<int>(eps.size());
  // The diary's main pattern: a benign category that most episodes fit.
  const auto main = std::find_if(findings.begin(), findings.end(), [&](const CategoryFinding& f) {
    return f.action <= Action::discuss_with_doctor && f.episodes * 2 >= n;
  });
  if (main == findings.end()) return;
  for (auto& f : findings) {
    if (f.action <= Action::discuss_with_doctor || !stray(f.episodes, n)) continue;
    const auto c = static_cast<Cat>(std::find(kCatIds.begin(), kCatIds.end(), f.id) - kCatIds.begin());
    // A DVT sign cluster is a warning sign whatever the rest holds; it keeps its action.
    if (c == Cat::dvt && f.level != Level::weak) continue;
    const std::string when = nights_of(c, eps, best);
    f.level = Level::weak;
    f.action = Action::discuss_with_doctor;
    f.against.insert(
        f.against.begin(),
        fmt::format("only {} of {} episodes (night of {}); the rest fit {} best: reported as {}, not as a "
                    "pattern of the diary",
                    f.episodes, n, when, main->id, f.episodes == 1 ? "that one episode" : "those episodes"));
    f.advice = fmt::format(
        "Mention {} on the night of {} to your doctor at your next visit. If it comes back, or with a cold, pale or "
        "discoloured foot, a sore that does not heal, or pain eased only by hanging the leg down, see a doctor soon. "
        "Any warning sign above comes first.",
        f.episodes == 1 ? "the one episode" : "the episodes", when);
  }
}

}  // namespace diary::analysis::detail
