#include "trakt/tools.hpp"

#include "trakt/model.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_to.hpp>

#include <chrono>
#include <limits>

namespace trakt {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

// --- arguments ---------------------------------------------------------------

std::string arg_error_text(std::string_view name, std::string_view what) {
  return "Invalid argument \"" + std::string(name) + "\": " + std::string(what);
}

// Reads arguments against a fixed list of names; anything else is an error,
// so an agent learns of a typo instead of getting silently ignored input.
class Args {
public:
  Args(const json::object& o, std::initializer_list<std::string_view> known) : o_(o) {
    for (const auto& [k, v] : o) {
      bool found = false;
      for (auto n : known) found |= (k == n);
      if (!found && !error) {
        std::string list;
        for (auto n : known) list += (list.empty() ? "" : ", ") + std::string(n);
        error = "Unknown argument \"" + std::string(k) + "\". This tool takes: " + list + ".";
      }
    }
  }

  std::optional<std::string> error;

  std::optional<std::int64_t> integer(std::string_view name, std::int64_t lo, std::int64_t hi) {
    const auto* v = o_.if_contains(name);
    if (!v || v->is_null() || error) return std::nullopt;
    boost::system::error_code ec;
    std::int64_t n = v->is_number() ? v->to_number<std::int64_t>(ec) : 0;
    if (!v->is_number() || ec || n < lo || n > hi) {
      error = arg_error_text(name, "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                                       " (got " + json::serialize(*v) + ").");
      return std::nullopt;
    }
    return n;
  }

  std::optional<std::string> choice(std::string_view name, std::initializer_list<std::string_view> allowed) {
    const auto* v = o_.if_contains(name);
    if (!v || v->is_null() || error) return std::nullopt;
    if (v->is_string())
      for (auto a : allowed)
        if (v->get_string() == a) return std::string(a);
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    error = arg_error_text(name, "must be one of " + list + " (got " + json::serialize(*v) + ").");
    return std::nullopt;
  }

  // YYYY-MM-DD, a real calendar date.
  std::optional<std::string> date(std::string_view name) {
    const auto* v = o_.if_contains(name);
    if (!v || v->is_null() || error) return std::nullopt;
    if (v->is_string() && v->get_string().size() == 10 && parse_utc_timestamp(v->get_string()))
      return std::string(v->get_string());
    error = arg_error_text(name, "must be a date written YYYY-MM-DD, e.g. \"2026-11-24\" (got " +
                                     json::serialize(*v) + ").");
    return std::nullopt;
  }

  // A date (YYYY-MM-DD) or a UTC timestamp (YYYY-MM-DDTHH:MM:SSZ), returned
  // as the timestamp Trakt expects; a bare date means its start or its end.
  std::optional<std::string> instant(std::string_view name, bool end_of_day) {
    const auto* v = o_.if_contains(name);
    if (!v || v->is_null() || error) return std::nullopt;
    if (v->is_string() && parse_utc_timestamp(v->get_string())) {
      std::string s(v->get_string());
      if (s.size() == 10) return s + (end_of_day ? "T23:59:59.999Z" : "T00:00:00.000Z");
      if (s.size() >= 19 && s[10] == 'T') return s;
    }
    error = arg_error_text(name, "must be a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ) (got " +
                                     json::serialize(*v) + ").");
    return std::nullopt;
  }

private:
  const json::object& o_;
};

// --- schemas -----------------------------------------------------------------

json::object parse_schema(std::string_view text) { return json::parse(text).as_object(); }

json::object read_only_annotations(std::string_view title) {
  return json::object{{"title", title},
                      {"readOnlyHint", true},
                      {"destructiveHint", false},
                      {"idempotentHint", true},
                      {"openWorldHint", true}};
}

constexpr std::string_view ids_schema =
    R"({"type":"object","properties":{"trakt":{"type":"integer"},"slug":{"type":"string"},"imdb":{"type":"string"},"tmdb":{"type":"integer"},"tvdb":{"type":"integer"}}})";

std::string titled_schema() {
  return R"({"type":"object","required":["title","ids"],"properties":{"title":{"type":"string"},"year":{"type":"integer"},"ids":)" +
         std::string(ids_schema) + "}}";
}

std::string episode_schema() {
  return R"({"type":"object","required":["season","number","ids"],"properties":{"season":{"type":"integer"},"number":{"type":"integer"},"title":{"type":"string"},"ids":)" +
         std::string(ids_schema) + "}}";
}

std::string season_schema() {
  return R"({"type":"object","required":["number","ids"],"properties":{"number":{"type":"integer"},"ids":)" +
         std::string(ids_schema) + "}}";
}

// --- results -----------------------------------------------------------------

mcp::ToolResult failure_result(const Failure& f) { return mcp::ToolResult::error(f.message); }

template <class Item>
std::vector<Item> map_items(const json::array& raw, std::size_t& skipped) {
  std::vector<Item> items;
  items.reserve(raw.size());
  for (const auto& v : raw) {
    auto r = json::try_value_to<Item>(v);
    if (r)
      items.push_back(std::move(*r));
    else
      ++skipped;
  }
  return items;
}

template <class Item>
std::string lines_of(const std::vector<Item>& items) {
  std::string text;
  for (const auto& i : items) {
    if (!text.empty()) text += '\n';
    text += format_line(i);
  }
  return text;
}

std::string skipped_note(std::size_t skipped) {
  return skipped ? "\n(" + std::to_string(skipped) + " item" + (skipped == 1 ? "" : "s") +
                       " from Trakt could not be read and " + (skipped == 1 ? "was" : "were") + " left out.)"
                 : "";
}

PageProgress page_progress(mcp::CallContext ctx) {
  return [ctx](int done, int total) {
    ctx.progress(done, total, "Fetched page " + std::to_string(done) + " of " + std::to_string(total));
  };
}

std::string add_days(const std::string& ymd, int days) {
  using namespace std::chrono;
  auto t = parse_utc_timestamp(ymd);
  sys_days d{std::chrono::days{*t / 86400}};
  year_month_day r{d + std::chrono::days{days}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(r.year()), unsigned(r.month()), unsigned(r.day()));
  return buf;
}

// --- get_upcoming --------------------------------------------------------------

mcp::Tool upcoming_tool(ApiProvider api) {
  mcp::Tool t;
  t.name = "get_upcoming";
  t.title = "Upcoming episodes";
  t.description =
      "Episodes of the shows the user watches, collects or has on the watchlist that air in a window of days "
      "(the user's Trakt calendar). One line per episode: local air date, show, SxxExx and episode title. Use it "
      "for \"what's on this week\", \"when is the next episode of X\". Defaults: today, 7 days; at most 33 days.";
  t.input_schema = parse_schema(R"({
    "type":"object","additionalProperties":false,
    "properties":{
      "start_date":{"type":"string","pattern":"^\\d{4}-\\d{2}-\\d{2}$","description":"First day, YYYY-MM-DD (default: today)."},
      "days":{"type":"integer","minimum":1,"maximum":33,"default":7,"description":"Number of days, 1 to 33 (default 7)."}
    }})");
  t.output_schema = parse_schema(
      R"({"type":"object","required":["start_date","days","count","episodes"],"properties":{"start_date":{"type":"string"},"days":{"type":"integer"},"count":{"type":"integer"},"episodes":{"type":"array","items":{"type":"object","required":["first_aired","show","episode"],"properties":{"first_aired":{"type":"string","description":"UTC"},"air_date":{"type":"string","description":"local date"},"show":)" +
      titled_schema() + R"(,"episode":)" + episode_schema() + "}}}}}");
  t.annotations = read_only_annotations(t.title);
  t.invoke = [api](json::object args, mcp::CallContext) -> net::awaitable<mcp::ToolResult> {
    Args a(args, {"start_date", "days"});
    auto start = a.date("start_date");
    auto days = a.integer("days", 1, 33);
    if (a.error) co_return mcp::ToolResult::error(*a.error);
    std::string start_date = start.value_or(local_today());
    int n = int(days.value_or(7));

    auto client = api();
    if (!client) co_return failure_result(client.error());
    std::string path = "/calendars/my/shows/" + start_date + "/" + std::to_string(n);
    auto page = co_await (*client)->get(path, {});
    if (!page) co_return failure_result(page.error());

    std::size_t skipped = 0;
    auto entries = map_items<CalendarEntry>(page->items, skipped);
    json::array episodes;
    for (const auto& e : entries) episodes.push_back(json::value_from(e));
    std::string last = add_days(start_date, n - 1);
    std::string text = entries.empty() ? "No episodes of your shows air from " + start_date + " to " + last + "."
                                       : lines_of(entries);
    co_return mcp::ToolResult{text + skipped_note(skipped),
                              json::object{{"start_date", start_date},
                                           {"days", n},
                                           {"count", entries.size()},
                                           {"episodes", std::move(episodes)}}};
  };
  return t;
}

// --- get_watchlist -------------------------------------------------------------

mcp::Tool watchlist_tool(ApiProvider api) {
  mcp::Tool t;
  t.name = "get_watchlist";
  t.title = "Watchlist";
  t.description =
      "The user's Trakt watchlist: movies ([M]) and shows, seasons and episodes ([TV]) they want to watch, one "
      "per line with the year. Filter with type, order with sort (rank: the user's order; added: newest first; "
      "released: newest first; title: A to Z), cap with limit.";
  t.input_schema = parse_schema(R"({
    "type":"object","additionalProperties":false,
    "properties":{
      "type":{"type":"string","enum":["all","movies","shows","seasons","episodes"],"default":"all","description":"Which kind of items (default all)."},
      "sort":{"type":"string","enum":["rank","added","released","title"],"default":"rank","description":"Order (default rank)."},
      "limit":{"type":"integer","minimum":1,"maximum":10000,"description":"At most this many items (default: all)."}
    }})");
  t.output_schema = parse_schema(
      R"({"type":"object","required":["type","sort","count","items"],"properties":{"type":{"type":"string"},"sort":{"type":"string"},"count":{"type":"integer"},"items":{"type":"array","items":{"type":"object","required":["type"],"properties":{"type":{"type":"string","enum":["movie","show","season","episode"]},"rank":{"type":"integer"},"listed_at":{"type":"string"},"notes":{"type":"string"},"movie":)" +
      titled_schema() + R"(,"show":)" + titled_schema() + R"(,"season":)" + season_schema() + R"(,"episode":)" +
      episode_schema() + "}}}}}");
  t.annotations = read_only_annotations(t.title);
  t.invoke = [api](json::object args, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
    Args a(args, {"type", "sort", "limit"});
    auto type = a.choice("type", {"all", "movies", "shows", "seasons", "episodes"}).value_or("all");
    auto sort = a.choice("sort", {"rank", "added", "released", "title"}).value_or("rank");
    auto limit = a.integer("limit", 1, 10000);
    if (a.error) co_return mcp::ToolResult::error(*a.error);

    auto client = api();
    if (!client) co_return failure_result(client.error());
    const std::string how = (sort == "rank" || sort == "title") ? "asc" : "desc";
    const std::size_t want = limit ? std::size_t(*limit) : std::numeric_limits<std::size_t>::max();
    std::string path = "/sync/watchlist/" + type + "/" + sort + "/" + how;
    auto raw = co_await (*client)->get_paged(path, {}, want, 250, page_progress(ctx));
    if (!raw) co_return failure_result(raw.error());

    std::size_t skipped = 0;
    auto items = map_items<WatchlistItem>(*raw, skipped);
    json::array out;
    for (const auto& i : items) out.push_back(json::value_from(i));
    std::string text = items.empty() ? (type == "all" ? std::string("The watchlist is empty.")
                                                      : "The watchlist has no " + type + ".")
                                     : lines_of(items);
    co_return mcp::ToolResult{
        text + skipped_note(skipped),
        json::object{{"type", type}, {"sort", sort}, {"count", items.size()}, {"items", std::move(out)}}};
  };
  return t;
}

