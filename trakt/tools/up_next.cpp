// get_up_next: for each show the user is part-way through, the next episode
// to watch. /sync/watched/shows lists the shows (no seasons: small even for
// hundreds of shows), /users/hidden/progress_watched the ones the user hid,
// then /shows/{id}/progress/watched is asked a few shows at a time, most
// recently watched first, until `limit` shows are found: a person with
// hundreds of watched shows costs a handful of requests, not hundreds.

#include "trakt/text.hpp"
#include "trakt/app_views.hpp"
#include "trakt/tools/tool_support.hpp"
#include "trakt/up_next.hpp"

#include <algorithm>

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

// Progress requests in flight at once: hides latency, stays gentle on
// Trakt's per-user rate limit (the same as TraktApi's parallel pages).
constexpr std::size_t batch_size = 4;
constexpr std::int64_t max_limit = 50;

// Failures that say nothing about one show (no login, no network, rate
// limit, cancelled) end the call; a show Trakt cannot answer for (404, an
// unreadable body) is left out and counted.
bool about_one_show(const Failure& f) {
  return f.kind == FailureKind::upstream || f.kind == FailureKind::not_found || f.kind == FailureKind::bad_response;
}

struct UpNextAnswer {
  std::vector<UpNextItem> items;
  std::int64_t checked = 0;
  std::int64_t watched_shows = 0;
  std::int64_t hidden = 0;
  std::int64_t unreadable = 0;
  bool stopped_early = false;
  static constexpr model::Field fields[] = {
      {.name = "checked", .description = "watched shows whose progress was looked at", .minimum = 0},
      {.name = "watched_shows", .minimum = 0},
      {.name = "hidden", .description = "watched shows hidden from progress, skipped", .minimum = 0},
      {.name = "unreadable", .description = "shows Trakt sent no readable progress for", .minimum = 0},
      {.name = "stopped_early", .description = "limit shows were found before every watched show was looked at"}};
};
BOOST_DESCRIBE_STRUCT(UpNextAnswer, (), (items, checked, watched_shows, hidden, unreadable, stopped_early))

// The shows to ask about, most recently watched first, without the hidden ones.
struct Candidates {
  std::vector<WatchedShow> shows;
  std::size_t watched = 0;     // shows in the watched list
  std::size_t hidden = 0;      // of those, hidden from progress
  std::size_t unreadable = 0;  // watched entries that could not be read
  bool hidden_unknown = false;  // Trakt did not say which are hidden
};

net::awaitable<Result<Candidates>> candidates_of(TraktApi* trakt) {
  std::string watched_path = "/sync/watched/shows";
  Query watched_query{{"extended", "noseasons"}};
  auto raw_watched = co_await trakt->get(std::move(watched_path), std::move(watched_query));
  if (!raw_watched) co_return raw_watched.error();
  Candidates c;
  auto watched = map_items<WatchedShow>(raw_watched->items, c.unreadable);
  c.watched = raw_watched->items.size();

  // One page of hidden shows: one request, whatever the size of the watched
  // list. Without it the answer is still useful, so a Trakt error there only
  // costs a note.
  std::vector<Show> hidden;
  if (!watched.empty()) {
    std::string hidden_path = "/users/hidden/progress_watched";
    Query hidden_query{{"type", "show"}, {"page", "1"}, {"limit", "250"}};
    auto raw_hidden = co_await trakt->get(std::move(hidden_path), std::move(hidden_query));
    if (!raw_hidden && !about_one_show(raw_hidden.error())) co_return raw_hidden.error();
    if (raw_hidden) {
      std::size_t ignored = 0;
      for (auto& h : map_items<HiddenItem>(raw_hidden->items, ignored))
        if (h.type == "show" && h.show) hidden.push_back(std::move(*h.show));
    } else {
      c.hidden_unknown = true;
    }
  }
  const std::size_t before = watched.size();
  c.shows = up_next_candidates(std::move(watched), hidden);
  c.hidden = before - c.shows.size();
  co_return c;
}

// What /shows/{id}/progress/watched is asked with.
Query progress_query() { return {{"hidden", "false"}, {"specials", "false"}}; }

// Asks for the progress of the candidates a few at a time, in list order,
// until `limit` shows in progress are found; the newest shows win when a
// batch finds more than the limit needs, and shows after the one that filled
// it count as not checked.
struct Progressed {
  std::vector<UpNextItem> found;
  std::size_t checked = 0;
  std::size_t unreadable = 0;
};

