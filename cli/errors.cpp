#include "errors.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace diary::cli {
namespace {

using Apps = std::vector<const CLI::App*>;

// Optimal string alignment distance: a swap of two neighbours counts as one typo.
std::size_t typo_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

bool hidden(const CLI::App* app) { return app->get_group().empty(); }

// The visible commands directly under `app`.
Apps commands_of(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* sub) { return !hidden(sub); });
}

std::vector<std::string> names_of(const Apps& apps) {
  std::vector<std::string> names;
  for (const auto* a : apps) names.push_back(a->get_name());
  return names;
}

// "remind add": the words that name `app` after `diary`.
std::string path_of(const CLI::App* app) {
  std::string path;
  for (; app && app->get_parent(); app = app->get_parent())
    path = path.empty() ? app->get_name() : app->get_name() + " " + path;
  return path.empty() ? "diary" : path;
}

// The deepest command the parse reached.
const CLI::App* reached(const CLI::App& app) {
  const CLI::App* cur = &app;
  while (!cur->get_subcommands().empty()) cur = cur->get_subcommands().back();
  return cur;
}

// The named options `app` accepts: its own, then (fallthrough) its parents'.
std::vector<std::string> option_names(const CLI::App* app) {
  std::vector<std::string> names;
  for (; app; app = app->get_parent())
    for (const auto* opt : app->get_options([](const CLI::Option* o) { return o->nonpositional(); })) {
      if (opt->get_group().empty()) continue;
      for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
      for (const auto& s : opt->get_snames()) names.push_back("-" + s);
    }
  return names;
}

// Every command in the tree below `app` (depth first), for "that belongs to ..." hints.
void all_commands(const CLI::App& app, Apps& out) {
  for (const auto* sub : commands_of(app)) {
    out.push_back(sub);
    all_commands(*sub, out);
  }
}

bool has_option(const CLI::App* app, const std::string& name) {
  for (const auto* opt : app->get_options())
    if (opt->check_name(name) && opt->nonpositional()) return true;
  return false;
}

std::string help_hint(const CLI::App* app) {
  return fmt::format("see `diary {}--help`", hidden(app) || !app->get_parent() ? "" : path_of(app) + " ");
}

// `--wher calf` under `log`.
std::string unknown_option(const CLI::App& root, const CLI::App* cur, const std::string& typed) {
  const std::string name = typed.substr(0, typed.find('='));
  const auto near = nearest_name(name, option_names(cur));
  if (!near.empty()) return fmt::format("{} has no option {}; did you mean \"{}\"?", path_of(cur), name, near);
  Apps every;
  all_commands(root, every);
  std::vector<std::string> owners;
  for (const auto* a : every)
    if (has_option(a, name)) owners.push_back(path_of(a));
  std::vector<std::string> own;
  for (const auto* opt : cur->get_options([](const CLI::Option* o) { return o->nonpositional(); }))
    if (!opt->get_group().empty() && !opt->get_lnames().empty() && opt->get_lnames().front() != "help")
      own.push_back("--" + opt->get_lnames().front());
  std::string line = fmt::format("{} has no option {}", path_of(cur), name);
  if (!owners.empty()) line += fmt::format(" ({} is an option of {})", name, fmt::join(owners, ", "));
  line += own.empty() ? "; it takes no options" : fmt::format("; its options: {}", fmt::join(own, ", "));
  return line + "; " + help_hint(cur);
}

// `logg`, or `add` typed without `remind`.
std::string unknown_command(const CLI::App& root, const CLI::App* cur, const std::string& typed) {
  const auto names = names_of(commands_of(*cur));
  const auto near = nearest_name(typed, names);
  const std::string where = cur->get_parent() ? fmt::format(" under \"{}\"", path_of(cur)) : "";
  if (!near.empty()) return fmt::format("unknown command \"{}\"{}; did you mean \"{}\"?", typed, where, near);
  Apps every;
  all_commands(root, every);
  for (const auto* a : every)
    if (a->get_name() == typed && a->get_parent() != cur)
      return fmt::format("unknown command \"{}\"{}; did you mean \"diary {}\"?", typed, where, path_of(a));
  return fmt::format("unknown command \"{}\"{}; the commands are: {}", typed, where, fmt::join(names, ", "));
}

