// Self-test of the stand-in's images (images.mjs): `node --test tests/standin/images.test.mjs`.
// extended=images puts Trakt's images on every movie and show, extended=full their colors; the
// image host serves WebP posters; the config faults. Talks HTTPS to a real stand-in process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { SelfTestStandin } from './selftest.mjs';
import { posters, posterOf, colorsOf, POSTER_DIR, IMAGE_KINDS } from './images.mjs';
import { indexedTitles } from './title_index.mjs';

const CLIENT_ID = 'standin-client-id';
let main;
let headers;
const control = (method, p, body) => main.request(method, p, { body });
const get = (p) => main.request('GET', p, { headers });

// Endpoints whose answers hold movies or shows: ids the fixtures use, both kinds, bare titles and wrapped.
const ENDPOINTS = [
  '/search/movie,show?query=e&limit=100', '/sync/watchlist', '/calendars/my/shows/2026-11-23/7',
  '/calendars/my/movies/2026-11-01/30', '/movies/trending?limit=100', '/shows/popular?limit=100',
  '/movies/anticipated?limit=100', '/movies/1234', '/shows/severance', '/sync/watched/shows', '/sync/watched/movies',
  '/recommendations/movies?limit=100', '/recommendations/shows?limit=100', '/shows/severance/related?limit=100',
  '/movies/1234/related', '/sync/history?limit=250', '/sync/ratings', '/people/adam-scott/shows', '/users/me/lists/halloween/items',
];
const withExtended = (p, extended) => `${p}${p.includes('?') ? '&' : '?'}extended=${extended}`;

// Every movie and show object of an answer: values of movie/show keys, and bare titles at the top of /movies|shows|recommendations.
function titles(body, p) {
  const found = [];
  const walk = (v) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'movie' || k === 'show') && x && x.ids) found.push({ kind: k, title: x });
      walk(x);
    }
  };
  walk(body);
  const seg = p.split('?')[0].split('/').filter(Boolean);
  const plural = seg[0] === 'recommendations' ? seg[1] : seg[0];
  const kind = { movies: 'movie', shows: 'show' }[plural];
  if (kind) for (const t of [body].flat()) if (t && t.ids && 'title' in t) found.push({ kind, title: t });
  return found;
}

// Width and height from a WebP's first chunk (VP8, VP8L or VP8X); throws when it is not a WebP.
function webpSize(b) {
  assert.equal(b.toString('latin1', 0, 4), 'RIFF');
  assert.equal(b.readUInt32LE(4) + 8, b.length, 'RIFF size is the file size');
  assert.equal(b.toString('latin1', 8, 12), 'WEBP');
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8 ') {
    assert.deepEqual([...b.subarray(23, 26)], [0x9d, 0x01, 0x2a], 'VP8 start code');
    return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    assert.equal(b[20], 0x2f, 'VP8L signature');
    const bits = b.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  assert.equal(chunk, 'VP8X');
  return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
}

const pathOf = (url) => url.slice('media.trakt.tv'.length);
const posterUrl = async (p) => (await get(withExtended(p, 'images'))).json.images.poster[0];

before(async () => {
  main = await SelfTestStandin.start('standin-images-');
  const tok = (await control('POST', '/__standin/login', {})).json.access_token;
  headers = { 'User-Agent': 'standin-test/1.0', 'trakt-api-key': CLIENT_ID, 'trakt-api-version': '2', Authorization: `Bearer ${tok}` };
});
after(() => main?.stop());

test('without images in extended the answers are as before; with it every movie and show has Trakt\'s images', async () => {
  await control('POST', '/__standin/reset', {});
  for (const p of ENDPOINTS) {
    const plain = await get(p);
    assert.equal(plain.status, 200, p);
    assert.ok(!plain.text.includes('"images"') && !plain.text.includes('"colors"'), p);
    assert.ok((await get(withExtended(p, 'metadata'))).text === plain.text, `${p}: another extended changes nothing`);
    const withImages = await get(withExtended(p, 'images'));
    const found = titles(withImages.json, p);
    assert.ok(found.length > 0, `${p} holds titles`);
    assert.equal(found.length, titles(plain.json, p).length, p);
    for (const { kind, title } of found) {
      assert.ok(title.images, `${p}: ${JSON.stringify(title)}`);
      assert.deepEqual(Object.keys(title.images), IMAGE_KINDS, p);
      assert.equal(title.colors, undefined, `${p}: colors only with full`);
      for (const k of IMAGE_KINDS) {
        for (const url of title.images[k]) {
          assert.match(url, new RegExp(`^media\\.trakt\\.tv/images/${kind}s/(\\d{3}/){2,}\\d{3}/${k}s/medium/[0-9a-f]{10}\\.(jpg|png)\\.webp$`), `${p} ${k}`);
        }
      }
      assert.equal(title.images.poster.length, 1, `${p}: ${title.title} has a poster`);
      assert.ok(title.images.poster[0].includes(`/${String(title.ids.trakt).padStart(9, '0').replace(/(\d{3})(?=\d)/g, '$1/')}/`));
    }
    // Take the images away and what is left is the plain answer.
    const stripped = JSON.parse(withImages.text, (k, v) => (k === 'images' ? undefined : v));
    assert.deepEqual(stripped, plain.json, p);
  }
  const dark = (await get('/shows/severance/related?extended=images')).json.find((s) => s.title === 'Dark').images;
  assert.ok(IMAGE_KINDS.some((k) => dark[k].length === 0), 'a title lacks some kinds of image: empty arrays');
});

