// Deterministic fixtures for the Trakt stand-in (tests/standin/server.mjs).
// Shapes follow the examples in /work/shared/trakt-api/trakt-api-excerpts.apib (minimal info:
// title, year, ids), nulls included. Integration tests may import this module to compute the
// exact data the stand-in serves (calendarItems, historyItems, watchlistItems).

// ---------------------------------------------------------------------------------------------
// Shows and movies
// ---------------------------------------------------------------------------------------------

export const SHOWS = {
  leftovers: { title: 'The Leftovers', year: 2014, ids: { trakt: 7, slug: 'the-leftovers', tvdb: 269689, imdb: 'tt2699128', tmdb: 54344 } },
  trueBlood: { title: 'True Blood', year: 2008, ids: { trakt: 5, slug: 'true-blood', tvdb: 82283, imdb: 'tt0844441', tmdb: 10545 } },
  pokemon: { title: 'Pokémon', year: 1997, ids: { trakt: 60356, slug: 'pokemon', tvdb: 76703, imdb: 'tt0168366', tmdb: 60572 } },
  severance: { title: 'Severance', year: 2022, ids: { trakt: 154997, slug: 'severance', tvdb: 371980, imdb: 'tt11280740', tmdb: 95396 } },
  aot: { title: '進撃の巨人', year: 2013, ids: { trakt: 1420, slug: 'attack-on-titan', tvdb: 267440, imdb: 'tt2560140', tmdb: 1429 } },
  cafe: { title: 'Café 🎬', year: null, ids: { trakt: 990001, slug: 'cafe', tvdb: null, imdb: null, tmdb: null } },
  breakingBad: { title: 'Breaking Bad', year: 2008, ids: { trakt: 1, slug: 'breaking-bad', tvdb: 81189, imdb: 'tt0903747', tmdb: 1396 } },
  walkingDead: { title: 'The Walking Dead', year: 2010, ids: { trakt: 2, slug: 'the-walking-dead', tvdb: 153021, imdb: 'tt1520211', tmdb: 1402 } },
  parks: { title: 'Parks and Recreation', year: 2009, ids: { trakt: 4, slug: 'parks-and-recreation', tvdb: 84912, imdb: 'tt1266020', tmdb: 8592 } },
  dark: { title: 'Dark', year: 2017, ids: { trakt: 122531, slug: 'dark', tvdb: 334824, imdb: 'tt5753856', tmdb: 70523 } },
  shogun: { title: 'Shōgun', year: 2024, ids: { trakt: 158040, slug: 'shogun-2024', tvdb: 390430, imdb: 'tt2788316', tmdb: 126308 } },
  theBear: { title: 'The Bear', year: 2022, ids: { trakt: 190412, slug: 'the-bear', tvdb: 403245, imdb: 'tt14452776', tmdb: 136315 } },
  untitledSeries: { title: 'Untitled Sci-Fi Series', year: null, ids: { trakt: 990002, slug: 'untitled-sci-fi-series', tvdb: null, imdb: null, tmdb: 990002 } },
};

