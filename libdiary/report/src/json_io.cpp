#include "diary/json_io.hpp"

#include <algorithm>
#include <cmath>
#include <istream>
#include <map>
#include <optional>
#include <set>
#include <streambuf>
#include <vector>

#include <fmt/format.h>

#include "diary/error.hpp"
#include "diary/fields.hpp"
#include "diary/identity.hpp"
#include "diary/text_gate.hpp"
#include "json_text.hpp"

namespace diary::json_io {
namespace {

using nlohmann::json;

std::string at(std::string_view where, std::string_view key) {
  return where.empty() ? std::string(key) : fmt::format("{}.{}", where, key);
}

// A shortened rendering of a refused value for messages.
std::string shown(const json& value) {
  std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

[[noreturn]] void wrong_type(const std::string& where, const json& value, std::string_view expected) {
  throw bad_input(where, shown(value),
                  fmt::format("{}: expected {}, got {}", where, expected, value.dump().substr(0, 60)));
}

// JSON instants must be dates with times (RFC 3339); the clock-time forms of the command
// line make no sense in a file. The "now" handed to the parser is far ahead, so that
// old and recent diaries alike import (a file is not a fresh log entry).
// Hand-written, not std::regex: regex_match recursed once per character and a 100 KB
// string overflowed the stack.
bool starts_dated(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  if (text.size() < 11) return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return false;
  return text[4] == '-' && text[7] == '-' && (text[10] == 'T' || text[10] == 't' || text[10] == ' ');
}

Instant instant_from(const json& value, clock::Zone zone, const std::string& where) {
  if (!value.is_string()) wrong_type(where, value, "a date and time such as \"2026-11-22T01:05:00+01:00\"");
  const auto& text = value.get_ref<const std::string&>();
  check_text(where, text, kValueMax);
  if (!starts_dated(text))
    throw bad_input(
        where, shown(text),
        fmt::format("{}: {} is not a date and time; use RFC 3339, e.g. 2026-11-22T01:05:00+01:00", where, shown(text)));
  constexpr auto kFarFuture = date::sys_days{date::year{9000} / 1 / 1};
  try {
    return clock::parse_time(text, zone, date::sys_seconds{kFarFuture}, where).instant;
  } catch (const Error& e) {
    // The clock's advice names the command line's forms (02:10, yesterday 23:40), which a
    // file does not take: name the file's forms instead. Other advice (a gap) stands.
    if (std::string_view(e.what()).find("is not a time") == std::string_view::npos) throw;
    throw bad_input(where, shown(text),
                    fmt::format("{}: {} is not a date and time; a file takes RFC 3339, e.g. "
                                "2026-11-22T01:05:00+01:00, or 2026-11-22T01:05 read in its timezone",
                                where, shown(text)));
  }
}

template <class Record>
void decode_fields(Record& record, const json& object, std::span<const Field<Record>> fields, clock::Zone zone,
                   std::string_view where) {
  for (const auto& field : fields) {
    auto it = object.find(field.name);
    if (it == object.end() || it->is_null()) continue;  // absent: unknown
    const json& value = *it;
    const std::string place = at(where, field.name);
    std::visit(
        [&](auto member) {
          auto& slot = record.*member;
          using V = std::decay_t<decltype(*slot)>;
          if constexpr (std::is_same_v<V, Instant>) {
            slot = instant_from(value, zone, place);
            slot->zone.clear();  // nights carry no zone in the file format
          } else if constexpr (std::is_same_v<V, double>) {
            if (!value.is_number()) wrong_type(place, value, "a number");
            slot = value.get<double>();
          } else if constexpr (std::is_same_v<V, int>) {
            if (!value.is_number()) wrong_type(place, value, "a whole number");
            const double x = value.get<double>();
            if (x != std::floor(x) || std::abs(x) > 1e6) wrong_type(place, value, "a whole number");
            slot = static_cast<int>(x);
          } else if constexpr (std::is_same_v<V, bool>) {
            if (!value.is_boolean()) wrong_type(place, value, "true or false");
            slot = value.get<bool>();
          } else if constexpr (std::is_same_v<V, std::string>) {
            if (!value.is_string()) wrong_type(place, value, "a string");
            slot = value.get<std::string>();
          } else {
            if (!value.is_array()) wrong_type(place, value, "a list of terms");
            Terms terms;
            for (std::size_t i = 0; i < value.size(); ++i) {
              if (!value[i].is_string()) wrong_type(fmt::format("{}[{}]", place, i), value[i], "a term");
              terms.push_back(value[i].get<std::string>());
            }
            slot = std::move(terms);
          }
        },
        field.member);
  }
}

// Where a record's fields go: a tree (to_json) or JSON text (the streamed export). One
// function per record lays out its keys for both, so they cannot drift apart.
struct TreeOut {
  ordered_json& out;
  template <class V>
  void put(std::string_view key, const V& value) {
    out[std::string(key)] = value;
  }
  void put(std::string_view key, double minutes) { out[std::string(key)] = number(minutes); }
};

struct TextOut {
  json_text::Writer& w;
  void put(std::string_view key, std::string_view value) { w.key(key).value(value); }
  void put(std::string_view key, const std::string& value) { w.key(key).value(std::string_view(value)); }
  void put(std::string_view key, bool value) { w.key(key).value(value); }
  void put(std::string_view key, int value) { w.key(key).value(value); }
  void put(std::string_view key, std::int64_t value) { w.key(key).value(static_cast<long long>(value)); }
  void put(std::string_view key, double minutes) {
    const auto n = number(minutes);
    if (n.is_number_integer())
      w.key(key).value(static_cast<long long>(n.get<std::int64_t>()));
    else
      w.key(key).raw(n.dump());
  }
  void put(std::string_view key, const Terms& terms) {
    w.key(key).begin_array();
    for (const auto& t : terms) w.value(std::string_view(t));
    w.end_array();
  }
};

template <class Record, class Out>
void encode_fields(Out& out, const Record& record, std::span<const Field<Record>> fields) {
  for (const auto& field : fields) {
    std::visit(
        [&](auto member) {
          const auto& slot = record.*member;
          if (!slot) return;
          using V = std::decay_t<decltype(*slot)>;
          if constexpr (std::is_same_v<V, Instant>)
            out.put(field.name, clock::format_rfc3339(*slot));
          else
            out.put(field.name, *slot);
        },
        field.member);
  }
}

template <class Out>
void encode(Out& out, const Profile& profile) {
  encode_fields<Profile>(out, profile, profile_fields());
}

template <class Out>
void encode(Out& out, const Night& night) {
  out.put("night", clock::format_day(night.night));
  if (!night.uuid.empty()) out.put("uuid", night.uuid);
  encode_fields<Night>(out, night, night_fields());
}

template <class Out>
void encode(Out& out, const Episode& episode, bool with_derived = false) {
  if (with_derived) out.put("id", static_cast<std::int64_t>(episode.id));
  if (!episode.uuid.empty()) out.put("uuid", episode.uuid);
  if (with_derived) out.put("night", clock::format_day(episode.night()));
  out.put("onset", clock::format_rfc3339(episode.onset));
  if (!episode.onset.zone.empty()) out.put("timezone", episode.onset.zone);
  if (episode.open) out.put("ongoing", true);
  encode_fields<Episode>(out, episode, episode_fields());
}

template <class Out>
void encode(Out& out, const Medicine& medicine) {
  if (!medicine.uuid.empty()) out.put("uuid", medicine.uuid);
  out.put("name", medicine.name);
  if (medicine.dose) out.put("dose", *medicine.dose);
  if (medicine.since) out.put("since", clock::format_day(*medicine.since));
  if (medicine.stopped) out.put("stopped", clock::format_day(*medicine.stopped));
  out.put("as_needed", medicine.as_needed);
}

template <class Record>
ordered_json tree(const Record& record) {
  ordered_json out = ordered_json::object();
  TreeOut to{out};
  encode(to, record);
  return out;
}

void refuse_unknown_keys(const json& object, std::string_view where, std::initializer_list<std::string_view> extra,
                         auto fields) {
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (auto name : extra) known = known || key == name;
    for (const auto& field : fields) known = known || key == field.name;
    if (!known)
      throw bad_input(at(where, key), shown(value), fmt::format("{}: unknown field \"{}\"", at(where, key), key));
  }
}

void require_object(const json& value, std::string_view where) {
  if (!value.is_object()) wrong_type(std::string(where), value, "an object");
}

// "uuid": absent means the record has no identity yet (a diary/1 file); given, it must be one.
std::string uuid_from(const json& object, std::string_view where) {
  auto it = object.find("uuid");
  if (it == object.end() || it->is_null()) return {};
  const std::string place = at(where, "uuid");
  if (!it->is_string()) wrong_type(place, *it, "a UUID such as \"1b4e28ba-2fa1-4d2e-883f-0016d3cca427\"");
  if (auto uuid = canonical_uuid(it->get_ref<const std::string&>())) return *uuid;
  throw bad_input(
      place, shown(*it),
      fmt::format("{}: \"{}\" is not a UUID; use the form 1b4e28ba-2fa1-4d2e-883f-0016d3cca427", place, shown(*it)));
}

// Two records of one file with one identity would become one record: refused.
template <class Record>
void refuse_repeated_uuids(const std::vector<Record>& records, std::string_view list) {
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i].uuid.empty()) continue;
    auto [it, fresh] = seen.emplace(records[i].uuid, i);
    if (!fresh) throw repeated_uuid(list, i, records[i].uuid, it->second);
  }
}

}  // namespace

