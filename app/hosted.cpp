#include "app/hosted.hpp"

#include "app/accounts.hpp"
#include "app/catalog.hpp"
#include "app/metadata_fetcher.hpp"
#include "app/run.hpp"
#include "app/trakt_upstream.hpp"
#include "auth/authorization_server.hpp"
#include "store/store.hpp"
#include "support/blocking_pool.hpp"
#include "support/crypto.hpp"
#include "support/event.hpp"
#include "support/log.hpp"
#include "trakt/posters.hpp"
#include "trakt/server_info.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/parse.hpp>

#include <cstdlib>
#include <iostream>

namespace hosted {

namespace net = boost::asio;

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// The public URL people and clients reach us at: http(s)://host[:port], no
// path. Plain http only on loopback (tests, a proxy on the same machine
// terminating TLS is still reached by clients over https).
struct PublicUrl {
  std::string url;   // without a trailing slash
  std::string host;  // the Host header a client sends: host[:port]
};
std::optional<PublicUrl> parse_public_url(const std::string& text, std::string& why) {
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) {
    why = "is not an absolute URL";
    return std::nullopt;
  }
  const auto& u = *parsed;
  const std::string scheme(u.scheme());
  if (scheme != "https" && scheme != "http") {
    why = "must start with https://";
    return std::nullopt;
  }
  const std::string host(u.encoded_host_and_port());
  const std::string name(u.encoded_host());
  if (name.empty() || u.has_query() || u.has_fragment() || (u.path() != "" && u.path() != "/") || u.has_userinfo()) {
    why = "must be only scheme, host and port (e.g. https://trakt.example.com)";
    return std::nullopt;
  }
  const bool loopback = name == "127.0.0.1" || name == "localhost" || name == "[::1]";
  if (scheme == "http" && !loopback) {
    why = "must use https (OAuth sends tokens through it); put a TLS proxy in front and give its https URL";
    return std::nullopt;
  }
  return PublicUrl{scheme + "://" + host, host};
}

