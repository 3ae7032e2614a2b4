// The device registry over the diary's Store: the server's one handler thread uses the
// Store it was given, so pairing and sessions share the connection (and its short
// BEGIN IMMEDIATE writes) with the rest of the API.
#include "diary/server/pairing.hpp"

namespace diary::server {
namespace {

class StoreDeviceRegistry final : public DeviceRegistry {
 public:
  explicit StoreDeviceRegistry(Store& store) : store_(store) {}

  std::int64_t add(const std::string& name, const std::string& token_hash, std::int64_t created) override {
    return store_.add_device(name, token_hash, created);
  }
  std::optional<Device> find(const std::string& token_hash) override { return store_.device_by_token(token_hash); }
  void touch(std::int64_t id, std::int64_t when) override { store_.touch_device(id, when); }
  std::vector<Device> list() override { return store_.devices(); }
  bool revoke(std::int64_t id, std::int64_t when) override { return store_.revoke_device(id, when); }

 private:
  Store& store_;
};

}  // namespace

std::unique_ptr<DeviceRegistry> store_device_registry(Store& store) {
  return std::make_unique<StoreDeviceRegistry>(store);
}

}  // namespace diary::server
