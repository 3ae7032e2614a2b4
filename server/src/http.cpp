// The libmicrohttpd adapter: one internal polling thread, the head checked before the
// handler, the body bounded while it arrives, and one place where exceptions become answers.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>

#include <microhttpd.h>
#include <spdlog/spdlog.h>

#include "diary/error.hpp"
#include "diary/server/http.hpp"

namespace diary::server {

Response response_for_current_exception() {
  try {
    throw;
  } catch (const HttpError& e) {
    return error_response(e.status(), e.what(), e.field(), e.value());
  } catch (const Error& e) {
    if (e.code() == Errc::bad_input) return error_response(400, e.what(), e.field(), e.value());
    spdlog::debug("serve: request failed: {}", e.what());
  } catch (const std::exception& e) { spdlog::debug("serve: request failed: {}", e.what()); } catch (...) {
    spdlog::debug("serve: request failed with an unknown exception");
  }
  return error_response(500, "something went wrong");
}

std::vector<std::string> lan_addresses() {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  for (const ifaddrs* a = list; a; a = a->ifa_next) {
    if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET) continue;
    if ((a->ifa_flags & IFF_UP) == 0 || (a->ifa_flags & IFF_LOOPBACK) != 0) continue;
    char text[INET_ADDRSTRLEN] = {};
    const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
    if (::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text)) out.emplace_back(text);
  }
  ::freeifaddrs(list);
  return out;
}

namespace {

// What one request collects between libmicrohttpd's calls.
struct Exchange {
  std::string uri;  // raw, as the client sent it (with the query)
  bool started = false;
  bool too_large = false;
  Request request;
};

MHD_Result collect_header(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto& headers = *static_cast<Headers*>(cls);
  if (!key) return MHD_YES;
  const std::string v = value ? value : "";
  auto [it, fresh] = headers.try_emplace(key, v);
  const bool cookie = !CaseLess{}(key, "Cookie") && !CaseLess{}("Cookie", key);
  if (!fresh) it->second += (cookie ? "; " : ", ") + v;
  return MHD_YES;
}

MHD_Result send(MHD_Connection* connection, Response response, std::string_view path, bool close) {
  add_standard_headers(response, path);
  MHD_Response* r = MHD_create_response_from_buffer(response.body.size(), response.body.data(), MHD_RESPMEM_MUST_COPY);
  if (!r) return MHD_NO;
  if (!response.content_type.empty())
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, response.content_type.c_str());
  for (const auto& [name, value] : response.headers) MHD_add_response_header(r, name.c_str(), value.c_str());
  // An early refusal leaves the body unread: the connection cannot be reused.
  if (close) MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
  const MHD_Result ok = MHD_queue_response(connection, static_cast<unsigned>(response.status), r);
  MHD_destroy_response(r);
  return ok;
}

