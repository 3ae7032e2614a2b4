// diary serve: the local web page and its API until SIGINT or SIGTERM; diary devices: the
// browsers paired with it, and revoking one.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include <date/tz.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "diary/app/devices.hpp"
#include "diary/error.hpp"
#include "diary/output_file.hpp"
#include "diary/report/units.hpp"
#include "user_units.hpp"
#ifdef DIARY_WITH_SERVER
#include "diary/server/api.hpp"
#include "diary/server/http.hpp"
#include "diary/server/pairing.hpp"
#include "diary/server/qr.hpp"
#include "diary/server/router.hpp"
#endif

namespace diary::cli {
namespace {

namespace fs = std::filesystem;

struct ServeOptions {
  int port = 8765;
  bool lan = false;
  bool install = false;
  bool no_enable = false;
  std::string tls_cert, tls_key;
};

#ifdef DIARY_WITH_SERVER
// SIGINT and SIGTERM are blocked before the server's thread starts (it inherits the mask),
// so only sigwait() below sees them.
sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

void print_address(Context& ctx, const server::Server& srv, const std::string& code, bool lan) {
  const std::string scheme = srv.tls() ? "https" : "http";
  const std::string local = fmt::format("{}://127.0.0.1:{}/#k={}", scheme, srv.port(), code);
  // The first line is the address: scripts and tests read it, so it goes out at once.
  fmt::print("{}\n", local);
  std::fflush(stdout);
  // With --lan the QR code carries the network address: it is for a phone to scan.
  std::string shown = local;
  if (!srv.lan_addresses().empty())
    shown = fmt::format("{}://{}:{}/#k={}", scheme, srv.lan_addresses().front(), srv.port(), code);
  if (::isatty(STDOUT_FILENO) == 1) fmt::print("{}", server::qr_text(shown, ctx.colour()));
  fmt::print("Open this address in your browser (the code works once, for 10 minutes). Ctrl-C stops the server.\n");
  if (lan) {
    fmt::print("Warning: with --lan anyone on your network can reach this page and try to pair.\n");
    for (const auto& a : srv.lan_addresses())
      fmt::print("On your network: {}://{}:{}/#k={}\n", scheme, a, srv.port(), code);
  }
  std::fflush(stdout);
}

void serve(Context& ctx, const ServeOptions& o) {
  Store& store = ctx.store();
  auto registry = server::store_device_registry(store);
  server::PairingCode code(server::pairing_code(), server::PairingCode::Clock::now() + server::pairing_ttl());
  server::ServerOptions options;
  options.port = static_cast<std::uint16_t>(o.port);
  options.lan = o.lan;
  if (!o.tls_cert.empty()) {
    options.tls_cert_pem = read_input(o.tls_cert);
    options.tls_key_pem = read_input(o.tls_key);
  }
  server::Sessions sessions(*registry, code, !o.tls_cert.empty());
  server::Router router([&sessions](const server::Request& r) { return sessions.authenticate(r); });
  server::add_session_routes(router, sessions);
  server::add_api_routes(router, store, ctx.zone());

  const sigset_t signals = stop_signals();
  ::pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  server::Server srv(options, [&router](const server::Request& r) { return router.handle(r); });
  print_address(ctx, srv, code.code(), o.lan);
  int sig = 0;
  while (::sigwait(&signals, &sig) != 0) {}
  spdlog::debug("serve: stopping on signal {}", sig);
  srv.stop();
}

#else
// This program does not link the server (cli/CMakeLists.txt says why): diary-serve, which
// does, runs in its place with the same arguments. It lives next to this program (the
// build tree, a relocated install) or in the libexec folder it was installed to.
fs::path serve_program() {
  const fs::path here = fs::path(self_path()).parent_path();
  for (const fs::path& p : {here / "diary-serve", here / ".." / "libexec" / "diary" / "diary-serve",
                            fs::path(DIARY_LIBEXEC_DIR) / "diary-serve"})
    if (::access(p.c_str(), X_OK) == 0) return p;
  throw failure(fmt::format("diary serve needs diary-serve, which is neither next to {} nor in {}", here.string(),
                            DIARY_LIBEXEC_DIR));
}

void serve(Context& ctx, const ServeOptions&) {
  const std::string program = serve_program().string();
  std::fflush(stdout);
  std::fflush(stderr);
  ctx.argv[0] = const_cast<char*>(program.c_str());
  ::execv(program.c_str(), ctx.argv);
  throw failure(fmt::format("cannot run {}: {}", program, std::strerror(errno)));
}
#endif

// serve --install: a systemd user service that keeps the page served, calling the
// installed program by its stable path.
void install_service(Context& ctx, const ServeOptions& o) {
  const fs::path dir = unit_dir();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw failure(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  const fs::path file = dir / report::kServeService;
  const std::string db = fs::absolute(ctx.store().path()).string();
  write_output(file.string(), report::serve_service_text(unit_program(), db, o.port, o.lan), ctx.diary_path());
  fmt::print("Wrote {}\n", file.string());
  enable_user_unit(report::kServeService, o.no_enable,
                   fmt::format("the page is served on port {}; its pairing address is in "
                               "`journalctl --user -u {}`",
                               o.port, report::kServeService));
}

std::string when(Context& ctx, std::optional<std::int64_t> t) {
  if (!t) return "never";
  const date::sys_seconds s{std::chrono::seconds(*t)};
  return date::format("%Y-%m-%d %H:%M", date::make_zoned(ctx.zone(), s).get_local_time());
}

void list_devices(Context& ctx) {
  const auto devices = app::devices(ctx.store());
  if (devices.empty()) {
    fmt::print("No paired devices. Pair one by opening the address diary serve prints.\n");
    return;
  }
  fmt::print("{:>4}  {:<24}  {:<16}  {:<16}  {}\n", "ID", "NAME", "PAIRED", "LAST SEEN", "STATUS");
  for (const auto& d : devices)
    fmt::print("{:>4}  {:<24}  {:<16}  {:<16}  {}\n", d.id, d.name, when(ctx, d.created), when(ctx, d.last_seen),
               d.revoked ? "revoked " + when(ctx, d.revoked) : "active");
}

void revoke_device(Context& ctx, std::int64_t id) {
  app::revoke_device(ctx.store(), id, ctx.now());
  fmt::print("Revoked device {}: that browser must pair again.\n", id);
}

}  // namespace

void add_serve_commands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "Serve the diary's web page on this computer until Ctrl-C");
  cmd->add_option("--port", o->port, "port to listen on (default 8765; 0: any free one)")->check(CLI::Range(0, 65535));
  cmd->add_flag("--lan", o->lan, "also listen on the local network (anyone on it can reach the pairing page)");
  auto* cert = cmd->add_option("--tls-cert", o->tls_cert, "serve HTTPS with this PEM certificate file");
  auto* key = cmd->add_option("--tls-key", o->tls_key, "the PEM private key for --tls-cert");
  cert->needs(key);
  key->needs(cert);
  cmd->add_flag("--install", o->install, "install a systemd user service that keeps serving (with these options)");
  cmd->add_flag("--no-enable", o->no_enable, "with --install: only write the service file; print how to enable it");
  cmd->callback([&ctx, o] {
    if (o->install)
      install_service(ctx, *o);
    else
      serve(ctx, *o);
  });

  auto* devices = app.add_subcommand("devices", "The browsers paired with diary serve");
  devices->callback([&ctx, devices] {
    if (devices->get_subcommands().empty()) list_devices(ctx);
  });
  auto id = std::make_shared<std::int64_t>(0);
  auto* revoke = devices->add_subcommand("revoke", "End a paired browser's session");
  revoke->add_option("id", *id, "the device's ID (see diary devices)")->required();
  revoke->callback([&ctx, id] { revoke_device(ctx, *id); });
}

}  // namespace diary::cli
