// "Continue watching" and hidden shows for the stand-in (tests/standin/server.mjs), stateful per
// user: the state hangs on the user's write state (writes.mjs createWriteState), so
// /__standin/reset clears it with the other writes.
//
//   GET    /sync/playback[/movies|episodes]   paused items, most recently paused first (paged when
//                                             page or limit is sent, as at Trakt)
//   DELETE /sync/playback/{id}                204, or 404 for an id the user has no item with
//   GET    /users/hidden/{section}            calendar | progress_watched: {hidden_at, type, show[, season]}
//   POST   /users/hidden/{section}[/remove]   {"shows": [{ids}, {ids, seasons: [{number}]}]}: answers
//                                             {added|deleted: {movies, shows, seasons, users}, not_found: {...}}
//
// Writes move /sync/last_activities: movies|episodes.paused_at, shows|seasons.hidden_at.
// withoutHiddenShows() leaves shows hidden from the calendar out of /calendars/my/shows, as
// Trakt's calendar does.

import { MOVIES, SHOWS } from './fixtures.mjs';
import { SHOW_DETAILS } from './details_fixtures.mjs';
import { SEARCH_MOVIES } from './search_fixtures.mjs';
import { hiddenProgressWatched } from './upnext_fixtures.mjs';
import { pagedResponse } from './paging.mjs';

const clone = (o) => JSON.parse(JSON.stringify(o));
const HEAT = SEARCH_MOVIES.find((e) => e.movie.ids.trakt === 1234).movie;
const ID_KEYS = ['trakt', 'slug', 'imdb', 'tmdb', 'tvdb'];

// ---------------------------------------------------------------------------------------------
// Playback: newest paused first. Unicode titles, a null year, a null episode title.
// ---------------------------------------------------------------------------------------------

const episode = (season, number, title, trakt) => ({ season, number, title, ids: { trakt, tvdb: trakt + 5000000, imdb: null, tmdb: null } });

export const PLAYBACK = [
  { progress: 42.0, paused_at: '2026-11-20T20:00:00.000Z', id: 13, type: 'movie', movie: clone(HEAT) },
  { progress: 65.5, paused_at: '2026-11-19T22:10:00.000Z', id: 14, type: 'episode', episode: episode(2, 3, 'Who Is Alive?', 154997203), show: clone(SHOWS.severance) },
  { progress: 8.25, paused_at: '2026-11-18T19:30:00.000Z', id: 15, type: 'movie', movie: clone(MOVIES.spirited) },
  { progress: 99.9, paused_at: '2026-11-17T23:45:00.000Z', id: 16, type: 'episode', episode: episode(1, 2, null, 990001102), show: clone(SHOWS.cafe) },
  { progress: 0.5, paused_at: '2026-10-02T08:00:00.000Z', id: 17, type: 'movie', movie: clone(MOVIES.untitledMovie) },
  { progress: 12.0, paused_at: '2026-09-30T21:00:00.000Z', id: 18, type: 'episode', episode: episode(4, 29, '最終章 前編', 1420429), show: clone(SHOWS.aot) },
];

function playbackState(writes) {
  return (writes.playback ??= { removed: new Set() });
}

function currentPlayback(writes) {
  const { removed } = playbackState(writes);
  return PLAYBACK.filter((p) => !removed.has(p.id)).map(clone);
}

/** /sync/playback[/{type}] (GET) and /sync/playback/{id} (DELETE): {status, body, headers}. */
export function playbackResponse({ method, params, q, writes, activities, bumpActivities }) {
  const { type } = params;
  if (method === 'DELETE') {
    const id = Number(type);
    if (!/^\d+$/.test(String(type ?? ''))) return { status: 404, body: {}, headers: {} };
    const item = currentPlayback(writes).find((p) => p.id === id);
    if (!item) return { status: 404, body: {}, headers: {} };
    playbackState(writes).removed.add(id);
    bumpActivities(activities, [item.type === 'movie' ? 'movies.paused_at' : 'episodes.paused_at']);
    return { status: 204, body: null, headers: {} };
  }
  if (type !== undefined && !['movies', 'episodes'].includes(type)) return { status: 404, body: {}, headers: {} };
  let items = currentPlayback(writes);
  if (type) items = items.filter((p) => p.type === (type === 'movies' ? 'movie' : 'episode'));
  return pagedResponse(items, q);
}

