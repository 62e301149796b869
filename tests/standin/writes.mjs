// Trakt's write endpoints for the stand-in (tests/standin/server.mjs), in the blueprint's shapes
// (trakt-api-excerpts-v2.apib: "Add items to watchlist", "Remove items from watchlist", "Add items
// to watched history", "Remove items from history", "Add new ratings", "Remove ratings", "Check
// into an item", "Delete any active checkins"):
//
//   POST /sync/watchlist, /sync/watchlist/remove, /sync/history, /sync/history/remove,
//        /sync/ratings, /sync/ratings/remove, /checkin;   DELETE /checkin
//
// The state is a set of changes on top of the fixtures (fixtures.mjs, details_fixtures.mjs); the
// read routes pass their fixture lists through applyWatchlist / applyHistory / ratingsResponse, so
// what a client writes shows up in its next read. Items are matched by any of trakt, slug, imdb,
// tmdb, tvdb against the titles the stand-in knows (catalog below); others go to not_found as sent.

import { MOVIES, SHOWS, watchlistItems, historyItems, HISTORY_ID_BASE, WATCHLIST_TYPES } from './fixtures.mjs';
import { MOVIE_DETAILS, SHOW_DETAILS, ratingsView } from './details_fixtures.mjs';
import { showProgress } from './upnext_fixtures.mjs';
import { pagedResponse } from './paging.mjs';

const clone = (o) => JSON.parse(JSON.stringify(o));
const ID_KEYS = ['trakt', 'slug', 'imdb', 'tmdb', 'tvdb'];
const KINDS = ['movies', 'shows', 'seasons', 'episodes'];
const SINGULAR = { movies: 'movie', shows: 'show', seasons: 'season', episodes: 'episode' };
const DEFAULT_RUNTIME_MIN = 60;
export const WRITE_ID_BASE = HISTORY_ID_BASE + 1000; // history ids of added plays: above every fixture id
export const WATCHLIST_ADDED_ID_BASE = 9002000; // watchlist item ids of added entries (fixture: 9001001..)

// ---------------------------------------------------------------------------------------------
// Catalog: what the stand-in knows, and how a sent object is matched to it
// ---------------------------------------------------------------------------------------------

const minimal = (t) => ({ title: t.title, year: t.year, ids: clone(t.ids) });

function buildCatalog() {
  const movies = new Map(); // trakt -> {obj, released, runtime}
  const shows = new Map(); // trakt -> {obj, runtime}
  for (const m of Object.values(MOVIES)) movies.set(m.ids.trakt, { obj: minimal(m), released: null, runtime: null });
  for (const d of MOVIE_DETAILS) {
    const prev = movies.get(d.ids.trakt);
    movies.set(d.ids.trakt, { obj: prev ? prev.obj : minimal(d), released: d.released, runtime: d.runtime });
  }
  for (const s of Object.values(SHOWS)) shows.set(s.ids.trakt, { obj: minimal(s), runtime: null });
  for (const d of SHOW_DETAILS) {
    const prev = shows.get(d.ids.trakt);
    shows.set(d.ids.trakt, { obj: prev ? prev.obj : minimal(d), runtime: d.runtime });
  }
  // Seasons and episodes with ids of their own: the watchlist and history fixtures.
  const seasons = new Map(); // "show:season" -> {number, ids}
  const episodes = new Map(); // "show:season:number" -> {season, number, title, ids}
  for (const it of watchlistItems()) {
    if (it.type === 'season') seasons.set(`${it.show.ids.trakt}:${it.season.number}`, clone(it.season));
    if (it.type === 'episode') episodes.set(`${it.show.ids.trakt}:${it.episode.season}:${it.episode.number}`, clone(it.episode));
  }
  for (const it of historyItems(65)) { // the first 65 plays hold every HISTORY_EPISODES entry
    if (it.type !== 'episode') continue;
    const k = `${it.show.ids.trakt}:${it.episode.season}:${it.episode.number}`;
    if (!episodes.has(k)) episodes.set(k, clone(it.episode));
  }
  // Season structure (aired episodes per season) where the up-next fixtures know it.
  const structure = new Map(); // show trakt -> Map(season -> episode count)
  for (const { obj } of shows.values()) {
    const p = showProgress({}, String(obj.ids.trakt), new URLSearchParams('hidden=true&specials=false'));
    if (p && Array.isArray(p.seasons)) structure.set(obj.ids.trakt, new Map(p.seasons.map((s) => [s.number, s.episodes.length])));
  }
  return { movies, shows, seasons, episodes, structure };
}

