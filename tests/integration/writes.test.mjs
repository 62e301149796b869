// The write tools through the official MCP TypeScript SDK client (StdioClientTransport)
// against the real binary and the stand-in's write endpoints (tests/standin/writes.mjs):
//   - each tool end to end: its structuredContent and text, and the read tools (get_watchlist,
//     get_history, get_details) showing the change at once, checked against the stand-in's state,
//     with last_activities frozen so that only the server's own cache invalidation can do it;
//   - declarations: annotations of the write tools, read tools still read-only;
//   - bad items: an isError naming items[i], nothing sent;
//   - pace: never two writes less than 1 s apart (Trakt's AUTHED_API_POST_LIMIT), in a row and
//     concurrently, no 429;
//   - no double play: a write whose answer is lost is not retried unless it is idempotent;
//   - check-in: a 409 (another check-in active) is an error with expires_at, not retried;
//   - read-only (`serve --read-only`, TRAKT_MCP_READ_ONLY=1): no write tool listed or run;
//   - confirmation of destructive calls on more than 10 items, with and without elicitation.
// Every area has its own stand-in and binary, and the areas run concurrently: each write costs at
// least a second of pacing inside one process.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  world, requireBinary, requireNodeModules, BIN, T_CALL, textOf, linesOf, watchlistLine, historyLine,
} from './harness.mjs';
import { MOVIES, historyItem } from '../standin/fixtures.mjs';
import { WRITE_ID_BASE } from '../standin/writes.mjs'; // ids of added plays: above every fixture id

requireNodeModules();
requireBinary();

const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
const { ElicitRequestSchema } = await import('@modelcontextprotocol/sdk/types.js');

// The write tools and their annotations (readOnlyHint is false for all of them).
const WRITE_TOOLS = {
  add_to_watchlist: { destructiveHint: false, idempotentHint: true, args: ['items'], required: ['items'] },
  remove_from_watchlist: { destructiveHint: true, idempotentHint: true, args: ['items', 'confirm'], required: ['items'] },
  mark_watched: { destructiveHint: false, idempotentHint: false, args: ['items', 'watched_at'], required: ['items'] },
  remove_from_history: { destructiveHint: true, idempotentHint: false, args: ['items', 'history_ids', 'confirm'], required: [] },
  rate: { destructiveHint: false, idempotentHint: true, args: ['items', 'rating'], required: ['items', 'rating'] },
  remove_rating: { destructiveHint: true, idempotentHint: true, args: ['items', 'confirm'], required: ['items'] },
  checkin: { destructiveHint: false, idempotentHint: false, args: ['item', 'message'], required: ['item'] },
  cancel_checkin: { destructiveHint: true, idempotentHint: true, args: [], required: [] },
  remove_playback: { destructiveHint: true, idempotentHint: true, args: ['playback_ids', 'confirm'], required: ['playback_ids'] },
  hide_show: { destructiveHint: false, idempotentHint: true, args: ['show', 'where'], required: ['show'] },
  unhide_show: { destructiveHint: false, idempotentHint: true, args: ['show', 'where'], required: ['show'] },
  // Personal lists (lists.test.mjs covers them).
  create_list: { destructiveHint: false, idempotentHint: false, args: ['name', 'description', 'privacy'], required: ['name'] },
  delete_list: { destructiveHint: true, idempotentHint: true, args: ['list', 'confirm'], required: ['list'] },
  add_to_list: { destructiveHint: false, idempotentHint: true, args: ['list', 'items'], required: ['list', 'items'] },
  remove_from_list: { destructiveHint: true, idempotentHint: true, args: ['list', 'items', 'confirm'], required: ['list', 'items'] },
};
const WRITE_NAMES = Object.keys(WRITE_TOOLS);

// Items (as the tools take them) from the stand-in's catalog.
const HEAT = { type: 'movie', ids: { trakt: 1234 } }; // not on the watchlist fixture; rated 9
const UNKNOWN_MOVIE = { type: 'movie', ids: { imdb: 'tt0000000' } }; // the stand-in knows no such movie
const movie = (key) => ({ type: 'movie', ids: { trakt: MOVIES[key].ids.trakt } });
const HERMANOS = { type: 'episode', ids: { trakt: 56 } }; // Breaking Bad S04E08, on the watchlist fixture
const BOX_CUTTER = { type: 'episode', show: { ids: { slug: 'breaking-bad' } }, season: 4, number: 1 };
// The ten movies of the watchlist fixture plus one of its shows: 11 removable entries.
const WATCHLIST_MOVIES = ['tron', 'darkKnight', 'amelie', 'spirited', 'untitledMovie', 'inception', 'leon', 'madMax', 'eeaao', 'parasite'];
const ELEVEN_ON_WATCHLIST = [...WATCHLIST_MOVIES.map(movie), { type: 'show', ids: { slug: 'breaking-bad' } }];
// Eleven movies, three of them rated in the fixture (The Dark Knight, Amélie, Parasite).
const ELEVEN_MOVIES = [...WATCHLIST_MOVIES.map(movie), movie('thor')];

