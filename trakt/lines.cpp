// See lines.hpp.

#include "trakt/lines.hpp"

#include "trakt/text.hpp"

#include <cmath>
#include <cstdio>

namespace trakt {

using text::date_or_unknown;
using text::episode_part;
using text::one_line;
using text::one_line_collapsed;
using text::titled;

std::string format_line(const CalendarEntry& e) {
  return date_or_unknown(e.first_aired) + " " + episode_part(e.show, e.episode);
}

std::string format_line(const CalendarMovie& m) { return m.released + " " + titled("[M]", m.movie); }

std::string format_line(const WatchlistItem& i) {
  if (i.type == "movie") return titled("[M]", *i.movie);
  if (i.type == "show") return titled("[TV]", *i.show);
  if (i.type == "season") return titled("[TV]", *i.show) + " " + text::season_code(i.season->number);
  return "[TV] " + episode_part(*i.show, *i.episode);
}

std::string format_line(const HistoryItem& i) {
  std::string line = date_or_unknown(i.watched_at);
  if (i.type == "movie") {
    line += ' ';
    line += titled("[M]", *i.movie);
  } else {
    line += " [TV] ";
    line += episode_part(*i.show, *i.episode);
  }
  return line;
}

std::string format_line(const UpNextItem& i) {
  std::string s = episode_part(i.show, i.episode) + " (" + std::to_string(i.left) + " left";
  if (i.last_watched_at)
    if (auto d = text::local_date(*i.last_watched_at)) s += "; last watched " + *d;
  return s + ")";
}

std::string format_line(const SearchResult& r) {
  const auto with_ids = [](std::string line, const Ids& ids, text::IdStyle style) {
    const std::string named = text::ids(ids, style);
    return named.empty() ? line : line + " · " + named;
  };
  if (r.movie) return with_ids(titled("[M]", *r.movie), r.movie->ids, text::IdStyle::prefer_imdb);
  if (r.show) return with_ids(titled("[TV]", *r.show), r.show->ids, text::IdStyle::prefer_slug);
  if (r.person) {
    const std::string name = r.person->name.empty() ? std::string("Unnamed") : one_line(r.person->name);
    return with_ids("[P] " + name, r.person->ids, text::IdStyle::prefer_slug);
  }
  return "[?] Unknown";
}

std::string format_line(const UserList& l) {
  std::string name = one_line_collapsed(l.name);
  std::string line = (name.empty() ? std::string("Untitled") : name) + " · " + text::plural(l.item_count, "item");
  if (l.privacy) line += " · " + one_line(*l.privacy);
  line += " · list ";
  line += l.ids.slug && !l.ids.slug->empty() ? one_line(*l.ids.slug) : std::to_string(l.ids.trakt.value_or(0));
  return line;
}

std::string format_line(const ListItem& i) {
  const auto with = [](std::string line, std::string_view prefix, const std::string& ids) {
    return ids.empty() ? line : line + " · " + std::string(prefix) + ids;
  };
  std::string line;
  if (i.type == "movie") line = with(titled("[M]", *i.movie), "", text::ids(i.movie->ids, text::IdStyle::prefer_imdb));
  else if (i.type == "show") line = with(titled("[TV]", *i.show), "", text::ids(i.show->ids, text::IdStyle::prefer_slug));
  else if (i.type == "person") {
    const std::string name = one_line_collapsed(i.person->name);
    line = with("[P] " + (name.empty() ? std::string("Unnamed") : name), "", text::ids(i.person->ids, text::IdStyle::prefer_slug));
  } else {
    // A season or episode is named through its show, as the write tools take it.
    line = i.type == "season" ? titled("[TV]", *i.show) + " " + text::season_code(i.season->number)
                              : "[TV] " + episode_part(*i.show, *i.episode);
    line = with(std::move(line), "show ", text::ids(i.show->ids, text::IdStyle::prefer_slug));
  }
  if (i.notes) line += " · note: " + one_line_collapsed(*i.notes);
  return line;
}

std::string format_recommendation(const Recommendation& r, std::string_view type) {
  SearchResult s;
  s.type = std::string(type);
  if (type == "show")
    s.show = Show{r.title, r.year, r.ids};
  else
    s.movie = Movie{r.title, r.year, r.ids};
  return format_line(s);
}

std::string format_line(const ChartItem& c) {
  const Title& t = c.movie ? *c.movie : *c.show;
  std::string line = titled(c.movie ? "[M]" : "[TV]", t);
  if (c.seen && *c.seen) line += " (seen)";
  if (c.watchers) line += " · " + text::grouped(*c.watchers) + " watching";
  if (c.list_count) line += " · on " + text::grouped(*c.list_count) + (*c.list_count == 1 ? " list" : " lists");
  if (t.ids.trakt) line += " · trakt " + std::to_string(*t.ids.trakt);
  return line;
}

// --- people ------------------------------------------------------------------

namespace {

std::string joined(const std::vector<std::string>& parts) {
  std::string s;
  for (const auto& p : parts) {
    if (!s.empty()) s += ", ";
    s += one_line(p);
  }
  return s;
}

std::string name_of(const Person& p) { return p.name.empty() ? std::string("Unnamed") : one_line(p.name); }

// " · person ben-stiller": the id get_people takes (the slug, else the Trakt id).
std::string person_id(const Person& p) {
  if (p.ids.slug && !p.ids.slug->empty()) return " · person " + one_line(*p.ids.slug);
  if (p.ids.trakt) return " · person " + std::to_string(*p.ids.trakt);
  return {};
}

}  // namespace

std::string format_line(const CastMember& m) {
  std::string line = name_of(m.person);
  if (!m.characters.empty()) line += " as " + joined(m.characters);
  return line + person_id(m.person);
}

std::string format_line(const CrewMember& m) {
  std::string_view label = "Crew:", own;
  if (m.department == "directing") label = "Directed by", own = "Director";
  if (m.department == "writing") label = "Written by", own = "Writer";
  if (m.department == "created by") label = "Created by", own = "Creator";
  std::vector<std::string> other;
  for (const auto& j : m.jobs)
    if (j != own) other.push_back(j);
  std::string line(label);
  line += ' ';
  line += name_of(m.person);
  if (!other.empty()) line += " (" + joined(other) + ")";
  return line + person_id(m.person);
}

std::string format_line(const Credit& c) {
  std::string line;
  if (c.year) line = std::to_string(*c.year) + " ";
  line += titled(c.type == "movie" ? "[M]" : "[TV]", Title{c.title, c.year, c.ids});
  std::vector<std::string> roles = c.characters;
  roles.insert(roles.end(), c.jobs.begin(), c.jobs.end());
  if (!roles.empty()) line += " - " + joined(roles);
  if (c.ids.trakt) line += " · trakt " + std::to_string(*c.ids.trakt);
  return line;
}

// --- stats -------------------------------------------------------------------

namespace {
// "1 day 2 h 5 min" style, for watching time: "261 h 50 min" reads better as days.
std::string duration(std::int64_t minutes) {
  const std::int64_t days = minutes / (24 * 60), hours = minutes / 60 % 24, mins = minutes % 60;
  std::string out;
  if (days) out += text::plural(days, "day", "days") + " ";
  if (days || hours) out += std::to_string(hours) + " h ";
  return out + std::to_string(mins) + " min";
}

std::string media_line(std::string_view label, const MediaStats& m, bool has_plays) {
  std::string line = std::string(label) + ": " + std::to_string(m.watched) + " watched";
  if (has_plays) line += " (" + std::to_string(m.plays) + " plays, " + duration(m.minutes) + ")";
  return line + ", " + std::to_string(m.collected) + " collected, " + std::to_string(m.ratings) + " rated";
}
}  // namespace

std::string format_stats(const UserStats& s) {
  const auto& counts = s.ratings.distribution.counts;
  std::string text = media_line("Movies", s.movies, true) + "\n" + media_line("Shows", s.shows, false) + "\n" +
                     media_line("Episodes", s.episodes, true) + "\nRatings: " + std::to_string(s.ratings.total) +
                     " in all";
  // The most given rating, when there are any: what the user likes to say.
  std::size_t top = 0;
  for (std::size_t r = 1; r < counts.size(); ++r)
    if (counts[r] >= counts[top]) top = r;
  if (counts[top] > 0)
    text += ", most often " + std::to_string(top + 1) + "/10 (" + std::to_string(counts[top]) + ")";
  return text;
}

// --- details -----------------------------------------------------------------

namespace {

std::string date_of(const std::string& iso) { return text::local_date(iso).value_or(""); }

// What the user did with a movie / show, after "You: ".
std::string watched_line(const MoviePlays& w) {
  if (w.plays <= 0) return "not watched yet";
  const std::string date = w.last_watched_at ? date_of(*w.last_watched_at) : "";
  if (w.plays == 1) return "watched once" + (date.empty() ? "" : ", on " + date);
  return "watched " + std::to_string(w.plays) + " times" + (date.empty() ? "" : ", last " + date);
}

std::string progress_line(const ShowProgress& p) {
  if (p.completed <= 0) return "not started";
  const std::string date = p.last_watched_at ? date_of(*p.last_watched_at) : "";
  if (p.completed >= p.aired)
    return "all " + std::to_string(p.aired) + " episodes watched" + (date.empty() ? "" : ", last " + date);
  std::string s = std::to_string(p.completed) + " of " + std::to_string(p.aired) + " episodes watched";
  if (p.next_episode) {
    s += ", next " + text::episode_code(p.next_episode->season, p.next_episode->number);
    if (p.next_episode->title && !one_line_collapsed(*p.next_episode->title).empty())
      s += " - " + one_line_collapsed(*p.next_episode->title);
  }
  return s;
}

}  // namespace

std::string format_details(const TitleDetails& d, const UserState& u) {
  const bool show = d.type == "show";
  const std::string title = one_line_collapsed(d.title);
  std::string text = (show ? "[TV] " : "[M] ") + (title.empty() ? std::string("Untitled") : title);
  text += text::year_suffix(d.year);
  const auto line = [&](std::string_view label, const std::string& value) {
    if (value.empty()) return;
    text += '\n';
    text += label;
    text += ": ";
    text += value;
  };
  if (!show && d.released) line("Released", one_line_collapsed(*d.released));
  if (d.runtime) line("Runtime", std::to_string(*d.runtime) + " min");
  std::string genres;
  for (const auto& g : d.genres) {
    if (!genres.empty()) genres += ", ";
    genres += one_line_collapsed(g);
  }
  line("Genres", genres);
  // A rating without votes is Trakt's placeholder 0, not a rating.
  if (d.rating && d.votes && *d.votes > 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", *d.rating);
    line("Rating", std::string(buf) + "/10 (" + text::grouped(*d.votes) + (*d.votes == 1 ? " vote)" : " votes)"));
  }
  if (d.status) line("Status", one_line_collapsed(*d.status));
  if (show) {
    if (d.network) line("Network", one_line_collapsed(*d.network));
    if (d.airs) {
      std::string when;
      if (d.airs->day) when = one_line_collapsed(*d.airs->day);
      if (d.airs->time) {
        if (!when.empty()) when += ' ';
        when += one_line_collapsed(*d.airs->time);
      }
      if (!when.empty() && d.airs->timezone) when += " (" + one_line_collapsed(*d.airs->timezone) + ")";
      line("Airs", when);
    }
    // 0 is also what Trakt sends when it knows no episodes: not worth a line.
    if (d.aired_episodes && *d.aired_episodes > 0) line("Episodes", std::to_string(*d.aired_episodes) + " aired");
  }
  line("Ids", text::ids(d.ids, text::IdStyle::all));
  if (u.watched) line("You", watched_line(*u.watched));
  if (u.progress) line("You", progress_line(*u.progress));
  line("On your watchlist", u.on_watchlist ? "yes" : "no");
  line("Your rating", u.rating ? std::to_string(*u.rating) + "/10" : "not rated");
  if (d.overview) line("Overview", one_line_collapsed(*d.overview));
  return text;
}

std::string format_line(const PlaybackItem& p) {
  std::string line = p.type == "movie" ? titled("[M]", *p.movie) : "[TV] " + episode_part(*p.show, *p.episode);
  line += " · ";
  line += std::to_string(static_cast<int>(std::floor(p.progress)));
  line += "% · paused ";
  line += date_or_unknown(p.paused_at);
  line += " · playback ";
  line += std::to_string(p.id);
  return line;
}

std::string format_line(const RatedItem& r) {
  std::string line = std::to_string(r.rating) + "/10 ";
  if (r.type == "movie")
    line += titled("[M]", *r.movie);
  else if (r.type == "show")
    line += titled("[TV]", *r.show);
  else if (r.type == "season")
    line += titled("[TV]", *r.show) + " " + text::season_code(r.season->number);
  else
    line += "[TV] " + episode_part(*r.show, *r.episode);
  line += " · rated ";
  line += date_or_unknown(r.rated_at);
  return line;
}

}  // namespace trakt
