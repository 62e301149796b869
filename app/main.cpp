// trakt-mcp: the command line. `serve` (default) speaks MCP over stdio;
// `call` runs one tool for shells and scripts; `status` tells where things are.

#include "app/catalog.hpp"
#include "app/hosted.hpp"
#include "app/login_commands.hpp"
#include "app/operations.hpp"
#include "app/run.hpp"
#include "app/single_user.hpp"
#include "mcp/server.hpp"
#include "support/heap_trim.hpp"
#include "support/log.hpp"
#include "support/platform.hpp"
#include "trakt/server_info.hpp"
#include "transport/http.hpp"
#include "transport/stdio.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/json/parse.hpp>

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>
#include <ctime>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace net = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view usage_template = R"(trakt-mcp - your Trakt.tv account for AI agents (Model Context Protocol server)

Usage:
  trakt-mcp [serve]                   MCP over stdio (what agents launch)
  trakt-mcp serve --http [HOST:]PORT  MCP over Streamable HTTP at http://HOST:PORT/mcp
                                      (HOST default 127.0.0.1; any other needs TRAKT_MCP_HTTP_TOKEN)
  ... --public-url https://HOST       with --http: hosted mode, many people, each signs in to
                                      Trakt through MCP authorization (OAuth); see README
  ... --metrics [HOST:]PORT           with --http: Prometheus metrics at http://HOST:PORT/metrics
                                      (and /healthz, /readyz; HOST default 127.0.0.1)
  ... --read-only                     with serve or call: no tool that changes the Trakt account
  trakt-mcp call TOOL [--arg k=v]...  run one tool once and print its text
                                      (v is read as JSON when it parses, else as a string;
                                      exit status 1 on a tool error)
  trakt-mcp login                     log in to Trakt (device code: open a URL, enter a code)
  trakt-mcp logout                    revoke the login at Trakt and delete the local tokens
  trakt-mcp status                    who is logged in, token expiry, where files are
  trakt-mcp --version | --help

Tools:
%TOOLS%
Resources: %RESOURCES%
Prompts:   %PROMPTS%

Environment:
  TRAKT_CLIENT_ID, TRAKT_CLIENT_SECRET   your Trakt API app (https://trakt.tv/oauth/applications);
                                         or "client_id"/"client_secret" in config.json beside tokens.json
  TRAKT_API_URL                          default https://api.trakt.tv
  TRAKT_MEDIA_URL                        Trakt's image host, default https://media.trakt.tv
  TRAKT_MCP_POSTER_CACHE_MB              posters kept on disk in the config folder (default 64; 0: none)
  TRAKT_MCP_HOME                         folder of tokens.json and config.json (default
                                         $XDG_CONFIG_HOME/trakt-mcp, else ~/.config/trakt-mcp)
%TOKEN_STORE%  SSL_CERT_FILE, SSL_CERT_DIR            trust anchors (certificates are always verified)
  TRAKT_MCP_TIMEOUT                      seconds one Trakt request may take (default 30)
  TRAKT_MCP_LOG_LEVEL                    debug|info|warning|error (stderr; default info)
  TRAKT_MCP_LOG_FORMAT                   text (default) or json: one JSON object a line, with the
                                         request id and person of the call it belongs to
  TRAKT_MCP_METRICS                      serve --http: as --metrics
  TRAKT_MCP_HTTP_TOKEN                   serve --http: bearer token every request must carry
  TRAKT_MCP_PUBLIC_URL                   hosted mode: as --public-url
  TRAKT_MCP_STORE                        hosted mode: sqlite:PATH (default hosted.db in the config
                                         folder) or postgresql://USER@HOST/DB
  TRAKT_MCP_SECRET_KEY                   hosted mode: 32 bytes (`openssl rand -hex 32`) that seal
                                         the Trakt tokens at rest; the same on every instance
  TRAKT_WEB_URL                          hosted mode: where people sign in, default https://trakt.tv
  TRAKT_MCP_TRUSTED_PROXIES              hosted mode: the proxies in front (e.g. 127.0.0.1) whose
                                         X-Forwarded-For names the client, for rate limits
  TRAKT_MCP_METADATA_PRIVATE_HOSTS       hosted mode, tests and development only: 1 lets clients'
                                         metadata document URLs point at loopback/private addresses
  TRAKT_MCP_READ_ONLY                    1: the same as --read-only
)";

// --read-only, taken out of the arguments by main().
bool read_only_flag = false;

