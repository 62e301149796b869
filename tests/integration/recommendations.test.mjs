// get_recommendations over MCP stdio and `trakt-mcp call` against the stand-in: search's lines
// (movies with their IMDb id, shows with their slug, unknown years left out, Unicode intact), type
// and limit as Trakt query parameters with ignore_collected, favorited_by in structuredContent
// (valid against the declared outputSchema), argument errors, and the login advice.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, requireBinary, textOf, linesOf, FORBIDDEN_WORDS, outputValidator } from './harness.mjs';
import { recommendations } from '../standin/details_fixtures.mjs';

requireBinary();

// The oracle: search's line for a recommended title, computed from the stand-in's JSON.
function line(type, item) {
  let s = `${type === 'movies' ? '[M]' : '[TV]'} ${item.title}`;
  if (item.year != null) s += ` (${item.year})`;
  if (item.ids.trakt != null) s += ` · trakt ${item.ids.trakt}`;
  const [first, second] = type === 'movies' ? ['imdb', 'slug'] : ['slug', 'imdb'];
  if (item.ids[first]) s += ` · ${first} ${item.ids[first]}`;
  else if (item.ids[second]) s += ` · ${second} ${item.ids[second]}`;
  return s;
}

const recRequests = (log) => log.filter((e) => String(e.path).startsWith('/recommendations/'));
const paramsOf = (e) => Object.fromEntries(new URLSearchParams(e.query));

const call = (p, args) => p.callToolResult('get_recommendations', args);

test('get_recommendations: declaration (choices, limits, hints)', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const d = await p.listedTool('get_recommendations');
  assert.equal(d.annotations.readOnlyHint, true);
  assert.equal(d.inputSchema.required, undefined);
  assert.deepEqual(d.inputSchema.properties.type.enum, ['movies', 'shows']);
  assert.equal(d.inputSchema.properties.type.default, 'movies');
  assert.equal(d.inputSchema.properties.limit.minimum, 1);
  assert.equal(d.inputSchema.properties.limit.maximum, 50);
  assert.equal(d.inputSchema.properties.limit.default, 10);
});

test('get_recommendations: movies by default, exact lines, favorited_by, one request', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const validate = await outputValidator(await p.listedTool('get_recommendations'));
  const r = await call(p, {});
  assert.notEqual(r.isError, true, textOf(r));
  const lines = linesOf(r);
  assert.equal(lines.length, 10);
  assert.deepEqual(lines.slice(0, 3), [
    '[M] Heat (1995) · trakt 1234 · imdb tt0113277',
    '[M] Blackfish (2013) · trakt 58 · imdb tt2545118',
    '[M] Inception (2010) · trakt 16662 · imdb tt1375666',
  ]);
  assert.equal(lines[3], '[M] 올드보이 (2003) · trakt 513 · imdb tt0364569');
  assert.equal(lines[5], '[M] Untitled Wachowski Project · trakt 990003 · slug untitled-wachowski-project');
  assert.deepEqual(lines, recommendations('movies', 10).map((m) => line('movies', m)));
  assert.doesNotMatch(textOf(r), FORBIDDEN_WORDS);

  const s = r.structuredContent;
  assert.ok(validate(s), JSON.stringify(validate.errors));
  assert.equal(s.type, 'movies');
  assert.equal(s.count, 10);
  assert.deepEqual(s.results[1], {
    title: 'Blackfish', year: 2013, ids: { trakt: 58, slug: 'blackfish-2013', imdb: 'tt2545118', tmdb: 158999 },
    favorited_by: [{ username: 'justin', name: 'Justin Nemeth', notes: 'This is a great documentary about killer whales.' }],
  });
  assert.deepEqual(s.results[0].favorited_by, [{ username: 'sean' }], 'null name and notes are left out');
  assert.doesNotMatch(JSON.stringify(s), /null/);

  const reqs = recRequests(await w.standin.apiLog());
  assert.equal(reqs.length, 1);
  assert.equal(reqs[0].path, '/recommendations/movies');
  assert.deepEqual(paramsOf(reqs[0]), { limit: '10', ignore_collected: 'true' });
});

test('get_recommendations: shows and limit', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const shows = await call(p, { type: 'shows' });
  assert.notEqual(shows.isError, true, textOf(shows));
  assert.deepEqual(linesOf(shows), [
    '[TV] Dark (2017) · trakt 122531 · slug dark',
    '[TV] The Bear (2022) · trakt 190412 · slug the-bear',
    '[TV] Café 🎬 · trakt 990001 · slug cafe',
    '[TV] 進撃の巨人 (2013) · trakt 1420 · slug attack-on-titan',
    '[TV] Tron: Uprising (2012) · trakt 34209 · slug tron-uprising',
  ]);
  assert.equal(shows.structuredContent.type, 'shows');
  assert.equal(shows.structuredContent.count, 5);

  const three = await call(p, { limit: 3 });
  assert.deepEqual(linesOf(three), recommendations('movies', 3).map((m) => line('movies', m)));
  const fifty = await call(p, { type: 'movies', limit: 50 });
  assert.equal(linesOf(fifty).length, recommendations('movies', 50).length);

  const reqs = recRequests(await w.standin.apiLog());
  assert.deepEqual(reqs.map((e) => [e.path, paramsOf(e).limit, paramsOf(e).ignore_collected]), [
    ['/recommendations/shows', '10', 'true'], ['/recommendations/movies', '3', 'true'], ['/recommendations/movies', '50', 'true'],
  ]);
});

test('get_recommendations: none, and bad arguments', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  await w.standin.fault({ path: '/recommendations/shows', times: 1, action: 'respond', status: 200, body: [] });
  const none = await call(p, { type: 'shows' });
  assert.notEqual(none.isError, true);
  assert.equal(textOf(none), 'Trakt has no show recommendations for you right now. Watching and rating more shows ' +
    'gives it something to go on.');
  assert.deepEqual(none.structuredContent, { type: 'shows', count: 0, results: [] });

  const before = recRequests(await w.standin.apiLog()).length;
  const bad = await call(p, { type: 'movie' });
  assert.equal(bad.isError, true);
  assert.match(textOf(bad), /Invalid argument "type".*movies, shows/);
  const zero = await call(p, { limit: 0 });
  assert.equal(zero.isError, true);
  assert.match(textOf(zero), /limit.*1 to 50/);
  const many = await call(p, { limit: 51 });
  assert.equal(many.isError, true);
  assert.equal(recRequests(await w.standin.apiLog()).length, before, 'nothing sent for bad arguments');
});

test('get_recommendations in a shell, and without a login', async (t) => {
  const w = await world(t);
  const ok = await w.run(['call', 'get_recommendations', '--arg', 'type=shows', '--arg', 'limit=2']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout.trim(), '[TV] Dark (2017) · trakt 122531 · slug dark\n[TV] The Bear (2022) · trakt 190412 · slug the-bear');

  const nobody = await world(t, { login: false });
  const r = await nobody.run(['call', 'get_recommendations']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /trakt-mcp login/);
});
