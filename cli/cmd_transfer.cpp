// diary export json|csv|report|fhir and diary import json|csv: the whole diary in and out,
// and the doctor's documents. diary::app does the work; this file reads options and prints.
#include <filesystem>
#include <functional>
#include <istream>

#include <fmt/format.h>

#include "commands.hpp"
#include "diary/app/transfer.hpp"
#include "diary/output_file.hpp"
#include "diary/text_gate.hpp"
#include "period.hpp"

namespace diary::cli {
namespace {

void said_wrote(const std::string& file) {
  if (!file.empty() && file != "-") fmt::print(stderr, "Wrote {}\n", file);
}

// An export of a period (--from/--to) written to -o FILE (0600) or standard output.
CLI::App* add_period_export(CLI::App& exp, Context& ctx, const char* name, const char* help, const char* example,
                            std::function<void(Context&, const app::Period&, OutputFile&)> write) {
  struct Options {
    PeriodOptions period;
    std::string file;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = exp.add_subcommand(name, help);
  o->period.add_to(*cmd);
  cmd->add_option("-o,--output", o->file,
                  fmt::format("file to write{} (default: standard output); created 0600", example));
  cmd->callback([&ctx, o, write] {
    const auto period = o->period.period(ctx);
    OutputFile out(o->file, ctx.diary_path());
    write(ctx, period, out);
    out.commit();
    said_wrote(o->file);
  });
  return cmd;
}

void add_exports(CLI::App& exp, Context& ctx) {
  auto file = std::make_shared<std::string>();
  auto* json = exp.add_subcommand("json", "The whole diary as JSON, losslessly (format diary/2)");
  json->add_option("-o,--output", *file, "file to write (default: standard output); created 0600");
  json->callback([&ctx, file] {
    OutputFile out(*file, ctx.diary_path());
    app::write_diary_json(ctx.reader(), [&](std::string_view piece) { out.write(piece); });
    out.commit();
    if (!file->empty()) fmt::print(stderr, "Wrote {}\n", *file);
  });
  // Streamed, so a large diary costs little memory and time.
  add_period_export(exp, ctx, "csv", "The doctor's table: one episode per row (RFC 4180 CSV, spreadsheet-safe)", "",
                    [](Context& c, const app::Period& p, OutputFile& out) {
                      app::export_csv(c.reader(), p, [&](std::string_view chunk) { out.write(chunk); });
                    });
  auto patient = std::make_shared<std::string>();
  auto* report = add_period_export(
      exp, ctx, "report", "A printable report for the doctor: one self-contained HTML file (prints on A4 and Letter)",
      ", e.g. report.html", [patient](Context& c, const app::Period& p, OutputFile& out) {
        if (!patient->empty()) check_text("name", *patient, kValueMax);
        app::write_html_report(c.reader(), p, c.now(), c.zone(), *patient,
                               [&](std::string_view piece) { out.write(piece); });
      });
  report->add_option("--name", *patient,
                     "the patient's name, printed at the top (default: a blank line to write it on)");
  add_period_export(
      exp, ctx, "fhir",
      "An HL7 FHIR R4 Bundle: one Symptom Observation per episode and the profile as a Patient with no name",
      ", e.g. diary.fhir.json", [](Context& c, const app::Period& p, OutputFile& out) {
        app::write_fhir_bundle(c.reader(), p, c.now(), [&](std::string_view piece) { out.write(piece); });
      });
}

// ", 3 already there": records without a uuid equal to stored ones, not added again.
std::string already(const ImportReport& r) {
  return r.episodes_unchanged ? fmt::format(", {} already there", r.episodes_unchanged) : std::string{};
}

void print_imported(Context& ctx, const app::Imported& imported, bool with_nights) {
  const auto& r = imported.report;
  const auto nights = r.nights_added + r.nights_replaced;
  if (with_nights)
    fmt::print("Imported {} episode{} ({} new, {} replaced{}), {} night{} ({} new){}.\n", r.episodes,
               r.episodes == 1 ? "" : "s", r.episodes_added, r.episodes_replaced, already(r), nights,
               nights == 1 ? "" : "s", r.nights_added, r.profile_changed ? ", profile updated" : "");
  else
    fmt::print("Imported {} episode{} ({} new, {} replaced{}).\n", r.episodes, r.episodes == 1 ? "" : "s",
               r.episodes_added, r.episodes_replaced, already(r));
  if (const int meds = r.medicines_added + r.medicines_replaced; meds > 0)
    fmt::print("Imported {} medicine{} ({} new, {} replaced).\n", meds, meds == 1 ? "" : "s", r.medicines_added,
               r.medicines_replaced);
  print_red_flags(ctx, imported.red_flags);
}

// Runs an import. Bad input anywhere rolls it back (nothing written); a diary that the
// import itself created is removed again, so a failed import leaves no trace.
app::Imported importing(Context& ctx, const std::function<app::Imported(Store&)>& run) {
  std::error_code ec;
  const bool existed = std::filesystem::exists(ctx.diary_path(), ec);
  try {
    return run(ctx.store());
  } catch (...) {
    if (!existed) ctx.forget_new_diary();
    throw;
  }
}

void add_imports(CLI::App& imp, Context& ctx) {
  auto json_file = std::make_shared<std::string>();
  auto* json = imp.add_subcommand("json", "Merge a whole-diary JSON file in (all or nothing)");
  json->add_option("file", *json_file, "the file, or - for standard input")->required();
  json->callback([&ctx, json_file] {
    const auto in = open_input(*json_file);  // a missing file is refused before the diary opens
    const auto zone = ctx.zone();
    print_imported(ctx, importing(ctx, [&](Store& s) { return app::import_json(s, *in, zone); }), true);
  });
  auto csv_file = std::make_shared<std::string>();
  auto* csv = imp.add_subcommand(
      "csv",
      "Add episodes from a table in the doctor's CSV columns (all or nothing; a row equal to an episode "
      "already there is skipped, any other row is added, never merged into another)");
  csv->add_option("file", *csv_file, "the file, or - for standard input")->required();
  csv->callback([&ctx, csv_file] {
    const auto in = open_input(*csv_file);
    const auto zone = ctx.zone();
    print_imported(ctx, importing(ctx, [&](Store& s) { return app::import_csv(s, *in, zone); }), false);
  });
}

}  // namespace

void add_transfer_commands(CLI::App& app, Context& ctx) {
  auto* exp = app.add_subcommand(
      "export", "Write the diary out: json (whole diary), csv (doctor's table), report (printable HTML), fhir");
  exp->require_subcommand(1);
  add_exports(*exp, ctx);
  auto* imp = app.add_subcommand("import", "Read records in: json (whole diary), csv (doctor's table)");
  imp->require_subcommand(1);
  add_imports(*imp, ctx);
}

}  // namespace diary::cli
