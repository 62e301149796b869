// Summaries, recommendations and ratings for the Trakt stand-in (get_details, get_recommendations):
//   GET /movies/{id}?extended=full, GET /shows/{id}?extended=full   (id: trakt id, slug or IMDb id)
//   GET /recommendations/{movies|shows}?limit=..&ignore_collected=..&ignore_watchlisted=..
//   GET /sync/ratings[/{type}[/{rating}]]
// Shapes follow the blueprint's examples (trakt-api-excerpts-v2.apib), nulls included. Titles that
// other routes serve too (fixtures.mjs, search_fixtures.mjs) are the same objects, ids included, so
// a movie on the watchlist fixture reads as on the watchlist, and history plays count. Integration
// tests import this module to compute what the stand-in serves.

import { MOVIES, SHOWS } from './fixtures.mjs';
import { SEARCH_MOVIES } from './search_fixtures.mjs';
import { pagedResponse } from './paging.mjs';

const clone = (o) => JSON.parse(JSON.stringify(o));
const HEAT = SEARCH_MOVIES.find((e) => e.movie.ids.trakt === 1234).movie;

// extended=full summaries: the fields beyond title, year and ids in the blueprint's key order,
// `extra` over them (also the year's full plays, year_fixtures.mjs).
export function movieFull(base, extra) {
  return {
    ...clone(base),
    tagline: null, overview: null, released: null, runtime: null, country: null, updated_at: '2026-10-01T08:00:00.000Z',
    trailer: null, homepage: null, status: null, rating: 0, votes: 0, comment_count: 0, languages: [],
    available_translations: [], genres: [], certification: null, original_title: base.title,
    ...extra,
  };
}

export function showFull(base, extra) {
  return {
    ...clone(base),
    tagline: null, overview: null, first_aired: null, airs: { day: null, time: null, timezone: null }, runtime: null,
    certification: null, network: null, country: null, updated_at: '2026-10-01T08:00:00.000Z', trailer: null,
    homepage: null, status: null, rating: 0, votes: 0, comment_count: 0, languages: [], available_translations: [],
    genres: [], aired_episodes: 0, original_title: base.title,
    ...extra,
  };
}

export const MOVIE_DETAILS = [
  movieFull(HEAT, {
    tagline: 'A Los Angeles Crime Saga',
    overview: 'Obsessive master thief Neil McCauley leads a top-notch crew on various daring heists throughout Los Angeles while determined detective Vincent Hanna pursues him without rest.\n\nEach man recognizes and respects the ability and the dedication of the other.',
    released: '1995-12-15', runtime: 170, country: 'us', status: 'released', rating: 8.23456, votes: 12345,
    comment_count: 118, languages: ['en', 'es'], genres: ['crime', 'drama', 'thriller'], certification: 'R',
    homepage: 'https://www.warnerbros.com/movies/heat',
  }),
  movieFull(MOVIES.darkKnight, {
    tagline: 'Why So Serious?',
    overview: 'Batman raises the stakes in his war on crime.',
    released: '2008-07-16', runtime: 152, country: 'us', status: 'released', rating: 8.9, votes: 1, genres: ['action', 'crime', 'drama'],
    certification: 'PG-13',
  }),
  movieFull(MOVIES.tron, {
    tagline: 'The Game Has Changed.',
    overview: "Sam Flynn, the tech-savvy and daring son of Kevin Flynn, investigates his father's disappearance and is pulled into The Grid.",
    released: '2010-12-16', runtime: 125, country: 'us', status: 'released', rating: 7.0, votes: 111, genres: ['action'],
    certification: 'PG-13',
  }),
  movieFull(MOVIES.amelie, {
    tagline: 'Elle va changer votre vie.',
    overview: 'Amélie, une jeune serveuse du Café des 2 Moulins à Montmartre, décide de changer la vie des gens qui l\u2028entourent ☕.',
    released: '2001-04-25', runtime: 122, country: 'fr', status: 'released', rating: 7.91, votes: 2345678,
    genres: ['comedy', 'romance'], certification: 'R', original_title: "Le Fabuleux Destin d'Amélie Poulain",
  }),
  // Nothing known but the title: every extended field null, empty or 0.
  movieFull(MOVIES.untitledMovie, {}),
];

