// Trakt's charts for the stand-in: GET /{movies|shows}/{trending|popular|anticipated}?page=&limit=,
// public like search. Trending items carry `watchers`, anticipated ones `list_count`, popular ones are
// the bare title (the blueprint's shapes). One item per chart is unreadable (no title object), so the
// "skipped" note is exercised. Integration tests import this module to know what is served.

import { SEARCH_MOVIES, SEARCH_SHOWS } from './search_fixtures.mjs';

const movies = SEARCH_MOVIES.map((r) => r.movie);
const shows = SEARCH_SHOWS.map((r) => r.show);

function chart(kind, titles, list) {
  const items = titles.map((t, i) => {
    if (list === 'popular') return t;
    if (list === 'trending') return { watchers: 1500 - 100 * i, [kind]: t };
    return { list_count: 20000 - 1000 * i, [kind]: t };
  });
  items.push(list === 'popular' ? { year: 2001 } : { watchers: 1, [kind]: null });
  return items;
}

export const CHARTS = {};
for (const list of ['trending', 'popular', 'anticipated']) {
  CHARTS[`movies/${list}`] = chart('movie', movies, list);
  CHARTS[`shows/${list}`] = chart('show', shows, list);
}

// The response for a chart path (without the leading slash), or null when it is not one.
export function chartResponse(path, params) {
  const items = CHARTS[path];
  if (!items) return null;
  const limit = Math.max(1, Math.min(100, Number(params.get('limit') ?? 10)));
  const page = Math.max(1, Number(params.get('page') ?? 1));
  const slice = items.slice((page - 1) * limit, page * limit);
  const pageCount = Math.max(1, Math.ceil(items.length / limit));
  return {
    status: 200,
    body: slice,
    headers: {
      'X-Pagination-Page': String(page), 'X-Pagination-Limit': String(limit),
      'X-Pagination-Page-Count': String(pageCount), 'X-Pagination-Item-Count': String(items.length),
    },
  };
}