// --- get_history ---------------------------------------------------------------

mcp::Tool history_tool(ApiProvider api) {
  mcp::Tool t;
  t.name = "get_history";
  t.title = "Watch history";
  t.description =
      "What the user watched, newest first: one line per play with the local date, [M] movie (year) or [TV] show "
      "SxxExx - episode title. Use limit (default 20, up to 1000), type (movies or episodes) and a time window "
      "(start_at / end_at: YYYY-MM-DD or UTC timestamps) for questions like \"what did I watch last week\".";
  t.input_schema = parse_schema(R"({
    "type":"object","additionalProperties":false,
    "properties":{
      "limit":{"type":"integer","minimum":1,"maximum":1000,"default":20,"description":"How many plays (default 20)."},
      "type":{"type":"string","enum":["all","movies","episodes"],"default":"all","description":"Movies, episodes or both (default all)."},
      "start_at":{"type":"string","description":"Only plays at or after this date (YYYY-MM-DD) or UTC time (YYYY-MM-DDTHH:MM:SSZ)."},
      "end_at":{"type":"string","description":"Only plays at or before this date (YYYY-MM-DD, whole day) or UTC time."}
    }})");
  t.output_schema = parse_schema(
      R"({"type":"object","required":["count","items"],"properties":{"count":{"type":"integer"},"items":{"type":"array","items":{"type":"object","required":["id","watched_at","action","type"],"properties":{"id":{"type":"integer"},"watched_at":{"type":"string","description":"UTC"},"watched_date":{"type":"string","description":"local date"},"action":{"type":"string"},"type":{"type":"string","enum":["movie","episode"]},"movie":)" +
      titled_schema() + R"(,"show":)" + titled_schema() + R"(,"episode":)" + episode_schema() + "}}}}}");
  t.annotations = read_only_annotations(t.title);
  t.invoke = [api](json::object args, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
    Args a(args, {"limit", "type", "start_at", "end_at"});
    auto limit = a.integer("limit", 1, 1000).value_or(20);
    auto type = a.choice("type", {"all", "movies", "episodes"}).value_or("all");
    auto start_at = a.instant("start_at", false);
    auto end_at = a.instant("end_at", true);
    if (a.error) co_return mcp::ToolResult::error(*a.error);

    auto client = api();
    if (!client) co_return failure_result(client.error());
    Query query;
    if (start_at) query.emplace_back("start_at", *start_at);
    if (end_at) query.emplace_back("end_at", *end_at);
    // Arguments built beforehand: GCC 12 mishandles temporaries of a
    // conditional expression inside a co_await expression.
    std::string path = type == "all" ? std::string("/sync/history") : "/sync/history/" + type;
    auto raw = co_await (*client)->get_paged(path, std::move(query), std::size_t(limit),
                                             int(std::min<std::int64_t>(limit, 250)), page_progress(ctx));
    if (!raw) co_return failure_result(raw.error());

    std::size_t skipped = 0;
    auto items = map_items<HistoryItem>(*raw, skipped);
    json::array out;
    for (const auto& i : items) out.push_back(json::value_from(i));
    std::string text = items.empty() ? std::string("No plays found in the watch history") +
                                           (start_at || end_at ? " for that time window." : ".")
                                     : lines_of(items);
    co_return mcp::ToolResult{text + skipped_note(skipped),
                              json::object{{"count", items.size()}, {"items", std::move(out)}}};
  };
  return t;
}

}  // namespace

void register_tools(mcp::ToolRegistry& registry, ApiProvider api) {
  registry.add(upcoming_tool(api));
  registry.add(watchlist_tool(api));
  registry.add(history_tool(api));
}

}  // namespace trakt