let CATALOG = null;
const catalog = () => (CATALOG ??= buildCatalog());

function idsMatch(have, sent) {
  if (!sent || typeof sent !== 'object') return false;
  let any = false;
  for (const k of ID_KEYS) {
    const v = sent[k];
    if (v === undefined || v === null || v === '') continue;
    any = true;
    if (have[k] === undefined || have[k] === null || String(have[k]) !== String(v)) return false;
  }
  return any;
}

const findMovie = (sent) => [...catalog().movies.values()].find((m) => idsMatch(m.obj.ids, sent?.ids));
const findShow = (sent) => [...catalog().shows.values()].find((s) => idsMatch(s.obj.ids, sent?.ids));

function seasonExists(showTrakt, number) {
  const st = catalog().structure.get(showTrakt);
  if (st) return st.has(number);
  return Number.isInteger(number) && number >= 0 && number <= 100;
}
function episodeExists(showTrakt, season, number) {
  const st = catalog().structure.get(showTrakt);
  if (st) return st.has(season) && number >= 1 && number <= st.get(season);
  return Number.isInteger(season) && season >= 0 && Number.isInteger(number) && number >= 1 && number <= 500;
}

// Resolved items: {kind: movie|show|season|episode, key, movie?|show?, season?, episode?, meta}
function movieRef(m) { return { kind: 'movie', key: `movie:${m.obj.ids.trakt}`, movie: clone(m.obj), meta: m }; }
function showRef(s) { return { kind: 'show', key: `show:${s.obj.ids.trakt}`, show: clone(s.obj), meta: s }; }
function seasonRef(s, number) {
  const t = s.obj.ids.trakt;
  const known = catalog().seasons.get(`${t}:${number}`);
  return { kind: 'season', key: `season:${t}:${number}`, season: known ? clone(known) : { number, ids: { tvdb: null, tmdb: null } }, show: clone(s.obj), meta: s };
}
function episodeRef(s, season, number) {
  const t = s.obj.ids.trakt;
  const known = catalog().episodes.get(`${t}:${season}:${number}`);
  const ep = known ? clone(known) : { season, number, title: null, ids: { trakt: t * 1000 + season * 100 + number, tvdb: null, imdb: null, tmdb: null } };
  return { kind: 'episode', key: `episode:${t}:${season}:${number}`, episode: ep, show: clone(s.obj), meta: s };
}

function findSeasonById(sent) {
  for (const [k, season] of catalog().seasons) {
    if (!idsMatch(season.ids, sent?.ids)) continue;
    const [t, n] = k.split(':').map(Number);
    return seasonRef(catalog().shows.get(t), n);
  }
  return null;
}
function findEpisodeById(sent) {
  for (const [k, ep] of catalog().episodes) {
    if (!idsMatch(ep.ids, sent?.ids)) continue;
    const [t, s, n] = k.split(':').map(Number);
    return episodeRef(catalog().shows.get(t), s, n);
  }
  // Synthetic ids (show*1000 + season*100 + number) of shows whose structure is known
  const tid = Number(sent?.ids?.trakt);
  if (Number.isInteger(tid) && tid > 1000 && Object.keys(sent.ids).length === 1) {
    const t = Math.floor(tid / 1000), s = Math.floor((tid % 1000) / 100), n = tid % 100;
    const show = catalog().shows.get(t);
    if (show && catalog().structure.has(t) && episodeExists(t, s, n)) return episodeRef(show, s, n);
  }
  return null;
}

// Every episode of a show (or of one season), as far as the stand-in knows them.
function episodesOf(show, seasonNumber = null) {
  const t = show.obj.ids.trakt;
  const out = [];
  const st = catalog().structure.get(t);
  if (st) {
    for (const [s, count] of st) {
      if (seasonNumber !== null && s !== seasonNumber) continue;
      for (let n = 1; n <= count; n++) out.push(episodeRef(show, s, n));
    }
    return out;
  }
  for (const k of catalog().episodes.keys()) {
    const [kt, s, n] = k.split(':').map(Number);
    if (kt === t && (seasonNumber === null || s === seasonNumber)) out.push(episodeRef(show, s, n));
  }
  return out.sort((a, b) => a.episode.season - b.episode.season || a.episode.number - b.episode.number);
}