Error repeated_uuid(std::string_view list, std::size_t position, const std::string& uuid, std::size_t first) {
  return bad_input(fmt::format("{}[{}].uuid", list, position), uuid,
                   fmt::format("{}[{}].uuid: {} is also the uuid of {}[{}]; each record needs its own", list, position,
                               uuid, list, first));
}

ordered_json number(double minutes) {
  if (minutes == std::floor(minutes) && std::abs(minutes) < 1e15) return static_cast<std::int64_t>(minutes);
  return minutes;
}

ordered_json to_json(const Profile& profile) { return tree(profile); }

ordered_json to_json(const Night& night) { return tree(night); }

ordered_json to_json(const Episode& episode, bool with_derived) {
  ordered_json out = ordered_json::object();
  TreeOut to{out};
  encode(to, episode, with_derived);
  return out;
}

ordered_json to_json(const Medicine& medicine) { return tree(medicine); }

ordered_json to_json(const Diary& diary) {
  ordered_json out = ordered_json::object();
  out["format"] = kFormat;
  out["profile"] = to_json(diary.profile);
  out["nights"] = ordered_json::array();
  for (const auto& night : diary.nights) out["nights"].push_back(to_json(night));
  out["episodes"] = ordered_json::array();
  for (const auto& episode : diary.episodes) out["episodes"].push_back(to_json(episode));
  // Only when there are any: a diary without named medicines exports as it always did.
  if (!diary.profile.medicines.empty()) out["medicines"] = medicines_json(diary.profile.medicines);
  return out;
}

