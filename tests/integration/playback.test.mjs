// "Continue watching", ratings and hidden shows through the official MCP TypeScript SDK client
// (StdioClientTransport) against the real binary and the stand-in (tests/standin/playback.mjs,
// the ratings of details_fixtures.mjs / writes.mjs):
//   - get_playback and get_ratings: exact lines computed from the fixtures, structuredContent valid
//     against the outputSchema (Ajv) with the titles' ids, annotations, the request Trakt gets;
//   - remove_playback: a DELETE per id, unknown ids named (404), the list changed at once; more than
//     10 ids need "confirm": true (or the user's yes through elicitation);
//   - hide_show / unhide_show: the very next get_up_next and get_upcoming leave the show out, then
//     bring it back, with last_activities frozen so that only the server's own cache invalidation
//     can do it; an unknown show or a movie's id is an isError and nothing is written;
//   - read-only mode hides the three writes; the resource trakt://continue-watching.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { world, requireBinary, requireNodeModules, BIN, T_CALL, textOf, linesOf, FORBIDDEN_WORDS, sxe, apiRequests } from './harness.mjs';
import { PLAYBACK } from '../standin/playback.mjs';
import { ratingsView } from '../standin/details_fixtures.mjs';

requireNodeModules();
requireBinary();

const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
const { ElicitRequestSchema } = await import('@modelcontextprotocol/sdk/types.js');
const { default: Ajv2020 } = await import('ajv/dist/2020.js');

// ---------------------------------------------------------------------------------------------
// Oracles: lines computed from Trakt's JSON, independently of the binary (TZ=UTC)

const titled = (tag, t) => `${tag} ${t.title ?? 'Untitled'}${t.year != null ? ` (${t.year})` : ''}`;
const episodePart = (show, e) => `${show.title} ${sxe(e.season, e.number)}${e.title ? ` - ${e.title}` : ''}`;
const day = (iso) => iso.slice(0, 10);

function playbackLine(p) {
  const what = p.type === 'movie' ? titled('[M]', p.movie) : `[TV] ${episodePart(p.show, p.episode)}`;
  return `${what} · ${Math.floor(p.progress)}% · paused ${day(p.paused_at)} · playback ${p.id}`;
}

function ratingLine(r) {
  let what;
  if (r.type === 'movie') what = titled('[M]', r.movie);
  else if (r.type === 'show') what = titled('[TV]', r.show);
  else if (r.type === 'season') what = `${titled('[TV]', r.show)} S${String(r.season.number).padStart(2, '0')}`;
  else what = `[TV] ${episodePart(r.show, r.episode)}`;
  return `${r.rating}/10 ${what} · rated ${day(r.rated_at)}`;
}

const dropNulls = (o) => JSON.parse(JSON.stringify(o, (k, v) => (v === null ? undefined : v)));

// ---------------------------------------------------------------------------------------------
// Helpers

async function connect(w, { args = [], env = {}, elicit = false } = {}) {
  const transport = new StdioClientTransport({ command: BIN, args, env: w.env(env), stderr: 'pipe' });
  const c = { asked: [], answers: [], stderr: '' };
  transport.stderr?.on('data', (d) => { c.stderr += d.toString(); });
  c.client = new Client({ name: 'trakt-mcp-playback-test', version: '1.0.0' }, { capabilities: elicit ? { elicitation: {} } : {} });
  if (elicit) {
    c.client.setRequestHandler(ElicitRequestSchema, async (req) => {
      c.asked.push(req.params);
      return c.answers.shift() ?? { action: 'cancel' };
    });
  }
  await c.client.connect(transport, { timeout: T_CALL });
  c.tools = (await c.client.listTools()).tools;
  c.call = (name, args = {}) => c.client.callTool({ name, arguments: args }, undefined, { timeout: T_CALL });
  c.validate = (name, structured) => {
    const tool = c.tools.find((t) => t.name === name);
    const v = new Ajv2020({ strict: false, allErrors: true }).compile(tool.outputSchema);
    assert.ok(v(structured), `${name}: ${JSON.stringify(v.errors)}`);
  };
  return c;
}

