// History with extended=full, and a heavy year, for the Trakt stand-in (get_year_in_review):
//   GET /sync/history?...&extended=full   each play's movie, show and episode in Trakt's full
//                                         shape (runtime, genres, overview, ...; nulls included)
//   config { heavy_year: 2025 }           adds 3,000 plays in that year (UTC), spread unevenly over
//                                         its months, the last at 2025-12-31T23:30Z, and one more at
//                                         2024-12-31T23:30Z: east of UTC (Europe/Paris) the first is
//                                         in 2026 and the other in 2025
//   config { full_overview_bytes: 2000 }  each full play's movie or episode overview that long, so a
//                                         play weighs 2-3 KB as on Trakt (overviews, translations)
// Without extended=full the plays are the minimal ones, as before. Deterministic; integration
// tests import this module to compute what the stand-in serves.

import { MOVIES, SHOWS } from './fixtures.mjs';
import { MOVIE_DETAILS, SHOW_DETAILS, movieFull, showFull } from './details_fixtures.mjs';

const clone = (o) => JSON.parse(JSON.stringify(o));

// Full summaries by Trakt id: get_details' where it has them, else these (also the summaries of
// /movies/{id} and /shows/{id} for these titles, title_index.mjs).
export const FULL_MOVIES = new Map(MOVIE_DETAILS.map((m) => [m.ids.trakt, m]));
for (const [key, extra] of Object.entries({
  spirited: { overview: '10歳の少女千尋は、両親と共に不思議な町に迷い込む。', released: '2001-07-20', runtime: 125, country: 'jp', genres: ['anime', 'fantasy', 'family'], languages: ['ja'] },
  thor: { overview: 'Thor fights to restore order across the cosmos.', released: '2013-11-08', runtime: 112, country: 'us', genres: ['action', 'adventure', 'fantasy'], certification: 'PG-13' },
  oldboy: { overview: '15년 동안 감금된 남자의 복수극.', released: '2003-11-21', runtime: 120, country: 'kr', genres: ['thriller', 'mystery', 'drama'], certification: 'R' },
  inception: { overview: 'A thief who steals corporate secrets through dream-sharing technology.', released: '2010-07-16', runtime: 148, country: 'us', genres: ['action', 'science-fiction', 'thriller'] },
  leon: { overview: 'Léon, a hitman, takes in twelve-year-old Mathilda.', released: '1994-09-14', runtime: 110, country: 'fr', genres: ['crime', 'drama', 'thriller'] },
  parasite: { overview: 'All unemployed, Ki-taek’s family takes peculiar interest in the wealthy Parks.', released: '2019-05-30', runtime: 133, country: 'kr', genres: ['comedy', 'thriller', 'drama'] },
  madMax: { overview: 'An apocalyptic story set in the furthest reaches of our planet.', released: '2015-05-15', runtime: 121, country: 'au', genres: ['action', 'adventure', 'science-fiction'] },
})) FULL_MOVIES.set(MOVIES[key].ids.trakt, movieFull(MOVIES[key], { status: 'released', ...extra }));

export const FULL_SHOWS = new Map(SHOW_DETAILS.map((s) => [s.ids.trakt, s]));
for (const [key, extra] of Object.entries({
  parks: { overview: 'A look at the lives of the employees of the Parks Department in Pawnee, Indiana.', runtime: 22, network: 'NBC', status: 'ended', genres: ['comedy'], aired_episodes: 125 },
  pokemon: { overview: 'ポケモンマスターを目指すサトシとピカチュウの冒険。', runtime: 22, network: 'TV Tokyo', status: 'returning series', genres: ['anime', 'animation', 'family', 'adventure'], aired_episodes: 1200 },
  dark: { overview: 'A missing child sets four families on a frantic hunt for answers.', runtime: 55, network: 'Netflix', status: 'ended', genres: ['drama', 'mystery', 'science-fiction', 'thriller'], aired_episodes: 26 },
  shogun: { overview: 'In Japan in the year 1600, at the dawn of a century-defining civil war.', runtime: 58, network: 'FX', status: 'returning series', genres: ['drama', 'war', 'history'], aired_episodes: 10 },
  leftovers: { overview: 'Two percent of the world\u2028s population disappears without explanation.', runtime: 60, network: 'HBO', status: 'ended', genres: ['drama', 'mystery', 'fantasy'], aired_episodes: 28 },
  theBear: { overview: 'A young chef comes home to Chicago to run his family sandwich shop.', runtime: 30, network: 'FX', status: 'returning series', genres: ['drama', 'comedy'], aired_episodes: 38 },
})) FULL_SHOWS.set(SHOWS[key].ids.trakt, showFull(SHOWS[key], extra));

// An episode's own runtime: its show's, give or take a few minutes; none for shows with none.
function episodeRuntime(show, season, number) {
  const full = FULL_SHOWS.get(show.ids.trakt);
  if (!full || full.runtime === null) return null;
  return full.runtime + ((season * 7 + number * 3) % 5) - 2;
}

