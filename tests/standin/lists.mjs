// Personal lists for the stand-in (tests/standin/server.mjs), in the shapes of Trakt's API blueprint
// (MaxHasADHD/TraktKit docs/api/trakt.apib: "Get a user's personal lists", "Create personal list",
// "Get personal list", "Delete a user's personal list", "Get items on a personal list", "Add items to
// personal list", "Remove items from personal list"):
//
//   GET  /users/{me|username}/lists                    all lists, by rank (not paginated)
//   POST /users/{me|username}/lists                    201 the new list; 420 past limits.list.count
//   GET  /users/{me|username}/lists/{id}               the list (+ user); 404 unknown
//   DELETE /users/{me|username}/lists/{id}             204; 404 unknown
//   GET  /users/{me|username}/lists/{id}/items[/{type}] by rank, paginated with page/limit; 404 unknown
//   POST /users/{me|username}/lists/{id}/items         201 added/existing/not_found/list; 420 past
//                                                      limits.list.item_count (nothing added)
//   POST /users/{me|username}/lists/{id}/items/remove  200 deleted/not_found/list
//
// {id} is the list's Trakt id or slug. State per user (kept beside that user's writes.mjs state, so
// /__standin/reset clears it); every user starts with the fixture lists below. Items are matched like
// the sync writes (writes.mjs resolveBody: any of trakt, slug, imdb, tmdb, tvdb); unknown ones come
// back in not_found as sent. Every write that changed something moves the user's
// last_activities lists.updated_at (and all). Limits: config `list_count_limit` (default 5) and
// `list_item_limit` (default 100), also what /users/settings says (withListLimits). 420 answers carry
// Trakt's headers X-Upgrade-URL, X-VIP-User and X-Account-Limit. With config enforce_write_limit, a
// write less than 1 s after the user's previous one is a 429, as in writes.mjs.

import { resolveBody, typed } from './writes.mjs';
import { bumpActivities } from './activities.mjs';
import { paginate } from './paging.mjs';

export const LIST_ID_BASE = 4243000; // trakt ids of created lists: LIST_ID_BASE + n
export const LIST_ITEM_ID_BASE = 5100000; // list item ids of added entries
const FIXTURE_TIME = '2026-10-01T18:00:00.000Z';
const clone = (o) => JSON.parse(JSON.stringify(o));
const iso = (ms) => new Date(ms).toISOString();
const KINDS = ['movies', 'shows', 'seasons', 'episodes'];

// The fixture lists: sync bodies (resolved against the write catalog, so they can be removed again)
// plus Trakt's list fields. Halloween: 12 items (6 movies, 3 shows, a season, an episode, a person).
const FIXTURES = [
  {
    name: 'Halloween', description: null, privacy: 'private', trakt: 4242001, slug: 'halloween',
    body: {
      movies: [
        { ids: { trakt: 372081 }, notes: 'Nicht allein schauen 😱' }, // Parasite
        { ids: { trakt: 513 } }, // 올드보이
        { ids: { trakt: 6 } }, // The Dark Knight
        { ids: { trakt: 98 } }, // 千と千尋の神隠し
        { ids: { trakt: 68 } }, // Léon: The Professional
        { ids: { trakt: 16662 } }, // Inception
      ],
      shows: [
        { ids: { trakt: 122531 } }, // Dark
        { ids: { trakt: 1420 } }, // 進撃の巨人
        { ids: { trakt: 990001 } }, // Café 🎬 (year null)
        { ids: { trakt: 1 }, seasons: [{ number: 3 }] }, // Breaking Bad season 3
        { ids: { trakt: 154997 }, seasons: [{ number: 1, episodes: [{ number: 1 }] }] }, // Severance S01E01
      ],
    },
    people: [{ name: 'Jamie Lee Curtis', ids: { trakt: 4242, slug: 'jamie-lee-curtis', imdb: 'nm0000130', tmdb: 8944 } }],
  },
  {
    name: 'Für später ☕', description: 'Was noch kommt', privacy: 'link', trakt: 4242002, slug: 'fur-spater',
    body: { movies: [{ ids: { trakt: 1 } }], shows: [{ ids: { trakt: 158040 } }] }, // TRON: Legacy, Shōgun
    people: [],
  },
];

function itemKey(it) {
  if (it.type === 'movie') return `movie:${it.movie.ids.trakt}`;
  if (it.type === 'show') return `show:${it.show.ids.trakt}`;
  if (it.type === 'season') return `season:${it.show.ids.trakt}:${it.season.number}`;
  if (it.type === 'person') return `person:${it.person.ids.trakt}`;
  return `episode:${it.show.ids.trakt}:${it.episode.season}:${it.episode.number}`;
}