export const MOVIES = {
  tron: { title: 'TRON: Legacy', year: 2010, ids: { trakt: 1, slug: 'tron-legacy-2010', imdb: 'tt1104001', tmdb: 20526 } },
  darkKnight: { title: 'The Dark Knight', year: 2008, ids: { trakt: 6, slug: 'the-dark-knight-2008', imdb: 'tt0468569', tmdb: 155 } },
  amelie: { title: 'Amélie', year: 2001, ids: { trakt: 172, slug: 'amelie-2001', imdb: 'tt0211915', tmdb: 194 } },
  spirited: { title: '千と千尋の神隠し', year: 2001, ids: { trakt: 98, slug: 'spirited-away-2001', imdb: 'tt0245429', tmdb: 129 } },
  untitledMovie: { title: 'Untitled Wachowski Project', year: null, ids: { trakt: 990003, slug: 'untitled-wachowski-project', imdb: null, tmdb: 990003 } },
  inception: { title: 'Inception', year: 2010, ids: { trakt: 16662, slug: 'inception-2010', imdb: 'tt1375666', tmdb: 27205 } },
  leon: { title: 'Léon: The Professional', year: 1994, ids: { trakt: 68, slug: 'leon-the-professional-1994', imdb: 'tt0110413', tmdb: 101 } },
  madMax: { title: 'Mad Max: Fury Road', year: 2015, ids: { trakt: 56360, slug: 'mad-max-fury-road-2015', imdb: 'tt1392190', tmdb: 76341 } },
  eeaao: { title: 'Everything Everywhere All at Once', year: 2022, ids: { trakt: 457176, slug: 'everything-everywhere-all-at-once-2022', imdb: 'tt6710474', tmdb: 545611 } },
  parasite: { title: 'Parasite', year: 2019, ids: { trakt: 372081, slug: 'parasite-2019', imdb: 'tt6751668', tmdb: 496243 } },
  thor: { title: 'Thor: The Dark World', year: 2013, ids: { trakt: 10, slug: 'thor-the-dark-world-2013', imdb: 'tt1981115', tmdb: 76338 } },
  oldboy: { title: '올드보이', year: 2003, ids: { trakt: 513, slug: 'oldboy-2003', imdb: 'tt0364569', tmdb: 670 } },
};

const clone = (o) => JSON.parse(JSON.stringify(o));

// ---------------------------------------------------------------------------------------------
// Calendar: /calendars/my/shows/{start_date}/{days}
// The schedule repeats every week and depends only on the UTC weekday of each date, so any
// window of 7+ days contains every entry, and overlapping windows agree.
// ---------------------------------------------------------------------------------------------

// weekday: 0 = Sunday .. 6 = Saturday (Date.getUTCDay()).
export const CALENDAR_WEEK = [
  { weekday: 1, time: '01:00', show: 'leftovers', season: 1, number: 3, title: 'Two Boats and a Helicopter' },
  { weekday: 1, time: '20:00', show: 'trueBlood', season: 7, number: 4, title: 'Death is Not the End' },
  { weekday: 2, time: '01:00', show: 'pokemon', season: 25, number: 10, title: 'The Rainbow and the Pokémon Master!' },
  { weekday: 2, time: '23:30', show: 'severance', season: 3, number: 1, title: null },
  { weekday: 3, time: '20:00', show: 'aot', season: 4, number: 28, title: '人類の夜明け' },
  { weekday: 3, time: '23:30', show: 'cafe', season: 1, number: 1, title: 'Ouverture' },
  { weekday: 4, time: '01:00', show: 'trueBlood', season: 7, number: 5, title: 'Return to Oz' },
  { weekday: 4, time: '20:00', show: 'leftovers', season: 1, number: 4, title: 'B.J. and the A.C.' },
  { weekday: 5, time: '01:00', show: 'pokemon', season: 25, number: 11, title: "Team Rocket's Café Caper" },
  { weekday: 5, time: '23:30', show: 'leftovers', season: 1, number: 5, title: 'Gladys' },
  { weekday: 6, time: '20:00', show: 'cafe', season: 1, number: 2, title: 'Mise en place' },
  { weekday: 0, time: '01:00', show: 'aot', season: 4, number: 29, title: 'The Final Chapters' },
  { weekday: 0, time: '20:00', show: 'trueBlood', season: 7, number: 6, title: 'Karma' },
];

const DAY_MS = 86400000;

// Parses YYYY-MM-DD (strict, real calendar date) to UTC midnight ms, or null.
export function parseDate(s) {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const ms = Date.parse(s + 'T00:00:00.000Z');
  if (Number.isNaN(ms)) return null;
  if (new Date(ms).toISOString().slice(0, 10) !== s) return null; // rejects 2026-02-30
  return ms;
}

