#pragma once
// Plain POSIX-socket HTTP/1.1 for the `diary serve` tests: raw requests (so that a test can
// send a wrong Host, a chunked body or a lying header), one connection each, closed by the
// server after the answer ("Connection: close").
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace e2e {

struct HttpReply {
  int status = 0;                              // 0: no answer
  std::map<std::string, std::string> headers;  // lowercase names; a repeated one keeps the last
  std::vector<std::string> set_cookies;
  std::string body;

  std::string header(const std::string& lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// -1 when nothing accepts the connection.
inline int connect_to(const std::string& address, std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  if (::inet_pton(AF_INET, address.c_str(), &a.sin_addr) != 1 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline HttpReply parse_reply(const std::string& raw) {
  HttpReply r;
  const auto head_end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.", 0) != 0 || head_end == std::string::npos) return r;
  r.status = std::stoi(raw.substr(9, 3));
  std::size_t pos = raw.find("\r\n") + 2;
  while (pos < head_end) {
    const auto eol = raw.find("\r\n", pos);
    const std::string line = raw.substr(pos, eol - pos);
    pos = eol + 2;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    if (name == "set-cookie") r.set_cookies.push_back(value);
    r.headers[name] = value;
  }
  r.body = raw.substr(head_end + 4);
  return r;
}

// Sends `head` (request line and headers, without the blank line) and `body`, then reads
// until the server closes. A server that answers early and closes may reset the
// connection while the body is still going out: what arrived before counts.
inline HttpReply http_raw(std::uint16_t port, const std::string& head, const std::string& body = {},
                          const std::string& address = "127.0.0.1") {
  const int fd = connect_to(address, port);
  if (fd < 0) return {};
  const std::string request = head + "\r\n\r\n" + body;
  std::size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string raw;
  char buf[8192];
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 10000) <= 0) break;  // the server never takes longer than this
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    raw.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return parse_reply(raw);
}

// A well-formed request with the right Host, `extra` header lines ("Name: value\r\n" each)
// and, with a body, its Content-Length and JSON type.
inline HttpReply http(std::uint16_t port, const std::string& method, const std::string& target,
                      const std::string& body = {}, const std::string& extra = {}) {
  std::string head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                     "\r\nConnection: close\r\n" + extra;
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
    head += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  if (head.size() >= 2 && head.compare(head.size() - 2, 2, "\r\n") == 0) head.resize(head.size() - 2);
  return http_raw(port, head, body);
}

}  // namespace e2e
