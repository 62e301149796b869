// Trakt's paging, as every paged endpoint of the stand-in answers it: `page` (from 1) and `limit`
// (10 by default, at most 250), and the X-Pagination-* headers. Endpoints that Trakt pages only
// when asked (ratings, list items, playback) pass through unpaged without page or limit.

export function intParam(v, dflt) {
  if (v === null || v === undefined || v === '') return dflt;
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : dflt;
}

/** {items, headers}: one page of `items`; all of them, no headers, when neither page nor limit is sent unless `always`. */
export function paginate(items, q, always = false) {
  if (!always && !q.has('page') && !q.has('limit')) return { items, headers: {} };
  const page = Math.max(1, intParam(q.get('page'), 1));
  let limit = intParam(q.get('limit'), 10);
  if (limit < 1) limit = 10;
  if (limit > 250) limit = 250;
  return {
    items: items.slice((page - 1) * limit, page * limit),
    headers: {
      'X-Pagination-Page': String(page), 'X-Pagination-Limit': String(limit),
      'X-Pagination-Page-Count': String(Math.ceil(items.length / limit)), 'X-Pagination-Item-Count': String(items.length),
    },
  };
}

/** The same as a response: {status: 200, body, headers}. */
export function pagedResponse(items, q) {
  const pg = paginate(items, q);
  return { status: 200, body: pg.items, headers: pg.headers };
}