ordered_json medicines_json(const std::vector<Medicine>& medicines) {
  ordered_json out = ordered_json::array();
  for (const auto& m : medicines) out.push_back(to_json(m));
  return out;
}

namespace {

std::optional<std::string> optional_text(const json& object, std::string_view where, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) wrong_type(at(where, key), *it, "text");
  check_text(at(where, key), it->get<std::string>(), kValueMax);
  return it->get<std::string>();
}

}  // namespace

Medicine medicine_from_json(const json& object, std::string_view where) {
  require_object(object, where);
  for (const auto& [key, value] : object.items())
    if (key != "uuid" && key != "name" && key != "dose" && key != "since" && key != "stopped" && key != "as_needed")
      throw bad_input(at(where, key), shown(value),
                      fmt::format("{}: unknown field \"{}\" of a medicine", at(where, key), key));
  Medicine m;
  m.uuid = uuid_from(object, where);
  const auto name = optional_text(object, where, "name");
  if (!name)
    throw bad_input(at(where, "name"), "", fmt::format("{}: every medicine needs its name", at(where, "name")));
  m.name = *name;
  m.dose = optional_text(object, where, "dose");
  if (auto since = optional_text(object, where, "since")) m.since = clock::parse_day(*since, at(where, "since"));
  if (auto stopped = optional_text(object, where, "stopped"))
    m.stopped = clock::parse_day(*stopped, at(where, "stopped"));
  if (auto a = object.find("as_needed"); a != object.end() && !a->is_null()) {
    if (!a->is_boolean()) wrong_type(at(where, "as_needed"), *a, "true or false");
    m.as_needed = a->get<bool>();
  }
  validate(m, where);
  return m;
}

