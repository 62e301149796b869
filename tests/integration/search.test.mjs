// search over MCP stdio and `trakt-mcp call` against the stand-in: exact lines (movies with their
// IMDb id, shows and people with their slug, each falling back to the other; unknown years left
// out; Unicode intact), the type / year / limit filters as Trakt query parameters, the sentence
// when nothing matches, argument errors, no login needed (no Authorization header sent), and
// structuredContent valid against the declared outputSchema.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, requireBinary, textOf, linesOf, FORBIDDEN_WORDS, outputValidator } from './harness.mjs';
import { searchResults } from '../standin/search_fixtures.mjs';

requireBinary();

// The oracle: a line computed from Trakt's JSON, independently of the binary.
function searchLine(r) {
  const item = r[r.type];
  const tag = { movie: '[M]', show: '[TV]', person: '[P]' }[r.type];
  let s = `${tag} ${item.title ?? item.name}`;
  if (r.type !== 'person' && item.year != null) s += ` (${item.year})`;
  if (item.ids.trakt != null) s += ` · trakt ${item.ids.trakt}`;
  const first = r.type === 'movie' ? 'imdb' : 'slug';
  const second = first === 'imdb' ? 'slug' : 'imdb';
  if (item.ids[first]) s += ` · ${first} ${item.ids[first]}`;
  else if (item.ids[second]) s += ` · ${second} ${item.ids[second]}`;
  return s;
}

const searchRequests = (log) => log.filter((e) => String(e.path).startsWith('/search/'));
const paramsOf = (e) => Object.fromEntries(new URLSearchParams(e.query));

const call = (p, args) => p.callToolResult('search', args);

test('search: declaration (required query, choices, limits, hints)', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const tool = await p.listedTool('search');
  assert.equal(tool.annotations.readOnlyHint, true);
  assert.equal(tool.annotations.openWorldHint, true);
  assert.deepEqual(tool.inputSchema.required, ['query']);
  assert.deepEqual(Object.keys(tool.inputSchema.properties).sort(), ['limit', 'query', 'type', 'year']);
  assert.deepEqual(tool.inputSchema.properties.type.enum, ['movie', 'show', 'person', 'all']);
  assert.equal(tool.inputSchema.properties.limit.minimum, 1);
  assert.equal(tool.inputSchema.properties.limit.maximum, 50);
  assert.equal(tool.inputSchema.properties.limit.default, 10);
  assert.equal(tool.outputSchema.type, 'object');
});

test('search: exact lines for a query, movies and shows by default, valid structuredContent', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const tool = await p.listedTool('search');
  const r = await call(p, { query: 'heat' });
  assert.notEqual(r.isError, true, textOf(r));
  assert.deepEqual(linesOf(r), [
    '[M] Heat (1995) · trakt 1234 · imdb tt0113277',
    '[TV] Heat Seekers (2015) · trakt 990010 · imdb tt4400001',
    '[M] The Heat (2013) · trakt 82350 · imdb tt2404463',
    '[M] Heat Lightning · trakt 990020 · slug heat-lightning',
  ]);
  assert.doesNotMatch(textOf(r), FORBIDDEN_WORDS);
  const expected = searchResults(['movie', 'show'], 'heat');
  assert.deepEqual(linesOf(r), expected.map(searchLine));

  const s = r.structuredContent;
  assert.equal(s.query, 'heat');
  assert.equal(s.type, 'movie,show');
  assert.equal(s.count, 4);
  assert.equal(s.results.length, 4);
  assert.deepEqual(s.results[0], {
    type: 'movie', score: 1000,
    movie: { title: 'Heat', year: 1995, ids: { trakt: 1234, slug: 'heat-1995', imdb: 'tt0113277', tmdb: 949 } },
    poster: 'trakt://poster/movie/1234',
  });
  assert.deepEqual(s.results[1].show, { title: 'Heat Seekers', year: 2015, ids: { trakt: 990010, imdb: 'tt4400001' } });
  assert.ok(!('year' in s.results[3].movie), 'an unknown year is left out');
  assert.doesNotMatch(JSON.stringify(s), /null/);
  const validate = await outputValidator(tool);
  assert.ok(validate(s), JSON.stringify(validate.errors));

  const reqs = searchRequests(await w.standin.apiLog());
  assert.equal(reqs.length, 1, 'one upstream request');
  assert.equal(reqs[0].path, '/search/movie,show');
  assert.deepEqual(paramsOf(reqs[0]), { query: 'heat', page: '1', limit: '10' });
});