app::Settings settings() {
  auto s = app::Settings::from_environment();
  s.read_only = s.read_only || read_only_flag;
  return s;
}

// The tools, resources and prompts as declared, for --help (every tool, even
// with --read-only); no network, no login needed.
const app::TraktCatalog& declared() {
  return app::TraktCatalog::shared(app::ReadOnly::off);
}

void replace(std::string& text, std::string_view what, const std::string& with) {
  text.replace(text.find(what), what.size(), with);
}

// The TRAKT_TOKEN_STORE lines: the default differs (trakt::choose_token_store).
std::string token_store_help(support::Platform platform) {
  if (platform == support::Platform::macos)
    return "  TRAKT_TOKEN_STORE                      keychain (default): the macOS keychain, service \"trakt\", the\n"
           "                                         expiry in ~/.config/trakt/config.json; or file: tokens.json\n"
           "                                         (the default while a tokens.json exists)\n";
  return "  TRAKT_TOKEN_STORE                      file (default): tokens.json; or keychain: the macOS keychain\n"
         "                                         layout, through a `security` program on PATH\n";
}

std::string usage() {
  const app::TraktCatalog& d = declared();
  std::string tools;
  for (const auto& t : d.tools().all()) tools += "  " + mcp::signature(t) + "\n";
  std::string resources;
  for (const auto& r : d.resources().resources()) resources += (resources.empty() ? "" : " ") + r.uri;
  for (const auto& t : d.resources().templates()) resources += (resources.empty() ? "" : " ") + t.uri_template;
  std::string prompts;
  for (const auto& p : d.prompts().all()) prompts += (prompts.empty() ? "" : ", ") + mcp::signature(p);
  std::string text(usage_template);
  replace(text, "%TOOLS%\n", tools);
  replace(text, "%RESOURCES%", resources);
  replace(text, "%PROMPTS%", prompts);
  replace(text, "%TOKEN_STORE%", token_store_help(support::this_platform));
  return text;
}

// Runs a transport until it ends, then lets a token refresh that its calls
// started finish and save its new pair (Trakt refresh tokens are single use),
// whether the transport ended normally or failed.
net::awaitable<void> serve_then_settle(net::awaitable<void> transport, app::SingleUser* local) {
  std::exception_ptr failed;
  try {
    co_await std::move(transport);
  } catch (...) {
    failed = std::current_exception();
  }
  co_await local->settle();
  if (failed) std::rethrow_exception(failed);
}

// stdin closed and every answer written, or stdout closed by the client.
int serve() {
  net::io_context io(1);
  app::SingleUser local(io.get_executor(), settings());
  transport::StdioTransport stdio(io.get_executor());
  support::HeapTrimmer trimmer(io.get_executor());
  mcp::Server server(io.get_executor(), local.catalog(), trakt::server_info(local.catalog()),
                     [&stdio, &trimmer](std::string message) {
                       stdio.send(std::move(message));
                       trimmer.activity();
                     });
  local.bind(server);
  if (auto failure = cli::run_to_completion(io, serve_then_settle(stdio.run(server), &local))) {
    support::log::error("trakt-mcp", "stdio transport failed: " + *failure);
    return 1;
  }
  return 0;
}

