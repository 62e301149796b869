// See prompts.hpp.

#include "trakt/prompts.hpp"

#include <charconv>

namespace trakt {

namespace {

constexpr int max_minutes = 24 * 60;

// A person's words, on one line, quoted back into the message.
std::string one_line(std::string s) {
  for (auto& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  const auto first = s.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(' ') - first + 1);
}

const std::string* argument(const mcp::PromptArguments& args, std::string_view name) {
  const auto it = args.find(name);
  return it == args.end() ? nullptr : &it->second;
}

mcp::PromptResult what_to_watch(const mcp::PromptArguments& args) {
  std::string wish;
  if (const auto* mood = argument(args, "mood"); mood && !one_line(*mood).empty())
    wish += " I'm in the mood for: " + one_line(*mood) + ".";
  if (const auto* text = argument(args, "minutes")) {
    const std::string m = one_line(*text);
    int minutes = 0;
    const auto [end, ec] = std::from_chars(m.data(), m.data() + m.size(), minutes);
    if (m.empty() || ec != std::errc() || end != m.data() + m.size() || minutes < 1 || minutes > max_minutes)
      return mcp::PromptResult::invalid("Invalid argument \"minutes\" of prompt what_to_watch: must be a whole number "
                                        "of minutes from 1 to " + std::to_string(max_minutes) + " (got \"" + m + "\").");
    wish += " I have about " + std::to_string(minutes) + " minutes, so it must fit in that (an episode, a few, or a "
            "movie short enough).";
  }
  std::string text =
      "Help me choose what to watch now, from my own Trakt account." + wish +
      "\n\nGather the candidates with these tools:\n"
      "1. get_up_next: the next episode of each show I'm part-way through.\n"
      "2. get_watchlist: what I saved to watch.\n"
      "3. get_recommendations with type movies, then type shows: what Trakt suggests for me.\n"
      "Use get_details (type and id from the lines above) when a runtime, genre or overview would settle it.\n\n"
      "Then suggest up to three options, best first, each with one line on why it fits" +
      (wish.empty() ? std::string(".") : std::string(" what I asked for.")) +
      " Prefer carrying on with a show I'm in the middle of when it fits.";
  return {"What to watch now, from up next, the watchlist and recommendations", {{"user", std::move(text)}}, {}};
}

mcp::PromptResult catch_me_up(const mcp::PromptArguments& args) {
  const auto* given = argument(args, "show");
  const std::string show = given ? one_line(*given) : std::string();
  if (show.empty()) return mcp::PromptResult::invalid("Missing argument \"show\" of prompt catch_me_up: the show's title.");
  std::string text =
      "Catch me up on the show \"" + show + "\" from my own Trakt account.\n\n"
      "1. search with query \"" + show + "\" and type show, to find it; if several shows match, ask me which.\n"
      "2. get_details with type show and its Trakt id: my progress (episodes watched, the next one).\n"
      "3. get_history with type episodes and limit 100: the episodes of this show I saw last, and when.\n\n"
      "Then tell me where I am: the last episodes I watched and what happened in them, and the next episode "
      "to watch. Say nothing about episodes after the last one I saw.";
  return {"Where you are in " + show + ": progress and the last episodes seen", {{"user", std::move(text)}}, {}};
}

mcp::PromptResult week_ahead(const mcp::PromptArguments&) {
  std::string text =
      "Give me a digest of my week ahead on Trakt.\n\n"
      "Call get_upcoming with days 7 and type all: the episodes of my shows and the movies on my calendar for the "
      "7 days from today.\n\n"
      "Group them by day, one line per show or movie (several episodes of one show on one line), mark season "
      "premieres and finales, and end with the two or three I should not miss. If nothing is on, say so.";
  return {"The week ahead on the calendar, as a digest", {{"user", std::move(text)}}, {}};
}

mcp::PromptResult my_year(const mcp::PromptArguments& args) {
  std::string year;
  if (const auto* given = argument(args, "year"); given && !one_line(*given).empty()) {
    year = one_line(*given);
    int y = 0;
    const auto [end, ec] = std::from_chars(year.data(), year.data() + year.size(), y);
    if (ec != std::errc() || end != year.data() + year.size() || y < 1900 || y > 2100)
      return mcp::PromptResult::invalid("Invalid argument \"year\" of prompt my_year: must be a year from 1900 to 2100 "
                                        "(got \"" + year + "\").");
  }
  const std::string which = year.empty() ? std::string("this year") : year;
  std::string text =
      "Write my " + which + " on Trakt in review.\n\n"
      "1. get_year_in_review" + (year.empty() ? std::string() : " with year " + year) +
      ": my plays, hours watched, movies and episodes, top shows and genres, busiest month, first and last play.\n"
      "2. get_stats: my all-time totals, to compare the year with.\n"
      "3. If it helps the story, get_history with start_at and end_at inside the year (e.g. the busiest month).\n\n"
      "Then write a short, warm year in review: a headline figure, the shows and genres that defined the year, "
      "the busiest month, how it began and ended. Use only the figures the tools give; if the year has no plays, "
      "say so kindly.";
  return {"Your " + which + " on Trakt, in review", {{"user", std::move(text)}}, {}};
}

}  // namespace

void register_prompts(mcp::PromptRegistry& registry) {
  registry.add({.name = "what_to_watch",
                .title = "What to watch",
                .description = "Pick something to watch now from up next, the watchlist and Trakt's recommendations.",
                .args = {{.name = "mood", .description = "What you feel like, in a few words (e.g. \"light comedy\").",
                          .required = false},
                         {.name = "minutes", .description = "How much time you have, in minutes (e.g. 45).",
                          .required = false}},
                .get = what_to_watch});
  registry.add({.name = "catch_me_up",
                .title = "Catch me up",
                .description = "Where you are in a show: your progress and the last episodes you watched.",
                .args = {{.name = "show", .description = "The show's title.", .required = true}},
                .get = catch_me_up});
  registry.add({.name = "week_ahead",
                .title = "Week ahead",
                .description = "Your calendar for the next 7 days, as a digest.",
                .args = {},
                .get = week_ahead});
  registry.add({.name = "my_year",
                .title = "My year",
                .description = "Your year on Trakt in review: what you watched, most, and when.",
                .args = {{.name = "year", .description = "The year (e.g. 2025); this year when left out.",
                          .required = false}},
                .get = my_year});
}

}  // namespace trakt
