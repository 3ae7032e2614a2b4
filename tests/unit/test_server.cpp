// The server room's pure parts: request checks, routing, pairing and sessions (over an
// in-memory registry). The real server is tested end to end in e2e/test_serve.cpp.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <thread>

#include "../e2e/http_client.hpp"

#include "diary/error.hpp"
#include "diary/server/http.hpp"
#include "diary/server/pairing.hpp"
#include "diary/server/qr.hpp"
#include "diary/server/router.hpp"

using namespace diary::server;

namespace {

class MemoryRegistry final : public DeviceRegistry {
 public:
  std::vector<std::pair<Device, std::string>> rows;  // device, token hash

  std::int64_t add(const std::string& name, const std::string& hash, std::int64_t created) override {
    Device d;
    d.id = static_cast<std::int64_t>(rows.size()) + 1;
    d.name = name;
    d.created = created;
    rows.emplace_back(d, hash);
    return d.id;
  }
  std::optional<Device> find(const std::string& hash) override {
    for (const auto& [d, h] : rows)
      if (h == hash && !d.revoked) return d;
    return std::nullopt;
  }
  void touch(std::int64_t id, std::int64_t when) override { rows.at(id - 1).first.last_seen = when; }
  std::vector<Device> list() override {
    std::vector<Device> out;
    for (const auto& r : rows) out.push_back(r.first);
    return out;
  }
  bool revoke(std::int64_t id, std::int64_t when) override {
    if (id < 1 || id > static_cast<std::int64_t>(rows.size()) || rows[id - 1].first.revoked) return false;
    rows[id - 1].first.revoked = when;
    return true;
  }
};

Headers head(std::initializer_list<std::pair<const char*, const char*>> list) {
  Headers h;
  for (const auto& [k, v] : list) h[k] = v;
  return h;
}

int refusal(const Policy& p, const char* method, const char* path, const Headers& h) {
  const auto r = check_head(p, method, path, h);
  return r ? r->status : 0;
}

Request post_json(std::string path, std::string body) {
  Request q;
  q.method = "POST";
  q.path = std::move(path);
  q.body = std::move(body);
  return q;
}

}  // namespace

TEST_CASE("server: Host and Origin checks") {
  const Policy p = make_policy(8765, {"192.0.2.7"}, false);
  CHECK(host_allowed(p, "127.0.0.1:8765"));
  CHECK(host_allowed(p, "LocalHost:8765"));
  CHECK(host_allowed(p, "[::1]:8765"));
  CHECK(host_allowed(p, "192.0.2.7:8765"));
  CHECK_FALSE(host_allowed(p, "127.0.0.1"));
  CHECK_FALSE(host_allowed(p, "127.0.0.1:8766"));
  CHECK_FALSE(host_allowed(p, "evil.example:8765"));
  CHECK_FALSE(host_allowed(p, "127.0.0.1:8765, evil.example"));  // a repeated Host header
  CHECK(refusal(p, "GET", "/", head({{"Host", "evil.example"}})) == 421);
  CHECK(refusal(p, "GET", "/", {}) == 421);
  const auto ours = head({{"Host", "127.0.0.1:8765"}, {"Origin", "http://127.0.0.1:8765"}});
  const auto theirs = head({{"Host", "127.0.0.1:8765"}, {"Origin", "http://evil.example"}});
  CHECK(refusal(p, "POST", "/api/pair", ours) == 0);
  CHECK(refusal(p, "POST", "/api/pair", theirs) == 403);
  CHECK(refusal(p, "DELETE", "/api/episodes/1", theirs) == 403);
  CHECK(refusal(p, "GET", "/api/episodes", theirs) == 0);  // not a write
  const Policy tls = make_policy(443, {}, true);
  CHECK(host_allowed(tls, "localhost"));
  CHECK(refusal(tls, "POST", "/x", head({{"Host", "localhost"}, {"Origin", "https://localhost"}})) == 0);
  CHECK(refusal(tls, "POST", "/x", head({{"Host", "localhost"}, {"Origin", "http://localhost"}})) == 403);
}

