// The guided form of `diary log`, for someone half awake: every question can be skipped
// with Enter, choices are numbered and accept a number, a word or a prefix, and a wrong
// answer asks again instead of failing.
#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "field_options.hpp"
#include "format.hpp"

namespace diary::cli {
namespace {

class Form {
 public:
  explicit Form(Context& ctx) : ctx_(ctx) {}

  // The answer, trimmed; nullopt at end of input.
  std::optional<std::string> ask(std::string_view question, std::string_view hint = {}) {
    fmt::print("{} {}{}", bold(ctx_, fmt::format("{:>2}.", ++number_)), question,
               hint.empty() ? std::string() : " " + dim(ctx_, fmt::format("[{}]", hint)));
    fmt::print(" > ");
    std::fflush(stdout);
    std::string line;
    if (!std::getline(std::cin, line)) {
      ended_ = true;
      fmt::print("\n");
      return std::nullopt;
    }
    answered_ = answered_ || !trimmed(line).empty();
    return trimmed(line);
  }

  void again(std::string_view why) {
    --number_;
    fmt::print("    {}\n", red(ctx_, why));
  }

  void show_choices(const Vocabulary& vocabulary, bool with_other) {
    std::string line = "   ";
    std::size_t width = 3;
    std::size_t n = 0;
    auto add = [&](std::string_view term) {
      std::string label = fmt::format("{} {}", ++n, term);
      for (auto& c : label)
        if (c == '_') c = ' ';
      if (width + label.size() + 2 > 78) {
        fmt::print("{}\n", line);
        line = "   ";
        width = 3;
      }
      line += "  " + label;
      width += label.size() + 2;
    };
    for (auto term : vocabulary.terms) add(term);
    if (with_other && !vocabulary.contains_plain_other()) add("other");
    fmt::print("{}\n", dim(ctx_, line));
  }

  std::optional<std::string> one_term(std::string_view question, const Vocabulary& vocabulary) {
    show_choices(vocabulary, false);
    while (auto answer = ask(question, "number or word")) {
      if (answer->empty()) return std::nullopt;
      if (auto term = resolve_term(vocabulary, *answer, true)) return term;
      again(fmt::format("\"{}\" is not one of the choices; type its number or the start of the word", *answer));
    }
    return std::nullopt;
  }

  std::optional<Terms> terms(std::string_view question, const Vocabulary& vocabulary, bool none_is_empty) {
    show_choices(vocabulary, true);
    while (auto answer = ask(question, none_is_empty ? "numbers or words, comma-separated; 0 for none"
                                                     : "numbers or words, comma-separated")) {
      if (answer->empty()) return std::nullopt;
      if (none_is_empty && (*answer == "0" || normalize_term(*answer) == "none" || normalize_term(*answer) == "no"))
        return Terms{};
      Terms out;
      std::string bad;
      std::string rest = *answer;
      for (char& c : rest)
        if (c == ' ' && rest.find(',') == std::string::npos) c = ',';  // "1 3" works like "1,3"
      std::size_t start = 0;
      while (start <= rest.size()) {
        auto comma = rest.find(',', start);
        if (comma == std::string::npos) comma = rest.size();
        const std::string item = trimmed(std::string_view(rest).substr(start, comma - start));
        start = comma + 1;
        if (item.empty()) continue;
        auto term = resolve_term(vocabulary, item, true);
        if (!term) {
          bad = item;
          break;
        }
        if (std::find(out.begin(), out.end(), *term) == out.end()) out.push_back(*term);
      }
      if (bad.empty()) return out;
      again(fmt::format("\"{}\" is not one of the choices; type numbers or word starts, e.g. 1,3", bad));
    }
    return std::nullopt;
  }

  std::optional<bool> yes_no(std::string_view question) {
    while (auto answer = ask(question, "y/n")) {
      if (answer->empty()) return std::nullopt;
      const auto a = normalize_term(*answer);
      if (a == "y" || a == "yes" || a == "1") return true;
      if (a == "n" || a == "no" || a == "0") return false;
      again("answer y or n, or press Enter to skip");
    }
    return std::nullopt;
  }

  bool ended() const { return ended_; }
  bool answered() const { return answered_; }

 private:
  Context& ctx_;
  int number_ = 0;
  bool ended_ = false;
  bool answered_ = false;
};

}  // namespace

std::optional<Episode> guided_episode(Context& ctx) {
  Form form(ctx);
  Episode e;
  const auto now = ctx.now();
  fmt::print("{}\n",
             dim(ctx, "How were your legs? Enter skips a question; Ctrl-D saves what you have; Ctrl-C cancels."));

  e.onset = clock::in_zone(now, ctx.zone());
  while (auto answer = form.ask("When did it start?", "now; or 2:10, 23:40, yesterday 23:40")) {
    if (answer->empty()) break;
    try {
      auto parsed = clock::parse_time(*answer, ctx.zone(), now, "onset");
      e.onset = parsed.instant;
      if (!parsed.notice.empty()) fmt::print("    {}\n", parsed.notice);
      break;
    } catch (const Error& err) { form.again(err.what()); }
  }
  if (!form.ended()) {
    while (auto answer = form.ask("How long did it last?", "90s, 5m, 1h20m, or minutes")) {
      if (answer->empty()) break;
      try {
        e.duration_min = clock::parse_duration(*answer, "duration");
        break;
      } catch (const Error& err) { form.again(err.what()); }
    }
  }
  if (!form.ended()) e.locations = form.terms("Where in the leg?", vocab::locations, false);
  if (!form.ended()) e.side = form.one_term("Which side?", vocab::side);
  if (!form.ended()) e.sensations = form.terms("What did it feel like?", vocab::sensations, false);
  if (!form.ended() && e.sensations) {
    const auto& s = *e.sensations;
    const bool crampy =
        std::any_of(s.begin(), s.end(), [](const auto& t) { return t == "cramp" || t == "knot" || t == "tightness"; });
    if (crampy) e.muscle_hard = form.yes_no("Was the muscle hard or knotted?");
  }
  if (!form.ended()) {
    while (auto answer = form.ask("How bad, 0 (none) to 10 (worst)?")) {
      if (answer->empty()) break;
      try {
        const int v = parse_int("intensity", *answer);
        if (v < 0 || v > 10) throw bad_input("intensity", *answer, "intensity: give a number from 0 to 10");
        e.intensity = v;
        break;
      } catch (const Error& err) { form.again(err.what()); }
    }
  }
  if (!form.ended()) e.posture = form.one_term("How were you lying when it began?", vocab::posture);
  if (!form.ended()) e.relief = form.terms("What did you try, in order?", vocab::relief, false);
  if (!form.ended() && e.relief && !e.relief->empty() && (*e.relief)[0] != "none")
    e.relief_effect = form.one_term("Did it help?", vocab::relief_effect);
  if (!form.ended() && e.relief && std::find(e.relief->begin(), e.relief->end(), "medication") != e.relief->end())
    if (auto name = form.ask("Which medicine did you take?", "as on the pack; Enter to skip"); name && !name->empty())
      e.relief_medicine = *name;
  if (!form.ended()) e.returned_when_still = form.yes_no("Did it come back when you lay still again?");
  if (!form.ended()) e.signs = form.terms("Anything unusual about the leg?", vocab::signs, true);
  if (form.ended() && !form.answered()) return std::nullopt;
  return e;
}

}  // namespace diary::cli
