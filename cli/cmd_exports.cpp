// The doctor's exports and the CSV import: export csv, export report, export fhir and
// import csv, added under the `export` and `import` commands that cmd_data.cpp creates.
#include <fmt/format.h>

#include "commands.hpp"
#include "diary/analysis/analyze.hpp"
#include "diary/analysis/html_report.hpp"
#include "diary/csv.hpp"
#include "diary/error.hpp"
#include "diary/fhir.hpp"
#include "output.hpp"

namespace diary::cli {
namespace {

struct Period {
  std::string from, to;

  void add_to(CLI::App& cmd) {
    cmd.add_option("--from", from, "first night, YYYY-MM-DD (default: the first)");
    cmd.add_option("--to", to, "last night, YYYY-MM-DD (default: the last)");
  }
  std::optional<date::year_month_day> first() const {
    if (from.empty()) return std::nullopt;
    return clock::parse_day(from, "from");
  }
  std::optional<date::year_month_day> last() const {
    if (to.empty()) return std::nullopt;
    const auto t = clock::parse_day(to, "to");
    if (auto f = first(); f && *f > t)
      throw bad_input("to", to, fmt::format("to: {} comes before --from {}", to, from));
    return t;
  }
};

CLI::App& parent(CLI::App& app, const char* name) {
  auto* p = app.get_subcommand(name);  // created by add_data_commands
  return *p;
}

void said_wrote(const std::string& file) {
  if (!file.empty() && file != "-") fmt::print(stderr, "Wrote {}\n", file);
}

}  // namespace

void add_export_commands(CLI::App& app, Context& ctx) {
  auto& exp = parent(app, "export");
  auto& imp = parent(app, "import");

  // ---- export csv: streamed, so a large diary costs little memory and time.
  {
    struct Options {
      Period period;
      std::string file;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = exp.add_subcommand("csv", "The doctor's table: one episode per row (RFC 4180 CSV, spreadsheet-safe)");
    o->period.add_to(*cmd);
    cmd->add_option("-o,--output", o->file, "file to write (default: standard output); created 0600");
    cmd->callback([&ctx, o] {
      const auto from = o->period.first();
      const auto to = o->period.last();
      OutputFile out(o->file);
      std::string buffer;
      constexpr std::size_t kChunk = 1 << 20;
      buffer.reserve(kChunk + 4096);
      csv::append_header(buffer);
      auto tx = ctx.store().read();
      ctx.store().for_each_episode(from, to, [&](const Episode& e, const Instant* bed) {
        csv::append_row(buffer, e, bed);
        if (buffer.size() >= kChunk) {
          out.write(buffer);
          buffer.clear();
        }
      });
      tx.commit();
      out.write(buffer);
      out.commit();
      said_wrote(o->file);
    });
  }

  // ---- export report: the printable HTML page for the doctor.
  {
    struct Options {
      Period period;
      std::string file;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = exp.add_subcommand(
        "report", "A printable report for the doctor: one self-contained HTML file (prints on A4 and Letter)");
    o->period.add_to(*cmd);
    cmd->add_option("-o,--output", o->file, "file to write, e.g. report.html (default: standard output); created 0600");
    cmd->callback([&ctx, o] {
      const auto from = o->period.first();
      const auto to = o->period.last();
      auto tx = ctx.store().read();
      const Profile profile = ctx.store().profile();
      const auto nights = ctx.store().nights(from, to);
      const auto episodes = ctx.store().episodes(from, to);
      tx.commit();
      const auto report = analysis::analyze(profile, nights, episodes, from, to);
      const auto now = clock::in_zone(ctx.now(), ctx.zone());
      const std::string html = analysis::html_report(profile, nights, episodes, report, from, to,
                                                     date::format("%d %b %Y %H:%M", now.local()));
      write_output(o->file, html);
      said_wrote(o->file);
    });
  }

  // ---- export fhir: a FHIR R4 Bundle.
  {
    struct Options {
      Period period;
      std::string file;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = exp.add_subcommand(
        "fhir", "An HL7 FHIR R4 Bundle: one Symptom Observation per episode and the profile as a Patient with no name");
    o->period.add_to(*cmd);
    cmd->add_option("-o,--output", o->file, "file to write, e.g. diary.fhir.json (default: standard output); created 0600");
    cmd->callback([&ctx, o] {
      const auto from = o->period.first();
      const auto to = o->period.last();
      auto tx = ctx.store().read();
      const Profile profile = ctx.store().profile();
      const auto episodes = ctx.store().episodes(from, to);
      tx.commit();
      write_output(o->file, fhir::bundle(profile, episodes, ctx.now()).dump(1) + "\n");
      said_wrote(o->file);
    });
  }

  // ---- import csv: all or nothing.
  {
    auto file = std::make_shared<std::string>();
    auto* cmd = imp.add_subcommand(
        "csv", "Add episodes from a table in the doctor's CSV columns (all or nothing; an episode with the same "
               "onset is replaced)");
    cmd->add_option("file", *file, "the file, or - for standard input")->required();
    cmd->callback([&ctx, file] {
      const std::string text = read_input(*file);
      Diary diary;
      diary.episodes = csv::parse(text, ctx.zone());  // every row checked before anything is written
      auto tx = ctx.store().write();
      const auto report = ctx.store().merge(diary);
      const auto flags = find_red_flags(ctx, report.episodes);
      tx.commit();
      fmt::print("Imported {} episode{} ({} new, {} replaced).\n", report.episodes.size(),
                 report.episodes.size() == 1 ? "" : "s", report.episodes_added, report.episodes_replaced);
      print_red_flags(ctx, flags);
    });
  }
}

}  // namespace diary::cli
