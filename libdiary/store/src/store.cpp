#include "diary/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "diary/clock.hpp"
#include "diary/error.hpp"
#include "diary/fields.hpp"
#include "diary/identity.hpp"
#include "diary/migrations.hpp"
#include "diary/output_file.hpp"
#include "diary/text_gate.hpp"

namespace diary {
namespace fs = std::filesystem;

namespace {

std::int64_t to_unix(date::sys_seconds t) { return t.time_since_epoch().count(); }
date::sys_seconds from_unix(std::int64_t s) { return date::sys_seconds{std::chrono::seconds{s}}; }

// Creates the folder (0700) and the file (0600) ourselves, before SQLite does, so that
// neither is ever readable by others, whatever the umask. Existing folders are left as
// they are (a --db in /tmp must not chmod /tmp).
void create_folders(const fs::path& folder) {
  std::error_code ec;
  if (!fs::exists(folder, ec)) {
    // Each folder created on the way gets 0700.
    std::vector<fs::path> missing;
    for (fs::path p = folder; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
      missing.push_back(p);
      if (p == p.parent_path()) break;
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
      if (::mkdir(it->c_str(), 0700) != 0 && errno != EEXIST)
        throw failure(fmt::format("cannot create the folder {}: {}", it->string(), std::strerror(errno)));
    }
  }
}

fs::path folder_of(const fs::path& file) { return file.has_parent_path() ? file.parent_path() : fs::path("."); }

void prepare_file(const fs::path& file) {
  create_folders(folder_of(file));
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw failure(fmt::format("cannot open the diary {}: {}", file.string(), std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd, &st) == 0 && (st.st_mode & 077) != 0)
    spdlog::warn("the diary {} can be read by other users (mode {:04o}); run: chmod 600 '{}'", file.string(),
                 st.st_mode & 0777, file.string());
  ::close(fd);
}

std::string terms_to_text(const Terms& terms) { return nlohmann::json(terms).dump(); }

// Reads back the JSON array of strings that terms_to_text wrote, into `out`, reusing its
// strings (a big export reads millions of these). Text with escapes, which validated terms
// never need, goes through the JSON parser.
void terms_from_text(std::string_view text, Terms& out) {
  const auto slow = [&] { out = nlohmann::json::parse(text).get<Terms>(); };
  if (text.find('\\') != std::string_view::npos) return slow();
  std::size_t i = 0, n = 0;
  const auto ws = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r')) ++i;
  };
  ws();
  if (i >= text.size() || text[i] != '[') return slow();
  ++i;
  ws();
  if (i < text.size() && text[i] == ']') {
    out.clear();
    return;
  }
  while (true) {
    ws();
    if (i >= text.size() || text[i] != '"') return slow();
    const std::size_t end = text.find('"', i + 1);
    if (end == std::string_view::npos) return slow();
    if (n < out.size())
      out[n].assign(text.data() + i + 1, end - i - 1);
    else
      out.emplace_back(text.data() + i + 1, end - i - 1);
    ++n;
    i = end + 1;
    ws();
    if (i >= text.size()) return slow();
    if (text[i] == ']') break;
    if (text[i] != ',') return slow();
    ++i;
  }
  out.resize(n);
}

// Column names of a field: instants take three (name_utc, name_offset_min, name_zone).
template <class Record>
void columns(std::span<const Field<Record>> fields, std::vector<std::string>& out) {
  for (const auto& field : fields) {
    if (std::holds_alternative<std::optional<Instant> Record::*>(field.member)) {
      out.push_back(fmt::format("{}_utc", field.name));
      out.push_back(fmt::format("{}_offset_min", field.name));
      out.push_back(fmt::format("{}_zone", field.name));
    } else {
      out.emplace_back(field.name);
    }
  }
}

template <class Record>
void bind_fields(SQLite::Statement& st, int& index, const Record& record, std::span<const Field<Record>> fields) {
  for (const auto& field : fields) {
    std::visit(
        [&](auto member) {
          const auto& slot = record.*member;
          using V = std::decay_t<decltype(*slot)>;
          if constexpr (std::is_same_v<V, Instant>) {
            if (slot) {
              st.bind(index++, static_cast<std::int64_t>(to_unix(slot->utc)));
              st.bind(index++, static_cast<int>(slot->offset.count()));
              if (slot->zone.empty())
                st.bind(index++);
              else
                st.bind(index++, slot->zone);
            } else {
              st.bind(index++);
              st.bind(index++);
              st.bind(index++);
            }
          } else if (!slot) {
            st.bind(index++);
          } else if constexpr (std::is_same_v<V, double>) {
            // Whole minutes stay integers in the ANY column; 1.5 stays real.
            if (*slot == std::floor(*slot) && std::abs(*slot) < 1e15)
              st.bind(index++, static_cast<std::int64_t>(*slot));
            else
              st.bind(index++, *slot);
          } else if constexpr (std::is_same_v<V, int>) {
            st.bind(index++, *slot);
          } else if constexpr (std::is_same_v<V, bool>) {
            st.bind(index++, *slot ? 1 : 0);
          } else if constexpr (std::is_same_v<V, std::string>) {
            st.bind(index++, *slot);
          } else {
            st.bind(index++, terms_to_text(*slot));
          }
        },
        field.member);
  }
}

// The text of a column (empty for NULL).
std::string_view column_text(sqlite3_stmt* st, int i) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
  return text ? std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(st, i))) : std::string_view{};
}

// Fills `record` in place from the columns at `index` on (advanced past them), so that a
// record read again and again (a streamed export) keeps its strings' storage. Through
// SQLite's own column calls: a SQLite::Column for each value (a shared_ptr copied and
// released) cost more than reading the value.
template <class Record>
void read_fields(sqlite3_stmt* st, int& index, Record& record, std::span<const Field<Record>> fields) {
  for (const auto& field : fields) {
    std::visit(
        [&](auto member) {
          auto& slot = record.*member;
          using V = std::decay_t<decltype(*slot)>;
          const int i = index++;
          if constexpr (std::is_same_v<V, Instant>) {
            index += 2;  // name_utc, name_offset_min, name_zone
            if (sqlite3_column_type(st, i) == SQLITE_NULL) {
              slot.reset();
              return;
            }
            if (!slot) slot.emplace();
            slot->utc = from_unix(sqlite3_column_int64(st, i));
            slot->offset = std::chrono::minutes{sqlite3_column_int(st, i + 1)};
            slot->zone.assign(column_text(st, i + 2));
          } else {
            if (sqlite3_column_type(st, i) == SQLITE_NULL) {
              slot.reset();
              return;
            }
            if constexpr (std::is_same_v<V, double>)
              slot = sqlite3_column_double(st, i);
            else if constexpr (std::is_same_v<V, int>)
              slot = sqlite3_column_int(st, i);
            else if constexpr (std::is_same_v<V, bool>)
              slot = sqlite3_column_int(st, i) != 0;
            else {
              if (!slot) slot.emplace();
              if constexpr (std::is_same_v<V, std::string>)
                slot->assign(column_text(st, i));
              else
                terms_from_text(column_text(st, i), *slot);
            }
          }
        },
        field.member);
  }
}

