// diary remind: scheduled prompts. add, list, remove and next work on the diary's reminder
// table; check decides whether a prompt is due now (what the timer runs); install and
// uninstall manage a systemd user timer (or print a crontab block); ics writes a calendar.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>

#include <date/tz.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "diary/app/reminders.hpp"
#include "diary/error.hpp"
#include "diary/ics.hpp"
#include "diary/output_file.hpp"
#include "diary/reminder.hpp"
#include "diary/report/units.hpp"
#include "diary/schedule.hpp"
#include "process.hpp"
#include "user_units.hpp"

namespace diary::cli {
namespace {

namespace fs = std::filesystem;
using std::chrono::hours;
using std::chrono::minutes;

using report::kService;
using report::kTimer;

struct AddOptions {
  std::string at;
  std::string kind;
  std::string days;
};

struct NextOptions {
  int count = 5;
  bool json = false;
};

struct InstallOptions {
  bool cron = false;
  bool no_enable = false;
};

// ---- shared -----------------------------------------------------------------------

// Mornings run from 03:00 to 14:59; anything else is an evening (a night owl's 00:30 too).
ReminderKind default_kind(minutes at) {
  return at >= hours{3} && at < hours{15} ? ReminderKind::morning : ReminderKind::evening;
}

std::string utc_text(date::sys_seconds utc) { return date::format("%Y-%m-%dT%H:%M:%SZ", utc); }

std::string describe(const Reminder& r) {
  return fmt::format("{} prompt at {}, {} ({})", to_string(r.kind), format_reminder_at(r.at),
                     describe_reminder_days(r.days), r.zone);
}

nlohmann::ordered_json to_json(const Reminder& r) {
  return {{"id", r.id},
          {"kind", to_string(r.kind)},
          {"at", format_reminder_at(r.at)},
          {"days", reminder_day_names(r.days)},
          {"zone", r.zone},
          {"created", utc_text(r.created)}};
}

const Reminder* find(const std::vector<Reminder>& all, std::int64_t id) {
  for (const auto& r : all)
    if (r.id == id) return &r;
  return nullptr;
}

// The firing as the person sees it: an Instant in the reminder's zone.
Instant local_instant(const schedule::Firing& f, const Reminder& r) {
  return clock::in_zone(f.utc, schedule::zone_of(r));
}

// Writes the timer and its service for `all` (not empty) into `dir`; returns the calendar.
std::vector<std::string> write_units(Context& ctx, const fs::path& dir, const std::vector<Reminder>& all) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw failure(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  const fs::path db = fs::absolute(ctx.store().path());
  const auto calendar = report::on_calendar_lines(all, ctx.now());
  write_output((dir / kService).string(), report::service_text(unit_program(), db.string()), ctx.diary_path());
  write_output((dir / kTimer).string(), report::timer_text(calendar), ctx.diary_path());
  return calendar;
}

void remove_units(const fs::path& dir);

// After add or remove: an installed timer is rewritten at once, so it fires at the new
// times (and removed with the last reminder, since a timer without times cannot load).
void refresh_if_installed(Context& ctx) {
  std::error_code ec;
  fs::path dir;
  try {
    dir = unit_dir();
  } catch (const Error&) { return; }
  if (!fs::exists(dir / kTimer, ec)) return;
  const auto all = app::reminders(ctx.store());
  if (all.empty()) {
    fmt::print("No reminders left, so the installed timer goes too:\n");
    remove_units(dir);
    return;
  }
  write_units(ctx, dir, all);
  if (!find_program("systemctl") || !systemctl_user({"daemon-reload"}) ||
      !systemctl_user({"try-restart", std::string(kTimer)})) {
    fmt::print("Updated {}; run `systemctl --user daemon-reload` for the new times to apply.\n",
               (dir / kTimer).string());
    return;
  }
  fmt::print("Updated the installed timer {} to the new times.\n", (dir / kTimer).string());
}

// ---- check ------------------------------------------------------------------------

std::string night_name(date::year_month_day night) { return date::format("%a %d %b", date::local_days{night}); }

std::string morning_prompt(date::year_month_day night) {
  return fmt::format(
      "Good morning: how were your legs last night (the night of {})? Check in with `diary night --date {}`: "
      "it shows what is logged and asks about the night (a quiet night is one answer).",
      night_name(night), clock::format_day(night));
}

std::string evening_prompt(date::year_month_day night) {
  return fmt::format(
      "Bedtime: record tonight's context (the night of {}): `diary night --date {} --bed HH:MM "
      "--exercise none|light|moderate|hard --hydration low|normal` (add --caffeine-late or "
      "--alcohol if they apply).",
      night_name(night), clock::format_day(night));
}

void notify(const std::string& title, const std::string& body) {
  const char* bus = std::getenv("DBUS_SESSION_BUS_ADDRESS");
  if (!bus || !*bus) {
    spdlog::debug("no session bus (DBUS_SESSION_BUS_ADDRESS unset): no desktop notification");
    return;
  }
  if (!find_program("notify-send")) {
    spdlog::debug("notify-send is not installed (Debian: libnotify-bin): no desktop notification");
    return;
  }
  const auto result = run_process({"notify-send", "--app-name=diary", title, body}, std::chrono::seconds{10});
  if (!result || result->code != 0)
    spdlog::debug("notify-send did not deliver the notification: {}", result ? result->output : "not started");
}

// ---- install ----------------------------------------------------------------------

// remind add: a reminder at a local time, in the current zone.
void remind_add(CLI::App& parent, Context& ctx) {
  auto add_opts = std::make_shared<AddOptions>();
  auto* add = parent.add_subcommand("add", "Add a reminder at a local time, in the current zone");
  add->add_option("--at", add_opts->at, "the time of day: 07:30, 7:30am, 7.30, 0730 or 19:30")->required();
  add->add_option("--kind", add_opts->kind,
                  "morning (asks about last night) or evening (asks for tonight's context); "
                  "default: morning from 03:00 to 14:59, else evening");
  add->add_option("--days", add_opts->days,
                  "weekdays: mon,tue,...; mon-fri; daily, weekdays, weekends (default: every day)");
  add->callback([&ctx, add_opts] {
    Reminder r;
    r.at = clock::parse_time_of_day(add_opts->at, "at");
    r.kind = add_opts->kind.empty() ? default_kind(r.at) : parse_reminder_kind(add_opts->kind, "kind");
    r.days = add_opts->days.empty() ? Reminder::kEveryDay : parse_reminder_days(add_opts->days, "days");
    r.zone = std::string(ctx.zone()->name());
    r.created = ctx.now();
    validate(r);  // refused before the diary is opened
    const auto result = app::add_reminder(ctx.store(), r);
    if (!result.added) {
      fmt::print("Reminder {} is already there: {}.\n", result.reminder.id, describe(result.reminder));
      return;
    }
    r = result.reminder;
    fmt::print("Added reminder {}: {}.\n", r.id, describe(r));
    if (const auto next = schedule::next(r, ctx.now(), 1); !next.empty())
      fmt::print("Next: {}.\n",
                 date::format("%a %d %b %Y %H:%M %Z", date::make_zoned(schedule::zone_of(r), next.front().utc)));
    refresh_if_installed(ctx);
  });
}

// remind list.
void remind_list(CLI::App& parent, Context& ctx) {
  auto list_json = std::make_shared<bool>(false);
  auto* list = parent.add_subcommand("list", "The reminders");
  list->add_flag("--json", *list_json, "print them as a JSON array");
  list->callback([&ctx, list_json] {
    const auto all = app::reminders(ctx.reader());
    if (*list_json) {
      auto out = nlohmann::ordered_json::array();
      for (const auto& r : all) out.push_back(to_json(r));
      fmt::print("{}\n", out.dump(2));
      return;
    }
    if (all.empty()) {
      fmt::print("No reminders yet. Add one: diary remind add --at 07:30\n");
      return;
    }
    for (const auto& r : all)
      fmt::print("{:>3}  {:<7}  {}  {:<10}  {}\n", r.id, to_string(r.kind), format_reminder_at(r.at),
                 describe_reminder_days(r.days), r.zone);
  });
}

// remind remove ID.
void remind_remove(CLI::App& parent, Context& ctx) {
  auto remove_id = std::make_shared<std::int64_t>(0);
  auto* remove = parent.add_subcommand("remove", "Remove a reminder");
  remove->add_option("id", *remove_id, "the reminder's id (see `diary remind list`)")->required();
  remove->callback([&ctx, remove_id] {
    app::remove_reminder(ctx.store(), *remove_id);
    fmt::print("Removed reminder {}.\n", *remove_id);
    refresh_if_installed(ctx);
  });
}

// remind next: the next firings, local and UTC.
void remind_next(CLI::App& parent, Context& ctx) {
  auto next_opts = std::make_shared<NextOptions>();
  auto* next = parent.add_subcommand("next", "The next times the reminders fire, local and UTC");
  next->add_option("--count,-n", next_opts->count, "how many (default 5)");
  next->add_flag("--json", next_opts->json, "print one JSON array");
  next->callback([&ctx, next_opts] {
    if (next_opts->count < 1 || next_opts->count > 10000)
      throw bad_input("count", std::to_string(next_opts->count),
                      fmt::format("count: {} is not between 1 and 10000", next_opts->count));
    const auto now = ctx.now();
    std::vector<Reminder> all;
    all = app::reminders(ctx.store());
    const auto firings = schedule::next(all, now, static_cast<std::size_t>(next_opts->count));
    if (next_opts->json) {
      auto out = nlohmann::ordered_json::array();
      for (const auto& f : firings) {
        const Reminder& r = *find(all, f.reminder_id);
        out.push_back({{"id", r.id},
                       {"kind", to_string(r.kind)},
                       {"at", format_reminder_at(r.at)},
                       {"zone", r.zone},
                       {"day", clock::format_day(date::year_month_day{f.day})},
                       {"local", clock::format_rfc3339(local_instant(f, r))},
                       {"utc", utc_text(f.utc)},
                       {"shifted", f.shifted}});
      }
      fmt::print("{}\n", out.dump(2));
      return;
    }
    if (firings.empty()) {
      fmt::print("No reminders yet. Add one: diary remind add --at 07:30\n");
      return;
    }
    for (const auto& f : firings) {
      const Reminder& r = *find(all, f.reminder_id);
      std::string line = fmt::format("{} {} ({})  = {} UTC  {} #{}", date::format("%a %d %b %Y %H:%M", f.local()),
                                     f.abbrev, r.zone, date::format("%Y-%m-%d %H:%M", f.utc), to_string(r.kind), r.id);
      if (f.shifted)
        line += fmt::format("  ({} does not exist that day: the clocks jumped; it fires as they do)",
                            format_reminder_at(r.at));
      fmt::print("{}\n", line);
    }
  });
}

// remind check: the prompts due and not yet answered (what the timer runs).
void remind_check(CLI::App& parent, Context& ctx) {
  auto notify_flag = std::make_shared<bool>(false);
  auto* check = parent.add_subcommand(
      "check", "Print the prompt of every reminder that is due and not yet answered (what the timer runs)");
  check->add_flag("--notify", *notify_flag,
                  "also send a desktop notification (notify-send), when a session bus is there");
  check->callback([&ctx, notify_flag] {
    const auto now = ctx.now();
    const auto due = app::due_prompts(ctx.store(), now);
    for (const auto& [kind, night] : due) {
      const std::string text = kind == ReminderKind::morning ? morning_prompt(night) : evening_prompt(night);
      fmt::print("{}\n", text);
      std::fflush(stdout);
      if (*notify_flag) notify(ics::summary(kind), text);
    }
  });
}

// remind install: a systemd user timer (or a crontab block) that runs remind check.
void remind_install(CLI::App& parent, Context& ctx) {
  auto install_opts = std::make_shared<InstallOptions>();
  auto* install = parent.add_subcommand(
      "install", "Install a systemd user timer that runs `diary remind check --notify` at the reminders' times");
  install->add_flag("--cron", install_opts->cron, "print a crontab block (with CRON_TZ) instead");
  install->add_flag("--no-enable", install_opts->no_enable, "only write the files; print how to enable them");
  install->callback([&ctx, install_opts] {
    std::vector<Reminder> all;
    all = app::reminders(ctx.store());
    if (all.empty())
      throw bad_input("reminders", "",
                      "reminders: there are none yet, so there is nothing to install; add one with: "
                      "diary remind add --at 07:30");
    if (install_opts->cron) {
      const fs::path db = fs::absolute(ctx.store().path());
      fmt::print("{}", report::cron_block(all, unit_program(), db.string(), ::getuid()));
      return;
    }
    const fs::path dir = unit_dir();
    const auto calendar = write_units(ctx, dir, all);
    fmt::print("Wrote {} and {}\n", (dir / kTimer).string(), (dir / kService).string());
    for (const auto& c : calendar) fmt::print("  OnCalendar={}\n", c);

    enable_user_unit(kTimer, install_opts->no_enable, "`diary remind check` now runs at those times");
  });
}

// remind uninstall.
void remind_uninstall(CLI::App& parent, Context& /*ctx*/) {
  auto* uninstall = parent.add_subcommand("uninstall", "Remove the timer and service that install wrote");
  uninstall->callback([] { remove_units(unit_dir()); });
}

// Disables and removes the timer and service in `dir`, saying what it did.
void remove_units(const fs::path& dir) {
  std::error_code ec;
  const bool timer_there = fs::exists(dir / kTimer, ec);
  const bool service_there = fs::exists(dir / kService, ec);
  if (!timer_there && !service_there) {
    fmt::print("Nothing to remove: no {} in {}.\n", kTimer, dir.string());
    return;
  }
  const bool have_systemctl = find_program("systemctl").has_value();
  if (have_systemctl) (void)systemctl_user({"disable", "--now", std::string(kTimer)});
  for (const auto name : {kTimer, kService}) {
    const fs::path p = dir / name;
    if (!fs::exists(p, ec)) continue;
    if (!fs::remove(p, ec) || ec) throw failure(fmt::format("cannot remove {}: {}", p.string(), ec.message()));
    fmt::print("Removed {}\n", p.string());
  }
  if (have_systemctl) (void)systemctl_user({"daemon-reload"});
}

// remind ics: the reminders as an iCalendar file for a phone calendar.
void remind_ics(CLI::App& parent, Context& ctx) {
  auto ics_out = std::make_shared<std::string>("-");
  auto* ics_cmd = parent.add_subcommand("ics", "Write the reminders as an iCalendar file for a phone calendar");
  ics_cmd->add_option("-o,--output", *ics_out, "the .ics file to write (mode 0600; default: standard output)");
  ics_cmd->callback([&ctx, ics_out] {
    std::vector<Reminder> all;
    all = app::reminders(ctx.reader());
    const std::string text = ics::calendar(all, ctx.now());
    write_output(*ics_out, text, ctx.diary_path());
    if (*ics_out != "-" && !ics_out->empty())
      fmt::print("Wrote {} reminder{} to {}; import it into your phone's calendar.\n", all.size(),
                 all.size() == 1 ? "" : "s", *ics_out);
  });
}

}  // namespace

void add_remind_commands(CLI::App& app, Context& ctx) {
  auto* remind = app.add_subcommand("remind", "Scheduled reminder prompts: after waking and at bedtime");
  remind->require_subcommand(1);
  remind_add(*remind, ctx);
  remind_list(*remind, ctx);
  remind_remove(*remind, ctx);
  remind_next(*remind, ctx);
  remind_check(*remind, ctx);
  remind_install(*remind, ctx);
  remind_uninstall(*remind, ctx);
  remind_ics(*remind, ctx);
}

}  // namespace diary::cli
