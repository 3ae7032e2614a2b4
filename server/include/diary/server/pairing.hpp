#pragma once
// Pairing a browser with `diary serve`, and its session afterwards.
//
// The server prints a one-time code (in the address's fragment, so it never reaches a log
// or a Referer). POST /api/pair exchanges it for a per-device session: a random 256-bit
// token in the cookie `diary_session`. The diary file keeps only the token's SHA-256
// (nettle), so a copy of the file carries no usable credential; sessions live in the
// diary file so that they survive a restart and `diary devices` can list and revoke them.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diary/device.hpp"
#include "diary/server/http.hpp"
#include "diary/store.hpp"

namespace diary::server {

inline constexpr std::string_view kSessionCookie = "diary_session";

using diary::Device;

// Where sessions are kept. Times are UTC seconds.
class DeviceRegistry {
 public:
  virtual ~DeviceRegistry() = default;
  virtual std::int64_t add(const std::string& name, const std::string& token_hash, std::int64_t created) = 0;
  // The device holding that token, unless revoked.
  virtual std::optional<Device> find(const std::string& token_hash) = 0;
  virtual void touch(std::int64_t id, std::int64_t when) = 0;
  virtual std::vector<Device> list() = 0;  // by id, revoked ones too
  // False when there is no such device (or it was revoked already).
  virtual bool revoke(std::int64_t id, std::int64_t when) = 0;
};

// The registry in the diary's own file (table `devices`), through `store`, which must
// outlive it.
std::unique_ptr<DeviceRegistry> store_device_registry(Store& store);

// Random bytes from getrandom(2); throws diary::Error (failure) when the kernel has none.
std::string random_bytes(std::size_t n);
// n random bytes as unpadded base64url.
std::string random_token(std::size_t bytes = 32);
// The one-time code: 10 characters from a 32-letter URL-safe alphabet without look-alikes.
std::string pairing_code();
std::string sha256_hex(std::string_view data);
// 10 minutes; DIARY_PAIRING_TTL_SECONDS overrides it (for tests only).
std::chrono::seconds pairing_ttl();

inline constexpr int kMaxWrongCodes = 5;

// The one code of a server run: valid until `expires`, used once, void after five wrong tries.
class PairingCode {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Result { accepted, wrong, gone };  // gone: used, expired or voided

  PairingCode(std::string code, Clock::time_point expires);
  Result redeem(std::string_view attempt, Clock::time_point now = Clock::now());
  const std::string& code() const { return code_; }
  int wrong_tries() const { return wrong_; }

 private:
  std::string code_;
  Clock::time_point expires_;
  int wrong_ = 0;
  bool used_ = false;
};

class Sessions {
 public:
  Sessions(DeviceRegistry& registry, PairingCode& code, bool secure_cookies);

  // POST /api/pair {"code": "...", "device": "optional name"}: 200 {"device": {...}} with
  // the cookie; 403 wrong code; 410 used, expired or voided; 400 malformed body.
  Response pair(const Request& request);
  // The device whose cookie the request carries; last_seen is updated at most once a minute.
  std::optional<Device> authenticate(const Request& request);

 private:
  DeviceRegistry& registry_;
  PairingCode& code_;
  bool secure_;
};

// {"id": N, "name": "..."}
std::string device_json(const Device& device);

}  // namespace diary::server