// A read prepared through SQLite's own calls, so that read_fields can read its rows:
// SQLiteCpp 3.2's Statement keeps its sqlite3_stmt private. Errors are SQLite::Exception
// as SQLiteCpp's own, so guarded() words them alike; writes go through SQLite::Statement.
class Query {
 public:
  Query(SQLite::Database& db, const std::string& sql) : db_(db.getHandle()) {
    sqlite3_stmt* raw = nullptr;
    check(sqlite3_prepare_v2(db_, sql.c_str(), -1, &raw, nullptr));
    st_.reset(raw);
  }
  void bind(int index, std::string_view text) {
    check(sqlite3_bind_text(st_.get(), index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
  }
  void bind(int index, std::int64_t value) { check(sqlite3_bind_int64(st_.get(), index, value)); }
  // The next row: true while there is one.
  bool step() {
    const int rc = sqlite3_step(st_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) throw SQLite::Exception(db_, rc);
    return false;
  }
  // Ready to run again (no read left open in the transaction), its parameters unbound.
  void reset() {
    sqlite3_reset(st_.get());
    sqlite3_clear_bindings(st_.get());
  }
  sqlite3_stmt* get() const { return st_.get(); }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) throw SQLite::Exception(db_, rc);
  }
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> st_{nullptr, &sqlite3_finalize};
};

// The nights of a period (either bound optional), as a SQL condition on the `night`
// column and its parameters: one place for every query that reads a period.
struct NightRange {
  std::optional<date::year_month_day> from, to;

  // At most about three months: what `log` reads around a new entry, not a whole diary.
  bool short_one() const { return from && to && date::sys_days{*to} - date::sys_days{*from} <= date::days{100}; }

  // `sql` with " AND night >= ? AND night <= ?" for the bounds given, then `tail`, bound.
  Query prepare(SQLite::Database& db, const std::string& sql, std::string_view tail = {}) const {
    return prepare_with(db, sql, tail, false);
  }

  // The same for the episode table, where each bound also bounds onset_utc: SQLite then
  // walks the onset index in the order the reads ask for (onset_utc, id) instead of
  // sorting the period's rows whole in a temporary tree. A night is the local date of
  // onset - 12 hours and an offset is at most a day, so night N holds onsets from N - 12 h
  // to N + 60 h: the bounds leave out nothing the night's own test keeps.
  Query prepare_episodes(SQLite::Database& db, const std::string& sql, std::string_view tail = {}) const {
    return prepare_with(db, sql, tail, true);
  }

 private:
  Query prepare_with(SQLite::Database& db, const std::string& sql, std::string_view tail, bool onset) const {
    std::string text = sql;
    if (from) text += onset ? " AND night >= ? AND onset_utc >= ?" : " AND night >= ?";
    if (to) text += onset ? " AND night <= ? AND onset_utc < ?" : " AND night <= ?";
    Query q(db, text.append(tail));
    int index = 1;
    const auto unix_day = [](date::year_month_day d) {
      return static_cast<std::int64_t>(date::sys_seconds{date::sys_days{d}}.time_since_epoch().count());
    };
    if (from) {
      q.bind(index++, clock::format_day(*from));
      if (onset) q.bind(index++, unix_day(*from) - 12 * 3600);
    }
    if (to) {
      q.bind(index++, clock::format_day(*to));
      if (onset) q.bind(index++, unix_day(*to) + 60 * 3600);
    }
    return q;
  }
};

std::string joined(const std::vector<std::string>& names, std::string_view sep = ", ") {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += sep;
    out += n;
  }
  return out;
}

std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

std::string day_text(date::year_month_day d) { return clock::format_day(d); }

// SQLite errors become diary::Error; a full disk and a busy diary get plain words. `db`,
// when given, tells the operating system's reason for an I/O error (a full disk is ENOSPC,
// a file size limit EFBIG: SQLite reports both as SQLITE_FULL or SQLITE_IOERR).
[[noreturn]] void rethrow_sqlite(const SQLite::Exception& e, std::string_view doing, sqlite3* db) {
  const int code = e.getErrorCode();
  const int sys = db && (code == SQLITE_IOERR || code == SQLITE_FULL) ? sqlite3_system_errno(db) : 0;
  if (code == SQLITE_FULL || sys == ENOSPC || sys == EDQUOT)
    throw failure(fmt::format("{}: the disk is full; nothing was saved, the diary is unchanged", doing));
  if (sys == EFBIG)
    throw failure(fmt::format(
        "{}: the file size limit was reached (ulimit -f); nothing was saved, the diary is unchanged", doing));
  // A write() that failed outright (EFBIG, EIO, ...; SQLite often no longer knows which).
  if (e.getExtendedErrorCode() == SQLITE_IOERR_WRITE)
    throw failure(
        fmt::format("{}: writing to the disk failed (is it full, or a file size limit reached?); "
                    "nothing was saved, the diary is unchanged",
                    doing));
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
    throw failure(fmt::format("{}: the diary stayed busy in another program; nothing was saved, try again", doing));
  if (code == SQLITE_IOERR || code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM)
    throw failure(fmt::format("{}: the diary file could not be written ({}{}{}); nothing was saved", doing, e.what(),
                              sys ? ": " : "", sys ? std::strerror(sys) : ""));
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    throw failure(fmt::format("{}: the diary file is damaged or not a diary ({})", doing, e.what()));
  throw failure(fmt::format("{}: {}", doing, e.what()));
}

template <class F>
auto guarded(sqlite3* db, std::string_view doing, F&& f) {
  try {
    return f();
  } catch (const SQLite::Exception& e) { rethrow_sqlite(e, doing, db); }
}

// A record holding only the required part of `record` (onset, night date), so that a
// field checked alone is judged against it (bed and wake against their night). When that
// part is itself wrong, a sound stand-in: the whole-record check reports it.
template <class Record>
Record skeleton(const Record& record) {
  Record out{};
  if constexpr (std::is_same_v<Record, Episode>) out.onset = record.onset;
  if constexpr (std::is_same_v<Record, Night>) out.night = record.night;
  try {
    validate(out);
  } catch (const Error&) {
    out = Record{};
    if constexpr (std::is_same_v<Record, Night>) out.night = date::year{2000} / 1 / 1;
  }
  return out;
}

// Each field of a record checked on its own (so one bad field does not hide the next),
// then the record whole (for rules across fields). Messages name the record and field.
template <class Record>
void check_record(const Record& record, std::span<const Field<Record>> fields, const std::string& where,
                  std::vector<std::string>& out) {
  const std::size_t before = out.size();
  for (const auto& field : fields) {
    std::visit(
        [&](auto member) {
          Record single = skeleton(record);
          single.*member = record.*member;
          try {
            validate(single, where);
          } catch (const Error& e) { out.emplace_back(e.what()); }
        },
        field.member);
  }
  try {
    validate(record, where);
  } catch (const Error& e) {
    if (out.size() == before) out.emplace_back(e.what());
  }
}

// A URI for SQLite: the path with the characters URIs reserve percent-encoded.
std::string file_uri(const fs::path& file, std::string_view query) {
  std::string out = "file:";
  for (unsigned char c : fs::absolute(file).string()) {
    if (c == '%' || c == '?' || c == '#' || c < 0x21 || c >= 0x7f)
      out += fmt::format("%{:02X}", static_cast<unsigned>(c));
    else
      out += static_cast<char>(c);
  }
  return out + "?" + std::string(query);
}