net::awaitable<Result<Progressed>> progress_of(TraktApi* trakt, std::vector<WatchedShow> candidates, std::size_t limit,
                                               mcp::CallContext ctx) {
  Progressed p;
  while (p.checked < candidates.size() && p.found.size() < limit) {
    // The next few shows that Trakt can be asked about by id.
    std::vector<std::size_t> asked;
    std::vector<net::awaitable<Result<json::value>>> fetches;
    std::size_t next = p.checked;
    for (; next < candidates.size() && fetches.size() < batch_size; ++next) {
      auto key = show_key(candidates[next].show);
      if (!key) continue;
      asked.push_back(next);
      std::string path = "/shows/" + *key + "/progress/watched";
      fetches.push_back(trakt->get_value(std::move(path), progress_query()));
    }
    std::vector<Result<json::value>> results;
    if (!fetches.empty()) results = co_await concurrently(std::move(fetches));
    std::size_t k = 0;
    for (std::size_t i = p.checked; i < next && p.found.size() < limit; ++i) {
      p.checked = i + 1;
      if (k >= asked.size() || asked[k] != i) {  // no id to ask by
        ++p.unreadable;
        continue;
      }
      auto& r = results[k++];
      if (!r && !about_one_show(r.error())) co_return r.error();
      auto progress = r ? json::try_value_to<ShowProgress>(*r) : boost::system::result<ShowProgress>(model::shape_error);
      if (!progress) {
        if (r) trakt->distrust("/shows/" + *show_key(candidates[i].show) + "/progress/watched", progress_query());
        ++p.unreadable;
        continue;
      }
      if (auto item = up_next_of(candidates[i], *progress)) p.found.push_back(std::move(*item));
    }
    ctx.progress(double(p.checked), double(candidates.size()),
                 "Checked " + std::to_string(p.checked) + " of " + std::to_string(candidates.size()) + " shows");
  }
  co_return p;
}

// The lines, or why there are none, and the notes on what was left out.
std::string up_next_text(const Candidates& c, const Progressed& p, std::size_t limit, bool stopped_early) {
  std::string text;
  if (c.watched == 0)
    text = "You have not watched any shows on Trakt yet.";
  else if (p.found.empty())
    text = "No shows in progress: every show you watched is finished or has no aired episodes left" +
           std::string(c.hidden ? " (shows hidden from progress were not counted)." : ".");
  else
    text = lines_of(p.found);
  if (stopped_early)
    text += "\n(Checked " + std::to_string(p.checked) + " of your " + std::to_string(c.watched) +
            " watched shows, most recently watched first, and stopped at the limit of " + std::to_string(limit) +
            (std::int64_t(limit) < max_limit ? "; ask for a higher limit, up to 50, for more.)"
                                             : ", the most one call lists.)");
  if (c.hidden_unknown)
    text += "\n(Trakt did not say which shows you hid from progress, so hidden shows may be listed.)";
  if (const std::size_t unreadable = c.unreadable + p.unreadable)
    text += "\n(" + text::plural(std::int64_t(unreadable), "show", "shows") + " from Trakt could not be read and " +
            (unreadable == 1 ? "was" : "were") + " left out.)";
  return text;
}

net::awaitable<mcp::ToolResult> up_next(mcp::Arguments args, mcp::CallContext ctx) {
  const auto limit = std::size_t(*args.integer("limit"));
  auto client = api_of(ctx);
  if (!client) co_return failure_result(client.error());
  auto candidates = co_await candidates_of(*client);
  if (!candidates) co_return failure_result(candidates.error());
  const std::size_t to_check = candidates->shows.size();
  auto progressed = co_await progress_of(*client, std::move(candidates->shows), limit, ctx);
  if (!progressed) co_return failure_result(progressed.error());
  const bool stopped_early = progressed->checked < to_check;
  std::string text = up_next_text(*candidates, *progressed, limit, stopped_early);
  const auto n = [](std::size_t x) { return std::int64_t(x); };
  const UpNextAnswer answer{std::move(progressed->found), n(progressed->checked), n(candidates->watched),
                            n(candidates->hidden), n(candidates->unreadable + progressed->unreadable), stopped_early};
  co_return mcp::ToolResult{std::move(text), structured(answer, answer_storage())};
}

mcp::Tool up_next_tool() {
  using Arg = mcp::Arg;
  return mcp::Tool{
      .name = "get_up_next",
      .title = "Up next",
      .description =
          "The next episode to watch in each show the user is part-way through (watched at least one episode, "
          "aired episodes left, not hidden from progress), most recently watched show first. One line per show: "
          "Show S02E06 - Title (3 left; last watched 2026-11-20). Use it for \"what should I watch next\", "
          "\"which shows am I in the middle of\".",
      .summary = "the next episode of shows in progress",
      .args = {{.name = "limit", .type = Arg::Type::integer, .description = "How many shows (default 10).",
                .minimum = 1, .maximum = max_limit, .default_value = 10}},
      .output_schema = output_schema_of<UpNextAnswer>(),
      .annotations = read_only(),
      .meta = app_view("up-next"),
      .invoke = up_next};
}

}  // namespace

TRAKT_MCP_TOOL(up_next_tool)

}  // namespace trakt::tools
