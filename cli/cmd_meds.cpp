// diary meds add|stop|list: named medicines with doses and dates (diary::app does the work).
#include <fmt/format.h>

#include "commands.hpp"
#include "diary/app/meds.hpp"
#include "diary/json_io.hpp"

namespace diary::cli {
namespace {

struct AddOptions {
  std::string name, dose, since;
  bool as_needed = false;
};

struct StopOptions {
  std::string name, on;
};

std::string describe(const Medicine& m) {
  std::string out = medicine_with_classes(m);
  if (m.dose) out += fmt::format(", {}", *m.dose);
  if (m.as_needed) out += ", as needed";
  if (m.since) out += fmt::format(", since {}", clock::format_day(*m.since));
  if (m.stopped) out += fmt::format(", stopped {}", clock::format_day(*m.stopped));
  return out;
}

date::year_month_day today(Context& ctx) {
  return date::year_month_day{date::floor<date::days>(clock::in_zone(ctx.now(), ctx.zone()).local())};
}

void add_add(CLI::App& meds, Context& ctx) {
  auto o = std::make_shared<AddOptions>();
  auto* add = meds.add_subcommand("add", "Add a medicine you take, by its name or brand as on the pack");
  add->add_option("name", o->name, "the name as written, e.g. Lasix or \"pramipexole\"")->required();
  add->add_option("--dose", o->dose, "the dose as you would tell a doctor, e.g. \"40 mg in the morning\"");
  add->add_option("--since", o->since, "the DAY you began it (today, yesterday, monday, YYYY-MM-DD)");
  add->add_flag("--as-needed", o->as_needed, "taken only when needed, not regularly");
  add->callback([&ctx, o] {
    Medicine m;
    m.name = o->name;
    if (!o->dose.empty()) m.dose = o->dose;
    if (!o->since.empty()) m.since = clock::parse_day(o->since, ctx.zone(), ctx.now(), "since");
    m.as_needed = o->as_needed;
    const auto saved = app::add_medicine(ctx.store(), m);
    fmt::print("Added {}.\n", describe(saved));
    if (!classify(saved.name))
      fmt::print(
          "{} is not in the list of known medicines, so it is kept as written and not classified: "
          "the analysis does not count it as any kind of medicine.\n",
          saved.name);
  });
}

void add_stop(CLI::App& meds, Context& ctx) {
  auto o = std::make_shared<StopOptions>();
  auto* stop = meds.add_subcommand("stop", "Record that you stopped a medicine (it stays in the list with its dates)");
  stop->add_option("name", o->name, "the medicine's name, as added or its generic name")->required();
  stop->add_option("--on", o->on, "the DAY you stopped (default today)");
  stop->callback([&ctx, o] {
    const auto on = o->on.empty() ? today(ctx) : clock::parse_day(o->on, ctx.zone(), ctx.now(), "on");
    fmt::print("Stopped {}.\n", describe(app::stop_medicine(ctx.store(), o->name, on)));
  });
}

void print_list(Context& ctx, bool json);

void add_list(CLI::App& meds, Context& ctx) {
  auto json = std::make_shared<bool>(false);
  auto* list = meds.add_subcommand("list", "List your medicines, stopped ones too, with doses and dates");
  list->add_flag("--json", *json, "one JSON array on stdout, each with its generic name and classes");
  list->callback([&ctx, json] { print_list(ctx, *json); });
}

void print_list(Context& ctx, bool json) {
  {
    const auto all = app::medicines(ctx.reader());
    if (json) {
      auto out = json_io::ordered_json::array();
      for (const auto& m : all) {
        auto item = json_io::to_json(m);
        const auto known = classify(m.name);
        item["generic"] = known ? json_io::ordered_json(std::string(known->generic)) : json_io::ordered_json(nullptr);
        item["classes"] = json_io::ordered_json::array();
        if (known)
          for (auto c : known->classes) item["classes"].push_back(std::string(c));
        out.push_back(std::move(item));
      }
      fmt::print("{}\n", out.dump(2));
      return;
    }
    if (all.empty()) {
      fmt::print("No medicines recorded. Add one with `diary meds add NAME --dose TEXT --since DAY`.\n");
      return;
    }
    for (const auto& m : all) fmt::print("{}\n", describe(m));
  }
}

}  // namespace

void add_meds_commands(CLI::App& app, Context& ctx) {
  auto* meds = app.add_subcommand("meds", "Your medicines by name: add, stop, list (for the doctor and the analysis)");
  // Bare `diary meds` lists them: what a person typing it wants to see.
  meds->require_subcommand(0, 1);
  add_add(*meds, ctx);
  add_stop(*meds, ctx);
  add_list(*meds, ctx);
  meds->callback([meds, &ctx] {
    if (meds->get_subcommands().empty()) print_list(ctx, false);
  });
}

}  // namespace diary::cli