// Rows past their time go every ten minutes, on every instance (cheap).
net::awaitable<void> clean_store(store::Database* db, support::BlockingPool* pool, const bool* stopping) {
  net::steady_timer timer(co_await net::this_coro::executor);
  while (!*stopping) {
    try {
      auto clean = [db] {
        return db->delete_expired(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
      };
      const std::size_t gone = co_await pool->run(clean);
      if (gone) support::log::debug("hosted", "removed " + std::to_string(gone) + " expired sign-in rows");
    } catch (const std::exception& e) {
      support::log::warning("hosted", std::string("store cleanup failed: ") + e.what());
    }
    timer.expires_after(std::chrono::minutes(10));
    co_await timer.async_wait(net::as_tuple(net::use_awaitable));
  }
}

// What hosted mode needs from the command line and the environment before
// anything starts.
struct Checked {
  PublicUrl public_url;
  support::SecretKey key;
  std::string store_url;
};

// The settings hosted mode needs, or nullopt (exit status 2) after saying on
// stderr what is wrong.
std::optional<Checked> check_settings(const app::Settings& settings, const std::string& public_url_text) {
  std::string why;
  auto public_url = parse_public_url(public_url_text, why);
  if (!public_url) {
    std::cerr << "trakt-mcp serve: --public-url " << public_url_text << " " << why << "\n";
    return std::nullopt;
  }
  if (settings.client_id.empty() || settings.client_secret.empty()) {
    std::cerr << "trakt-mcp serve: hosted mode needs TRAKT_CLIENT_ID and TRAKT_CLIENT_SECRET of a Trakt API app "
                 "whose redirect URI is "
              << public_url->url << "/callback (https://trakt.tv/oauth/applications)\n";
    return std::nullopt;
  }
  std::optional<support::SecretKey> key;
  try {
    key = support::SecretKey::parse(env("TRAKT_MCP_SECRET_KEY"), "TRAKT_MCP_SECRET_KEY");
  } catch (const support::SecretKeyError& e) {
    std::cerr << "trakt-mcp serve: " << e.what() << "\n";
    return std::nullopt;
  }
  std::string store_url = env("TRAKT_MCP_STORE");
  if (store_url.empty()) store_url = "sqlite:" + (trakt::config_dir() / "hosted.db").string();
  return Checked{std::move(*public_url), std::move(*key), std::move(store_url)};
}

// The store (TRAKT_MCP_STORE), or null (exit status 1) after saying why not.
std::unique_ptr<store::Database> open_store(const std::string& store_url) {
  try {
    if (store_url.rfind("sqlite:", 0) == 0) std::filesystem::create_directories(trakt::config_dir());
    return store::Database::open(store_url);
  } catch (const std::exception& e) {
    std::cerr << "trakt-mcp serve: TRAKT_MCP_STORE (" << store::Database::redact(store_url) << "): " << e.what()
              << "\n";
    return nullptr;
  }
}

// Where Trakt is: its API, and where people sign in.
struct TraktUrls {
  trakt::Endpoint api;
  std::string web;
  trakt::Endpoint media;  // posters
};

// Trakt's URLs, or nullopt (exit status 2) after saying what is wrong.
std::optional<TraktUrls> check_trakt_urls(const app::Settings& settings) {
  auto endpoint = trakt::parse_endpoint(settings.api_url);
  if (!endpoint) {
    std::cerr << "trakt-mcp serve: " << endpoint.error().message << "\n";
    return std::nullopt;
  }
  std::string web_url = env("TRAKT_WEB_URL");
  if (web_url.empty()) web_url = "https://trakt.tv";
  if (auto parsed = boost::urls::parse_absolute_uri(web_url); !parsed || parsed->scheme() != "https") {
    std::cerr << "trakt-mcp serve: TRAKT_WEB_URL (" << web_url
              << ") must be an https URL, where people sign in to Trakt (default https://trakt.tv)\n";
    return std::nullopt;
  }
  auto media = trakt::parse_endpoint(settings.media_url);
  if (!media) {
    std::cerr << "trakt-mcp serve: TRAKT_MEDIA_URL: " << media.error().message << "\n";
    return std::nullopt;
  }
  return TraktUrls{std::move(*endpoint), std::move(web_url), std::move(*media)};
}

// The authorization server's settings; client ID metadata documents on private
// hosts only for tests and development.
auth::Settings authorization_settings(const PublicUrl& public_url) {
  auth::Settings settings = auth::Settings::for_public_url(public_url.url);
  settings.allow_private_metadata_hosts = env("TRAKT_MCP_METADATA_PRIVATE_HOSTS") == "1";
  return settings;
}

trakt::HttpsOptions https_options(const app::Settings& settings) {
  trakt::HttpsOptions options;
  if (settings.timeout) options.response_timeout = *settings.timeout;
  return options;
}

// Everything hosted mode runs, wired together: threads for the store, one
// connection pool to Trakt, sign-in through Trakt, the authorization server
// and the people who signed in.
struct Wiring {
  Wiring(net::any_io_executor executor, const app::Settings& settings, const Checked& checked,
         const TraktUrls& trakt_urls, store::Database& database)
      : db(database),
        http(executor, trakt_urls.api, https_options(settings)),
        media_http(executor, trakt_urls.media, trakt::image_host_options(https_options(settings))),
        callback(checked.public_url.url + "/callback"),
        signin_api(http, trakt::ApiConfig{settings.client_id, settings.client_secret, trakt::user_agent(), callback}),
        upstream(trakt_urls.web, signin_api),
        authz_settings(authorization_settings(checked.public_url)),
        metadata_fetcher(executor, authz_settings.allow_private_metadata_hosts),
        authz(authz_settings, db, checked.key, upstream, pool, &metadata_fetcher),
        accounts(executor, settings, callback, http, db, checked.key, Accounts::Pools{pool, lock_waits, lock_holders}) {
    accounts.use_media(media_http);
  }

  store::Database& db;
  // Store calls block (locks held across a Trakt refresh): never on the I/O thread.
  support::BlockingPool pool{4};
  support::BlockingPool lock_waits{4};    // a refresh waiting for a person's row lock
  support::BlockingPool lock_holders{2};  // its holder saving and letting go
  trakt::HttpsClient http;
  trakt::HttpsClient media_http;  // Trakt's image host: posters, public
  const std::string callback;  // our /callback, the Trakt app's redirect URI
  trakt::TraktApi signin_api;
  TraktUpstream upstream;
  const auth::Settings authz_settings;
  HttpsMetadataFetcher metadata_fetcher;
  auth::AuthorizationServer authz;
  Accounts accounts;
};

// Many people: only the public host, more sessions in all, and a share for each.
void admit_people(transport::HttpOptions& options, const PublicUrl& public_url) {
  options.allowed_hosts = {public_url.host};
  options.max_sessions = 4096;
  options.max_sessions_per_principal = 16;
  // "127.0.0.1,10.0.0.5": the balancer's addresses, whose X-Forwarded-For is believed.
  for (std::string rest = env("TRAKT_MCP_TRUSTED_PROXIES"); !rest.empty();) {
    const auto comma = rest.find(',');
    std::string item = rest.substr(0, comma);
    rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
    std::erase(item, ' ');
    if (!item.empty()) options.trusted_proxies.push_back(item);
  }
  options.token.clear();
}

// The person a /mcp request's bearer token stands for, their account made
// ready, or the answer that refuses it.
net::awaitable<transport::Caller> authenticate(Wiring* wiring, support::WebRequest request) {
  auth::Access access = co_await wiring->authz.authenticate(std::move(request));
  if (access.refusal) co_return transport::Caller{{}, std::move(access.refusal)};
  const std::int64_t id = *access.user_id;
  store::Database& database = wiring->db;
  std::optional<store::User> user;
  try {
    auto read_user = [&database, id] { return database.user(id); };
    user = co_await wiring->pool.run(read_user);
  } catch (const std::exception& e) {
    support::log::error("hosted", std::string("store: ") + e.what());
    co_return transport::Caller{
        {}, support::WebResponse{503, {{"Content-Type", "application/json"}, {"Retry-After", "5"}},
                                 R"({"error":"temporarily_unavailable","error_description":"the sign-in store is unavailable; try again shortly"})"}};
  }
  if (!user) co_return transport::Caller{{}, auth::unauthorized(wiring->authz.settings(), "the sign-in ended")};
  if (!wiring->accounts.get(*user)) {
    // Sealed under another TRAKT_MCP_SECRET_KEY: forgotten, so that the
    // client's next sign-in goes to Trakt again instead of reusing them.
    try {
      auto forget = [&database, id] { database.forget_user(id); };
      co_await wiring->pool.run(forget);
    } catch (const std::exception& e) {
      support::log::error("hosted", std::string("store: ") + e.what());
    }
    co_return transport::Caller{
        {}, auth::unauthorized(wiring->authz.settings(), "the Trakt sign-in can no longer be used; sign in again")};
  }
  co_return transport::Caller{std::to_string(id), std::nullopt};
}

// "" when the store answered, else what went wrong.
net::awaitable<std::string> store_answers(support::BlockingPool* pool, store::Database* db) {
  try {
    auto ask = [db] { return db->schema_version(); };
    co_await pool->run(ask);
    co_return std::string();
  } catch (const std::exception& e) {
    // The details for the operator's log; /readyz is open to anyone who can reach it.
    support::log::warning("hosted", std::string("readiness: the store fails: ") + e.what());
    co_return std::string("the store does not answer");
  }
}

// One readiness check of the store, answered or not.
struct StoreCheck {
  explicit StoreCheck(net::any_io_executor executor) : done(std::move(executor)) {}
  std::optional<std::string> problem;  // set when the store answered (or failed): "" is fine
  support::Event done;
};

net::awaitable<void> run_store_check(std::shared_ptr<StoreCheck> check, support::BlockingPool* pool,
                                     store::Database* db) {
  check->problem = co_await store_answers(pool, db);
  check->done.notify();
}

// Ready while the store answers within 5 s ("" then), for /readyz. A store call
// cannot be cancelled, so it runs on its own: one that hangs (a database that
// stopped answering) finishes later on its thread, unheard, and the probe is
// answered now.
net::awaitable<std::string> store_problem(Wiring* wiring) {
  const auto executor = co_await net::this_coro::executor;
  auto check = std::make_shared<StoreCheck>(executor);
  net::co_spawn(executor, run_store_check(check, &wiring->pool, &wiring->db), net::detached);
  if (!check->problem) co_await check->done.wait_for(std::chrono::seconds(5));
  if (!check->problem) co_return "the store did not answer within 5 seconds";
  co_return *check->problem;
}

// The transport's hooks: every path but /mcp to the authorization server, and
// each /mcp request to its person; /readyz asks the store.
void attach(transport::HttpOptions& options, Wiring& wiring) {
  options.web = [&wiring](support::WebRequest request) { return wiring.authz.handle(std::move(request)); };
  options.authenticate = [&wiring](support::WebRequest request) { return authenticate(&wiring, std::move(request)); };
  options.readiness = [&wiring] { return store_problem(&wiring); };
}

// The instructions name the tools: every account declares the same ones.
mcp::ServerInfo declared_info(const app::Settings& settings) {
  const auto& declared = app::TraktCatalog::shared(settings.read_only ? app::ReadOnly::hosted : app::ReadOnly::off);
  return trakt::server_info(declared.view());
}

// A Server for one session of a person, over their own account.
transport::HttpTransport::ServerFactory people_servers(net::any_io_executor executor, Accounts& accounts,
                                                       const mcp::ServerInfo& info) {
  return [&accounts, &info, executor](mcp::Server::RoutedSender send, const std::string& principal) {
    auto account = accounts.find(std::stoll(principal));
    // No process log to clients: it speaks of every person served here.
    mcp::Limits limits;
    limits.forward_process_log = false;
    limits.person = principal;
    auto server = std::make_unique<mcp::Server>(executor, account->catalog(), info, std::move(send), limits);
    app::TraktCatalog::bind(*server, account->api_provider());
    server->keep_alive(account);
    return server;
  };
}

// Serves until SIGINT or SIGTERM, cleaning the store meanwhile; the exit status.
int run_until_stopped(net::io_context& io, transport::HttpTransport& transport, Wiring& wiring,
                      app::MetricsEndpoint* metrics) {
  bool stopping = false;
  net::co_spawn(io, clean_store(&wiring.db, &wiring.pool, &stopping), net::detached);
  if (metrics) net::co_spawn(io, metrics->run(), net::detached);
  net::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code ec, int) {
    if (ec) return;
    support::log::info("trakt-mcp", "stopping");
    stopping = true;
    transport.stop();
    if (metrics) metrics->stop();
  });
  auto run = [&]() -> net::awaitable<void> {
    std::exception_ptr failed;
    try {
      co_await transport.run();
    } catch (...) {
      failed = std::current_exception();
    }
    // A refresh Trakt answered must reach the store before we go.
    co_await wiring.accounts.settle();
    if (failed) std::rethrow_exception(failed);
  };
  auto failure = cli::run_to_completion(io, run());
  if (failure) support::log::error("trakt-mcp", "HTTP transport failed: " + *failure);
  return failure ? 1 : 0;
}

}  // namespace