std::vector<Medicine> medicines_from_json(const json& list) {
  std::vector<Medicine> out;
  if (list.is_null()) return out;
  if (!list.is_array()) wrong_type("medicines", list, "a list of medicines");
  for (std::size_t i = 0; i < list.size(); ++i)
    out.push_back(medicine_from_json(list[i], fmt::format("medicines[{}]", i)));
  refuse_repeated_uuids(out, "medicines");
  return out;
}

// Each line after the first indented `depth` more spaces: a newline inside a JSON string
// is always escaped, so every '\n' of the text is the layout's.
void append_at_depth(std::string& out, const ordered_json& value, std::size_t depth) {
  const std::string text = value.dump(1);
  for (const char c : text) {
    out += c;
    if (c == '\n') out.append(depth, ' ');
  }
}

void DiaryWriter::profile(const Profile& profile) {
  buffer_ += "{\n \"format\": ";
  buffer_ += ordered_json(kFormat).dump();
  buffer_ += ",\n \"profile\": ";
  append_at_depth(buffer_, to_json(profile), 1);
}

void DiaryWriter::begin_list(std::string_view key) {
  buffer_ += ",\n ";
  buffer_ += ordered_json(key).dump();
  buffer_ += ": [";
  first_item_ = true;
}

void DiaryWriter::item(const ordered_json& record) {
  next_item();
  append_at_depth(buffer_, record, 2);
  flush_if_large();
}

template <class Record>
void DiaryWriter::write(const Record& record) {
  next_item();
  json_text::Writer w(buffer_, 2);
  w.begin_object();
  TextOut out{w};
  encode(out, record);
  w.end_object();
  flush_if_large();
}

void DiaryWriter::item(const Night& night) { write(night); }
void DiaryWriter::item(const Episode& episode) { write(episode); }
void DiaryWriter::item(const Medicine& medicine) { write(medicine); }

void DiaryWriter::next_item() {
  buffer_ += first_item_ ? "\n  " : ",\n  ";
  first_item_ = false;
}

void DiaryWriter::flush_if_large() {
  if (buffer_.size() >= 64 * 1024) {  // handed on in large pieces: few writes
    sink_(buffer_);
    buffer_.clear();
  }
}

void DiaryWriter::end_list() { buffer_ += first_item_ ? "]" : "\n ]"; }

void DiaryWriter::finish() {
  buffer_ += "\n}\n";
  sink_(buffer_);
  buffer_.clear();
}

Profile profile_from_json(const json& object, std::string_view where) {
  require_object(object, where);
  refuse_unknown_keys(object, where, {}, profile_fields());
  Profile profile;
  decode_fields<Profile>(profile, object, profile_fields(), nullptr, where);
  validate(profile, where);
  return profile;
}