const counts4 = (movies = 0, shows = 0, seasons = 0, episodes = 0) => ({ movies, shows, seasons, episodes });
const isWrite = (e) => e.method !== 'GET' && e.method !== 'HEAD';

// ---------------------------------------------------------------------------------------------
// Helpers

/**
 * An SDK client on a fresh binary of world w. elicit: true declares the elicitation capability
 * and answers each elicitation/create with the next entry of c.answers (recorded in c.asked).
 */
async function connect(w, { args = [], env = {}, elicit = false } = {}) {
  const transport = new StdioClientTransport({ command: BIN, args, env: w.env(env), stderr: 'pipe' });
  const c = { transport, stderr: '', asked: [], answers: [] };
  // Read stderr (debug logs): an unread pipe would fill up and stall the binary.
  transport.stderr?.on('data', (d) => { c.stderr += d.toString(); });
  c.client = new Client({ name: 'trakt-mcp-writes-test', version: '1.0.0' },
    { capabilities: elicit ? { elicitation: {} } : {} });
  if (elicit) {
    c.client.setRequestHandler(ElicitRequestSchema, async (req) => {
      c.asked.push(req.params);
      return c.answers.shift() ?? { action: 'cancel' };
    });
  }
  await c.client.connect(transport, { timeout: T_CALL });
  // The SDK validates structuredContent against the outputSchemas it has seen in tools/list.
  c.tools = (await c.client.listTools()).tools;
  c.call = (name, args = {}) => c.client.callTool({ name, arguments: args }, undefined, { timeout: T_CALL });
  return c;
}

async function disconnect(...clients) {
  for (const c of clients) await c?.client.close().catch(() => {});
}

function ok(r, what) {
  assert.notEqual(r.isError, true, `${what}: unexpected tool error: ${textOf(r)}`);
  assert.ok(r.structuredContent, `${what}: no structuredContent`);
  return r.structuredContent;
}

function toolError(r, what) {
  assert.equal(r.isError, true, `${what}: expected an isError result, got ${JSON.stringify(r)}`);
  const text = textOf(r);
  assert.ok(text.length > 0, `${what}: empty error text`);
  return text;
}

/** The write requests (not GET) the stand-in received, in arrival order. */
async function writesIn(w) {
  return (await w.standin.apiLog()).filter(isWrite).sort((a, b) => a.t - b.t);
}

/** A GET on the stand-in as the test's own oracle (what Trakt holds now). */
async function oracle(w, p) {
  return (await w.standin.api(p, w.tokens.access_token)).json;
}

/**
 * Serves the current /sync/last_activities for good (a fault rule): Trakt's "what changed" no longer
 * moves, so a read that is fresh right after a write proves the server dropped its cached reads
 * itself, not that it noticed the change upstream.
 */
async function freezeActivities(w) {
  const now = await w.standin.control('GET', '/__standin/activity');
  await w.standin.fault({ path: '/sync/last_activities', times: -1, action: 'respond', status: 200, body: now });
}

async function oracleCount(w, p) {
  return Number((await w.standin.api(p, w.tokens.access_token)).headers['x-pagination-item-count']);
}

async function watchlistLines(c) {
  return linesOf(await c.call('get_watchlist', {}));
}

// ---------------------------------------------------------------------------------------------

