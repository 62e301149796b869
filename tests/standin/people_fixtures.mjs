// Related titles, cast and crew, and people's credits for the Trakt stand-in (get_related, get_people),
// public like search (the client id is enough):
//   GET /movies|shows/{id}/related?page=&limit=      bare titles, paged
//   GET /movies|shows/{id}/people                    {cast: [{characters, person}], crew: {department: [{jobs, person}]}}
//   GET /people/{id}/movies, GET /people/{id}/shows  the same shape the other way: {characters | jobs, movie | show}
// and, with the login, GET /sync/watched/movies (the user's watched movies, for discover's "(seen)").
// An id is a Trakt id, slug or IMDb id; an unknown one is a 404, as at Trakt. Shapes follow Trakt's (the
// deprecated `character` / `job` strings beside the arrays, `episode_count` and `series_regular` for shows),
// nulls and Unicode included, and one cast entry per title names no one (person null). Titles that other
// routes serve are the same objects, ids included. Integration tests import this module to know what is served.

import { MOVIES, SHOWS } from './fixtures.mjs';
import { SEARCH_MOVIES } from './search_fixtures.mjs';

const clone = (o) => JSON.parse(JSON.stringify(o));
export const HEAT = SEARCH_MOVIES.find((e) => e.movie.ids.trakt === 1234).movie;

const person = (name, trakt, slug, imdb = null) => ({ name, ids: { trakt, slug, imdb, tmdb: null } });
export const PEOPLE = {
  adamScott: person('Adam Scott', 17436, 'adam-scott', 'nm0779584'),
  brittLower: person('Britt Lower', 212441, 'britt-lower'),
  zachCherry: person('Zach Cherry', 402553, 'zach-cherry'),
  tramell: person('Tramell Tillman', 1044225, 'tramell-tillman'),
  turturro: person('John Turturro', 1210, 'john-turturro', 'nm0001807'),
  walken: person('Christopher Walken', 4690, 'christopher-walken', 'nm0000686'),
  arquette: person('Patricia Arquette', 2441, 'patricia-arquette'),
  dichen: person('Dichen Lachman', 80411, 'dichen-lachman'),
  jen: person('Jen Tullock', 519876, 'jen-tullock'),
  olafur: person('Ólafur Darri Ólafsson', 99871, null),
  michael: person('Michael Chernus', 12840, 'michael-chernus'),
  benStiller: person('Ben Stiller', 7399, 'ben-stiller', 'nm0001774'),
  aoife: person('Aoife McArdle', 1383447, 'aoife-mcardle'),
  danErickson: person('Dan Erickson', 1909931, 'dan-erickson'),
  anna: person('Anna Ouyang Moench', 1455337, 'anna-ouyang-moench'),
  pacino: person('Al Pacino', 1158, 'al-pacino', 'nm0000199'),
  deNiro: person('Robert De Niro', 380, 'robert-de-niro', 'nm0000134'),
  kilmer: person('Val Kilmer', 5576, 'val-kilmer'),
  mann: person('Michael Mann', 638, 'michael-mann', 'nm0000520'),
  kaji: person('梶裕貴', 120412, 'yuki-kaji', 'nm3226467'),
  nobody: person('Nobody Yet', 990100, 'nobody-yet'),
};

const NOBODY = { character: 'Extra', characters: ['Extra'], person: null };
const cast = (p, characters, extra = {}) => ({
  character: (characters ?? []).join(', '), characters, ...extra, person: clone(p),
});
const crew = (p, jobs, extra = {}) => ({ job: jobs[0], jobs, ...extra, person: clone(p) });