Night night_from_json(const json& object, clock::Zone zone, std::string_view where) {
  require_object(object, where);
  refuse_unknown_keys(object, where, {"night", "uuid"}, night_fields());
  Night night;
  night.uuid = uuid_from(object, where);
  auto it = object.find("night");
  if (it == object.end() || !it->is_string())
    throw bad_input(at(where, "night"), it == object.end() ? "" : shown(*it),
                    fmt::format("{}: every night needs its date, e.g. \"night\": \"2026-11-21\"", at(where, "night")));
  night.night = clock::parse_day(it->get<std::string>(), at(where, "night"));
  decode_fields<Night>(night, object, night_fields(), zone, where);
  validate(night, where);
  return night;
}

Episode episode_from_json(const json& object, clock::Zone zone, std::string_view where) {
  require_object(object, where);
  refuse_unknown_keys(object, where, {"onset", "timezone", "id", "night", "uuid", "ongoing"}, episode_fields());
  Episode episode;
  episode.uuid = uuid_from(object, where);
  if (auto ongoing = object.find("ongoing"); ongoing != object.end() && !ongoing->is_null()) {
    if (!ongoing->is_boolean()) wrong_type(at(where, "ongoing"), *ongoing, "true or false");
    episode.open = ongoing->get<bool>();
  }
  clock::Zone onset_zone = zone;
  std::string zone_name;
  if (auto tz = object.find("timezone"); tz != object.end() && !tz->is_null()) {
    if (!tz->is_string()) wrong_type(at(where, "timezone"), *tz, "an IANA zone name such as \"Europe/Berlin\"");
    zone_name = tz->get<std::string>();
    check_text(at(where, "timezone"), zone_name, kTermMax);
    try {
      onset_zone = clock::find_zone(zone_name);
    } catch (const std::exception&) {
      throw bad_input(at(where, "timezone"), zone_name,
                      fmt::format("{}: unknown time zone \"{}\"; use an IANA name such as Europe/Berlin",
                                  at(where, "timezone"), zone_name));
    }
  }
  auto onset = object.find("onset");
  if (onset == object.end() || onset->is_null())
    throw bad_input(at(where, "onset"), "", fmt::format("{}: every episode needs its onset", at(where, "onset")));
  episode.onset = instant_from(*onset, onset_zone, at(where, "onset"));
  // An explicit offset must be the one the named zone had then; else one of them is wrong.
  if (!zone_name.empty() && clock::in_zone(episode.onset.utc, onset_zone).offset != episode.onset.offset)
    throw bad_input(at(where, "onset"), shown(onset->get<std::string>()),
                    fmt::format("{}: the offset of {} is not the one {} had then; fix the onset or the timezone",
                                at(where, "onset"), shown(onset->get<std::string>()), shown(zone_name)));
  episode.onset.zone = zone_name;  // only what the file said; never invented
  decode_fields<Episode>(episode, object, episode_fields(), zone, where);
  validate(episode, where);
  return episode;
}

namespace {

bool top_key(std::string_view key) {
  return key == "format" || key == "profile" || key == "nights" || key == "episodes" || key == "medicines";
}

void refuse_unknown_top(const std::string& key, const json& value) {
  if (!top_key(key))
    throw bad_input(key, shown(value), fmt::format("{}: unknown field \"{}\" at the top of the diary", key, key));
}

void check_format(const json& f) {
  if (f != kFormat && f != kFormat1)
    throw bad_input("format", shown(f),
                    fmt::format("format: \"{}\" is not a diary this version reads; expected \"{}\" or \"{}\"", shown(f),
                                kFormat, kFormat1));
}

}  // namespace