// Opens read-only; when a WAL diary cannot be read that way (SQLite cannot create its
// -shm in a read-only folder), opens it immutable.
SQLite::Database open_read_only(const fs::path& file) {
  const int flags = SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX | SQLite::OPEN_URI;
  try {
    SQLite::Database db(file_uri(file, "mode=ro"), flags);
    db.setBusyTimeout(15000);  // a writer's moment is waited for, not taken for a read-only folder
    db.execAndGet("SELECT count(*) FROM sqlite_schema");  // reads the WAL index: fails here
    return db;
  } catch (const SQLite::Exception& e) {
    // Only a WAL index that cannot be made (no -shm in a read-only folder) turns to
    // immutable; anything else (busy, damaged) is reported as it is.
    const int code = e.getErrorCode();
    if (code != SQLITE_CANTOPEN && code != SQLITE_READONLY) throw;
    spdlog::debug("read-only open failed ({}); opening immutable", e.what());
  }
  return SQLite::Database(file_uri(file, "immutable=1"), flags);
}

// True when the folder's file system has (nearly) no room left: SQLite reports a full
// disk while opening as a plain "disk I/O error".
bool disk_full(const fs::path& folder) {
  struct statvfs st {};
  return ::statvfs(folder.c_str(), &st) == 0 && st.f_bavail * st.f_frsize < 256 * 1024;
}