// Items for one UTC day (ms = UTC midnight), in first_aired order.
export function calendarDay(dayMs) {
  const dayIndex = Math.floor(dayMs / DAY_MS);
  const weekday = new Date(dayMs).getUTCDay();
  const out = [];
  CALENDAR_WEEK.forEach((e, k) => {
    if (e.weekday !== weekday) return;
    const [hh, mm] = e.time.split(':').map(Number);
    const aired = new Date(dayMs + (hh * 60 + mm) * 60000).toISOString();
    const uid = dayIndex * 20 + k; // unique per airing
    out.push({
      first_aired: aired,
      episode: {
        season: e.season,
        number: e.number,
        title: e.title,
        ids: { trakt: 10000000 + uid, tvdb: 20000000 + uid, imdb: e.show === 'cafe' ? null : 'tt' + (30000000 + uid), tmdb: 40000000 + uid },
      },
      show: clone(SHOWS[e.show]),
    });
  });
  return out;
}

// All items for the window [start_date, start_date + days), sorted by first_aired ascending.
export function calendarItems(startDate, days) {
  const start = typeof startDate === 'number' ? startDate : parseDate(startDate);
  if (start === null) throw new Error('bad start date');
  const out = [];
  for (let d = 0; d < days; d++) out.push(...calendarDay(start + d * DAY_MS));
  out.sort((a, b) => (a.first_aired < b.first_aired ? -1 : a.first_aired > b.first_aired ? 1 : 0));
  return out;
}

// X-Start-Date / X-End-Date header values, like "Tue, 08 Mar 2016 00:00:00 GMT".
export function calendarHeaders(startDate, days) {
  const start = typeof startDate === 'number' ? startDate : parseDate(startDate);
  return {
    'X-Start-Date': new Date(start).toUTCString(),
    'X-End-Date': new Date(start + days * DAY_MS - 1000).toUTCString(),
  };
}

// ---------------------------------------------------------------------------------------------
// Movie calendar: /calendars/my/movies/{start_date}/{days}
// Releases depend only on the UTC day of the month (days 1..4 of any month have none), in
// this order within a day. Each is released every month: the year is the movie's, not the date's.
// ---------------------------------------------------------------------------------------------

export const MOVIE_RELEASES = [
  { day: 5, movie: { title: 'Die Brücke über den Fluss', year: 2026, ids: { trakt: 880001, slug: 'die-brucke-uber-den-fluss-2026', imdb: 'tt8800001', tmdb: 880001 } } },
  { day: 5, movie: { title: 'Untitled Pixar Film', year: null, ids: { trakt: 880002, slug: 'untitled-pixar-film', imdb: null, tmdb: null } } },
  { day: 12, movie: { title: 'ゴジラ 🦖 続編', year: 2026, ids: { trakt: 880003, slug: 'godzilla-sequel-2026', imdb: 'tt8800003', tmdb: 880003 } } },
  { day: 19, movie: { title: 'Zoë & the Señor', year: 2027, ids: { trakt: 880004, slug: 'zoe-and-the-senor-2027', imdb: 'tt8800004', tmdb: 880004 } } },
  { day: 26, movie: { title: 'TRON: Ares', year: 2025, ids: { trakt: 880005, slug: 'tron-ares-2025', imdb: 'tt6604188', tmdb: 533533 } } },
];