// ---------------------------------------------------------------------------------------------
// Hidden: progress_watched starts with upnext_fixtures' items (Dark, Parks and Recreation
// season 7); the calendar starts with nothing hidden.
// ---------------------------------------------------------------------------------------------

const SECTIONS = ['calendar', 'progress_watched'];

function knownShows() {
  const byTrakt = new Map();
  for (const s of [...Object.values(SHOWS), ...SHOW_DETAILS]) byTrakt.set(s.ids.trakt, { title: s.title, year: s.year, ids: clone(s.ids) });
  return [...byTrakt.values()];
}

function findShow(sent) {
  const ids = sent && typeof sent === 'object' ? sent.ids : null;
  if (!ids || typeof ids !== 'object') return null;
  const given = ID_KEYS.filter((k) => ids[k] !== undefined && ids[k] !== null && ids[k] !== '');
  if (!given.length) return null;
  return knownShows().find((s) => given.every((k) => s.ids[k] !== undefined && s.ids[k] !== null && String(s.ids[k]) === String(ids[k]))) ?? null;
}

function hiddenState(writes) {
  return (writes.hidden ??= { calendar: [], progress_watched: hiddenProgressWatched(new URLSearchParams()) });
}

const sameItem = (a, b) => a.type === b.type && a.show.ids.trakt === b.show.ids.trakt &&
  (a.type !== 'season' || a.season.number === b.season.number);

function hiddenWrite(writes, section, remove, body, now, activities, bumpActivities) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { status: 400, body: { error: 'bad_request', error_description: 'The request body could not be parsed.' }, headers: {} };
  }
  const list = hiddenState(writes)[section];
  const counts = { movies: 0, shows: 0, seasons: 0, users: 0 };
  const notFound = { movies: [], shows: [], seasons: [], users: [] };
  const at = new Date(now).toISOString();
  for (const kind of ['movies', 'seasons', 'users']) for (const sent of body[kind] ?? []) notFound[kind].push(sent);
  for (const sent of Array.isArray(body.shows) ? body.shows : []) {
    const show = findShow(sent);
    if (!show) { notFound.shows.push(sent); continue; }
    const seasons = Array.isArray(sent.seasons) && section === 'progress_watched' ? sent.seasons : null;
    const items = seasons
      ? seasons.map((s) => ({ hidden_at: at, type: 'season', season: { number: Number(s.number), ids: { trakt: show.ids.trakt * 100 + Number(s.number), tvdb: null, tmdb: null } }, show: clone(show) }))
      : [{ hidden_at: at, type: 'show', show: clone(show) }];
    for (const item of items) {
      const i = list.findIndex((h) => sameItem(h, item));
      if (remove && i >= 0) list.splice(i, 1);
      if (!remove && i < 0) list.unshift(item);
      if ((remove && i >= 0) || (!remove && i < 0)) counts[item.type === 'season' ? 'seasons' : 'shows'] += 1;
    }
  }
  if (counts.shows) bumpActivities(activities, ['shows.hidden_at']);
  if (counts.seasons) bumpActivities(activities, ['seasons.hidden_at']);
  return { status: remove ? 200 : 201, body: { [remove ? 'deleted' : 'added']: counts, not_found: notFound }, headers: {} };
}

/** /users/hidden/{section}[/remove]: {status, body, headers}, or null for a section this stand-in does not keep. */
export function hiddenResponse({ method, params, q, body, writes, now, activities, bumpActivities }) {
  const { section, remove } = params;
  if (!SECTIONS.includes(section)) return null;
  if (method === 'POST') {
    if (remove !== undefined && remove !== 'remove') return { status: 404, body: {}, headers: {} };
    return hiddenWrite(writes, section, remove === 'remove', body, now, activities, bumpActivities);
  }
  if (remove !== undefined) return { status: 405, body: {}, headers: {} };
  const type = q.get('type');
  const items = hiddenState(writes)[section].filter((h) => !type || h.type === type).map(clone);
  // Always paged, as at Trakt.
  const withDefaults = new URLSearchParams(q);
  if (!withDefaults.has('limit')) withDefaults.set('limit', '10');
  return pagedResponse(items, withDefaults);
}

/** The calendar without the shows the user hid from it. */
export function withoutHiddenShows(writes, items) {
  const hidden = new Set(hiddenState(writes).calendar.filter((h) => h.type === 'show').map((h) => h.show.ids.trakt));
  return items.filter((it) => !hidden.has(it.show.ids.trakt));
}
