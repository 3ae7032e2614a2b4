// The report as JSON (the contract's shape) and as text for people.
#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "diary/analysis/analyze.hpp"
#include "flags.hpp"

namespace diary::analysis {

std::string_view to_string(Level level) {
  switch (level) {
    case Level::weak: return "weak";
    case Level::moderate: return "moderate";
    case Level::strong: return "strong";
  }
  return "weak";
}

std::string_view to_string(Action action) {
  switch (action) {
    case Action::self_care: return "self_care";
    case Action::discuss_with_doctor: return "discuss_with_doctor";
    case Action::see_doctor_soon: return "see_doctor_soon";
    case Action::urgent: return "urgent";
  }
  return "discuss_with_doctor";
}

Action Report::top_action() const {
  Action a = Action::self_care;
  for (const auto& f : red_flags) a = std::max(a, f.action);
  for (const auto& c : categories) a = std::max(a, c.action);
  return a;
}

namespace {

std::string day(const std::optional<date::year_month_day>& d) {
  return d ? date::format("%F", *d) : std::string{};
}

std::string_view category_name(std::string_view id) {
  if (id == "nocturnal_leg_cramps") return "night-time leg cramps";
  if (id == "restless_legs") return "restless legs syndrome";
  if (id == "pad_rest_pain") return "rest pain from poor circulation (peripheral artery disease)";
  if (id == "peripheral_neuropathy") return "nerve pain of the feet (peripheral neuropathy)";
  if (id == "nerve_root_compression") return "a pressed nerve root in the lower back (sciatica)";
  if (id == "nerve_entrapment") return "a nerve pressed by lying on it (nerve entrapment)";
  if (id == "varicose_veins") return "vein-related aching (varicose veins)";
  if (id == "arthritis") return "joint pain (arthritis)";
  if (id == "dvt") return "a blood clot in a deep vein (DVT)";
  return id;
}

std::string_view action_words(Action a) {
  switch (a) {
    case Action::self_care: return "self-care";
    case Action::discuss_with_doctor: return "discuss with your doctor";
    case Action::see_doctor_soon: return "see a doctor soon";
    case Action::urgent: return "URGENT";
  }
  return "";
}

// Greedy word wrap to `width` columns, each line prefixed by `indent` (the first by `first`).
std::string wrap(std::string_view text, std::string_view first, std::string_view indent, std::size_t width = 78) {
  std::string out, line(first);
  std::size_t col = first.size();
  bool empty = true;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ') ++j;
    if (i == j) break;
    const auto word = text.substr(i, j - i);
    if (!empty && col + 1 + word.size() > width) {
      out += line + "\n";
      line = std::string(indent);
      col = indent.size();
      empty = true;
    }
    if (!empty) { line += ' '; ++col; }
    line += word;
    col += word.size();
    empty = false;
    i = j;
  }
  out += line + "\n";
  return out;
}

std::string ids(const std::vector<std::int64_t>& v) {
  std::string s;
  for (auto id : v) s += (s.empty() ? "" : ", ") + std::to_string(id);
  return s;
}

}  // namespace

nlohmann::json to_json(const Report& r) {
  using nlohmann::json;
  json j;
  j["from"] = r.from ? json(day(r.from)) : json(nullptr);
  j["to"] = r.to ? json(day(r.to)) : json(nullptr);
  j["episodes"] = r.episodes;
  j["nights"] = r.nights;
  j["categories"] = json::array();
  for (const auto& c : r.categories)
    j["categories"].push_back({{"id", c.id},
                               {"level", to_string(c.level)},
                               {"score", std::round(c.score * 100.0) / 100.0},
                               {"action", to_string(c.action)},
                               {"evidence", c.evidence},
                               {"against", c.against},
                               {"advice", c.advice},
                               {"episodes", c.episodes}});
  j["red_flags"] = json::array();
  for (const auto& f : r.red_flags)
    j["red_flags"].push_back(
        {{"id", f.id}, {"episodes", f.episodes}, {"message", f.message}, {"action", to_string(f.action)}});
  j["patterns"] = json::array();
  for (const auto& p : r.patterns)
    j["patterns"].push_back({{"id", p.id}, {"summary", p.summary}, {"figures", p.figures}});
  j["top_action"] = to_string(r.top_action());
  return j;
}

std::string to_text(const Report& r, bool colour) {
  const auto paint = [&](std::string_view code, std::string_view s) {
    return colour ? fmt::format("\033[{}m{}\033[0m", code, s) : std::string(s);
  };
  std::string out;
  out += paint("1", "NIGHT-LEG DIARY: PATTERN REPORT") + "\n";
  std::string period = r.from || r.to ? fmt::format("Period: {} to {}", r.from ? day(r.from) : "the start",
                                                    r.to ? day(r.to) : "the end")
                                      : std::string("Period: the whole diary");
  out += fmt::format("{} - {} {} on {} {}\n\n", period, r.episodes, r.episodes == 1 ? "episode" : "episodes",
                     r.nights, r.nights == 1 ? "night" : "nights");

  if (!r.red_flags.empty()) {
    const std::string bar(74, '=');
    out += paint("1;31", "+" + bar + "+") + "\n";
    out += paint("1;31", fmt::format("|{:^74}|", "!!  WARNING SIGNS - ACT ON THESE FIRST  !!")) + "\n";
    out += paint("1;31", "+" + bar + "+") + "\n";
    for (const auto& f : r.red_flags) {
      out += paint("1;31", fmt::format(" ! {}", detail::flag_title(f.id))) +
             fmt::format(" (episode{} {})\n", f.episodes.size() == 1 ? "" : "s", ids(f.episodes));
      out += wrap(f.message, "   ", "   ");
    }
    out += paint("1;31", "+" + bar + "+") + "\n\n";
  }

  out += paint("1", "WHAT THE PATTERN FITS") + "\n";
  if (r.categories.empty()) {
    out += wrap(r.episodes == 0 ? "No episodes in this period."
                                : "The episodes so far do not fit any one pattern clearly. Keep logging: "
                                  "onset time, what it felt like, where, and what eased it matter most.",
                "  ", "  ");
  }
  int k = 0;
  for (const auto& c : r.categories) {
    ++k;
    out += "\n";
    const std::string head =
        fmt::format("{}. Consistent with {}: {} match (score {:.2f})", k, category_name(c.id), to_string(c.level), c.score);
    std::string wrapped = wrap(head, "", "   ");
    wrapped.pop_back();
    out += paint("1;33", wrapped) + "\n";
    out += wrap(fmt::format("What to do ({}): {}", action_words(c.action), c.advice), "   ", "   ");
    if (!c.evidence.empty()) {
      out += "   For it:\n";
      for (const auto& e : c.evidence) out += wrap(e, "     - ", "       ");
    }
    if (!c.against.empty()) {
      out += "   Against it:\n";
      for (const auto& e : c.against) out += wrap(e, "     - ", "       ");
    }
  }

  if (!r.patterns.empty()) {
    out += "\n" + paint("1", "RECURRING PATTERNS") + "\n";
    for (const auto& p : r.patterns) out += wrap(p.summary, "  - ", "    ");
  }

  out += "\n";
  out += paint("2", wrap("This is a pattern report built from your own notes, not a diagnosis. Only a "
                         "doctor who examines you can say what causes your symptoms; take this report "
                         "along when you go.",
                         "", ""));
  return out;
}

}  // namespace diary::analysis