/**
 * Resolves a sync body ({movies, shows, seasons, episodes}) to entries
 * {ref, sent, kind (the body's array)}, and not_found (the objects as sent, by array).
 * expand: how a show's seasons/episodes are read:
 *   'items'    - a show alone is the show, seasons[] without episodes are seasons (watchlist, ratings)
 *   'episodes' - a show or season stands for its episodes (history)
 * Per-level fields (watched_at, rating, rated_at, notes) are inherited downwards into `opts`.
 */
export function resolveBody(body, expand) {
  const out = [];
  const notFound = { movies: [], shows: [], seasons: [], episodes: [] };
  const arr = (k) => (Array.isArray(body?.[k]) ? body[k] : []);
  const own = (o, inherit) => {
    const r = { ...inherit };
    for (const f of ['watched_at', 'rating', 'rated_at', 'notes']) if (o && o[f] !== undefined) r[f] = o[f];
    return r;
  };
  for (const sent of arr('movies')) {
    const m = findMovie(sent);
    if (m) out.push({ ref: movieRef(m), opts: own(sent, {}), sent });
    else notFound.movies.push(sent);
  }
  for (const sent of arr('shows')) {
    const s = findShow(sent);
    if (!s) { notFound.shows.push(sent); continue; }
    const showOpts = own(sent, {});
    const seasons = Array.isArray(sent.seasons) ? sent.seasons : null;
    if (!seasons) {
      if (expand === 'episodes') for (const e of episodesOf(s)) out.push({ ref: e, opts: showOpts });
      else out.push({ ref: showRef(s), opts: showOpts, sent });
      continue;
    }
    let bad = false;
    for (const se of seasons) {
      const sn = Number(se?.number);
      if (!Number.isInteger(sn) || !seasonExists(s.obj.ids.trakt, sn)) { bad = true; continue; }
      const seOpts = own(se, showOpts);
      if (Array.isArray(se.episodes)) {
        for (const ep of se.episodes) {
          const en = Number(ep?.number);
          if (!Number.isInteger(en) || !episodeExists(s.obj.ids.trakt, sn, en)) { bad = true; continue; }
          out.push({ ref: episodeRef(s, sn, en), opts: own(ep, seOpts), sent });
        }
      } else if (expand === 'episodes') {
        for (const e of episodesOf(s, sn)) out.push({ ref: e, opts: seOpts });
      } else {
        out.push({ ref: seasonRef(s, sn), opts: seOpts, sent });
      }
    }
    if (bad) notFound.shows.push(sent);
  }
  for (const sent of arr('seasons')) {
    const r = findSeasonById(sent);
    if (!r) { notFound.seasons.push(sent); continue; }
    if (expand === 'episodes') for (const e of episodesOf(r.meta, r.season.number)) out.push({ ref: e, opts: own(sent, {}) });
    else out.push({ ref: r, opts: own(sent, {}), sent });
  }
  for (const sent of arr('episodes')) {
    const r = findEpisodeById(sent);
    if (r) out.push({ ref: r, opts: own(sent, {}), sent });
    else notFound.episodes.push(sent);
  }
  return { entries: out, notFound };
}

const counts = () => ({ movies: 0, shows: 0, seasons: 0, episodes: 0 });
const plural = (kind) => `${kind}s`;

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

export function createWriteState() {
  return {
    wlRemoved: new Set(), // keys of fixture watchlist items removed
    wlAdded: [], // watchlist items added (full item shape) with .key
    wlUpdatedAt: null,
    wlSeq: 0,
    histAdded: [], // history plays added (full item shape) with .key (non-enumerable)
    histRemovedIds: new Set(), // fixture history ids removed
    histRemovedKeys: new Set(), // fixture plays of these items removed
    histSeq: 0,
    ratingsSet: new Map(), // key -> rating item (rated_at, rating, type, ...)
    ratingsRemoved: new Set(), // keys of fixture ratings removed (or overridden)
    checkin: null, // {id, expiresAt (ms), watchedAt (ms), key}
    lastWrite: new Map(), // username -> ms of the last accepted write
  };
}

