// trakt-mcp: the command line. `serve` (default) speaks MCP over stdio;
// `call` runs one tool for shells and scripts; `status` tells where things are.

#include "mcp/log.hpp"
#include "mcp/server.hpp"
#include "trakt/app.hpp"
#include "trakt/model.hpp"
#include "transport/stdio.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

namespace net = boost::asio;
namespace json = boost::json;

namespace {

constexpr const char* usage = R"(trakt-mcp - your Trakt.tv account for AI agents (Model Context Protocol server)

Usage:
  trakt-mcp [serve]                   MCP over stdio (what agents launch)
  trakt-mcp call TOOL [--arg k=v]...  run one tool once and print its text
                                      (v is read as JSON when it parses, else as a string;
                                      exit status 1 on a tool error)
  trakt-mcp status                    who is logged in, token expiry, where files are
  trakt-mcp --version | --help

Tools: get_upcoming {start_date?, days?}, get_watchlist {type?, sort?, limit?},
       get_history {limit?, type?, start_at?, end_at?}

Environment:
  TRAKT_CLIENT_ID, TRAKT_CLIENT_SECRET   your Trakt API app (https://trakt.tv/oauth/applications)
  TRAKT_API_URL                          default https://api.trakt.tv
  TRAKT_MCP_HOME                         folder of tokens.json (default ~/.config/trakt-mcp)
  SSL_CERT_FILE, SSL_CERT_DIR            trust anchors (certificates are always verified)
  TRAKT_MCP_LOG_LEVEL                    debug|info|warning|error (stderr; default info)
)";

mcp::ServerInfo server_info() {
  return {"trakt-mcp", "Trakt.tv", trakt::version(),
          "Answers questions about the user's own Trakt.tv account: get_upcoming for episodes airing soon, "
          "get_watchlist for what they want to watch, get_history for what they watched. Dates are in the "
          "user's local time zone."};
}

int serve() {
  net::io_context io(1);
  trakt::App app(io.get_executor(), trakt::Settings::from_environment());
  transport::StdioTransport stdio(io.get_executor());
  mcp::Server server(io.get_executor(), app.tools(), server_info(),
                     [&stdio](std::string message) { stdio.send(std::move(message)); });
  int status = 0;
  net::co_spawn(io, stdio.run(server), [&](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        mcp::log::error("trakt-mcp", std::string("stdio transport failed: ") + ex.what());
      }
      status = 1;
    }
    io.stop();  // stdin closed and every answer written: nothing left to do
  });
  io.run();
  return status;
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
  trakt::App app(io.get_executor(), trakt::Settings::from_environment());
  const mcp::Tool* tool = app.tools().find(args[0]);
  if (!tool) {
    std::cerr << "trakt-mcp call: unknown tool `" << args[0] << "`. Tools:";
    for (const auto& t : app.tools().all()) std::cerr << ' ' << t.name;
    std::cerr << '\n';
    return 2;
  }
  std::optional<mcp::ToolResult> result;
  net::co_spawn(io, tool->invoke(std::move(arguments), mcp::CallContext{}),
                [&](std::exception_ptr e, mcp::ToolResult r) {
                  if (e) {
                    try {
                      std::rethrow_exception(e);
                    } catch (const std::exception& ex) {
                      r = mcp::ToolResult::error(std::string("Internal error: ") + ex.what());
                    }
                  }
                  result = std::move(r);
                });
  io.run();
  if (!result) return 1;
  if (result->is_error) {
    std::cerr << result->text << '\n';
    return 1;
  }
  std::cout << result->text << '\n';
  return 0;
}

std::string local_time(std::int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M %Z", &tm);
  return buf;
}

std::string relative(std::int64_t seconds) {
  const bool past = seconds < 0;
  std::int64_t s = past ? -seconds : seconds;
  std::string amount = s >= 2 * 86400 ? std::to_string(s / 86400) + " days"
                       : s >= 2 * 3600 ? std::to_string(s / 3600) + " hours"
                                       : std::to_string(s / 60) + " minutes";
  return past ? amount + " ago" : "in " + amount;
}

// Never prints a token or the client secret.
int status() {
  auto settings = trakt::Settings::from_environment();
  auto file = trakt::TokenFile::default_location();
  bool ok = true;
  std::cout << "trakt-mcp " << trakt::version() << "\n";
  std::cout << "API:          " << settings.api_url << "\n";
  std::cout << "Client ID:    " << (settings.client_id.empty() ? "not set (set TRAKT_CLIENT_ID)" : "set") << "\n";
  std::cout << "Client secret:" << (settings.client_secret.empty() ? " not set (set TRAKT_CLIENT_SECRET)" : " set")
            << "\n";
  std::cout << "Token file:   " << file.path().string() << "\n";
  ok = !settings.client_id.empty();
  auto tokens = file.load();
  if (!tokens) {
    std::cout << "Login:        unusable token file: " << tokens.error().message << "\n";
    return 1;
  }
  if (!*tokens) {
    std::cout << "Login:        not logged in (run `trakt-mcp login`)\n";
    return 1;
  }
  const auto expires = (*tokens)->expires_at();
  const auto left = expires - trakt::TokenManager::system_clock();
  std::cout << "Login:        logged in\n";
  std::cout << "Access token: " << (left > 0 ? "expires " : "expired ") << local_time(expires) << " ("
            << relative(left) << (left > 0 ? "" : "; it is refreshed on the next call") << ")\n";
  return ok ? 0 : 1;
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
  std::vector<std::string> args(argv + 1, argv + argc);
  const std::string command = args.empty() ? "serve" : args[0];
  try {
    if (command == "--version" || command == "-V" || command == "version") {
      std::cout << "trakt-mcp " << trakt::version() << "\n";
      return 0;
    }
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << usage;
      return 0;
    }
    if (command == "serve") {
      if (args.size() > 1) {
        std::cerr << "trakt-mcp serve: unexpected `" << args[1] << "` (only stdio is available)\n";
        return 2;
      }
      return serve();
    }
    if (command == "call") return call({args.begin() + 1, args.end()});
    if (command == "status") return status();
    std::cerr << "trakt-mcp: unknown command `" << command << "`\n\n" << usage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "trakt-mcp: " << e.what() << "\n";
    return 1;
  }
}
