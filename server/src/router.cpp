// Dispatch: sessions for the API, embedded files for the page.
#include <fmt/format.h>

#include "diary/server/router.hpp"

namespace diary::server {
namespace {

bool is_api(std::string_view path) { return path == "/api" || path.rfind("/api/", 0) == 0; }

// Splits "/a/b" into {"a", "b"}; an empty segment (as in "/a//b" or "/a/") stays, so it
// cannot match a capture.
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  while (true) {
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool capture(std::string_view s) { return s.size() > 2 && s.front() == '{' && s.back() == '}'; }

}  // namespace

std::optional<Params> match_path(std::string_view pattern, std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  const auto want = segments(pattern);
  const auto have = segments(path);
  if (want.size() != have.size()) return std::nullopt;
  Params params;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (!capture(want[i])) {
      if (want[i] != have[i]) return std::nullopt;
      continue;
    }
    if (have[i].empty() || have[i] == "." || have[i] == "..") return std::nullopt;
    params[std::string(want[i].substr(1, want[i].size() - 2))] = std::string(have[i]);
  }
  return params;
}

const StaticFile* find_page_file(std::string_view path) {
  if (path == "/") path = "/index.html";
  if (path.size() < 2 || path.front() != '/') return nullptr;
  path.remove_prefix(1);
  for (const auto& f : page_files())
    if (f.name == path) return &f;
  return nullptr;
}

Router::Router(Authenticate authenticate) : authenticate_(std::move(authenticate)) {}

void Router::add(std::string method, std::string pattern, Route route) {
  routes_.push_back({std::move(method), std::move(pattern), std::move(route)});
}

Response Router::handle(const Request& request) const { return is_api(request.path) ? api(request) : page(request); }

Response Router::api(const Request& request) const {
  std::optional<Device> device;
  if (request.path != "/api/pair") {
    device = authenticate_(request);
    if (!device) throw HttpError(401, "this browser is not paired: open the address that diary serve printed");
  }
  std::string allow;
  for (const auto& e : routes_) {
    auto params = match_path(e.pattern, request.path);
    if (!params) continue;
    const bool same = e.method == request.method || (request.method == "HEAD" && e.method == "GET");
    if (same) return e.route(Call{request, std::move(*params), device});
    allow += (allow.empty() ? "" : ", ") + e.method;
  }
  if (allow.empty()) throw HttpError(404, "there is nothing at that address");
  Response r = error_response(405, fmt::format("{} is not allowed here", request.method));
  r.headers.emplace_back("Allow", allow);
  return r;
}

Response Router::page(const Request& request) const {
  const StaticFile* file = find_page_file(request.path);
  if (!file) throw HttpError(404, "there is nothing at that address");
  if (request.method != "GET" && request.method != "HEAD") {
    Response r = error_response(405, fmt::format("{} is not allowed here", request.method));
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  Response r;
  r.content_type = std::string(file->content_type);
  r.body = std::string(file->bytes);
  r.headers.emplace_back("Cache-Control", "no-cache");  // a new version of the page shows at once
  return r;
}

void add_session_routes(Router& router, Sessions& sessions) {
  router.add("POST", "/api/pair", [&sessions](const Call& c) { return sessions.pair(c.request); });
  router.add("GET", "/api/session", [](const Call& c) {
    return json_response(200, fmt::format("{{\"device\":{}}}\n", device_json(*c.device)));
  });
}

}  // namespace diary::server
