#pragma once
// The diary's SQLite file: opening (with migration), and reading and writing records.
//
// Durability: WAL with synchronous=FULL, so an entry that a command reported as saved
// survives a power cut. Every write runs inside BEGIN IMMEDIATE (a deferred transaction
// that reads first cannot wait to upgrade and would fail with "database is locked");
// a command opens one transaction for all it does.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <date/date.h>

#include "diary/device.hpp"
#include "diary/diary.hpp"
#include "diary/reminder.hpp"

namespace diary {

struct ImportReport {
  int episodes_added = 0;
  int episodes_replaced = 0;   // same uuid as one already there: the file's record wins
  int episodes_unchanged = 0;  // no uuid, and equal to one already there: not added again
  int nights_added = 0;
  int nights_replaced = 0;
  bool profile_changed = false;
  int medicines_added = 0;
  int medicines_replaced = 0;  // same uuid as one already there: the file's record wins
  // The episodes imported: added + replaced + unchanged. Only counts are kept, so that an
  // import of any size costs the same memory (Store::Import::imported tells the ids).
  int episodes = 0;
};

// A Store is for one thread at a time (its SQLite connection runs without a mutex); give
// each thread its own.
class Store {
 public:
  // Opens the diary at `file`, creating it (0600) and its folder (0700) when missing, and
  // migrates an older schema in one transaction. A diary from a newer version is refused
  // (Errc::failure) and left untouched.
  explicit Store(const std::filesystem::path& file);

  // Read-only: for commands that only read (list, analyze, exports, check, backup), so
  // that a diary its owner made read-only (file 0400, or a read-only folder) still reads.
  // Nothing is created or migrated; an older schema is Errc::failure naming the upgrade
  // needed. When SQLite cannot make the WAL's -shm beside it (a read-only folder), the
  // file is opened immutable (no other program can write there either).
  enum class Access { read_write, read_only };
  Store(const std::filesystem::path& file, Access access);
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;

  // The schema version this program writes, and the one in the file.
  static int latest_version();
  int schema_version() const;
  const std::filesystem::path& path() const;

  // RAII transaction: rolled back unless commit() is called.
  class Transaction {
   public:
    ~Transaction();
    void commit();
    Transaction(Transaction&&) noexcept;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    Transaction& operator=(Transaction&&) = delete;

   private:
    friend class Store;
    explicit Transaction(Store& store, bool write);
    Store* store_;
    bool open_ = false;
  };
  Transaction write();  // BEGIN IMMEDIATE
  Transaction read();   // BEGIN (a consistent snapshot for a multi-query read)

  // Episodes. Writes validate first and throw bad_input without writing.
  std::int64_t add(const Episode& episode);
  void update(const Episode& episode);  // by id; bad_input "id" when there is none such
  bool remove(std::int64_t id);
  std::optional<Episode> episode(std::int64_t id) const;
  std::optional<Episode> episode_by_uuid(const std::string& uuid) const;
  // The episode still going (the latest started when there are several), if any.
  std::optional<Episode> open_episode() const;
  // The episode created `back` creations before the last one (0: the last), by id.
  std::optional<Episode> recent_episode(int back) const;
  // Episodes whose onset lies within `window` of `at` (both ends included), by onset.
  std::vector<Episode> episodes_near(date::sys_seconds at, std::chrono::seconds window) const;
  // Episodes whose night lies in [from, to] (either bound optional), oldest onset first.
  std::vector<Episode> episodes(std::optional<date::year_month_day> from = {},
                                std::optional<date::year_month_day> to = {}) const;

  // How many episodes episodes(from, to) would return (to size what is built from them).
  std::size_t count_episodes(std::optional<date::year_month_day> from = {},
                             std::optional<date::year_month_day> to = {}) const;

  // The night of the latest episode (none in an empty diary): a period ending on or after
  // it needs no upper bound, which SQLite would test row by row.
  std::optional<date::year_month_day> last_episode_night() const;

  // The same episodes streamed one at a time, each with the bedtime of its night (null
  // when unknown), for exports of any size. The Episode handed over is reused between
  // calls: `visit` may swap it for one of its own, into which the next row is read (its
  // strings' memory reused). Runs in the caller's transaction.
  void for_each_episode(std::optional<date::year_month_day> from, std::optional<date::year_month_day> to,
                        const std::function<void(Episode&, const Instant* bed)>& visit) const;

  // The same episodes streamed with only what an analysis reads: the id, the onset's
  // instant and offset, and every field but relief_medicine. The uuid, the zone name and
  // relief_medicine are left empty and `open` false: the records are not whole, so they
  // are for reading facts from, never for writing back or exporting. The Episode handed
  // over is reused between calls, and may be swapped as for_each_episode's (the fields
  // left out then keep what the swapped-in Episode held). Runs in the caller's transaction.
  void for_each_episode_brief(std::optional<date::year_month_day> from, std::optional<date::year_month_day> to,
                              const std::function<void(Episode&)>& visit) const;

  // Nights (whole-record replace).
  void put(const Night& night);
  std::optional<Night> night(date::year_month_day day) const;
  std::optional<Night> night_by_uuid(const std::string& uuid) const;
  std::vector<Night> nights(std::optional<date::year_month_day> from = {},
                            std::optional<date::year_month_day> to = {}) const;
  // The night entries of the period with a note or a new medicine written: what the
  // warning-sign check reads of the nights (their words), without the others.
  std::vector<Night> nights_with_text(std::optional<date::year_month_day> from,
                                      std::optional<date::year_month_day> to) const;
  // The same nights streamed one at a time, oldest first, for exports of any size. Runs in
  // the caller's transaction.
  void for_each_night(std::optional<date::year_month_day> from, std::optional<date::year_month_day> to,
                      const std::function<void(const Night&)>& visit) const;
  // The same nights without their uuid (a heap string each), for an analysis, which never
  // reads it: not for writing back or exporting.
  std::vector<Night> nights_brief(std::optional<date::year_month_day> from = {},
                                  std::optional<date::year_month_day> to = {}) const;