// fsync of a file or folder by path; false when it could not be done.
bool sync_path(const fs::path& p, int flags) {
  const int fd = ::open(p.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

struct Store::Impl {
  fs::path path;
  SQLite::Database db;
  int version = 0;
  std::string episode_select;
  std::string brief_select;  // see Store::for_each_episode_brief
  std::string night_select;
  // Write statements prepared once and reused: an import of many records then costs one
  // step per record, not one prepare.
  std::unique_ptr<SQLite::Statement> insert_episode_st, update_episode_st, upsert_night_st;
  std::unique_ptr<SQLite::Statement> night_uuid_st, night_known_st, episode_id_st;
  std::unique_ptr<Query> twin_st;

  SQLite::Statement& cached(std::unique_ptr<SQLite::Statement>& slot, const std::string& sql) {
    if (!slot) slot = std::make_unique<SQLite::Statement>(db, sql);
    slot->reset();
    slot->clearBindings();
    return *slot;
  }
  Query& cached(std::unique_ptr<Query>& slot, const std::string& sql) {
    if (!slot) slot = std::make_unique<Query>(db, sql);
    slot->reset();
    return *slot;
  }

  // SQLite keeps memory statistics nobody reads here, behind a global mutex taken on every
  // allocation (Debian's build has no lookaside, so that is every small one): a quarter of
  // a million instructions of each `diary log`. Off, once, before the first connection
  // (when SQLite is already in use, sqlite3_config refuses and nothing changes).
  static void configure_sqlite() {
    static const int once = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)once;
  }

  explicit Impl(const fs::path& file, bool read_only = false)
      // NOMUTEX: a Store is used by one thread at a time (it is not shared), and SQLite's
      // serialized mode took a mutex on every column read of every row.
      : path((configure_sqlite(), file)),
        db(read_only
               ? open_read_only(file)
               : SQLite::Database(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX)) {
    db.setBusyTimeout(15000);
    refuse_newer();  // before anything that could change the file
    if (!read_only) {
      use_wal();
      db.exec("PRAGMA synchronous=FULL");
    }
    db.exec("PRAGMA foreign_keys=ON");

    std::vector<std::string> ecols{"id", "uuid", "open", "onset_utc", "onset_offset_min", "timezone"};
    columns<Episode>(episode_fields(), ecols);
    episode_select = fmt::format("SELECT {} FROM episode", joined(ecols));
    std::vector<std::string> bcols{"id", "onset_utc", "onset_offset_min"};
    columns<Episode>(brief_fields(), bcols);
    brief_select = fmt::format("SELECT {} FROM episode", joined(bcols));
    std::vector<std::string> ncols{"night", "uuid"};
    columns<Night>(night_fields(), ncols);
    night_select = fmt::format("SELECT {} FROM night", joined(ncols));
  }

  bool in_transaction() { return sqlite3_get_autocommit(db.getHandle()) == 0; }

  // Runs `f` inside the caller's transaction, or inside its own BEGIN IMMEDIATE.
  template <class F>
  auto writing(std::string_view doing, F&& f) {
    return guarded(db.getHandle(), doing, [&] {
      if (in_transaction()) return f();
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      if constexpr (std::is_void_v<decltype(f())>) {
        f();
        tx.commit();
      } else {
        auto result = f();
        tx.commit();
        return result;
      }
    });
  }

  // journal_mode is stored in the file; asking again is a cheap read once it is WAL. The
  // change needs the file to itself, and while other processes open the same new diary
  // SQLite answers busy at once instead of waiting (waiting could deadlock), so it is asked
  // again every 5 ms for about the busy timeout's 15 s. Counted in tries, not by the clock,
  // which the tests run under faketime.
  void use_wal() {
    for (int tries = 0; db.execAndGet("PRAGMA journal_mode").getString() != "wal"; ++tries) {
      try {
        if (db.execAndGet("PRAGMA journal_mode=WAL").getString() == "wal") return;
      } catch (const SQLite::Exception& e) {
        if (e.getErrorCode() != SQLITE_BUSY) throw;
      }
      if (tries == 3000) throw SQLite::Exception("the diary stayed busy", SQLITE_BUSY);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  int read_version() { return db.execAndGet("PRAGMA user_version").getInt(); }

  void refuse_newer() {
    const int latest = Store::latest_version();
    version = read_version();
    if (version > latest)
      throw failure(
          fmt::format("{} was written by a newer version of diary (schema {}; this program knows up to {}); "
                      "it was left untouched: update diary to open it",
                      path.string(), version, latest));
  }

  void migrate() {
    const auto all = migrations();
    const int latest = Store::latest_version();
    if (version == latest) return;
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    version = read_version();  // another process may have migrated meanwhile
    for (const auto& m : all) {
      if (m.version <= version) continue;
      spdlog::debug("applying migration {}", m.name);
      db.exec(std::string(m.sql));
    }
    db.exec(fmt::format("PRAGMA user_version = {}", latest));
    tx.commit();
    if (version != 0) spdlog::info("diary migrated from schema {} to {}", version, latest);
    version = latest;
  }

  Episode episode_row(sqlite3_stmt* st) {
    Episode e;
    read_episode(st, e);
    return e;
  }

  // Fills `e` in place from an episode_select row (see read_fields).
  static void read_episode(sqlite3_stmt* st, Episode& e) {
    e.id = sqlite3_column_int64(st, 0);
    e.uuid.assign(column_text(st, 1));
    e.open = sqlite3_column_int(st, 2) != 0;
    e.onset.utc = from_unix(sqlite3_column_int64(st, 3));
    e.onset.offset = std::chrono::minutes{sqlite3_column_int(st, 4)};
    e.onset.zone.assign(column_text(st, 5));
    int index = 6;
    read_fields<Episode>(st, index, e, episode_fields());
  }

  // The fields an analysis reads: all but the medicine's name (kept apart, since a field
  // added to the table is then read here too unless it is named below).
  static std::span<const Field<Episode>> brief_fields() {
    static const std::vector<Field<Episode>> fields = [] {
      std::vector<Field<Episode>> out;
      for (const auto& f : episode_fields())
        if (f.name != "relief_medicine") out.push_back(f);
      return out;
    }();
    return fields;
  }

  // Fills `e` in place from a brief_select row.
  static void read_brief(sqlite3_stmt* st, Episode& e) {
    e.id = sqlite3_column_int64(st, 0);
    e.onset.utc = from_unix(sqlite3_column_int64(st, 1));
    e.onset.offset = std::chrono::minutes{sqlite3_column_int(st, 2)};
    int index = 3;
    read_fields<Episode>(st, index, e, brief_fields());
  }

  // Fills `n` in place from a night_select row; its uuid only when asked.
  static void read_night(sqlite3_stmt* st, Night& n, bool with_uuid = true) {
    n.night = clock::parse_day(column_text(st, 0), "night");
    if (with_uuid) n.uuid.assign(column_text(st, 1));
    int index = 2;
    read_fields<Night>(st, index, n, night_fields());
  }
  static Night night_row(sqlite3_stmt* st) {
    Night n;
    read_night(st, n);
    return n;
  }

  // The columns an insert and an update write; an insert writes "uuid" before them.
  static std::vector<std::string> episode_columns() {
    std::vector<std::string> cols{"open", "onset_utc", "onset_offset_min", "timezone"};
    columns<Episode>(episode_fields(), cols);
    return cols;
  }

  void bind_episode(SQLite::Statement& st, int index, const Episode& e) {
    st.bind(index++, e.open ? 1 : 0);
    st.bind(index++, static_cast<std::int64_t>(to_unix(e.onset.utc)));
    st.bind(index++, static_cast<int>(e.onset.offset.count()));
    if (e.onset.zone.empty())
      st.bind(index++);
    else
      st.bind(index++, e.onset.zone);
    bind_fields<Episode>(st, index, e, episode_fields());
  }

  // A record without an identity (made by a caller that did not give one) gets one here.
  std::int64_t insert_episode(const Episode& e) {
    static const std::string sql = [] {
      std::vector<std::string> cols{"uuid"};
      for (auto& c : episode_columns()) cols.push_back(c);
      return fmt::format("INSERT INTO episode ({}) VALUES ({})", joined(cols), placeholders(cols.size()));
    }();
    auto& st = cached(insert_episode_st, sql);
    st.bind(1, e.uuid.empty() ? new_uuid() : e.uuid);
    bind_episode(st, 2, e);
    st.exec();
    return db.getLastInsertRowid();
  }

  void update_episode(const Episode& e) {
    static const std::string sql = [] {
      auto cols = episode_columns();
      for (auto& c : cols) c += " = ?";
      return fmt::format("UPDATE episode SET {} WHERE id = ?", joined(cols));
    }();
    auto& st = cached(update_episode_st, sql);
    bind_episode(st, 1, e);
    st.bind(st.getBindParameterCount(), static_cast<std::int64_t>(e.id));
    if (st.exec() == 0) throw bad_input("id", std::to_string(e.id), fmt::format("id: there is no episode {}", e.id));
  }

  // A record without an identity (a diary/1 file, a CSV row) that is already stored: an
  // episode at the same instant and offset with every field equal, not yet claimed.
  // Anything less is a different episode, kept as one (never merged by its onset alone).
  std::optional<Episode> unclaimed_twin(const Episode& e, const std::function<bool(std::int64_t)>& claimed) {
    auto& st = cached(twin_st, episode_select + " WHERE onset_utc = ? ORDER BY id");
    st.bind(1, static_cast<std::int64_t>(to_unix(e.onset.utc)));
    std::optional<Episode> found;
    while (!found && st.step()) {
      Episode stored = episode_row(st.get());
      if (claimed(stored.id)) continue;
      Episode probe = e;
      probe.id = stored.id;
      probe.uuid = stored.uuid;
      probe.onset.zone = stored.onset.zone;  // a CSV row carries no zone name
      if (probe == stored) found = std::move(stored);
    }
    st.reset();  // no read left open in the transaction
    return found;
  }

  std::optional<std::string> night_uuid(date::year_month_day day) {
    auto& st = cached(night_uuid_st, "SELECT uuid FROM night WHERE night = ?");
    st.bind(1, day_text(day));
    std::optional<std::string> out;
    if (st.executeStep()) out = st.getColumn(0).getString();
    st.reset();
    return out;
  }

  bool night_uuid_known(const std::string& uuid) {
    auto& st = cached(night_known_st, "SELECT 1 FROM night WHERE uuid = ?");
    st.bind(1, uuid);
    const bool known = st.executeStep();
    st.reset();
    return known;
  }

  std::optional<std::int64_t> episode_id_by_uuid(const std::string& uuid) {
    auto& st = cached(episode_id_st, "SELECT id FROM episode WHERE uuid = ?");
    st.bind(1, uuid);
    std::optional<std::int64_t> out;
    if (st.executeStep()) out = st.getColumn(0).getInt64();
    st.reset();
    return out;
  }

  // One stored episode read by a query whose first parameter is bound by `bind`.
  std::optional<Episode> episode_where(const std::string& where, const std::function<void(Query&)>& bind) {
    Query q(db, episode_select + " " + where);
    bind(q);
    if (!q.step()) return std::nullopt;
    return episode_row(q.get());
  }

  // INSERT OR REPLACE on a night removes any other row holding the same date or the same
  // uuid, so a night record moved to another date by an import is moved, not doubled.
  void upsert_night(const Night& n) {
    static const std::string sql = [] {
      std::vector<std::string> cols{"night", "uuid"};
      columns<Night>(night_fields(), cols);
      return fmt::format("INSERT OR REPLACE INTO night ({}) VALUES ({})", joined(cols), placeholders(cols.size()));
    }();
    // Without an identity the night keeps the one stored for its date, or gets a new one.
    std::string uuid = n.uuid;
    if (uuid.empty()) uuid = night_uuid(n.night).value_or(std::string{});
    if (uuid.empty()) uuid = new_uuid();
    auto& st = cached(upsert_night_st, sql);
    int index = 1;
    st.bind(index++, day_text(n.night));
    st.bind(index++, uuid);
    bind_fields<Night>(st, index, n, night_fields());
    st.exec();
  }
};

Store::Store(const fs::path& file) {
  prepare_file(file);
  try {
    guarded(nullptr, "opening the diary", [&] {
      impl_ = std::make_unique<Impl>(file);
      impl_->migrate();
    });
  } catch (const Error&) {
    if (disk_full(folder_of(file)))
      throw failure(
          fmt::format("opening the diary {}: the disk is full; free some space and try again", file.string()));
    throw;
  }
}

Store::Store(const fs::path& file, Access access) {
  if (access == Access::read_write) {
    *this = Store(file);
    return;
  }
  if (!fs::exists(file)) throw failure(fmt::format("there is no diary at {} yet", file.string()));
  guarded(nullptr, "opening the diary", [&] { impl_ = std::make_unique<Impl>(file, true); });
  if (impl_->version < latest_version())
    throw failure(
        fmt::format("the diary {} needs an upgrade (schema {} to {}), which a read-only diary cannot have; "
                    "make it writable (chmod u+w) and run any command",
                    file.string(), impl_->version, latest_version()));
}

Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

int Store::latest_version() {
  const auto all = migrations();
  return all.empty() ? 0 : all.back().version;
}
int Store::schema_version() const { return impl_->version; }
const fs::path& Store::path() const { return impl_->path; }

Store::Transaction::Transaction(Store& store, bool write) : store_(&store) {
  guarded(store_->impl_->db.getHandle(), "starting a transaction", [&] {
    store_->impl_->db.exec(write ? "BEGIN IMMEDIATE" : "BEGIN");
    open_ = true;
  });
}
Store::Transaction::Transaction(Transaction&& other) noexcept : store_(other.store_), open_(other.open_) {
  other.open_ = false;
}
Store::Transaction::~Transaction() {
  if (!open_) return;
  try {
    store_->impl_->db.exec("ROLLBACK");
  } catch (...) {  // a failed rollback leaves SQLite to roll back on close
  }
}
void Store::Transaction::commit() {
  guarded(store_->impl_->db.getHandle(), "saving", [&] {
    store_->impl_->db.exec("COMMIT");
    open_ = false;
  });
}
Store::Transaction Store::write() { return Transaction(*this, true); }
Store::Transaction Store::read() { return Transaction(*this, false); }

std::int64_t Store::add(const Episode& episode) {
  validate(episode);
  return impl_->writing("saving the episode", [&] { return impl_->insert_episode(episode); });
}

void Store::update(const Episode& episode) {
  validate(episode);
  impl_->writing("saving the episode", [&] { impl_->update_episode(episode); });
}

bool Store::remove(std::int64_t id) {
  return impl_->writing("deleting the episode", [&] {
    SQLite::Statement st(impl_->db, "DELETE FROM episode WHERE id = ?");
    st.bind(1, static_cast<std::int64_t>(id));
    return st.exec() > 0;
  });
}

std::optional<Episode> Store::episode(std::int64_t id) const {
  return guarded(impl_->db.getHandle(), "reading the diary", [&]() -> std::optional<Episode> {
    Query q(impl_->db, impl_->episode_select + " WHERE id = ?");
    q.bind(1, static_cast<std::int64_t>(id));
    if (!q.step()) return std::nullopt;
    return impl_->episode_row(q.get());
  });
}

std::optional<Episode> Store::episode_by_uuid(const std::string& uuid) const {
  return guarded(impl_->db.getHandle(), "reading the diary",
                 [&] { return impl_->episode_where("WHERE uuid = ?", [&](Query& q) { q.bind(1, uuid); }); });
}

std::optional<Episode> Store::open_episode() const {
  return guarded(impl_->db.getHandle(), "reading the diary", [&] {
    return impl_->episode_where("WHERE open = 1 ORDER BY onset_utc DESC, id DESC LIMIT 1", [](Query&) {});
  });
}

std::optional<Episode> Store::recent_episode(int back) const {
  return guarded(impl_->db.getHandle(), "reading the diary", [&] {
    return impl_->episode_where("ORDER BY id DESC LIMIT 1 OFFSET ?", [&](Query& q) { q.bind(1, std::int64_t{back}); });
  });
}

std::vector<Episode> Store::episodes_near(date::sys_seconds at, std::chrono::seconds window) const {
  return guarded(impl_->db.getHandle(), "reading the diary", [&] {
    Query q(impl_->db, impl_->episode_select + " WHERE onset_utc BETWEEN ? AND ? ORDER BY onset_utc, id");
    q.bind(1, static_cast<std::int64_t>(to_unix(at - window)));
    q.bind(2, static_cast<std::int64_t>(to_unix(at + window)));
    std::vector<Episode> out;
    while (q.step()) out.push_back(impl_->episode_row(q.get()));
    return out;
  });
}

std::optional<Store::KeyUse> Store::key_use(const std::string& key) const {
  return guarded(impl_->db.getHandle(), "reading the diary", [&]() -> std::optional<KeyUse> {
    SQLite::Statement st(impl_->db, "SELECT kind, uuid FROM idempotency WHERE key = ?");
    st.bind(1, key);
    if (!st.executeStep()) return std::nullopt;
    return KeyUse{st.getColumn(0).getString(), st.getColumn(1).getString()};
  });
}

void Store::remember_key(const std::string& key, const std::string& kind, const std::string& uuid) {
  impl_->writing("saving the idempotency key", [&] {
    SQLite::Statement st(impl_->db, "INSERT INTO idempotency (key, kind, uuid) VALUES (?, ?, ?)");
    st.bind(1, key);
    st.bind(2, kind);
    st.bind(3, uuid);
    st.exec();
  });
}

std::size_t Store::count_episodes(std::optional<date::year_month_day> from,
                                  std::optional<date::year_month_day> to) const {
  return guarded(impl_->db.getHandle(), "reading the diary", [&] {
    auto count = NightRange{from, to}.prepare_episodes(impl_->db, "SELECT count(*) FROM episode WHERE 1");
    return count.step() ? static_cast<std::size_t>(sqlite3_column_int64(count.get(), 0)) : std::size_t{0};
  });
}

std::optional<date::year_month_day> Store::last_episode_night() const {
  return guarded(impl_->db.getHandle(), "reading the diary", [&]() -> std::optional<date::year_month_day> {
    SQLite::Statement last(impl_->db, "SELECT max(night) FROM episode");
    if (!last.executeStep() || last.getColumn(0).isNull()) return std::nullopt;
    return clock::parse_day(last.getColumn(0).getString(), "night");
  });
}

std::vector<Episode> Store::episodes(std::optional<date::year_month_day> from,
                                     std::optional<date::year_month_day> to) const {
  // A long period is sized first and filled in place: a long diary then costs no regrowth
  // and no moves. A short one (the nights around a new entry) is not: counting cost more.
  const NightRange range{from, to};
  const auto n = range.short_one() ? 0 : count_episodes(from, to);
  return guarded(impl_->db.getHandle(), "reading the diary", [&] {
    std::vector<Episode> out;
    out.reserve(n);
    auto q = range.prepare_episodes(impl_->db, impl_->episode_select + " WHERE 1", " ORDER BY onset_utc, id");
    while (q.step()) Impl::read_episode(q.get(), out.emplace_back());
    return out;
  });
}

namespace {

// The bedtimes of a period's nights, read alongside its episodes in onset order: nights come
// in date order and an episode's night almost always is its predecessor's or a later one,
// so one pass over both holds one night at a time, whatever the diary's size (a map of all
// bedtimes grew with it). An episode whose night comes before one already passed (a later
// onset on an earlier local night, after a flight west) looks its night up on its own.
class Bedtimes {
 public:
  Bedtimes(SQLite::Database& db, const NightRange& range)
      : db_(db), walk_(range.prepare(db, std::string(kSelect) + " WHERE bed_utc IS NOT NULL", " ORDER BY night")) {
    advance();
  }

  // The bedtime of `night`, or null; valid until the next call.
  const Instant* of(date::year_month_day night) {
    const date::sys_days day{night};
    if (started_ && day < latest_) return look_up(night);
    started_ = true;
    latest_ = day;
    while (has_ && current_day_ < day) advance();
    return has_ && current_day_ == day ? &current_ : nullptr;
  }

 private:
  static constexpr std::string_view kSelect = "SELECT night, bed_utc, bed_offset_min FROM night";

  static Instant bed(const Query& q) {
    return Instant{
        from_unix(sqlite3_column_int64(q.get(), 1)), std::chrono::minutes{sqlite3_column_int(q.get(), 2)}, {}};
  }
  void advance() {
    has_ = walk_.step();
    if (!has_) return;
    current_day_ = date::sys_days{clock::parse_day(column_text(walk_.get(), 0), "night")};
    current_ = bed(walk_);
  }
  const Instant* look_up(date::year_month_day night) {
    if (!one_) one_.emplace(db_, std::string(kSelect) + " WHERE night = ? AND bed_utc IS NOT NULL");
    one_->reset();
    one_->bind(1, day_text(night));
    if (!one_->step()) return nullptr;
    looked_up_ = bed(*one_);
    return &looked_up_;
  }

  SQLite::Database& db_;
  Query walk_;
  std::optional<Query> one_;
  bool has_ = false, started_ = false;
  date::sys_days current_day_{}, latest_{};
  Instant current_, looked_up_;
};

}  // namespace

void Store::for_each_episode(std::optional<date::year_month_day> from, std::optional<date::year_month_day> to,
                             const std::function<void(Episode&, const Instant* bed)>& visit) const {
  guarded(impl_->db.getHandle(), "reading the diary", [&] {
    const NightRange range{from, to};
    Bedtimes beds(impl_->db, range);
    auto q = range.prepare_episodes(impl_->db, impl_->episode_select + " WHERE 1", " ORDER BY onset_utc, id");
    Episode e;
    while (q.step()) {
      Impl::read_episode(q.get(), e);
      visit(e, beds.of(e.night()));
    }
  });
}

void Store::for_each_episode_brief(std::optional<date::year_month_day> from, std::optional<date::year_month_day> to,
                                   const std::function<void(Episode&)>& visit) const {
  guarded(impl_->db.getHandle(), "reading the diary", [&] {
    auto q =
        NightRange{from, to}.prepare_episodes(impl_->db, impl_->brief_select + " WHERE 1", " ORDER BY onset_utc, id");
    Episode e;
    while (q.step()) {
      Impl::read_brief(q.get(), e);
      visit(e);
    }
  });
}

void Store::put(const Night& night) {
  validate(night);
  impl_->writing("saving the night", [&] { impl_->upsert_night(night); });
}

std::optional<Night> Store::night(date::year_month_day day) const {
  return guarded(impl_->db.getHandle(), "reading the diary", [&]() -> std::optional<Night> {
    Query q(impl_->db, impl_->night_select + " WHERE night = ?");
    q.bind(1, day_text(day));
    if (!q.step()) return std::nullopt;
    return Impl::night_row(q.get());
  });
}

std::optional<Night> Store::night_by_uuid(const std::string& uuid) const {
  return guarded(impl_->db.getHandle(), "reading the diary", [&]() -> std::optional<Night> {
    Query q(impl_->db, impl_->night_select + " WHERE uuid = ?");
    q.bind(1, uuid);
    if (!q.step()) return std::nullopt;
    return Impl::night_row(q.get());
  });
}

void Store::for_each_night(std::optional<date::year_month_day> from, std::optional<date::year_month_day> to,
                           const std::function<void(const Night&)>& visit) const {
  guarded(impl_->db.getHandle(), "reading the diary", [&] {
    auto q = NightRange{from, to}.prepare(impl_->db, impl_->night_select + " WHERE 1", " ORDER BY night");
    while (q.step()) visit(Impl::night_row(q.get()));
  });
}

std::vector<Night> Store::nights(std::optional<date::year_month_day> from,
                                 std::optional<date::year_month_day> to) const {
  return read_nights(from, to, true);
}

std::vector<Night> Store::nights_brief(std::optional<date::year_month_day> from,
                                       std::optional<date::year_month_day> to) const {
  return read_nights(from, to, false);
}

std::vector<Night> Store::read_nights(std::optional<date::year_month_day> from, std::optional<date::year_month_day> to,
                                      bool with_uuid, std::string_view where) const {
  return guarded(impl_->db.getHandle(), "reading the diary", [&] {
    const NightRange range{from, to};
    // A long period is sized first: grown by doubling, a long diary's nights took up to
    // twice their room. A short one is not: counting cost more.
    std::vector<Night> out;
    if (!range.short_one()) {
      auto count = range.prepare(impl_->db, fmt::format("SELECT count(*) FROM night WHERE {}", where));
      if (count.step()) out.reserve(static_cast<std::size_t>(sqlite3_column_int64(count.get(), 0)));
    }
    auto q = range.prepare(impl_->db, fmt::format("{} WHERE {}", impl_->night_select, where), " ORDER BY night");
    while (q.step()) Impl::read_night(q.get(), out.emplace_back(), with_uuid);
    return out;
  });
}

std::vector<Night> Store::nights_with_text(std::optional<date::year_month_day> from,
                                           std::optional<date::year_month_day> to) const {
  return read_nights(from, to, true, "(note IS NOT NULL OR new_medication IS NOT NULL)");
}

Profile Store::profile() const {
  return guarded(impl_->db.getHandle(), "reading the profile", [&] {
    std::vector<std::string> cols;
    columns<Profile>(profile_fields(), cols);
    Query q(impl_->db, fmt::format("SELECT {} FROM profile WHERE id = 1", joined(cols)));
    Profile p;
    if (q.step()) {
      int index = 0;
      read_fields<Profile>(q.get(), index, p, profile_fields());
    }
    p.medicines = medicines();
    return p;
  });
}

void Store::put(const Profile& profile) {
  validate(profile);
  impl_->writing("saving the profile", [&] {
    std::vector<std::string> cols{"id"};
    columns<Profile>(profile_fields(), cols);
    SQLite::Statement st(impl_->db, fmt::format("INSERT OR REPLACE INTO profile ({}) VALUES ({})", joined(cols),
                                                placeholders(cols.size())));
    int index = 1;
    st.bind(index++, 1);
    bind_fields<Profile>(st, index, profile, profile_fields());
    st.exec();
  });
}

Diary Store::load() const { return Diary{profile(), nights(), episodes()}; }

ImportReport Store::merge(const Diary& diary) {
  for (const auto& m : diary.profile.medicines) validate(m, "medicines");
  for (const auto& e : diary.episodes) validate(e);
  for (const auto& n : diary.nights) validate(n);
  validate(diary.profile);
  return impl_->writing("importing", [&] {
    Import import(*this);
    import.profile(diary.profile);
    import.medicines(diary.profile.medicines);
    for (std::size_t i = 0; i < diary.nights.size(); ++i) import.night(diary.nights[i], i);
    for (std::size_t i = 0; i < diary.episodes.size(); ++i) import.episode(diary.episodes[i], i);
    return import.report();
  });
}

namespace {
constexpr std::uint32_t kMatched = std::numeric_limits<std::uint32_t>::max();
}  // namespace

Store::Import::Import(Store& store) : store_(store) {}
Store::Import::~Import() = default;

void Store::Import::profile(const Profile& incoming) {
  validate(incoming);
  store_.impl_->writing("importing", [&] {
    // The file's known fields win, unknown ones keep what the diary had.
    Profile merged = store_.profile();
    bool changed = false;
    for (const auto& field : profile_fields()) {
      std::visit(
          [&](auto member) {
            if ((incoming.*member) && incoming.*member != merged.*member) {
              merged.*member = incoming.*member;
              changed = true;
            }
          },
          field.member);
    }
    if (changed) store_.put(merged);
    report_.profile_changed = report_.profile_changed || changed;
  });
}

void Store::Import::medicines(const std::vector<Medicine>& medicines) {
  for (const auto& m : medicines) validate(m, "medicines");
  store_.impl_->writing("importing", [&] { store_.merge_medicines(medicines, report_); });
}

std::optional<std::size_t> Store::Import::night(const Night& n, std::size_t position) {
  validate(n);
  std::optional<std::size_t> earlier;
  if (!n.uuid.empty()) {
    auto [it, fresh] = night_uuids_.emplace(n.uuid, position);
    if (!fresh) earlier = it->second;
  }
  auto& impl = *store_.impl_;
  impl.writing("importing", [&] {
    const bool known = impl.night_uuid(n.night) || (!n.uuid.empty() && impl.night_uuid_known(n.uuid));
    (known ? report_.nights_replaced : report_.nights_added)++;
    impl.upsert_night(n);
  });
  return earlier;
}

void Store::Import::claim(std::int64_t id, std::uint32_t value) {
  const auto at = static_cast<std::size_t>(id);
  if (at >= claims_.size()) claims_.resize(std::max(at + 1, claims_.size() * 2), 0);
  claims_[at] = value;
}

bool Store::Import::imported(std::int64_t id) const {
  const auto at = static_cast<std::size_t>(id);
  return id > 0 && at < claims_.size() && claims_[at] != 0;
}

std::optional<std::size_t> Store::Import::episode(const Episode& incoming, std::size_t position) {
  validate(incoming);
  auto& impl = *store_.impl_;
  std::optional<std::size_t> earlier;
  impl.writing("importing", [&] {
    Episode e = incoming;
    if (!e.uuid.empty()) {
      if (auto id = impl.episode_id_by_uuid(e.uuid)) {
        const auto claimed =
            static_cast<std::size_t>(*id) < claims_.size() ? claims_[static_cast<std::size_t>(*id)] : 0;
        if (claimed != 0 && claimed != kMatched) earlier = claimed - 1;
        e.id = *id;
        impl.update_episode(e);
        report_.episodes_replaced++;
      } else {
        e.id = impl.insert_episode(e);
        report_.episodes_added++;
      }
      claim(e.id, static_cast<std::uint32_t>(std::min<std::size_t>(position, kMatched - 2) + 1));
    } else {
      // Stored episodes already matched (or added) by this import: two records of one file
      // never land on one stored episode.
      if (auto twin = impl.unclaimed_twin(e, [&](std::int64_t id) { return imported(id); })) {
        e.id = twin->id;
        report_.episodes_unchanged++;
      } else {
        e.uuid = new_uuid();
        e.id = impl.insert_episode(e);
        report_.episodes_added++;
      }
      claim(e.id, kMatched);
    }
  });
  report_.episodes++;
  const auto night = incoming.night();
  if (!first_ || night < *first_) first_ = night;
  if (!last_ || night > *last_) last_ = night;
  return earlier;
}

namespace {

Medicine medicine_row(SQLite::Statement& st) {
  Medicine m;
  m.uuid = st.getColumn(0).getString();
  m.name = st.getColumn(1).getString();
  if (!st.getColumn(2).isNull()) m.dose = st.getColumn(2).getString();
  if (!st.getColumn(3).isNull()) m.since = clock::parse_day(st.getColumn(3).getString(), "since");
  if (!st.getColumn(4).isNull()) m.stopped = clock::parse_day(st.getColumn(4).getString(), "stopped");
  m.as_needed = st.getColumn(5).getInt() != 0;
  return m;
}

void bind_day(SQLite::Statement& st, int index, const std::optional<date::year_month_day>& day) {
  if (day)
    st.bind(index, clock::format_day(*day));
  else
    st.bind(index);
}

}  // namespace

std::vector<Medicine> Store::medicines() const {
  return guarded(impl_->db.getHandle(), "reading the medicines", [&] {
    SQLite::Statement st(impl_->db,
                         "SELECT uuid, name, dose, since, stopped, as_needed FROM medicine ORDER BY since, id");
    std::vector<Medicine> out;
    while (st.executeStep()) out.push_back(medicine_row(st));
    return out;
  });
}

void Store::put(const Medicine& medicine) {
  validate(medicine);
  impl_->writing("saving the medicine", [&] {
    // An UPSERT keeps the row's id (and so the list's order) when a medicine is stopped.
    SQLite::Statement st(impl_->db,
                         "INSERT INTO medicine (uuid, name, dose, since, stopped, as_needed) VALUES (?, ?, ?, ?, ?, ?) "
                         "ON CONFLICT (uuid) DO UPDATE SET name = excluded.name, dose = excluded.dose, "
                         "since = excluded.since, stopped = excluded.stopped, as_needed = excluded.as_needed");
    st.bind(1, medicine.uuid.empty() ? new_uuid() : medicine.uuid);
    st.bind(2, medicine.name);
    if (medicine.dose)
      st.bind(3, *medicine.dose);
    else
      st.bind(3);
    bind_day(st, 4, medicine.since);
    bind_day(st, 5, medicine.stopped);
    st.bind(6, medicine.as_needed ? 1 : 0);
    st.exec();
  });
}

void Store::merge_medicines(const std::vector<Medicine>& medicines, ImportReport& report) {
  for (const auto& m : medicines) {
    SQLite::Statement st(impl_->db, "SELECT 1 FROM medicine WHERE uuid = ?");
    st.bind(1, m.uuid);
    const bool known = !m.uuid.empty() && st.executeStep();
    (known ? report.medicines_replaced : report.medicines_added)++;
    put(m);
  }
}

std::int64_t Store::add(const Reminder& reminder) {
  validate(reminder);
  return impl_->writing("saving the reminder", [&] {
    SQLite::Statement st(impl_->db, "INSERT INTO reminder (kind, at, days, zone, created_utc) VALUES (?, ?, ?, ?, ?)");
    st.bind(1, std::string(to_string(reminder.kind)));
    st.bind(2, format_reminder_at(reminder.at));
    st.bind(3, static_cast<int>(reminder.days));
    st.bind(4, reminder.zone);
    st.bind(5, static_cast<std::int64_t>(to_unix(reminder.created)));
    st.exec();
    return impl_->db.getLastInsertRowid();
  });
}

std::vector<Reminder> Store::reminders() const {
  return guarded(impl_->db.getHandle(), "reading the reminders", [&] {
    SQLite::Statement st(impl_->db, "SELECT id, kind, at, days, zone, created_utc FROM reminder ORDER BY id");
    std::vector<Reminder> out;
    while (st.executeStep()) {
      Reminder r;
      r.id = st.getColumn(0).getInt64();
      r.kind = parse_reminder_kind(st.getColumn(1).getString());
      r.at = parse_reminder_at(st.getColumn(2).getString());
      r.days = static_cast<unsigned>(st.getColumn(3).getInt());
      r.zone = st.getColumn(4).getString();
      r.created = from_unix(st.getColumn(5).getInt64());
      out.push_back(std::move(r));
    }
    return out;
  });
}

bool Store::remove_reminder(std::int64_t id) {
  return impl_->writing("deleting the reminder", [&] {
    SQLite::Statement st(impl_->db, "DELETE FROM reminder WHERE id = ?");
    st.bind(1, static_cast<std::int64_t>(id));
    return st.exec() > 0;
  });
}

namespace {

constexpr const char* kDeviceColumns = "SELECT id, name, created, last_seen, revoked FROM devices";

Device device_row(SQLite::Statement& q) {
  Device d;
  d.id = q.getColumn(0).getInt64();
  d.name = q.getColumn(1).getString();
  d.created = q.getColumn(2).getInt64();
  if (!q.getColumn(3).isNull()) d.last_seen = q.getColumn(3).getInt64();
  if (!q.getColumn(4).isNull()) d.revoked = q.getColumn(4).getInt64();
  return d;
}

}  // namespace

std::int64_t Store::add_device(const std::string& name, const std::string& token_hash, std::int64_t created) {
  return impl_->writing("saving the paired device", [&] {
    SQLite::Statement q(impl_->db, "INSERT INTO devices (name, token_hash, created) VALUES (?, ?, ?)");
    q.bind(1, name);
    q.bind(2, token_hash);
    q.bind(3, created);
    q.exec();
    return static_cast<std::int64_t>(impl_->db.getLastInsertRowid());
  });
}

std::optional<Device> Store::device_by_token(const std::string& token_hash) const {
  return guarded(impl_->db.getHandle(), "reading the paired devices", [&]() -> std::optional<Device> {
    SQLite::Statement q(impl_->db, std::string(kDeviceColumns) + " WHERE token_hash = ? AND revoked IS NULL");
    q.bind(1, token_hash);
    if (!q.executeStep()) return std::nullopt;
    return device_row(q);
  });
}

void Store::touch_device(std::int64_t id, std::int64_t when) {
  impl_->writing("noting the device's visit", [&] {
    SQLite::Statement q(impl_->db, "UPDATE devices SET last_seen = ? WHERE id = ?");
    q.bind(1, when);
    q.bind(2, id);
    return q.exec();
  });
}

std::vector<Device> Store::devices() const {
  return guarded(impl_->db.getHandle(), "reading the paired devices", [&] {
    SQLite::Statement q(impl_->db, std::string(kDeviceColumns) + " ORDER BY id");
    std::vector<Device> out;
    while (q.executeStep()) out.push_back(device_row(q));
    return out;
  });
}

bool Store::revoke_device(std::int64_t id, std::int64_t when) {
  return impl_->writing("revoking the device", [&] {
    SQLite::Statement q(impl_->db, "UPDATE devices SET revoked = ? WHERE id = ? AND revoked IS NULL");
    q.bind(1, when);
    q.bind(2, id);
    return q.exec() == 1;
  });
}

std::vector<std::string> Store::check() const {
  return guarded(impl_->db.getHandle(), "checking the diary", [&] {
    std::vector<std::string> out;
    auto& db = impl_->db;
    {
      SQLite::Statement st(db, "PRAGMA integrity_check");
      while (st.executeStep()) {
        const std::string line = st.getColumn(0).getString();
        if (line != "ok") out.push_back("integrity: " + line);
      }
    }
    {
      SQLite::Statement st(db, "PRAGMA foreign_key_check");
      while (st.executeStep())
        out.push_back(fmt::format("foreign key: row {} of {} refers to a missing row of {}",
                                  st.getColumn(1).getString(), st.getColumn(0).getString(),
                                  st.getColumn(2).getString()));
    }
    // Every record against the field tables. A row that cannot even be read is reported
    // and the check goes on.
    {
      Query q(db, impl_->episode_select + " ORDER BY id");
      Episode e;
      while (q.step()) {
        const std::string where = fmt::format("episode {}", sqlite3_column_int64(q.get(), 0));
        try {
          Impl::read_episode(q.get(), e);
        } catch (const std::exception& error) {
          out.push_back(fmt::format("{}: cannot be read ({})", where, error.what()));
          continue;
        }
        check_record<Episode>(e, episode_fields(), where, out);
      }
    }
    {
      Query q(db, impl_->night_select + " ORDER BY night");
      while (q.step()) {
        const std::string where = fmt::format("night {}", column_text(q.get(), 0));
        Night n;
        try {
          n = Impl::night_row(q.get());
        } catch (const std::exception& error) {
          out.push_back(fmt::format("{}: cannot be read ({})", where, error.what()));
          continue;
        }
        check_record<Night>(n, night_fields(), where, out);
      }
    }
    try {
      check_record<Profile>(profile(), profile_fields(), "profile", out);
    } catch (const std::exception& error) { out.push_back(fmt::format("profile: cannot be read ({})", error.what())); }
    {
      SQLite::Statement st(db, "SELECT id, kind, at, zone FROM reminder ORDER BY id");
      while (st.executeStep()) {
        const std::string where = fmt::format("reminder {}", st.getColumn(0).getInt64());
        try {
          parse_reminder_kind(st.getColumn(1).getString());
          parse_reminder_at(st.getColumn(2).getString());
          clock::resolve_zone(st.getColumn(3).getString());
        } catch (const std::exception& error) { out.push_back(fmt::format("{}: {}", where, error.what())); }
      }
    }
    return out;
  });
}

std::int64_t Store::backup(const fs::path& file) const {
  // The same target rules as every export (output_file.hpp); SQLite needs a plain file.
  if (check_output(file.string(), impl_->path) != OutputKind::file)
    throw bad_input("file", shown(file.string()),
                    fmt::format("file: {} is not a plain file; a backup must be one", shown(file.string())));
  const fs::path folder = folder_of(file);
  create_folders(folder);
  int fd = -1;
  const fs::path tmp = create_temporary(folder, file.filename().string(), fd);
  const auto remove_tmp = [&] {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) ::unlink((tmp.string() + suffix).c_str());
  };
  ::close(fd);
  try {
    std::unique_ptr<SQLite::Database> dest_db;
    const auto dest_handle = [&] { return dest_db ? dest_db->getHandle() : nullptr; };
    const std::int64_t episodes = guarded(nullptr, "backing up the diary", [&] {
      try {
        dest_db = std::make_unique<SQLite::Database>(tmp.string(), SQLite::OPEN_READWRITE);
        auto& dest = *dest_db;
        dest.exec("PRAGMA synchronous=FULL");
        {
          // All pages in one step: SQLite reads them in one read transaction, so the copy
          // is one consistent state of the diary even while other programs write (WAL lets
          // them go on meanwhile). BUSY only while another program recovers the WAL.
          SQLite::Backup copy(dest, impl_->db);
          for (int tries = 0;; ++tries) {
            const int rc = copy.executeStep(-1);
            if (rc == SQLITE_DONE) break;
            if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries >= 150)
              throw failure(fmt::format("backing up the diary: it stayed busy ({})", sqlite3_errstr(rc)));
            sqlite3_sleep(100);
          }
        }
        // A standalone file: no -wal beside it is needed to read it.
        dest.exec("PRAGMA journal_mode=DELETE");
        const std::string verdict = dest.execAndGet("PRAGMA quick_check").getString();
        if (verdict != "ok")
          throw failure(fmt::format("backing up the diary: the copy failed its check ({})", verdict));
        return dest.execAndGet("SELECT count(*) FROM episode").getInt64();
      } catch (const SQLite::Exception& e) { rethrow_sqlite(e, "backing up the diary", dest_handle()); }
    });
    dest_db.reset();
    if (!sync_path(tmp, O_RDONLY))
      throw failure(fmt::format("cannot write {}: {}", file.string(), std::strerror(errno)));
    publish(tmp, file);  // renames and syncs the folder
    return episodes;
  } catch (...) {
    remove_tmp();
    throw;
  }
}

}  // namespace diary