const iso = (ms) => new Date(ms).toISOString();
const withKey = (obj, key) => Object.defineProperty(obj, 'key', { value: key, enumerable: false });

function itemKey(it) {
  if (it.type === 'movie') return `movie:${it.movie.ids.trakt}`;
  if (it.type === 'show') return `show:${it.show.ids.trakt}`;
  if (it.type === 'season') return `season:${it.show.ids.trakt}:${it.season.number}`;
  return `episode:${it.show.ids.trakt}:${it.episode.season}:${it.episode.number}`;
}

// ---------------------------------------------------------------------------------------------
// Reads: the fixture lists as the writes left them
// ---------------------------------------------------------------------------------------------

function currentWatchlist(state) {
  return [...watchlistItems().filter((it) => !state.wlRemoved.has(itemKey(it))), ...state.wlAdded];
}

/** The watchlist view (fixture items already filtered by type and sorted) with the writes applied. */
export function applyWatchlist(state, items, type = 'all', sortBy = 'rank', sortHow = 'asc') {
  if (!state.wlRemoved.size && !state.wlAdded.length) return items;
  const want = type === 'all' ? null : WATCHLIST_TYPES[type];
  const out = items.filter((it) => !state.wlRemoved.has(itemKey(it)));
  for (const it of state.wlAdded) if (!want || it.type === want) out.push(clone(it));
  if (!['rank', 'added', 'released', 'title'].includes(sortBy)) sortBy = 'rank';
  const key = {
    rank: (it) => it.rank,
    added: (it) => it.listed_at,
    title: (it) => (it.movie ?? it.show).title.toLowerCase(),
    released: (it) => (it.movie ?? it.show).year,
  }[sortBy];
  const dir = sortHow === 'desc' ? -1 : 1;
  return out.sort((a, b) => { // the comparator of fixtures.mjs watchlistView
    const ka = key(a), kb = key(b);
    if (ka === null && kb !== null) return 1;
    if (kb === null && ka !== null) return -1;
    if (ka < kb) return -dir;
    if (ka > kb) return dir;
    return a.rank - b.rank;
  });
}

/** The fixture history (newest first, as served before filters) with the writes applied. */
export function applyHistory(state, items) {
  if (!state.histAdded.length && !state.histRemovedIds.size && !state.histRemovedKeys.size) return items;
  const kept = items.filter((it) => !state.histRemovedIds.has(it.id) && !state.histRemovedKeys.has(itemKey(it)));
  const all = [...kept, ...state.histAdded.map(clone)];
  return all.sort((a, b) => (a.watched_at < b.watched_at ? 1 : a.watched_at > b.watched_at ? -1 : b.id - a.id));
}

/** The episode plays of a show (trakt id or slug) the user added: {episodes: Set of "season:number", last}. */
export function addedPlays(state, showId) {
  const episodes = new Set();
  let last = null;
  for (const it of state.histAdded) {
    if (it.type !== 'episode' || (String(it.show.ids.trakt) !== showId && it.show.ids.slug !== showId)) continue;
    episodes.add(`${it.episode.season}:${it.episode.number}`);
    if (!last || it.watched_at > last) last = it.watched_at;
  }
  return { episodes, last };
}

function currentRatings(state) {
  const base = ratingsView('all').filter((r) => !state.ratingsRemoved.has(itemKey(r)));
  const all = [...base, ...[...state.ratingsSet.values()].map(clone)];
  return all.sort((a, b) => (a.rated_at < b.rated_at ? 1 : a.rated_at > b.rated_at ? -1 : 0));
}

const RATING_TYPES = { movies: 'movie', shows: 'show', seasons: 'season', episodes: 'episode', all: null };

/**
 * GET /sync/ratings[/{type}[/{rating}]] with the writes applied, as details_fixtures.mjs answers it
 * ({status, body, headers}), or null while nothing was rated or removed (the fixture route answers).
 */
export function ratingsResponse(state, seg, q) {
  if (!state.ratingsSet.size && !state.ratingsRemoved.size) return null;
  const type = seg[2] ?? 'all';
  if (!(type in RATING_TYPES)) return { status: 404, body: {}, headers: {} };
  let items = currentRatings(state);
  if (RATING_TYPES[type]) items = items.filter((r) => r.type === RATING_TYPES[type]);
  if (seg[3]) {
    const wanted = String(seg[3]).split(',').map(Number);
    items = items.filter((r) => wanted.includes(r.rating));
  }
  return pagedResponse(items, q);
}

