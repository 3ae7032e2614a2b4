#include "format.hpp"

#include <cmath>

#include <fmt/format.h>

#include "diary/clock.hpp"
#include "diary/text_gate.hpp"

namespace diary::cli {

std::string local_time(const Instant& instant, const char* format) { return date::format(format, instant.local()); }

std::string minutes_text(double minutes) {
  if (minutes < 1.0 && minutes > 0) return fmt::format("{} s", std::lround(minutes * 60));
  const long total = std::lround(minutes);
  if (total < 60) {
    if (minutes != std::floor(minutes)) return fmt::format("{:.1f} min", minutes);
    return fmt::format("{} min", total);
  }
  if (total % 60 == 0) return fmt::format("{} h", total / 60);
  return fmt::format("{} h {} min", total / 60, total % 60);
}

std::string join(const Terms& terms, std::string_view sep) {
  std::string out;
  for (const auto& t : terms) {
    if (!out.empty()) out += sep;
    out += t;
  }
  return out;
}

std::string describe(const Episode& e) {
  std::vector<std::string> parts;
  parts.push_back(date::format("%H:%M", e.onset.local()));
  if (e.open) parts.emplace_back("still going");
  if (e.duration_min) parts.push_back(minutes_text(*e.duration_min));
  std::string where;
  if (e.side) where = *e.side == "both" ? "both legs" : *e.side;
  if (e.locations && !e.locations->empty()) where += (where.empty() ? "" : " ") + join(*e.locations, "+");
  if (!where.empty()) parts.push_back(where);
  if (e.sensations && !e.sensations->empty()) parts.push_back(join(*e.sensations, "+"));
  if (e.intensity) parts.push_back(fmt::format("{}/10", *e.intensity));
  if (e.relief && !e.relief->empty()) {
    std::string r = join(*e.relief, "+");
    if (e.relief_effect)
      r += fmt::format(": {}", *e.relief_effect == "full"      ? "eased fully"
                               : *e.relief_effect == "partial" ? "eased partly"
                                                               : "no help");
    parts.push_back(r);
  }
  if (e.returned_when_still && *e.returned_when_still) parts.push_back("came back when still");
  if (e.signs && !e.signs->empty()) parts.push_back("signs: " + join(*e.signs, "+"));
  std::string out = fmt::format("night of {}: ", date::format("%a %d %b", date::sys_days{e.night()}));
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

std::string describe(const Night& n) {
  std::vector<std::string> parts;
  if (n.quiet && *n.quiet) parts.push_back("a quiet night, no episodes");
  if (n.bed) parts.push_back("bed " + date::format("%H:%M", n.bed->local()));
  if (n.wake) parts.push_back("up " + date::format("%H:%M", n.wake->local()));
  if (n.sleep_quality) parts.push_back(fmt::format("sleep {}/5", *n.sleep_quality));
  if (n.exercise) parts.push_back("exercise " + *n.exercise);
  if (n.hydration) parts.push_back("fluids " + *n.hydration);
  if (n.caffeine_late && *n.caffeine_late) parts.push_back("late caffeine");
  if (n.alcohol && *n.alcohol) parts.push_back("alcohol");
  if (n.new_medication && !n.new_medication->empty())
    parts.push_back("new medication: " + without_controls(*n.new_medication));
  if (n.daytime_walking_pain && *n.daytime_walking_pain) parts.push_back("calf pain on walking");
  if (n.leg_jerks_reported && *n.leg_jerks_reported) parts.push_back("leg jerks seen");
  std::string out = fmt::format("night of {}", date::format("%a %d %b %Y", date::sys_days{n.night}));
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : ": ") + parts[i];
  return out;
}

}  // namespace diary::cli
