// Self-test of the stand-in's playback and hidden endpoints (playback.mjs):
// `node --test tests/standin/playback.test.mjs`. Talks HTTPS to a real stand-in process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SelfTestStandin } from './selftest.mjs';
import { PLAYBACK } from './playback.mjs';
import { calendarItems, SHOWS } from './fixtures.mjs';

const CLIENT_ID = 'standin-client-id';

let main;
const request = (method, p, opts) => main.request(method, p, opts);
const control = (method, p, body) => request(method, p, { body });
const reset = () => control('POST', '/__standin/reset', {});
const activities = async () => (await control('GET', '/__standin/activity')).json;

async function client(username = 'standin-user') {
  const tok = (await control('POST', '/__standin/login', { username })).json.access_token;
  const headers = { 'User-Agent': 'standin-test/1.0', 'trakt-api-key': CLIENT_ID, 'trakt-api-version': '2', Authorization: `Bearer ${tok}` };
  return {
    get: (p) => request('GET', p, { headers }),
    post: (p, body) => request('POST', p, { headers, body }),
    del: (p) => request('DELETE', p, { headers }),
  };
}

before(async () => { main = await SelfTestStandin.start('standin-playback-'); });
after(() => main?.stop());

test('playback: all, by type, paged on request; DELETE 204 then 404; paused_at moves; per user', async () => {
  await reset();
  const c = await client();
  const all = await c.get('/sync/playback');
  assert.equal(all.status, 200);
  assert.deepEqual(all.json, PLAYBACK);
  assert.equal(all.headers['x-pagination-page'], undefined, 'pagination is optional at Trakt');
  assert.deepEqual(Object.keys(all.json[0]), ['progress', 'paused_at', 'id', 'type', 'movie']);
  assert.ok(all.json.some((p) => p.movie?.year === null) && all.json.some((p) => p.episode?.title === null));
  assert.deepEqual((await c.get('/sync/playback/movies')).json.map((p) => p.type), ['movie', 'movie', 'movie']);
  const page = await c.get('/sync/playback/episodes?page=1&limit=2');
  assert.equal(page.json.length, 2);
  assert.equal(page.headers['x-pagination-item-count'], '3');
  assert.equal((await c.get('/sync/playback/shows')).status, 404);

  const before = await activities();
  const gone = await c.del('/sync/playback/14');
  assert.equal(gone.status, 204);
  assert.equal(gone.text, '');
  const after = await activities();
  assert.ok(after.episodes.paused_at > before.episodes.paused_at);
  assert.equal(after.movies.paused_at, before.movies.paused_at);
  assert.equal((await c.del('/sync/playback/14')).status, 404);
  assert.equal((await c.del('/sync/playback/999')).status, 404);
  assert.ok(!(await c.get('/sync/playback')).json.some((p) => p.id === 14));
  const other = await client('someone-else');
  assert.ok((await other.get('/sync/playback')).json.some((p) => p.id === 14), 'another user keeps theirs');
  await reset();
  assert.ok((await c.get('/sync/playback')).json.some((p) => p.id === 14), 'reset brings it back');
});

test('hidden: add and remove in Trakt\'s shape, reads, hidden_at moves, the calendar leaves hidden shows out', async () => {
  await reset();
  const c = await client();
  const start = '2026-11-23';
  const calendarBefore = (await c.get(`/calendars/my/shows/${start}/7`)).json;
  assert.deepEqual(calendarBefore, calendarItems(start, 7));
  const progress = await c.get('/users/hidden/progress_watched?type=show');
  assert.deepEqual(progress.json.map((h) => h.show.ids.slug), ['dark']);
  assert.equal(progress.headers['x-pagination-page'], '1');
  assert.deepEqual((await c.get('/users/hidden/calendar')).json, []);

  const before = await activities();
  const unknown = { ids: { slug: 'no-such-show' } };
  const added = await c.post('/users/hidden/calendar', { shows: [{ ids: { trakt: SHOWS.severance.ids.trakt } }, unknown] });
  assert.equal(added.status, 201);
  assert.deepEqual(added.json, {
    added: { movies: 0, shows: 1, seasons: 0, users: 0 },
    not_found: { movies: [], shows: [unknown], seasons: [], users: [] },
  });
  assert.ok((await activities()).shows.hidden_at > before.shows.hidden_at);
  const hidden = (await c.get('/users/hidden/calendar')).json;
  assert.deepEqual(hidden.map((h) => [h.type, h.show.title]), [['show', 'Severance']]);
  assert.deepEqual(Object.keys(hidden[0]), ['hidden_at', 'type', 'show']);
  const calendar = (await c.get(`/calendars/my/shows/${start}/7`)).json;
  assert.deepEqual(calendar, calendarBefore.filter((it) => it.show.ids.slug !== 'severance'));
  assert.ok(calendar.length < calendarBefore.length);
  assert.deepEqual((await c.post('/users/hidden/calendar', { shows: [{ ids: { slug: 'severance' } }] })).json.added.shows, 0, 'already hidden');

  const removed = await c.post('/users/hidden/calendar/remove', { shows: [{ ids: { imdb: 'tt11280740' } }] });
  assert.equal(removed.status, 200);
  assert.deepEqual(removed.json, { deleted: { movies: 0, shows: 1, seasons: 0, users: 0 }, not_found: { movies: [], shows: [], seasons: [], users: [] } });
  assert.deepEqual((await c.get(`/calendars/my/shows/${start}/7`)).json, calendarBefore);

  const season = await c.post('/users/hidden/progress_watched', { shows: [{ ids: { slug: 'severance' }, seasons: [{ number: 1 }] }] });
  assert.deepEqual(season.json.added, { movies: 0, shows: 0, seasons: 1, users: 0 });
  assert.deepEqual((await c.get('/users/hidden/progress_watched?type=season')).json.map((h) => [h.show.ids.slug, h.season.number]),
    [['severance', 1], ['parks-and-recreation', 7]]);
  assert.equal((await c.post('/users/hidden/progress_watched/undo', { shows: [] })).status, 404);
  assert.equal((await c.get('/users/hidden/nowhere')).status, 404);
});