// `edit last 5`: more words than the command takes.
std::string extra_argument(const CLI::App* cur, const std::string& typed) {
  const auto positionals = cur->get_options([](const CLI::Option* o) { return !o->nonpositional(); });
  if (positionals.empty())
    return fmt::format("{} takes no arguments besides its options, and \"{}\" is none of them; {}", path_of(cur), typed,
                       help_hint(cur));
  std::vector<std::string> expects;
  for (const auto* p : positionals) expects.push_back(fmt::format("{} ({})", p->get_name(), p->get_description()));
  return fmt::format("{} takes one {}; \"{}\" is one word too many", path_of(cur), fmt::join(expects, " and "), typed);
}

}  // namespace

std::string nearest_name(std::string_view typed, const std::vector<std::string>& names) {
  auto bare = [](std::string_view s) {
    while (!s.empty() && s.front() == '-') s.remove_prefix(1);
    return s;
  };
  const std::string_view t = bare(typed);
  if (t.empty()) return {};
  const std::size_t limit = t.size() <= 3 ? 1 : 2;
  std::string best;
  std::size_t best_distance = limit + 1;
  std::vector<std::string> starts;
  for (const auto& name : names) {
    const std::string_view n = bare(name);
    if (n.size() < 2 && t.size() > 1) continue;  // a short flag is not a typo of a word
    const std::size_t d = typo_distance(t, n);
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
    if (t.size() >= 2 && n.starts_with(t)) starts.push_back(name);
  }
  if (!best.empty()) return best;
  return starts.size() == 1 ? starts.front() : std::string{};
}

std::string explain_parse_error(const CLI::App& app, const CLI::ParseError& error,
                                const std::vector<std::string>& args) {
  const CLI::App* cur = reached(app);
  const auto rest = app.remaining(true);
  // The first word CLI11 could not place is the one to explain: `add --at 7:30` is about
  // `add`, not `--at`.
  if (!rest.empty() && rest.front().size() > 1 && rest.front()[0] == '-') return unknown_option(app, cur, rest.front());
  if (!rest.empty()) {
    if (!commands_of(*cur).empty() && cur->get_subcommands().empty()) return unknown_command(app, cur, rest.front());
    return extra_argument(cur, rest.front());
  }
  if (!commands_of(*cur).empty() && cur->get_subcommands().empty() && cur->get_require_subcommand_min() > 0)
    return fmt::format("{} a command: {}; {}", cur->get_parent() ? path_of(cur) + " needs" : "it needs",
                       fmt::join(names_of(commands_of(*cur)), ", "), help_hint(cur));
  // An option at the end with no value: CLI11 names it by its first name, not as typed.
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) && !args.empty() && args.back().starts_with("-"))
    return fmt::format("{}: {} needs a value; {}", path_of(cur), args.back(), help_hint(cur));
  return fmt::format("{}: {}; {}", path_of(cur), error.what(), help_hint(cur));
}

std::vector<std::string> with_help_word(std::vector<std::string> args) {
  if (args.empty() || args.front() != "help") return args;
  args.erase(args.begin());
  args.emplace_back("--help");
  return args;
}

std::string overview(const CLI::App& app) {
  // The few commands a new person needs first; each line's words come from the command itself.
  constexpr std::array<std::array<std::string_view, 3>, 9> kFirst = {{
      {"log", "", ""},
      {"night", "", ""},
      {"show", "last", "The last episode"},
      {"list", "", ""},
      {"summary", "", ""},
      {"analyze", "", ""},
      {"export", "report", ""},
      {"export", "csv", ""},
      {"serve", "", ""},
  }};
  std::string out = fmt::format("{}\n\nThe commands most people need:\n", app.get_description());
  for (const auto& [name, sub, what] : kFirst) {
    const CLI::App* cmd = nullptr;
    try {
      cmd = app.get_subcommand(std::string(name));
      if (!sub.empty() && sub != "last") cmd = cmd->get_subcommand(std::string(sub));
    } catch (const CLI::OptionNotFound&) { continue; }
    const std::string words = sub.empty() ? std::string(name) : fmt::format("{} {}", name, sub);
    out += fmt::format("  diary {:<16} {}\n", words, what.empty() ? cmd->get_description() : std::string(what));
  }
  out += fmt::format("  diary {:<16} {}\n", "help [COMMAND]", "Every command, or one command's options");
  return out;
}

}  // namespace diary::cli
