#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "diary/app/emergency.hpp"
#include "diary/app/episodes.hpp"
#include "diary/app/nights.hpp"
#include "diary/json_io.hpp"
#include "diary/medicines.hpp"
#include "field_options.hpp"
#include "format.hpp"

namespace diary::cli {
namespace {

struct NightOptions {
  std::string date;
  std::string key;
  bool json = false;
  FieldOptions<Night> fields;
};

struct ProfileOptions {
  bool json = false;
  FieldOptions<Profile> fields;
};

std::string profile_text(const Profile& p) {
  std::vector<std::string> parts;
  if (p.birth_year) parts.push_back(fmt::format("born {}", *p.birth_year));
  if (p.smoking) parts.push_back(fmt::format("smoking: {}", *p.smoking));
  if (p.conditions)
    parts.push_back(fmt::format("conditions: {}", p.conditions->empty() ? "none" : join(*p.conditions)));
  if (p.medications)
    parts.push_back(fmt::format("medications: {}", p.medications->empty() ? "none" : join(*p.medications)));
  std::vector<std::string> named;  // the medicines by name (`diary meds`), those still taken
  for (const auto& m : p.medicines)
    if (!m.stopped) named.push_back(medicine_with_classes(m));
  if (!named.empty()) parts.push_back(fmt::format("medicines: {}", join(named)));
  const std::string number = "Emergency number: " + app::describe(app::emergency_number(p)) + ".";
  if (parts.empty())
    return "Profile: nothing recorded yet (diary profile --birth-year 1951 --smoking never ...)\n" + number;
  std::string out = "Profile: ";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
  return out + "\n" + number;
}

// The night as it stands: its episodes first, then what the night's entry records.
void print_night(Context& ctx, date::year_month_day day, const std::optional<Night>& stored,
                 const std::vector<Episode>& episodes) {
  const std::string name = date::format("%a %d %b %Y", date::sys_days{day});
  if (episodes.empty())
    fmt::print("Night of {}: no episodes logged.\n", bold(ctx, name));
  else
    fmt::print("Night of {}: {} logged:\n", bold(ctx, name),
               episodes.size() == 1 ? std::string("1 episode") : fmt::format("{} episodes", episodes.size()));
  for (const auto& e : episodes) fmt::print("  episode {}: {}\n", e.id, describe(e));
  if (stored)
    fmt::print("Recorded: {}\n", describe(*stored));
  else if (episodes.empty())
    fmt::print("Nothing else recorded for this night yet.\n");
}

// `diary night` with no options: shows the night, then (on a terminal) asks its questions.
void check_in(Context& ctx, date::year_month_day day, const std::string& key) {
  const auto stored = app::night(ctx.store(), day);
  const auto episodes = app::list_episodes(ctx.store(), day, day);
  print_night(ctx, day, stored, episodes);
  if (!ctx.interactive()) {
    if (!stored && episodes.empty())
      fmt::print(
          "Check in on a terminal with `diary night`, or record it with `diary night --quiet` (no episodes) "
          "or `diary log` (an episode).\n");
    return;
  }
  Night base = stored.value_or(Night{});
  base.night = day;
  const auto answers = guided_night(ctx, base, !episodes.empty());
  if (!answers) {
    fmt::print("Nothing saved.\n");
    return;
  }
  fmt::print("Saved {}\n", describe(app::record_night(ctx.store(), *answers, ctx.now(), ctx.zone(),
                                                      key.empty() ? std::nullopt : std::optional(key))));
}

}  // namespace

void add_night_commands(CLI::App& app, Context& ctx) {
  auto night_opts = std::make_shared<NightOptions>();
  auto* night =
      app.add_subcommand("night",
                         "The morning check-in: shows the night's episodes, then asks about the night (on a terminal, "
                         "with no options); with options, records them; --quiet: a night with no episodes");
  night->add_option(
      "--date", night_opts->date,
      "the night, named by its evening: today, yesterday, last night, a weekday or YYYY-MM-DD (default: last night)");
  night->add_option("--key", night_opts->key, "idempotency key: the same key twice saves once (1-128 characters)");
  night->add_flag("--json", night_opts->json, "print the night as JSON");
  night_opts->fields.add_to(*night, night_fields(), {{"sleep_quality", "-q"}, {"note", "-n"}});
  night->callback([&ctx, night_opts] {
    const auto now = ctx.now();
    std::optional<date::year_month_day> day;
    if (!night_opts->date.empty()) day = clock::parse_day(night_opts->date, ctx.zone(), now, "date");
    Night update;
    night_opts->fields.apply(update, ctx, day ? app::night_anchor(ctx.zone(), *day) : now);
    update.night = day ? *day : app::default_night(update, now, ctx.zone());
    validate(update);  // bad input is refused before the diary is opened

    if (!night_opts->fields.any()) {
      if (night_opts->json) {
        const auto stored = app::night(ctx.store(), update.night);
        fmt::print("{}\n", stored ? json_io::to_json(*stored).dump(2) : "null");
        return;
      }
      app::refuse_future_night(update.night, now, ctx.zone());  // before its questions, not after
      return check_in(ctx, update.night, night_opts->key);
    }
    std::optional<std::string> key;
    if (!night_opts->key.empty()) key = night_opts->key;
    const Night saved = app::record_night(ctx.store(), update, now, ctx.zone(), key);
    fmt::print("Saved {}\n", describe(saved));
    print_red_flags(ctx, app::night_red_flags(ctx.store(), saved));
  });

  auto profile_opts = std::make_shared<ProfileOptions>();
  auto* profile =
      app.add_subcommand("profile", "Show or set the profile (birth year, smoking, conditions, medications)");
  profile->add_flag("--json", profile_opts->json, "print the profile as JSON");
  profile_opts->fields.add_to(*profile, profile_fields());
  profile->callback([&ctx, profile_opts] {
    if (!profile_opts->fields.any()) {
      const auto p = app::profile(ctx.store());
      fmt::print("{}\n", profile_opts->json ? json_io::to_json(p).dump(2) : profile_text(p));
      return;
    }
    Profile update;
    profile_opts->fields.apply(update, ctx, ctx.now());
    validate(update);
    fmt::print("Saved. {}\n", profile_text(app::update_profile(ctx.store(), update)));
  });
}

}  // namespace diary::cli
