#pragma once
// Routes for `diary serve`: (method, pattern) -> handler, where a pattern's `{name}`
// segments capture one path segment each. /api/ routes other than POST /api/pair need a
// valid session (401 otherwise, before 404 or 405, so that nothing about the API is told to
// a stranger); every other path is served from the page's embedded files.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diary/server/http.hpp"
#include "diary/server/pairing.hpp"

namespace diary::server {

using Params = std::map<std::string, std::string>;

// What a route handler gets: the request, its captured segments, and the paired device
// (always set on /api/ routes that need a session).
struct Call {
  const Request& request;
  Params params;
  std::optional<Device> device;
};
using Route = std::function<Response(const Call&)>;

// The captures of `path` against `pattern` ("/api/episodes/{id}"), or nullopt when it does
// not match. A capture is one non-empty segment; no wildcards, no dot segments.
std::optional<Params> match_path(std::string_view pattern, std::string_view path);

// An embedded page file.
struct StaticFile {
  std::string_view name;          // "index.html"
  std::string_view content_type;  // "text/html; charset=utf-8"
  std::string_view bytes;
};
// The files of server/page/, embedded at build time.
const std::vector<StaticFile>& page_files();
// The file for a request path ("/" is index.html), or nullptr.
const StaticFile* find_page_file(std::string_view path);

class Router {
 public:
  // `authenticate` finds the session's device (nullopt: none).
  using Authenticate = std::function<std::optional<Device>(const Request&)>;
  explicit Router(Authenticate authenticate);

  void add(std::string method, std::string pattern, Route route);
  // Dispatches; exceptions pass through to the adapter, which turns them into a status.
  Response handle(const Request& request) const;

 private:
  struct Entry {
    std::string method, pattern;
    Route route;
  };
  Response api(const Request& request) const;
  Response page(const Request& request) const;

  Authenticate authenticate_;
  std::vector<Entry> routes_;
};

// POST /api/pair and GET /api/session.
void add_session_routes(Router& router, Sessions& sessions);

}  // namespace diary::server