TEST_CASE("server: body checks") {
  const Policy p = make_policy(8765, {}, false);
  const auto with = [](std::initializer_list<std::pair<const char*, const char*>> extra) {
    Headers h = head(extra);
    h["Host"] = "127.0.0.1:8765";
    return h;
  };
  CHECK(refusal(p, "POST", "/api/pair", with({{"Content-Length", "65537"}})) == 413);
  CHECK(refusal(p, "POST", "/api/pair", with({{"Content-Length", "65536"}, {"Content-Type", "application/json"}})) ==
        0);
  CHECK(refusal(p, "POST", "/api/pair", with({{"Content-Length", "99999999999999999999999"}})) == 400);
  CHECK(refusal(p, "POST", "/api/pair", with({{"Content-Length", "-1"}})) == 400);
  CHECK(refusal(p, "POST", "/api/pair", with({{"Content-Length", "5, 5"}})) == 400);
  CHECK(refusal(p, "POST", "/api/pair", with({{"Transfer-Encoding", "chunked"}})) == 411);
  CHECK(refusal(p, "POST", "/api/pair", with({{"Content-Encoding", "gzip"}})) == 415);
  CHECK(refusal(p, "POST", "/api/pair", with({{"Content-Encoding", "identity"}, {"Content-Length", "0"}})) == 0);
  CHECK(refusal(p, "POST", "/api/pair", with({{"Content-Length", "2"}, {"Content-Type", "text/plain"}})) == 415);
  CHECK(refusal(p, "POST", "/api/pair",
                with({{"Content-Length", "2"}, {"Content-Type", "Application/JSON; charset=UTF-8"}})) == 0);
  std::string body;
  CHECK(append_body(body, std::string(10, 'x'), 16));
  CHECK_FALSE(append_body(body, std::string(7, 'x'), 16));
  CHECK(body.size() == 10);
  CHECK(append_body(body, std::string(6, 'x'), 16));
}

TEST_CASE("server: queries, cookies and headers") {
  const auto q = parse_query("from=2026-11-01&to=2026%2D11%2D30&x&n=a+b&bad=%zz&&");
  CHECK(q.at("from") == "2026-11-01");
  CHECK(q.at("to") == "2026-11-30");
  CHECK(q.at("x").empty());
  CHECK(q.at("n") == "a b");
  CHECK(q.at("bad") == "%zz");
  Request r;
  r.headers["cookie"] = "a=1; diary_session=tok;b=2";
  CHECK(r.cookie("diary_session") == "tok");
  CHECK(r.cookie("b") == "2");
  CHECK_FALSE(r.cookie("diary"));
  CHECK(r.header("COOKIE"));
  Response resp;
  add_standard_headers(resp, "/api/session");
  CHECK(resp.headers.size() == 5);
  Response page;
  add_standard_headers(page, "/");
  CHECK(page.headers.size() == 4);
  const auto e = nlohmann::json::parse(error_response(400, "m\xff", "f", "v").body);
  CHECK(e["error"]["field"] == "f");
}

TEST_CASE("server: path patterns") {
  CHECK(match_path("/api/episodes", "/api/episodes"));
  CHECK_FALSE(match_path("/api/episodes", "/api/episodes/"));
  CHECK(match_path("/api/episodes/{id}", "/api/episodes/12")->at("id") == "12");
  CHECK_FALSE(match_path("/api/episodes/{id}", "/api/episodes/"));
  CHECK_FALSE(match_path("/api/episodes/{id}", "/api/episodes/.."));
  CHECK_FALSE(match_path("/api/episodes/{id}", "/api/episodes/1/2"));
  CHECK_FALSE(match_path("/api/episodes/{id}", "api/episodes/1"));
  CHECK(find_page_file("/") == find_page_file("/index.html"));
  REQUIRE(find_page_file("/index.html"));
  CHECK(find_page_file("/index.html")->content_type == "text/html; charset=utf-8");
  CHECK_FALSE(find_page_file("/../index.html"));
  CHECK_FALSE(find_page_file("/nothing.js"));
}

