#pragma once
// Command-line options generated from libdiary's field tables: `--<field>` with '_'
// written '-', lists comma-separated, booleans as bare flags with a `--no-` form.
// Typed values are read forgivingly (case, '-' for '_', unique prefixes); what cannot be
// read is bad input naming the option and the value.
#include <charconv>
#include <map>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>

#include "completion.hpp"
#include "context.hpp"
#include "diary/error.hpp"
#include "diary/fields.hpp"
#include "diary/medicines.hpp"
#include "diary/text_gate.hpp"

namespace diary::cli {

inline std::string option_name(std::string_view field) {
  std::string out(field);
  for (auto& c : out)
    if (c == '_') c = '-';
  return out;
}

inline std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// A score typed with its scale, "8/10" (or "8 out of 10"), read as 8 when the scale is the
// field's own top (intensity's 10, sleep quality's 5); anything else is left as typed.
inline std::string without_scale(std::string_view text, double top) {
  std::string t = trimmed(text);
  for (std::string_view sep : {"/", " out of "}) {
    const auto at = t.find(sep);
    if (at == std::string::npos) continue;
    const std::string scale = trimmed(std::string_view(t).substr(at + sep.size()));
    if (scale == fmt::format("{}", top)) return trimmed(std::string_view(t).substr(0, at));
  }
  return t;
}

inline int parse_int(std::string_view field, std::string_view text) {
  const std::string t = trimmed(text);
  int value = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (t.empty() || ec != std::errc{} || end != t.data() + t.size())
    throw bad_input(
        std::string(field), shown(text),
        fmt::format("{}: {} is {}", field, shown(text),
                    ec == std::errc::result_out_of_range ? "out of range" : "not a whole number; give digits, e.g. 3"));
  return value;
}

// A typed term: the exact term, or a unique start of one, which is then said on stderr so
// that nothing is picked silently; a start shared by several terms is refused, naming them.
// The same rule for every term option.
inline std::string parse_term(const Vocabulary& vocabulary, std::string_view field, std::string_view text) {
  check_text(field, text, kTermMax);
  const std::string typed = normalize_term(text);
  if (vocabulary.contains(typed)) return typed;
  if (const auto form = term_of_word_form(vocabulary, typed)) {
    fmt::print(stderr, "note: {} {} read as {}\n", field, shown(text), *form);
    return std::string(*form);
  }
  std::vector<std::string_view> starts;
  for (auto term : vocabulary.terms)
    if (!typed.empty() && term.starts_with(typed)) starts.push_back(term);
  if (starts.size() == 1) {
    fmt::print(stderr, "note: {} {} read as {}\n", field, shown(text), starts.front());
    return std::string(starts.front());
  }
  if (starts.size() > 1)
    throw bad_input(std::string(field), shown(text),
                    fmt::format("{}: {} could be {}; type more of it", field, shown(text), fmt::join(starts, ", ")));
  throw bad_input(std::string(field), shown(text),
                  fmt::format("{}: unknown term {}; accepted: {}", field, shown(trimmed(text)), vocabulary.joined()));
}

inline Terms parse_terms(const Vocabulary& vocabulary, std::string_view field, std::string_view text) {
  Terms terms;
  const std::string all = normalize_term(text);
  if (all.empty() || (all == "none" && !vocabulary.contains("none"))) return terms;  // explicitly none
  std::size_t start = 0;
  const std::string raw(text);
  while (start <= raw.size()) {
    std::size_t comma = raw.find(',', start);
    if (comma == std::string::npos) comma = raw.size();
    const std::string item = trimmed(std::string_view(raw).substr(start, comma - start));
    if (!item.empty()) {
      std::string term = parse_term(vocabulary, field, item);
      if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(std::move(term));
    }
    start = comma + 1;
  }
  return terms;
}

// `profile --medications` takes classes; a medicine's name there (`metformin`) is refused
// pointing to the list that takes names.
inline Terms parse_terms_or_name(const Vocabulary& vocabulary, std::string_view field, std::string_view text) {
  try {
    return parse_terms(vocabulary, field, text);
  } catch (const Error&) {
    if (field != "medications" || !classify(trimmed(text))) throw;
    throw bad_input(std::string(field), shown(text),
                    fmt::format("{}: {} is a medicine's name, not a class; add it by name with `diary meds add {}`",
                                field, shown(text), trimmed(text)));
  }
}

template <class Record>
class FieldOptions {
 public:
  // `aliases` adds names to a field's option, e.g. {"duration_min", "--duration,-d"}.
  void add_to(CLI::App& app, std::span<const Field<Record>> fields,
              const std::map<std::string_view, std::string>& aliases = {}) {
    fields_ = fields;
    for (const auto& field : fields) {
      const std::string name = option_name(field.name);
      std::string names = "--" + name;
      if (auto it = aliases.find(field.name); it != aliases.end()) names += "," + it->second;
      if (std::holds_alternative<std::optional<bool> Record::*>(field.member)) {
        app.add_flag(names, flags_[std::string(field.name)].yes, std::string(field.help));
        app.add_flag("--no-" + name, flags_[std::string(field.name)].no, fmt::format("not: {}", field.help));
        continue;
      }
      std::string help(field.help);
      if (field.vocabulary)
        help += fmt::format(
            " ({}{})", field.vocabulary->joined(),
            std::holds_alternative<std::optional<Terms> Record::*>(field.member) ? "; comma-separated" : "");
      const auto* opt = app.add_option(names, raw_[std::string(field.name)], help);
      if (field.vocabulary)
        mark_terms(opt, *field.vocabulary, std::holds_alternative<std::optional<Terms> Record::*>(field.member));
    }
  }

