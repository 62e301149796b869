// get_up_next over MCP stdio and `trakt-mcp call` against the stand-in (upnext_fixtures.mjs): exact
// lines, newest watched first although Trakt lists the shows by plays; finished, not-started and
// hidden shows left out (a hidden *season* keeps its show); a null episode title and Unicode
// titles; structuredContent valid against the declared outputSchema; the limit stops early for a
// person with 300 watched shows, with few progress requests and a sentence saying so; argument
// checks; a show Trakt cannot answer for; no watched shows; and the login advice without a login.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, requireBinary, textOf, linesOf, logParams, FORBIDDEN_WORDS, outputValidator } from './harness.mjs';
import { watchedShows, showProgress, hiddenProgressWatched } from '../standin/upnext_fixtures.mjs';

requireBinary();

const EXPECTED_LINES = [
  'The Bear S02E06 - Fishes (15 left; last watched 2026-11-20)',
  'Parks and Recreation S02E04 - Practice Date (103 left; last watched 2026-11-20)',
  '進撃の巨人 S04E29 - 最終章 前編 (2 left; last watched 2026-11-20)',
  'Severance S02E01 - Hello, Ms. Cobel (10 left; last watched 2026-11-19)',
  'Café 🎬 S01E02 (1 left; last watched 2026-11-18)',
];

const pad2 = (n) => String(n).padStart(2, '0');

// The oracle: the lines computed from the stand-in's own data, independently of the binary.
function expectedLines(config, limit) {
  const noQuery = new URLSearchParams();
  const hidden = new Set(hiddenProgressWatched(noQuery).filter((h) => h.type === 'show').map((h) => h.show.ids.trakt));
  const shows = watchedShows(config, new URLSearchParams('extended=noseasons'))
    .filter((w) => !hidden.has(w.show.ids.trakt))
    .sort((a, b) => Date.parse(b.last_watched_at) - Date.parse(a.last_watched_at));
  const lines = [];
  let checked = 0;
  for (const w of shows) {
    if (lines.length >= limit) break;
    checked += 1;
    const p = showProgress(config, String(w.show.ids.trakt), new URLSearchParams('hidden=false'));
    if (p.completed < 1 || p.aired <= p.completed || !p.next_episode) continue;
    const e = p.next_episode;
    const title = e.title ? ` - ${e.title}` : '';
    lines.push(`${w.show.title} S${pad2(e.season)}E${pad2(e.number)}${title} (${p.aired - p.completed} left; ` +
      `last watched ${w.last_watched_at.slice(0, 10)})`);
  }
  return { lines, checked, candidates: shows.length };
}

const progressRequests = (log) => log.filter((e) => /^\/shows\/[^/]+\/progress\/watched$/.test(e.path));

const call = (p, args) => p.callToolResult('get_up_next', args);

test('get_up_next: declaration (limit 1..50, default 10, read-only)', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const tool = await p.listedTool('get_up_next');
  assert.equal(tool.annotations.readOnlyHint, true);
  assert.deepEqual(Object.keys(tool.inputSchema.properties), ['limit']);
  assert.equal(tool.inputSchema.properties.limit.type, 'integer');
  assert.equal(tool.inputSchema.properties.limit.minimum, 1);
  assert.equal(tool.inputSchema.properties.limit.maximum, 50);
  assert.equal(tool.inputSchema.properties.limit.default, 10);
  assert.equal(tool.outputSchema.type, 'object');
});

test('get_up_next: exact lines, newest watched first, valid structuredContent, cheap requests', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const tool = await p.listedTool('get_up_next');
  const r = await call(p, {});
  assert.notEqual(r.isError, true, textOf(r));
  assert.deepEqual(linesOf(r), EXPECTED_LINES);
  assert.deepEqual(linesOf(r), expectedLines({}, 10).lines);
  assert.doesNotMatch(textOf(r), FORBIDDEN_WORDS);

  const s = r.structuredContent;
  const validate = await outputValidator(tool);
  assert.ok(validate(s), JSON.stringify(validate.errors));
  assert.equal(s.items.length, 5);
  assert.deepEqual(s.items.map((i) => i.show.title), ['The Bear', 'Parks and Recreation', '進撃の巨人', 'Severance', 'Café 🎬']);
  assert.deepEqual(s.items[0].episode, { season: 2, number: 6, title: 'Fishes', ids: { trakt: 190412206, tvdb: 195412206 } });
  assert.equal(s.items[0].left, 15);
  assert.equal(s.items[0].last_watched_at, '2026-11-20T22:00:00.000Z');
  assert.equal(s.items[0].show.ids.slug, 'the-bear');
  assert.equal(s.items[4].episode.title, undefined, 'a null title is left out, never null');
  assert.equal(s.items[4].show.year, undefined);
  assert.equal(s.watched_shows, 10);
  assert.equal(s.hidden, 1);
  assert.equal(s.checked, 9);
  assert.equal(s.stopped_early, false);
  assert.equal(s.unreadable, 0);

  const log = await w.standin.apiLog();
  const watched = log.filter((e) => e.path === '/sync/watched/shows');
  assert.equal(watched.length, 1);
  assert.equal(logParams(watched[0]).get('extended'), 'noseasons');
  const hidden = log.filter((e) => e.path.startsWith('/users/hidden/'));
  assert.equal(hidden.length, 1, 'one request for hidden shows');
  assert.equal(hidden[0].path, '/users/hidden/progress_watched');
  assert.equal(logParams(hidden[0]).get('type'), 'show');
  const progress = progressRequests(log);
  assert.equal(progress.length, 9, 'every watched show but the hidden one');
  assert.ok(!progress.some((e) => e.path === '/shows/122531/progress/watched'), 'the hidden show is not asked about');
  for (const e of progress) {
    assert.equal(logParams(e).get('hidden'), 'false');
    assert.equal(logParams(e).get('specials'), 'false');
  }
});