// Streamable HTTP: every session (and every stateless request) is a Server of
// its own; all of them share the SingleUser, so one token manager and one upstream
// connection pool serve them all. Runs until SIGINT or SIGTERM.
int serve_http(const std::string& address, const std::optional<std::string>& public_url,
               const std::optional<std::string>& metrics_text) {
  transport::HttpOptions options;
  const auto listen_at = app::parse_listen_address(address);
  if (!listen_at) {
    std::cerr << "trakt-mcp serve --http: `" << address << "` is not [HOST:]PORT (e.g. 8080 or 127.0.0.1:8080)\n";
    return 2;
  }
  options.host = listen_at->host;
  options.port = listen_at->port;
  std::optional<app::ListenAddress> metrics_at;
  if (metrics_text) {
    metrics_at = app::parse_listen_address(*metrics_text);
    if (!metrics_at) {
      std::cerr << "trakt-mcp serve --metrics: `" << *metrics_text
                << "` is not [HOST:]PORT (e.g. 9464 or 127.0.0.1:9464)\n";
      return 2;
    }
  }
  if (const char* token = std::getenv("TRAKT_MCP_HTTP_TOKEN")) options.token = token;
  options.token_hint = "TRAKT_MCP_HTTP_TOKEN";
  options.server_header = "trakt-mcp";
  if (public_url) return hosted::serve(std::move(options), settings(), *public_url, metrics_at);

  net::io_context io(1);
  app::SingleUser local(io.get_executor(), settings());
  auto executor = io.get_executor();
  const mcp::ServerInfo info = trakt::server_info(local.catalog());
  support::HeapTrimmer trimmer(executor);
  transport::HttpTransport http(
      executor, options, [&local, &info, &trimmer, executor](mcp::Server::RoutedSender send, const std::string&) {
        auto noted = [send = std::move(send), &trimmer](mcp::Outgoing message) {
          send(std::move(message));
          trimmer.activity();
        };
        auto server = std::make_unique<mcp::Server>(executor, local.catalog(), info, std::move(noted));
        local.bind(*server);
        return server;
      });
  if (auto ec = http.listen()) {
    std::cerr << "trakt-mcp serve --http: cannot listen on " << address << ": " << ec.message() << "\n";
    return 1;
  }
  if (!http.loopback() && options.token.empty()) {
    std::cerr << "trakt-mcp serve --http: " << options.host
              << " is not a loopback address; set TRAKT_MCP_HTTP_TOKEN so every request must carry "
                 "`Authorization: Bearer <token>`\n";
    return 2;
  }
  // One person, no store: ready whenever the process answers.
  std::optional<app::MetricsEndpoint> metrics;
  if (metrics_at) {
    metrics.emplace(executor, *metrics_at, nullptr);
    if (!metrics->listen()) return 1;
    net::co_spawn(io, metrics->run(), net::detached);
  }
  support::log::info("trakt-mcp", "listening on " + http.url());

  // SIGINT or SIGTERM: stop accepting and end every session; run() then returns.
  net::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code ec, int) {
    if (ec) return;
    support::log::info("trakt-mcp", "stopping");
    http.stop();
    if (metrics) metrics->stop();
  });
  auto failure = cli::run_to_completion(io, serve_then_settle(http.run(), &local));
  if (failure) support::log::error("trakt-mcp", "HTTP transport failed: " + *failure);
  return failure ? 1 : 0;
}

// --arg k=v: v as JSON when it parses (days=3, flag=true), else as a string.
json::value argument_value(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  return ec ? json::value(text) : v;
}

int call(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << "trakt-mcp call: name a tool, e.g. `trakt-mcp call get_upcoming --arg days=3`\n";
    return 2;
  }
  json::object arguments;
  for (std::size_t i = 1; i < args.size(); ++i) {
    std::string kv;
    if (args[i] == "--arg" && i + 1 < args.size())
      kv = args[++i];
    else if (args[i].rfind("--arg=", 0) == 0)
      kv = args[i].substr(6);
    else {
      std::cerr << "trakt-mcp call: unexpected `" << args[i] << "`; arguments are given as --arg key=value\n";
      return 2;
    }
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "trakt-mcp call: `" << kv << "` is not key=value\n";
      return 2;
    }
    arguments[kv.substr(0, eq)] = argument_value(kv.substr(eq + 1));
  }

  net::io_context io(1);
  app::SingleUser local(io.get_executor(), settings());
  const mcp::Tool* tool = local.tools().find(args[0]);
  if (const std::string* why = tool ? nullptr : local.tools().disabled(args[0])) {
    std::cerr << args[0] << " is disabled: " << *why << '\n';
    return 1;
  }
  if (!tool) {
    std::cerr << "trakt-mcp call: unknown tool `" << args[0] << "`. Tools:";
    for (const auto& t : local.tools().all()) std::cerr << ' ' << t.name;
    std::cerr << '\n';
    return 2;
  }
  // The same checks and handler as tools/call over MCP.
  mcp::CallContext ctx;
  ctx.scope = trakt::ApiProvider([&local] { return local.api(); });
  auto done = cli::run_to_completion(io, mcp::call_tool(*tool, std::move(arguments), std::move(ctx)));
  auto result = done.value ? std::move(*done.value) : mcp::ToolResult::error("Internal error: " + *done.failure);
  if (result.is_error) {
    std::cerr << result.text << '\n';
    return 1;
  }
  std::cout << result.text << '\n';
  return 0;
}

// Runs one login command on its own io_context. Ctrl-C stops it cleanly:
// files are only ever replaced atomically, so nothing is left half-written.
template <class Command>
int run_login_command(Command command) {
  net::io_context io(1);
  app::SingleUser local(io.get_executor(), settings());
  int status = 1;
  net::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code ec, int) {
    if (ec) return;
    std::cerr << "\nStopped; nothing was changed.\n";
    status = 130;
    io.stop();
  });
  auto done = cli::run_to_completion(io, command(local));
  if (done.value) return *done.value;
  if (status == 130) return status;  // Ctrl-C, already explained
  std::cerr << "trakt-mcp: " << *done.failure << "\n";
  return 1;
}