Diary diary_from_json(const json& document, clock::Zone zone) {
  require_object(document, "diary");
  for (const auto& [key, value] : document.items()) refuse_unknown_top(key, value);
  if (auto f = document.find("format"); f != document.end()) check_format(*f);
  Diary diary;
  if (auto p = document.find("profile"); p != document.end() && !p->is_null())
    diary.profile = profile_from_json(*p, "profile");
  if (auto n = document.find("nights"); n != document.end() && !n->is_null()) {
    if (!n->is_array()) wrong_type("nights", *n, "a list of nights");
    for (std::size_t i = 0; i < n->size(); ++i)
      diary.nights.push_back(night_from_json((*n)[i], zone, fmt::format("nights[{}]", i)));
  }
  if (auto e = document.find("episodes"); e != document.end() && !e->is_null()) {
    if (!e->is_array()) wrong_type("episodes", *e, "a list of episodes");
    for (std::size_t i = 0; i < e->size(); ++i)
      diary.episodes.push_back(episode_from_json((*e)[i], zone, fmt::format("episodes[{}]", i)));
  }
  refuse_repeated_uuids(diary.nights, "nights");
  refuse_repeated_uuids(diary.episodes, "episodes");
  if (auto m = document.find("medicines"); m != document.end()) diary.profile.medicines = medicines_from_json(*m);
  return diary;
}

namespace {

constexpr int kMaxDepth = 64;  // a diary needs 4; 60,000 nested arrays must not recurse

// The characters of a file (read 256 KiB at a time, never held whole) or of a text, as a
// stream buffer for nlohmann's stream input; newlines are counted a piece at a time, so
// that a mistake's line and column can be told without keeping what was read.
class Source : public std::streambuf {
 public:
  explicit Source(std::string_view text) {
    auto* p = const_cast<char*>(text.data());  // only ever read
    setg(p, p, p + text.size());
  }
  explicit Source(std::istream& in) : in_(&in), buffer_(256 * 1024, '\0') {}

  // Line and column (from 1) of the character at `offset` (from 0), which lies in the piece
  // being read (where the parser stops at a mistake, or just after its end).
  std::pair<std::size_t, std::size_t> place(std::size_t offset) const {
    const auto rel = static_cast<std::ptrdiff_t>(offset - std::min(offset, before_));
    const char* begin = eback();
    const char* end = begin + std::min<std::ptrdiff_t>(rel, egptr() - begin);
    std::size_t line = lines_before_ + static_cast<std::size_t>(std::count(begin, end, '\n')) + 1;
    const char* last = end;
    while (last != begin && *(last - 1) != '\n') --last;
    const std::size_t line_start =
        last != begin ? before_ + static_cast<std::size_t>(last - begin) : line_start_before_;
    return {line, offset - line_start + 1};
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (!in_) return traits_type::eof();
    in_->read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    if (in_->bad()) throw failure("cannot read the file");
    const auto n = static_cast<std::size_t>(in_->gcount());
    if (n == 0) return traits_type::eof();  // the last piece stays, for place()
    // The piece read before is left behind: count its lines.
    const char* begin = eback();
    const char* end = egptr();
    if (begin != nullptr) {
      lines_before_ += static_cast<std::size_t>(std::count(begin, end, '\n'));
      for (const char* c = end; c != begin; --c)
        if (*(c - 1) == '\n') {
          line_start_before_ = before_ + static_cast<std::size_t>(c - begin);
          break;
        }
      before_ += static_cast<std::size_t>(end - begin);
    }
    setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::istream* in_ = nullptr;
  std::string buffer_;
  std::size_t before_ = 0;             // characters in the pieces before this one
  std::size_t lines_before_ = 0;       // newlines in them
  std::size_t line_start_before_ = 0;  // where the line after their last newline starts
};

// The SAX handler: builds one small value at a time (the profile, the medicines, one night
// or one episode), converts it with the same *_from_json as a whole document gets, and
// hands the record on. Refuses nesting deeper than kMaxDepth before it is built, and a key
// given twice in one object (which a DOM would silently resolve to the last).
class Reader : public nlohmann::json_sax<json> {
 public:
  Reader(Source& source, clock::Zone zone, DiaryVisitor& visitor) : source_(source), zone_(zone), visitor_(visitor) {}