function fixtureLists() {
  return FIXTURES.map((f, n) => {
    const items = resolveBody(f.body, 'items').entries.map(({ ref, opts }, i) => typed(ref, {
      rank: i + 1, id: f.trakt * 100 + i + 1, listed_at: FIXTURE_TIME, notes: typeof opts.notes === 'string' ? opts.notes : null,
    }));
    for (const p of f.people) {
      items.push({ rank: items.length + 1, id: f.trakt * 100 + items.length + 1, listed_at: FIXTURE_TIME, notes: null, type: 'person', person: clone(p) });
    }
    return {
      name: f.name, description: f.description, privacy: f.privacy, rank: n + 1,
      created_at: FIXTURE_TIME, updated_at: FIXTURE_TIME, ids: { trakt: f.trakt, slug: f.slug }, items,
    };
  });
}

// Per user: kept with the user's writes.mjs state object (a new one after reset).
const STATES = new WeakMap();
function stateOf(writes) {
  let s = STATES.get(writes);
  if (!s) {
    s = { lists: fixtureLists(), listSeq: 0, itemSeq: 0 };
    STATES.set(writes, s);
  }
  return s;
}

const countLimit = (config) => Number(config.list_count_limit ?? 5);
const itemLimit = (config) => Number(config.list_item_limit ?? 100);

/** /users/settings with the limits Trakt reports (limits.list.count / item_count). */
export function withListLimits(settings, config) {
  return {
    ...settings,
    limits: {
      list: { count: countLimit(config), item_count: itemLimit(config) },
      watchlist: { item_count: 100 },
      favorites: { item_count: 50 },
      search: { recent_count: 5 },
      collection: { item_count: 100 },
      notes: { item_count: 20 },
    },
  };
}

// Trakt's list object (what GET /users/me/lists lists).
function listView(l) {
  return {
    name: l.name, description: l.description, privacy: l.privacy,
    share_link: l.privacy === 'link' ? `https://trakt.tv/lists/share/${l.ids.trakt.toString(16)}` : `https://trakt.tv/lists/${l.ids.trakt}`,
    type: 'personal', display_numbers: false, allow_comments: true, sort_by: 'rank', sort_how: 'asc',
    created_at: l.created_at, updated_at: l.updated_at, item_count: l.items.length, comment_count: 0, likes: 0,
    ids: clone(l.ids),
  };
}

// Slugs as Trakt makes them: ASCII, lowercase, words joined by '-', unique per user.
function slugify(name, taken) {
  const base = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'list';
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}

function limitReached(limit) {
  return { status: 420, body: {}, headers: { 'X-Upgrade-URL': 'https://trakt.tv/vip', 'X-VIP-User': 'false', 'X-Account-Limit': String(limit) } };
}