// A closed stdin, stdout or stderr would be reused by the next open() (a
// socket, the token file) and then read or written as if it were the client.
void occupy_closed_standard_fds() {
  for (int fd = 0; fd <= 2; ++fd)
    if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      int n = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
      if (n >= 0 && n != fd) {
        ::dup2(n, fd);
        ::close(n);
      }
    }
}

}  // namespace

int main(int argc, char** argv) {
  occupy_closed_standard_fds();
  // A client that closes our stdout must not kill us with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  tzset();
  if (const char* level = std::getenv("TRAKT_MCP_LOG_LEVEL"))
    if (auto parsed = support::parse_log_level(level)) support::log::set_stderr_level(*parsed);
  if (const char* format = std::getenv("TRAKT_MCP_LOG_FORMAT"); format && *format) {
    auto parsed = support::parse_log_format(format);
    if (!parsed) {
      std::cerr << "trakt-mcp: TRAKT_MCP_LOG_FORMAT is `" << format << "`; use text or json\n";
      return 2;
    }
    support::log::set_format(*parsed);
  }
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    // Anywhere on the line, as clients' configs append it.
    if (std::string_view(argv[i]) == "--read-only")
      read_only_flag = true;
    else
      args.emplace_back(argv[i]);
  }
  const std::string command = args.empty() ? "serve" : args[0];
  try {
    if (command == "--version" || command == "-V" || command == "version") {
      std::cout << "trakt-mcp " << trakt::version() << "\n";
      return 0;
    }
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << usage();
      return 0;
    }
    if (command == "serve") {
      std::optional<std::string> http, public_url, metrics_flag;
      if (const char* p = std::getenv("TRAKT_MCP_PUBLIC_URL"); p && *p) public_url = p;
      for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--http" && i + 1 < args.size())
          http = args[++i];
        else if (a.rfind("--http=", 0) == 0)
          http = a.substr(7);
        else if (a == "--public-url" && i + 1 < args.size())
          public_url = args[++i];
        else if (a.rfind("--public-url=", 0) == 0)
          public_url = a.substr(13);
        else if (a == "--metrics" && i + 1 < args.size())
          metrics_flag = args[++i];
        else if (a.rfind("--metrics=", 0) == 0)
          metrics_flag = a.substr(10);
        else if (a == "--http" || a == "--public-url" || a == "--metrics") {
          const char* needs = a == "--public-url" ? "a URL (e.g. https://trakt.example.com)"
                              : a == "--http"     ? "[HOST:]PORT (e.g. 8080 or 127.0.0.1:8080)"
                                                  : "[HOST:]PORT (e.g. 9464 or 127.0.0.1:9464)";
          std::cerr << "trakt-mcp serve: " << a << " needs " << needs << "\n";
          return 2;
        } else {
          std::cerr << "trakt-mcp serve: unexpected `" << a
                    << "`; use `trakt-mcp serve` (stdio) or `trakt-mcp serve --http [HOST:]PORT [--public-url URL]`\n";
          return 2;
        }
      }
      if (public_url && !http) {
        std::cerr << "trakt-mcp serve: --public-url serves many people over HTTP; add --http [HOST:]PORT\n";
        return 2;
      }
      // TRAKT_MCP_METRICS alone does not stop stdio: an environment is shared by many commands.
      if (metrics_flag && !http) {
        std::cerr << "trakt-mcp serve: --metrics is for serve --http; add --http [HOST:]PORT\n";
        return 2;
      }
      const auto metrics_at = app::metrics_address(metrics_flag);
      if (http) return serve_http(*http, public_url, metrics_at);
      return serve();
    }
    if (command == "call") return call({args.begin() + 1, args.end()});
    if (command == "login")
      return run_login_command([](app::SingleUser& local) { return app::login(&local, &std::cout, &std::cerr); });
    if (command == "logout")
      return run_login_command([](app::SingleUser& local) { return app::logout(&local, &std::cout, &std::cerr); });
    if (command == "status")
      return run_login_command([](app::SingleUser& local) { return app::status(&local, &std::cout); });
    std::cerr << "trakt-mcp: unknown command `" << command << "`\n\n" << usage();
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "trakt-mcp: " << e.what() << "\n";
    return 1;
  }
}