function ok(c, name, r) {
  assert.notEqual(r.isError, true, `${name}: ${textOf(r)}`);
  assert.ok(r.structuredContent, `${name}: no structuredContent`);
  c.validate(name, r.structuredContent);
  assert.doesNotMatch(textOf(r), FORBIDDEN_WORDS);
  return r.structuredContent;
}

function toolError(r, what) {
  assert.equal(r.isError, true, `${what}: expected an isError result, got ${JSON.stringify(r)}`);
  return textOf(r);
}

const isWrite = (e) => e.method !== 'GET' && e.method !== 'HEAD';
async function writesIn(w) {
  return (await w.standin.apiLog()).filter(isWrite).sort((a, b) => a.t - b.t).map((e) => [e.method, e.path, e.status]);
}

/** Trakt's "what changed" stops moving: a fresh read after a write proves the server's own invalidation. */
async function freezeActivities(w) {
  const now = await w.standin.control('GET', '/__standin/activity');
  await w.standin.fault({ path: '/sync/last_activities', times: -1, action: 'respond', status: 200, body: now });
}

const annotationsOf = (c, name) => {
  const a = c.tools.find((t) => t.name === name)?.annotations;
  assert.ok(a, `${name} is listed`);
  return { readOnlyHint: a.readOnlyHint, destructiveHint: a.destructiveHint, idempotentHint: a.idempotentHint };
};

// ---------------------------------------------------------------------------------------------

