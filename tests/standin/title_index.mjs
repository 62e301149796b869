// Every movie and show the stand-in's fixtures mention, by kind, for the summaries Trakt answers for
// any title (GET /movies/{id}, GET /shows/{id}; id: trakt id, slug or IMDb id). details_fixtures.mjs
// has the few with hand-written details and keeps priority; every other title gets its title, year
// and ids as the fixtures give them and, with extended=full, Trakt's other fields: those year_fixtures.mjs
// sends in full history plays where it has them, else nulls, zeros and empty arrays (images.mjs adds
// colors and images as on every answer).
//
// The index is made once, on first use, by walking the fixture data the modules export: the values
// of `movie` / `show` keys at any depth, and the bare titles of the lists that hold them without a key
// (MOVIES, SHOWS, recommendations, popular charts, related titles). Movie and show trakt ids collide
// (TRON: Legacy is movie 1, Breaking Bad show 1), hence one index per kind. The generated up next
// shows (config watched_shows) depend on the config, so they are looked up per request.

import {
  MOVIES, SHOWS, MOVIE_RELEASES, calendarItems, calendarMovies, historyItems, watchlistItems,
} from './fixtures.mjs';
import { SEARCH_MOVIES, SEARCH_SHOWS } from './search_fixtures.mjs';
import { CHARTS } from './chart_fixtures.mjs';
import { RECOMMENDED_MOVIES, RECOMMENDED_SHOWS, RATINGS, movieFull, showFull } from './details_fixtures.mjs';
import { PEOPLE, WATCHED_MOVIES, relatedTitles, personCredits } from './people_fixtures.mjs';
import { PLAYBACK } from './playback.mjs';
import { watchedShows } from './upnext_fixtures.mjs';
import { FULL_MOVIES, FULL_SHOWS } from './year_fixtures.mjs';

const clone = (o) => JSON.parse(JSON.stringify(o));

// A title object: a string title and a numeric trakt id (the charts' and related lists' unreadable
// entries have neither and name no title).
const isTitle = (o) => o !== null && typeof o === 'object' && !Array.isArray(o) && typeof o.title === 'string' &&
  o.ids !== null && typeof o.ids === 'object' && Number.isInteger(o.ids.trakt);

let index = null;

function build() {
  const byKind = { movie: new Map(), show: new Map() };
  // The first mention wins; the fixtures share their title objects, so later ones agree.
  const add = (kind, t) => {
    if (isTitle(t) && !byKind[kind].has(t.ids.trakt)) byKind[kind].set(t.ids.trakt, { title: t.title, year: t.year ?? null, ids: clone(t.ids) });
  };
  const walk = (v) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'movie' || k === 'show') add(k, x);
      walk(x);
    }
  };
  const bare = (kind, titles) => (titles ?? []).forEach((t) => add(kind, t));

  bare('movie', Object.values(MOVIES));
  bare('show', Object.values(SHOWS));
  bare('movie', RECOMMENDED_MOVIES);
  bare('show', RECOMMENDED_SHOWS);
  for (const [chart, items] of Object.entries(CHARTS)) {
    if (chart.endsWith('/popular')) bare(chart.startsWith('movies/') ? 'movie' : 'show', items);
    else walk(items);
  }
  walk([SEARCH_MOVIES, SEARCH_SHOWS, MOVIE_RELEASES, RATINGS, PLAYBACK, WATCHED_MOVIES, watchlistItems()]);
  // The calendars repeat weekly and monthly: one window of each holds every title.
  walk(calendarItems('2026-11-23', 7));
  walk(calendarMovies('2026-11-01', 30));
  walk(historyItems(600));
  walk(watchedShows({}, new URLSearchParams('extended=noseasons')));
  for (const p of Object.values(PEOPLE)) {
    const credits = personCredits(String(p.ids.trakt));
    if (credits) walk(credits);
  }
  // Related titles of every title known so far (they are bare); a title found there has none itself.
  for (const [kind, plural] of [['movie', 'movies'], ['show', 'shows']]) {
    for (const id of [...byKind[kind].keys()]) bare(kind, relatedTitles(plural, String(id)));
  }
  return byKind;
}

function find(titles, id) {
  const s = String(id);
  for (const t of titles) if (String(t.ids.trakt) === s || (t.ids.slug && t.ids.slug === s) || (t.ids.imdb && t.ids.imdb === s)) return t;
  return undefined;
}

/** Every indexed title of `kind` (movie|show), as {title, year, ids}. */
export function indexedTitles(kind) {
  index ??= build();
  return [...index[kind].values()].map(clone);
}

/**
 * The extended=full summary of a movie or show (`kind` movie|show) that some fixture mentions, by
 * trakt id, slug or IMDb id, or undefined. `config`: the stand-in's (its generated up next shows).
 */
export function titleSummary(kind, id, config = {}) {
  index ??= build();
  let base = find(index[kind].values(), id);
  if (!base && kind === 'show' && Number(config.watched_shows) > 0) {
    base = find(watchedShows(config, new URLSearchParams('extended=noseasons')).map((w) => w.show), id);
  }
  if (!base) return undefined;
  if (kind === 'movie') return clone(FULL_MOVIES.get(base.ids.trakt) ?? movieFull(base, {}));
  return clone(FULL_SHOWS.get(base.ids.trakt) ?? showFull(base, {}));
}
