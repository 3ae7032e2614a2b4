// The files that schedule reminders outside the diary: a systemd user service and timer,
// and a crontab block. Plain text, written by the caller through OutputFile.
#include "diary/report/units.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "diary/schedule.hpp"

namespace diary::report {
namespace {

constexpr std::string_view kSystemdDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
// How far ahead the timer looks for firings moved by a spring-forward gap (systemd skips
// a nonexistent wall-clock time; such days get a dated OnCalendar= line of their own).
constexpr int kGapLookaheadYears = 5;

// One word of an ExecStart= line: in double quotes, with C escapes, and with systemd's
// specifier (%) and variable ($) characters doubled so they stay literal.
std::string systemd_word(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '%': out += "%%"; break;
      case '$': out += "$$"; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out + '"';
}

// One word of a crontab command: single-quoted for sh, with cron's % escaped.
std::string cron_word(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else if (c == '%')
      out += "\\%";
    else
      out += c;
  }
  return out + "'";
}

std::string systemd_days(unsigned days) {
  if ((days & Reminder::kEveryDay) == Reminder::kEveryDay) return "Mon..Sun";
  std::string out;
  for (int i = 0; i < 7;) {
    if (!((days >> i) & 1u)) {
      ++i;
      continue;
    }
    int j = i;
    while (j + 1 < 7 && ((days >> (j + 1)) & 1u)) ++j;
    if (!out.empty()) out += ",";
    if (j - i >= 2)
      out += fmt::format("{}..{}", kSystemdDays[i], kSystemdDays[j]);
    else
      for (int k = i; k <= j; ++k) out += (k == i ? "" : ",") + std::string(kSystemdDays[k]);
    i = j + 1;
  }
  return out;
}

}  // namespace

// The OnCalendar= expressions for all reminders: one weekly line per reminder, plus a
// dated line for each firing in the next years that a spring-forward gap moves.
std::vector<std::string> on_calendar_lines(const std::vector<Reminder>& reminders, date::sys_seconds now) {
  std::vector<std::string> lines;
  auto add = [&](std::string line) {
    if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(std::move(line));
  };
  for (const auto& r : reminders)
    add(fmt::format("{} *-*-* {}:00 {}", systemd_days(r.days), format_reminder_at(r.at), r.zone));
  const auto until = date::floor<std::chrono::seconds>(now + date::years{kGapLookaheadYears});
  for (const auto& r : reminders)
    for (const auto& f : schedule::shifted(r, now, until))
      add(fmt::format("{} {}", date::format("%Y-%m-%d %H:%M:%S", f.local()), r.zone));
  return lines;
}

std::string service_text(const std::string& exe, const std::string& db) {
  return fmt::format(
      "# Written by `diary remind install`; `diary remind uninstall` removes it.\n"
      "[Unit]\n"
      "Description=Diary reminder prompts (diary remind check)\n"
      "\n"
      "[Service]\n"
      "Type=oneshot\n"
      "ExecStart={} --db {} remind check --notify\n",
      systemd_word(exe), systemd_word(db));
}

std::string serve_service_text(const std::string& exe, const std::string& db, int port, bool lan) {
  return fmt::format(
      "# Written by `diary serve --install`. The pairing address is in its log:\n"
      "#   journalctl --user -u {} | tail\n"
      "# (each code works for 10 minutes: `systemctl --user restart {}` prints a new one).\n"
      "[Unit]\n"
      "Description=Diary phone page (diary serve)\n"
      "\n"
      "[Service]\n"
      "ExecStart={} --db {} serve --port {}{}\n"
      "Restart=on-failure\n"
      "\n"
      "[Install]\n"
      "WantedBy=default.target\n",
      kServeService, kServeService, systemd_word(exe), systemd_word(db), port, lan ? " --lan" : "");
}

std::string timer_text(const std::vector<std::string>& calendar) {
  std::string on;
  for (const auto& c : calendar) on += fmt::format("OnCalendar={}\n", c);
  return fmt::format(
      "# Written by `diary remind install`; `diary remind uninstall` removes it.\n"
      "# Each OnCalendar= carries the reminder's zone, so DST changes keep the local time.\n"
      "[Unit]\n"
      "Description=Diary reminder prompts\n"
      "\n"
      "[Timer]\n"
      "{}"
      "Persistent=true\n"
      "AccuracySec=30s\n"
      "Unit={}\n"
      "\n"
      "[Install]\n"
      "WantedBy=timers.target\n",
      on, kService);
}

std::string cron_block(const std::vector<Reminder>& reminders, const std::string& exe, const std::string& db,
                       unsigned uid) {
  std::string out =
      "# diary reminders: add these lines with `crontab -e`. CRON_TZ (cronie, busybox) sets the\n"
      "# zone of the lines below it; a cron without it reads them in the system's zone.\n";
  const std::string command = fmt::format(
      "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{}/bus {} --db {} remind check --notify >/dev/null 2>&1", uid,
      cron_word(exe), cron_word(db));
  std::vector<std::string> zones;
  for (const auto& r : reminders)
    if (std::find(zones.begin(), zones.end(), r.zone) == zones.end()) zones.push_back(r.zone);
  for (const auto& zone : zones) {
    out += fmt::format("CRON_TZ={}\n", zone);
    for (const auto& r : reminders) {
      if (r.zone != zone) continue;
      std::string dow;
      if ((r.days & Reminder::kEveryDay) == Reminder::kEveryDay) {
        dow = "*";
      } else {
        for (unsigned i = 0; i < 7; ++i)
          if ((r.days >> i) & 1u) dow += fmt::format("{}{}", dow.empty() ? "" : ",", i + 1 == 7 ? 0 : i + 1);
      }
      out += fmt::format("{} {} * * {} {}\n", r.at.count() % 60, r.at.count() / 60, dow, command);
    }
  }
  return out;
}

}  // namespace diary::report