describe('continue watching, ratings and hidden shows', { concurrency: true }, () => {
  describe('get_playback and remove_playback', { concurrency: 1 }, () => {
    let w;
    let c;
    before(async () => {
      w = await world(null);
      c = await connect(w);
    });
    after(async () => { await c?.client.close().catch(() => {}); await w?.close(); });

    test('annotations: get_playback reads; remove_playback is destructive and idempotent', () => {
      assert.deepEqual(annotationsOf(c, 'get_playback'), { readOnlyHint: true, destructiveHint: false, idempotentHint: true });
      assert.deepEqual(annotationsOf(c, 'remove_playback'), { readOnlyHint: false, destructiveHint: true, idempotentHint: true });
    });

    test('get_playback: every paused item, newest first, exact lines, the ids in structuredContent', async () => {
      const r = await c.call('get_playback');
      const s = ok(c, 'get_playback', r);
      assert.deepEqual(linesOf(r), PLAYBACK.map(playbackLine));
      assert.equal(linesOf(r)[0], '[M] Heat (1995) · 42% · paused 2026-11-20 · playback 13');
      assert.equal(linesOf(r)[1], '[TV] Severance S02E03 - Who Is Alive? · 65% · paused 2026-11-19 · playback 14');
      assert.equal(s.count, PLAYBACK.length);
      assert.deepEqual(s.items[0], { ...dropNulls(PLAYBACK[0]), paused_date: '2026-11-20' });
      assert.deepEqual(s.items[1].show.ids, dropNulls(PLAYBACK[1].show.ids));
      assert.doesNotMatch(JSON.stringify(s), /null/);
      const [req] = apiRequests(await w.standin.apiLog(), '/sync/playback');
      assert.equal(req.path, '/sync/playback');
      assert.equal(new URLSearchParams(req.query).get('limit'), '20');
    });

    test('get_playback: movies or episodes only, and a limit', async () => {
      const movies = await c.call('get_playback', { type: 'movies' });
      ok(c, 'get_playback', movies);
      assert.deepEqual(linesOf(movies), PLAYBACK.filter((p) => p.type === 'movie').map(playbackLine));
      const episodes = await c.call('get_playback', { type: 'episodes', limit: 2 });
      assert.deepEqual(linesOf(episodes), PLAYBACK.filter((p) => p.type === 'episode').slice(0, 2).map(playbackLine));
      assert.ok(apiRequests(await w.standin.apiLog(), '/sync/playback/episodes').length >= 1);
      const bad = await c.call('get_playback', { type: 'shows' });
      assert.match(toolError(bad, 'type shows'), /type/);
    });

    test('remove_playback: a DELETE per id, unknown ids named, get_playback changed at once', async () => {
      await freezeActivities(w);
      const before = await w.standin.apiLog();
      const r = await c.call('remove_playback', { playback_ids: [13, 999, 13] });
      const s = ok(c, 'remove_playback', r);
      assert.deepEqual(s, { removed: 1, not_found: [999] });
      assert.deepEqual(linesOf(r), [
        'Removed 1 paused item from continue watching.',
        'Not found (no paused item has this id; get_playback lists them): 999.',
      ]);
      const writes = (await writesIn(w)).slice(-2);
      assert.deepEqual(writes, [['DELETE', '/sync/playback/13', 204], ['DELETE', '/sync/playback/999', 404]]);
      assert.ok((await w.standin.apiLog()).length > before.length);
      const after = await c.call('get_playback');
      assert.deepEqual(linesOf(after), PLAYBACK.slice(1).map(playbackLine));
      // Safe to repeat: the id is now unknown.
      const again = await c.call('remove_playback', { playback_ids: [13] });
      assert.deepEqual(ok(c, 'remove_playback', again), { removed: 0, not_found: [13] });
      assert.equal(linesOf(again)[0], 'Nothing was removed from continue watching.');
    });

    test('remove_playback of 11 ids: refused without confirm, nothing sent; runs with confirm: true', async () => {
      const ids = [14, 15, 16, 17, 18, 901, 902, 903, 904, 905, 906];
      const n0 = (await writesIn(w)).length;
      const refused = toolError(await c.call('remove_playback', { playback_ids: ids }), 'eleven without confirm');
      assert.match(refused, /"confirm": ?true/);
      assert.match(refused, /remove 11 paused items from continue watching/);
      assert.equal((await writesIn(w)).length, n0, 'nothing sent');
      const r = await c.call('remove_playback', { playback_ids: ids, confirm: true });
      assert.deepEqual(ok(c, 'remove_playback', r), { removed: 5, not_found: [901, 902, 903, 904, 905, 906] });
      assert.equal((await writesIn(w)).length, n0 + 11);
      const empty = await c.call('get_playback');
      assert.deepEqual(linesOf(empty), ['Nothing paused part-way (Trakt keeps paused items for six months).']);
      assert.equal(ok(c, 'get_playback', empty).count, 0);
    });
  });

  test('remove_playback of 11 ids with elicitation: the user is asked; "no" changes nothing', async () => {
    const w = await world(null);
    const c = await connect(w, { elicit: true });
    try {
      c.answers.push({ action: 'accept', content: { confirm: false } });
      const ids = [13, 14, 15, 16, 17, 18, 901, 902, 903, 904, 905];
      const text = toolError(await c.call('remove_playback', { playback_ids: ids, confirm: true }), 'declined');
      assert.equal(c.asked.length, 1);
      assert.match(c.asked[0].message, /remove 11 paused items from continue watching/i);
      assert.match(text, /did not agree/);
      assert.deepEqual(await writesIn(w), []);
    } finally {
      await c.client.close().catch(() => {});
      await w.close();
    }
  });

  describe('get_ratings', { concurrency: 1 }, () => {
    let w;
    let c;
    before(async () => {
      w = await world(null);
      c = await connect(w);
    });
    after(async () => { await c?.client.close().catch(() => {}); await w?.close(); });

    test('annotations: read-only', () => {
      assert.deepEqual(annotationsOf(c, 'get_ratings'), { readOnlyHint: true, destructiveHint: false, idempotentHint: true });
    });

    test('all ratings, newest first; rated 10; movies rated 9; the path Trakt gets', async () => {
      const all = await c.call('get_ratings');
      const s = ok(c, 'get_ratings', all);
      assert.deepEqual(linesOf(all), ratingsView('all').map(ratingLine));
      assert.equal(s.items[0].movie.ids.trakt, 1234);
      assert.equal(s.items[0].rated_date, day(ratingsView('all')[0].rated_at));

      const tens = await c.call('get_ratings', { rating: 10 });
      ok(c, 'get_ratings', tens);
      assert.deepEqual(linesOf(tens), ['10/10 [M] The Dark Knight (2008) · rated 2026-09-01', '10/10 [TV] Breaking Bad (2008) · rated 2026-07-02']);
      assert.deepEqual(linesOf(tens), ratingsView('all', '10').map(ratingLine));
      const nines = await c.call('get_ratings', { type: 'movies', rating: 9 });
      assert.deepEqual(linesOf(nines), ratingsView('movies', '9').map(ratingLine));
      const paths = apiRequests(await w.standin.apiLog(), '/sync/ratings').map((e) => e.path);
      assert.ok(paths.includes('/sync/ratings/all/10'), paths.join(' '));
      assert.ok(paths.includes('/sync/ratings/movies/9'), paths.join(' '));
    });

    test('seasons and episodes rated with rate show at once; nothing rated says so', async () => {
      const rated = await c.call('rate', {
        items: [{ type: 'season', show: { ids: { slug: 'dark' } }, season: 1 },
          { type: 'episode', show: { ids: { slug: 'breaking-bad' } }, season: 4, number: 1 }],
        rating: 7,
      });
      assert.notEqual(rated.isError, true, textOf(rated));
      const today = new Date().toISOString().slice(0, 10);
      const seasons = await c.call('get_ratings', { type: 'seasons', rating: 7 });
      ok(c, 'get_ratings', seasons);
      assert.deepEqual(linesOf(seasons), [`7/10 [TV] Dark (2017) S01 · rated ${today}`]);
      const episodes = await c.call('get_ratings', { type: 'episodes' });
      ok(c, 'get_ratings', episodes);
      assert.deepEqual(linesOf(episodes), [`7/10 [TV] Breaking Bad S04E01 - Box Cutter · rated ${today}`]);
      const none = await c.call('get_ratings', { type: 'movies', rating: 1 });
      assert.deepEqual(linesOf(none), ['No movies rated 1/10 yet.']);
      assert.deepEqual(ok(c, 'get_ratings', none), { count: 0, items: [] });
      assert.deepEqual(linesOf(await c.call('get_ratings', { rating: 2 })), ['No ratings of 2/10 yet.']);
      assert.match(toolError(await c.call('get_ratings', { rating: 11 }), 'rating 11'), /rating/);
    });
  });

  describe('hide_show and unhide_show', { concurrency: 1 }, () => {
    let w;
    let c;
    before(async () => {
      w = await world(null);
      c = await connect(w);
    });
    after(async () => { await c?.client.close().catch(() => {}); await w?.close(); });

    const upNext = async () => linesOf(await c.call('get_up_next', { limit: 20 }));
    const upcoming = async () => linesOf(await c.call('get_upcoming', { days: 7 }));
    const severance = (lines) => lines.filter((l) => /\bSeverance S\d\d/.test(l));

    test('annotations: idempotent writes, not destructive', () => {
      for (const name of ['hide_show', 'unhide_show'])
        assert.deepEqual(annotationsOf(c, name), { readOnlyHint: false, destructiveHint: false, idempotentHint: true });
    });

    test('hide_show: the next get_up_next and get_upcoming leave the show out; unhide_show brings it back', async () => {
      const nextBefore = await upNext();
      const calBefore = await upcoming();
      assert.equal(severance(nextBefore).length, 1, nextBefore.join('\n'));
      assert.ok(severance(calBefore).length >= 1, calBefore.join('\n'));
      await freezeActivities(w);

      const hidden = await c.call('hide_show', { show: 'severance' });
      const s = ok(c, 'hide_show', hidden);
      assert.deepEqual(linesOf(hidden), ['Severance (2022) is now hidden from up next and the calendar.']);
      assert.equal(s.show.ids.trakt, 154997);
      assert.deepEqual(s.sections, [{ where: 'up_next', changed: true }, { where: 'calendar', changed: true }]);
      const bodies = (await w.standin.apiLog()).filter(isWrite).map((e) => [e.path, e.status]);
      assert.deepEqual(bodies, [['/users/hidden/progress_watched', 201], ['/users/hidden/calendar', 201]]);
      assert.deepEqual(await upNext(), nextBefore.filter((l) => !severance([l]).length));
      assert.deepEqual(await upcoming(), calBefore.filter((l) => !severance([l]).length));

      const again = await c.call('hide_show', { show: 154997 });
      assert.deepEqual(linesOf(again), ['Severance (2022) was already hidden from up next and the calendar.']);

      const back = await c.call('unhide_show', { show: 'tt11280740' });
      ok(c, 'unhide_show', back);
      assert.deepEqual(linesOf(back), ['Severance (2022) shows in up next and the calendar again.']);
      assert.deepEqual(await upNext(), nextBefore);
      assert.deepEqual(await upcoming(), calBefore);
      const notHidden = await c.call('unhide_show', { show: 'severance', where: 'calendar' });
      assert.deepEqual(linesOf(notHidden), ['Severance (2022) was not hidden from the calendar.']);
    });

    test('where: calendar only: up next keeps the show, the calendar leaves it out', async () => {
      const nextBefore = await upNext();
      const calBefore = await upcoming();
      const r = await c.call('hide_show', { show: 'severance', where: 'calendar' });
      assert.deepEqual(ok(c, 'hide_show', r).sections, [{ where: 'calendar', changed: true }]);
      assert.deepEqual(linesOf(r), ['Severance (2022) is now hidden from the calendar.']);
      assert.deepEqual(await upNext(), nextBefore);
      assert.deepEqual(await upcoming(), calBefore.filter((l) => !severance([l]).length));
      const hiddenOnCalendar = (await w.standin.api('/users/hidden/calendar', w.tokens.access_token)).json;
      assert.deepEqual(hiddenOnCalendar.map((h) => [h.type, h.show.ids.slug]), [['show', 'severance']]);
      ok(c, 'unhide_show', await c.call('unhide_show', { show: 'severance', where: 'calendar' }));
      assert.deepEqual(await upcoming(), calBefore);
    });

    test('an unknown show, or a movie\'s id, is an isError naming it; nothing is written', async () => {
      const n0 = (await w.standin.apiLog()).filter(isWrite).length;
      assert.match(toolError(await c.call('hide_show', { show: 'no-such-show' }), 'unknown'), /no show with the id "no-such-show"/);
      assert.match(toolError(await c.call('unhide_show', { show: 'heat-1995' }), 'movie'), /no show with the id "heat-1995".*movie/);
      assert.match(toolError(await c.call('hide_show', { show: 'the office/../x' }), 'bad id'), /Trakt id, slug or IMDb id/);
      assert.match(toolError(await c.call('hide_show', { show: 'dark', where: 'everywhere' }), 'bad where'), /where/);
      assert.equal((await w.standin.apiLog()).filter(isWrite).length, n0);
    });
  });

  test('read-only (serve --read-only): the three writes are not listed and do not run; the reads work', async () => {
    const w = await world(null);
    const c = await connect(w, { args: ['serve', '--read-only'] });
    try {
      const names = c.tools.map((t) => t.name);
      for (const n of ['remove_playback', 'hide_show', 'unhide_show']) {
        assert.ok(!names.includes(n), `${n} hidden`);
        assert.match(toolError(await c.call(n, n === 'remove_playback' ? { playback_ids: [13] } : { show: 'dark' }), n), /disabled/i);
      }
      for (const n of ['get_playback', 'get_ratings']) assert.ok(names.includes(n), `${n} listed`);
      ok(c, 'get_playback', await c.call('get_playback'));
      assert.deepEqual(await writesIn(w), []);
    } finally {
      await c.client.close().catch(() => {});
      await w.close();
    }
  });

  test('resource trakt://continue-watching is get_playback\'s text and structuredContent', async () => {
    const w = await world(null);
    const c = await connect(w);
    try {
      const { resources } = await c.client.listResources();
      const r = resources.find((x) => x.uri === 'trakt://continue-watching');
      assert.ok(r, JSON.stringify(resources.map((x) => x.uri)));
      assert.equal(r.name, 'continue-watching');
      const read = await c.client.readResource({ uri: 'trakt://continue-watching' });
      const text = read.contents.find((x) => x.mimeType === 'text/plain').text;
      const json = JSON.parse(read.contents.find((x) => x.mimeType === 'application/json').text);
      const call = await c.call('get_playback');
      assert.equal(text, textOf(call));
      assert.deepEqual(json, call.structuredContent);
      assert.deepEqual(text.split('\n'), PLAYBACK.map(playbackLine));
    } finally {
      await c.client.close().catch(() => {});
      await w.close();
    }
  });
});
