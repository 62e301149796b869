#pragma once
// Cast and crew: /movies|shows/{id}/people (who is in a title) and
// /people/{id}/movies|shows (what a person is in). Both answers have one
// shape, seen from either side: {cast: [{characters, person | movie | show}],
// crew: {department: [{jobs, person | movie | show}]}}; the departments are
// keys like "directing" and "created by", which no C++ name can spell, so
// Credits reads them itself.

#include "trakt/model/media.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trakt {

// One entry of a cast or crew list: the person (a title's list) or the title
// (a person's list), and the characters played or the jobs done.
struct CreditEntry {
  std::vector<std::string> characters;
  std::vector<std::string> jobs;
  std::optional<Person> person;
  std::optional<Movie> movie;
  std::optional<Show> show;
  std::optional<std::int64_t> episode_count;  // shows
  static constexpr model::Field fields[] = {{.name = "characters", .blank_is_none = true},
                                            {.name = "jobs", .blank_is_none = true},
                                            {.name = "episode_count", .minimum = 0}};
  bool accept() const { return person || movie || show; }
};
BOOST_DESCRIBE_STRUCT(CreditEntry, (), (characters, jobs, person, movie, show, episode_count))

struct Credits {
  std::vector<CreditEntry> cast;
  std::vector<std::pair<std::string, std::vector<CreditEntry>>> crew;  // by department, in Trakt's order
  std::size_t unreadable = 0;  // entries that named no one and nothing
  static std::optional<Credits> read_json(const boost::json::value& v);
};

// get_people's answer for a title: a cast member.
struct CastMember {
  Person person;
  std::vector<std::string> characters;
  std::optional<std::int64_t> episode_count;
  static constexpr model::Field fields[] = {{.name = "episode_count", .description = "shows", .minimum = 0}};
};
BOOST_DESCRIBE_STRUCT(CastMember, (), (person, characters, episode_count))

// A member of the key crew.
struct CrewMember {
  std::string department;
  Person person;
  std::vector<std::string> jobs;
  std::optional<std::int64_t> episode_count;
  static constexpr model::Field fields[] = {{.name = "department", .choices = "created by|directing|writing"},
                                            {.name = "episode_count", .description = "shows", .minimum = 0}};
};
BOOST_DESCRIBE_STRUCT(CrewMember, (), (department, person, jobs, episode_count))

// One title a person worked on: what they played and the jobs they did in it.
struct Credit {
  std::string type;
  std::string title;
  std::optional<int> year;
  Ids ids;
  std::vector<std::string> characters;
  std::vector<std::string> jobs;
  std::optional<std::int64_t> episode_count;
  static constexpr model::Field fields[] = {{.name = "type", .choices = "movie|show"},
                                            {.name = "episode_count", .description = "shows", .minimum = 0}};
};
BOOST_DESCRIBE_STRUCT(Credit, (), (type, title, year, ids, characters, jobs, episode_count))

// The key crew departments, in the order they are listed.
inline constexpr std::string_view key_departments[] = {"created by", "directing", "writing"};

// A title's cast and key crew, each cut to `limit` (the crew per department).
struct TitlePeople {
  std::vector<CastMember> cast;
  std::vector<CrewMember> crew;
  std::size_t cast_total = 0, crew_total = 0;  // before the cut
};
TitlePeople title_people(const Credits& c, std::size_t limit);

// A person's movie and show credits as one list, one entry per title (cast
// and crew merged), newest first, titles without a year last.
std::vector<Credit> person_credits(const Credits& movies, const Credits& shows);

}  // namespace trakt
