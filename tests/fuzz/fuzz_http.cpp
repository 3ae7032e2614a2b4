// The server's request handling without sockets, on hostile bytes: the input is read as a
// request head ("METHOD PATH?QUERY" then "Name: value" lines), a blank line, and a body.
// Every check must answer (a Response or nothing), never crash; the properties below are
// the rules the adapter relies on.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "diary/server/http.hpp"
#include "diary/server/router.hpp"

namespace {

using namespace diary::server;

std::string_view next_line(std::string_view& rest) {
  const auto end = rest.find('\n');
  const std::string_view line = rest.substr(0, end);
  rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
  return line;
}

Request parse(std::string_view text) {
  Request q;
  std::string_view first = next_line(text);
  const auto space = first.find(' ');
  q.method = std::string(first.substr(0, space));
  const std::string_view target = space == std::string_view::npos ? "/" : first.substr(space + 1);
  const auto mark = target.find('?');
  q.path = std::string(target.substr(0, mark));
  if (mark != std::string_view::npos) q.query = std::string(target.substr(mark + 1));
  while (!text.empty()) {
    const std::string_view line = next_line(text);
    if (line.empty()) break;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    auto [it, fresh] = q.headers.try_emplace(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
    if (!fresh) it->second += ", " + std::string(line.substr(colon + 1));
  }
  q.body = std::string(text);
  return q;
}

void check_rules(const Policy& policy, Request& q) {
  std::optional<Response> refusal;
  try {
    refusal = check_head(policy, q.method, q.path, q.headers);
  } catch (...) {
    std::abort();  // check_head answers, it never throws
  }
  if (refusal && (refusal->status < 400 || refusal->status > 421)) std::abort();
  // A request that passes has an allowed Host and a length within the limit.
  if (!refusal) {
    if (!host_allowed(policy, q.header("Host").value_or(""))) std::abort();
    if (content_length(q.headers).value_or(0) > policy.max_body) std::abort();
  }
  std::string body;
  if (append_body(body, q.body, 16) != (q.body.size() <= 16)) std::abort();
  if (body.size() > 16) std::abort();
}

void route(Request& q) {
  static Router router = [] {
    Router r([](const Request& request) -> std::optional<Device> {
      if (request.cookie("diary_session") == "ok") return Device{1, "fuzz", 0, {}, {}};
      return std::nullopt;
    });
    r.add("GET", "/api/episodes", [](const Call&) { return json_response(200, "[]"); });
    r.add("DELETE", "/api/episodes/{id}", [](const Call& c) {
      if (c.params.at("id").empty() || c.params.at("id").find('/') != std::string::npos) std::abort();
      return json_response(200, "{}");
    });
    return r;
  }();
  Response r;
  try {
    r = router.handle(q);
  } catch (...) { r = response_for_current_exception(); }
  if (r.status == 500) std::abort();  // nothing in the router fails that way
  add_standard_headers(r, q.path);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Policy policy = make_policy(8765, {"192.0.2.7"}, false);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Request q = parse(text);
  q.query_params = parse_query(q.query);
  check_rules(policy, q);
  (void)match_path("/api/nights/{day}/{part}", q.path);
  (void)q.cookie("diary_session");
  (void)error_response(400, q.body, q.path, q.query);  // hostile bytes echoed: replaced, never thrown
  route(q);
  return 0;
}
