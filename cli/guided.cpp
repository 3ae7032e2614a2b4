// The guided forms of `diary log` and of the morning check-in (`diary night`), for someone
// half awake: every question can be skipped with Enter, choices are numbered and accept a
// number, a word or a prefix, and a wrong answer asks again (saying what is accepted)
// instead of failing.
#include <algorithm>
#include <array>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "commands.hpp"
#include "diary/app/nights.hpp"
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

namespace {

// "e.g. 22:45; Enter keeps 23:05": the hint, and what the night already records (kept on Enter).
std::string kept(std::string_view hint, const std::optional<std::string>& now) {
  return now ? fmt::format("{}; Enter keeps {}", hint, *now) : std::string(hint);
}

std::optional<std::string> time_text(const std::optional<Instant>& t) {
  if (!t) return std::nullopt;
  return date::format("%H:%M", t->local());
}

// A clock time for the night, asked until it reads (or is skipped).
std::optional<Instant> night_time(Form& form, Context& ctx, const Night& stored, std::string_view question,
                                  std::string_view field, const std::optional<Instant>& now_value) {
  const auto anchor = app::night_anchor(ctx.zone(), stored.night);
  while (auto answer = form.ask(question, kept(field == "bed" ? "e.g. 22:45" : "e.g. 06:40", time_text(now_value)))) {
    if (answer->empty()) return std::nullopt;
    try {
      Night probe;
      probe.night = stored.night;
      const auto parsed = clock::parse_time(*answer, ctx.zone(), anchor, field);
      (field == "bed" ? probe.bed : probe.wake) = parsed.instant;
      validate(probe);  // in the night, and the year kept
      return parsed.instant;
    } catch (const Error& err) { form.again(err.what()); }
  }
  return std::nullopt;
}

// The scale's words a tired person types instead of its number ("good" for 4).
std::optional<int> sleep_word(std::string_view answer) {
  const std::string a = normalize_term(answer);
  constexpr std::array<std::string_view, 5> kWords = {"very_poor", "poor", "ok", "good", "very_good"};
  for (std::size_t i = 0; i < kWords.size(); ++i)
    if (a == kWords[i]) return static_cast<int>(i) + 1;
  if (a == "fair") return 3;
  return std::nullopt;
}

}  // namespace

std::optional<Night> guided_night(Context& ctx, const Night& stored, bool has_episodes) {
  Form form(ctx);
  Night n;
  n.night = stored.night;
  fmt::print("{}\n", dim(ctx,
                         "Enter skips a question (and keeps what is recorded); Ctrl-D saves what you have; "
                         "Ctrl-C cancels."));
  if (!has_episodes) {
    const auto quiet = form.yes_no("A quiet night, no episodes?");
    if (quiet && *quiet) n.quiet = true;
    if (quiet && !*quiet) fmt::print("    {}\n", dim(ctx, "Log each episode afterwards with: diary log"));
  }
  if (!form.ended()) n.bed = night_time(form, ctx, stored, "When did you go to bed?", "bed", stored.bed);
  if (!form.ended()) n.wake = night_time(form, ctx, stored, "When did you get up?", "wake", stored.wake);
  while (!form.ended()) {
    const auto now = stored.sleep_quality ? std::optional(std::to_string(*stored.sleep_quality)) : std::nullopt;
    const auto answer =
        form.ask("How did you sleep, 1 (very poor) to 5 (very good), or in a word (poor, ok, good)?", kept("1-5", now));
    if (!answer || answer->empty()) break;
    try {
      const auto word = sleep_word(*answer);
      const int v = word ? *word : parse_int("sleep_quality", *answer);
      if (v < 1 || v > 5) throw bad_input("sleep_quality", *answer, "sleep quality: give a number from 1 to 5");
      n.sleep_quality = v;
      break;
    } catch (const Error& err) { form.again(err.what()); }
  }
  if (!form.ended()) n.exercise = form.one_term("Exercise yesterday?", vocab::exercise);
  if (!form.ended()) n.hydration = form.one_term("How much did you drink yesterday?", vocab::hydration);
  if (!form.ended()) n.caffeine_late = form.yes_no("Coffee, tea or cola in the afternoon or evening?");
  if (!form.ended()) n.alcohol = form.yes_no("Alcohol in the evening?");
  if (!form.ended()) {
    const auto answer =
        form.ask("A new medicine started yesterday?", kept("its name, or n for none", stored.new_medication));
    if (answer && !answer->empty()) {
      const auto a = normalize_term(*answer);
      n.new_medication = (a == "n" || a == "no" || a == "none" || a == "0") ? std::string() : *answer;
    }
  }
  if (!form.answered()) return std::nullopt;
  return n;
}

}  // namespace diary::cli
