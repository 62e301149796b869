#pragma once
// The lines and blocks people read, one per Trakt shape (PRODUCT.md's
// formats), made of text.hpp's words.

#include "trakt/model/calendar.hpp"
#include "trakt/model/playback.hpp"
#include "trakt/model/list.hpp"
#include "trakt/model/chart.hpp"
#include "trakt/model/people.hpp"
#include "trakt/model/progress.hpp"
#include "trakt/model/rating.hpp"
#include "trakt/model/recommendation.hpp"
#include "trakt/model/search.hpp"
#include "trakt/model/stats.hpp"
#include "trakt/model/sync.hpp"
#include "trakt/model/title.hpp"

#include <string>
#include <string_view>

namespace trakt {

// "2026-11-24 The Show S02E05 - Episode Title" (the local air date).
std::string format_line(const CalendarEntry& e);
// "2026-12-05 [M] Movie Title (2026)".
std::string format_line(const CalendarMovie& m);
// "[M] Movie Title (2025)", "[TV] Show Title (2024) S03", "[TV] Show S01E02 - Title".
std::string format_line(const WatchlistItem& i);
// "2026-11-19 [M] Movie Title (1990)", "2026-11-19 [TV] Show S02E02 - Title".
std::string format_line(const HistoryItem& i);
// "The Show S02E06 - Title (3 left; last watched 2026-11-20)".
std::string format_line(const UpNextItem& i);
// "[M] Heat (1995) · trakt 1234 · imdb tt0113277",
// "[TV] Severance (2022) · trakt 158384 · slug severance",
// "[P] Jeff Bridges · trakt 4173 · slug jeff-bridges".
std::string format_line(const SearchResult& r);
// "Halloween · 12 items · private · list halloween" (the slug, else the Trakt
// id: what the list tools take).
std::string format_line(const UserList& l);
// A list item with the ids the write tools take, and its note:
// "[M] Heat (1995) · trakt 1234 · imdb tt0113277 · note: Best heist",
// "[TV] Breaking Bad S04E01 - Box Cutter · show trakt 1388 · slug breaking-bad",
// "[P] Jeff Bridges · trakt 4173 · slug jeff-bridges".
std::string format_line(const ListItem& i);
// The search line of a recommended movie, or show with type "show".
std::string format_recommendation(const Recommendation& r, std::string_view type);

// "[TV] Severance (2022) (seen) · 1,234 watching · trakt 158384": a chart
// (discover) or related title, with watchers (trending) or the lists it is
// on (anticipated), "(seen)" when the user watched it.
std::string format_line(const ChartItem& c);
// "Adam Scott as Mark Scout · person adam-scott" (the name alone without characters).
std::string format_line(const CastMember& m);
// "Directed by Ben Stiller · person ben-stiller", "Written by Dan Erickson
// (Screenplay)": the department's own job left out, the others in brackets.
std::string format_line(const CrewMember& m);
// "2022 [TV] Severance (2022) - Mark Scout · trakt 158384" (no year first
// when it is unknown; characters, then jobs).
std::string format_line(const Credit& c);

// The stats as a short block, one kind of media a line.
std::string format_stats(const UserStats& s);

// The get_details block, one fact a line; lines whose data is missing are
// left out:
//   [M] Heat (1995)
//   Released: 1995-12-15
//   Runtime: 170 min
//   Genres: crime, drama, thriller
//   Rating: 8.2/10 (12,345 votes)
//   Status: released
//   Ids: trakt 1234 · slug heat-1995 · imdb tt0113277
//   You: watched 2 times, last 2026-11-02
//   On your watchlist: yes
//   Your rating: 9/10
//   Overview: ...
// Shows add Network, Airs and Episodes after Status, and say the progress:
//   You: 7 of 18 episodes watched, next S02E03 - Title
std::string format_details(const TitleDetails& d, const UserState& u);

// "[M] Heat (1995) · 42% · paused 2026-11-20 · playback 13",
// "[TV] Severance S02E03 - Title · 42% · paused 2026-11-20 · playback 14"
// (the percent rounded down: 99.6 is not done).
std::string format_line(const PlaybackItem& p);
// "10/10 [M] Heat (1995) · rated 2026-10-01", "9/10 [TV] Breaking Bad (2008) S01 · rated ...".
std::string format_line(const RatedItem& r);

}  // namespace trakt