// ---------------------------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------------------------

// Item bodies in the order Trakt lists them (type, then season/episode, then show / movie).
export function typed(ref, head) {
  const o = { ...head, type: ref.kind };
  if (ref.movie) o.movie = clone(ref.movie);
  if (ref.season) o.season = clone(ref.season);
  if (ref.episode) o.episode = clone(ref.episode);
  if (ref.show && ref.kind !== 'movie') o.show = clone(ref.show);
  return o;
}

function watchlistAdd(state, body, now) {
  const { entries, notFound } = resolveBody(body, 'items');
  const added = counts(), existing = counts();
  const present = new Set(currentWatchlist(state).map(itemKey));
  for (const { ref, opts } of entries) {
    if (present.has(ref.key)) { existing[plural(ref.kind)] += 1; continue; }
    const all = currentWatchlist(state);
    const rank = all.reduce((m, it) => Math.max(m, it.rank), 0) + 1;
    state.wlSeq += 1;
    const item = typed(ref, {
      rank, id: WATCHLIST_ADDED_ID_BASE + state.wlSeq, listed_at: iso(now),
      notes: typeof opts.notes === 'string' ? opts.notes.slice(0, 500) : null,
    });
    state.wlAdded.push(withKey(item, ref.key));
    present.add(ref.key);
    added[plural(ref.kind)] += 1;
  }
  const changed = Object.values(added).some((n) => n > 0);
  if (changed) state.wlUpdatedAt = now;
  const body201 = { added, existing, not_found: notFound, list: watchlistList(state) };
  return { status: 201, body: body201, changed, kinds: kindsOf(added) };
}

function watchlistList(state) {
  return { updated_at: iso(state.wlUpdatedAt ?? Date.parse('2026-11-20T21:30:00.000Z')), item_count: currentWatchlist(state).length };
}

function watchlistRemove(state, body, now) {
  const { entries, notFound } = resolveBody(body, 'items');
  const deleted = counts();
  const fixtureKeys = new Set(watchlistItems().map(itemKey));
  for (const { ref } of entries) {
    const i = state.wlAdded.findIndex((it) => it.key === ref.key);
    if (i >= 0) state.wlAdded.splice(i, 1);
    else if (fixtureKeys.has(ref.key) && !state.wlRemoved.has(ref.key)) state.wlRemoved.add(ref.key);
    else continue; // known, but not on the watchlist: not counted, not "not found"
    deleted[plural(ref.kind)] += 1;
  }
  const changed = Object.values(deleted).some((n) => n > 0);
  if (changed) state.wlUpdatedAt = now;
  return { status: 200, body: { deleted, not_found: notFound, list: watchlistList(state) }, changed, kinds: kindsOf(deleted) };
}

const kindsOf = (c) => KINDS.filter((k) => c[k] > 0);

function watchedAt(value, ref, now) {
  if (value === 'released') {
    const rel = ref.kind === 'movie' ? ref.meta.released : null;
    return rel ? iso(Date.parse(rel + 'T00:00:00.000Z')) : iso(now);
  }
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? iso(now) : iso(ms);
}

function addPlay(state, ref, watched_at, action) {
  state.histSeq += 1;
  const play = typed(ref, { id: WRITE_ID_BASE + state.histSeq, watched_at, action });
  state.histAdded.push(withKey(play, ref.key));
  return play;
}

function historyAdd(state, body, now) {
  const { entries, notFound } = resolveBody(body, 'episodes');
  const added = { movies: 0, episodes: 0 };
  for (const { ref, opts } of entries) {
    if (ref.kind !== 'movie' && ref.kind !== 'episode') continue;
    addPlay(state, ref, watchedAt(opts.watched_at, ref, now), 'watch');
    added[plural(ref.kind)] += 1;
  }
  return { status: 201, body: { added, not_found: notFound }, changed: added.movies + added.episodes > 0, kinds: kindsOf(added) };
}

