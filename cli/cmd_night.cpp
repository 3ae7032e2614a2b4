#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "diary/app/nights.hpp"
#include "diary/json_io.hpp"
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
  if (parts.empty()) return "Profile: nothing recorded yet (diary profile --birth-year 1951 --smoking never ...)";
  std::string out = "Profile: ";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
  return out;
}

}  // namespace

void add_night_commands(CLI::App& app, Context& ctx) {
  auto night_opts = std::make_shared<NightOptions>();
  auto* night =
      app.add_subcommand("night", "Record the night's context: bedtime, wake time, sleep quality, day factors");
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
      const auto stored = app::night(ctx.store(), update.night);
      if (night_opts->json) {
        fmt::print("{}\n", stored ? json_io::to_json(*stored).dump(2) : "null");
      } else {
        fmt::print("{}\n", stored
                               ? describe(*stored)
                               : fmt::format("Nothing recorded for the night of {}.", clock::format_day(update.night)));
      }
      return;
    }
    std::optional<std::string> key;
    if (!night_opts->key.empty()) key = night_opts->key;
    const Night saved = app::record_night(ctx.store(), update, key);
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
