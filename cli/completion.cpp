#include "completion.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace diary::cli {
namespace {

struct TermsMark {
  const Vocabulary* vocabulary;
  bool list;
};

// Options that take vocabulary terms, as FieldOptions made them (one process, one tree).
std::map<const CLI::Option*, TermsMark>& marks() {
  static std::map<const CLI::Option*, TermsMark> all;
  return all;
}

bool visible(const CLI::App* app) { return !app->get_group().empty(); }
bool visible(const CLI::Option* opt) { return !opt->get_group().empty(); }

std::vector<const CLI::App*> commands_of(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* sub) { return visible(sub); });
}

std::vector<const CLI::Option*> named_options(const CLI::App& app) {
  return app.get_options([](const CLI::Option* o) { return o->nonpositional() && visible(o); });
}

std::vector<std::string> names_of(const CLI::Option* opt) {
  std::vector<std::string> names;
  for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
  for (const auto& s : opt->get_snames()) names.push_back("-" + s);
  return names;
}

bool takes_value(const CLI::Option* opt) { return opt->get_type_size_max() > 0; }

// A file name is what a value is when its help says so (--db, -o, --tls-cert, FILE arguments).
bool takes_file(const CLI::Option* opt) {
  return opt->get_name() == "file" || opt->get_description().find("file") != std::string::npos;
}

// One word of a bash script in single quotes.
std::string sh_word(std::string_view s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct BashTables {
  std::vector<std::string> commands, options, valued, terms, lists, files;
};

// `path` is "diary", "diary remind", ...; options of the parents work below them (fallthrough).
void bash_walk(const CLI::App& app, const std::string& path, std::vector<const CLI::Option*> inherited, BashTables& t) {
  for (const auto* opt : named_options(app)) inherited.push_back(opt);
  std::vector<std::string> subs, opts;
  for (const auto* sub : commands_of(app)) subs.push_back(sub->get_name());
  for (const auto* opt : inherited) {
    for (const auto& name : names_of(opt)) {
      if (std::find(opts.begin(), opts.end(), name) != opts.end()) continue;  // --help at each level
      opts.push_back(name);
      const std::string key = sh_word(path + " " + name);
      if (!takes_value(opt)) continue;
      t.valued.push_back(fmt::format("[{}]=1", key));
      if (auto it = marks().find(opt); it != marks().end()) {
        std::string words = fmt::format("{}", fmt::join(it->second.vocabulary->terms, " "));
        if (it->second.list && it->second.vocabulary->list_accepts_other && !it->second.vocabulary->contains("other"))
          words += " other";
        t.terms.push_back(fmt::format("[{}]={}", key, sh_word(words)));
        if (it->second.list) t.lists.push_back(fmt::format("[{}]=1", key));
      } else if (takes_file(opt)) {
        t.files.push_back(fmt::format("[{}]=1", key));
      }
    }
  }
  for (const auto* pos : app.get_options([](const CLI::Option* o) { return !o->nonpositional(); }))
    if (takes_file(pos)) t.files.push_back(fmt::format("[{}]=1", sh_word(path + " ARG")));
  t.commands.push_back(fmt::format("[{}]={}", sh_word(path), sh_word(fmt::format("{}", fmt::join(subs, " ")))));
  t.options.push_back(fmt::format("[{}]={}", sh_word(path), sh_word(fmt::format("{}", fmt::join(opts, " ")))));
  for (const auto* sub : commands_of(app)) bash_walk(*sub, path + " " + sub->get_name(), inherited, t);
}

std::string bash_table(std::string_view name, const std::vector<std::string>& rows) {
  return fmt::format("_diary_{}=(\n  {}\n)\n", name, fmt::join(rows, "\n  "));
}

// The function reads the words before the cursor to find the command, then offers that
// command's subcommands, options, or an option's terms (after the last comma of a list).
constexpr std::string_view kBashFunction = R"(
_diary() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]:-} path=diary opt= w i
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    if [[ $w == -* ]]; then
      if [[ ${COMP_WORDS[i+1]:-} == "=" ]]; then ((i += 2))
      elif [[ -n ${_diary_valued["$path $w"]+x} ]]; then ((i++))
      fi
    elif [[ " ${_diary_commands[$path]} " == *" $w "* ]]; then
      path="$path $w"
    fi
  done
  # bash splits --where=calf at the '=': complete the value after it.
  if [[ $cur == "=" ]]; then opt=$prev cur=
  elif [[ $prev == "=" ]]; then opt=${COMP_WORDS[COMP_CWORD-2]:-}
  elif [[ $prev == -* && -n ${_diary_valued["$path $prev"]+x} ]]; then opt=$prev
  fi
  COMPREPLY=()
  if [[ -n $opt ]]; then
    local key="$path $opt"
    if [[ -n ${_diary_terms[$key]+x} ]]; then
      local head= part=$cur
      if [[ -n ${_diary_lists[$key]+x} && $cur == *,* ]]; then head=${cur%,*},; part=${cur##*,}; fi
      COMPREPLY=($(compgen -W "${_diary_terms[$key]}" -P "$head" -- "$part"))
    elif [[ -n ${_diary_files[$key]+x} ]]; then
      COMPREPLY=($(compgen -f -- "$cur"))
    fi
    return 0
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "${_diary_options[$path]}" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "${_diary_commands[$path]}" -- "$cur"))
    if [[ ${#COMPREPLY[@]} -eq 0 && -n ${_diary_files["$path ARG"]+x} ]]; then COMPREPLY=($(compgen -f -- "$cur")); fi
  fi
  return 0
}
complete -F _diary diary
)";

// troff: a backslash and a minus written as escapes, a line never starting with a dot.
std::string troff(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
  }
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out = "\\&" + out;
  return out;
}

