#pragma once
// Hands out a valid access token: refreshes before expiry and after a 401,
// one refresh at a time however many calls wait, and saves the rotated pair
// before anyone uses it (Trakt refresh tokens are single use).

#include "trakt/error.hpp"
#include "trakt/token_store.hpp"
#include "trakt/tokens.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace trakt {

class TokenManager {
public:
  using Clock = std::function<std::int64_t()>;  // epoch seconds
  // Exchanges a refresh token for a new pair at Trakt. A dead refresh token
  // must come back as FailureKind::not_logged_in.
  using Refresher = std::function<boost::asio::awaitable<Result<Tokens>>(std::string refresh_token)>;

  static constexpr std::int64_t default_margin_s = 300;

  TokenManager(boost::asio::any_io_executor executor, std::shared_ptr<const TokenStore> store, Refresher refresher,
               Clock clock = system_clock, std::int64_t margin_s = default_margin_s);
  TokenManager(boost::asio::any_io_executor executor, TokenFile file, Refresher refresher, Clock clock = system_clock,
               std::int64_t margin_s = default_margin_s)
      : TokenManager(std::move(executor), std::make_shared<FileTokenStore>(std::move(file)), std::move(refresher),
                     std::move(clock), margin_s) {}
  ~TokenManager();

  // A token to send now.
  boost::asio::awaitable<Result<std::string>> access_token();
  // Trakt answered 401 to `rejected`: refresh, unless another call already did.
  boost::asio::awaitable<Result<std::string>> after_unauthorized(std::string rejected);
  // Completes when no refresh is in flight: one whose caller was cancelled
  // still runs, and its new pair must be saved before the process exits.
  boost::asio::awaitable<void> settle();

  std::size_t refreshes() const;
  const TokenStore& store() const;

  static std::int64_t system_clock();

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace trakt
