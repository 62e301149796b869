// Self-test of the stand-in's write endpoints (writes.mjs): `node --test tests/standin/writes.test.mjs`.
// Talks HTTPS to a real stand-in process, as standin.test.mjs does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SelfTestStandin } from './selftest.mjs';
import { watchlistItems, historyItem, HISTORY_ID_BASE, MOVIES, SHOWS } from './fixtures.mjs';

const CLIENT_ID = 'standin-client-id';

let main; // the stand-in (SelfTestStandin)
const request = (method, p, opts) => main.request(method, p, opts);

const control = (method, p, body) => request(method, p, { body });
const reset = () => control('POST', '/__standin/reset', {});
const setConfig = (c) => control('POST', '/__standin/config', c);
const activities = async () => (await control('GET', '/__standin/activity')).json;

// A client for one user: get/post/del with the API headers.
async function client(username = 'standin-user') {
  const tok = (await control('POST', '/__standin/login', { username })).json.access_token;
  const headers = { 'User-Agent': 'standin-test/1.0', 'trakt-api-key': CLIENT_ID, 'trakt-api-version': '2', Authorization: `Bearer ${tok}` };
  return {
    get: (p) => request('GET', p, { headers }),
    post: (p, body) => request('POST', p, { headers, body }),
    del: (p) => request('DELETE', p, { headers }),
  };
}

const HEAT = { title: 'Heat', year: 1995, ids: { trakt: 1234, slug: 'heat-1995', imdb: 'tt0113277', tmdb: 949 } };
const UNKNOWN = { ids: { imdb: 'tt0000111' } };
const keyOf = (it) => `${it.type}:${(it.movie ?? it.episode ?? it.season ?? it.show).ids.trakt ?? JSON.stringify(it.season)}`;

before(async () => {
  main = await SelfTestStandin.start('standin-writes-');
});

after(() => main?.stop());

