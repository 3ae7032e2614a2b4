#include <unistd.h>

#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "diary/app/episodes.hpp"
#include "field_options.hpp"
#include "format.hpp"

namespace diary::cli {
namespace {

const std::map<std::string_view, std::string> kEpisodeAliases = {
    {"duration_min", "--duration,-d"}, {"locations", "--where,-w"}, {"sensations", "--feel,-f"},
    {"intensity", "-i"},               {"side", "-s"},              {"relief", "-r"},
    {"relief_effect", "-e"},           {"note", "-n"},
};

struct LogOptions {
  std::string onset;
  FieldOptions<Episode> fields;
};

struct EditOptions {
  std::int64_t id = 0;
  std::string onset;
  std::vector<std::string> clear;
  FieldOptions<Episode> fields;
};

// Clears the named fields (`--clear note,signs`): back to unknown.
void clear_fields(Episode& e, const std::vector<std::string>& names) {
  for (const auto& raw : names) {
    const std::string name = normalize_term(raw);
    bool found = false;
    for (const auto& field : episode_fields()) {
      if (field.name != name) continue;
      std::visit([&](auto member) { (e.*member).reset(); }, field.member);
      found = true;
    }
    if (!found) {
      std::string names_list;
      for (const auto& field : episode_fields()) names_list += (names_list.empty() ? "" : ", ") + std::string(field.name);
      throw bad_input("clear", raw, fmt::format("clear: \"{}\" is not an episode field; fields: {}", raw, names_list));
    }
  }
}

// `--clear note --note x` says two opposite things: refused rather than one silently winning.
void refuse_clear_and_set(const EditOptions& o) {
  for (const auto& raw : o.clear) {
    const std::string name = normalize_term(raw);
    if (o.fields.given(name))
      throw bad_input("clear", raw,
                      fmt::format("clear: {} is both cleared and given; give one of --clear {} or --{}", name, raw,
                                  option_name(name)));
  }
}

// An episode id as typed: a whole number that fits, else the value as given is named
// (CLI11 alone would read 99999999999999999999 as the largest id).
const CLI::Validator kEpisodeId(
    [](std::string& text) -> std::string {
      std::int64_t id = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
      if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || id <= 0)
        return fmt::format("{} is not an episode id (see diary list)", shown(text));
      return {};
    },
    "ID");


}  // namespace

void add_log_commands(CLI::App& app, Context& ctx) {
  // log
  auto log_opts = std::make_shared<LogOptions>();
  auto* log = app.add_subcommand("log", "Record one episode (with no options on a terminal, asks step by step)");
  log->add_option("--onset,--at,-a", log_opts->onset,
                  "when it began: 02:10, 2:10am, yesterday 23:40, 2026-11-21T02:10 (default: now)");
  log_opts->fields.add_to(*log, episode_fields(), kEpisodeAliases);
  log->callback([&ctx, log_opts] {
    Episode episode;
    if (log_opts->onset.empty() && !log_opts->fields.any() && ctx.interactive()) {
      auto answered = guided_episode(ctx);
      if (!answered) {
        fmt::print("Nothing saved.\n");
        return;
      }
      episode = std::move(*answered);
    } else {
      const auto now = ctx.now();
      if (log_opts->onset.empty()) {
        episode.onset = clock::in_zone(now, ctx.zone());
      } else {
        auto parsed = clock::parse_time(log_opts->onset, ctx.zone(), now, "onset");
        if (!parsed.notice.empty()) fmt::print(stderr, "note: {}\n", parsed.notice);
        episode.onset = parsed.instant;
      }
      log_opts->fields.apply(episode, ctx, now);
    }
    validate(episode);  // bad input is refused before the diary is opened (or created)
    const auto saved = app::log_episode(ctx.store(), std::move(episode));
    fmt::print("Saved episode {}: {}\n", bold(ctx, std::to_string(saved.episode.id)), describe(saved.episode));
    print_red_flags(ctx, saved.red_flags);
  });

  // edit
  auto edit_opts = std::make_shared<EditOptions>();
  auto* edit = app.add_subcommand("edit", "Change fields of one episode");
  edit->add_option("id", edit_opts->id, "the episode's id (see `diary list`)")->required()->check(kEpisodeId);
  edit->add_option("--onset,--at,-a", edit_opts->onset, "new onset time");
  edit->add_option("--clear", edit_opts->clear, "fields to make unknown again, e.g. --clear note,signs")
      ->delimiter(',');
  edit_opts->fields.add_to(*edit, episode_fields(), kEpisodeAliases);
  edit->callback([&ctx, edit_opts] {
    refuse_clear_and_set(*edit_opts);
    const auto now = ctx.now();
    std::optional<Instant> onset;
    if (!edit_opts->onset.empty()) {
      auto parsed = clock::parse_time(edit_opts->onset, ctx.zone(), now, "onset");
      if (!parsed.notice.empty()) fmt::print(stderr, "note: {}\n", parsed.notice);
      onset = parsed.instant;
    }
    const auto edited = app::edit_episode(ctx.store(), edit_opts->id, [&](Episode& episode) {
      if (onset) episode.onset = *onset;
      clear_fields(episode, edit_opts->clear);
      edit_opts->fields.apply(episode, ctx, now);
    });
    const auto& episode = edited.saved.episode;
    if (!edited.changed) {
      fmt::print("Episode {} unchanged: {}\n", episode.id, describe(episode));
      return;
    }
    fmt::print("Updated episode {}: {}\n", bold(ctx, std::to_string(episode.id)), describe(episode));
    print_red_flags(ctx, edited.saved.red_flags);
  });

  // delete
  auto del_id = std::make_shared<std::int64_t>(0);
  auto del_yes = std::make_shared<bool>(false);
  auto* del = app.add_subcommand("delete", "Remove one episode (asks first on a terminal)");
  del->add_option("id", *del_id, "the episode's id (see `diary list`)")->required()->check(kEpisodeId);
  del->add_flag("--yes,-y", *del_yes, "do not ask");
  del->callback([&ctx, del_id, del_yes] {
    // Read, ask, then delete in its own short transaction: no writer waits while the
    // person reads the question.
    const Episode found = app::episode(ctx.store(), *del_id);
    if (!*del_yes) {
      if (!ctx.interactive())
        throw bad_input("yes", "", fmt::format("delete: not on a terminal, so give --yes to delete episode {}", *del_id));
      fmt::print("Delete episode {} ({})? [y/N] ", *del_id, describe(found));
      std::fflush(stdout);
      std::string answer;
      std::getline(std::cin, answer);
      if (answer.empty() || (answer[0] != 'y' && answer[0] != 'Y')) {
        fmt::print("Kept.\n");
        return;
      }
    }
    app::delete_episode(ctx.store(), *del_id);
    fmt::print("Deleted episode {}.\n", *del_id);
  });
}

}  // namespace diary::cli