TEST_CASE("server: the pairing code works once, for its time, and five wrong tries void it") {
  const auto t0 = PairingCode::Clock::now();
  const auto ttl = std::chrono::minutes(10);
  SUBCASE("once") {
    PairingCode c("abcdefghij", t0 + ttl);
    CHECK(c.redeem("abcdefghij", t0) == PairingCode::Result::accepted);
    CHECK(c.redeem("abcdefghij", t0) == PairingCode::Result::gone);
  }
  SUBCASE("expiry") {
    PairingCode c("abcdefghij", t0 + ttl);
    CHECK(c.redeem("abcdefghij", t0 + ttl) == PairingCode::Result::gone);
  }
  SUBCASE("five wrong") {
    PairingCode c("abcdefghij", t0 + ttl);
    for (int i = 0; i < 5; ++i) CHECK(c.redeem("abcdefghik", t0) == PairingCode::Result::wrong);
    CHECK(c.redeem("abcdefghij", t0) == PairingCode::Result::gone);
  }
  const std::string code = pairing_code();
  CHECK(code.size() == 10);
  CHECK(code.find_first_not_of("abcdefghijkmnpqrstuvwxyz23456789") == std::string::npos);
  CHECK(pairing_code() != code);
  const std::string token = random_token();
  CHECK(token.size() == 43);
  CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
        std::string::npos);
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("server: sessions and the router") {
  MemoryRegistry registry;
  PairingCode code("abcdefghij", PairingCode::Clock::now() + std::chrono::minutes(10));
  Sessions sessions(registry, code, true);
  Router router([&](const Request& r) { return sessions.authenticate(r); });
  add_session_routes(router, sessions);
  Request get;
  get.method = "GET";
  get.path = "/api/session";
  CHECK_THROWS_AS(router.handle(get), HttpError);

  const Response paired = router.handle(post_json("/api/pair", R"({"code": "abcdefghij", "device": "tablet"})"));
  CHECK(paired.status == 200);
  REQUIRE(paired.headers.size() == 1);
  const std::string cookie = paired.headers[0].second;
  CHECK(cookie.find("; Secure") != std::string::npos);  // TLS
  get.headers["Cookie"] = cookie.substr(0, cookie.find(';'));
  CHECK(router.handle(get).status == 200);
  CHECK(registry.rows.at(0).first.last_seen);
  CHECK(registry.rows.at(0).second == sha256_hex(get.cookie("diary_session").value()));

  get.method = "PUT";
  CHECK(router.handle(get).status == 405);
  registry.revoke(1, 0);
  get.method = "GET";
  try {
    router.handle(get);
    FAIL("a revoked session must not work");
  } catch (const HttpError& e) { CHECK(e.status() == 401); }
  try {
    router.handle(post_json("/api/pair", R"({"code": "abcdefghij", "extra": 1})"));
    FAIL("unknown keys are refused");
  } catch (const diary::Error& e) { CHECK(e.field() == "extra"); }
}

TEST_CASE("server: the QR code is drawn in half blocks with a quiet zone") {
  const std::string plain = qr_text("http://127.0.0.1:8765/#k=abcdefghij", false);
  // libqrencode splits the address into the densest modes, so it fits version 2 at level
  // L: 25 modules and 2 of margin each side, two rows a line.
  int lines = 0;
  for (char c : plain) lines += c == '\n';
  CHECK(lines == (25 + 4 + 1) / 2);
  CHECK(plain.find("\u2580") != std::string::npos);
  CHECK(plain.find("\033") == std::string::npos);
  CHECK(qr_text("x", true).find("\033[30;47m") == 0);
}

TEST_CASE("server: the adapter in process: one handler thread, and slow clients are cut off") {
  ServerOptions options;
  options.port = 0;
  options.connection_timeout_seconds = 1;
  std::thread::id handler_thread;
  int calls = 0;
  Server server(options, [&](const Request& r) {
    ++calls;
    if (calls == 1) handler_thread = std::this_thread::get_id();
    CHECK(std::this_thread::get_id() == handler_thread);
    if (r.path == "/boom") throw std::runtime_error("internal detail /var/secret");
    return json_response(200, "{\"q\":\"" + r.query_params.at("q") + "\"}");
  });
  REQUIRE(server.port() != 0);
  for (int i = 0; i < 3; ++i) {
    const auto r = e2e::http(server.port(), "GET", "/x?q=a%20b");
    CHECK(r.status == 200);
    CHECK(r.body == "{\"q\":\"a b\"}");
  }
  const auto boom = e2e::http(server.port(), "GET", "/boom");
  CHECK(boom.status == 500);
  CHECK(boom.body.find("secret") == std::string::npos);
  CHECK(handler_thread != std::this_thread::get_id());

  // Half a request, then silence: the server closes the connection after its timeout.
  const int fd = e2e::connect_to("127.0.0.1", server.port());
  REQUIRE(fd >= 0);
  const std::string part = "GET / HTTP/1.1\r\nHost: 127.0.0.1";
  REQUIRE(::send(fd, part.data(), part.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(part.size()));
  pollfd p{fd, POLLIN, 0};
  const auto t0 = std::chrono::steady_clock::now();
  REQUIRE(::poll(&p, 1, 5000) == 1);
  char c;
  CHECK(::recv(fd, &c, 1, 0) <= 0);  // closed, nothing answered
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(4));
  ::close(fd);
  server.stop();
  CHECK(e2e::connect_to("127.0.0.1", server.port()) < 0);
}