test('watchlist: add shows up in every read, again is existing, unknown is not_found as sent', async () => {
  await reset();
  const c = await client();
  const before = await activities();
  const r = await c.post('/sync/watchlist', { movies: [{ ids: { slug: 'heat-1995' }, notes: 'Pacino vs De Niro' }, UNKNOWN], shows: [{ ids: { tvdb: 269689 } }] });
  assert.equal(r.status, 201);
  assert.deepEqual(r.json.added, { movies: 1, shows: 1, seasons: 0, episodes: 0 });
  assert.deepEqual(r.json.existing, { movies: 0, shows: 0, seasons: 0, episodes: 0 });
  assert.deepEqual(r.json.not_found, { movies: [UNKNOWN], shows: [], seasons: [], episodes: [] });
  assert.equal(r.json.list.item_count, 32);
  assert.match(r.json.list.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

  const all = await c.get('/sync/watchlist');
  assert.equal(all.json.length, 32);
  const heat = all.json.find((it) => it.movie?.ids.trakt === 1234);
  assert.equal(heat.rank, 31);
  assert.equal(heat.notes, 'Pacino vs De Niro');
  assert.deepEqual(heat.movie, HEAT);
  assert.deepEqual(Object.keys(heat), ['rank', 'id', 'listed_at', 'notes', 'type', 'movie']);
  const lo = all.json.find((it) => it.show?.ids.trakt === SHOWS.leftovers.ids.trakt);
  assert.equal(lo.rank, 32);
  assert.equal(lo.type, 'show');
  // newest first by added; type filter; pagination
  const added = await c.get('/sync/watchlist/movies/added/desc');
  assert.equal(added.json[0].movie.ids.trakt, 1234);
  assert.equal(added.json.length, 11);
  const page = await c.get('/sync/watchlist/shows?page=1&limit=250');
  assert.equal(page.headers['x-pagination-item-count'], '9');

  const after = await activities();
  assert.ok(after.watchlist.updated_at > before.watchlist.updated_at);
  assert.ok(after.movies.watchlisted_at > before.movies.watchlisted_at);
  assert.ok(after.shows.watchlisted_at > before.shows.watchlisted_at);
  assert.equal(after.seasons.watchlisted_at, before.seasons.watchlisted_at);
  assert.equal(after.episodes.watched_at, before.episodes.watched_at);

  // again (and a fixture item): existing, nothing moves
  const again = await c.post('/sync/watchlist', { movies: [{ ids: { imdb: 'tt0113277' } }, { ids: { trakt: MOVIES.tron.ids.trakt } }] });
  assert.equal(again.status, 201);
  assert.deepEqual(again.json.added, { movies: 0, shows: 0, seasons: 0, episodes: 0 });
  assert.deepEqual(again.json.existing, { movies: 2, shows: 0, seasons: 0, episodes: 0 });
  assert.equal(again.json.list.item_count, 32);
  assert.deepEqual(await activities(), after);
});

test('watchlist: seasons and episodes via a show, and by ids; remove', async () => {
  await reset();
  const c = await client();
  const r = await c.post('/sync/watchlist', {
    shows: [{ ids: { slug: 'severance' }, seasons: [{ number: 1 }, { number: 2, episodes: [{ number: 3 }] }] }],
    episodes: [{ ids: { trakt: 49 } }], // Box Cutter: already on the fixture watchlist
  });
  assert.deepEqual(r.json.added, { movies: 0, shows: 0, seasons: 1, episodes: 1 });
  assert.deepEqual(r.json.existing, { movies: 0, shows: 0, seasons: 0, episodes: 1 });
  const eps = (await c.get('/sync/watchlist/episodes')).json;
  const e = eps.at(-1);
  assert.deepEqual([e.episode.season, e.episode.number, e.show.ids.slug], [2, 3, 'severance']);
  assert.deepEqual(Object.keys(e), ['rank', 'id', 'listed_at', 'notes', 'type', 'episode', 'show']);

  const before = await activities();
  const rm = await c.post('/sync/watchlist/remove', {
    movies: [{ ids: { trakt: MOVIES.tron.ids.trakt } }, { ids: { trakt: MOVIES.thor.ids.trakt } }, UNKNOWN],
    shows: [{ ids: { slug: 'severance' }, seasons: [{ number: 1 }] }],
  });
  assert.equal(rm.status, 200);
  // Thor is known but not on the watchlist: neither deleted nor not_found
  assert.deepEqual(rm.json.deleted, { movies: 1, shows: 0, seasons: 1, episodes: 0 });
  assert.deepEqual(rm.json.not_found, { movies: [UNKNOWN], shows: [], seasons: [], episodes: [] });
  assert.equal(rm.json.list.item_count, 30);
  const all = (await c.get('/sync/watchlist')).json;
  assert.equal(all.length, 30);
  assert.ok(!all.some((it) => it.movie?.ids.trakt === MOVIES.tron.ids.trakt));
  assert.ok(!all.some((it) => it.type === 'season' && it.show.ids.slug === 'severance' && it.season.number === 1));
  const after = await activities();
  assert.ok(after.watchlist.updated_at > before.watchlist.updated_at);
  assert.ok(after.seasons.watchlisted_at > before.seasons.watchlisted_at);
  assert.equal(after.episodes.watchlisted_at, before.episodes.watchlisted_at);

  // re-adding a removed fixture item: a new entry, last rank
  const back = await c.post('/sync/watchlist', { movies: [{ ids: { slug: 'tron-legacy-2010' } }] });
  assert.equal(back.json.added.movies, 1);
  const again = (await c.get('/sync/watchlist')).json;
  assert.equal(again.at(-1).movie.ids.trakt, MOVIES.tron.ids.trakt);
  assert.equal(again.at(-1).rank, 33);
});

test('history: add (watched_at, released, now) newest first; remove by item and by history id', async () => {
  await reset();
  const c = await client();
  const before = await activities();
  const t0 = Date.now();
  const r = await c.post('/sync/history', {
    movies: [{ ids: { trakt: 1234 }, watched_at: '2026-12-01T20:00:00.000Z' }, { ids: { slug: 'the-dark-knight-2008' }, watched_at: 'released' }, UNKNOWN],
    shows: [{ ids: { trakt: SHOWS.severance.ids.trakt }, seasons: [{ number: 2, episodes: [{ number: 1, watched_at: '2026-12-02T21:00:00.000Z' }] }] }],
  });
  assert.equal(r.status, 201);
  assert.deepEqual(r.json, { added: { movies: 2, episodes: 1 }, not_found: { movies: [UNKNOWN], shows: [], seasons: [], episodes: [] } });
  const h = await c.get('/sync/history?limit=3');
  assert.equal(h.headers['x-pagination-item-count'], '603');
  // 2026-12-02 episode, then 2026-12-01 Heat, then the fixture's newest
  assert.equal(h.json[0].type, 'episode');
  assert.equal(h.json[0].watched_at, '2026-12-02T21:00:00.000Z');
  assert.deepEqual([h.json[0].episode.season, h.json[0].episode.number, h.json[0].show.ids.slug], [2, 1, 'severance']);
  assert.equal(h.json[1].movie.ids.trakt, 1234);
  assert.deepEqual(Object.keys(h.json[1]), ['id', 'watched_at', 'action', 'type', 'movie']);
  assert.deepEqual(h.json[2], historyItem(0));
  for (const it of h.json.slice(0, 2)) assert.ok(it.id > HISTORY_ID_BASE);
  const dk = (await c.get('/sync/history/movies/6?limit=100')).json;
  assert.equal(dk.find((it) => it.id > HISTORY_ID_BASE).watched_at, '2008-07-16T00:00:00.000Z'); // "released"
  const after = await activities();
  assert.ok(after.movies.watched_at > before.movies.watched_at);
  assert.ok(after.episodes.watched_at > before.episodes.watched_at);
  assert.equal(after.watchlist.updated_at, before.watchlist.updated_at);

  // no watched_at: now
  const now = await c.post('/sync/history', { episodes: [{ ids: { trakt: 49 } }] });
  assert.deepEqual(now.json.added, { movies: 0, episodes: 1 });
  const box = (await c.get('/sync/history/episodes?limit=250')).json.find((it) => it.id > HISTORY_ID_BASE && it.episode.ids.trakt === 49);
  assert.ok(Date.parse(box.watched_at) >= t0 - 1000);

  // remove every play of an item (fixture and added), and single plays by history id
  const amelieCount = (await c.get(`/sync/history/movies/${MOVIES.amelie.ids.trakt}?limit=250`)).json.length;
  assert.ok(amelieCount > 0);
  const heatPlay = h.json[1].id;
  const fixturePlay = historyItem(1).id;
  const rm = await c.post('/sync/history/remove', { movies: [{ ids: { trakt: MOVIES.amelie.ids.trakt } }, UNKNOWN], ids: [heatPlay, fixturePlay, 42] });
  assert.equal(rm.status, 200);
  assert.deepEqual(rm.json, {
    deleted: { movies: amelieCount + 1, episodes: 1 },
    not_found: { movies: [UNKNOWN], shows: [], seasons: [], episodes: [], ids: [42] },
  });
  const all = (await c.get('/sync/history?limit=250&page=1')).json;
  assert.ok(!all.some((it) => it.id === heatPlay || it.id === fixturePlay));
  assert.equal((await c.get(`/sync/history/movies/${MOVIES.amelie.ids.trakt}`)).json.length, 0);
  assert.equal((await c.get('/sync/history?limit=1')).headers['x-pagination-item-count'], String(604 - amelieCount - 2));
  // a removed id again: not found
  const rm2 = await c.post('/sync/history/remove', { ids: [heatPlay] });
  assert.deepEqual(rm2.json.deleted, { movies: 0, episodes: 0 });
  assert.deepEqual(rm2.json.not_found.ids, [heatPlay]);
});

test('history: a season of a show with known structure adds all its episodes', async () => {
  await reset();
  const c = await client();
  const r = await c.post('/sync/history', { shows: [{ ids: { slug: 'severance' }, seasons: [{ number: 2 }] }] });
  assert.deepEqual(r.json.added, { movies: 0, episodes: 10 });
  const bad = await c.post('/sync/history', { shows: [{ ids: { slug: 'severance' }, seasons: [{ number: 9 }] }] });
  assert.deepEqual(bad.json.added, { movies: 0, episodes: 0 });
  assert.equal(bad.json.not_found.shows.length, 1);
});

test("history: an added episode play moves that user's show progress on", async () => {
  await reset();
  const alice = await client('alice');
  const bob = await client('bob');
  const before = (await alice.get('/shows/the-bear/progress/watched')).json;
  assert.deepEqual([before.next_episode.season, before.next_episode.number, before.completed], [2, 6, 13]);
  const r = await alice.post('/sync/history', { episodes: [{ ids: { trakt: before.next_episode.ids.trakt }, watched_at: '2026-11-21T10:00:00.000Z' }] });
  assert.equal(r.status, 201);
  const after = (await alice.get('/shows/190412/progress/watched')).json;
  assert.deepEqual([after.next_episode.season, after.next_episode.number, after.completed], [2, 7, 14]);
  assert.equal(after.last_watched_at, '2026-11-21T10:00:00.000Z');
  assert.deepEqual([after.last_episode.season, after.last_episode.number], [2, 6]);
  assert.deepEqual((await bob.get('/shows/the-bear/progress/watched')).json, before, "bob's progress is his own");
});

test('ratings: add, change, remove; reads reflect them', async () => {
  await reset();
  const c = await client();
  const before = await activities();
  const r = await c.post('/sync/ratings', {
    movies: [{ ids: { trakt: MOVIES.inception.ids.trakt }, rating: 7, rated_at: '2020-12-01T10:00:00.000Z' }, { ids: { slug: 'heat-1995' }, rating: 6 }, { rating: 10, ...UNKNOWN }],
    shows: [{ ids: { slug: 'dark' }, seasons: [{ number: 1, rating: 8 }] }],
  });
  assert.equal(r.status, 201);
  assert.deepEqual(r.json, {
    added: { movies: 2, shows: 0, seasons: 1, episodes: 0 },
    not_found: { movies: [{ rating: 10, ...UNKNOWN }], shows: [], seasons: [], episodes: [] },
  });
  const movies = (await c.get('/sync/ratings/movies')).json;
  const heat = movies.filter((it) => it.movie.ids.trakt === 1234);
  assert.equal(heat.length, 1);
  assert.equal(heat[0].rating, 6);
  assert.deepEqual(Object.keys(heat[0]), ['rated_at', 'rating', 'type', 'movie']);
  assert.deepEqual(movies, [...movies].sort((x, y) => (x.rated_at < y.rated_at ? 1 : -1))); // newest first
  assert.deepEqual(movies.find((it) => it.movie.ids.trakt === MOVIES.inception.ids.trakt).rated_at, '2020-12-01T10:00:00.000Z');
  const seasons = (await c.get('/sync/ratings/seasons')).json;
  assert.equal(seasons.length, 1);
  assert.deepEqual([seasons[0].season.number, seasons[0].show.ids.slug, seasons[0].rating], [1, 'dark', 8]);
  assert.equal((await c.get('/sync/ratings/movies/7')).json.length, 1);
  const after = await activities();
  assert.ok(after.movies.rated_at > before.movies.rated_at);
  assert.ok(after.seasons.rated_at > before.seasons.rated_at);
  assert.equal(after.shows.rated_at, before.shows.rated_at);

  const rm = await c.post('/sync/ratings/remove', { movies: [{ ids: { trakt: 1234 } }, { ids: { trakt: MOVIES.tron.ids.trakt } }], shows: [{ ids: { slug: 'severance' } }] });
  assert.equal(rm.status, 200);
  assert.deepEqual(rm.json, { deleted: { movies: 1, shows: 1, seasons: 0, episodes: 0 }, not_found: { movies: [], shows: [], seasons: [], episodes: [] } });
  const all = (await c.get('/sync/ratings')).json;
  assert.ok(!all.some((it) => it.movie?.ids.trakt === 1234 || it.show?.ids.slug === 'severance'));
  const pg = await c.get('/sync/ratings/all?page=1&limit=2');
  assert.equal(pg.headers['x-pagination-item-count'], String(all.length));
  // out of range rating: not rated
  const bad = await c.post('/sync/ratings', { movies: [{ ids: { trakt: 1234 }, rating: 11 }] });
  assert.deepEqual(bad.json.added, { movies: 0, shows: 0, seasons: 0, episodes: 0 });
  assert.deepEqual(bad.json.not_found.movies, [{ ids: { trakt: 1234 }, rating: 11 }]);
});

test('checkin: 201, then 409 with expires_at; DELETE 204; then checkin works again', async () => {
  await reset();
  const c = await client();
  const before = await activities();
  const r = await c.post('/checkin', { movie: HEAT, message: 'Heat!' });
  assert.equal(r.status, 201);
  assert.deepEqual(Object.keys(r.json), ['id', 'watched_at', 'sharing', 'movie']);
  assert.deepEqual(r.json.movie, HEAT);
  assert.ok(r.json.id > HISTORY_ID_BASE);
  const h = (await c.get('/sync/history?limit=1')).json[0];
  assert.equal(h.id, r.json.id);
  assert.equal(h.action, 'checkin');
  const after = await activities();
  assert.ok(after.movies.watched_at > before.movies.watched_at);
  assert.equal(after.episodes.watched_at, before.episodes.watched_at);

  const busy = await c.post('/checkin', { episode: { ids: { trakt: 49 } } });
  assert.equal(busy.status, 409);
  assert.deepEqual(Object.keys(busy.json), ['watched_at', 'expires_at']);
  assert.equal(busy.json.watched_at, r.json.watched_at);
  assert.equal(Date.parse(busy.json.expires_at) - Date.parse(r.json.watched_at), 170 * 60000); // Heat: 170 min

  const del = await c.del('/checkin');
  assert.equal(del.status, 204);
  assert.equal(del.text, '');
  assert.ok(!(await c.get('/sync/history?limit=5')).json.some((it) => it.id === r.json.id));

  const ep = await c.post('/checkin', { show: { ids: { slug: 'breaking-bad' } }, episode: { season: 4, number: 8 } });
  assert.equal(ep.status, 201);
  assert.deepEqual(Object.keys(ep.json), ['id', 'watched_at', 'sharing', 'episode', 'show']);
  assert.equal(ep.json.episode.title, 'Hermanos');
  const busy2 = await c.post('/checkin', { movie: HEAT });
  assert.equal(Date.parse(busy2.json.expires_at) - Date.parse(ep.json.watched_at), 47 * 60000); // the show's runtime
  await c.del('/checkin');
  const inc = await c.post('/checkin', { movie: { ids: { trakt: MOVIES.inception.ids.trakt } } });
  const busy3 = await c.post('/checkin', { movie: HEAT });
  assert.equal(Date.parse(busy3.json.expires_at) - Date.parse(inc.json.watched_at), 60 * 60000); // runtime unknown: 60 min
  assert.equal((await c.post('/checkin', { movie: UNKNOWN })).status, 404);
  assert.equal((await c.get('/checkin')).status, 405);
});

test('checkin: config checkin_expires_s lets a check-in expire', async () => {
  await reset();
  await setConfig({ checkin_expires_s: 0.3 });
  const c = await client();
  assert.equal((await c.post('/checkin', { movie: { ids: { trakt: 6 } } })).status, 201);
  const busy = await c.post('/checkin', { movie: { ids: { trakt: 6 } } });
  assert.equal(busy.status, 409);
  await new Promise((r) => setTimeout(r, 400));
  assert.equal((await c.post('/checkin', { movie: { ids: { trakt: 6 } } })).status, 201);
});

test('write limit: 1 per second per user when enforced, with Retry-After and X-Ratelimit', async () => {
  await reset();
  const a = await client('alice');
  const b = await client('bob');
  // off by default: back to back is fine
  assert.equal((await a.post('/sync/watchlist', { movies: [{ ids: { trakt: 1234 } }] })).status, 201);
  assert.equal((await a.post('/sync/watchlist/remove', { movies: [{ ids: { trakt: 1234 } }] })).status, 200);

  await setConfig({ enforce_write_limit: true });
  await new Promise((r) => setTimeout(r, 1050));
  assert.equal((await a.post('/sync/watchlist', { movies: [{ ids: { trakt: 1234 } }] })).status, 201);
  const limited = await a.post('/sync/history', { movies: [{ ids: { trakt: 1234 } }] });
  assert.equal(limited.status, 429);
  assert.equal(limited.headers['retry-after'], '1');
  const rl = JSON.parse(limited.headers['x-ratelimit']);
  assert.equal(rl.name, 'AUTHED_API_POST_LIMIT');
  assert.equal(rl.period, 1);
  assert.equal(rl.limit, 1);
  assert.equal(rl.remaining, 0);
  assert.match(rl.until, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal((await a.del('/checkin')).status, 429); // DELETE too
  assert.equal((await b.post('/sync/watchlist/remove', { movies: [{ ids: { trakt: 1234 } }] })).status, 200); // another user
  assert.equal((await a.get('/sync/watchlist')).status, 200); // reads are not paced
  // the rejected write changed nothing
  assert.ok(!(await a.get('/sync/history?limit=5')).json.some((it) => it.id > HISTORY_ID_BASE));
  await new Promise((r) => setTimeout(r, 1050));
  assert.equal((await a.post('/sync/history', { movies: [{ ids: { trakt: 1234 } }] })).status, 201);

  // the stats log has method and arrival time of every request
  const log = (await control('GET', '/__standin/stats')).json.log.filter((e) => e.method !== 'GET');
  assert.ok(log.length >= 7);
  for (const e of log) assert.ok(Number.isInteger(e.t) && e.t > 1.7e12, JSON.stringify(e));
  const ok = log.filter((e) => e.status !== 429 && e.path !== '/sync/watchlist/remove');
  const last = ok.slice(-2);
  assert.ok(last[1].t - last[0].t >= 1000);
});

test('drop_writes: the next N writes are applied, then the connection closes without an answer', async () => {
  await reset();
  await setConfig({ drop_writes: 2 });
  const c = await client();
  const before = await activities();
  const noAnswer = async (p) => {
    await assert.rejects(c.post(p, { movies: [{ ids: { trakt: 1234 } }] }), (e) => {
      assert.ok(e.code === 'ECONNRESET' || /socket hang up/.test(e.message), `${e.code} ${e.message}`);
      return true;
    });
  };
  await noAnswer('/sync/history');
  // applied although unanswered: the play is in history, the activity moved (these reads, made
  // while one drop is left, are answered: only writes are dropped)
  const plays = (await c.get('/sync/history/movies/1234?limit=100')).json.filter((it) => it.id > HISTORY_ID_BASE);
  assert.equal(plays.length, 1);
  assert.ok((await activities()).movies.watched_at > before.movies.watched_at);
  await noAnswer('/sync/watchlist');
  assert.ok((await c.get('/sync/watchlist/movies')).json.some((it) => it.movie.ids.trakt === 1234));
  assert.equal((await control('GET', '/__standin/config')).json.drop_writes, 0); // counted down
  // the next write answers as usual; both dropped writes are in the log (status 0)
  const r = await c.post('/sync/watchlist', { movies: [{ ids: { trakt: 1234 } }] });
  assert.equal(r.status, 201);
  assert.equal(r.json.existing.movies, 1);
  const log = (await control('GET', '/__standin/stats')).json.log.filter((e) => e.method === 'POST');
  assert.deepEqual(log.map((e) => [e.path, e.status]), [['/sync/history', 0], ['/sync/watchlist', 0], ['/sync/watchlist', 201]]);
});

test('reset clears the writes; unparseable body is 400', async () => {
  await reset();
  const c = await client();
  await c.post('/sync/watchlist', { movies: [{ ids: { trakt: 1234 } }] });
  await c.post('/sync/ratings/remove', { movies: [{ ids: { trakt: 1234 } }] });
  await c.post('/checkin', { movie: { ids: { trakt: 1234 } } });
  await reset();
  assert.deepEqual((await c.get('/sync/watchlist')).json, watchlistItems());
  assert.ok((await c.get('/sync/ratings/movies')).json.some((it) => it.movie.ids.trakt === 1234));
  assert.equal((await c.post('/checkin', { movie: { ids: { trakt: 1234 } } })).status, 201);
  assert.equal((await c.post('/sync/watchlist', '{nope')).status, 400);
  assert.equal((await request('PUT', '/sync/watchlist', { headers: { 'User-Agent': 'x', 'trakt-api-key': CLIENT_ID, 'trakt-api-version': '2' } })).status, 401);
});