test('colors with extended=full (Trakt\'s mediaColors: {poster: [two #rrggbb]}), per title', async () => {
  await control('POST', '/__standin/reset', {});
  const heat = (await get('/movies/1234?extended=full')).json;
  assert.deepEqual(heat.colors, { poster: ['#1a1a2e', '#e94560'] }, 'the colours Heat\'s poster is drawn with');
  assert.deepEqual(heat.colors.poster, posterOf('movie', 1234).colors);
  assert.equal(heat.images, undefined);
  const both = (await get('/shows/severance?extended=full,images')).json;
  assert.ok(both.overview.length > 0, 'full,images is the full summary');
  assert.equal(both.images.poster.length, 1);
  for (const p of ['/sync/history?limit=50&extended=full', '/sync/watchlist?extended=full', '/search/show?query=a&extended=full']) {
    const found = titles((await get(p)).json, p);
    assert.ok(found.length > 0, p);
    for (const { title } of found) {
      assert.equal(title.colors.poster.length, 2, p);
      for (const c of title.colors.poster) assert.match(c, /^#[0-9a-f]{6}$/);
    }
  }
  const again = (await get('/sync/history?limit=50&extended=full')).json;
  const first = (await get('/sync/history?limit=50&extended=full')).json;
  assert.deepEqual(again, first, 'deterministic');
});

test('the image host: every title\'s poster is a 120x180 WebP, public, cached a month; each fixture title\'s is its own', async () => {
  await control('POST', '/__standin/reset', {});
  const seen = new Map();
  for (const p of ENDPOINTS) for (const { kind, title } of titles((await get(withExtended(p, 'images'))).json, p)) seen.set(`${kind}-${title.ids.trakt}`, title.images.poster[0]);
  assert.ok(seen.size >= 35, `fixture titles: ${seen.size}`);
  const owner = new Map(); // poster bytes -> the title that wears them
  for (const [key, url] of seen) {
    const r = await main.request('GET', pathOf(url)); // no User-Agent, key nor login: a public CDN
    assert.equal(r.status, 200, key);
    assert.equal(r.headers['content-type'], 'image/webp');
    assert.equal(r.headers['cache-control'], 'public, max-age=2592000');
    assert.deepEqual(webpSize(r.bytes), { width: 120, height: 180 }, key);
    assert.ok(r.bytes.length < 4 * 1024, key);
    assert.ok(r.bytes.equals(fs.readFileSync(path.join(POSTER_DIR, `${key}.webp`))), `${key} wears its own poster file`);
    const other = owner.get(r.bytes.toString('base64'));
    assert.equal(other, undefined, `${key} and ${other} wear the same poster`);
    owner.set(r.bytes.toString('base64'), key);
  }
  const sev = await main.request('GET', pathOf(seen.get('show-154997')));
  assert.ok(sev.bytes.equals(fs.readFileSync(path.join(POSTER_DIR, 'show-154997.webp'))), 'Severance has its own');

  const stats = (await control('GET', '/__standin/stats')).json;
  const logged = stats.log.filter((e) => e.path === pathOf(seen.get('show-154997')));
  assert.deepEqual(logged.map((e) => [e.method, e.status]), [['GET', 200], ['GET', 200]], 'image GETs are in the log');

  const url = pathOf(seen.get('movie-1234'));
  assert.equal((await main.request('GET', url.replace(/[0-9a-f]{10}\./, '0000000000.'))).status, 404, 'not a URL it gave out');
  assert.equal((await main.request('GET', url.replace('/posters/medium/', '/posters/thumb/'))).status, 200, 'other sizes');
  assert.equal((await main.request('GET', '/images/shows/000/000/007/posters/medium/nothing.webp')).status, 404);
  assert.equal((await main.request('POST', url, { body: {} })).status, 405);
});

test('every movie and show of the fixtures has a poster file of its own, drawn in its own colours; other titles one of them', async () => {
  const files = fs.readdirSync(POSTER_DIR).filter((f) => f.endsWith('.webp')).sort();
  const all = posters();
  const indexed = ['movie', 'show'].flatMap((kind) => indexedTitles(kind).map((t) => `${kind}-${t.ids.trakt}`));
  assert.ok(indexed.length >= 40, `${indexed.length} titles`);
  assert.deepEqual(all.map((p) => `${p.kind}-${p.trakt}`), indexed, 'one poster per indexed title');
  assert.deepEqual(all.map((p) => p.file).sort(), files, 'the folder holds exactly those files: run posters/make-posters.mjs');
  const bytes = new Map();
  const colours = new Map();
  let total = 0;
  for (const p of all) {
    const b = fs.readFileSync(path.join(POSTER_DIR, p.file));
    total += b.length;
    assert.deepEqual(webpSize(b), { width: 120, height: 180 }, p.file);
    assert.equal(bytes.get(b.toString('base64')), undefined, `${p.file} is another title's poster too`);
    bytes.set(b.toString('base64'), p.file);
    // Trakt's colours of the title are the ones its poster is drawn with.
    assert.deepEqual(colorsOf(p.kind, p.trakt), { poster: p.colors }, p.file);
    for (const c of p.colors) assert.match(c, /^#[0-9a-f]{6}$/);
    assert.equal(colours.get(p.colors.join()), undefined, `${p.file}: the colours of ${colours.get(p.colors.join())}`);
    colours.set(p.colors.join(), p.file);
    assert.ok(p.initials.length > 0 && p.caption.length > 0, p.file);
  }
  assert.ok(total < 200 * 1024, `${total} bytes of posters`);
  assert.equal(posterOf('show', 1420).caption, '進撃の巨人', 'CJK titles as written');
  assert.notEqual(posterOf('movie', 1).file, posterOf('show', 1).file, 'movie and show ids collide, their posters do not');
  // A title no fixture names (config watched_shows makes such shows, "Generated Show k" = show 800000+k):
  // one poster of the set, always the same, in that poster's colours.
  await control('POST', '/__standin/reset', {});
  await control('POST', '/__standin/config', { watched_shows: 11 });
  const generated = (await get('/shows/800001?extended=full,images')).json;
  assert.equal(generated.title, 'Generated Show 1');
  const stranger = posterOf('show', 800001);
  assert.ok(all.includes(stranger));
  assert.deepEqual(generated.colors, { poster: stranger.colors });
  for (let i = 0; i < 2; i++) {
    const r = await main.request('GET', pathOf(generated.images.poster[0]));
    assert.equal(r.status, 200);
    assert.ok(r.bytes.equals(fs.readFileSync(path.join(POSTER_DIR, stranger.file))), 'the same one of the set each time');
  }
  await control('POST', '/__standin/reset', {});
});

test('faults: poster_missing, poster_status, image_cache_control, image_host, and the fault rules', async () => {
  await control('POST', '/__standin/reset', {});
  const sevUrl = await posterUrl('/shows/154997');
  const heatUrl = await posterUrl('/movies/1234');
  await control('POST', '/__standin/config', { poster_missing: [154997], poster_status: { 1234: 500, 'show-1': 404 } });
  const sev = (await get('/shows/severance?extended=full,images')).json;
  assert.deepEqual(sev.images.poster, []);
  assert.deepEqual(sev.colors, { poster: [] });
  assert.equal(sev.images.fanart.length, 1, 'only the poster goes');
  assert.equal((await main.request('GET', pathOf(sevUrl))).status, 404);
  const heat = await main.request('GET', pathOf(heatUrl));
  assert.equal(heat.status, 500);
  assert.notEqual(heat.headers['content-type'], 'image/webp');
  assert.equal((await get('/movies/1234?extended=images')).json.images.poster.length, 1, 'a failing poster is still named');
  const bb = await posterUrl('/shows/1');
  assert.equal((await main.request('GET', pathOf(bb))).status, 404, '"show-1" names the show only');
  assert.equal((await main.request('GET', pathOf(await posterUrl('/movies/1')))).status, 200, 'not the movie with the same id');

  await control('POST', '/__standin/config', { poster_missing: [], poster_status: {}, image_cache_control: 'no-store' });
  const noStore = await main.request('GET', pathOf(sevUrl));
  assert.deepEqual([noStore.status, noStore.headers['cache-control']], [200, 'no-store']);
  await control('POST', '/__standin/config', { image_cache_control: '' });
  assert.equal((await main.request('GET', pathOf(sevUrl))).headers['cache-control'], undefined);
  await control('POST', '/__standin/config', { image_cache_control: null, image_max_age: 60 });
  assert.equal((await main.request('GET', pathOf(sevUrl))).headers['cache-control'], 'public, max-age=60');

  // image_host: the URLs name another host (a client must not follow them there); the paths are the same
  await control('POST', '/__standin/config', { image_host: 'evil.example' });
  const evil = (await get('/shows/severance?extended=full,images')).json.images;
  for (const k of IMAGE_KINDS) for (const u of evil[k]) assert.ok(u.startsWith('evil.example/images/shows/'), u);
  assert.equal(evil.poster[0].slice('evil.example'.length), pathOf(sevUrl));
  await control('POST', '/__standin/config', { image_host: null });
  assert.equal(await posterUrl('/shows/154997'), sevUrl);

  await control('POST', '/__standin/faults', { path: '/images/', times: 1, status: 503 });
  assert.equal((await main.request('GET', pathOf(sevUrl))).status, 503);
  assert.equal((await main.request('GET', pathOf(sevUrl))).status, 200);
});
