// See personal_lists.hpp.

#include "trakt/tools/personal_lists.hpp"

#include "trakt/text.hpp"

#include <cctype>

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;

mcp::Arg list_arg() {
  return {.name = "list", .type = mcp::Arg::Type::identifier, .description = "Its Trakt id or slug (get_lists).",
          .required = true};
}

std::optional<std::string> list_path(const mcp::Arguments& args, std::string& error, std::string_view rest) {
  const std::string list = args.string("list").value_or("");
  // Trakt's ids are numbers and its slugs ASCII words joined by '-': nothing
  // else may reach the path.
  bool ok = !list.empty() && list.size() <= 200;
  for (const unsigned char c : list) ok = ok && (std::isalnum(c) || c == '-' || c == '_');
  if (!ok) {
    error = "list must be a list's Trakt id or slug, as get_lists shows them (e.g. halloween), not \"" +
            text::one_line(list) + "\".";
    return std::nullopt;
  }
  std::string path = "/users/me/lists/";
  path += list;
  path += rest;
  return path;
}

mcp::ToolResult list_failure(const Failure& f, const mcp::Arguments& args) {
  if (f.kind != FailureKind::not_found) return failure_result(f);
  std::string text = "You have no list '";
  text += text::one_line(args.string("list").value_or(""));
  text += "' on Trakt; get_lists shows yours.";
  return mcp::ToolResult::error(std::move(text));
}

net::awaitable<mcp::ToolResult> limit_reached(mcp::CallContext ctx, Failure failure, std::string limit,
                                              std::string nothing) {
  if (failure.kind != FailureKind::account_limit) co_return failure_result(failure);
  auto client = api_of(ctx);
  if (!client) co_return failure_result(failure);
  std::string path = "/users/settings";  // named first: no temporaries inside co_await (GCC 12)
  Query no_query;
  auto settings = co_await (*client)->get_value(std::move(path), std::move(no_query));
  boost::system::error_code ec;
  const json::value* n = settings ? settings->find_pointer("/limits/list/" + limit, ec) : nullptr;
  // Without the settings, Trakt's own words (they carry X-Account-Limit).
  if (!n || !n->is_int64()) co_return failure_result(failure);
  const json::value* vip = settings->find_pointer("/user/vip", ec);
  const bool is_vip = vip && vip->is_bool() && vip->get_bool();
  const std::int64_t most = n->get_int64();
  std::string text = std::move(nothing);
  if (limit == "count") {
    text += ": your Trakt account may have at most " + text::plural(most, "list") +
            " (limits.list.count), and it has that many (HTTP 420). Delete one you no longer need (delete_list)";
  } else {
    text += ": a list on your Trakt account may hold at most " + text::plural(most, "item") +
            " (limits.list.item_count), and this would go past it (HTTP 420). Remove some (remove_from_list)";
  }
  text += is_vip ? ": you are already VIP." : ", or raise the limit with Trakt VIP: https://trakt.tv/vip.";
  co_return mcp::ToolResult::error(std::move(text));
}

}  // namespace trakt::tools
