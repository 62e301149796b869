// See year.hpp.

#include "trakt/year.hpp"

#include "support/time.hpp"
#include "trakt/lines.hpp"
#include "trakt/text.hpp"

#include <algorithm>
#include <ctime>

namespace trakt {

namespace {

constexpr std::array<std::string_view, 12> month_names{"January", "February", "March",     "April",   "May",      "June",
                                                        "July",    "August",   "September", "October", "November", "December"};

// "2026-01-01T00:00:00" of a UTC instant.
std::string utc_time(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S", &tm);
  return out;
}

// The instant local midnight of January 1st starts.
std::time_t local_new_year(int year) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mday = 1;
  tm.tm_isdst = -1;  // whatever the zone says that night
  return std::mktime(&tm);
}

// How a title is told apart from others: its Trakt id, else its slug, else
// its title and year.
std::string key_of(const Title& t) {
  if (t.ids.trakt) return "t" + std::to_string(*t.ids.trakt);
  if (t.ids.slug) return "s" + *t.ids.slug;
  return "n" + t.title + "|" + (t.year ? std::to_string(*t.year) : std::string());
}

std::string episode_key(const std::string& show, const Episode& e) {
  if (e.ids.trakt) return "t" + std::to_string(*e.ids.trakt);
  return show + "|" + text::episode_code(e.season, e.number);
}

// "3,000 plays", "1 hour".
std::string counted(std::int64_t n, std::string_view one) {
  std::string s = text::grouped(n) + " " + std::string(one);
  if (n != 1) s += 's';
  return s;
}

}  // namespace

std::pair<std::string, std::string> local_year_window(int year) {
  return {utc_time(local_new_year(year)) + ".000Z", utc_time(local_new_year(year + 1) - 1) + ".999Z"};
}

int local_year() { return std::stoi(text::local_today().substr(0, 4)); }

void YearTally::add(const boost::json::array& page) {
  for (const auto& raw : page) {
    auto play = boost::json::try_value_to<HistoryItem>(raw);
    auto details = boost::json::try_value_to<PlayDetails>(raw);
    const auto date = play ? text::local_date(play->watched_at) : std::nullopt;
    if (!play || !details || !date) {
      ++skipped_;
      continue;
    }
    // Trakt was asked for the local year; a play outside it (another time
    // zone's edge) belongs to another year's review.
    if (date->size() < 7 || date->compare(0, 4, std::to_string(year_)) != 0) continue;
    count(*play, *details, std::stoi(date->substr(5, 2)));
  }
}

void YearTally::count(const HistoryItem& play, const PlayDetails& details, int month) {
  ++plays_;
  if (month >= 1 && month <= 12) ++months_[std::size_t(month - 1)];
  const FullInfo none;
  const bool movie = play.type == "movie";
  const FullInfo& title = movie ? details.movie.value_or(none) : details.show.value_or(none);
  std::optional<std::int64_t> runtime = title.runtime;
  if (movie) {
    ++movie_plays_;
    movies_.insert(key_of(*play.movie));
  } else {
    ++episode_plays_;
    // An episode's own runtime, else its show's usual one.
    if (details.episode && details.episode->runtime) runtime = details.episode->runtime;
    const std::string show = key_of(*play.show);
    const std::string episode = episode_key(show, *play.episode);
    episodes_.insert(episode);
    auto& seen = shows_.try_emplace(show, ShowSeen{*play.show, {}, 0}).first->second;
    seen.episodes.insert(episode);
    ++seen.plays;
  }
  if (runtime)
    minutes_ += *runtime;
  else
    ++no_runtime_;
  for (const auto& g : title.genres) ++genres_[g];

  const auto when = std::make_pair(support::parse_utc_timestamp(play.watched_at).value_or(0), play.id);
  if (!first_ || when < first_->first) first_.emplace(when, play);
  if (!last_ || when > last_->first) last_.emplace(when, play);
}

YearInReview YearTally::finish(std::size_t top) const {
  YearInReview y;
  y.year = year_;
  y.plays = plays_;
  y.movie_plays = movie_plays_;
  y.episode_plays = episode_plays_;
  y.minutes = minutes_;
  y.hours = (minutes_ + 30) / 60;
  y.movies = std::int64_t(movies_.size());
  y.episodes = std::int64_t(episodes_.size());
  y.no_runtime = no_runtime_;
  if (plays_ == 0) return y;
  y.plays_by_month.assign(months_.begin(), months_.end());

  for (const auto& [key, seen] : shows_) y.top_shows.push_back({seen.show, std::int64_t(seen.episodes.size()), seen.plays});
  // Most episodes first, then most plays, then by title: the same order every time.
  std::stable_sort(y.top_shows.begin(), y.top_shows.end(), [](const ShowEpisodes& a, const ShowEpisodes& b) {
    if (a.episodes != b.episodes) return a.episodes > b.episodes;
    if (a.plays != b.plays) return a.plays > b.plays;
    return a.show.title < b.show.title;
  });
  if (y.top_shows.size() > top) y.top_shows.resize(top);

  for (const auto& [genre, plays] : genres_) y.top_genres.push_back({genre, plays});
  std::stable_sort(y.top_genres.begin(), y.top_genres.end(),
                   [](const GenrePlays& a, const GenrePlays& b) { return a.plays > b.plays; });  // ties: by name
  if (y.top_genres.size() > top) y.top_genres.resize(top);

  const auto busiest = std::max_element(months_.begin(), months_.end());  // the earliest of equals
  const int month = int(busiest - months_.begin()) + 1;
  y.busiest_month = MonthPlays{month, std::string(month_names[std::size_t(month - 1)]), *busiest};
  if (first_) y.first_play = first_->second;
  if (last_) y.last_play = last_->second;
  return y;
}

std::string format_year(const YearInReview& y) {
  if (y.plays == 0) return "No plays in " + std::to_string(y.year) + " on Trakt.";
  std::string text = std::to_string(y.year) + ": " + counted(y.plays, "play") + ", " + counted(y.hours, "hour") +
                     " · " + counted(y.movies, "movie") + ", " + counted(y.episodes, "episode");
  if (!y.top_shows.empty()) {
    text += "\nTop shows: ";
    for (std::size_t i = 0; i < y.top_shows.size(); ++i) {
      if (i) text += ", ";
      text += text::title_or_untitled(y.top_shows[i].show.title);
      text += " (" + counted(y.top_shows[i].episodes, "episode") + ")";
    }
  }
  if (!y.top_genres.empty()) {
    text += "\nTop genres: ";
    for (std::size_t i = 0; i < y.top_genres.size(); ++i) {
      if (i) text += ", ";
      text += text::one_line(y.top_genres[i].genre);
      text += " (" + text::grouped(y.top_genres[i].plays) + ")";
    }
  }
  if (y.busiest_month)
    text += "\nBusiest month: " + y.busiest_month->name + " (" + counted(y.busiest_month->plays, "play") + ")";
  if (y.first_play && y.last_play)
    text += "\nFirst play: " + format_line(*y.first_play) + "; last: " + format_line(*y.last_play);
  if (y.no_runtime)
    text += "\n(No runtime on Trakt for " + counted(y.no_runtime, "play") + ": their time is not counted.)";
  return text;
}

}  // namespace trakt