void log_from_mhd(void*, const char* format, va_list args) {
  char text[512];
  std::vsnprintf(text, sizeof text, format, args);
  spdlog::debug("serve: libmicrohttpd: {}", text);
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  Policy policy;
  std::vector<std::string> lan;
  MHD_Daemon* daemon = nullptr;
  std::uint16_t port = 0;

  MHD_Result begin(MHD_Connection* c, Exchange& x, const char* url, const char* method) {
    x.started = true;
    Request& q = x.request;
    q.method = method;
    q.path = url;
    const auto mark = x.uri.find('?');
    if (mark != std::string::npos) q.query = x.uri.substr(mark + 1);
    q.query_params = parse_query(q.query);
    MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, &q.headers);
    if (auto refusal = check_head(policy, q.method, q.path, q.headers))
      return send(c, std::move(*refusal), q.path, true);
    return MHD_YES;
  }

  MHD_Result on_request(MHD_Connection* c, Exchange& x, const char* url, const char* method, const char* data,
                        size_t* size) {
    if (!x.started) return begin(c, x, url, method);
    if (*size != 0) {
      // Over the limit: keep reading (to answer 413) but stop keeping the bytes.
      if (!x.too_large && !append_body(x.request.body, std::string_view(data, *size), policy.max_body)) {
        x.too_large = true;
        std::string().swap(x.request.body);
      }
      *size = 0;
      return MHD_YES;
    }
    if (x.too_large) return send(c, error_response(413, "the request body is over 64 KiB"), x.request.path, true);
    Response r;
    try {
      r = handler(x.request);
    } catch (...) { r = response_for_current_exception(); }
    return send(c, std::move(r), x.request.path, false);
  }

  static MHD_Result access(void* cls, MHD_Connection* c, const char* url, const char* method, const char*,
                           const char* data, size_t* size, void** state) {
    // No exception may cross into C: one that escapes the handling (out of memory) drops
    // the connection.
    try {
      auto* self = static_cast<Impl*>(cls);
      if (!*state) *state = new Exchange;
      return self->on_request(c, *static_cast<Exchange*>(*state), url, method, data, size);
    } catch (...) { return MHD_NO; }
  }

  // Called first for every request with the raw URI: the query is taken from it.
  static void* begin_uri(void*, const char* uri, MHD_Connection*) {
    try {
      auto x = std::make_unique<Exchange>();
      x->uri = uri ? uri : "";
      return x.release();
    } catch (...) {
      return nullptr;  // access() makes one (without the query) if this could not
    }
  }

  static void completed(void*, MHD_Connection*, void** state, MHD_RequestTerminationCode) {
    delete static_cast<Exchange*>(*state);
    *state = nullptr;
  }

  // Binds and listens ourselves, so the port (when 0 was asked) and the names we answer to
  // are known before the first request can arrive.
  int listen_socket() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw failure("could not open a socket");
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(options.port);
    addr.sin_addr.s_addr = htonl(options.lan ? INADDR_ANY : INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 64) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ::close(fd);
      throw failure("could not listen on port " + std::to_string(options.port) + " (is it in use?)");
    }
    port = ntohs(addr.sin_port);
    return fd;
  }

  std::vector<MHD_OptionItem> option_items(int fd, bool tls) {
    const auto item = [](MHD_OPTION o, intptr_t v, void* p = nullptr) { return MHD_OptionItem{o, v, p}; };
    const auto fn = [](auto f) { return reinterpret_cast<intptr_t>(f); };
    // Limits for slow or greedy clients: headers must fit the per-connection memory.
    std::vector<MHD_OptionItem> items{
        item(MHD_OPTION_LISTEN_SOCKET, fd),
        item(MHD_OPTION_CONNECTION_TIMEOUT, options.connection_timeout_seconds),
        item(MHD_OPTION_CONNECTION_MEMORY_LIMIT, 32 * 1024),
        item(MHD_OPTION_CONNECTION_LIMIT, 64),
        item(MHD_OPTION_PER_IP_CONNECTION_LIMIT, 32),
        item(MHD_OPTION_STRICT_FOR_CLIENT, 1),
        item(MHD_OPTION_URI_LOG_CALLBACK, fn(&Impl::begin_uri)),
        item(MHD_OPTION_NOTIFY_COMPLETED, fn(&Impl::completed)),
        item(MHD_OPTION_EXTERNAL_LOGGER, fn(&log_from_mhd)),
    };
    if (tls) {
      items.push_back(item(MHD_OPTION_HTTPS_MEM_KEY, 0, options.tls_key_pem.data()));
      items.push_back(item(MHD_OPTION_HTTPS_MEM_CERT, 0, options.tls_cert_pem.data()));
    }
    items.push_back(item(MHD_OPTION_END, 0));
    return items;
  }

  void start() {
    const bool tls = !options.tls_cert_pem.empty();
    if (tls && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
      throw failure("this libmicrohttpd was built without TLS");
    const int fd = listen_socket();
    if (options.lan) lan = diary::server::lan_addresses();
    policy = make_policy(port, lan, tls);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
    if (tls) flags |= MHD_USE_TLS;
    auto items = option_items(fd, tls);
    daemon = MHD_start_daemon(flags, 0, nullptr, nullptr, &Impl::access, this, MHD_OPTION_ARRAY, items.data(),
                              MHD_OPTION_END);
    if (!daemon) {
      ::close(fd);
      throw failure(tls ? "could not start the HTTPS server (check the certificate and key)"
                        : "could not start the server");
    }
  }
};

Server::Server(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
  impl_->start();
}

Server::~Server() { stop(); }

void Server::stop() {
  if (impl_ && impl_->daemon) {
    MHD_stop_daemon(impl_->daemon);
    impl_->daemon = nullptr;
  }
}

std::uint16_t Server::port() const { return impl_->port; }
bool Server::tls() const { return !impl_->options.tls_cert_pem.empty(); }
const Policy& Server::policy() const { return impl_->policy; }
const std::vector<std::string>& Server::lan_addresses() const { return impl_->lan; }

}  // namespace diary::server