test('search: type person, type all, Unicode titles and names intact', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const tool = await p.listedTool('search');
  const validate = await outputValidator(tool);

  const people = await call(p, { query: 'e', type: 'person' });
  assert.notEqual(people.isError, true, textOf(people));
  assert.deepEqual(linesOf(people), [
    '[P] Jeff Bridges · trakt 4173 · slug jeff-bridges',
    '[P] Audrey Tautou · trakt 2470 · slug audrey-tautou',
    '[P] Heather Graham · trakt 9671 · slug heather-graham',
  ]);
  assert.equal(people.structuredContent.type, 'person');
  assert.ok(validate(people.structuredContent), JSON.stringify(validate.errors));

  const all = await call(p, { query: 'HEAT', type: 'all' });
  assert.deepEqual(linesOf(all), searchResults(['movie', 'show', 'person'], 'heat').map(searchLine));
  assert.ok(linesOf(all).includes('[P] Heather Graham · trakt 9671 · slug heather-graham'));
  assert.equal(all.structuredContent.type, 'movie,show,person');
  assert.ok(validate(all.structuredContent), JSON.stringify(validate.errors));

  const amelie = await call(p, { query: 'AMÉLIE' });
  assert.deepEqual(linesOf(amelie), ['[M] Amélie (2001) · trakt 172 · imdb tt0211915']);
  const aot = await call(p, { query: '進撃', type: 'show' });
  assert.deepEqual(linesOf(aot), ['[TV] 進撃の巨人 (2013) · trakt 1420 · slug attack-on-titan']);
  const kaji = await call(p, { query: '梶', type: 'person' });
  assert.deepEqual(linesOf(kaji), ['[P] 梶裕貴 · trakt 120412 · slug yuki-kaji']);
  const cafe = await call(p, { query: 'café', type: 'show' });
  assert.deepEqual(linesOf(cafe), ['[TV] Café 🎬 · trakt 990001 · slug cafe']);
  assert.equal(cafe.structuredContent.results[0].show.title, 'Café 🎬');

  const paths = searchRequests(await w.standin.apiLog()).map((e) => e.path);
  assert.deepEqual(paths, ['/search/person', '/search/movie,show,person', '/search/movie,show', '/search/show',
    '/search/person', '/search/show']);
});

test('search: year filter and limit go to Trakt', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const y = await call(p, { query: 'heat', year: 1995 });
  assert.deepEqual(linesOf(y), ['[M] Heat (1995) · trakt 1234 · imdb tt0113277']);
  assert.equal(y.structuredContent.year, 1995);

  const one = await call(p, { query: 'heat', limit: 1 });
  assert.deepEqual(linesOf(one), ['[M] Heat (1995) · trakt 1234 · imdb tt0113277']);
  assert.equal(one.structuredContent.count, 1);

  const reqs = searchRequests(await w.standin.apiLog());
  assert.deepEqual(paramsOf(reqs[0]), { query: 'heat', years: '1995', page: '1', limit: '10' });
  assert.deepEqual(paramsOf(reqs[1]), { query: 'heat', page: '1', limit: '1' });
});

test('search: nothing matched says so, with the filters', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const none = await call(p, { query: 'zzz nothing' });
  assert.notEqual(none.isError, true);
  assert.equal(textOf(none), 'Nothing on Trakt matched "zzz nothing" among movies and shows.');
  assert.deepEqual(none.structuredContent, { query: 'zzz nothing', type: 'movie,show', count: 0, results: [] });

  const filtered = await call(p, { query: 'heat', type: 'movie', year: 1980 });
  assert.equal(textOf(filtered), 'Nothing on Trakt matched "heat" among movies from 1980.');
  const people = await call(p, { query: 'zzz', type: 'person' });
  assert.equal(textOf(people), 'Nothing on Trakt matched "zzz" among people.');
});

test('search: bad arguments are explained and nothing is sent', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const missing = await call(p, {});
  assert.equal(missing.isError, true);
  assert.match(textOf(missing), /query/);
  const zero = await call(p, { query: 'heat', limit: 0 });
  assert.equal(zero.isError, true);
  assert.match(textOf(zero), /limit.*1 to 50/);
  const music = await call(p, { query: 'heat', type: 'music' });
  assert.equal(music.isError, true);
  assert.match(textOf(music), /type.*movie, show, person, all/);
  const blank = await call(p, { query: '   ' });
  assert.equal(blank.isError, true);
  assert.match(textOf(blank), /query must not be empty/);
  assert.equal(searchRequests(await w.standin.apiLog()).length, 0);
});

test('search works with no login at all, and sends no Authorization header', async (t) => {
  const w = await world(t, { login: false });
  const p = await w.spawn();
  const r = await call(p, { query: 'severance' });
  assert.notEqual(r.isError, true, textOf(r));
  assert.deepEqual(linesOf(r), ['[TV] Severance (2022) · trakt 154997 · slug severance']);
  const s = await w.standin.stats();
  assert.equal(s.last_headers.authorization, undefined);
  assert.equal(s.last_headers['trakt-api-key'], 'standin-client-id');
  assert.match(s.last_headers['user-agent'], /^trakt-mcp\//);
});

test('search without TRAKT_CLIENT_ID says what to set', async (t) => {
  const w = await world(t, { login: false });
  const r = await w.run(['call', 'search', '--arg', 'query=heat'], { env: w.env({ TRAKT_CLIENT_ID: null }) });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /TRAKT_CLIENT_ID/);
});

test('search with a wrong client id says so', async (t) => {
  const w = await world(t, { login: false });
  const r = await w.run(['call', 'search', '--arg', 'query=heat'], { env: w.env({ TRAKT_CLIENT_ID: 'wrong' }) });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /TRAKT_CLIENT_ID/);
  assert.doesNotMatch(r.stderr, /trakt-mcp login/);
});

test('trakt-mcp call search --arg query=heat', async (t) => {
  const w = await world(t, { login: false });
  const r = await w.run(['call', 'search', '--arg', 'query=heat']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), [
    '[M] Heat (1995) · trakt 1234 · imdb tt0113277',
    '[TV] Heat Seekers (2015) · trakt 990010 · imdb tt4400001',
    '[M] The Heat (2013) · trakt 82350 · imdb tt2404463',
    '[M] Heat Lightning · trakt 990020 · slug heat-lightning',
  ].join('\n'));
});