export const SHOW_DETAILS = [
  showFull(SHOWS.severance, {
    tagline: 'Work is a mystery.',
    overview: 'Mark leads a team of office workers whose memories have been surgically divided between their work and personal lives.',
    first_aired: '2022-02-18T05:00:00.000Z', airs: { day: 'Friday', time: '09:00', timezone: 'America/New_York' },
    runtime: 50, certification: 'TV-MA', network: 'Apple TV+', country: 'us', status: 'returning series',
    rating: 8.71, votes: 23456, genres: ['drama', 'mystery', 'science-fiction', 'thriller'], aired_episodes: 19,
  }),
  showFull(SHOWS.breakingBad, {
    overview: 'A high school chemistry teacher diagnosed with cancer turns to making crystal meth.',
    first_aired: '2008-01-21T02:00:00.000Z', airs: { day: 'Sunday', time: '21:00', timezone: 'America/New_York' },
    runtime: 47, network: 'AMC', country: 'us', status: 'ended', rating: 9.3, votes: 98765,
    genres: ['drama', 'crime', 'thriller'], aired_episodes: 62,
  }),
  showFull(SHOWS.aot, {
    overview: '巨人がすべてを支配する世界。\n巨人の餌と化した人類は、巨大な壁を築き、壁外への自由と引き換えに侵略を防いでいた。',
    first_aired: '2013-04-06T15:00:00.000Z', airs: { day: 'Sunday', time: '00:10', timezone: 'Asia/Tokyo' },
    runtime: 24, network: 'NHK総合', country: 'jp', status: 'ended', rating: 8.84, votes: 54321,
    genres: ['anime', 'action', 'fantasy'], aired_episodes: 89,
  }),
  // Nothing known but the title.
  showFull(SHOWS.cafe, {}),
];

function findTitle(list, id) {
  const s = String(id);
  return list.find((t) => String(t.ids.trakt) === s || t.ids.slug === s || (t.ids.imdb !== null && t.ids.imdb === s));
}

/** The extended=full summary of a movie / show by trakt id, slug or IMDb id, or undefined. */
export function movieDetails(id) { const m = findTitle(MOVIE_DETAILS, id); return m && clone(m); }
export function showDetails(id) { const s = findTitle(SHOW_DETAILS, id); return s && clone(s); }

/** What `extended` leaves of a summary: without extended=full, title, year and ids only. */
export function summaryView(full, extended) {
  if (String(extended ?? '').split(',').includes('full')) return full;
  return { title: full.title, year: full.year, ids: full.ids };
}

// ---------------------------------------------------------------------------------------------
// Recommendations: best first. favorited_by as in the blueprint (users with notes, or empty).
// ---------------------------------------------------------------------------------------------

const justin = { user: { username: 'justin', private: false, name: 'Justin Nemeth', vip: true, vip_ep: false, ids: { slug: 'justin' } }, notes: 'This is a great documentary about killer whales.' };
const sean = { user: { username: 'sean', private: false, name: null, vip: false, vip_ep: false, ids: { slug: 'sean' } }, notes: null };

export const RECOMMENDED_MOVIES = [
  { ...clone(HEAT), favorited_by: [clone(sean)] },
  { title: 'Blackfish', year: 2013, ids: { trakt: 58, slug: 'blackfish-2013', imdb: 'tt2545118', tmdb: 158999 }, favorited_by: [clone(justin)] },
  { ...clone(MOVIES.inception), favorited_by: [] },
  { ...clone(MOVIES.oldboy), favorited_by: [] },
  { title: 'Waiting for Superman', year: 2010, ids: { trakt: 289, slug: 'waiting-for-superman-2010', imdb: 'tt1566648', tmdb: 39440 }, favorited_by: [] },
  { ...clone(MOVIES.untitledMovie), favorited_by: [] },
  { title: 'Inside Job', year: 2010, ids: { trakt: 329, slug: 'inside-job-2010', imdb: 'tt1645089', tmdb: 44639 }, favorited_by: [clone(justin), clone(sean)] },
  { ...clone(MOVIES.eeaao), favorited_by: [] },
  { ...clone(MOVIES.thor), favorited_by: [] },
  { title: 'Die Brücke über den Fluss', year: 2026, ids: { trakt: 880001, slug: 'die-brucke-uber-den-fluss-2026', imdb: 'tt8800001', tmdb: 880001 }, favorited_by: [] },
  { ...clone(MOVIES.leon), favorited_by: [] },
  { ...clone(MOVIES.madMax), favorited_by: [] },
];