function historyRemove(state, body, config) {
  const { entries, notFound } = resolveBody(body, 'episodes');
  const deleted = { movies: 0, episodes: 0 };
  const fixture = applyHistory(state, historyItems(Math.max(0, Math.trunc(Number(config.history_items ?? 600)) || 0)))
    .filter((it) => !state.histAdded.some((a) => a.id === it.id));
  for (const { ref } of entries) {
    const n = fixture.filter((it) => itemKey(it) === ref.key).length;
    if (n) state.histRemovedKeys.add(ref.key);
    const before = state.histAdded.length;
    state.histAdded = state.histAdded.filter((it) => it.key !== ref.key);
    deleted[plural(ref.kind)] += n + before - state.histAdded.length;
  }
  const idsNotFound = [];
  const ids = Array.isArray(body.ids) ? body.ids : [];
  for (const raw of ids) {
    const id = Number(raw);
    const i = state.histAdded.findIndex((it) => it.id === id);
    let play = null;
    if (i >= 0) [play] = state.histAdded.splice(i, 1);
    else {
      play = applyHistory(state, historyItems(Math.max(0, Math.trunc(Number(config.history_items ?? 600)) || 0))).find((it) => it.id === id) ?? null;
      if (play) state.histRemovedIds.add(id);
    }
    if (play) deleted[plural(play.type)] += 1;
    else idsNotFound.push(raw);
  }
  if ('ids' in body) notFound.ids = idsNotFound;
  return { status: 200, body: { deleted, not_found: notFound }, changed: deleted.movies + deleted.episodes > 0, kinds: kindsOf(deleted) };
}

function ratingsAdd(state, body, now) {
  const { entries, notFound } = resolveBody(body, 'items');
  const added = counts();
  for (const { ref, opts, sent } of entries) {
    const rating = Number(opts.rating);
    if (!Number.isInteger(rating) || rating < 1 || rating > 10) {
      // no valid rating: Trakt cannot rate it; reported under not_found, as sent (once)
      const bucket = Object.keys(notFound).find((k) => (body[k] ?? []).includes(sent)) ?? plural(ref.kind);
      if (!notFound[bucket].includes(sent)) notFound[bucket].push(sent);
      continue;
    }
    const ratedMs = typeof opts.rated_at === 'string' && !Number.isNaN(Date.parse(opts.rated_at)) ? Date.parse(opts.rated_at) : now;
    state.ratingsRemoved.add(ref.key); // a fixture rating of the same item is replaced
    state.ratingsSet.set(ref.key, typed(ref, { rated_at: iso(ratedMs), rating }));
    added[plural(ref.kind)] += 1;
  }
  return { status: 201, body: { added, not_found: notFound }, changed: kindsOf(added).length > 0, kinds: kindsOf(added) };
}

function ratingsRemove(state, body) {
  const { entries, notFound } = resolveBody(body, 'items');
  const deleted = counts();
  const rated = new Set(currentRatings(state).map(itemKey));
  for (const { ref } of entries) {
    if (!rated.has(ref.key)) continue;
    rated.delete(ref.key);
    state.ratingsSet.delete(ref.key);
    state.ratingsRemoved.add(ref.key);
    deleted[plural(ref.kind)] += 1;
  }
  return { status: 200, body: { deleted, not_found: notFound }, changed: kindsOf(deleted).length > 0, kinds: kindsOf(deleted) };
}

function checkin(state, body, now, config) {
  let ref = null;
  if (body.movie) {
    const m = findMovie(body.movie);
    if (m) ref = movieRef(m);
  } else if (body.episode) {
    if (body.show) {
      const s = findShow(body.show);
      const sn = Number(body.episode.season), en = Number(body.episode.number);
      if (s && Number.isInteger(sn) && Number.isInteger(en) && episodeExists(s.obj.ids.trakt, sn, en)) ref = episodeRef(s, sn, en);
    } else {
      ref = findEpisodeById(body.episode);
    }
  }
  if (!ref) return { status: 404, body: {}, changed: false, kinds: [] };
  if (state.checkin && now < state.checkin.expiresAt) {
    return { status: 409, body: { watched_at: iso(state.checkin.watchedAt), expires_at: iso(state.checkin.expiresAt) }, changed: false, kinds: [] };
  }
  const runtimeMin = ref.meta.runtime || DEFAULT_RUNTIME_MIN;
  const override = Number(config.checkin_expires_s);
  const lifeMs = config.checkin_expires_s !== undefined && config.checkin_expires_s !== null && Number.isFinite(override) ? override * 1000 : runtimeMin * 60000;
  const play = addPlay(state, ref, iso(now), 'checkin');
  state.checkin = { id: play.id, watchedAt: now, expiresAt: now + lifeMs, kind: plural(ref.kind) };
  const sharing = body.sharing && typeof body.sharing === 'object' ? clone(body.sharing) : { twitter: false, mastodon: false, tumblr: false };
  const out = { id: play.id, watched_at: play.watched_at, sharing };
  if (ref.movie) out.movie = clone(ref.movie);
  else { out.episode = clone(ref.episode); out.show = clone(ref.show); }
  return { status: 201, body: out, changed: true, kinds: [plural(ref.kind)] };
}

