#include "diary/app/transfer.hpp"

#include <algorithm>

#include "diary/analysis/analyze.hpp"
#include "diary/app/episodes.hpp"
#include "diary/csv.hpp"
#include "diary/json_io.hpp"

namespace diary::app {
Diary read_json(std::string_view text, clock::Zone zone) { return json_io::parse_diary(text, zone); }

Diary read_csv(std::string_view text, clock::Zone zone) {
  Diary diary;
  diary.episodes = csv::parse(text, zone, &diary.nights);
  return diary;
}

Imported import_csv(Store& store, Diary records) {
  auto tx = store.write();
  // A row's bedtime fills in a night that has none; a bedtime already kept is not changed.
  std::vector<Night> nights;
  for (const auto& bed : records.nights) {
    auto stored = store.night(bed.night);
    if (stored && stored->bed) continue;
    Night n = stored.value_or(Night{});
    n.night = bed.night;
    n.bed = bed.bed;
    nights.push_back(std::move(n));
  }
  records.nights = std::move(nights);
  Imported out{store.merge(records), {}};
  out.red_flags = red_flags_of(store, out.report.episodes);
  tx.commit();
  return out;
}

Imported import_records(Store& store, const Diary& records) {
  auto tx = store.write();
  Imported out{store.merge(records), {}};
  out.red_flags = red_flags_of(store, out.report.episodes);
  // A night's note is read for warning signs too (its episodes' flags above already include it).
  for (const auto& n : records.nights) {
    const bool has_episode = std::any_of(out.report.episodes.begin(), out.report.episodes.end(),
                                         [&](const Episode& e) { return e.night() == n.night; });
    if (has_episode) continue;
    for (auto& f : analysis::night_red_flags(store.profile(), n)) out.red_flags.push_back(std::move(f));
  }
  tx.commit();
  return out;
}

void export_csv(Store& store, const Period& period, const std::function<void(std::string_view)>& sink) {
  constexpr std::size_t kChunk = 1 << 20;
  std::string buffer;
  buffer.reserve(kChunk + 4096);
  csv::append_header(buffer);
  auto tx = store.read();
  store.for_each_episode(period.from, period.to, [&](const Episode& e, const Instant* bed) {
    csv::append_row(buffer, e, bed);
    if (buffer.size() >= kChunk) {
      sink(buffer);
      buffer.clear();
    }
  });
  tx.commit();
  sink(buffer);
}

std::int64_t backup(Store& store, const std::filesystem::path& file) { return store.backup(file); }

std::vector<std::string> check(Store& store) { return store.check(); }

}  // namespace diary::app