// /shows/{id}/people and /movies/{id}/people, by the title's Trakt id.
const TITLE_PEOPLE = new Map([
  [SHOWS.severance.ids.trakt, {
    cast: [
      cast(PEOPLE.adamScott, ['Mark Scout'], { episode_count: 19 }),
      cast(PEOPLE.brittLower, ['Helly R.', 'Helena Eagan'], { episode_count: 19 }),
      cast(PEOPLE.zachCherry, ['Dylan George'], { episode_count: 19 }),
      NOBODY,
      cast(PEOPLE.tramell, ['Seth Milchick'], { episode_count: 19 }),
      cast(PEOPLE.turturro, ['Irving Bailiff'], { episode_count: 18 }),
      cast(PEOPLE.walken, ['Burt Goodman'], { episode_count: 12 }),
      cast(PEOPLE.arquette, ['Harmony Cobel'], { episode_count: 19 }),
      cast(PEOPLE.dichen, ['Ms. Casey', 'Gemma'], { episode_count: 11 }),
      { character: null, characters: null, episode_count: 9, person: clone(PEOPLE.jen) },
      cast(PEOPLE.olafur, [], { episode_count: 3 }),
      cast(PEOPLE.michael, ['Devon Scout-Hale'], { episode_count: 10 }),
    ],
    crew: {
      production: [crew(PEOPLE.benStiller, ['Executive Producer'], { episode_count: 19 })],
      directing: [
        crew(PEOPLE.benStiller, ['Director'], { episode_count: 11 }),
        crew(PEOPLE.aoife, ['Director'], { episode_count: 3 }),
      ],
      writing: [
        crew(PEOPLE.danErickson, ['Writer'], { episode_count: 19 }),
        crew(PEOPLE.anna, ['Writer', 'Story'], { episode_count: 3 }),
      ],
      'costume & make-up': [crew(PEOPLE.nobody, ['Costume Designer'])],
      'created by': [crew(PEOPLE.danErickson, ['Creator'])],
    },
  }],
  [SHOWS.aot.ids.trakt, {
    cast: [cast(PEOPLE.kaji, ['エレン・イェーガー (声)'], { episode_count: 89 })],
    crew: {},
  }],
  [HEAT.ids.trakt, {
    cast: [
      cast(PEOPLE.pacino, ['Lt. Vincent Hanna']),
      cast(PEOPLE.deNiro, ['Neil McCauley']),
      cast(PEOPLE.kilmer, ['Chris Shiherlis']),
      NOBODY,
    ],
    crew: {
      writing: [crew(PEOPLE.mann, ['Screenplay'])],
      production: [crew(PEOPLE.mann, ['Producer'])],
      directing: [crew(PEOPLE.mann, ['Director'])],
    },
  }],
]);

// /{movies|shows}/{id}/related, by the title's Trakt id: bare titles, one unreadable (no title).
const RELATED = new Map([
  [SHOWS.severance.ids.trakt, [SHOWS.dark, SHOWS.theBear, SHOWS.leftovers, { year: 2001, ids: { trakt: 5 } },
    SHOWS.aot, SHOWS.cafe, SHOWS.untitledSeries, SHOWS.breakingBad]],
  [HEAT.ids.trakt, [MOVIES.leon, MOVIES.darkKnight, MOVIES.inception, MOVIES.madMax, MOVIES.parasite]],
  [SHOWS.aot.ids.trakt, []],
]);

const STEP_BROTHERS = { title: 'Step Brothers', year: 2008, ids: { trakt: 9011, slug: 'step-brothers-2008', imdb: 'tt0838283', tmdb: 12133 } };
const WALTER_MITTY = { title: 'The Secret Life of Walter Mitty', year: 2013, ids: { trakt: 80264, slug: 'the-secret-life-of-walter-mitty-2013', imdb: 'tt0359950', tmdb: 116745 } };
const UNTITLED = { title: 'Untitled Adam Scott Project', year: null, ids: { trakt: 990110, slug: 'untitled-adam-scott-project', imdb: null, tmdb: null } };
const ZOOLANDER = { title: 'Zoolander', year: 2001, ids: { trakt: 4263, slug: 'zoolander-2001', imdb: 'tt0196229', tmdb: 9398 } };
const BIG_LITTLE_LIES = { title: 'Big Little Lies', year: 2017, ids: { trakt: 108531, slug: 'big-little-lies', tvdb: 315713, imdb: 'tt3920596', tmdb: 66292 } };

const credit = (kind, title, characters, extra = {}) => ({
  character: (characters ?? []).join(', '), characters, ...extra, [kind]: clone(title),
});
const job = (kind, title, jobs) => ({ job: jobs[0], jobs, [kind]: clone(title) });