describe('write tools through the official SDK client', { concurrency: true }, () => {
  describe('declarations', { concurrency: 1 }, () => {
    let w;
    let c;
    before(async () => {
      w = await world(null);
      c = await connect(w);
    });
    after(async () => { await disconnect(c); await w?.close(); });

    test('the write tools are listed with their annotations', () => {
      const byName = Object.fromEntries(c.tools.map((t) => [t.name, t]));
      for (const [name, want] of Object.entries(WRITE_TOOLS)) {
        const t = byName[name];
        assert.ok(t, `${name} is not listed: ${Object.keys(byName)}`);
        assert.deepEqual(
          { readOnlyHint: t.annotations?.readOnlyHint, destructiveHint: t.annotations?.destructiveHint, idempotentHint: t.annotations?.idempotentHint },
          { readOnlyHint: false, destructiveHint: want.destructiveHint, idempotentHint: want.idempotentHint },
          `${name} annotations: ${JSON.stringify(t.annotations)}`);
        const props = Object.keys(t.inputSchema.properties ?? {});
        for (const a of want.args) assert.ok(props.includes(a), `${name} takes ${a}: ${props}`);
        assert.deepEqual([...(t.inputSchema.required ?? [])].sort(), [...want.required].sort(), `${name} required`);
        assert.ok(t.outputSchema, `${name} has an outputSchema`);
      }
    });

    test('every read tool (get_*, search, discover) is still read-only', () => {
      const reads = c.tools.filter((t) => !WRITE_NAMES.includes(t.name));
      assert.ok(reads.length >= 8, reads.map((t) => t.name).join(' '));
      for (const t of reads) {
        assert.match(t.name, /^(get_[a-z_]+|search|discover)$/, `${t.name}: a tool that is neither a write tool nor a read tool`);
        assert.equal(t.annotations?.readOnlyHint, true, `${t.name}: ${JSON.stringify(t.annotations)}`);
      }
    });
  });

  describe('watchlist: add_to_watchlist, remove_from_watchlist', { concurrency: 1 }, () => {
    let w;
    let c;
    before(async () => {
      w = await world(null);
      c = await connect(w);
      await freezeActivities(w);
    });
    after(async () => { await disconnect(c); await w?.close(); });

    test('add_to_watchlist: added, existing and not found, in structuredContent and text; get_watchlist shows it at once', async () => {
      const before = await watchlistLines(c); // read (and cached) before the write
      assert.ok(!before.includes('[M] Heat (1995)'));
      const r = await c.call('add_to_watchlist', {
        items: [
          HEAT,
          { type: 'movie', ids: { slug: 'tron-legacy-2010' } }, // on the fixture watchlist
          UNKNOWN_MOVIE,
          { type: 'season', show: { trakt: 154997 }, season: 1 }, // show as bare ids
          { type: 'episode', show: { ids: { slug: 'severance' } }, season: 2, number: 3 },
          HERMANOS, // an episode by its own ids, already on the watchlist
        ],
      });
      const sc = ok(r, 'add_to_watchlist');
      assert.deepEqual(sc.added, counts4(1, 0, 1, 1));
      assert.deepEqual(sc.existing, counts4(1, 0, 0, 1));
      assert.deepEqual(sc.not_found, [UNKNOWN_MOVIE]);

      const text = textOf(r);
      const [addedPart, rest = ''] = text.split('Already on it');
      assert.match(addedPart, /^Added to your watchlist: /, text);
      for (const n of [/\b1 movie\b/, /\b1 season\b/, /\b1 episode\b/]) assert.match(addedPart, n, text);
      assert.match(rest, /^: .*\b1 movie\b/s, `says what was already there: ${text}`);
      assert.match(rest, /\b1 episode\b/, text);
      const notFoundLine = text.split('\n').find((l) => l.includes('imdb tt0000000'));
      assert.ok(notFoundLine, `names the not-found item by its ids: ${text}`);
      assert.match(notFoundLine, /movie/i, `and its type: ${notFoundLine}`);

      const want = (await oracle(w, '/sync/watchlist')).map(watchlistLine);
      assert.equal(want.length, 33);
      for (const l of ['[M] Heat (1995)', '[TV] Severance (2022) S01', '[TV] Severance S02E03']) assert.ok(want.includes(l), l);
      assert.deepEqual(await watchlistLines(c), want, 'get_watchlist right after the write is what Trakt holds');
      const details = ok(await c.call('get_details', { type: 'movie', id: 'heat-1995' }), 'get_details');
      assert.equal(details.user.on_watchlist, true);

      const log = await writesIn(w);
      assert.deepEqual(log.map((e) => [e.method, e.path, e.status]), [['POST', '/sync/watchlist', 201]]);
    });

    test('remove_from_watchlist: removed and not found; get_watchlist shows it at once', async () => {
      const r = await c.call('remove_from_watchlist', { items: [HEAT, { type: 'show', ids: { slug: 'dark' } }, UNKNOWN_MOVIE] });
      const sc = ok(r, 'remove_from_watchlist');
      assert.deepEqual(sc.removed, counts4(1, 1, 0, 0));
      assert.deepEqual(sc.not_found, [UNKNOWN_MOVIE]);
      assert.match(textOf(r), /imdb tt0000000/, 'names the not-found item');

      const want = (await oracle(w, '/sync/watchlist')).map(watchlistLine);
      assert.equal(want.length, 31);
      const got = await watchlistLines(c);
      assert.deepEqual(got, want);
      assert.ok(!got.includes('[M] Heat (1995)') && !got.includes('[TV] Dark (2017)'), got.join('\n'));
      assert.deepEqual((await writesIn(w)).map((e) => [e.method, e.path, e.status]).at(-1), ['POST', '/sync/watchlist/remove', 200]);
    });
  });

  describe('history: mark_watched, remove_from_history', { concurrency: 1 }, () => {
    let w;
    let c;
    let heatPlay;
    before(async () => {
      w = await world(null);
      c = await connect(w);
      await freezeActivities(w);
    });
    after(async () => { await disconnect(c); await w?.close(); });

    const historyNow = async (n) => (await oracle(w, `/sync/history?limit=${n}`)).map((it) => historyLine(it, 'UTC'));

    test('mark_watched at a given time: the plays show in get_history at once', async () => {
      const before = linesOf(await c.call('get_history', { limit: 10 }));
      assert.deepEqual(before, await historyNow(10));
      const r = await c.call('mark_watched', {
        items: [HEAT, { type: 'episode', show: { ids: { slug: 'breaking-bad' } }, season: 4, number: 8 }, UNKNOWN_MOVIE],
        watched_at: '2026-11-30T20:00:00Z',
      });
      const sc = ok(r, 'mark_watched');
      assert.deepEqual(sc.added, { movies: 1, episodes: 1 });
      assert.deepEqual(sc.not_found, [UNKNOWN_MOVIE]);

      const h = await c.call('get_history', { limit: 10 });
      assert.deepEqual(linesOf(h), await historyNow(10));
      const top = h.structuredContent.items.slice(0, 2);
      assert.ok(top.every((it) => it.id > WRITE_ID_BASE && Date.parse(it.watched_at) === Date.parse('2026-11-30T20:00:00Z')), JSON.stringify(top));
      assert.deepEqual(linesOf(h).slice(0, 2).sort(), ['2026-11-30 [M] Heat (1995)', '2026-11-30 [TV] Breaking Bad S04E08 - Hermanos']);
      heatPlay = top.find((it) => it.type === 'movie').id;
    });

    test('mark_watched "released": the play is at the release date', async () => {
      const r = await c.call('mark_watched', { items: [{ type: 'movie', ids: { slug: 'the-dark-knight-2008' } }], watched_at: 'released' });
      assert.deepEqual(ok(r, 'mark_watched released').added, { movies: 1, episodes: 0 });
      const h = await c.call('get_history', { type: 'movies', start_at: '2008-07-15T00:00:00Z', end_at: '2008-07-17T00:00:00Z' });
      assert.deepEqual(linesOf(h), ['2008-07-16 [M] The Dark Knight (2008)']);
    });

    test('remove_from_history by items and history ids: get_history shows it at once', async () => {
      assert.ok(heatPlay, 'the play from the first test');
      assert.ok((await c.call('get_history', { limit: 100 })).structuredContent.items.some((it) => it.id === heatPlay)); // cached
      // Every play of Hermanos goes: the fixture's and ours (its ids differ; the episode is the same).
      const hermanosPlays = async () => (await oracle(w, '/sync/history/shows/1?limit=250'))
        .filter((it) => it.episode.season === 4 && it.episode.number === 8).length;
      const hermanos = await hermanosPlays();
      assert.ok(hermanos > 1);
      const r = await c.call('remove_from_history', { items: [HERMANOS, UNKNOWN_MOVIE], history_ids: [heatPlay, 42] });
      const sc = ok(r, 'remove_from_history');
      assert.deepEqual(sc.removed, { movies: 1, episodes: hermanos });
      assert.deepEqual(sc.not_found, [UNKNOWN_MOVIE]);
      assert.deepEqual(sc.not_found_ids, [42]);

      assert.equal(await hermanosPlays(), 0);
      const h = await c.call('get_history', { limit: 100 });
      assert.deepEqual(linesOf(h), await historyNow(100));
      assert.ok(!h.structuredContent.items.some((it) => it.id === heatPlay));
      assert.ok(!linesOf(h).some((l) => l.includes('S04E08')), 'no play of Hermanos left');
      const log = await writesIn(w);
      assert.deepEqual(log.map((e) => [e.method, e.path, e.status]),
        [['POST', '/sync/history', 201], ['POST', '/sync/history', 201], ['POST', '/sync/history/remove', 200]]);
    });
  });

  describe('ratings: rate, remove_rating', { concurrency: 1 }, () => {
    let w;
    let c;
    before(async () => {
      w = await world(null);
      c = await connect(w);
      await freezeActivities(w);
    });
    after(async () => { await disconnect(c); await w?.close(); });

    const details = async (type, id) => ok(await c.call('get_details', { type, id }), `get_details ${id}`);

    test('rate: get_details shows the new rating at once', async () => {
      assert.equal((await details('movie', 'heat-1995')).user.rating, 9); // fixture, now cached
      assert.equal((await details('show', 'severance')).user.rating, 9);
      const r = await c.call('rate', { items: [HEAT, { type: 'show', ids: { slug: 'severance' } }, UNKNOWN_MOVIE], rating: 7 });
      const sc = ok(r, 'rate');
      assert.equal(sc.rating, 7);
      assert.deepEqual(sc.added, counts4(1, 1, 0, 0));
      assert.deepEqual(sc.not_found, [UNKNOWN_MOVIE]);

      const heat = await c.call('get_details', { type: 'movie', id: 'heat-1995' });
      assert.equal(heat.structuredContent.user.rating, 7);
      assert.ok(linesOf(heat).includes('Your rating: 7/10'), textOf(heat));
      assert.equal((await details('show', 'severance')).user.rating, 7);
      const rated = await oracle(w, '/sync/ratings/movies');
      assert.equal(rated.find((it) => it.movie.ids.trakt === 1234).rating, 7);
    });

    test('remove_rating: get_details shows no rating at once', async () => {
      const r = await c.call('remove_rating', { items: [HEAT, { type: 'show', ids: { slug: 'severance' } }, UNKNOWN_MOVIE] });
      const sc = ok(r, 'remove_rating');
      assert.deepEqual(sc.removed, counts4(1, 1, 0, 0));
      assert.deepEqual(sc.not_found, [UNKNOWN_MOVIE]);
      const heat = await c.call('get_details', { type: 'movie', id: 'heat-1995' });
      assert.ok(!('rating' in heat.structuredContent.user), JSON.stringify(heat.structuredContent.user));
      assert.ok(linesOf(heat).includes('Your rating: not rated'), textOf(heat));
      assert.ok(!('rating' in (await details('show', 'severance')).user));
      assert.deepEqual((await writesIn(w)).map((e) => [e.method, e.path, e.status]),
        [['POST', '/sync/ratings', 201], ['POST', '/sync/ratings/remove', 200]]);
    });
  });

  describe('check-in: checkin, 409 (no retry), cancel_checkin', { concurrency: 1 }, () => {
    let w;
    let c;
    let first;
    before(async () => {
      w = await world(null);
      c = await connect(w);
      await freezeActivities(w);
    });
    after(async () => { await disconnect(c); await w?.close(); });

    test('checkin an episode: the play is in get_history at once', async () => {
      await c.call('get_history', { limit: 3 }); // cached before the write
      const r = await c.call('checkin', { item: BOX_CUTTER, message: 'Box Cutter!' });
      first = ok(r, 'checkin');
      assert.equal(first.type, 'episode');
      assert.ok(Number.isInteger(first.id) && first.id > WRITE_ID_BASE, JSON.stringify(first));
      assert.ok(!Number.isNaN(Date.parse(first.watched_at)), first.watched_at);
      assert.equal(first.show?.title, 'Breaking Bad');
      assert.deepEqual([first.episode?.season, first.episode?.number], [4, 1]);
      assert.ok(!('movie' in first));
      const h = (await c.call('get_history', { limit: 3 })).structuredContent.items[0];
      assert.equal(h.id, first.id);
      assert.equal(h.action, 'checkin');
    });

    test('another checkin while one is active: isError with expires_at, says to cancel, one POST', async () => {
      assert.ok(first, 'the check-in from the test before');
      const r = await c.call('checkin', { item: HEAT });
      const text = toolError(r, 'checkin while busy');
      // Box Cutter's show runs 47 minutes: the stand-in's check-in expires then.
      const expires = new Date(Date.parse(first.watched_at) + 47 * 60000).toISOString();
      assert.ok(text.includes(expires.slice(0, 10)) && text.includes(expires.slice(11, 16)),
        `the text has the expiry time ${expires}: ${text}`);
      assert.match(text, /cancel_checkin/);
      const posts = (await writesIn(w)).filter((e) => e.path === '/checkin');
      assert.deepEqual(posts.map((e) => [e.method, e.status]), [['POST', 201], ['POST', 409]], 'the 409 is not retried');
    });

    test('cancel_checkin: the play is gone from get_history, and a new check-in works', async () => {
      const sc = ok(await c.call('cancel_checkin', {}), 'cancel_checkin');
      assert.equal(sc.cancelled, true);
      const items = (await c.call('get_history', { limit: 3 })).structuredContent.items;
      assert.ok(!items.some((it) => it.id === first.id), JSON.stringify(items));
      const again = ok(await c.call('checkin', { item: HEAT }), 'checkin after cancel');
      assert.equal(again.type, 'movie');
      assert.equal(again.movie?.title, 'Heat');
      assert.ok(!('episode' in again));
      const log = (await writesIn(w)).filter((e) => e.path === '/checkin');
      assert.deepEqual(log.map((e) => [e.method, e.status]), [['POST', 201], ['POST', 409], ['DELETE', 204], ['POST', 201]]);
    });
  });

  describe('bad items: an isError naming the argument, nothing sent', { concurrency: 1 }, () => {
    let w;
    let c;
    before(async () => {
      w = await world(null);
      c = await connect(w);
    });
    after(async () => { await disconnect(c); await w?.close(); });

    const cases = [
      ['add_to_watchlist', { items: [HEAT, { type: 'movie' }] }, /items\[1\]/],
      ['add_to_watchlist', { items: [{ type: 'movie', ids: {} }] }, /items\[0\]/],
      ['add_to_watchlist', { items: [HEAT, HEAT, { type: 'episode', show: { ids: { slug: 'x' } }, season: 2 }] }, /items\[2\]/],
      ['add_to_watchlist', { items: [{ type: 'season', show: { ids: { trakt: 5 } } }] }, /items\[0\]/],
      ['add_to_watchlist', { items: [{ type: 'person', ids: { trakt: 1 } }] }, /items\[0\]/],
      ['add_to_watchlist', { items: [] }, /items/],
      ['add_to_watchlist', { items: Array.from({ length: 101 }, () => HEAT) }, /items/],
      ['remove_from_watchlist', { items: [HEAT, { ids: { trakt: 1 } }] }, /items\[1\]/],
      ['mark_watched', { items: [HEAT], watched_at: 'yesterday' }, /watched_at/],
      ['mark_watched', { items: [{ type: 'episode', show: { ids: { slug: 'severance' } }, number: 3 }] }, /items\[0\]/],
      ['rate', { items: [HEAT], rating: 11 }, /rating/],
      ['rate', { items: [HEAT], rating: 0 }, /rating/],
      ['remove_from_history', {}, /items|history_ids/],
      ['checkin', { item: { type: 'show', ids: { slug: 'severance' } } }, /item/],
    ];
    for (const [name, args, pattern] of cases) {
      test(`${name} ${JSON.stringify(args).slice(0, 90)}`, async () => {
        const n0 = (await w.standin.stats()).requests;
        const text = toolError(await c.call(name, args), name);
        assert.match(text, pattern);
        assert.equal((await w.standin.stats()).requests, n0, 'no request sent to Trakt');
      });
    }
  });

  describe('pace: never two writes less than 1 s apart (write limit enforced)', { concurrency: 1 }, () => {
    let w;
    let c;
    before(async () => {
      w = await world(null, { config: { enforce_write_limit: true } });
      c = await connect(w);
    });
    after(async () => { await disconnect(c); await w?.close(); });

    test('writes in a row and concurrent writes all succeed, ≥ 1 s apart, no 429', async () => {
      ok(await c.call('add_to_watchlist', { items: [HEAT] }), 'add_to_watchlist');
      ok(await c.call('rate', { items: [HEAT], rating: 8 }), 'rate');
      ok(await c.call('mark_watched', { items: [HEAT] }), 'mark_watched');
      ok(await c.call('remove_from_watchlist', { items: [HEAT] }), 'remove_from_watchlist');
      const together = await Promise.all([
        c.call('add_to_watchlist', { items: [movie('thor')] }),
        c.call('rate', { items: [movie('leon')], rating: 6 }),
        c.call('mark_watched', { items: [movie('oldboy')] }),
      ]);
      together.forEach((r, i) => ok(r, `concurrent call ${i}`));

      const log = await writesIn(w);
      const show = log.map((e) => `${e.method} ${e.path} ${e.status} t=${e.t}`).join('\n');
      assert.equal(log.filter((e) => e.status === 429).length, 0, `no write refused by the write limit:\n${show}`);
      assert.ok(log.every((e) => e.status === 200 || e.status === 201), show);
      assert.equal(log.length, 7, show);
      for (let i = 1; i < log.length; i++) {
        const gap = log[i].t - log[i - 1].t;
        assert.ok(gap >= 950, `writes ${i - 1} and ${i} only ${gap} ms apart:\n${show}`);
      }
      // And all of them were applied.
      assert.ok((await oracle(w, '/sync/watchlist/movies')).some((it) => it.movie.ids.trakt === MOVIES.thor.ids.trakt));
      assert.equal((await oracle(w, '/sync/ratings/movies/6')).filter((it) => it.movie.ids.trakt === MOVIES.leon.ids.trakt).length, 1);
    });
  });

  describe('no double play: a lost answer is retried only for an idempotent write', { concurrency: 1 }, () => {
    let w;
    let c;
    before(async () => {
      w = await world(null);
      c = await connect(w);
    });
    after(async () => { await disconnect(c); await w?.close(); });

    // mark_watched of one movie with the answer dropped: an isError that says so and how to check,
    // exactly one POST, exactly one new play (read back from the stand-in and via get_history).
    async function lostPlay(key) {
      const id = MOVIES[key].ids.trakt;
      const mine = async () => (await oracle(w, `/sync/history/movies/${id}?limit=250`)).filter((it) => it.id > WRITE_ID_BASE);
      assert.equal((await mine()).length, 0);
      const n0 = (await writesIn(w)).length;
      await w.standin.config({ drop_writes: 1 });
      const t0 = Date.now();
      const text = toolError(await c.call('mark_watched', { items: [movie(key)] }), 'mark_watched with its answer lost');
      assert.match(text, /may or may not have applied this change/);
      assert.match(text, /get_history/, `says how to check: ${text}`);
      const log = (await writesIn(w)).slice(n0);
      assert.deepEqual(log.map((e) => `${e.method} ${e.path} ${e.status}`), ['POST /sync/history 0'], 'not sent again');
      const plays = await mine();
      assert.equal(plays.length, 1, 'exactly one new play');
      assert.ok(Math.abs(Date.parse(plays[0].watched_at) - t0) < 60_000, `default watched_at is now: ${plays[0].watched_at}`);
      // Following the advice works: get_history shows the play.
      const h = await c.call('get_history', { type: 'movies', limit: 5 });
      assert.ok(h.structuredContent.items.some((it) => it.id === plays[0].id), textOf(h));
    }

    test('mark_watched whose answer is lost (first request of the process): isError "may or may not", one POST, one play', async () => {
      await lostPlay('inception');
    });

    test('mark_watched whose answer is lost on a kept-alive connection: the same (no "reconnect and resend")', async () => {
      // A read first, so the write goes out on a connection that already served a request: a
      // client must not take the lost answer for a stale keep-alive connection and send it again.
      ok(await c.call('get_history', { limit: 1 }), 'get_history');
      await lostPlay('leon');
    });

    test('add_to_watchlist whose answer is lost: retried, succeeds, the item once on the watchlist', async () => {
      await w.standin.config({ drop_writes: 1 });
      const n0 = (await writesIn(w)).length;
      const sc = ok(await c.call('add_to_watchlist', { items: [HEAT] }), 'add_to_watchlist with its first answer lost');
      // The retry finds it already there (the dropped request was applied).
      assert.equal(sc.added.movies + sc.existing.movies, 1, JSON.stringify(sc));
      const log = (await writesIn(w)).slice(n0);
      assert.deepEqual(log.map((e) => [e.method, e.path, e.status]), [['POST', '/sync/watchlist', 0], ['POST', '/sync/watchlist', 201]]);
      assert.ok(log[1].t - log[0].t >= 950, `the retry is paced too: ${log[1].t - log[0].t} ms`);
      const heat = (await oracle(w, '/sync/watchlist/movies')).filter((it) => it.movie.ids.trakt === 1234);
      assert.equal(heat.length, 1);
    });
  });

  describe('read-only: --read-only and TRAKT_MCP_READ_ONLY=1', { concurrency: 1 }, () => {
    let w;
    let full;
    let byFlag;
    let byEnv;
    before(async () => {
      w = await world(null);
      full = await connect(w);
      byFlag = await connect(w, { args: ['serve', '--read-only'] });
      byEnv = await connect(w, { env: { TRAKT_MCP_READ_ONLY: '1' } });
    });
    after(async () => { await disconnect(full, byFlag, byEnv); await w?.close(); });

    const VALID = {
      add_to_watchlist: { items: [HEAT] },
      remove_from_watchlist: { items: [movie('tron')] },
      mark_watched: { items: [HEAT] },
      remove_from_history: { history_ids: [historyItem(0).id] },
      rate: { items: [HEAT], rating: 5 },
      remove_rating: { items: [HEAT] },
      checkin: { item: HEAT },
      cancel_checkin: {},
      remove_playback: { playback_ids: [13] },
      hide_show: { show: 'dark' },
      unhide_show: { show: 'dark' },
      create_list: { name: 'Read-only' },
      delete_list: { list: 'halloween', confirm: true },
      add_to_list: { list: 'halloween', items: [HEAT] },
      remove_from_list: { list: 'halloween', items: [HEAT] },
    };

    for (const [how, get] of [['serve --read-only', () => byFlag], ['TRAKT_MCP_READ_ONLY=1', () => byEnv]]) {
      test(`${how}: no write tool listed, every read tool still listed`, () => {
        const names = get().tools.map((t) => t.name);
        const all = full.tools.map((t) => t.name);
        for (const n of WRITE_NAMES) assert.ok(all.includes(n), `${n} listed without read-only`);
        assert.deepEqual(names, all.filter((n) => !WRITE_NAMES.includes(n)));
      });

      test(`${how}: calling a write tool is an isError naming the switch; nothing written; reads work`, async () => {
        for (const [name, args] of Object.entries(VALID)) {
          const text = toolError(await get().call(name, args), `${how} ${name}`);
          assert.match(text, /disabled/i, `${name}: ${text}`);
          assert.match(text, /--read-only|TRAKT_MCP_READ_ONLY/, `${name}: ${text}`);
        }
        ok(await get().call('get_watchlist', { limit: 2 }), 'get_watchlist in read-only');
        assert.deepEqual(await writesIn(w), []);
      });
    }
  });

  describe('confirmation (no elicitation): more than 10 items need "confirm": true', { concurrency: 1 }, () => {
    let w;
    let c;
    before(async () => {
      w = await world(null);
      c = await connect(w);
    });
    after(async () => { await disconnect(c); await w?.close(); });

    const needsConfirm = (text) => {
      assert.match(text, /confirm/i);
      assert.match(text, /"confirm": ?true/, `tells to call again with "confirm": true: ${text}`);
    };

    test('remove_from_watchlist of 11: refused without confirm, runs with it', async () => {
      needsConfirm(toolError(await c.call('remove_from_watchlist', { items: ELEVEN_ON_WATCHLIST }), 'remove 11'));
      assert.deepEqual(await writesIn(w), [], 'nothing written');
      const sc = ok(await c.call('remove_from_watchlist', { items: ELEVEN_ON_WATCHLIST, confirm: true }), 'remove 11 confirmed');
      assert.deepEqual(sc.removed, counts4(10, 1, 0, 0));
      assert.deepEqual(await watchlistLines(c), (await oracle(w, '/sync/watchlist')).map(watchlistLine));
      assert.equal((await oracle(w, '/sync/watchlist')).length, 19);
    });

    test('remove_rating of 11: refused without confirm, runs with it', async () => {
      const n0 = (await writesIn(w)).length;
      needsConfirm(toolError(await c.call('remove_rating', { items: ELEVEN_MOVIES }), 'remove_rating 11'));
      assert.equal((await writesIn(w)).length, n0, 'nothing written');
      const sc = ok(await c.call('remove_rating', { items: ELEVEN_MOVIES, confirm: true }), 'remove_rating 11 confirmed');
      assert.deepEqual(sc.removed, counts4(3, 0, 0, 0)); // the three of them that were rated
      assert.deepEqual((await oracle(w, '/sync/ratings/movies')).map((it) => it.movie.ids.trakt), [1234]);
    });

    test('remove_from_history: items and history_ids count together (6 + 5 refused, 5 + 5 runs)', async () => {
      const n0 = (await writesIn(w)).length;
      const ids = [1, 2, 4, 6, 7].map((i) => historyItem(i).id); // five episode plays
      const six = ['tron', 'thor', 'oldboy', 'inception', 'leon', 'madMax'].map(movie);
      const refused = toolError(await c.call('remove_from_history', { items: six, history_ids: ids }), 'remove_from_history 6 + 5');
      needsConfirm(refused);
      assert.match(refused, /remove 11 entries from your watch history/);
      assert.equal((await writesIn(w)).length, n0, 'nothing written');

      const five = six.slice(0, 5);
      let plays = 0;
      for (const m of five) plays += await oracleCount(w, `/sync/history/movies/${m.ids.trakt}?limit=1`);
      const sc = ok(await c.call('remove_from_history', { items: five, history_ids: ids }), 'remove_from_history 5 + 5');
      assert.deepEqual(sc.removed, { movies: plays, episodes: 5 });
      assert.deepEqual(sc.not_found_ids, []);
      const log = (await writesIn(w)).slice(n0);
      assert.deepEqual(log.map((e) => [e.method, e.path, e.status]), [['POST', '/sync/history/remove', 200]]);
    });
  });

  describe('confirmation (elicitation): the user is asked for more than 10 items', { concurrency: 1 }, () => {
    let w;
    let c;
    before(async () => {
      w = await world(null);
      c = await connect(w, { elicit: true });
    });
    after(async () => { await disconnect(c); await w?.close(); });

    function assertAsked(n0, list) {
      assert.equal(c.asked.length, n0 + 1, 'one elicitation/create');
      const q = c.asked.at(-1);
      assert.match(q.message, /\b11\b/, `says how many: ${q.message}`);
      assert.match(q.message, list, `says from what: ${q.message}`);
      assert.equal(q.requestedSchema?.properties?.confirm?.type, 'boolean', JSON.stringify(q.requestedSchema));
    }

    for (const [answer, confirm] of [
      [{ action: 'decline' }, true], // asked even though the call says confirm: true
      [{ action: 'cancel' }, undefined],
      [{ action: 'accept', content: { confirm: false } }, true],
    ]) {
      test(`remove_from_watchlist of 11 (confirm ${confirm}), answer ${JSON.stringify(answer)}: nothing removed`, async () => {
        const n0 = c.asked.length;
        c.answers.push(answer);
        const args = { items: ELEVEN_ON_WATCHLIST };
        if (confirm !== undefined) args.confirm = confirm;
        const text = toolError(await c.call('remove_from_watchlist', args), 'refused');
        assertAsked(n0, /watchlist/i);
        assert.match(text, /nothing was (removed|changed)/i);
        assert.deepEqual(await writesIn(w), [], 'no write');
      });
    }

    test('remove_rating of 11, declined: nothing removed', async () => {
      const n0 = c.asked.length;
      c.answers.push({ action: 'decline' });
      const text = toolError(await c.call('remove_rating', { items: ELEVEN_MOVIES, confirm: true }), 'declined');
      assertAsked(n0, /rating/i);
      assert.match(text, /nothing was (removed|changed)/i);
      assert.deepEqual(await writesIn(w), [], 'no write');
    });

    test('remove_from_watchlist of 11, accepted: removed', async () => {
      const n0 = c.asked.length;
      c.answers.push({ action: 'accept', content: { confirm: true } });
      const sc = ok(await c.call('remove_from_watchlist', { items: ELEVEN_ON_WATCHLIST, confirm: true }), 'accepted');
      assertAsked(n0, /watchlist/i);
      assert.deepEqual(sc.removed, counts4(10, 1, 0, 0));
      assert.deepEqual((await writesIn(w)).map((e) => [e.method, e.path, e.status]), [['POST', '/sync/watchlist/remove', 200]]);
    });

    test('remove_from_history of 6 items + 5 ids, accepted: removed', async () => {
      const n0 = c.asked.length;
      c.answers.push({ action: 'accept', content: { confirm: true } });
      const ids = [1, 2, 4, 6, 7].map((i) => historyItem(i).id);
      const six = ['tron', 'thor', 'oldboy', 'inception', 'leon', 'madMax'].map(movie);
      let plays = 0;
      for (const m of six) plays += await oracleCount(w, `/sync/history/movies/${m.ids.trakt}?limit=1`);
      const sc = ok(await c.call('remove_from_history', { items: six, history_ids: ids }), 'accepted');
      assertAsked(n0, /history/i);
      assert.deepEqual(sc.removed, { movies: plays, episodes: 5 });
      assert.deepEqual((await writesIn(w)).map((e) => e.path).at(-1), '/sync/history/remove');
    });

    test('10 items or fewer: no elicitation at all', async () => {
      const n0 = c.asked.length;
      const nw = (await writesIn(w)).length;
      const sc = ok(await c.call('remove_rating', { items: ELEVEN_MOVIES.slice(0, 10) }), 'remove_rating 10');
      assert.deepEqual(sc.removed, counts4(3, 0, 0, 0));
      assert.equal(c.asked.length, n0, 'not asked');
      assert.equal((await writesIn(w)).length, nw + 1);
    });
  });
});