function parse(text) {
  if (text === undefined || !String(text).trim()) return {};
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

const counts = () => ({ movies: 0, shows: 0, seasons: 0, episodes: 0, people: 0 });
const notFoundOf = (nf) => ({ ...nf, people: [] });

/**
 * Answers a /users/{user}/lists... request: {status, body, headers}, or null when the path is not one
 * of these. r: the server's route arguments ({ctx, seg, q, user, writes, activities}).
 */
export function listsResponse({ ctx, seg, q, user, writes, activities }, config) {
  if (seg[0] !== 'users' || seg[2] !== 'lists' || seg.length > 6) return null;
  if (seg[3] === 'collaborations' || seg[3] === 'reorder') return null;
  const [, who, , id, sub, remove] = seg;
  if (sub !== undefined && sub !== 'items') return null;
  if (remove !== undefined && remove !== 'remove' && !(ctx.method === 'GET' && sub === 'items')) return null;
  if (who !== 'me' && who !== user.username) return { status: 404, body: {}, headers: {} }; // other users' lists: not served
  const state = stateOf(writes);
  const now = Date.now() + Number(config.clock_offset_s || 0) * 1000;
  const list = id === undefined ? null : state.lists.find((l) => String(l.ids.trakt) === id || l.ids.slug === id);
  const allowed = id === undefined ? ['GET', 'HEAD', 'POST'] : sub === undefined ? ['GET', 'HEAD', 'DELETE'] : remove === 'remove' ? ['POST'] : ['GET', 'HEAD', 'POST'];
  if (!allowed.includes(ctx.method)) return { status: 405, body: {}, headers: {} };
  const reading = ctx.method === 'GET' || ctx.method === 'HEAD';
  if (id !== undefined && !list) return { status: 404, body: {}, headers: {} };

  if (reading) {
    if (id === undefined) return { status: 200, body: state.lists.map(listView), headers: {} };
    if (sub === undefined) {
      const body = { ...listView(list), user: { username: user.username, private: false, name: 'Stand-In User', vip: false, vip_ep: false, ids: { slug: user.username } } };
      return { status: 200, body, headers: {} };
    }
    const type = remove; // /items/{type}: movie,show,... (comma list)
    const wanted = type === undefined ? null : type.split(',').map((t) => t.replace(/s$/, '').replace(/^people$/, 'person'));
    const items = list.items.filter((it) => !wanted || wanted.includes(it.type)).sort((a, b) => a.rank - b.rank).map(clone);
    const pg = paginate(items, q);
    return { status: 200, body: pg.items, headers: { 'X-Sort-By': 'rank', 'X-Sort-How': 'asc', 'X-List-ID': String(list.ids.trakt), ...pg.headers } };
  }

  // Writes: paced like writes.mjs (AUTHED_API_POST_LIMIT) when the config asks for it.
  const last = writes.lastWrite.get(user.username);
  if (config.enforce_write_limit && last !== undefined && now - last < 1000) {
    return { status: 429, body: {}, headers: { 'Retry-After': '1' } };
  }
  const body = parse(ctx.body);
  if (body === null) return { status: 400, body: { error: 'bad_request', error_description: 'The request body could not be parsed.' }, headers: {} };
  writes.lastWrite.set(user.username, now);
  const changed = () => bumpActivities(activities, ['lists.updated_at']);

  if (id === undefined) { // create
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    const privacy = body.privacy ?? 'private';
    if (!name || !['private', 'link', 'friends', 'public'].includes(privacy)) {
      return { status: 422, body: { error: 'validation_failed', error_description: 'name is required; privacy must be private, link, friends or public' }, headers: {} };
    }
    if (state.lists.length >= countLimit(config)) return limitReached(countLimit(config));
    state.listSeq += 1;
    const created = {
      name, description: typeof body.description === 'string' ? body.description : null, privacy,
      rank: state.lists.reduce((m, l) => Math.max(m, l.rank), 0) + 1, created_at: iso(now), updated_at: iso(now),
      ids: { trakt: LIST_ID_BASE + state.listSeq, slug: slugify(name, new Set(state.lists.map((l) => l.ids.slug))) }, items: [],
    };
    state.lists.push(created);
    changed();
    return { status: 201, body: listView(created), headers: {} };
  }
  if (sub === undefined) { // delete
    state.lists = state.lists.filter((l) => l !== list);
    changed();
    return { status: 204, body: null, headers: {} };
  }

  const { entries, notFound } = resolveBody(body, 'items');
  const present = new Set(list.items.map(itemKey));
  if (remove === 'remove') {
    const deleted = counts();
    for (const { ref } of entries) {
      const i = list.items.findIndex((it) => itemKey(it) === ref.key);
      if (i < 0) continue; // known, but not on the list: counted nowhere
      list.items.splice(i, 1);
      deleted[`${ref.kind}s`] += 1;
    }
    if (KINDS.some((k) => deleted[k] > 0)) { list.updated_at = iso(now); changed(); }
    return { status: 200, body: { deleted, not_found: notFoundOf(notFound), list: { updated_at: list.updated_at, item_count: list.items.length } }, headers: {} };
  }
  const fresh = entries.filter(({ ref }, i) => !present.has(ref.key) && entries.findIndex((e) => e.ref.key === ref.key) === i);
  if (list.items.length + fresh.length > itemLimit(config)) return limitReached(itemLimit(config));
  const added = counts();
  const existing = counts();
  for (const { ref, opts } of entries) {
    if (present.has(ref.key)) { existing[`${ref.kind}s`] += 1; continue; }
    present.add(ref.key);
    state.itemSeq += 1;
    list.items.push(typed(ref, {
      rank: list.items.reduce((m, it) => Math.max(m, it.rank), 0) + 1, id: LIST_ITEM_ID_BASE + state.itemSeq,
      listed_at: iso(now), notes: typeof opts.notes === 'string' ? opts.notes.slice(0, 500) : null,
    }));
    added[`${ref.kind}s`] += 1;
  }
  if (KINDS.some((k) => added[k] > 0)) { list.updated_at = iso(now); changed(); }
  return { status: 201, body: { added, existing, not_found: notFoundOf(notFound), list: { updated_at: list.updated_at, item_count: list.items.length } }, headers: {} };
}