function cancelCheckin(state, now) {
  const active = state.checkin && now < state.checkin.expiresAt;
  if (active) state.histAdded = state.histAdded.filter((it) => it.id !== state.checkin.id); // never watched
  const kinds = active ? [state.checkin.kind] : [];
  state.checkin = null;
  return { status: 204, body: null, changed: Boolean(active), kinds };
}

// last_activities fields a write moves, by route and by the kinds it touched.
function activityFields(route, kinds) {
  switch (route) {
    case 'watchlist': return ['watchlist.updated_at', ...kinds.map((k) => `${k}.watchlisted_at`)];
    case 'history': case 'checkin': return kinds.filter((k) => k === 'movies' || k === 'episodes').map((k) => `${k}.watched_at`);
    case 'ratings': return kinds.map((k) => `${k}.rated_at`);
    default: return [];
  }
}

const WRITE_ROUTES = {
  'sync/watchlist': 'watchlist', 'sync/watchlist/remove': 'watchlist',
  'sync/history': 'history', 'sync/history/remove': 'history',
  'sync/ratings': 'ratings', 'sync/ratings/remove': 'ratings',
  checkin: 'checkin',
};

/**
 * Answers a write: {status, body, headers, applied?}, or null when (method, seg) is not a write
 * route. applied is true when the write was carried out (not for 405, 429 or an unparseable body).
 *   ctx: {method, seg (decoded path segments), body (parsed JSON object, or null: unparseable),
 *         user (username), now (stand-in clock, ms), activities (moved in place), config, bumpActivities}
 */
export function handleWrite(state, { method, seg, body, user, now, activities, config = {}, bumpActivities }) {
  const p = seg.join('/');
  const route = WRITE_ROUTES[p];
  if (!route) return null;
  const allowed = p === 'checkin' ? ['POST', 'DELETE'] : ['POST'];
  if (!allowed.includes(method)) {
    if (method === 'GET' || method === 'HEAD') return p === 'checkin' ? { status: 405, body: {}, headers: {} } : null; // reads go on
    return { status: 405, body: {}, headers: {} };
  }

  // AUTHED_API_POST_LIMIT: 1 call per second per user (POST, PUT, DELETE)
  const last = state.lastWrite.get(user);
  if (config.enforce_write_limit && last !== undefined && now - last < 1000) {
    return {
      status: 429, body: {},
      headers: {
        'Retry-After': '1',
        'X-Ratelimit': JSON.stringify({ name: 'AUTHED_API_POST_LIMIT', period: 1, limit: 1, remaining: 0, until: iso(last + 1000).replace(/\.\d{3}Z$/, 'Z') }),
      },
    };
  }
  if (body === null) return { status: 400, body: { error: 'bad_request', error_description: 'The request body could not be parsed.' }, headers: {} };
  state.lastWrite.set(user, now);

  let r;
  if (p === 'sync/watchlist') r = watchlistAdd(state, body, now);
  else if (p === 'sync/watchlist/remove') r = watchlistRemove(state, body, now);
  else if (p === 'sync/history') r = historyAdd(state, body, now);
  else if (p === 'sync/history/remove') r = historyRemove(state, body, config);
  else if (p === 'sync/ratings') r = ratingsAdd(state, body, now);
  else if (p === 'sync/ratings/remove') r = ratingsRemove(state, body);
  else if (method === 'POST') r = checkin(state, body, now, config);
  else r = cancelCheckin(state, now);

  if (r.changed && activities && bumpActivities) {
    const fields = activityFields(route, r.kinds);
    if (fields.length) bumpActivities(activities, fields);
  }
  // applied: the write ran (state may have changed); config.drop_writes may now drop the answer
  return { status: r.status, body: r.body, headers: {}, applied: true };
}
