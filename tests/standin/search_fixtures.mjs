// Text search for the Trakt stand-in: GET /search/{types}?query=..[&years=..][&page=..&limit=..].
// Shapes follow the blueprint's /search example (type, score, and the movie / show / person with
// minimal info), nulls included. Matching is a case-insensitive substring of the title or name
// (Trakt's engine is fuzzier); results are ordered by score, highest first, then by trakt id.
// Integration tests may import this module to compute what the stand-in serves. Titles that the
// other routes serve too (Amélie, Severance, ...) are the same objects, ids included.

import { MOVIES, SHOWS } from './fixtures.mjs';

export const SEARCH_MOVIES = [
  { score: 1000, movie: { title: 'Heat', year: 1995, ids: { trakt: 1234, slug: 'heat-1995', imdb: 'tt0113277', tmdb: 949 } } },
  { score: 310, movie: { title: 'The Heat', year: 2013, ids: { trakt: 82350, slug: 'the-heat-2013', imdb: 'tt2404463', tmdb: 136795 } } },
  { score: 120, movie: { title: 'Heat Lightning', year: null, ids: { trakt: 990020, slug: 'heat-lightning', imdb: null, tmdb: null } } },
  { score: 900, movie: MOVIES.amelie },
  { score: 880, movie: MOVIES.tron },
  { score: 870, movie: MOVIES.spirited },
  { score: 500, movie: MOVIES.untitledMovie },
  { score: 860, movie: MOVIES.leon },
];

export const SEARCH_SHOWS = [
  { score: 950, show: SHOWS.severance },
  { score: 400, show: { title: 'Heat Seekers', year: 2015, ids: { trakt: 990010, slug: null, tvdb: null, imdb: 'tt4400001', tmdb: null } } },
  { score: 940, show: SHOWS.aot },
  { score: 600, show: SHOWS.cafe },
  { score: 700, show: { title: 'Tron: Uprising', year: 2012, ids: { trakt: 34209, slug: 'tron-uprising', tvdb: 258480, imdb: 'tt1812523', tmdb: 34356 } } },
];

export const SEARCH_PEOPLE = [
  { score: 800, person: { name: 'Jeff Bridges', ids: { trakt: 4173, slug: 'jeff-bridges', imdb: 'nm0000313', tmdb: 1229 } } },
  { score: 350, person: { name: 'Heather Graham', ids: { trakt: 9671, slug: 'heather-graham', imdb: 'nm0001287', tmdb: 69122 } } },
  { score: 750, person: { name: 'Audrey Tautou', ids: { trakt: 2470, slug: 'audrey-tautou', imdb: null, tmdb: 3829 } } },
  { score: 740, person: { name: '梶裕貴', ids: { trakt: 120412, slug: 'yuki-kaji', imdb: 'nm3226467', tmdb: 119143 } } },
];

export const SEARCH_TYPES = ['movie', 'show', 'episode', 'person', 'list'];

const clone = (o) => JSON.parse(JSON.stringify(o));

function entries() {
  return [
    ...SEARCH_MOVIES.map((e) => ({ type: 'movie', score: e.score, movie: e.movie })),
    ...SEARCH_SHOWS.map((e) => ({ type: 'show', score: e.score, show: e.show })),
    ...SEARCH_PEOPLE.map((e) => ({ type: 'person', score: e.score, person: e.person })),
  ];
}

const textOf = (e) => (e[e.type].title ?? e[e.type].name ?? '');

// `years`: "1995" or "1990-1999"; null when absent, undefined when malformed.
function parseYears(v) {
  if (v === null || v === '') return null;
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(v);
  if (!m) return undefined;
  return { from: Number(m[1]), to: Number(m[2] ?? m[1]) };
}

/** Every result for `types` (array), `query` and `years` ("YYYY" or "YYYY-YYYY" or null), all pages. */
export function searchResults(types, query, years = null) {
  const q = String(query).toLocaleLowerCase();
  const y = parseYears(years);
  return entries()
    .filter((e) => types.includes(e.type))
    .filter((e) => textOf(e).toLocaleLowerCase().includes(q))
    // People have no year: a year filter leaves them out.
    .filter((e) => !y || (e.type !== 'person' && e[e.type].year !== null && e[e.type].year >= y.from && e[e.type].year <= y.to))
    .sort((a, b) => b.score - a.score || a[a.type].ids.trakt - b[b.type].ids.trakt)
    .map(clone);
}

/** The stand-in's answer to GET /search/{typesSegment}: { status, body, headers }. */
export function searchResponse(typesSegment, params) {
  const types = typesSegment.split(',');
  if (types.some((t) => !SEARCH_TYPES.includes(t))) return { status: 404, body: {}, headers: {} };
  const query = params.get('query');
  if (query === null || query === '') {
    return { status: 400, body: { error: 'bad_request', error_description: 'query is required' }, headers: {} };
  }
  const years = parseYears(params.get('years'));
  if (years === undefined) {
    return { status: 400, body: { error: 'bad_request', error_description: 'years must be YYYY or YYYY-YYYY' }, headers: {} };
  }
  const all = searchResults(types, query, params.get('years'));
  const num = (v, dflt) => (v !== null && /^\d+$/.test(v) ? Number(v) : dflt);
  const page = Math.max(1, num(params.get('page'), 1));
  let limit = num(params.get('limit'), 10);
  if (limit < 1) limit = 10;
  if (limit > 100) limit = 100;
  return {
    status: 200,
    body: all.slice((page - 1) * limit, page * limit),
    headers: {
      'X-Pagination-Page': String(page), 'X-Pagination-Limit': String(limit),
      'X-Pagination-Page-Count': String(Math.ceil(all.length / limit)), 'X-Pagination-Item-Count': String(all.length),
    },
  };
}
