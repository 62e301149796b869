#pragma once
// What the Trakt tools share: how a tool file registers itself, the API
// client of the call's account (api_of), output schemas derived from an
// answer's shape, and turning Trakt items into a result.
// A new tool is one file in trakt/tools/ that ends with TRAKT_MCP_TOOL(...);
// nothing else lists the tools.

#include "mcp/tool.hpp"
#include "trakt/api.hpp"
#include "trakt/lines.hpp"
#include "trakt/model/shape.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace trakt {

// Returns the API client, or a failure that explains why there is none
// (e.g. TRAKT_CLIENT_ID unset); the tools then answer with that failure.
// A tool calls it once, when its call starts (a new question for the cache).
using ApiProvider = std::function<Result<TraktApi*>()>;

namespace tools {

// The API client of the account a call acts on: the ApiProvider its Server
// was given as the call scope (mcp::Server::set_call_scope), asked once as
// the call starts (a new question for the read cache), or the failure that
// says why there is none. A tool asks for it after checking its arguments.
Result<TraktApi*> api_of(const mcp::CallContext& ctx);

using Factory = mcp::Tool (*)();

// Adds a tool's factory to the list register_tools() walks. Called from a
// static initializer in each tool's file (TRAKT_MCP_TOOL), which is why
// trakt_core is an object library: every tool file is linked in.
bool add_factory(Factory factory);

// Annotations of a tool that only reads the user's Trakt.
mcp::Annotations read_only();
// Annotations of a tool that changes the user's Trakt.
mcp::Annotations writes(bool destructive, bool idempotent);

// More items than this in one destructive call need the person's consent.
inline constexpr std::size_t bulk_limit = 10;

// The `confirm` argument of the destructive tools.
mcp::Arg confirm_arg();

// Before a destructive call on more than bulk_limit items: asks the person
// through elicitation when the client can (even when the call says confirm:
// the model cannot consent for them), otherwise needs `confirmed`. nullopt:
// go ahead; else the answer that says why nothing was done (the person said
// no, or did not answer in time). `doing` is the change in words: "remove 14
// items from your watchlist".
boost::asio::awaitable<std::optional<mcp::ToolResult>> consent(mcp::CallContext ctx, std::size_t count,
                                                                std::string doing, std::string tool, bool confirmed);
// The same question whatever the count (deleting a whole list): `why` says
// why it is asked, for a client that cannot ask ("deleting a list needs the
// user's confirmation").
boost::asio::awaitable<std::optional<mcp::ToolResult>> ask_first(mcp::CallContext ctx, std::string doing,
                                                                  std::string tool, bool confirmed, std::string why);

// failure_result of a write's failure; when Trakt may or may not have applied
// it, says how to check (`check`: "Check get_history for the play").
mcp::ToolResult write_failure(const Failure& f, std::string_view check);

// A tool's outputSchema, derived from the described shape of its answer
// (model/shape.hpp), built at the first tools/list (mcp::LazySchema).
template <class Answer>
mcp::LazySchema output_schema_of() {
  return mcp::LazySchema([] { return model::schema<Answer>(); });
}

// An answer's structuredContent, written in place in `sp`.
template <class Answer>
boost::json::value structured(const Answer& answer, boost::json::storage_ptr sp) {
  boost::json::value v(std::move(sp));
  model::write(v, answer);
  return v;
}

mcp::ToolResult failure_result(const Failure& f);

// Maps each raw item with try_value_to; the unreadable ones are counted in
// `skipped` and left out.
template <class Item>
std::vector<Item> map_items(const boost::json::array& raw, std::size_t& skipped) {
  std::vector<Item> items;
  items.reserve(raw.size());
  for (const auto& v : raw) {
    auto r = boost::json::try_value_to<Item>(v);
    if (r)
      items.push_back(std::move(*r));
    else
      ++skipped;
  }
  return items;
}

// Progress notifications for a paged fetch.
PageProgress page_progress(mcp::CallContext ctx);

// Where a tool builds its answer: one monotonic resource for the pages it
// parses and the structuredContent it sends, freed in a few blocks when the
// answer has been written instead of node by node.
boost::json::storage_ptr answer_storage();

// A paged list mapped page by page as get_paged hands each page over (its
// PageHandler), while later pages are still on their way, then put back
// together in page order: the lines and structuredContent items of the
// first `raw_count` raw items (those get_paged kept), unreadable ones counted.
template <class Item>
class PagedMapping {
public:
  explicit PagedMapping(boost::json::storage_ptr sp) : sp_(std::move(sp)) {}
  PagedMapping(const PagedMapping&) = delete;
  PagedMapping& operator=(const PagedMapping&) = delete;

  // For get_paged; `this` must outlive the call.
  PageHandler handler() {
    return [this](int page, const boost::json::array& raw) { map_page(page, raw); };
  }

  struct Mapped {
    std::string text;  // one format_line() per item, newline-separated
    boost::json::array items;
    std::size_t skipped = 0;
  };
  Mapped take(std::size_t raw_count) {
    Mapped out{{}, boost::json::array(sp_), 0};
    std::size_t n = 0;
    for (auto& [page, p] : pages_) {
      (void)page;
      std::size_t next_value = 0;
      for (std::size_t i = 0; i < p.lines.size() && n < raw_count; ++i, ++n) {
        if (!p.lines[i]) {
          ++out.skipped;
          continue;
        }
        if (!out.text.empty()) out.text += '\n';
        out.text += *p.lines[i];
        out.items.push_back(std::move(p.values[next_value++]));
      }
    }
    return out;
  }

private:
  struct Page {
    std::vector<std::optional<std::string>> lines;  // per raw item; nullopt: unreadable
    boost::json::array values;                      // the readable ones, in order
  };

