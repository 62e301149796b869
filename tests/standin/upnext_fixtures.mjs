// Fixtures for "up next": /sync/watched/shows, /shows/{id}/progress/watched and
// /users/hidden/progress_watched, in the blueprint's shapes (nulls included).
//
// Ten watched shows, listed the way Trakt lists them (most plays first), which is NOT the order
// of last_watched_at, so a client has to sort. By last watched, newest first:
//
//   The Bear          2026-11-20T22:00Z  S02E06 "Fishes"              13 of 28 watched  -> 15 left
//   Parks and Rec.    2026-11-20T16:30Z  S02E04 "Practice Date"        9 of 112         -> 103 left
//                                        (season 7, 13 episodes, hidden as a *season*: left out of
//                                        progress unless hidden=true; the show stays)
//   Breaking Bad      2026-11-20T11:30Z  finished (next_episode null)
//   進撃の巨人         2026-11-20T01:30Z  S04E29 "最終章 前編"          87 of 89          -> 2 left
//   Dark              2026-11-19T18:00Z  hidden from progress (would be S02E01)
//   Severance         2026-11-19T00:30Z  S02E01 "Hello, Ms. Cobel"     9 of 19          -> 10 left
//   Café 🎬           2026-11-18T14:30Z  S01E02, title null            1 of 2           -> 1 left
//   The Leftovers     2026-11-10T21:00Z  finished
//   True Blood        2026-10-01T20:00Z  only a special watched: completed 0 (not part-way)
//   Shōgun            2026-09-01T20:00Z  finished
//
// config.watched_shows = N: the first N of these (in list order) when N <= 10, else these ten plus
// N - 10 generated shows "Generated Show k" (k = 1..), trakt 800000+k, slug generated-show-k,
// last watched 2026-08-01T12:00Z minus k hours (older than all of the above), one season of 10
// episodes, k % 3 == 0 finished, else 1 + k % 9 watched.

import { SHOWS } from './fixtures.mjs';

const clone = (o) => JSON.parse(JSON.stringify(o));

// seasons: aired episodes per season; completed: how many of them, in order, were watched.
const FIXTURE = [
  { key: 'parks', plays: 240, last: '2026-11-20T16:30:00.000Z', seasons: [6, 24, 16, 22, 22, 22, 13], completed: 9, hiddenSeasons: [7], titles: { '2x4': 'Practice Date', '2x3': 'Beauty Pageant' } },
  { key: 'breakingBad', plays: 62, last: '2026-11-20T11:30:00.000Z', seasons: [7, 13, 13, 13, 16], completed: 62, titles: { '5x16': 'Felina' } },
  { key: 'aot', plays: 87, last: '2026-11-20T01:30:00.000Z', seasons: [25, 12, 22, 30], completed: 87, titles: { '4x29': '最終章 前編', '4x28': '人類の夜明け' } },
  { key: 'trueBlood', plays: 1, last: '2026-10-01T20:00:00.000Z', seasons: [12, 12, 12, 12, 12, 10, 10], completed: 0, titles: { '1x1': 'Strange Love' } },
  { key: 'theBear', plays: 14, last: '2026-11-20T22:00:00.000Z', seasons: [8, 10, 10], completed: 13, titles: { '2x6': 'Fishes', '2x5': 'Pop' } },
  { key: 'leftovers', plays: 28, last: '2026-11-10T21:00:00.000Z', seasons: [10, 10, 8], completed: 28, titles: {} },
  { key: 'dark', plays: 10, last: '2026-11-19T18:00:00.000Z', seasons: [10, 8, 8], completed: 10, titles: { '2x1': 'Beginnings and Endings' } },
  { key: 'severance', plays: 9, last: '2026-11-19T00:30:00.000Z', seasons: [9, 10], completed: 9, titles: { '2x1': 'Hello, Ms. Cobel', '1x9': 'The We We Are' } },
  { key: 'shogun', plays: 10, last: '2026-09-01T20:00:00.000Z', seasons: [10], completed: 10, titles: {} },
  { key: 'cafe', plays: 1, last: '2026-11-18T14:30:00.000Z', seasons: [2], completed: 1, titles: { '1x1': 'Ouverture', '1x2': null } },
];

export const UPNEXT_FIXTURE_COUNT = FIXTURE.length;
export const UPNEXT_GENERATED_BASE = 800000;
const GENERATED_LAST = Date.parse('2026-08-01T12:00:00.000Z');

function generated(k) {
  return {
    show: {
      title: `Generated Show ${k}`, year: 2000 + (k % 25),
      ids: { trakt: UPNEXT_GENERATED_BASE + k, slug: `generated-show-${k}`, tvdb: null, imdb: null, tmdb: null },
    },
    plays: 1 + (k % 9), last: new Date(GENERATED_LAST - k * 3600_000).toISOString(), seasons: [10],
    completed: k % 3 === 0 ? 10 : 1 + (k % 9), titles: {},
  };
}

