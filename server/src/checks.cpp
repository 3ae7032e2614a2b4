// The rules a request's head must pass before any handler runs, and the pieces of an
// answer every response shares. Pure functions: the fuzzer and the tests call them directly.
#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "diary/error.hpp"
#include "diary/server/http.hpp"

namespace diary::server {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool api_path(std::string_view path) { return path == "/api" || path.rfind("/api/", 0) == 0; }

// "application/json" or "application/json; charset=utf-8" (any case).
bool json_content_type(std::string_view value) {
  const std::string v = lowered(value);
  const std::string_view type = trimmed(std::string_view(v).substr(0, v.find(';')));
  if (type != "application/json") return false;
  const auto semi = v.find(';');
  return semi == std::string::npos || trimmed(std::string_view(v).substr(semi + 1)) == "charset=utf-8";
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string percent_decoded(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

bool CaseLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return lower(x) < lower(y); });
}

std::optional<std::string> Request::header(std::string_view name) const {
  const auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  const auto all = header("Cookie");
  if (!all) return std::nullopt;
  std::string_view rest = *all;
  while (!rest.empty()) {
    const auto end = std::min(rest.find(';'), rest.size());
    const std::string_view pair = trimmed(rest.substr(0, end));
    rest.remove_prefix(std::min(end + 1, rest.size()));
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && trimmed(pair.substr(0, eq)) == name)
      return std::string(trimmed(pair.substr(eq + 1)));
  }
  return std::nullopt;
}

Response json_response(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response error_response(int status, std::string_view message, std::string_view field, std::string_view value) {
  nlohmann::ordered_json e;
  e["field"] = field;
  e["value"] = value;
  e["message"] = message;
  nlohmann::ordered_json doc;
  doc["error"] = std::move(e);
  // Replace, not throw, on bad UTF-8: a value echoed back may come from a hostile client.
  return json_response(status, doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

nlohmann::json json_body(const Request& request) {
  auto doc = nlohmann::json::parse(request.body, nullptr, false);
  if (doc.is_discarded()) throw bad_input("", "", "the request body is not valid JSON");
  return doc;
}

Policy make_policy(std::uint16_t port, const std::vector<std::string>& lan_addresses, bool tls) {
  Policy p;
  std::vector<std::string> names{"127.0.0.1", "localhost", "[::1]"};
  for (const auto& a : lan_addresses) names.push_back(a.find(':') != std::string::npos ? "[" + a + "]" : a);
  const char* scheme = tls ? "https" : "http";
  const bool default_port = port == (tls ? 443 : 80);
  for (const auto& n : names) {
    p.hosts.push_back(lowered(fmt::format("{}:{}", n, port)));
    p.origins.push_back(lowered(fmt::format("{}://{}:{}", scheme, n, port)));
    if (default_port) {  // browsers leave a default port out of Host and Origin
      p.hosts.push_back(lowered(n));
      p.origins.push_back(lowered(fmt::format("{}://{}", scheme, n)));
    }
  }
  return p;
}

bool host_allowed(const Policy& policy, std::string_view host) {
  const std::string h = lowered(trimmed(host));
  return std::find(policy.hosts.begin(), policy.hosts.end(), h) != policy.hosts.end();
}

bool is_write(std::string_view m) { return m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE"; }

std::optional<std::size_t> content_length(const Headers& headers) {
  const auto it = headers.find("Content-Length");
  if (it == headers.end()) return std::nullopt;
  const std::string_view v = trimmed(it->second);
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size())
    throw HttpError(400, "the Content-Length header is not a number");
  return n;
}

std::optional<Response> check_head(const Policy& policy, std::string_view method, std::string_view path,
                                   const Headers& headers) {
  const auto get = [&](std::string_view name) -> std::optional<std::string_view> {
    const auto it = headers.find(name);
    if (it == headers.end()) return std::nullopt;
    return std::string_view(it->second);
  };
  if (!host_allowed(policy, get("Host").value_or("")))
    return error_response(421, "this server does not answer to that host name");
  // A chunked body has no length to check up front; the page never sends one.
  if (get("Transfer-Encoding")) return error_response(411, "the request body must have a Content-Length");
  if (const auto enc = get("Content-Encoding"); enc && lowered(trimmed(*enc)) != "identity")
    return error_response(415, "compressed request bodies are not accepted");
  std::optional<std::size_t> length;
  try {
    length = content_length(headers);
  } catch (const HttpError& e) { return error_response(e.status(), e.what()); }
  if (length && *length > policy.max_body) return error_response(413, "the request body is over 64 KiB");
  if (is_write(method)) {
    if (const auto origin = get("Origin"); origin && std::find(policy.origins.begin(), policy.origins.end(),
                                                               lowered(trimmed(*origin))) == policy.origins.end())
      return error_response(403, "requests from other sites are not accepted");
  }
  if (api_path(path) && length.value_or(0) > 0 && !json_content_type(get("Content-Type").value_or("")))
    return error_response(415, "the request body must be application/json");
  return std::nullopt;
}

bool append_body(std::string& body, std::string_view chunk, std::size_t limit) {
  if (chunk.size() > limit || body.size() > limit - chunk.size()) return false;
  body.append(chunk);
  return true;
}

void add_standard_headers(Response& r, std::string_view path) {
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  if (api_path(path)) r.headers.emplace_back("Cache-Control", "no-store");
}

std::map<std::string, std::string> parse_query(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    const auto end = std::min(query.find('&'), query.size());
    const std::string_view pair = query.substr(0, end);
    query.remove_prefix(std::min(end + 1, query.size()));
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos)
      out[percent_decoded(pair)] = "";
    else
      out[percent_decoded(pair.substr(0, eq))] = percent_decoded(pair.substr(eq + 1));
  }
  return out;
}

}  // namespace diary::server
