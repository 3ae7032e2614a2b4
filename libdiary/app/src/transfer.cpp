#include "diary/app/transfer.hpp"

#include <istream>
#include <set>

#include "diary/analysis/analyze.hpp"
#include "diary/app/emergency.hpp"
#include "diary/app/episodes.hpp"
#include "diary/csv.hpp"
#include "diary/json_io.hpp"

namespace diary::app {
namespace {

// The warning signs are read in batches of this many imported episodes (whole nights), so
// that an import of any size holds one batch; an import up to this size is one batch.
constexpr std::size_t kFlagBatch = 20000;

// The warning signs the imported episodes show, read from the diary as stored after the
// merge (the nights around each batch included, as for a logged episode), then those the
// notes of imported nights without an imported episode name.
std::vector<analysis::RedFlag> red_flags_of_import(Store& store, const Store::Import& import,
                                                   const std::vector<date::year_month_day>& nights) {
  std::vector<analysis::RedFlag> out;
  std::set<date::year_month_day> with_episode;  // one entry a night: bounded by the calendar
  if (import.first_night()) {
    std::vector<Episode> batch;
    const auto flush = [&] {
      for (auto& f : red_flags_of(store, batch)) out.push_back(std::move(f));
      batch.clear();
    };
    store.for_each_episode(import.first_night(), import.last_night(), [&](const Episode& e, const Instant*) {
      if (!import.imported(e.id)) return;
      with_episode.insert(e.night());
      if (batch.size() >= kFlagBatch && e.night() != batch.back().night()) flush();
      batch.push_back(e);
    });
    flush();
  }
  if (nights.empty()) return out;
  // Looked up once for all the nights, and only when one shows a sign (see flags_naming_the_number).
  Profile profile = store.profile();
  for (const auto& day : nights) {
    if (with_episode.contains(day)) continue;
    if (const auto night = store.night(day))
      for (auto& f :
           flags_naming_the_number(profile, [&](const Profile& p) { return analysis::night_red_flags(p, *night); })) {
        if (!profile.emergency_number) profile = with_emergency_number(std::move(profile));
        out.push_back(std::move(f));
      }
  }
  return out;
}

// Merges each record as the reader hands it on.
class Merger : public json_io::DiaryVisitor {
 public:
  explicit Merger(Store::Import& import) : import_(import) {}
  void profile(const Profile& p) override { import_.profile(p); }
  void medicines(const std::vector<Medicine>& m) override { import_.medicines(m); }
  std::optional<std::size_t> night(Night&& n, std::size_t i) override {
    nights.push_back(n.night);
    return import_.night(n, i);
  }
  std::optional<std::size_t> episode(Episode&& e, std::size_t i) override { return import_.episode(e, i); }
  std::vector<date::year_month_day> nights;  // in the file's order

 private:
  Store::Import& import_;
};

}  // namespace

Diary read_json(std::string_view text, clock::Zone zone) { return json_io::parse_diary(text, zone); }

Imported import_json(Store& store, std::istream& in, clock::Zone zone) {
  auto tx = store.write();
  Store::Import import(store);
  Merger merger(import);
  json_io::read_diary(in, zone, merger);
  Imported out{import.report(), red_flags_of_import(store, import, merger.nights)};
  tx.commit();
  return out;
}

Imported import_records(Store& store, const Diary& records) {
  auto tx = store.write();
  Store::Import import(store);
  import.profile(records.profile);
  import.medicines(records.profile.medicines);
  std::vector<date::year_month_day> nights;
  for (std::size_t i = 0; i < records.nights.size(); ++i) {
    import.night(records.nights[i], i);
    nights.push_back(records.nights[i].night);
  }
  for (std::size_t i = 0; i < records.episodes.size(); ++i) import.episode(records.episodes[i], i);
  Imported out{import.report(), red_flags_of_import(store, import, nights)};
  tx.commit();
  return out;
}

Imported import_csv(Store& store, std::istream& in, clock::Zone zone) {
  auto tx = store.write();
  Store::Import import(store);
  std::size_t row = 0, nights = 0;
  csv::read(in, zone, [&](Episode&& e, const Night* bed) {
    // A row's bedtime fills in a night that has none; a bedtime already kept is not changed.
    if (bed) {
      auto stored = store.night(bed->night);
      if (!stored || !stored->bed) {
        Night n = stored.value_or(Night{});
        n.night = bed->night;
        n.bed = bed->bed;
        import.night(n, nights++);
      }
    }
    import.episode(e, row++);
  });
  Imported out{import.report(), red_flags_of_import(store, import, {})};
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
