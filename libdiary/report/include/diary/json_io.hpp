#pragma once
// The contract's whole-diary JSON ("format": "diary/2"): lossless both ways. diary/2 adds
// each record's "uuid" and an episode's "ongoing"; diary/1 files (without them) still read.
#include <functional>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "diary/clock.hpp"
#include "diary/diary.hpp"
#include "diary/error.hpp"

namespace diary::json_io {

// Output keeps the contract's field order (onset first), so it reads well.
using ordered_json = nlohmann::ordered_json;

inline constexpr std::string_view kFormat = "diary/2";
inline constexpr std::string_view kFormat1 = "diary/1";  // read, never written

ordered_json to_json(const Diary& diary);

// `value` as value.dump(1) writes it when nested `depth` levels deep, appended to `out`:
// how a document is streamed one record at a time with the bytes dump(1) would give.
void append_at_depth(std::string& out, const ordered_json& value, std::size_t depth);

// The same document written record by record, so that an export of any size holds one
// record at a time: the bytes are exactly to_json(diary).dump(1) + "\n". Call profile(),
// then for each list its key, its items and end_list(), then finish(). Each top-level key
// is its own call, so a new list is one more begin_list("...").
class DiaryWriter {
 public:
  using Sink = std::function<void(std::string_view)>;
  explicit DiaryWriter(Sink sink) : sink_(std::move(sink)) {}
  void profile(const Profile& profile);  // "format" and "profile", first
  void begin_list(std::string_view key);
  void item(const ordered_json& record);  // to_json() of one record of the list
  // The same bytes as item(to_json(record)), written without building the tree.
  void item(const Night& night);
  void item(const Episode& episode);
  void item(const Medicine& medicine);
  void end_list();
  void finish();

 private:
  template <class Record>
  void write(const Record& record);
  void next_item();
  void flush_if_large();
  Sink sink_;
  std::string buffer_;
  bool first_item_ = true;
};
ordered_json to_json(const Profile& profile);
ordered_json to_json(const Night& night);
// `with_derived` adds "id" and "night" (for `list --json`); the export leaves them out.
// "uuid" is written when the record has one, "ongoing": true for an episode still going.
ordered_json to_json(const Episode& episode, bool with_derived = false);
// What `list --json` prints (and GET /api/episodes answers): the episodes with their
// derived fields, as an indented array, ending in a newline.
std::string list_json(std::span<const Episode> episodes);

// Reads a whole diary. Times without an offset are read in `zone`. Every record is
// validated; the first problem throws bad_input naming its place and field, e.g.
// "episodes[3].intensity". Unknown keys are refused (a typo must not lose data), except
// "id" and "night" on episodes, which `list --json` adds. A "uuid" must be a UUID, and no
// two records of one list may share one.
Diary diary_from_json(const nlohmann::json& document, clock::Zone zone);
// The same from text; malformed JSON is bad input naming the line and column.
Diary parse_diary(std::string_view text, clock::Zone zone);

// A whole diary read as a stream (nlohmann's SAX interface), for imports of any size: the
// file is never held, only one record at a time. Each record is checked as
// diary_from_json checks it and handed on at once, in the file's order, whatever the order
// of the sections. What needs the whole file (a missing "format", a uuid given to two
// records of one list) is refused after the last record, as is anything refused earlier:
// a caller that writes as it goes must do so in a transaction it rolls back on an error.
class DiaryVisitor {
 public:
  virtual ~DiaryVisitor() = default;
  virtual void profile(const Profile& profile) = 0;  // without the medicines
  virtual void medicines(const std::vector<Medicine>& medicines) = 0;
  // Each returns the position of an earlier record of the list with the same uuid, if any.
  virtual std::optional<std::size_t> night(Night&& night, std::size_t position) = 0;
  virtual std::optional<std::size_t> episode(Episode&& episode, std::size_t position) = 0;
};
void read_diary(std::istream& in, clock::Zone zone, DiaryVisitor& visitor);

// The error for a uuid that `list`[position] shares with `list`[first].
Error repeated_uuid(std::string_view list, std::size_t position, const std::string& uuid, std::size_t first);

Episode episode_from_json(const nlohmann::json& object, clock::Zone zone, std::string_view where);
Night night_from_json(const nlohmann::json& object, clock::Zone zone, std::string_view where);
Profile profile_from_json(const nlohmann::json& object, std::string_view where);

// Named medicines: the whole diary's top-level "medicines" array (the profile's list; a
// file without it has none), and `meds list --json`. A medicine's "uuid" may be left out.
ordered_json to_json(const Medicine& medicine);
ordered_json medicines_json(const std::vector<Medicine>& medicines);
Medicine medicine_from_json(const nlohmann::json& object, std::string_view where);
std::vector<Medicine> medicines_from_json(const nlohmann::json& list);

// Whole minutes are written as integers (35), others as decimals (1.5).
ordered_json number(double minutes);

}  // namespace diary::json_io