  bool null() override { return scalar(nullptr); }
  bool boolean(bool v) override { return scalar(v); }
  bool number_integer(number_integer_t v) override { return scalar(v); }
  bool number_unsigned(number_unsigned_t v) override { return scalar(v); }
  bool number_float(number_float_t v, const string_t&) override { return scalar(v); }
  bool string(string_t& v) override { return scalar(std::move(v)); }
  bool binary(binary_t& v) override { return scalar(json::binary(std::move(v))); }
  bool start_object(std::size_t) override { return start(true); }
  bool start_array(std::size_t) override { return start(false); }
  bool end_object() override { return end(); }
  bool end_array() override { return end(); }

  bool key(string_t& k) override {
    last_key_ = k;
    const bool repeated = build_.empty() ? !root_keys_.insert(k).second : build_.back()->contains(k);
    if (repeated)
      throw bad_input(last_key_, "",
                      fmt::format("{}: given twice in one object; give each field once", shown(last_key_)));
    if (build_.empty()) section_ = k;
    key_ = std::move(k);
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    if (dynamic_cast<const json::parse_error*>(&e) == nullptr) {
      // A number too large for a double (1E400) is out_of_range, not a parse error. (Found
      // by tests/fuzz/fuzz_json.)
      const std::string field = last_key_.empty() ? std::string("json") : last_key_;
      throw bad_input(field, "", fmt::format("json: {}: a number too large or too small to hold", field));
    }
    // The parser's byte count -> line and column of the offending character.
    const auto where = source_.place(position > 0 ? position - 1 : 0);
    throw bad_input("json", fmt::format("line {}, column {}", where.first, where.second),
                    fmt::format("json: not valid JSON at line {}, column {}", where.first, where.second));
  }

  // After the last token: what can only be judged once the whole file is read.
  void finish() {
    if (!root_object_) {
      diary_from_json(item_, zone_);  // not an object: refused with its usual message
      return;
    }
    if (!format_seen_)
      throw bad_input("format", "",
                      fmt::format("format: missing; a diary file starts with \"format\": \"{}\"", kFormat));
    if (night_repeat_)
      throw repeated_uuid("nights", night_repeat_->first, night_repeat_->second.first, night_repeat_->second.second);
    if (episode_repeat_)
      throw repeated_uuid("episodes", episode_repeat_->first, episode_repeat_->second.first,
                          episode_repeat_->second.second);
  }

 private:
  using Repeat = std::pair<std::size_t, std::pair<std::string, std::size_t>>;  // position, (uuid, first)

  // Where a new value goes: into the value being built, or as the value being built.
  json* put(json&& value) {
    if (build_.empty()) {
      item_ = std::move(value);
      return &item_;
    }
    json& top = *build_.back();
    if (top.is_array()) {
      top.push_back(std::move(value));
      return &top.back();
    }
    json& slot = top[key_];
    slot = std::move(value);
    return &slot;
  }

  bool scalar(json&& value) {
    put(std::move(value));
    if (build_.empty()) done();
    return true;
  }

  bool start(bool object) {
    if (depth_ >= kMaxDepth)
      throw bad_input("json", "", fmt::format("json: nested deeper than {} levels; not a diary", kMaxDepth));
    ++depth_;
    if (build_.empty()) {
      if (depth_ == 1 && object) {
        root_object_ = true;
        return true;
      }
      // The value of "nights" or "episodes": a list read one record at a time.
      if (depth_ == 2 && !object && (section_ == "nights" || section_ == "episodes") && list_ == List::none) {
        list_ = section_ == "nights" ? List::nights : List::episodes;
        return true;
      }
    }
    build_.push_back(put(object ? json::object() : json::array()));
    return true;
  }

  bool end() {
    --depth_;
    if (!build_.empty()) {
      build_.pop_back();
      if (build_.empty()) done();
    } else if (depth_ == 1) {
      list_ = List::none;  // a streamed list ends
    }
    return true;
  }