/** The full shape of a play's movie, show or episode (unknown titles: nothing but what was sent). */
export function fullMovie(movie) { return clone(FULL_MOVIES.get(movie.ids.trakt) ?? movieFull(movie, { status: 'released' })); }
export function fullShow(show) { return clone(FULL_SHOWS.get(show.ids.trakt) ?? showFull(show, {})); }
export function fullEpisode(show, episode) {
  return {
    ...clone(episode),
    number_abs: null, overview: null, rating: 0, votes: 0, comment_count: 0, first_aired: null,
    updated_at: '2026-10-01T08:00:00.000Z', available_translations: [],
    runtime: episodeRuntime(show, episode.season, episode.number), episode_type: episode.number === 1 ? 'season_premiere' : 'standard',
    original_title: episode.title,
  };
}

/** A history play as extended=full sends it. */
export function fullPlay(item) {
  const out = { ...item };
  if (item.movie) out.movie = fullMovie(item.movie);
  if (item.episode) out.episode = fullEpisode(item.show, item.episode);
  if (item.show) out.show = fullShow(item.show);
  return out;
}

/** A full play whose movie or episode overview is `bytes` long (ASCII); 0 leaves it as it is. */
export function withOverview(play, bytes) {
  if (!(bytes > 0)) return play;
  const filler = 'The story goes on, as Trakt\'s long overviews do. ';
  const text = filler.repeat(Math.ceil(bytes / filler.length)).slice(0, bytes);
  const out = { ...play };
  if (out.episode) out.episode = { ...out.episode, overview: text };
  else if (out.movie) out.movie = { ...out.movie, overview: text };
  return out;
}

// ---------------------------------------------------------------------------------------------
// The heavy year: 3,000 plays, newest first, ids below every other history id.
// ---------------------------------------------------------------------------------------------

export const HEAVY_YEAR_PLAYS = 3000;
// Plays per month in UTC, January first (3,000 in all; March the busiest), December's last at 23:30.
export const HEAVY_MONTHS = [200, 180, 310, 250, 220, 240, 260, 290, 230, 270, 250, 300];
const HEAVY_ID_BASE = 8000000000;
const HEAVY_MOVIES = ['darkKnight', 'amelie', 'tron', 'spirited', 'untitledMovie', 'thor', 'oldboy', 'inception', 'leon', 'parasite', 'madMax'];
// Shows in turn (some more often), and how many different episodes of each come round.
const HEAVY_SHOW_TURNS = ['severance', 'theBear', 'severance', 'dark', 'parks', 'severance', 'theBear', 'shogun', 'pokemon', 'aot', 'breakingBad', 'leftovers', 'cafe', 'parks'];
const HEAVY_EPISODES = { severance: 19, theBear: 38, dark: 26, parks: 60, shogun: 10, pokemon: 40, aot: 25, breakingBad: 62, leftovers: 28, cafe: 3 };
const ACTIONS = ['scrobble', 'checkin', 'watch'];

function heavyPlay(j, watchedAt, counters) {
  const item = { id: HEAVY_ID_BASE - j * 7, watched_at: watchedAt, action: ACTIONS[j % 3], type: j % 4 === 0 ? 'movie' : 'episode' };
  if (item.type === 'movie') {
    item.movie = clone(MOVIES[HEAVY_MOVIES[(j / 4) % HEAVY_MOVIES.length]]);
    return item;
  }
  const key = HEAVY_SHOW_TURNS[counters.episodes++ % HEAVY_SHOW_TURNS.length];
  const n = (counters[key] = (counters[key] ?? -1) + 1) % HEAVY_EPISODES[key];
  const show = SHOWS[key];
  const season = 1 + Math.floor(n / 10);
  const number = (n % 10) + 1;
  item.episode = {
    season, number, title: key === 'cafe' ? null : `Chapter ${n + 1}`,
    ids: { trakt: show.ids.trakt * 1000 + season * 100 + number, tvdb: null, imdb: null, tmdb: show.ids.tmdb === null ? null : show.ids.tmdb * 100 + n },
  };
  item.show = clone(show);
  return item;
}

/** The heavy year's plays (minimal shapes), newest first: the edge plays and 3,000 in `year`. */
export function heavyYearItems(year) {
  const times = [`${year}-12-31T23:30:00.000Z`];
  HEAVY_MONTHS.forEach((count, m) => {
    const start = Date.UTC(year, m, 1, 6, 0, 0);
    const span = Date.UTC(year, m + 1, 1, 6, 0, 0) - start - 12 * 3600 * 1000; // the month, less a margin at its end
    const regular = m === 11 ? count - 1 : count; // December's last is the edge play above
    for (let k = 0; k < regular; k++) times.push(new Date(start + Math.floor((span * k) / count)).toISOString());
  });
  times.push(`${year - 1}-12-31T23:30:00.000Z`);
  times.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  // Made oldest first, so that the episodes of a show come round in order.
  const counters = { episodes: 0 };
  const items = [];
  for (let j = times.length - 1; j >= 0; j--) items.push(heavyPlay(j, times[j], counters));
  return items.reverse();
}