// /people/{id}/movies and /people/{id}/shows, by the person's Trakt id.
const CREDITS = new Map([
  [PEOPLE.adamScott.ids.trakt, {
    movies: {
      cast: [
        credit('movie', STEP_BROTHERS, ['Derek']),
        credit('movie', UNTITLED, []),
        credit('movie', WALTER_MITTY, ['Ted Hendricks']),
        { characters: ['Nobody'], movie: null },
      ],
      crew: {},
    },
    shows: {
      cast: [
        credit('show', SHOWS.parks, ['Ben Wyatt'], { episode_count: 91, series_regular: true }),
        credit('show', SHOWS.severance, ['Mark Scout'], { episode_count: 19, series_regular: true }),
        credit('show', BIG_LITTLE_LIES, ['Ed Mackenzie'], { episode_count: 14, series_regular: true }),
      ],
      crew: { production: [job('show', SHOWS.severance, ['Executive Producer'])] },
    },
  }],
  [PEOPLE.benStiller.ids.trakt, {
    movies: {
      cast: [credit('movie', ZOOLANDER, ['Derek Zoolander'])],
      crew: { directing: [job('movie', ZOOLANDER, ['Director'])], writing: [job('movie', ZOOLANDER, ['Screenplay', 'Story'])] },
    },
    shows: {
      cast: [],
      crew: {
        directing: [job('show', SHOWS.severance, ['Director'])],
        production: [job('show', SHOWS.severance, ['Executive Producer'])],
      },
    },
  }],
  [PEOPLE.kaji.ids.trakt, {
    movies: { cast: [], crew: {} },
    shows: { cast: [credit('show', SHOWS.aot, ['エレン・イェーガー (声)'], { episode_count: 89, series_regular: true })], crew: {} },
  }],
  [PEOPLE.nobody.ids.trakt, { movies: { cast: [], crew: {} }, shows: { cast: [], crew: {} } }],
]);

// The user's watched movies (/sync/watched/movies): Heat and Amélie.
export const WATCHED_MOVIES = [
  { plays: 2, last_watched_at: '2026-11-02T20:00:00.000Z', last_updated_at: '2026-11-02T20:00:00.000Z', movie: HEAT },
  { plays: 1, last_watched_at: '2025-03-01T19:00:00.000Z', last_updated_at: '2025-03-01T19:00:00.000Z', movie: MOVIES.amelie },
];

const ALL_TITLES = { movies: [HEAT, ...Object.values(MOVIES)], shows: Object.values(SHOWS) };

// The Trakt id that `id` (Trakt id, slug or IMDb id) names among `things`, or undefined.
function traktIdOf(things, id) {
  const t = things.find((x) => String(x.ids.trakt) === id || x.ids.slug === id || (x.ids.imdb && x.ids.imdb === id));
  return t?.ids.trakt;
}

export const titlePeople = (kind, id) => TITLE_PEOPLE.get(traktIdOf(ALL_TITLES[kind], id));
export const relatedTitles = (kind, id) => RELATED.get(traktIdOf(ALL_TITLES[kind], id));
export const personCredits = (id) => CREDITS.get(traktIdOf(Object.values(PEOPLE), id));

/** The answer to GET /{kind}/{id}/{what} ({status, body, headers}), or null when no route of this module serves it. */
export function peopleResponse(kind, id, what, q) {
  const notFound = { status: 404, body: {}, headers: {} };
  if (kind === 'people') {
    if (what !== 'movies' && what !== 'shows') return null;
    const c = personCredits(id);
    return c ? { status: 200, body: clone(c[what]), headers: {} } : notFound;
  }
  if (what === 'people') {
    const p = titlePeople(kind, id);
    return p ? { status: 200, body: clone(p), headers: {} } : notFound;
  }
  if (what !== 'related') return null;
  const all = relatedTitles(kind, id);
  if (!all) return notFound;
  const page = Math.max(1, Number(q.get('page') ?? 1) || 1);
  const limit = Math.max(1, Math.min(100, Number(q.get('limit') ?? 10) || 10));
  return {
    status: 200,
    body: clone(all.slice((page - 1) * limit, page * limit)),
    headers: {
      'X-Pagination-Page': String(page), 'X-Pagination-Limit': String(limit),
      'X-Pagination-Page-Count': String(Math.max(1, Math.ceil(all.length / limit))),
      'X-Pagination-Item-Count': String(all.length),
    },
  };
}
