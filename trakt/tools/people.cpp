// get_people: who is in a movie or show (/movies|shows/{id}/people: the cast,
// then who created, directed and wrote it), or what a person was in
// (/people/{id}/movies and /people/{id}/shows, asked at once, merged newest
// first). Public like search.

#include "trakt/tools/tool_support.hpp"

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

struct PeopleAnswer {
  std::string type;
  std::string id;
  std::optional<std::vector<CastMember>> cast;
  std::optional<std::vector<CrewMember>> crew;
  std::optional<std::vector<Credit>> credits;
  std::int64_t total = 0;
  static constexpr model::Field fields[] = {
      {.name = "type", .choices = "movie|show|person"},
      {.name = "cast", .description = "a title's, first `limit`"},
      {.name = "crew", .description = "a title's key crew, first `limit` of each department"},
      {.name = "credits", .description = "a person's titles, newest first, first `limit`"},
      {.name = "total", .description = "cast and key crew, or credits, that Trakt lists", .minimum = 0}};
};
BOOST_DESCRIBE_STRUCT(PeopleAnswer, (), (type, id, cast, crew, credits, total))

template <class T>
void add_lines(std::string& text, const std::vector<T>& items) {
  for (const auto& i : items) {
    if (!text.empty()) text += '\n';
    text += format_line(i);
  }
}

// The 404 of a path that names a title or person: the id names none, or
// another kind (a person's id given as a movie's).
std::string not_found(const std::string& type, const std::string& id) {
  if (type == "person") return no_such(type, id) + " If it names a movie or show, use that type.";
  return no_such(type, id) + " If it names a person, use type person.";
}

// Trakt's cast and crew at `path`, read; a failure says what was not found.
net::awaitable<Result<Credits>> credits_at(TraktApi* trakt, std::string path) {
  Query none;
  auto raw = co_await trakt->get_public_value(path, none);
  if (!raw) co_return raw.error();
  auto credits = Credits::read_json(*raw);
  if (!credits) {
    trakt->distrust(path, none);  // asked again next time, not served from memory
    co_return Failure{FailureKind::bad_response, "Trakt sent cast and crew that could not be read. Try again later."};
  }
  co_return std::move(*credits);
}

net::awaitable<mcp::ToolResult> of_title(TraktApi* trakt, PeopleAnswer answer, std::size_t limit) {
  std::string path = "/" + answer.type + "s/" + answer.id + "/people";
  auto credits = co_await credits_at(trakt, std::move(path));
  if (!credits && credits.error().kind == FailureKind::not_found)
    co_return mcp::ToolResult::error(not_found(answer.type, answer.id));
  if (!credits) co_return failure_result(credits.error());
  auto people = title_people(*credits, limit);
  std::string text;
  add_lines(text, people.cast);
  add_lines(text, people.crew);
  const std::size_t shown = people.cast.size() + people.crew.size();
  answer.total = std::int64_t(people.cast_total + people.crew_total);
  if (shown == 0) text = "Trakt lists no cast or key crew for this " + answer.type + ".";
  if (shown < std::size_t(answer.total))
    text += "\n(Showing " + std::to_string(shown) + " of " + std::to_string(answer.total) +
            "; a higher limit, up to 50, shows more.)";
  text += skipped_note(credits->unreadable);
  answer.cast = std::move(people.cast);
  answer.crew = std::move(people.crew);
  co_return mcp::ToolResult{std::move(text), structured(answer, answer_storage())};
}

net::awaitable<mcp::ToolResult> of_person(TraktApi* trakt, PeopleAnswer answer, std::size_t limit) {
  std::vector<net::awaitable<Result<Credits>>> work;
  work.push_back(credits_at(trakt, "/people/" + answer.id + "/movies"));
  work.push_back(credits_at(trakt, "/people/" + answer.id + "/shows"));
  auto fetched = co_await concurrently(std::move(work));
  const auto missing = [](const Result<Credits>& r) { return !r && r.error().kind == FailureKind::not_found; };
  if (missing(fetched[0]) && missing(fetched[1])) co_return mcp::ToolResult::error(not_found("person", answer.id));
  for (auto& r : fetched) {
    if (missing(r)) r = Credits();  // a person with no credits of that kind
    if (!r) co_return failure_result(r.error());
  }
  auto credits = person_credits(*fetched[0], *fetched[1]);
  answer.total = std::int64_t(credits.size());
  if (credits.size() > limit) credits.resize(limit);
  std::string text;
  add_lines(text, credits);
  if (credits.empty()) text = "Trakt lists no movie or show credits for " + quoted(answer.id) + ".";
  if (credits.size() < std::size_t(answer.total))
    text += "\n(Showing " + std::to_string(credits.size()) + " of " + std::to_string(answer.total) +
            " titles, newest first; a higher limit, up to 50, shows more.)";
  text += skipped_note(fetched[0]->unreadable + fetched[1]->unreadable);
  answer.credits = std::move(credits);
  co_return mcp::ToolResult{std::move(text), structured(answer, answer_storage())};
}

mcp::Tool people_tool() {
  using Arg = mcp::Arg;
  return mcp::Tool{
      .name = "get_people",
      .title = "Cast, crew and credits",
      .description = "Who is in a movie or show (cast, then creators, directors, writers; with person ids), or a "
                     "person's movies and shows, newest first. No login needed. Use it for \"who's in X\", "
                     "\"who directed X\", \"what else was she in\".",
      .summary = "cast and crew of a title, or a person's credits",
      .args = {{.name = "type", .type = Arg::Type::string, .choices = {"movie", "show", "person"}, .required = true},
               {.name = "id", .type = Arg::Type::identifier,
                .description = "Trakt id, slug or IMDb id (search finds them).", .required = true,
                .schema = {{"minLength", 1}}},
               {.name = "limit", .type = Arg::Type::integer, .minimum = 1,
                .maximum = 50, .default_value = 10}},
      .output_schema = output_schema_of<PeopleAnswer>(),
      .annotations = read_only(),
      .invoke = [](mcp::Arguments args, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
        PeopleAnswer answer;
        answer.type = *args.string("type");
        answer.id = path_id(*args.string("id")).value_or("");
        if (answer.id.empty())
          co_return mcp::ToolResult::error(not_an_id(*args.string("id")));
        const auto limit = std::size_t(*args.integer("limit"));
        auto client = api_of(ctx);
        if (!client) co_return failure_result(client.error());
        if (answer.type == "person") co_return co_await of_person(*client, std::move(answer), limit);
        co_return co_await of_title(*client, std::move(answer), limit);
      }};
}

}  // namespace

TRAKT_MCP_TOOL(people_tool)

}  // namespace trakt::tools
