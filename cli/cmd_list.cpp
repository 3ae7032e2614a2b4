// diary list: the episodes as a table or as JSON.
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "diary/app/episodes.hpp"
#include "diary/json_io.hpp"
#include "field_options.hpp"
#include "format.hpp"
#include "period.hpp"

namespace diary::cli {
namespace {

struct ListOptions {
  PeriodOptions period;
  bool json = false;
};

std::string cell(std::string text, std::size_t width) {
  // Cut long cells so the table stays readable; the full text is in --json and CSV.
  if (text.size() > width) text = text.substr(0, width - 1) + "~";
  return text;
}

void print_table(Context& ctx, const std::vector<Episode>& episodes) {
  struct Column {
    const char* title;
    std::size_t max;
    bool right;
  };
  const Column columns[] = {{"ID", 8, true},      {"NIGHT", 10, false}, {"ONSET", 11, false}, {"MIN", 7, true},
                            {"/10", 3, true},     {"SIDE", 5, false},   {"WHERE", 18, false}, {"FELT", 26, false},
                            {"TRIED", 22, false}, {"EASED", 7, false},  {"SIGNS", 22, false}};
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : episodes) {
    auto opt = [](const auto& v, auto f) { return v ? f(*v) : std::string("-"); };
    rows.push_back({
        std::to_string(e.id),
        clock::format_day(e.night()),
        local_time(e.onset, "%a %H:%M"),
        e.open ? std::string("ongoing") : opt(e.duration_min, [](double m) { return json_io::number(m).dump(); }),
        opt(e.intensity, [](int i) { return std::to_string(i); }),
        opt(e.side, [](const std::string& s) { return s; }),
        opt(e.locations, [](const Terms& t) { return t.empty() ? std::string("none") : join(t, ","); }),
        opt(e.sensations, [](const Terms& t) { return t.empty() ? std::string("none") : join(t, ","); }),
        opt(e.relief, [](const Terms& t) { return t.empty() ? std::string("none") : join(t, ","); }),
        opt(e.relief_effect, [](const std::string& s) { return s; }),
        opt(e.signs, [](const Terms& t) { return t.empty() ? std::string("none") : join(t, ","); }),
    });
  }
  std::vector<std::size_t> widths;
  for (std::size_t c = 0; c < std::size(columns); ++c) {
    std::size_t w = std::strlen(columns[c].title);
    for (auto& row : rows) {
      row[c] = cell(row[c], columns[c].max);
      w = std::max(w, row[c].size());
    }
    widths.push_back(w);
  }
  auto line = [&](const std::vector<std::string>& row, bool header) {
    std::string out;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c) out += "  ";
      out += columns[c].right ? fmt::format("{:>{}}", row[c], widths[c]) : fmt::format("{:<{}}", row[c], widths[c]);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    fmt::print("{}\n", header ? bold(ctx, out) : out);
  };
  std::vector<std::string> header;
  for (const auto& c : columns) header.emplace_back(c.title);
  line(header, true);
  for (const auto& row : rows) line(row, false);
}

}  // namespace

void add_list_command(CLI::App& app, Context& ctx) {
  auto list_opts = std::make_shared<ListOptions>();
  auto* list = app.add_subcommand("list", "The episodes, oldest first");
  list_opts->period.add_to(*list);
  list->add_flag("--json", list_opts->json, "one JSON array on stdout");
  list->callback([&ctx, list_opts] {
    const auto [from, to] = list_opts->period.period(ctx);
    const auto episodes = app::list_episodes(ctx.reader(), from, to);
    if (list_opts->json) {
      fmt::print("{}", json_io::list_json(episodes));
      return;
    }
    if (episodes.empty()) {
      fmt::print("No episodes{}. Record one with: diary log\n", (from || to) ? " in that period" : " yet");
      return;
    }
    print_table(ctx, episodes);
    fmt::print("{}\n", dim(ctx, fmt::format("{} episode{}", episodes.size(), episodes.size() == 1 ? "" : "s")));
  });
}

}  // namespace diary::cli