// Movies released in [start_date, start_date + days): [{released, movie}], by date.
export function calendarMovies(startDate, days) {
  const start = typeof startDate === 'number' ? startDate : parseDate(startDate);
  if (start === null) throw new Error('bad start date');
  const out = [];
  for (let d = 0; d < days; d++) {
    const date = new Date(start + d * DAY_MS);
    for (const r of MOVIE_RELEASES) {
      if (r.day === date.getUTCDate()) out.push({ released: date.toISOString().slice(0, 10), movie: clone(r.movie) });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// History: /sync/history[/{type}[/{id}]]
// Item i (0-based, newest first): watched_at = HISTORY_BASE - i * 5 h.
// ---------------------------------------------------------------------------------------------

export const HISTORY_BASE = '2026-11-20T21:30:00.000Z';
export const HISTORY_STEP_MS = 5 * 3600 * 1000;
export const HISTORY_ID_BASE = 9007199000; // ids are > 2^32, unique, decreasing with i

// Pattern of types by i % 5: movie, episode, episode, movie, episode (40% movies, 60% episodes).
const TYPE_PATTERN = ['movie', 'episode', 'episode', 'movie', 'episode'];
const ACTIONS = ['scrobble', 'checkin', 'watch'];

export const HISTORY_MOVIES = ['darkKnight', 'amelie', 'tron', 'spirited', 'untitledMovie', 'thor', 'oldboy', 'inception', 'leon', 'parasite', 'madMax'];

// Episodes watched in history: per show, a list of [season, number, title, imdb-or-null].
export const HISTORY_EPISODES = [
  ['parks', 2, 1, 'Pawnee Zoo', null],
  ['breakingBad', 4, 1, 'Box Cutter', 'tt1683084'],
  ['aot', 4, 28, '人類の夜明け', 'tt21210342'],
  ['parks', 2, 2, 'The Stakeout', null],
  ['pokemon', 25, 10, 'The Rainbow and the Pokémon Master!', 'tt21350498'],
  ['severance', 1, 1, 'Good News About Hell', 'tt11650328'],
  ['cafe', 1, 1, null, null],
  ['breakingBad', 4, 8, 'Hermanos', 'tt1683095'],
  ['dark', 1, 1, 'Secrets', 'tt6305578'],
  ['shogun', 1, 1, 'Anjin', 'tt21369264'],
  ['leftovers', 1, 3, 'Two Boats and a Helicopter', 'tt3631218'],
  ['theBear', 2, 6, 'Fishes', 'tt27732256'],
  ['parks', 2, 3, 'Beauty Pageant', null],
];

// Builds the i-th history item (0-based).
export function historyItem(i) {
  const type = TYPE_PATTERN[i % 5];
  const item = {
    id: HISTORY_ID_BASE - i * 7,
    watched_at: new Date(Date.parse(HISTORY_BASE) - i * HISTORY_STEP_MS).toISOString(),
    action: ACTIONS[i % 3],
    type,
  };
  if (type === 'movie') {
    const m = Math.floor(i / 5) * 2 + (i % 5 === 0 ? 0 : 1); // movie ordinal
    item.movie = clone(MOVIES[HISTORY_MOVIES[m % HISTORY_MOVIES.length]]);
  } else {
    const e = Math.floor(i / 5) * 3 + (i % 5 === 1 ? 0 : i % 5 === 2 ? 1 : 2); // episode ordinal
    const [show, season, number, title, imdb] = HISTORY_EPISODES[e % HISTORY_EPISODES.length];
    const showIds = SHOWS[show].ids;
    const epTrakt = showIds.trakt * 1000 + season * 100 + number;
    item.episode = {
      season,
      number,
      title,
      ids: { trakt: epTrakt, tvdb: showIds.tvdb === null ? null : showIds.tvdb * 10 + number, imdb, tmdb: showIds.tmdb === null ? null : showIds.tmdb * 10 + number },
    };
    item.show = clone(SHOWS[show]);
  }
  return item;
}

export function historyItems(n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(historyItem(i));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Watchlist: /sync/watchlist[/{type}[/{sort_by}[/{sort_how}]]]
// 30 items: 10 movies, 8 shows, 5 seasons, 7 episodes. Listed in rank order below.
// ---------------------------------------------------------------------------------------------

function wlMovie(key, notes) { return { type: 'movie', notes, movie: clone(MOVIES[key]) }; }
function wlShow(key, notes) { return { type: 'show', notes, show: clone(SHOWS[key]) }; }
function wlSeason(key, number, tvdb, tmdb, notes) {
  return { type: 'season', notes, season: { number, ids: { tvdb, tmdb } }, show: clone(SHOWS[key]) };
}
function wlEpisode(key, season, number, title, ids, notes) {
  return { type: 'episode', notes, episode: { season, number, title, ids }, show: clone(SHOWS[key]) };
}

// In rank order (rank 1 first).
const WATCHLIST_SPEC = [
  wlMovie('tron', 'Need to catch up before TRON 3 is out.'),
  wlShow('breakingBad', 'How have I not watched this yet?'),
  wlMovie('darkKnight', "Really need to check out Heath Ledger's performance in this."),
  wlSeason('breakingBad', 3, 171641, 3575, null),
  wlEpisode('breakingBad', 4, 1, 'Box Cutter', { trakt: 49, tvdb: 2639411, imdb: 'tt1683084', tmdb: 62118 }, null),
  wlMovie('amelie', 'Für einen ruhigen Sonntag ☕'),
  wlShow('walkingDead', null),
  wlMovie('spirited', null),
  wlEpisode('breakingBad', 4, 8, 'Hermanos', { trakt: 56, tvdb: 4127161, imdb: 'tt1683095', tmdb: 62127 }, null),
  wlSeason('breakingBad', 1, 30272, 3572, null),
  wlMovie('untitledMovie', null),
  wlShow('dark', 'German original audio.'),
  wlShow('untitledSeries', null),
  wlEpisode('theBear', 2, 6, 'Fishes', { trakt: 190412206, tvdb: 9876543, imdb: 'tt27732256', tmdb: 4443101 }, 'The big family episode.'),
  wlMovie('inception', null),
  wlSeason('severance', 2, 2024170, 399340, null),
  wlShow('shogun', null),
  wlMovie('leon', null),
  wlEpisode('severance', 1, 1, 'Good News About Hell', { trakt: 154997101, tvdb: 7976851, imdb: 'tt11650328', tmdb: 1959218 }, null),
  wlShow('severance', null),
  wlMovie('madMax', 'Black & Chrome edition?'),
  wlSeason('dark', 1, 727473, 91234, null),
  wlEpisode('dark', 1, 1, 'Secrets', { trakt: 122531101, tvdb: 6289434, imdb: 'tt6305578', tmdb: 1387351 }, null),
  wlShow('theBear', null),
  wlMovie('eeaao', null),
  wlEpisode('untitledSeries', 1, 1, null, { trakt: 990002101, tvdb: null, imdb: null, tmdb: null }, null),
  wlShow('aot', '最終章まで'),
  wlSeason('shogun', 1, 2046240, 373571, null),
  wlMovie('parasite', null),
  wlEpisode('shogun', 1, 1, 'Anjin', { trakt: 158040101, tvdb: 9988771, imdb: 'tt21369264', tmdb: 4869312 }, null),
];

// listed_at: deliberately not monotonic in rank, so "added" sorting differs from "rank".
const WL_BASE = Date.parse('2025-01-15T12:00:00.000Z');

export function watchlistItems() {
  return WATCHLIST_SPEC.map((s, idx) => {
    const rank = idx + 1;
    const listed = new Date(WL_BASE + ((idx * 7) % 30) * DAY_MS + idx * 60000).toISOString();
    const item = { rank, id: 9001000 + rank, listed_at: listed, notes: s.notes, type: s.type };
    for (const k of ['movie', 'show', 'season', 'episode']) if (k in s) item[k] = s[k];
    // Key order as in the apib: rank, id, listed_at, notes, type, season/episode, show / movie.
    const ordered = { rank: item.rank, id: item.id, listed_at: item.listed_at, notes: item.notes, type: item.type };
    if (item.movie) ordered.movie = item.movie;
    if (item.season) ordered.season = item.season;
    if (item.episode) ordered.episode = item.episode;
    if (item.show) ordered.show = item.show;
    return ordered;
  });
}

export const WATCHLIST_TYPES = { movies: 'movie', shows: 'show', seasons: 'season', episodes: 'episode' };

function wlTitle(it) { return (it.movie ?? it.show).title; }
function wlYear(it) { return (it.movie ?? it.show).year; }

// Filters and sorts like the stand-in does. type: all|movies|shows|seasons|episodes.
// sortBy: rank|added|released|title (anything else -> rank); sortHow: asc|desc.
export function watchlistView(type = 'all', sortBy = 'rank', sortHow = 'asc') {
  let items = watchlistItems();
  if (type !== 'all') items = items.filter((it) => it.type === WATCHLIST_TYPES[type]);
  if (!['rank', 'added', 'released', 'title'].includes(sortBy)) sortBy = 'rank';
  const key = {
    rank: (it) => it.rank,
    added: (it) => it.listed_at,
    title: (it) => wlTitle(it).toLowerCase(),
    released: (it) => wlYear(it),
  }[sortBy];
  const dir = sortHow === 'desc' ? -1 : 1;
  items.sort((a, b) => {
    const ka = key(a), kb = key(b);
    if (ka === null && kb !== null) return 1; // nulls last in both directions
    if (kb === null && ka !== null) return -1;
    if (ka < kb) return -dir;
    if (ka > kb) return dir;
    return a.rank - b.rank;
  });
  return items;
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

export function userSettings(username) {
  return {
    user: {
      username,
      private: false,
      name: 'Stand-In User',
      vip: false,
      vip_ep: false,
      ids: { slug: username },
      joined_at: '2015-03-02T18:21:35.000Z',
      location: 'Zürich',
      about: null,
      gender: null,
      age: null,
      images: { avatar: { full: 'https://example.invalid/a.png' } },
    },
    account: { timezone: 'Europe/Zurich', date_format: 'dmy', time_24hr: true, cover_image: null },
    connections: {},
    sharing_text: {},
  };
}

// GET /users/{id}/stats: the blueprint's example, with what real accounts show
// too: a count Trakt sends as null, and a kind (seasons) with no watch counts.
export function userStats() {
  return {
    movies: { plays: 155, watched: 114, minutes: 15650, collected: 933, ratings: 256, comments: 28 },
    shows: { watched: 16, collected: 7, ratings: 63, comments: 20 },
    seasons: { ratings: 6, comments: 1 },
    episodes: { plays: 552, watched: 534, minutes: 17330, collected: 117, ratings: 64, comments: null },
    network: { friends: 1, followers: 4, following: 11 },
    ratings: {
      total: 389,
      distribution: { 1: 18, 2: 1, 3: 4, 4: 1, 5: 10, 6: 9, 7: 37, 8: 37, 9: 57, 10: 215 },
    },
  };
}

export const CLOUDFLARE_403_HTML = `<!DOCTYPE html>
<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<!--[if gt IE 8]><!--> <html class="no-js" lang="en-US"> <!--<![endif]-->
<head>
<title>Attention Required! | Cloudflare</title>
<meta charset="UTF-8" />
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta name="robots" content="noindex, nofollow" />
</head>
<body>
  <div id="cf-wrapper">
    <div id="cf-error-details" class="cf-error-details-wrapper">
      <div class="cf-wrapper cf-header cf-error-overview">
        <h1 data-translate="block_headline">Sorry, you have been blocked</h1>
        <h2 class="cf-subheadline"><span data-translate="unable_to_access">You are unable to access</span> trakt.tv</h2>
      </div>
      <div class="cf-section cf-wrapper">
        <h2 data-translate="blocked_why_headline">Why have I been blocked?</h2>
        <p data-translate="blocked_why_detail">This website is using a security service to protect itself from online attacks.</p>
      </div>
      <div class="cf-error-footer cf-wrapper">
        <p>Cloudflare Ray ID: <strong>8f0c0ffee0000000</strong> &bull; Performance &amp; security by Cloudflare</p>
      </div>
    </div>
  </div>
</body>
</html>
`;
