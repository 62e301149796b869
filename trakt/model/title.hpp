#pragma once
// One movie or show in detail (/movies/{id}?extended=full,
// /shows/{id}?extended=full) and the user's own state for it.

#include "trakt/model/progress.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trakt {

// When a show airs, in the show's own time zone.
struct Airs {
  std::optional<std::string> day, time, timezone;
  static constexpr model::Field fields[] = {{.name = "day", .blank_is_none = true},
                                            {.name = "time", .blank_is_none = true},
                                            {.name = "timezone", .blank_is_none = true}};
  bool accept() const { return day || time || timezone; }
};
BOOST_DESCRIBE_STRUCT(Airs, (), (day, time, timezone))

// Trakt's dominant colours of a poster (extended=full): what an MCP App shows
// when the image cannot be had.
struct MediaColors {
  std::vector<std::string> poster;
};
BOOST_DESCRIBE_STRUCT(MediaColors, (), (poster))

// Trakt's images of a title (extended=images): scheme-less WebP URLs,
// "media.trakt.tv/images/.../x.jpg.webp"; only the posters are used.
struct MediaImages {
  std::vector<std::string> poster;
};
BOOST_DESCRIBE_STRUCT(MediaImages, (), (poster))

// What a summary with extended=full,images says of its poster (trakt/posters.cpp).
struct PosterSources {
  std::optional<MediaImages> images;
  std::optional<MediaColors> colors;
};
BOOST_DESCRIBE_STRUCT(PosterSources, (), (images, colors))

// A summary with extended=full. The same shape serves movies and shows; the
// fields only one of them has stay empty for the other. `type` is not in
// Trakt's answer: the caller sets it ("movie" or "show").
struct TitleDetails {
  std::string type;
  std::string title;
  std::optional<int> year;
  Ids ids;
  std::optional<std::string> tagline, overview;
  std::optional<std::string> released;     // movies: YYYY-MM-DD
  std::optional<std::string> first_aired;  // shows: UTC, ISO 8601
  std::optional<int> runtime;              // minutes
  std::vector<std::string> genres;
  std::optional<double> rating;  // 0..10
  std::optional<std::int64_t> votes;
  std::optional<std::string> status, certification, country, language;
  // Shows only.
  std::optional<std::string> network;
  std::optional<Airs> airs;
  std::optional<int> aired_episodes;
  std::optional<MediaColors> colors;
  static constexpr model::Field fields[] = {
      {.name = "type", .choices = "movie|show"},
      {.name = "tagline", .blank_is_none = true},
      {.name = "overview", .blank_is_none = true},
      {.name = "released", .description = "movies: release date", .blank_is_none = true},
      {.name = "first_aired", .description = "shows: UTC time of the first episode", .blank_is_none = true},
      // Trakt sends 0 for an unknown runtime.
      {.name = "runtime", .description = "minutes", .minimum = 1},
      {.name = "genres", .blank_is_none = true},
      {.name = "rating", .minimum = 0, .maximum = 10},
      {.name = "votes", .minimum = 0},
      {.name = "status", .blank_is_none = true},
      {.name = "certification", .blank_is_none = true},
      {.name = "country", .blank_is_none = true},
      {.name = "language", .blank_is_none = true},
      {.name = "network", .description = "shows", .blank_is_none = true},
      {.name = "aired_episodes", .description = "shows", .minimum = 0},
      {.name = "colors", .description = "the poster's main colours"}};
  static constexpr model::Field derived[] = {poster_field};
  void derive(boost::json::object& o) const { add_poster(o, type, ids); }
};
BOOST_DESCRIBE_STRUCT(TitleDetails, (),
                      (type, title, year, ids, tagline, overview, released, first_aired, runtime, genres, rating,
                       votes, status, certification, country, language, network, airs, aired_episodes, colors))

// A movie's plays from the user's history.
struct MoviePlays {
  std::int64_t plays = 0;
  std::optional<std::string> last_watched_at;  // the newest play
  static constexpr model::Field fields[] = {{.name = "plays", .minimum = 0}};
};
BOOST_DESCRIBE_STRUCT(MoviePlays, (), (plays, last_watched_at))

// The user's own state for one title: `watched` for movies, `progress` for shows.
struct UserState {
  std::optional<MoviePlays> watched;
  std::optional<ShowProgress> progress;
  bool on_watchlist = false;
  std::optional<int> rating;  // 1..10
  std::optional<std::string> rated_at;
  static constexpr model::Field fields[] = {
      {.name = "watched", .description = "movies: how often the user watched it"},
      {.name = "progress", .description = "shows: the user's watched progress over aired episodes"},
      {.name = "rating", .minimum = 1, .maximum = 10}};
};
BOOST_DESCRIBE_STRUCT(UserState, (), (watched, progress, on_watchlist, rating, rated_at))

// get_details's structuredContent: the title, and `user`.
struct TitleWithState : TitleDetails {
  UserState user;
};
BOOST_DESCRIBE_STRUCT(TitleWithState, (TitleDetails), (user))

}  // namespace trakt
