#pragma once
// A small HTTP server over GNU libmicrohttpd for `diary serve`.
//
// One internal polling thread runs every connection and calls the application's handler,
// so the handler (and the one Store it uses) lives on one thread. Before the handler sees
// a request the adapter refuses, with a JSON error body:
//   421 a Host header that is not one of the server's own names
//   411 a chunked body (Transfer-Encoding): every body must say its length up front
//   415 a compressed body (Content-Encoding other than identity), or an /api/ body that
//       is not application/json
//   413 a body over 64 KiB (Content-Length checked first; bytes counted while receiving)
//   403 a write (POST, PUT, PATCH, DELETE) whose Origin is present and not our own
//   400 a malformed Content-Length
// and adds the security headers to every response (and Cache-Control: no-store on /api/).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace diary::server {

inline constexpr std::size_t kMaxBody = 64 * 1024;

// Header names compare without regard to case.
struct CaseLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};
// Repeated headers are joined with ", " (as HTTP allows), so a repeated Host or
// Content-Length fails its check instead of one copy being silently picked.
using Headers = std::map<std::string, std::string, CaseLess>;

struct Request {
  std::string method;                               // "GET", ...
  std::string path;                                 // decoded, without the query
  std::string query;                                // raw, after '?', may be empty
  std::map<std::string, std::string> query_params;  // decoded; a repeated key keeps the last
  Headers headers;
  std::string body;

  std::optional<std::string> header(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra, e.g. Set-Cookie
};

using Handler = std::function<Response(const Request&)>;

// Thrown by handlers for an answer other than 400/500 (404, 409, 410, ...); the message is
// shown to the client, so it must be plain words and never internals.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string message, std::string field = {}, std::string value = {})
      : std::runtime_error(std::move(message)), status_(status), field_(std::move(field)), value_(std::move(value)) {}
  int status() const noexcept { return status_; }
  const std::string& field() const noexcept { return field_; }
  const std::string& value() const noexcept { return value_; }

 private:
  int status_;
  std::string field_, value_;
};

// {"error": {"field": ..., "value": ..., "message": ...}} with that status.
Response error_response(int status, std::string_view message, std::string_view field = {}, std::string_view value = {});
Response json_response(int status, std::string body);

// The request body as JSON; malformed JSON is bad input (400), never a library message.
nlohmann::json json_body(const Request& request);

// The one place where an exception becomes an answer: HttpError keeps its status,
// diary::Error bad_input becomes 400 with its field, value and message, anything else a
// fixed 500 (the details only in the debug log). Call from inside a catch block.
Response response_for_current_exception();

// ---- The checks made before the handler, pure so that tests and the fuzzer can call them.

struct Policy {
  std::vector<std::string> hosts;    // "127.0.0.1:8765", "localhost:8765", ... (lowercase)
  std::vector<std::string> origins;  // "http://127.0.0.1:8765", ...
  std::size_t max_body = kMaxBody;
};

// The names and origins a server on `port` answers to, with `lan_addresses` (textual IPv4
// or IPv6 addresses) added; `tls` picks the https scheme for the origins.
Policy make_policy(std::uint16_t port, const std::vector<std::string>& lan_addresses, bool tls);

bool host_allowed(const Policy& policy, std::string_view host);
bool is_write(std::string_view method);
// Content-Length as a number; nullopt when absent; throws HttpError 400 when malformed.
std::optional<std::size_t> content_length(const Headers& headers);
// The refusal for a request whose head (method, path, headers) breaks a rule, if any.
std::optional<Response> check_head(const Policy& policy, std::string_view method, std::string_view path,
                                   const Headers& headers);
// Appends `chunk` to `body` unless that would pass `limit`; false then (body unchanged).
bool append_body(std::string& body, std::string_view chunk, std::size_t limit);
// Adds the headers every response carries (and no-store for /api/ paths).
void add_standard_headers(Response& response, std::string_view path);
// Splits "a=1&b=%20x" into decoded pairs ('+' is a space).
std::map<std::string, std::string> parse_query(std::string_view query);

// ---- The server.

struct ServerOptions {
  std::uint16_t port = 8765;              // 0: a free one
  bool lan = false;                       // also listen on the network (0.0.0.0); else 127.0.0.1 only
  std::string tls_cert_pem, tls_key_pem;  // both set: HTTPS
  unsigned connection_timeout_seconds = 15;
};

class Server {
 public:
  // Starts listening at once; throws diary::Error (failure) when it cannot.
  Server(ServerOptions options, Handler handler);
  ~Server();  // stops (MHD_stop_daemon)
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const;
  bool tls() const;
  const Policy& policy() const;
  const std::vector<std::string>& lan_addresses() const;  // empty without lan
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The machine's non-loopback IPv4 addresses (getifaddrs), as text.
std::vector<std::string> lan_addresses();

}  // namespace diary::server
