// The device registry in the diary's SQLite file. A connection of its own (the Store's is
// private to libdiary); each statement is its own short transaction, and the busy timeout
// lets it wait for another program's write instead of failing.
#include <SQLiteCpp/SQLiteCpp.h>

#include "diary/error.hpp"
#include "diary/server/pairing.hpp"

namespace diary::server {
namespace {

constexpr int kBusyMilliseconds = 5000;

Device device_from(SQLite::Statement& q) {
  Device d;
  d.id = q.getColumn(0).getInt64();
  d.name = q.getColumn(1).getString();
  d.created = q.getColumn(2).getInt64();
  if (!q.getColumn(3).isNull()) d.last_seen = q.getColumn(3).getInt64();
  if (!q.getColumn(4).isNull()) d.revoked = q.getColumn(4).getInt64();
  return d;
}

class SqliteDeviceRegistry final : public DeviceRegistry {
 public:
  explicit SqliteDeviceRegistry(const std::filesystem::path& file) : db_(file.string(), SQLite::OPEN_READWRITE) {
    db_.setBusyTimeout(kBusyMilliseconds);
    if (!db_.tableExists("devices")) throw failure("this diary has no devices table (open it with this version first)");
  }

  std::int64_t add(const std::string& name, const std::string& token_hash, std::int64_t created) override {
    SQLite::Statement q(db_, "INSERT INTO devices (name, token_hash, created) VALUES (?, ?, ?)");
    q.bind(1, name);
    q.bind(2, token_hash);
    q.bind(3, created);
    q.exec();
    return db_.getLastInsertRowid();
  }

  std::optional<Device> find(const std::string& token_hash) override {
    SQLite::Statement q(db_, std::string(kColumns) + " WHERE token_hash = ? AND revoked IS NULL");
    q.bind(1, token_hash);
    if (!q.executeStep()) return std::nullopt;
    return device_from(q);
  }

  void touch(std::int64_t id, std::int64_t when) override {
    SQLite::Statement q(db_, "UPDATE devices SET last_seen = ? WHERE id = ?");
    q.bind(1, when);
    q.bind(2, id);
    q.exec();
  }

  std::vector<Device> list() override {
    SQLite::Statement q(db_, std::string(kColumns) + " ORDER BY id");
    std::vector<Device> out;
    while (q.executeStep()) out.push_back(device_from(q));
    return out;
  }

  bool revoke(std::int64_t id, std::int64_t when) override {
    SQLite::Statement q(db_, "UPDATE devices SET revoked = ? WHERE id = ? AND revoked IS NULL");
    q.bind(1, when);
    q.bind(2, id);
    return q.exec() == 1;
  }

 private:
  static constexpr const char* kColumns = "SELECT id, name, created, last_seen, revoked FROM devices";
  SQLite::Database db_;
};

}  // namespace

std::unique_ptr<DeviceRegistry> open_device_registry(const std::filesystem::path& diary_file) {
  return std::make_unique<SqliteDeviceRegistry>(diary_file);
}

}  // namespace diary::server
