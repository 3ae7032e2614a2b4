// The doctor's exports and the CSV import: export csv, export report, export fhir and
// import csv, added under the `export` and `import` commands that cmd_data.cpp creates.
#include <functional>

#include <fmt/format.h>

#include "commands.hpp"
#include "diary/analysis/analyze.hpp"
#include "diary/analysis/html_report.hpp"
#include "diary/csv.hpp"
#include "diary/error.hpp"
#include "diary/fhir.hpp"
#include "output.hpp"
#include "period.hpp"

namespace diary::cli {
namespace {

CLI::App& parent(CLI::App& app, const char* name) {
  auto* p = app.get_subcommand(name);  // created by add_data_commands
  return *p;
}

void said_wrote(const std::string& file) {
  if (!file.empty() && file != "-") fmt::print(stderr, "Wrote {}\n", file);
}

// An export that renders one document for a period and writes it whole (-o FILE, 0600).
void add_document_export(CLI::App& exp, Context& ctx, const char* name, const char* help, const char* example,
                         std::function<std::string(Context&, const Period&)> render) {
  struct Options {
    Period period;
    std::string file;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = exp.add_subcommand(name, help);
  o->period.add_to(*cmd);
  cmd->add_option("-o,--output", o->file,
                  fmt::format("file to write, e.g. {} (default: standard output); created 0600", example));
  cmd->callback([&ctx, o, render] {
    write_output(o->file, render(ctx, o->period));
    said_wrote(o->file);
  });
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
  add_document_export(exp, ctx, "report",
                      "A printable report for the doctor: one self-contained HTML file (prints on A4 and Letter)",
                      "report.html", [](Context& c, const Period& period) {
                        const auto from = period.first();
                        const auto to = period.last();
                        const Diary d = period.load(c);
                        const auto report = analysis::analyze(d.profile, d.nights, d.episodes, from, to);
                        const auto now = clock::in_zone(c.now(), c.zone());
                        return analysis::html_report(d.profile, d.nights, d.episodes, report, from, to,
                                                     date::format("%d %b %Y %H:%M", now.local()));
                      });

  // ---- export fhir: a FHIR R4 Bundle.
  add_document_export(
      exp, ctx, "fhir",
      "An HL7 FHIR R4 Bundle: one Symptom Observation per episode and the profile as a Patient with no name",
      "diary.fhir.json", [](Context& c, const Period& period) {
        const Diary d = period.load(c);
        return fhir::bundle(d.profile, d.episodes, c.now()).dump(1) + "\n";
      });

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
