#include <unistd.h>

#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "diary/app/episodes.hpp"
#include "diary/json_io.hpp"
#include "diary/report/analysis.hpp"
#include "field_options.hpp"
#include "format.hpp"

namespace diary::cli {
namespace {

const std::map<std::string_view, std::string> kEpisodeAliases = {
    {"duration_min", "--duration,-d"},
    {"locations", "--where,-w"},
    {"sensations", "--feel,-f"},
    {"intensity", "-i"},
    {"side", "-s"},
    {"relief", "-r"},
    {"relief_effect", "-e"},
    {"note", "-n"},
};

constexpr const char* kKeyHelp = "idempotency key: the same key twice saves once (1-128 printable characters)";
constexpr const char* kRefHelp = "the episode: its id (see `diary list`), last, or last-1, last-2, ...";

// The options of log and start: when, a key, the fields.
struct LogOptions {
  std::string onset;
  std::string key;
  bool json = false;
  FieldOptions<Episode> fields;
};

struct StopOptions {
  std::string at;
  std::string key;
  bool json = false;
  FieldOptions<Episode> fields;
};

struct EditOptions {
  std::string ref;
  std::string onset;
  std::vector<std::string> clear;
  bool json = false;
  FieldOptions<Episode> fields;
};

constexpr const char* kJsonHelp =
    "print the saved episode as JSON, with its red_flags and replayed, as the web API answers";

std::optional<std::string> key_of(const std::string& key) {
  if (key.empty()) return std::nullopt;
  return key;
}

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
      for (const auto& field : episode_fields())
        names_list += (names_list.empty() ? "" : ", ") + std::string(field.name);
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

// A TIME option read with its notice (a repeated hour, a fast watch) on stderr.
Instant read_time(Context& ctx, const std::string& text, std::string_view field) {
  auto parsed = clock::parse_time(text, ctx.zone(), ctx.now(), field);
  if (!parsed.notice.empty()) fmt::print(stderr, "note: {}\n", parsed.notice);
  return parsed.instant;
}

// The episode that `log` or `start` describes (not yet checked).
Episode episode_from(Context& ctx, const LogOptions& o) {
  Episode episode;
  episode.onset = o.onset.empty() ? clock::in_zone(ctx.now(), ctx.zone()) : read_time(ctx, o.onset, "onset");
  o.fields.apply(episode, ctx, ctx.now());
  return episode;
}

// One answer on the terminal, lower-case; empty at end of input.
std::string ask(const std::string& question) {
  fmt::print("{}", question);
  std::fflush(stdout);
  std::string answer;
  if (!std::getline(std::cin, answer)) return {};
  for (auto& c : answer) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!answer.empty() && std::isspace(static_cast<unsigned char>(answer.back()))) answer.pop_back();
  return answer;
}

std::string episode_line(const Episode& e) { return fmt::format("episode {} ({})", e.id, describe(e)); }

void print_saved(Context& ctx, const char* verb, const app::Saved& saved, bool json = false) {
  if (json) {
    fmt::print("{}\n", report::saved_json(saved.episode, saved.red_flags, saved.replayed).dump(2));
    return;
  }
  if (saved.replayed)
    fmt::print("Already saved with this key: episode {}: {}\n", saved.episode.id, describe(saved.episode));
  else
    fmt::print("{} episode {}: {}\n", verb, bold(ctx, std::to_string(saved.episode.id)), describe(saved.episode));
  print_red_flags(ctx, saved.red_flags);  // a replay's too: its first answer may have been lost
}

// On a terminal: what to do with an entry close to `other`. 's' save a second, 'a' add to
// the other, 'c' cancel. Asked before any write transaction opens.
char ask_about_duplicate(const Episode& other) {
  fmt::print("Within 10 minutes of {}.\n", episode_line(other));
  const std::string a = ask(fmt::format(
      "  [s] save this as a second episode\n  [a] add these details to episode {}\n  [c] cancel\nChoose s, a or c: ",
      other.id));
  return a.empty() ? 'c' : a[0];
}

// An entry that was not saved (refused, cancelled, or the diary could not be written) still
// shows the warning signs it carries: a person who typed "calf swollen and hot" at 2 a.m.
// must learn what to do even if the entry could not be kept. Reads no diary. On stderr
// under --json, so that stdout stays one JSON document or nothing.
void warn_unsaved(Context& ctx, const Episode& episode, bool json) {
  const auto flags = app::unsaved_red_flags(episode);
  if (flags.empty()) return;
  std::FILE* to = json ? stderr : stdout;
  fmt::print(to, "Nothing was saved, but what you entered shows a warning sign:\n");
  if (json) {
    for (const auto& f : flags) fmt::print(stderr, "!! WARNING SIGN: {}\n", f.message);
  } else {
    print_flag_lines(ctx, flags);
  }
  std::fflush(to);
}

void log_episode(Context& ctx, Episode episode, const std::optional<std::string>& key, bool json = false) {
  std::optional<app::Saved> saved;
  try {
    validate(episode);  // bad input is refused before the diary is opened (or created)
    // On a terminal a likely double is asked about before saving; otherwise the save finds
    // it itself (saved.nearby) and a note follows.
    const auto other = ctx.interactive() && !json ? app::nearby_episode(ctx.store(), episode) : std::nullopt;
    if (other) {
      const char choice = ask_about_duplicate(*other);
      if (choice == 'a') {
        const auto edited = app::add_to_episode(ctx.store(), other->id, episode);
        fmt::print("Added to episode {}: {}\n", bold(ctx, std::to_string(other->id)), describe(edited.saved.episode));
        print_red_flags(ctx, edited.saved.red_flags);
        return;
      }
      if (choice != 's') {
        fmt::print("Nothing saved.\n");
        warn_unsaved(ctx, episode, json);
        return;
      }
    }
    saved = app::log_episode(ctx.store(), episode, key);
  } catch (...) {
    warn_unsaved(ctx, episode, json);
    throw;  // main says why, in one line
  }
  // Saved from here on: nothing below may say otherwise.
  print_saved(ctx, "Saved", *saved, json);
  if (saved->nearby && !(ctx.interactive() && !json) && !saved->replayed)
    fmt::print(stderr, "note: within 10 minutes of episode {} ({}); if it is the same one: diary delete last --yes\n",
               saved->nearby->id, describe(*saved->nearby));
}

void add_log(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<LogOptions>();
  auto* log = app.add_subcommand("log", "Record one episode (with no options on a terminal, asks step by step)");
  log->add_option(
      "--onset,--at,-a", o->onset,
      "when it began: 02:10, 2:10am, 2.10, yesterday 23:40, last night 2am, 2026-11-21T02:10 (default: now)");
  log->add_option("--key", o->key, kKeyHelp);
  log->add_flag("--json", o->json, kJsonHelp);
  o->fields.add_to(*log, episode_fields(), kEpisodeAliases);
  log->callback([&ctx, o] {
    if (o->onset.empty() && !o->fields.any() && o->key.empty() && !o->json && ctx.interactive()) {
      auto answered = guided_episode(ctx);
      if (!answered) {
        fmt::print("Nothing saved.\n");
        return;
      }
      return log_episode(ctx, std::move(*answered), std::nullopt);
    }
    std::optional<Episode> episode;
    try {
      episode = episode_from(ctx, *o);
    } catch (...) {  // a field could not be read: what the note says on its own still shows
      Episode noted;
      noted.onset = clock::in_zone(ctx.now(), ctx.zone());
      if (const auto note = o->fields.raw("note"); !note.empty()) noted.note = note;
      warn_unsaved(ctx, noted, o->json);
      throw;
    }
    log_episode(ctx, std::move(*episode), key_of(o->key), o->json);
  });
}

// A start while another is going: on a terminal, offers to stop that one first.
bool settle_open_episode(Context& ctx, bool json) {
  if (!ctx.interactive() || json) return true;  // app refuses, naming the open one
  const auto going = app::open_episode(ctx.store());
  if (!going) return true;
  const std::string a =
      ask(fmt::format("{} is still going. Stop it now and start the new one? [y/N] ", episode_line(*going)));
  if (a.empty() || a[0] != 'y') return false;
  print_saved(ctx, "Stopped", app::stop_episode(ctx.store(), ctx.now()));
  return true;
}

void add_start(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<LogOptions>();
  auto* start = app.add_subcommand("start", "Record an episode that is still going (close it with `diary stop`)");
  start->add_option("--onset,--at,-a", o->onset, "when it began (default: now)");
  start->add_option("--key", o->key, kKeyHelp);
  start->add_flag("--json", o->json, kJsonHelp);
  o->fields.add_to(*start, episode_fields(), kEpisodeAliases);
  start->callback([&ctx, o] {
    Episode episode = episode_from(ctx, *o);
    episode.open = true;
    validate(episode);
    if (!settle_open_episode(ctx, o->json)) {
      fmt::print("Nothing saved.\n");
      return;
    }
    print_saved(ctx, "Started", app::start_episode(ctx.store(), std::move(episode), key_of(o->key)), o->json);
    if (!o->json) fmt::print("{}\n", dim(ctx, "Close it when it ends with: diary stop"));
  });
}

void add_stop(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<StopOptions>();
  auto* stop = app.add_subcommand("stop", "Close the episode still going: its duration runs until now (or --at)");
  stop->add_option("--at", o->at, "when it ended (default: now)");
  stop->add_option("--key", o->key, kKeyHelp);
  stop->add_flag("--json", o->json, kJsonHelp);
  o->fields.add_to(*stop, episode_fields(), kEpisodeAliases);
  stop->callback([&ctx, o] {
    const auto end = o->at.empty() ? ctx.now() : read_time(ctx, o->at, "at").utc;
    const auto saved = app::stop_episode(
        ctx.store(), end, [&](Episode& e) { o->fields.apply(e, ctx, ctx.now()); }, key_of(o->key));
    print_saved(ctx, "Stopped", saved, o->json);
  });
}

void add_edit(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<EditOptions>();
  auto* edit = app.add_subcommand("edit", "Change fields of one episode");
  edit->add_option("id", o->ref, kRefHelp)->required();
  edit->add_option("--onset,--at,-a", o->onset, "new onset time; a clock time is read within the episode's own night");
  edit->add_option("--clear", o->clear, "fields to make unknown again, e.g. --clear note,signs")->delimiter(',');
  edit->add_flag("--json", o->json, kJsonHelp);
  o->fields.add_to(*edit, episode_fields(), kEpisodeAliases);
  edit->callback([&ctx, o] {
    refuse_clear_and_set(*o);
    const auto id = app::resolve_episode(ctx.store(), o->ref).id;
    const auto edited = app::edit_episode(ctx.store(), id, [&](Episode& episode) {
      if (!o->onset.empty()) {
        auto parsed = clock::parse_time_in_night(o->onset, ctx.zone(), episode.night(), ctx.now(), "onset");
        if (!parsed.notice.empty()) fmt::print(stderr, "note: {}\n", parsed.notice);
        episode.onset = parsed.instant;
      }
      clear_fields(episode, o->clear);
      o->fields.apply(episode, ctx, ctx.now());
    });
    const auto& episode = edited.saved.episode;
    if (o->json) return print_saved(ctx, "Updated", edited.saved, true);
    if (!edited.changed) {
      fmt::print("Episode {} unchanged: {}\n", episode.id, describe(episode));
      return;
    }
    fmt::print("Updated episode {}: {}\n", bold(ctx, std::to_string(episode.id)), describe(episode));
    print_red_flags(ctx, edited.saved.red_flags);
  });
}

void add_delete(CLI::App& app, Context& ctx) {
  auto ref = std::make_shared<std::string>();
  auto yes = std::make_shared<bool>(false);
  auto* del = app.add_subcommand("delete", "Remove one episode (shows it and asks first on a terminal)");
  del->add_option("id", *ref, kRefHelp)->required();
  del->add_flag("--yes,-y", *yes, "do not ask");
  del->callback([&ctx, ref, yes] {
    // Read, ask, then delete in its own short transaction: no writer waits while the
    // person reads the question.
    const Episode found = app::resolve_episode(ctx.store(), *ref);
    if (!*yes) {
      if (!ctx.interactive())
        throw bad_input("yes", "",
                        fmt::format("delete: not on a terminal, so give --yes to delete {}", episode_line(found)));
      const std::string a = ask(fmt::format("Delete {}? [y/N] ", episode_line(found)));
      if (a.empty() || a[0] != 'y') {
        fmt::print("Kept.\n");
        return;
      }
    }
    app::delete_episode(ctx.store(), found.id);
    fmt::print("Deleted {}.\n", episode_line(found));
  });
}

void add_show(CLI::App& app, Context& ctx) {
  auto ref = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto* show = app.add_subcommand("show", "Show one episode");
  show->add_option("id", *ref, kRefHelp)->required();
  show->add_flag("--json", *json, "as JSON (as in list --json)");
  show->callback([&ctx, ref, json] {
    const Episode e = app::resolve_episode(ctx.store(), *ref);
    if (*json) {
      fmt::print("{}\n", json_io::to_json(e, true).dump(2));
      return;
    }
    fmt::print("Episode {}: {}\n", bold(ctx, std::to_string(e.id)), describe(e));
    fmt::print("{}\n", dim(ctx, fmt::format("uuid {}", e.uuid)));
  });
}

}  // namespace

void add_log_command(CLI::App& app, Context& ctx) { add_log(app, ctx); }

void add_log_commands(CLI::App& app, Context& ctx) {
  add_log(app, ctx);
  add_start(app, ctx);
  add_stop(app, ctx);
  add_edit(app, ctx);
  add_delete(app, ctx);
  add_show(app, ctx);
}

}  // namespace diary::cli
