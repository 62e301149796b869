// get_year_in_review: a calendar year of the user's history summed up
// (trakt/year.*), from /sync/history over the local year with extended=full
// (runtimes, genres). Page 1 says how many pages there are; the rest are read
// four at a time, each batch counted as it arrives and then freed, so a heavy
// year is never held whole. The answer is remembered beside the pages' cache
// entries (TraktApi::remember), under the same rule: a heavy year's pages are
// too big to keep (2-3 KB a play on Trakt), its answer is not, so asking again
// while nothing was watched costs one /sync/last_activities request.

#include "trakt/tools/tool_support.hpp"
#include "trakt/year.hpp"

#include <algorithm>

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

constexpr int per_page = 250;       // Trakt's largest page
constexpr int parallel_pages = 4;   // as TraktApi::get_paged: gentle on Trakt's per-user rate limit

Query page_query(Query window, int page) {
  window.emplace_back("page", std::to_string(page));
  window.emplace_back("limit", std::to_string(per_page));
  return window;
}

// The answer as remember() kept it: {"text", "structured"}.
mcp::ToolResult answer_of(const json::value& kept) {
  const json::object& o = kept.as_object();
  return mcp::ToolResult{std::string(o.at("text").as_string()), json::value(o.at("structured"), answer_storage())};
}

// Pages `from` to `to` at once, parsed into one storage that is freed as soon
// as they are counted; the page count Trakt gives.
net::awaitable<Result<int>> count_pages(TraktApi* api, Query window, int from, int to, YearTally* tally) {
  json::monotonic_resource storage;
  std::vector<net::awaitable<Result<Page>>> asks;
  for (int page = from; page <= to; ++page) {
    std::string path = "/sync/history";
    json::storage_ptr sp(&storage);
    asks.push_back(api->get(std::move(path), page_query(window, page), std::move(sp)));
  }
  auto pages = co_await concurrently(std::move(asks));
  for (auto& page : pages) {
    if (!page) co_return page.error();
    tally->add(page->items);
  }
  co_return std::max(1, pages.front()->page_count);
}

net::awaitable<mcp::ToolResult> year_in_review(mcp::Arguments args, mcp::CallContext ctx) {
  const auto asked = args.integer("year");
  const int year = asked ? int(*asked) : local_year();
  auto client = api_of(ctx);
  if (!client) co_return failure_result(client.error());
  const auto bounds = local_year_window(year);
  const Query window{{"start_at", bounds.first}, {"end_at", bounds.second}, {"extended", "full"}};
  std::string history = "/sync/history";  // named: no temporaries inside co_await (GCC 12)
  std::string what = "year_in_review";
  auto recall = co_await (*client)->remembered(std::move(history), window, std::move(what));
  if (recall.value) co_return answer_of(*recall.value);
  YearTally tally(year);
  auto first = co_await count_pages(*client, window, 1, 1, &tally);  // how many pages there are
  if (!first) co_return failure_result(first.error());
  const int pages = *first;
  for (int done = 1; done < pages;) {
    ctx.progress(double(done), double(pages), "Read " + std::to_string(done) + " of " + std::to_string(pages) + " pages");
    const int to = std::min(pages, done + parallel_pages);
    auto counted = co_await count_pages(*client, window, done + 1, to, &tally);
    if (!counted) co_return failure_result(counted.error());
    done = to;
  }
  if (pages > 1) ctx.progress(double(pages), double(pages), "Read all " + std::to_string(pages) + " pages");
  const YearInReview review = tally.finish();
  mcp::ToolResult result{format_year(review) + skipped_note(tally.skipped()), structured(review, answer_storage())};
  (*client)->remember(recall, json::value{{"text", result.text}, {"structured", result.structured}});
  co_return result;
}

mcp::Tool year_in_review_tool() {
  return mcp::Tool{
      .name = "get_year_in_review",
      .title = "Year in review",
      .description = "A year of the user's history: plays, hours, movies and episodes, top shows and genres, busiest "
                     "month, first and last play. Use it for \"how much did I watch this year?\", \"my 2025 in "
                     "review\".",
      .summary = "their year in review",
      .args = {{.name = "year", .type = mcp::Arg::Type::integer, .description = "Default: this year.",
                .minimum = 1900, .maximum = 2100}},
      .output_schema = output_schema_of<YearInReview>(),
      .annotations = read_only(),
      .invoke = year_in_review};
}

}  // namespace

TRAKT_MCP_TOOL(year_in_review_tool)

}  // namespace trakt::tools