function specs(config) {
  const fixture = FIXTURE.map((f) => ({ ...f, show: clone(SHOWS[f.key]) }));
  const n = config.watched_shows;
  if (n === undefined || n === null) return fixture;
  const count = Math.max(0, Math.trunc(Number(n)) || 0);
  if (count <= fixture.length) return fixture.slice(0, count);
  const out = fixture;
  for (let k = 1; out.length < count; k++) out.push(generated(k));
  return out;
}

const title = (spec, s, e) => (`${s}x${e}` in spec.titles ? spec.titles[`${s}x${e}`] : `Episode ${e}`);

function episodeObject(spec, s, e) {
  const t = spec.show.ids.trakt;
  return {
    season: s, number: e, title: title(spec, s, e),
    ids: { trakt: t * 1000 + s * 100 + e, tvdb: t * 1000 + s * 100 + e + 5000000, imdb: null, tmdb: null },
  };
}

/** /sync/watched/shows: with extended=noseasons no seasons, else the blueprint's seasons (plays 1 each). */
export function watchedShows(config, q) {
  const noSeasons = (q.get('extended') ?? '').split(',').includes('noseasons');
  return specs(config).map((spec) => {
    const item = {
      plays: spec.plays, last_watched_at: spec.last, last_updated_at: spec.last, reset_at: null, show: clone(spec.show),
    };
    if (!noSeasons) {
      let left = spec.completed;
      item.seasons = [];
      spec.seasons.forEach((aired, i) => {
        const episodes = [];
        for (let e = 1; e <= aired && left > 0; e++, left--) episodes.push({ number: e, plays: 1, last_watched_at: spec.last });
        if (episodes.length) item.seasons.push({ number: i + 1, episodes });
      });
    }
    return item;
  });
}

/**
 * /shows/{id}/progress/watched for a watched show (trakt id or slug), or null (404). Hidden seasons
 * are left out (and listed in hidden_seasons) unless hidden=true, as at Trakt. `added`: the plays
 * the user added since (writes.mjs addedPlays), {episodes: Set of "season:number", last: ISO}.
 */
export function showProgress(config, id, q, added = { episodes: new Set(), last: null }) {
  const spec = specs(config).find((s) => String(s.show.ids.trakt) === id || s.show.ids.slug === id);
  if (!spec) return null;
  const hiddenSeasons = q.get('hidden') === 'true' ? [] : (spec.hiddenSeasons ?? []);
  let done = spec.completed;
  let next = null;
  let last = null;
  let aired = 0;
  let completedAll = 0;
  const seasons = [];
  spec.seasons.forEach((count, i) => {
    const number = i + 1;
    const episodes = [];
    let completed = 0;
    for (let e = 1; e <= count; e++) {
      const fixture = done > 0;
      if (fixture) done -= 1;
      const watched = fixture || added.episodes.has(`${number}:${e}`);
      if (watched) { completed += 1; last = [number, e]; } else if (!next && !hiddenSeasons.includes(number)) next = [number, e];
      episodes.push({ number: e, completed: watched, last_watched_at: fixture ? spec.last : watched ? added.last : null });
    }
    if (hiddenSeasons.includes(number)) return;
    aired += count;
    completedAll += completed;
    seasons.push({ number, title: null, aired: count, completed, episodes });
  });
  return {
    aired, completed: completedAll, reset_at: null,
    last_watched_at: [spec.completed > 0 ? spec.last : null, added.last].filter(Boolean).sort().at(-1) ?? null,
    seasons,
    hidden_seasons: hiddenSeasons.map((n) => ({ number: n, ids: { trakt: spec.show.ids.trakt * 100 + n, tvdb: null, tmdb: null } })),
    next_episode: next ? episodeObject(spec, ...next) : null,
    last_episode: last ? episodeObject(spec, ...last) : null,
  };
}

/** /users/hidden/progress_watched: Dark hidden as a show, Parks and Recreation season 7 as a season. */
export function hiddenProgressWatched(q) {
  const items = [
    { hidden_at: '2026-10-02T08:00:00.000Z', type: 'show', show: clone(SHOWS.dark) },
    {
      hidden_at: '2026-10-03T08:00:00.000Z', type: 'season',
      season: { number: 7, ids: { trakt: 407, tvdb: null, tmdb: null } }, show: clone(SHOWS.parks),
    },
  ];
  const type = q.get('type');
  return type ? items.filter((it) => it.type === type) : items;
}
