// The pattern report as JSON (the contract's shape) and as text for people.
#include "diary/report/analysis.hpp"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "diary/analysis/names.hpp"
#include "diary/json_io.hpp"
#include "diary/report/text.hpp"

namespace diary::report {

using analysis::action_words;
using analysis::Audience;
using analysis::category_name;
using analysis::to_string;

namespace {

std::string day(const std::optional<date::year_month_day>& d) { return d ? date::format("%F", *d) : std::string{}; }

std::string ids(const std::vector<std::int64_t>& v) {
  std::string s;
  for (auto id : v) s += (s.empty() ? "" : ", ") + std::to_string(id);
  return s;
}

}  // namespace

std::string nights_line(const analysis::Report& r) {
  const auto n = plural;
  return fmt::format("{} on {}; {} logged ({} with episodes, {} quiet); {} not logged.",
                     n(r.episodes, "episode", "episodes"), n(r.nights_with_episodes, "night", "nights"),
                     n(r.nights, "night", "nights"), r.nights_with_episodes, r.quiet_nights,
                     n(r.unlogged_nights, "night", "nights"));
}

nlohmann::json to_json(std::span<const analysis::RedFlag> flags) {
  auto out = nlohmann::json::array();
  for (const auto& f : flags) {
    out.push_back({{"id", f.id},
                   {"title", analysis::flag_title(f.id, Audience::patient)},
                   {"episodes", f.episodes},
                   {"message", f.message},
                   {"action", to_string(f.action)}});
    if (!f.from_notes.empty()) out.back()["from_notes"] = f.from_notes;
  }
  return out;
}

nlohmann::json saved_json(const Episode& episode, std::span<const analysis::RedFlag> flags, bool replayed) {
  auto out = json_io::to_json(episode, true);
  out["red_flags"] = to_json(flags);
  out["replayed"] = replayed;
  return out;
}

nlohmann::json to_json(const analysis::CategoryFinding& c, bool whole) {
  nlohmann::json j{{"id", c.id},
                   {"name", category_name(c.id, Audience::patient)},
                   {"level", to_string(c.level)},
                   {"level_words", analysis::level_words(c.level)},
                   {"score", std::round(c.score * 100.0) / 100.0},
                   {"action", to_string(c.action)},
                   {"action_words", action_words(c.action, Audience::patient)}};
  if (!whole) return j;
  j["evidence"] = c.evidence;
  j["against"] = c.against;
  j["advice"] = c.advice;
  j["episodes"] = c.episodes;
  return j;
}

nlohmann::json to_json(std::span<const analysis::PatternFinding> patterns) {
  auto out = nlohmann::json::array();
  for (const auto& p : patterns) out.push_back({{"id", p.id}, {"summary", p.summary}, {"figures", p.figures}});
  return out;
}

nlohmann::json to_json(const analysis::Report& r) {
  using nlohmann::json;
  json j;
  j["from"] = r.from ? json(day(r.from)) : json(nullptr);
  j["to"] = r.to ? json(day(r.to)) : json(nullptr);
  j["episodes"] = r.episodes;
  j["nights"] = r.nights;
  j["nights_with_episodes"] = r.nights_with_episodes;
  j["quiet_nights"] = r.quiet_nights;
  j["unlogged_nights"] = r.unlogged_nights;
  j["categories"] = json::array();
  for (const auto& c : r.categories) j["categories"].push_back(to_json(c, true));
  j["red_flags"] = to_json(std::span<const analysis::RedFlag>(r.red_flags));
  j["patterns"] = to_json(std::span<const analysis::PatternFinding>(r.patterns));
  j["top_action"] = to_string(r.top_action());
  return j;
}

std::string to_text(const analysis::Report& r, bool colour) {
  const auto paint = [colour](std::string_view code, std::string_view s) { return report::paint(colour, code, s); };
  std::string out;
  out += paint("1", "NIGHT-LEG DIARY: PATTERN REPORT") + "\n";
  std::string period =
      r.from || r.to ? fmt::format("Period: {} to {}", r.from ? day(r.from) : "the start", r.to ? day(r.to) : "the end")
                     : std::string("Period: the whole diary");
  out += period + "\n" + wrap(nights_line(r), "", "") + "\n";

  if (!r.red_flags.empty()) {
    const std::string bar(74, '=');
    out += paint("1;31", "+" + bar + "+") + "\n";
    out += paint("1;31", fmt::format("|{:^74}|", "!!  WARNING SIGNS - ACT ON THESE FIRST  !!")) + "\n";
    out += paint("1;31", "+" + bar + "+") + "\n";
    for (const auto& f : r.red_flags) {
      out +=
          paint("1;31", fmt::format(" ! {}", shout(analysis::flag_title(f.id, Audience::patient)))) +
          (f.episodes.empty() ? std::string(" (from a night's note)\n")
                              : fmt::format(" (episode{} {})\n", f.episodes.size() == 1 ? "" : "s", ids(f.episodes)));
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
    const std::string head = fmt::format("{}. Consistent with {}: {}", k, category_name(c.id, Audience::patient),
                                         analysis::level_words(c.level));
    std::string wrapped = wrap(head, "", "   ");
    wrapped.pop_back();
    out += paint("1;33", wrapped) + "\n";
    out += wrap(fmt::format("({})", analysis::level_meaning(c.level)), "   ", "   ");
    out += wrap(fmt::format("What to do: {}. {}", action_words(c.action, Audience::patient), c.advice), "   ", "   ");
    if (!c.evidence.empty()) {
      // The lines count over the episodes that fit this pattern best, not the whole period.
      out += c.episodes > 0 ? wrap(fmt::format("For it (counting the {} that {} this pattern best, of {}):",
                                               plural(c.episodes, "episode", "episodes"),
                                               c.episodes == 1 ? "fits" : "fit", r.episodes),
                                   "   ", "     ")
                            : std::string("   For it (counting the episodes with some of its signs):\n");
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

}  // namespace diary::report
