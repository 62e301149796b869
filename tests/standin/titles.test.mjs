// Self-test of the stand-in's title summaries (title_index.mjs): `node --test tests/standin/titles.test.mjs`.
// As at Trakt, GET /movies/{id} and /shows/{id} answer for every title any other answer names (by trakt
// id, slug or IMDb id), with the same title, year and ids; the details fixtures keep their own. Talks
// HTTPS to a real stand-in process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { SelfTestStandin } from './selftest.mjs';
import { MOVIE_DETAILS } from './details_fixtures.mjs';

const CLIENT_ID = 'standin-client-id';
let main;
let authed;
const control = (method, p, body) => main.request(method, p, { body });
// Summaries are public: the client id, no login.
const PUBLIC = { 'User-Agent': 'standin-test/1.0', 'trakt-api-key': CLIENT_ID, 'trakt-api-version': '2' };
const summary = (p) => main.request('GET', p, { headers: PUBLIC });

// Answers that name movies and shows, wrapped (movie/show keys) and bare.
const ENDPOINTS = [
  ['/sync/watchlist', null], ['/calendars/my/shows/2026-11-23/7', null], ['/calendars/my/movies/2026-11-01/30', null],
  ['/sync/history?limit=250', null], ['/sync/watched/shows', null], ['/sync/watched/movies', null], ['/sync/playback', null],
  ['/sync/ratings', null], ['/search/movie,show?query=e&limit=100', null], ['/movies/trending?limit=100', null],
  ['/shows/anticipated?limit=100', null], ['/movies/popular?limit=100', 'movie'], ['/shows/popular?limit=100', 'show'],
  ['/recommendations/movies?limit=100', 'movie'], ['/recommendations/shows?limit=100', 'show'],
  ['/shows/severance/related?limit=100', 'show'], ['/movies/1234/related?limit=100', 'movie'],
  ['/people/adam-scott/shows', null], ['/people/adam-scott/movies', null], ['/people/ben-stiller/movies', null],
  ['/users/me/lists/halloween/items', null], ['/users/me/lists/fur-spater/items', null],
];

function titlesOf(body, bareKind) {
  const found = [];
  const isTitle = (x) => x && typeof x === 'object' && typeof x.title === 'string' && x.ids && Number.isInteger(x.ids.trakt);
  const walk = (v) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'movie' || k === 'show') && isTitle(x)) found.push({ kind: k, title: x });
      walk(x);
    }
  };
  walk(body);
  if (bareKind) for (const t of body) if (isTitle(t)) found.push({ kind: bareKind, title: t });
  return found;
}

before(async () => {
  main = await SelfTestStandin.start('standin-titles-');
  const tok = (await control('POST', '/__standin/login', {})).json.access_token;
  authed = { ...PUBLIC, Authorization: `Bearer ${tok}` };
});
after(() => main?.stop());

test('every title an answer names has its summary, by trakt id, slug and IMDb id, the same title, year and ids', async () => {
  await control('POST', '/__standin/reset', {});
  const seen = new Map();
  for (const [p, bare] of ENDPOINTS) {
    const r = await main.request('GET', p, { headers: authed });
    assert.equal(r.status, 200, p);
    for (const { kind, title } of titlesOf(r.json, bare)) seen.set(`${kind}-${title.ids.trakt}`, { kind, title, p });
  }
  assert.ok(seen.size >= 40, `titles named: ${seen.size}`);
  for (const [key, { kind, title, p }] of seen) {
    const want = { title: title.title, year: title.year, ids: title.ids };
    const byId = await summary(`/${kind}s/${title.ids.trakt}`);
    assert.equal(byId.status, 200, `${key} (named by ${p})`);
    assert.deepEqual(byId.json, want, `${key}: the summary agrees with ${p}`);
    for (const alt of [title.ids.slug, title.ids.imdb].filter(Boolean)) {
      assert.deepEqual((await summary(`/${kind}s/${encodeURIComponent(alt)}`)).json, want, `${key} by ${alt}`);
    }
  }
  for (const key of ['show-190412', 'show-4', 'show-2', 'movie-880005', 'movie-9011', 'show-108531']) assert.ok(seen.has(key), key);
});

test('movie and show ids are apart; unknown ids 404; the details fixtures keep theirs', async () => {
  await control('POST', '/__standin/reset', {});
  assert.equal((await summary('/movies/1')).json.title, 'TRON: Legacy');
  assert.equal((await summary('/shows/1')).json.title, 'Breaking Bad');
  assert.equal((await summary('/shows/2')).json.title, 'The Walking Dead');
  for (const p of ['/movies/2', '/movies/the-walking-dead', '/shows/tron-legacy-2010', '/movies/424242', '/shows/tt0000000']) {
    const r = await summary(p);
    assert.deepEqual([r.status, r.json], [404, {}], p);
  }
  const heat = (await summary('/movies/heat-1995?extended=full')).json;
  const { colors, ...rest } = heat;
  assert.deepEqual(rest, MOVIE_DETAILS.find((m) => m.ids.trakt === 1234));
  assert.equal(colors.poster.length, 2);
  assert.equal((await main.request('POST', '/movies/6', { headers: PUBLIC, body: {} })).status, 405);
});

test('extended=full: Trakt\'s full shape (what is not known null, empty or 0), with colors; full,images names the poster', async () => {
  await control('POST', '/__standin/reset', {});
  const shape = (o) => Object.keys(o).sort();
  const heat = (await summary('/movies/1234?extended=full')).json;
  const sev = (await summary('/shows/154997?extended=full')).json;
  for (const [p, like] of [['/shows/the-bear', sev], ['/shows/4', sev], ['/shows/2', sev], ['/shows/108531', sev],
    ['/movies/880005', heat], ['/movies/9011', heat], ['/movies/16662', heat]]) {
    const full = (await summary(`${p}?extended=full`)).json;
    assert.deepEqual(shape(full), shape(like), p);
    assert.ok(full.overview === null || typeof full.overview === 'string', p);
    assert.equal(full.original_title, full.title, p);
    assert.equal(full.colors.poster.length, 2, p);
    const images = (await summary(`${p}?extended=full,images`)).json;
    assert.equal(images.images.poster.length, 1, p);
    assert.deepEqual({ ...images, images: undefined }, { ...full, images: undefined }, `${p}: images add only images`);
  }
  const bear = (await summary('/shows/the-bear?extended=full')).json;
  assert.equal(bear.network, 'FX', 'what the full history plays say of it');
  assert.equal((await summary('/movies/zoe-and-the-senor-2027?extended=full')).json.overview, null);
});

test('the generated up next shows have summaries while config watched_shows makes them', async () => {
  await control('POST', '/__standin/reset', {});
  assert.equal((await summary('/shows/800002')).status, 404);
  await control('POST', '/__standin/config', { watched_shows: 12 });
  assert.deepEqual((await summary('/shows/generated-show-2')).json,
    { title: 'Generated Show 2', year: 2002, ids: { trakt: 800002, slug: 'generated-show-2', tvdb: null, imdb: null, tmdb: null } });
  assert.equal((await summary('/shows/800003')).status, 404, 'only as many as watched_shows');
  assert.equal((await summary('/movies/800002')).status, 404);
});