void man_walk(const CLI::App& app, const std::string& path, std::string& out) {
  for (const auto* sub : commands_of(app)) {
    const std::string here = path + " " + sub->get_name();
    std::string synopsis = fmt::format("\\fB{}\\fR", troff(here));
    for (const auto* pos : sub->get_options([](const CLI::Option* o) { return !o->nonpositional(); }))
      synopsis += fmt::format(" \\fI{}\\fR", troff(pos->get_name()));
    if (!named_options(*sub).empty()) synopsis += " [\\fIOPTIONS\\fR]";
    if (!commands_of(*sub).empty()) synopsis += " \\fICOMMAND\\fR";
    out += fmt::format(".SS \"{}\"\n{}\n.br\n{}\n", troff(here), synopsis, troff(sub->get_description()));
    for (const auto* pos : sub->get_options([](const CLI::Option* o) { return !o->nonpositional(); }))
      out += fmt::format(".TP\n\\fI{}\\fR\n{}\n", troff(pos->get_name()), troff(pos->get_description()));
    for (const auto* opt : named_options(*sub)) {
      if (opt->get_lnames() == std::vector<std::string>{"help"}) continue;
      std::vector<std::string> names;
      for (const auto& n : names_of(opt)) names.push_back(fmt::format("\\fB{}\\fR", troff(n)));
      std::string head = fmt::format("{}", fmt::join(names, ", "));
      if (takes_value(opt)) head += fmt::format(" \\fI{}\\fR", troff(opt->get_type_name()));
      out += fmt::format(".TP\n{}\n{}\n", head, troff(opt->get_description()));
    }
    man_walk(*sub, here, out);
  }
}

}  // namespace

void mark_terms(const CLI::Option* option, const Vocabulary& vocabulary, bool list) {
  marks()[option] = TermsMark{&vocabulary, list};
}

std::string bash_completion(const CLI::App& app) {
  BashTables t;
  bash_walk(app, "diary", {}, t);
  std::string out =
      "# bash completion for diary: generated by `diary completion bash` from the program's own\n"
      "# command table; do not edit.\n"
      "declare -gA _diary_commands _diary_options _diary_valued _diary_terms _diary_lists _diary_files\n";
  out += bash_table("commands", t.commands) + bash_table("options", t.options) + bash_table("valued", t.valued) +
         bash_table("terms", t.terms) + bash_table("lists", t.lists) + bash_table("files", t.files);
  return out + std::string(kBashFunction);
}

std::string man_commands(const CLI::App& app) {
  std::string out =
      "[COMMANDS]\n"
      "Each command takes \\fB\\-\\-help\\fR; the global options (\\fB\\-\\-db\\fR, \\fB\\-\\-tz\\fR, "
      "\\fB\\-v\\fR) work before or after it.\n";
  man_walk(app, "diary", out);
  return out;
}

void add_completion_command(CLI::App& app) {
  auto what = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("completion", "Print the bash completion script or the man page's command list");
  cmd->group("");  // hidden: the build runs it
  cmd->add_option("what", *what, "bash or man")->required()->check(CLI::IsMember({"bash", "man"}));
  cmd->callback([&app, what] { fmt::print("{}", *what == "bash" ? bash_completion(app) : man_commands(app)); });
}

}  // namespace diary::cli