  // A value complete at the top of the diary, or one record of a streamed list.
  void done() {
    if (depth_ == 0) return;  // the whole document, not an object: finish() refuses it
    if (list_ != List::none) return record();
    refuse_unknown_top(section_, item_);
    if (section_ == "format") {
      check_format(item_);
      format_seen_ = true;
    } else if (section_ == "profile") {
      if (!item_.is_null()) visitor_.profile(profile_from_json(item_, "profile"));
    } else if (section_ == "medicines") {
      visitor_.medicines(medicines_from_json(item_));
    } else if (!item_.is_null()) {  // "nights" or "episodes" that are not a list
      wrong_type(section_, item_, section_ == "nights" ? "a list of nights" : "a list of episodes");
    }
    item_ = nullptr;
  }

  void record() {
    if (list_ == List::nights) {
      const auto i = nights_++;
      Night n = night_from_json(item_, zone_, fmt::format("nights[{}]", i));
      std::string uuid = n.uuid;
      const auto first = visitor_.night(std::move(n), i);
      if (first && !night_repeat_) night_repeat_ = Repeat{i, {std::move(uuid), *first}};
    } else {
      const auto i = episodes_++;
      Episode e = episode_from_json(item_, zone_, fmt::format("episodes[{}]", i));
      std::string uuid = e.uuid;
      const auto first = visitor_.episode(std::move(e), i);
      if (first && !episode_repeat_) episode_repeat_ = Repeat{i, {std::move(uuid), *first}};
    }
    item_ = nullptr;
  }

  enum class List { none, nights, episodes };
  Source& source_;
  clock::Zone zone_;
  DiaryVisitor& visitor_;
  int depth_ = 0;
  std::vector<json*> build_;  // the containers being built, innermost last
  json item_;
  std::string key_, last_key_, section_;
  std::set<std::string> root_keys_;
  bool root_object_ = false, format_seen_ = false;
  List list_ = List::none;
  std::size_t nights_ = 0, episodes_ = 0;
  std::optional<Repeat> night_repeat_, episode_repeat_;
};

void read(Source& source, clock::Zone zone, DiaryVisitor& visitor) {
  Reader reader(source, zone, visitor);
  std::istream in(&source);
  json::sax_parse(in, &reader);
  reader.finish();
}

// Collects a whole diary (parse_diary), refusing a repeated uuid as the stream does.
class Collector : public DiaryVisitor {
 public:
  Diary diary;
  void profile(const Profile& p) override {
    auto medicines = std::move(diary.profile.medicines);
    diary.profile = p;
    diary.profile.medicines = std::move(medicines);
  }
  void medicines(const std::vector<Medicine>& m) override { diary.profile.medicines = m; }
  std::optional<std::size_t> night(Night&& n, std::size_t i) override {
    diary.nights.push_back(std::move(n));
    return first(nights_, diary.nights.back().uuid, i);
  }
  std::optional<std::size_t> episode(Episode&& e, std::size_t i) override {
    diary.episodes.push_back(std::move(e));
    return first(episodes_, diary.episodes.back().uuid, i);
  }

 private:
  static std::optional<std::size_t> first(std::map<std::string, std::size_t>& seen, const std::string& uuid,
                                          std::size_t i) {
    if (uuid.empty()) return std::nullopt;
    auto [it, fresh] = seen.emplace(uuid, i);
    return fresh ? std::nullopt : std::optional<std::size_t>(it->second);
  }
  std::map<std::string, std::size_t> nights_, episodes_;
};

}  // namespace

void read_diary(std::istream& in, clock::Zone zone, DiaryVisitor& visitor) {
  Source source(in);
  read(source, zone, visitor);
}

Diary parse_diary(std::string_view text, clock::Zone zone) {
  Source source(text);
  Collector collector;
  read(source, zone, collector);
  return std::move(collector.diary);
}

std::string list_json(std::span<const Episode> episodes) {
  ordered_json out = ordered_json::array();
  for (const auto& e : episodes) out.push_back(to_json(e, true));
  return out.dump(2) + "\n";
}

}  // namespace diary::json_io