export const RECOMMENDED_SHOWS = [
  { ...clone(SHOWS.dark), favorited_by: [clone(sean)] },
  { ...clone(SHOWS.theBear), favorited_by: [] },
  { ...clone(SHOWS.cafe), favorited_by: [] },
  { ...clone(SHOWS.aot), favorited_by: [] },
  { title: 'Tron: Uprising', year: 2012, ids: { trakt: 34209, slug: 'tron-uprising', tvdb: 258480, imdb: 'tt1812523', tmdb: 34356 }, favorited_by: [] },
];

/** Recommendations for `type` (movies|shows), `limit` (default 10, at most 100) of them. */
export function recommendations(type, limit = 10) {
  const all = type === 'shows' ? RECOMMENDED_SHOWS : RECOMMENDED_MOVIES;
  return clone(all.slice(0, limit));
}

// ---------------------------------------------------------------------------------------------
// The user's ratings (/sync/ratings): newest first.
// ---------------------------------------------------------------------------------------------

const rated = (type, item, rating, rated_at) => ({ rated_at, rating, type, [type]: clone(item) });

export const RATINGS = [
  rated('movie', HEAT, 9, '2026-10-30T20:15:00.000Z'),
  rated('show', SHOWS.severance, 9, '2026-10-12T21:00:00.000Z'),
  rated('movie', MOVIES.darkKnight, 10, '2026-09-01T09:10:11.000Z'),
  rated('movie', MOVIES.amelie, 8, '2026-08-14T18:00:00.000Z'),
  rated('show', SHOWS.breakingBad, 10, '2026-07-02T22:30:00.000Z'),
  rated('movie', MOVIES.parasite, 9, '2026-06-20T19:45:00.000Z'),
];

const RATING_TYPES = { movies: 'movie', shows: 'show', seasons: 'season', episodes: 'episode', all: null };

/** The ratings the stand-in serves for `type` (movies|shows|seasons|episodes|all) and optional `ratings` ("9" or "8,9"). */
export function ratingsView(type = 'all', ratings = null) {
  let items = RATINGS;
  if (RATING_TYPES[type]) items = items.filter((r) => r.type === RATING_TYPES[type]);
  if (ratings) {
    const wanted = String(ratings).split(',').map(Number);
    items = items.filter((r) => wanted.includes(r.rating));
  }
  return clone(items);
}

// ---------------------------------------------------------------------------------------------
// The routes
// ---------------------------------------------------------------------------------------------

const num = (v, dflt) => (v !== null && /^\d+$/.test(v) ? Number(v) : dflt);

/**
 * The stand-in's answer for a route of this module, { status, body, headers }, or null when the
 * path (split into decoded segments) is not one of them.
 */
export function detailsResponse(seg, q, method) {
  const known =
    (['movies', 'shows'].includes(seg[0]) && seg.length === 2) ||
    (seg[0] === 'recommendations' && seg.length === 2) ||
    (seg[0] === 'sync' && seg[1] === 'ratings' && seg.length <= 4);
  if (!known) return null;
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, body: {}, headers: {} };

  if (seg[0] === 'movies' || seg[0] === 'shows') {
    const full = seg[0] === 'movies' ? movieDetails(seg[1]) : showDetails(seg[1]);
    if (!full) return { status: 404, body: {}, headers: {} };
    return { status: 200, body: summaryView(full, q.get('extended')), headers: {} };
  }

  if (seg[0] === 'recommendations') {
    if (!['movies', 'shows'].includes(seg[1])) return { status: 404, body: {}, headers: {} };
    let limit = num(q.get('limit'), 10);
    if (limit < 1) limit = 10;
    if (limit > 100) limit = 100;
    return {
      status: 200, body: recommendations(seg[1], limit),
      headers: { 'X-Pagination-Page': '1', 'X-Pagination-Limit': String(limit) },
    };
  }

  // /sync/ratings[/{type}[/{rating}]]: not paginated unless page or limit is sent
  const type = seg[2] ?? 'all';
  if (!(type in RATING_TYPES)) return { status: 404, body: {}, headers: {} };
  const items = ratingsView(type, seg[3] ?? null);
  return pagedResponse(items, q);
}
