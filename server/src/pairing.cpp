// The one-time pairing code and the per-device sessions it opens.
#include <sys/random.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>

#include <fmt/format.h>
#include <nettle/sha2.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "diary/error.hpp"
#include "diary/server/pairing.hpp"

namespace diary::server {
namespace {

constexpr std::size_t kTokenBytes = 32;  // 256 bits
constexpr std::size_t kTokenChars = 43;  // its unpadded base64url length
constexpr std::size_t kMaxDeviceName = 64;
constexpr std::int64_t kTouchEverySeconds = 60;  // keeps last_seen useful without a write per request

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Compares every character, so the time taken does not tell how much of a guess was right.
bool same(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

bool token_shaped(std::string_view t) {
  if (t.size() != kTokenChars) return false;
  for (char c : t)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

std::string device_name(const nlohmann::json& body) {
  if (!body.contains("device") || body["device"].is_null()) return "browser";
  const auto& d = body["device"];
  if (!d.is_string()) throw bad_input("device", "", "device: give the device's name as text");
  const auto name = d.get<std::string>();
  bool printable = !name.empty() && name.size() <= kMaxDeviceName;
  for (char c : name) printable = printable && static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
  if (!printable) throw bad_input("device", "", "device: a name of 1 to 64 printable characters");
  return name;
}

std::string pairing_attempt(const nlohmann::json& body) {
  if (!body.is_object()) throw bad_input("", "", "the request body must be a JSON object");
  for (const auto& [key, value] : body.items())
    if (key != "code" && key != "device") throw bad_input(key, "", fmt::format("{}: not a pairing field", key));
  if (!body.contains("code") || !body["code"].is_string() || body["code"].get<std::string>().empty())
    throw bad_input("code", "", "code: the pairing code is missing");
  return body["code"].get<std::string>();
}

}  // namespace

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::getrandom(out.data() + got, n - got, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) throw failure("the system has no random numbers to give");
    got += static_cast<std::size_t>(r);
  }
  return out;
}

std::string random_token(std::size_t bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const std::string raw = random_bytes(bytes);
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char c : raw) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 63];
  return out;
}

std::string pairing_code() {
  // 32 letters: a byte's low five bits pick one without bias; no 0/o, 1/l look-alikes.
  static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
  static_assert(sizeof kAlphabet - 1 == 32);
  std::string code;
  for (unsigned char c : random_bytes(10)) code += kAlphabet[c & 31];
  return code;
}

std::string sha256_hex(std::string_view data) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, data.size(), reinterpret_cast<const std::uint8_t*>(data.data()));
  std::uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, sizeof digest, digest);
  std::string out;
  for (std::uint8_t b : digest) out += fmt::format("{:02x}", b);
  return out;
}

std::chrono::seconds pairing_ttl() {
  // For tests only: the expiry can be checked without waiting ten minutes.
  if (const char* v = std::getenv("DIARY_PAIRING_TTL_SECONDS"); v && *v) {
    char* end = nullptr;
    const long s = std::strtol(v, &end, 10);
    if (*end == '\0' && s >= 0 && s <= 600) return std::chrono::seconds(s);
  }
  return std::chrono::minutes(10);
}

PairingCode::PairingCode(std::string code, Clock::time_point expires) : code_(std::move(code)), expires_(expires) {}

PairingCode::Result PairingCode::redeem(std::string_view attempt, Clock::time_point now) {
  if (used_ || wrong_ >= kMaxWrongCodes || now >= expires_) return Result::gone;
  if (!same(attempt, code_)) {
    ++wrong_;
    return Result::wrong;
  }
  used_ = true;
  return Result::accepted;
}

std::string device_json(const Device& d) {
  nlohmann::ordered_json j;
  j["id"] = d.id;
  j["name"] = d.name;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Sessions::Sessions(DeviceRegistry& registry, PairingCode& code, bool secure_cookies)
    : registry_(registry), code_(code), secure_(secure_cookies) {}

Response Sessions::pair(const Request& request) {
  const auto body = json_body(request);
  const std::string attempt = pairing_attempt(body);
  const std::string name = device_name(body);
  switch (code_.redeem(attempt)) {
    case PairingCode::Result::wrong:
      // Shown by default: on a network (--lan) this may be someone guessing.
      spdlog::warn("serve: a wrong pairing code was tried ({} of {})", code_.wrong_tries(), kMaxWrongCodes);
      throw HttpError(403, "that pairing code is wrong");
    case PairingCode::Result::gone:
      throw HttpError(410, "that pairing code is no longer valid: restart diary serve for a new one");
    case PairingCode::Result::accepted: break;
  }
  const std::string token = random_token(kTokenBytes);
  Device d;
  d.name = name;
  d.created = unix_now();
  d.id = registry_.add(d.name, sha256_hex(token), d.created);
  spdlog::info("serve: paired device {}", d.id);
  Response r = json_response(200, fmt::format("{{\"device\":{}}}\n", device_json(d)));
  // A year, so a phone stays paired; the browser keeps it from scripts and other sites.
  r.headers.emplace_back("Set-Cookie", fmt::format("{}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age=31536000{}",
                                                   kSessionCookie, token, secure_ ? "; Secure" : ""));
  return r;
}

std::optional<Device> Sessions::authenticate(const Request& request) {
  const auto token = request.cookie(kSessionCookie);
  if (!token || !token_shaped(*token)) return std::nullopt;
  auto device = registry_.find(sha256_hex(*token));
  if (!device) return std::nullopt;
  const auto now = unix_now();
  if (!device->last_seen || now - *device->last_seen >= kTouchEverySeconds) {
    registry_.touch(device->id, now);
    device->last_seen = now;
  }
  return device;
}

}  // namespace diary::server