  // True when the option of `field` was given (either form of a flag).
  bool given(std::string_view field) const {
    const std::string key(field);
    if (auto it = raw_.find(key); it != raw_.end() && !it->second.empty()) return true;
    if (auto it = flags_.find(key); it != flags_.end() && (it->second.yes || it->second.no)) return true;
    return false;
  }

  // The text given to the option of `field`, as typed; empty when not given.
  std::string raw(std::string_view field) const {
    const auto it = raw_.find(std::string(field));
    return it == raw_.end() ? std::string() : it->second;
  }

  // True when any of the field options was given.
  bool any() const {
    for (const auto& [name, value] : raw_)
      if (!value.empty()) return true;
    for (const auto& [name, flag] : flags_)
      if (flag.yes || flag.no) return true;
    return false;
  }

  // Writes the given options into `record`. Times are read in ctx's zone, as the most
  // recent such moment not after `anchor`.
  void apply(Record& record, Context& ctx, date::sys_seconds anchor) const {
    for (const auto& field : fields_) {
      const std::string key(field.name);
      const std::string opt = "--" + option_name(field.name);
      std::visit(
          [&](auto member) {
            auto& slot = record.*member;
            using V = std::decay_t<decltype(*slot)>;
            if constexpr (std::is_same_v<V, bool>) {
              const auto& flag = flags_.at(key);
              if (flag.yes && flag.no)
                throw bad_input(key, "both",
                                fmt::format("{}: give {} or --no-{}, not both", key, opt, option_name(key)));
              if (flag.yes) slot = true;
              if (flag.no) slot = false;
            } else {
              const auto& text = raw_.at(key);
              if (text.empty()) return;
              // The input gate; a list option may name many terms, each bounded by validation.
              check_text(key, text, kNoteMax, key == "note" ? TextKind::multi_line : TextKind::single_line);
              if constexpr (std::is_same_v<V, Instant>) {
                auto parsed = clock::parse_time(text, ctx.zone(), anchor, key);
                if (!parsed.notice.empty()) fmt::print(stderr, "note: {}\n", parsed.notice);
                slot = parsed.instant;
              } else if constexpr (std::is_same_v<V, double>) {
                slot = clock::parse_duration(text, key);
              } else if constexpr (std::is_same_v<V, int>) {
                slot = parse_int(key, without_scale(text, field.max));
              } else if constexpr (std::is_same_v<V, std::string>) {
                slot = field.vocabulary ? parse_term(*field.vocabulary, key, text) : text;
              } else {
                slot = parse_terms_or_name(*field.vocabulary, key, text);
              }
            }
          },
          field.member);
    }
  }

 private:
  struct Flag {
    bool yes = false;
    bool no = false;
  };
  std::span<const Field<Record>> fields_;
  std::map<std::string, std::string> raw_;
  std::map<std::string, Flag> flags_;
};

}  // namespace diary::cli