test('get_up_next: 300 watched shows, limit 3: stops early, few requests, says so', async (t) => {
  const w = await world(t, { config: { watched_shows: 300 } });
  const p = await w.spawn();
  const tool = await p.listedTool('get_up_next');
  const r = await call(p, { limit: 3 });
  assert.notEqual(r.isError, true, textOf(r));
  assert.deepEqual(linesOf(r), [
    ...EXPECTED_LINES.slice(0, 3),
    '(Checked 4 of your 300 watched shows, most recently watched first, and stopped at the limit of 3; ' +
      'ask for a higher limit, up to 50, for more.)',
  ]);
  const s = r.structuredContent;
  const validate = await outputValidator(tool);
  assert.ok(validate(s), JSON.stringify(validate.errors));
  assert.equal(s.items.length, 3);
  assert.equal(s.watched_shows, 300);
  assert.equal(s.checked, 4);
  assert.equal(s.stopped_early, true);

  const stats = await w.standin.stats();
  const log = (stats.log || []).filter((e) => !String(e.path).startsWith('/__standin'));
  const progress = progressRequests(log);
  assert.ok(progress.length <= 3 + 4, `${progress.length} progress requests for limit 3`);
  assert.ok(stats.max_concurrent <= 4, `at most 4 requests at once, saw ${stats.max_concurrent}`);
});

test('get_up_next: 300 watched shows, limit 10 reaches the generated shows in order', async (t) => {
  const config = { watched_shows: 300 };
  const w = await world(t, { config });
  const p = await w.spawn();
  const r = await call(p, { limit: 10 });
  assert.notEqual(r.isError, true, textOf(r));
  const want = expectedLines(config, 10);
  assert.equal(want.lines.length, 10);
  assert.deepEqual(linesOf(r), [
    ...want.lines,
    `(Checked ${want.checked} of your 300 watched shows, most recently watched first, and stopped at the limit of 10; ` +
      'ask for a higher limit, up to 50, for more.)',
  ]);
  assert.equal(linesOf(r)[5], 'Generated Show 1 S01E03 - Episode 3 (8 left; last watched 2026-08-01)');
  assert.equal(r.structuredContent.checked, want.checked);
  const progress = progressRequests(await w.standin.apiLog());
  assert.ok(progress.length <= want.checked + 3, `${progress.length} progress requests, ${want.checked} checked`);

  const most = await call(p, { limit: 50 });
  const all = expectedLines(config, 50);
  assert.deepEqual(linesOf(most).slice(0, 50), all.lines);
  assert.equal(linesOf(most)[50],
    `(Checked ${all.checked} of your 300 watched shows, most recently watched first, and stopped at the limit of 50, ` +
      'the most one call lists.)');
});

test('get_up_next: a show Trakt cannot answer for is left out and counted', async (t) => {
  const w = await world(t);
  await w.standin.fault({ path: '/shows/190412/progress/watched', times: -1, status: 404, body: {} });
  const p = await w.spawn();
  const r = await call(p, {});
  assert.notEqual(r.isError, true, textOf(r));
  assert.deepEqual(linesOf(r), [...EXPECTED_LINES.slice(1), '(1 show from Trakt could not be read and was left out.)']);
  assert.equal(r.structuredContent.unreadable, 1);
});

test('get_up_next: no watched shows, and arguments out of range', async (t) => {
  const w = await world(t, { config: { watched_shows: 0 } });
  const p = await w.spawn();
  const r = await call(p, {});
  assert.notEqual(r.isError, true, textOf(r));
  assert.equal(textOf(r), 'You have not watched any shows on Trakt yet.');
  assert.deepEqual(r.structuredContent, { items: [], checked: 0, watched_shows: 0, hidden: 0, unreadable: 0, stopped_early: false });
  const log = await w.standin.apiLog();
  assert.equal(progressRequests(log).length, 0);

  for (const limit of [0, 51]) {
    const bad = await call(p, { limit });
    assert.equal(bad.isError, true, `limit ${limit}`);
    assert.match(textOf(bad), /limit/);
  }
  const text = await call(p, { limit: 'three' });
  assert.equal(text.isError, true);
  assert.match(textOf(text), /limit/);
});

test('get_up_next in a shell, and without a login', async (t) => {
  const w = await world(t);
  const ok = await w.run(['call', 'get_up_next', '--arg', 'limit=2']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(ok.stdout.trim().split('\n'), [
    ...EXPECTED_LINES.slice(0, 2),
    '(Checked 2 of your 10 watched shows, most recently watched first, and stopped at the limit of 2; ' +
      'ask for a higher limit, up to 50, for more.)',
  ]);

  const nobody = await world(t, { login: false });
  const r = await nobody.run(['call', 'get_up_next']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /trakt-mcp login/);
  const p = await nobody.spawn();
  const res = await call(p, {});
  assert.equal(res.isError, true);
  assert.match(textOf(res), /trakt-mcp login/);
});