  void map_page(int page, const boost::json::array& raw) {
    Page p{{}, boost::json::array(sp_)};
    p.lines.reserve(raw.size());
    p.values.reserve(raw.size());
    for (const auto& v : raw) {
      auto item = boost::json::try_value_to<Item>(v);
      if (!item) {
        p.lines.emplace_back(std::nullopt);
        continue;
      }
      p.lines.emplace_back(format_line(*item));
      boost::json::value_from(*item, p.values.emplace_back(nullptr));
    }
    // Emplaced, not assigned: an assignment into a default-made Page would
    // copy `values` out of sp_.
    pages_.erase(page);
    pages_.emplace(page, std::move(p));
  }

  boost::json::storage_ptr sp_;
  std::map<int, Page> pages_;
};

// Runs the awaitables at once, on the caller's executor; their results in
// the order given. An exception in one is rethrown once all are done.
template <class T>
boost::asio::awaitable<std::vector<T>> concurrently(std::vector<boost::asio::awaitable<T>> work) {
  namespace net = boost::asio;
  auto executor = co_await net::this_coro::executor;
  using Op = decltype(net::co_spawn(executor, std::move(work.front()), net::deferred));
  std::vector<Op> ops;
  ops.reserve(work.size());
  for (auto& w : work) ops.push_back(net::co_spawn(executor, std::move(w), net::deferred));
  auto group = net::experimental::make_parallel_group(std::move(ops));
  auto [order, exceptions, results] =
      co_await group.async_wait(net::experimental::wait_for_all(), net::use_awaitable);
  for (auto& e : exceptions)
    if (e) std::rethrow_exception(e);
  co_return std::move(results);
}

// The items of a list answer, written already (page by page, in the answer's
// storage): an answer struct names them with their shape, for its schema,
// and writing the answer moves them in instead of copying.
template <class Item>
struct Prebuilt {
  mutable boost::json::array values;  // moved out when the answer is written
  static boost::json::object json_schema() { return model::schema<std::vector<Item>>(); }
};
template <class Item>
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Prebuilt<Item>& p) {
  v = std::move(p.values);
}

// A Trakt list fetched as `limit` needs and mapped page by page as it
// arrives (PagedMapping) into `sp`: its lines and items.
template <class Item>
struct Listing {
  std::string text;  // one format_line() per item
  Prebuilt<Item> items;
  std::size_t count = 0;    // items read
  std::size_t skipped = 0;  // items Trakt sent that could not be read
};

// The pages live in this frame only (in `pages`, whose values are freed all
// at once, never node by node); the answer in `sp`.
template <class Item>
boost::asio::awaitable<Result<Listing<Item>>> fetch_listing(TraktApi* api, std::string path, Query query,
                                                            std::size_t want, int per_page, mcp::CallContext ctx,
                                                            boost::json::storage_ptr sp) {
  boost::json::monotonic_resource pages;
  PagedMapping<Item> mapping(sp);
  PageHandler on_page = mapping.handler();
  PageProgress progress = page_progress(ctx);
  boost::json::storage_ptr page_storage(&pages);
  auto raw = co_await api->get_paged(std::move(path), std::move(query), want, per_page, std::move(progress),
                                     std::move(page_storage), std::move(on_page));
  if (!raw) co_return raw.error();
  auto mapped = mapping.take(raw->size());
  const std::size_t count = mapped.items.size();
  // Move-constructed, so the items stay in `sp` (a move-assignment into an
  // array of another storage would copy them).
  co_return Listing<Item>{std::move(mapped.text), Prebuilt<Item>{std::move(mapped.items)}, count, mapped.skipped};
}

// One format_line() per item, newline-separated.
template <class Item>
std::string lines_of(const std::vector<Item>& items) {
  std::string text;
  for (const auto& i : items) {
    if (!text.empty()) text += '\n';
    text += format_line(i);
  }
  return text;
}

// An id argument (Trakt id, slug or IMDb id) trimmed, ready for a path; nullopt
// when it cannot be one: Trakt's ids are ASCII letters, digits, '-', '_' and
// '.', and anything else (a title, a path) must not reach the URL.
std::optional<std::string> path_id(const std::string& given);
// The id quoted back on one line: "heat-1995".
std::string quoted(std::string s);
// The answer to an id argument path_id refuses.
std::string not_an_id(const std::string& given);
// The answer to Trakt's 404 for a path that names a `kind` (movie, show,
// person) by `id`: nothing has that id; what to do.
std::string no_such(std::string_view kind, const std::string& id);

// The Trakt ids of the movies and shows named by a list of the user's own
// (/sync/watched/..., /sync/watchlist/..., ...).
std::unordered_set<std::int64_t> owned_ids(const boost::json::array& items);

// "\n(2 items from Trakt could not be read and were left out.)", or "".
std::string skipped_note(std::size_t skipped);

}  // namespace tools

// Every tool declared in trakt/tools/, in name order. One registry serves
// every account: a call finds its Trakt client in its context (api_of).
void register_tools(mcp::ToolRegistry& registry);

}  // namespace trakt

#define TRAKT_MCP_TOOL_CONCAT2(a, b) a##b
#define TRAKT_MCP_TOOL_CONCAT(a, b) TRAKT_MCP_TOOL_CONCAT2(a, b)
// In a tool's file, at namespace scope: registers the tool's factory.
#define TRAKT_MCP_TOOL(factory)                                                           \
  namespace {                                                                             \
  [[maybe_unused]] const bool TRAKT_MCP_TOOL_CONCAT(registered_, __LINE__) =              \
      ::trakt::tools::add_factory(&factory);                                              \
  }
