#include "trakt/model/people.hpp"

#include <algorithm>

namespace trakt {

namespace json = boost::json;

namespace {

// The readable entries of one list; the others counted.
std::vector<CreditEntry> entries(const json::value* v, std::size_t& unreadable) {
  std::vector<CreditEntry> out;
  const auto* a = v ? v->if_array() : nullptr;
  if (!a) return out;
  out.reserve(a->size());
  for (const auto& e : *a) {
    CreditEntry c;
    if (model::read(e, c))
      out.push_back(std::move(c));
    else
      ++unreadable;
  }
  return out;
}

}  // namespace

std::optional<Credits> Credits::read_json(const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return std::nullopt;
  Credits c;
  c.cast = entries(o->if_contains("cast"), c.unreadable);
  if (const auto* crew = o->if_contains("crew"); crew && crew->is_object())
    for (const auto& [department, list] : crew->get_object())
      c.crew.emplace_back(std::string(department), entries(&list, c.unreadable));
  return c;
}

TitlePeople title_people(const Credits& c, std::size_t limit) {
  TitlePeople p;
  for (const auto& e : c.cast) {
    if (!e.person) continue;
    ++p.cast_total;
    if (p.cast.size() < limit) p.cast.push_back({*e.person, e.characters, e.episode_count});
  }
  for (auto department : key_departments)
    for (const auto& [name, list] : c.crew) {
      if (name != department) continue;
      std::size_t listed = 0;
      for (const auto& e : list) {
        if (!e.person) continue;
        ++p.crew_total;
        if (listed++ < limit) p.crew.push_back({name, *e.person, e.jobs, e.episode_count});
      }
    }
  return p;
}

std::vector<Credit> person_credits(const Credits& movies, const Credits& shows) {
  std::vector<Credit> out;
  // The entry of this title, made on its first credit (cast before crew).
  const auto entry_of = [&out](const std::string& type, const Title& t) -> Credit& {
    for (auto& c : out)
      if (c.type == type && t.ids.trakt && c.ids.trakt == t.ids.trakt) return c;
    out.push_back({type, t.title, t.year, t.ids, {}, {}, std::nullopt});
    return out.back();
  };
  const auto add = [&](const Credits& credits, const std::string& type) {
    const auto title_of = [&type](const CreditEntry& e) { return type == "movie" ? e.movie : e.show; };
    for (const auto& e : credits.cast)
      if (auto t = title_of(e)) {
        Credit& c = entry_of(type, *t);
        c.characters.insert(c.characters.end(), e.characters.begin(), e.characters.end());
        if (e.episode_count) c.episode_count = std::max(c.episode_count.value_or(0), *e.episode_count);
      }
    for (const auto& [department, list] : credits.crew)
      for (const auto& e : list)
        if (auto t = title_of(e)) {
          Credit& c = entry_of(type, *t);
          for (const auto& job : e.jobs)
            if (std::find(c.jobs.begin(), c.jobs.end(), job) == c.jobs.end()) c.jobs.push_back(job);
        }
  };
  add(movies, "movie");
  add(shows, "show");
  // Stable: titles of one year keep Trakt's order, movies before shows.
  std::stable_sort(out.begin(), out.end(), [](const Credit& a, const Credit& b) {
    if (!a.year || !b.year) return a.year.has_value() && !b.year.has_value();
    return *a.year > *b.year;
  });
  return out;
}

}  // namespace trakt
