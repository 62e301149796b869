#pragma once
// POST /checkin's answer: the play that is "watching now".

#include "trakt/model/media.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace trakt {

struct Checkin {
  std::int64_t id = 0;
  std::string watched_at;
  std::string type;  // derived: movie | episode (Trakt's answer has no type)
  std::optional<Movie> movie;
  std::optional<Show> show;
  std::optional<Episode> episode;
  static constexpr model::Field fields[] = {{.name = "id", .description = "the play's history id"},
                                            {.name = "type", .choices = "movie|episode"}};
  bool accept() {
    type = movie ? "movie" : "episode";
    return true;
  }
};
BOOST_DESCRIBE_STRUCT(Checkin, (), (id, watched_at, type, movie, show, episode))

// "I'm watching Dune now" has no answer to give back: cancel_checkin's.
struct CheckinCancelled {
  bool cancelled = true;
};
BOOST_DESCRIBE_STRUCT(CheckinCancelled, (), (cancelled))

}  // namespace trakt