  // The profile's fields, and its named medicines (read from their own table; put() of a
  // profile leaves them alone).
  Profile profile() const;
  void put(const Profile& profile);

  // Named medicines (`diary meds`), stopped ones too, by start day (unknown first), then
  // by id. put() replaces the record with the medicine's uuid, or adds it (a new uuid is
  // made when it has none).
  std::vector<Medicine> medicines() const;
  void put(const Medicine& medicine);

  // Idempotency keys: what a key was used for (the operation and the record's uuid).
  // remember_key runs in the caller's transaction, which should also hold the write the
  // key stands for, so that a key and its record are saved together or not at all.
  struct KeyUse {
    std::string kind;  // log, start, stop, night
    std::string uuid;
  };
  std::optional<KeyUse> key_use(const std::string& key) const;
  void remember_key(const std::string& key, const std::string& kind, const std::string& uuid);

  // The whole diary, and merging a whole diary in. Nights by date (a night with a uuid
  // also moves the record of that uuid); episodes by uuid: a known uuid replaces its
  // record, a new one adds. An episode without a uuid is added with a new one, unless an
  // equal episode (same instant, every field) is stored and not yet matched by this import.
  // Profile field by field; medicines by uuid. Runs in the caller's transaction, or its own.
  Diary load() const;
  ImportReport merge(const Diary& diary);

  // The same merge one record at a time, for an import streamed from a file: each call
  // validates its record (bad_input, nothing written by it) and writes it at once in the
  // caller's write transaction, which makes the import all or nothing. Holds counts and
  // 4 bytes per stored episode id, never the records; statements are prepared once.
  class Import {
   public:
    explicit Import(Store& store);
    ~Import();
    Import(const Import&) = delete;
    Import& operator=(const Import&) = delete;
    void profile(const Profile& profile);  // field by field; medicines are left alone
    void medicines(const std::vector<Medicine>& medicines);
    // `position` is the record's place in its list. Returns the position of an earlier
    // record of this import with the same uuid, if any (the caller decides whether that
    // is an error; the later record has replaced the earlier one).
    std::optional<std::size_t> night(const Night& night, std::size_t position);
    std::optional<std::size_t> episode(const Episode& episode, std::size_t position);
    // Whether the stored episode `id` was added, replaced or matched by this import.
    bool imported(std::int64_t id) const;
    // The nights of the imported episodes, first and last (none before an episode).
    std::optional<date::year_month_day> first_night() const { return first_; }
    std::optional<date::year_month_day> last_night() const { return last_; }
    const ImportReport& report() const { return report_; }

   private:
    Store& store_;
    ImportReport report_;
    // By stored episode id: 0 = not touched by this import; kMatched = matched without a
    // uuid; else the position + 1 of the record with a uuid that wrote it.
    std::vector<std::uint32_t> claims_;
    std::unordered_map<std::string, std::size_t> night_uuids_;  // one night a date: bounded
    std::optional<date::year_month_day> first_, last_;
    void claim(std::int64_t id, std::uint32_t value);
  };

  // Reminders (not part of the whole-diary JSON). add() validates first and returns the id.
  std::int64_t add(const Reminder& reminder);
  std::vector<Reminder> reminders() const;  // by id
  bool remove_reminder(std::int64_t id);

  // Devices paired with `diary serve`; only a hash of each session token is kept. Each
  // write is its own short transaction when the caller has none open.
  std::int64_t add_device(const std::string& name, const std::string& token_hash, std::int64_t created);
  std::optional<Device> device_by_token(const std::string& token_hash) const;  // active devices only
  void touch_device(std::int64_t id, std::int64_t when);
  std::vector<Device> devices() const;                     // by id, revoked ones too
  bool revoke_device(std::int64_t id, std::int64_t when);  // false: none such, or revoked already

  // Soundness: SQLite's integrity and foreign-key checks, then every stored record against
  // the field tables (each term in its vocabulary, each number in range). One line per
  // problem, naming the record and field (never free text); empty when the diary is sound.
  std::vector<std::string> check() const;

  // A consistent copy of the whole diary at `file` through SQLite's online backup API,
  // also while other programs write to it. The copy is written to a temporary file (0600)
  // beside `file`, checked, synced and renamed into place; missing folders are created
  // 0700. Returns the number of episodes in the copy.
  std::int64_t backup(const std::filesystem::path& file) const;

 private:
  void merge_medicines(const std::vector<Medicine>& medicines, ImportReport& report);
  struct Impl;
  std::unique_ptr<Impl> impl_;

  // `where`: a further SQL condition on the night's columns ("1" for none).
  std::vector<Night> read_nights(std::optional<date::year_month_day> from, std::optional<date::year_month_day> to,
                                 bool with_uuid, std::string_view where = "1") const;
};

// Where the diary lives: --db, else $DIARY_DB, else $XDG_DATA_HOME/diary/diary.db, else
// ~/.local/share/diary/diary.db.
std::filesystem::path default_diary_path(const std::optional<std::string>& db_option);

}  // namespace diary