int serve(transport::HttpOptions options, app::Settings settings, const std::string& public_url_text,
          const std::optional<app::ListenAddress>& metrics_at) {
  const auto checked = check_settings(settings, public_url_text);
  if (!checked) return 2;
  const std::unique_ptr<store::Database> db = open_store(checked->store_url);
  if (!db) return 1;
  const auto trakt_urls = check_trakt_urls(settings);
  if (!trakt_urls) return 2;

  net::io_context io(1);
  Wiring wiring(io.get_executor(), settings, *checked, *trakt_urls, *db);
  admit_people(options, checked->public_url);
  attach(options, wiring);
  const mcp::ServerInfo info = declared_info(settings);
  transport::HttpTransport transport(io.get_executor(), options, people_servers(io.get_executor(), wiring.accounts, info));
  if (auto ec = transport.listen()) {
    std::cerr << "trakt-mcp serve --http: cannot listen on " << options.host << ":" << options.port << ": "
              << ec.message() << "\n";
    return 1;
  }
  std::optional<app::MetricsEndpoint> metrics;
  if (metrics_at) {
    metrics.emplace(io.get_executor(), *metrics_at, options.readiness);
    if (!metrics->listen()) return 1;
  }
  // Through the log, so that TRAKT_MCP_LOG_FORMAT=json keeps every stderr line JSON.
  support::log::info("trakt-mcp", "serving many people at " + checked->public_url.url + "/mcp (listening on " +
                                      transport.url() + ", store " + store::Database::redact(checked->store_url) + ")");
  return run_until_stopped(io, transport, wiring, metrics ? &*metrics : nullptr);
}

}  // namespace hosted
