// `diary serve`: real HTTP against the real binary on a free port, one rule at a time.
#include <ifaddrs.h>
#include <net/if.h>
#include <signal.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "http_client.hpp"
#include "run_diary.hpp"

namespace {

using e2e::http;
using e2e::http_raw;
using e2e::HttpReply;

constexpr const char* kCsp = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

// A running `diary serve --port 0` (no faketime: it needs the real clock to time out).
struct Served {
  e2e::Sandbox& sb;
  e2e::Child child;
  std::uint16_t port = 0;
  std::string code;
  std::string first_lines;  // what stdout held when the address appeared
  bool running = true;

  explicit Served(e2e::Sandbox& s, std::vector<std::string> extra = {}, std::map<std::string, std::string> env = {})
      : sb(s) {
    std::vector<std::string> args{"serve", "--port", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    e2e::Options o;
    o.now = std::string();
    o.env = std::move(env);
    child = sb.start(args, o);
    read_address();
  }
  ~Served() {
    if (running) {
      ::kill(child.pid, SIGKILL);
      sb.wait(child);
    }
  }

  void read_address() {
    const std::regex address(R"(^https?://127\.0\.0\.1:([0-9]+)/#k=([a-z0-9]{10})\n)");
    std::smatch m;
    for (int i = 0; i < 200; ++i) {
      first_lines = e2e::read_file(child.out);
      if (std::regex_search(first_lines, m, address)) {
        port = static_cast<std::uint16_t>(std::stoi(m[1]));
        code = m[2];
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL("diary serve printed no address; stdout: " << first_lines << "\nstderr: " << e2e::read_file(child.err));
  }

  int stop(int sig = SIGTERM) {
    ::kill(child.pid, sig);
    running = false;
    return sb.wait(child).code;
  }

  HttpReply pair(const std::string& code_text, const std::string& extra = {}) const {
    return http(port, "POST", "/api/pair", R"({"code": ")" + code_text + R"(", "device": "test phone"})", extra);
  }
};

// "Cookie: diary_session=...\r\n" from a pairing answer.
std::string cookie_header(const HttpReply& r) {
  REQUIRE(r.set_cookies.size() == 1);
  return "Cookie: " + r.set_cookies[0].substr(0, r.set_cookies[0].find(';')) + "\r\n";
}

nlohmann::json body_json(const HttpReply& r) {
  INFO("status " << r.status << " body: " << r.body);
  nlohmann::json j;
  REQUIRE_NOTHROW(j = nlohmann::json::parse(r.body));
  return j;
}

// The error JSON shape, with a message and nothing from inside the program.
void check_error(const HttpReply& r, int status) {
  INFO("body: " << r.body);
  CHECK(r.status == status);
  const auto j = body_json(r);
  REQUIRE(j.contains("error"));
  CHECK(j["error"]["field"].is_string());
  CHECK(j["error"]["value"].is_string());
  CHECK(!j["error"]["message"].get<std::string>().empty());
  CHECK(r.body.find("sqlite") == std::string::npos);
  CHECK(r.body.find("json.exception") == std::string::npos);
}

void check_security_headers(const HttpReply& r, bool api) {
  INFO("status " << r.status);
  CHECK(r.header("content-security-policy") == kCsp);
  CHECK(r.header("referrer-policy") == "no-referrer");
  CHECK(r.header("x-content-type-options") == "nosniff");
  CHECK(r.header("x-frame-options") == "DENY");
  if (api) CHECK(r.header("cache-control") == "no-store");
}

std::vector<std::string> other_ipv4_addresses() {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  for (const ifaddrs* a = list; a; a = a->ifa_next) {
    if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET || (a->ifa_flags & IFF_LOOPBACK)) continue;
    char text[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(a->ifa_addr)->sin_addr, text, sizeof text);
    out.emplace_back(text);
  }
  ::freeifaddrs(list);
  return out;
}

// The local addresses (hex, as /proc/net/tcp* writes them) listening on `port`.
std::vector<std::string> listening_on(std::uint16_t port) {
  std::vector<std::string> out;
  char hex_port[8];
  std::snprintf(hex_port, sizeof hex_port, "%04X", port);
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      const auto colon = local.rfind(':');
      if (state == "0A" && local.substr(colon + 1) == hex_port) out.push_back(local.substr(0, colon));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("serve: the API needs a session, and the one-time code opens one with a strict cookie") {
  e2e::Sandbox sb;
  Served s(sb);
  CHECK(s.first_lines.find("http://127.0.0.1:") == 0);
  check_error(http(s.port, "GET", "/api/session"), 401);
  check_error(http(s.port, "GET", "/api/episodes"), 401);
  check_error(http(s.port, "GET", "/api/no-such-thing"), 401);  // nothing told before pairing
  check_error(http(s.port, "GET", "/api/session", {}, "Cookie: diary_session=not-a-token\r\n"), 401);

  const HttpReply paired = s.pair(s.code);
  REQUIRE(paired.status == 200);
  const std::string cookie = paired.set_cookies.at(0);
  CHECK(cookie.rfind("diary_session=", 0) == 0);
  CHECK(cookie.find("; HttpOnly") != std::string::npos);
  CHECK(cookie.find("; SameSite=Strict") != std::string::npos);
  CHECK(cookie.find("; Path=/") != std::string::npos);
  CHECK(cookie.find("Secure") == std::string::npos);  // plain HTTP
  CHECK(body_json(paired)["device"]["name"] == "test phone");

  const HttpReply session = http(s.port, "GET", "/api/session", {}, cookie_header(paired));
  CHECK(session.status == 200);
  CHECK(body_json(session)["device"]["id"] == body_json(paired)["device"]["id"]);

  SUBCASE("the code works once") {
    const HttpReply again = s.pair(s.code);
    check_error(again, 410);
    CHECK(again.set_cookies.empty());
  }
  SUBCASE("404 and 405 once paired") {
    check_error(http(s.port, "GET", "/api/no-such-thing", {}, cookie_header(paired)), 404);
    const HttpReply wrong_method = http(s.port, "DELETE", "/api/session", {}, cookie_header(paired));
    check_error(wrong_method, 405);
    CHECK(wrong_method.header("allow") == "GET");
  }
  CHECK(s.stop() == 0);
}

TEST_CASE("serve: five wrong codes void the code") {
  e2e::Sandbox sb;
  Served s(sb);
  const std::string wrong = s.code == "aaaaaaaaaa" ? "bbbbbbbbbb" : "aaaaaaaaaa";
  SUBCASE("four wrong, then the right one still works") {
    for (int i = 0; i < 4; ++i) check_error(s.pair(wrong), 403);
    CHECK(s.pair(s.code).status == 200);
  }
  SUBCASE("five wrong, then the right one fails") {
    for (int i = 0; i < 5; ++i) check_error(s.pair(wrong), 403);
    check_error(s.pair(s.code), 410);
  }
  CHECK(s.stop() == 0);
}

TEST_CASE("serve: an expired code is refused") {
  e2e::Sandbox sb;
  Served s(sb, {}, {{"DIARY_PAIRING_TTL_SECONDS", "1"}});
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  check_error(s.pair(s.code), 410);
  CHECK(s.stop() == 0);
}

TEST_CASE("serve: a Host that is not the server's own answers 421") {
  e2e::Sandbox sb;
  Served s(sb);
  const std::string port = std::to_string(s.port);
  const auto get_with_host = [&](const std::string& host) {
    return http_raw(s.port, "GET /api/session HTTP/1.1\r\nHost: " + host + "\r\nConnection: close");
  };
  check_error(get_with_host("evil.example"), 421);
  check_error(get_with_host("evil.example:" + port), 421);
  check_error(get_with_host("127.0.0.1:1"), 421);
  check_error(http_raw(s.port, "GET / HTTP/1.0"), 421);  // no Host at all
  // A pairing attempt through a foreign name is refused before the code is looked at.
  check_error(http_raw(s.port,
                       "POST /api/pair HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n"
                       "Content-Type: application/json\r\nContent-Length: " +
                           std::to_string(20 + s.code.size()),
                       R"({"code": ")" + s.code + R"(", "x": 1})"),
              421);
  check_error(get_with_host("localhost:" + port), 401);  // our own names pass the check
  check_error(get_with_host("LOCALHOST:" + port), 401);
  check_error(get_with_host("[::1]:" + port), 401);
  CHECK(s.pair(s.code).status == 200);
  CHECK(s.stop() == 0);
}

TEST_CASE("serve: a write from another origin answers 403 and writes nothing") {
  e2e::Sandbox sb;
  Served s(sb);
  check_error(s.pair(s.code, "Origin: http://evil.example\r\n"), 403);
  check_error(s.pair(s.code, "Origin: null\r\n"), 403);
  check_error(s.pair(s.code, "Origin: http://127.0.0.1:1\r\n"), 403);
  CHECK(sb.ok({"devices"}).find("No paired devices") != std::string::npos);
  // Reads from elsewhere are not writes; our own origin may write.
  CHECK(http(s.port, "GET", "/", {}, "Origin: http://evil.example\r\n").status == 200);
  CHECK(s.pair(s.code, "Origin: http://127.0.0.1:" + std::to_string(s.port) + "\r\n").status == 200);
  CHECK(sb.ok({"devices"}).find("test phone") != std::string::npos);
  CHECK(s.stop() == 0);
}

TEST_CASE("serve: bodies: too large 413, compressed 415, chunked 411, not JSON 400 or 415") {
  e2e::Sandbox sb;
  Served s(sb);
  const std::string head = "POST /api/pair HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(s.port) +
                           "\r\nConnection: close\r\nContent-Type: application/json\r\n";
  const std::string over(64 * 1024 + 1, ' ');
  check_error(http_raw(s.port, head + "Content-Length: " + std::to_string(over.size()), over), 413);
  // 65 KiB + 1, announced and sent: refused from the header alone.
  const std::string far_over(65 * 1024 + 1, ' ');
  check_error(http_raw(s.port, head + "Content-Length: " + std::to_string(far_over.size()), far_over), 413);
  // Exactly 64 KiB passes the size check (and then needs a session).
  const std::string at_limit(64 * 1024, ' ');
  check_error(http(s.port, "POST", "/api/session", at_limit), 401);
  check_error(http_raw(s.port, head + "Content-Encoding: gzip\r\nContent-Length: 2", "{}"), 415);
  check_error(http_raw(s.port, head + "Transfer-Encoding: chunked", "2\r\n{}\r\n0\r\n\r\n"), 411);
  // libmicrohttpd refuses a malformed length itself, with its own body (weak: no JSON).
  CHECK(http_raw(s.port, head + "Content-Length: abc", "{}").status == 400);
  check_error(http(s.port, "POST", "/api/pair", "not json", "Content-Type: text/plain\r\n"), 415);

  const HttpReply malformed = http(s.port, "POST", "/api/pair", R"({"code": )");
  check_error(malformed, 400);
  CHECK(body_json(malformed)["error"]["field"] == "");
  check_error(http(s.port, "POST", "/api/pair", "[1, 2]"), 400);
  const HttpReply no_code = http(s.port, "POST", "/api/pair", R"({"device": "x"})");
  check_error(no_code, 400);
  CHECK(body_json(no_code)["error"]["field"] == "code");

  // None of that used up or counted against the code.
  CHECK(sb.ok({"devices"}).find("No paired devices") != std::string::npos);
  CHECK(s.pair(s.code).status == 200);
  CHECK(s.stop() == 0);
}

TEST_CASE("serve: a request head over the per-connection memory answers 431") {
  e2e::Sandbox sb;
  Served s(sb);
  // libmicrohttpd's own answer (32 KiB a connection bounds the head).
  CHECK(http(s.port, "GET", "/", {}, "X-Padding: " + std::string(40 * 1024, 'a') + "\r\n").status == 431);
  CHECK(http(s.port, "GET", "/").status == 200);
  CHECK(s.stop() == 0);
}

TEST_CASE("serve: every response carries the security headers, /api/ ones also no-store") {
  e2e::Sandbox sb;
  Served s(sb);
  const HttpReply page = http(s.port, "GET", "/");
  CHECK(page.status == 200);
  CHECK(page.header("content-type") == "text/html; charset=utf-8");
  CHECK(std::regex_search(page.body, std::regex(R"(<button[^>]*>\s*Log)")));
  check_security_headers(page, false);
  const HttpReply script = http(s.port, "GET", "/app.js");
  CHECK(script.status == 200);
  CHECK(script.header("content-type") == "text/javascript; charset=utf-8");
  check_security_headers(script, false);
  check_security_headers(http(s.port, "GET", "/no-such-file"), false);
  check_security_headers(http(s.port, "POST", "/", "{}"), false);
  check_security_headers(http_raw(s.port, "GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close"), false);
  check_security_headers(http(s.port, "GET", "/api/session"), true);
  check_security_headers(http(s.port, "POST", "/api/pair", "{"), true);
  check_security_headers(http(s.port, "POST", "/api/pair", "{}", "Origin: http://evil.example\r\n"), true);
  const HttpReply paired = s.pair(s.code);
  check_security_headers(paired, true);
  check_security_headers(http(s.port, "GET", "/api/session", {}, cookie_header(paired)), true);
  check_security_headers(http(s.port, "GET", "/api/episodes", {}, cookie_header(paired)), true);
  CHECK(s.stop() == 0);
}

TEST_CASE("serve: without --lan it listens on 127.0.0.1 only") {
  e2e::Sandbox sb;
  Served s(sb);
  CHECK(listening_on(s.port) == std::vector<std::string>{"0100007F"});
  for (const auto& address : other_ipv4_addresses()) {
    INFO("address " << address);
    const int fd = e2e::connect_to(address, s.port);
    CHECK(fd < 0);
    if (fd >= 0) ::close(fd);
  }
  CHECK(s.first_lines.find("--lan") == std::string::npos);
  CHECK(s.stop() == 0);
}

TEST_CASE("serve --lan: listens on the network, warns, and answers to the LAN address") {
  e2e::Sandbox sb;
  Served s(sb, {"--lan"});
  CHECK(listening_on(s.port) == std::vector<std::string>{"00000000"});
  CHECK(s.stop() == 0);
  const std::string out = e2e::read_file(s.child.out);
  CHECK(out.find("anyone on your network") != std::string::npos);
  for (const auto& address : other_ipv4_addresses()) {
    Served again(sb, {"--lan"});
    const HttpReply r = http_raw(
        again.port, "GET / HTTP/1.1\r\nHost: " + address + ":" + std::to_string(again.port) + "\r\nConnection: close",
        {}, address);
    CHECK(r.status == 200);
    CHECK(e2e::read_file(again.child.out).find("http://" + address + ":") != std::string::npos);
    CHECK(again.stop() == 0);
    break;  // one address is enough
  }
}

TEST_CASE("serve: a port in use is an error, not a second server") {
  e2e::Sandbox sb;
  Served s(sb);
  e2e::Options o;
  o.now = std::string();
  const auto r = sb.run({"serve", "--port", std::to_string(s.port)}, o);
  CHECK(r.code == 1);
  CHECK(r.err.find("in use") != std::string::npos);
  CHECK(r.out.empty());
  CHECK(sb.run({"serve", "--port", "65536"}, o).code == 2);
  CHECK(sb.run({"serve", "--tls-cert", "x.pem"}, o).code == 2);  // a certificate needs its key
  CHECK(s.stop() == 0);
}

TEST_CASE("serve: SIGINT and SIGTERM stop it with status 0") {
  e2e::Sandbox sb;
  {
    Served s(sb);
    CHECK(s.stop(SIGTERM) == 0);
  }
  {
    Served s(sb);
    CHECK(s.stop(SIGINT) == 0);
    CHECK(e2e::connect_to("127.0.0.1", s.port) < 0);
  }
}

TEST_CASE("serve: sessions survive a restart, diary devices lists them and revoke ends one") {
  e2e::Sandbox sb;
  std::string cookie;
  {
    Served s(sb);
    const HttpReply paired =
        http(s.port, "POST", "/api/pair", R"({"code": ")" + s.code + R"(", "device": "kitchen tablet"})");
    REQUIRE(paired.status == 200);
    cookie = cookie_header(paired);
    CHECK(s.stop() == 0);
  }
  Served s(sb);
  CHECK(http(s.port, "GET", "/api/session", {}, cookie).status == 200);
  const std::string listed = sb.ok({"devices"});
  CHECK(listed.find("kitchen tablet") != std::string::npos);
  CHECK(listed.find("active") != std::string::npos);
  // The file keeps only a hash of the token.
  const std::string token = cookie.substr(cookie.find('=') + 1, 43);
  SQLite::Database db(sb.db().string());
  CHECK(db.execAndGet("SELECT count(*) FROM devices WHERE token_hash = '" + token + "'").getInt() == 0);
  CHECK(db.execAndGet("SELECT length(token_hash) FROM devices").getInt() == 64);

  sb.ok({"devices", "revoke", "1"});
  check_error(http(s.port, "GET", "/api/session", {}, cookie), 401);
  CHECK(sb.ok({"devices"}).find("revoked") != std::string::npos);
  const auto again = sb.run({"devices", "revoke", "1"});
  CHECK(again.code == 2);
  CHECK(sb.run({"devices", "revoke", "99"}).code == 2);
  CHECK(s.stop() == 0);
}

TEST_CASE("serve: GET /api/episodes answers exactly what list --json prints") {
  e2e::Sandbox sb;
  sb.ok({"log", "--at", "02:10", "--duration", "20m", "--intensity", "6"});
  sb.ok({"log", "--at", "04:40", "--note", "woke \"twice\""});
  Served s(sb);
  const HttpReply paired = s.pair(s.code);
  REQUIRE(paired.status == 200);
  const HttpReply all = http(s.port, "GET", "/api/episodes", {}, cookie_header(paired));
  CHECK(all.status == 200);
  CHECK(all.header("content-type") == "application/json");
  CHECK(all.body == sb.ok({"list", "--json"}));
  const HttpReply none = http(s.port, "GET", "/api/episodes?from=2030-01-01", {}, cookie_header(paired));
  CHECK(none.body == sb.ok({"list", "--json", "--from", "2030-01-01"}));
  const HttpReply bad = http(s.port, "GET", "/api/episodes?from=2026-13-01", {}, cookie_header(paired));
  check_error(bad, 400);
  CHECK(body_json(bad)["error"]["field"] == "from");
  CHECK(body_json(bad)["error"]["value"] == "2026-13-01");
  CHECK(s.stop() == 0);
}

namespace {

// Runs a shell command and returns its stdout.
std::string output_of(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  return out;
}

}  // namespace

TEST_CASE("serve --tls-cert --tls-key: HTTPS, and the session cookie is Secure") {
  if (::access("/usr/bin/openssl", X_OK) != 0 || ::access("/usr/bin/python3", X_OK) != 0) {
    MESSAGE("skipped: needs /usr/bin/openssl and /usr/bin/python3 (a TLS client)");
    return;
  }
  e2e::Sandbox sb;
  const std::string cert = (sb.root() / "cert.pem").string(), key = (sb.root() / "key.pem").string();
  REQUIRE(std::system(("/usr/bin/openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -keyout " + key +
                       " -out " + cert + " >/dev/null 2>&1")
                          .c_str()) == 0);
  Served s(sb, {"--tls-cert", cert, "--tls-key", key});
  CHECK(s.first_lines.rfind("https://127.0.0.1:", 0) == 0);
  // Python's standard library as the TLS client (the certificate is our own, unverified).
  const std::string script =
      "import http.client, json, ssl\n"
      "c = http.client.HTTPSConnection('127.0.0.1', " +
      std::to_string(s.port) +
      ", context=ssl._create_unverified_context())\n"
      "c.request('POST', '/api/pair', body=json.dumps({'code': '" +
      s.code +
      "'}), headers={'Content-Type': 'application/json'})\n"
      "r = c.getresponse()\n"
      "print(r.status)\n"
      "print(r.getheader('Set-Cookie'))\n";
  const std::string out = output_of("/usr/bin/python3 -c \"" + script + "\" 2>&1");
  INFO("client: " << out);
  CHECK(out.rfind("200\n", 0) == 0);
  CHECK(out.find("; HttpOnly; SameSite=Strict; Path=/") != std::string::npos);
  CHECK(out.find("; Secure") != std::string::npos);
  CHECK(http(s.port, "GET", "/").status == 0);  // plain HTTP gets no answer
  CHECK(s.stop() == 0);
}

// ---- The API's writes: the same operations as the command line, over HTTP.

namespace {

struct Paired {
  Served& s;
  std::string cookie;
  HttpReply call(const std::string& method, const std::string& path, const std::string& body = {}) const {
    return http(s.port, method, path, body, cookie);
  }
};

Paired paired(Served& s) {
  const HttpReply r = s.pair(s.code);
  REQUIRE(r.status == 200);
  return {s, cookie_header(r)};
}

}  // namespace

TEST_CASE("serve: POST /api/episodes saves once per key, answers the episode and its warning signs") {
  e2e::Sandbox sb;
  Served s(sb);
  const auto api = paired(s);
  const HttpReply first = api.call("POST", "/api/episodes", R"({"key": "tap-1"})");
  CHECK(first.status == 201);
  const auto saved = body_json(first);
  CHECK(saved["id"] == 1);
  CHECK(saved["night"].is_string());
  CHECK(saved["red_flags"].is_array());
  CHECK(saved["replayed"] == false);
  // The same tap again (a retry from the outbox): the same episode, nothing new.
  const HttpReply again = api.call("POST", "/api/episodes", R"({"key": "tap-1"})");
  CHECK(again.status == 200);
  CHECK(body_json(again)["id"] == 1);
  CHECK(body_json(again)["replayed"] == true);
  CHECK(nlohmann::json::parse(sb.ok({"list", "--json"})).size() == 1);
  // A clot's signs on one leg: the warning comes back at once with what to do.
  const HttpReply clot = api.call(
      "POST", "/api/episodes",
      R"({"key": "tap-2", "locations": ["calf"], "side": "left", "signs": ["swelling", "warmth", "redness"]})");
  CHECK(clot.status == 201);
  const auto flags = body_json(clot)["red_flags"];
  REQUIRE(flags.size() >= 1);
  CHECK(flags[0]["id"] == "dvt_signs");
  CHECK(flags[0]["title"] == "One leg swollen, warm or red");
  CHECK(flags[0]["message"].get<std::string>().find("today") != std::string::npos);
  // Its retry (the first answer lost on the way): the same warning again, not an empty list.
  const HttpReply retry = api.call(
      "POST", "/api/episodes",
      R"({"key": "tap-2", "locations": ["calf"], "side": "left", "signs": ["swelling", "warmth", "redness"]})");
  CHECK(retry.status == 200);
  CHECK(body_json(retry)["replayed"] == true);
  CHECK(body_json(retry)["red_flags"] == flags);
  CHECK(s.stop() == 0);
}

TEST_CASE("serve: bad input answers 400 with field, value and message, and writes nothing") {
  e2e::Sandbox sb;
  Served s(sb);
  const auto api = paired(s);
  const HttpReply bad = api.call("POST", "/api/episodes", R"({"intensity": 11})");
  check_error(bad, 400);
  CHECK(body_json(bad)["error"]["field"].get<std::string>().find("intensity") != std::string::npos);
  CHECK(body_json(bad)["error"]["value"] == "11");
  check_error(api.call("POST", "/api/episodes", R"({"locations": ["moon"]})"), 400);
  check_error(api.call("POST", "/api/episodes", "{\"note\": \"caf\xe9\"}"), 400);
  check_error(api.call("POST", "/api/episodes", R"([1, 2])"), 400);
  check_error(api.call("POST", "/api/episodes", R"({"key": 5})"), 400);
  CHECK(nlohmann::json::parse(sb.ok({"list", "--json"})).empty());
  CHECK(s.stop() == 0);
}

TEST_CASE("serve: PATCH changes and clears fields, DELETE removes, last names the newest") {
  e2e::Sandbox sb;
  Served s(sb);
  const auto api = paired(s);
  REQUIRE(api.call("POST", "/api/episodes", R"({"locations": ["calf"], "note": "first"})").status == 201);
  const HttpReply patched = api.call("PATCH", "/api/episodes/1", R"({"relief": ["stretch"], "note": null})");
  CHECK(patched.status == 200);
  const auto e = body_json(patched);
  CHECK(e["relief"] == nlohmann::json::array({"stretch"}));
  CHECK(e["locations"] == nlohmann::json::array({"calf"}));
  CHECK_FALSE(e.contains("note"));
  CHECK(body_json(api.call("GET", "/api/episodes/last"))["id"] == 1);
  CHECK(api.call("DELETE", "/api/episodes/1").status == 200);
  check_error(api.call("DELETE", "/api/episodes/1"), 404);
  check_error(api.call("DELETE", "/api/episodes/one"), 400);
  check_error(api.call("GET", "/api/episodes/last"), 404);
  CHECK(s.stop() == 0);
}

TEST_CASE("serve: start and stop an episode still going, and conflicts answer 409") {
  e2e::Sandbox sb;
  Served s(sb);
  const auto api = paired(s);
  const HttpReply started = api.call("POST", "/api/episodes/start", R"({"locations": ["calf"]})");
  CHECK(started.status == 201);
  CHECK(body_json(started)["ongoing"] == true);
  check_error(api.call("POST", "/api/episodes/start", "{}"), 409);
  const HttpReply stopped = api.call("POST", "/api/episodes/stop", R"({"relief": ["walk"], "relief_effect": "full"})");
  CHECK(stopped.status == 200);
  const auto e = body_json(stopped);
  CHECK_FALSE(e.contains("ongoing"));
  CHECK(e["duration_min"].is_number());
  CHECK(e["relief"] == nlohmann::json::array({"walk"}));
  check_error(api.call("POST", "/api/episodes/stop", "{}"), 409);
  CHECK(s.stop() == 0);
}

TEST_CASE("serve: the morning check-in, a quiet night, and the reports") {
  e2e::Sandbox sb;
  Served s(sb);
  const auto api = paired(s);
  const HttpReply night = api.call("PUT", "/api/nights/2026-11-20", R"({"sleep_quality": 4, "quiet": true})");
  CHECK(night.status == 200);
  CHECK(body_json(night)["sleep_quality"] == 4);
  CHECK(body_json(api.call("GET", "/api/nights/2026-11-20"))["night"]["sleep_quality"] == 4);
  check_error(api.call("PUT", "/api/nights/2026-11-20", R"({"sleep_quality": 9})"), 400);
  const HttpReply ahead = api.call("PUT", "/api/nights/2026-12-25", R"({"quiet": true})");  // not begun
  check_error(ahead, 400);
  CHECK(body_json(ahead)["error"]["field"] == "night");
  CHECK(body_json(ahead)["error"]["value"] == "2026-12-25");
  CHECK(api.call("GET", "/api/nights/2026-12-25").body.find("\"night\": null") != std::string::npos);
  const HttpReply analysis = api.call("GET", "/api/analysis");
  CHECK(analysis.status == 200);
  CHECK(body_json(analysis).contains("categories"));
  CHECK(analysis.body == sb.ok({"analyze", "--json"}));
  CHECK(api.call("GET", "/api/summary").status == 200);
  const HttpReply chart = api.call("GET", "/api/charts/nights.svg");
  CHECK(chart.status == 200);
  CHECK(chart.header("content-type") == "image/svg+xml");
  CHECK(chart.body.starts_with("<svg xmlns="));
  CHECK(s.stop() == 0);
}

TEST_CASE("serve: the command line logs, lists and deletes while the page logs: nothing lost, nothing locked") {
  e2e::Sandbox sb;
  Served s(sb);
  const auto api = paired(s);
  constexpr int kRounds = 12;
  std::vector<e2e::Child> cli;
  e2e::Options o;
  o.now = std::string();  // the real clock, as the server uses
  for (int i = 0; i < kRounds; ++i) {
    cli.push_back(sb.start({"log", "--where", "calf", "--note", "cli " + std::to_string(i)}, o));
    const HttpReply r =
        api.call("POST", "/api/episodes", R"({"key": "page-)" + std::to_string(i) + R"(", "locations": ["foot"]})");
    CHECK(r.status == 201);
    cli.push_back(sb.start({"list", "--json"}, o));
  }
  for (auto& c : cli) {
    const auto done = sb.wait(c);
    INFO("stderr: " << done.err);
    CHECK(done.code == 0);
    CHECK(done.err.find("locked") == std::string::npos);
  }
  CHECK(nlohmann::json::parse(sb.ok({"list", "--json"}, o)).size() == 2 * kRounds);
  // A delete from the command line while the server runs: gone for the page too.
  sb.ok({"delete", "1", "--yes"}, o);
  CHECK(nlohmann::json::parse(api.call("GET", "/api/episodes").body).size() == 2 * kRounds - 1);
  CHECK(s.stop() == 0);
}

TEST_CASE("serve --install writes a systemd user service calling this program on this diary") {
  e2e::Sandbox sb;
  const std::filesystem::path config = sb.file("config.keep", "").parent_path() / "config";
  e2e::Options o;
  o.env = {{"XDG_CONFIG_HOME", config.string()}};
  const auto out = sb.ok({"serve", "--install", "--no-enable", "--port", "8800", "--lan"}, o);
  CHECK(out.find("Not enabled (as asked") != std::string::npos);
  const std::string unit = e2e::read_file(config / "systemd" / "user" / "diary-serve.service");
  CHECK(unit.find("ExecStart=\"" + std::string(DIARY_BIN) + "\"") != std::string::npos);
  CHECK(unit.find("serve --port 8800 --lan") != std::string::npos);
  CHECK(unit.find("WantedBy=default.target") != std::string::npos);
}
