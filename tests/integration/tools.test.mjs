// The three tools over MCP stdio against the stand-in: exact text lines (computed from the very
// data the stand-in served), structuredContent, pagination, progress, time zones.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  world, requireBinary, linesOf, textOf, FORBIDDEN_WORDS, apiRequests, replay, logParams,
  upcomingLine, watchlistLine, historyLine, byFirstAired, localDate, utcDate, addDays, declaredToolNames,
} from './harness.mjs';

import { calendarItems, historyItems, watchlistView } from '../standin/fixtures.mjs';

requireBinary();

const TOOL_NAMES = declaredToolNames();

/** Calls a tool and returns {result, requests}: the API requests it made (from the log). */
async function callAndLog(w, proc, name, args, opts) {
  const before = (await w.standin.stats()).log.length;
  const result = await proc.callToolResult(name, args, opts);
  const log = (await w.standin.stats()).log.slice(before);
  return { result, log: log.filter((e) => !String(e.path).startsWith('/__standin')) };
}

function assertCleanText(result) {
  const blocks = (result.content || []).filter((c) => c.type === 'text');
  assert.equal(blocks.length, 1, `one text block expected: ${JSON.stringify(result.content)}`);
  const text = textOf(result);
  assert.ok(!text.endsWith('\n') && !text.startsWith('\n'), 'lines joined by \\n, no blank edges');
  assert.doesNotMatch(text, FORBIDDEN_WORDS, `text has a null-ish word:\n${text}`);
  return text;
}

/** Every non-ASCII title in the structured data appears intact in the text. */
function assertUnicodeIntact(text, titles) {
  for (const t of titles) {
    // eslint-disable-next-line no-control-regex
    if (typeof t === 'string' && /[^\x00-\x7f]/.test(t)) {
      assert.ok(text.includes(t), `non-ASCII title ${JSON.stringify(t)} not intact in text:\n${text}`);
    }
  }
}

describe('tools over stdio (TZ=UTC)', () => {
  let w;
  let p;
  before(async () => {
    w = await world(null, { tz: 'UTC' });
    p = await w.spawn();
  });
  after(async () => { await w?.close(); });

  test('tools/list: every declared tool with input and output schemas; the reads say they only read', async () => {
    const r = await p.request('tools/list', {});
    assert.ok(r.result, JSON.stringify(r));
    const tools = r.result.tools;
    assert.deepEqual(tools.map((t) => t.name).sort(), TOOL_NAMES);
    const props = {
      get_upcoming: ['start_date', 'days'],
      get_watchlist: ['type', 'sort', 'limit'],
      get_history: ['limit', 'type', 'start_at', 'end_at'],
    };
    for (const t of tools) {
      assert.equal(typeof t.description, 'string', `${t.name} description`);
      assert.ok(t.description.length > 0);
      // The writes (writes.test.mjs, sdk-interop) say readOnlyHint false; every get_*, search and discover only reads.
      if (t.name.startsWith('get_') || t.name === 'search' || t.name === 'discover') assert.equal(t.annotations?.readOnlyHint, true, `${t.name} readOnlyHint`);
      else assert.equal(t.annotations?.readOnlyHint, false, `${t.name} readOnlyHint`);
      assert.equal(t.annotations?.openWorldHint, true, `${t.name} openWorldHint`);
      assert.equal(t.inputSchema?.type, 'object', `${t.name} inputSchema.type`);
      assert.equal(t.outputSchema?.type, 'object', `${t.name} outputSchema.type`);
      if (!(t.name in props)) continue;  // later tools: checked in their own tests
      for (const k of props[t.name]) {
        assert.ok(t.inputSchema.properties && k in t.inputSchema.properties,
          `${t.name} inputSchema lacks ${k}: ${JSON.stringify(t.inputSchema)}`);
      }
      // All arguments of the first three tools are optional.
      assert.ok(!t.inputSchema.required || t.inputSchema.required.length === 0,
        `${t.name} requires ${t.inputSchema.required}`);
    }
  });

  test('get_upcoming: explicit window, exact lines from the calendar data', async () => {
    const start = utcDate();
    const { result, log } = await callAndLog(w, p, 'get_upcoming', { start_date: start, days: 7 });
    assert.notEqual(result.isError, true, textOf(result));
    const reqs = apiRequests(log, '/calendars/my/shows');
    assert.ok(reqs.length >= 1, `no calendar request in ${JSON.stringify(log)}`);
    assert.equal(reqs[0].path, `/calendars/my/shows/${start}/7`);
    const data = byFirstAired(await replay(w.standin, w.tokens.access_token, reqs));
    assert.ok(data.length > 0, 'stand-in calendar fixture is empty for the coming 7 days');
    const expected = data.map((it) => upcomingLine(it, 'UTC'));
    const text = assertCleanText(result);
    assert.deepEqual(linesOf(result), expected);

    const sc = result.structuredContent;
    assert.ok(sc, 'structuredContent missing');
    assert.equal(sc.start_date, start);
    assert.equal(sc.days, 7);
    assert.equal(sc.count, expected.length);
    assert.equal(sc.episodes.length, expected.length);
    sc.episodes.forEach((e, i) => {
      assert.equal(e.first_aired && Date.parse(e.first_aired), Date.parse(data[i].first_aired));
      assert.equal(e.air_date, localDate(data[i].first_aired, 'UTC'));
      assert.equal(e.show.title, data[i].show.title);
      assert.equal(e.episode.season, data[i].episode.season);
      assert.equal(e.episode.number, data[i].episode.number);
      assert.ok(e.show.ids && typeof e.show.ids === 'object', 'show.ids');
      assert.ok(e.episode.ids && typeof e.episode.ids === 'object', 'episode.ids');
    });
    assertUnicodeIntact(text, data.flatMap((d) => [d.show.title, d.episode.title]));
  });

  test('get_upcoming: 33-day window (maximum), episodes with no title yet drop " - Title"', async (t) => {
    const start = addDays(utcDate(), -1);
    const { result, log } = await callAndLog(w, p, 'get_upcoming', { start_date: start, days: 33 });
    assert.notEqual(result.isError, true, textOf(result));
    const reqs = apiRequests(log, '/calendars/my/shows');
    assert.equal(reqs[0]?.path, `/calendars/my/shows/${start}/33`);
    const data = byFirstAired(await replay(w.standin, w.tokens.access_token, reqs));
    assertCleanText(result);
    assert.deepEqual(linesOf(result), data.map((it) => upcomingLine(it, 'UTC')));
    assert.equal(result.structuredContent.count, data.length);
    const untitled = data.filter((d) => d.episode.title === null || d.episode.title === undefined);
    if (untitled.length === 0) {
      t.diagnostic('calendar fixture has no untitled episode in this window');
    }
    for (const d of untitled) {
      const line = upcomingLine(d, 'UTC');
      assert.ok(!line.includes(' - '), line);
    }
  });

  test('get_upcoming: defaults are today and 7 days', async () => {
    // An earlier test may have read this very window: move last_activities so it is read again.
    await w.standin.control('POST', '/__standin/activity', {});
    const { result, log } = await callAndLog(w, p, 'get_upcoming', {});
    assert.notEqual(result.isError, true, textOf(result));
    const today = utcDate();
    const sc = result.structuredContent;
    assert.equal(sc.days, 7);
    assert.equal(sc.start_date, today);
    const reqs = apiRequests(log, '/calendars/my/shows');
    assert.equal(reqs[0]?.path, `/calendars/my/shows/${today}/7`);
  });

  test('get_watchlist: all, by rank, exact lines (follows pagination)', async () => {
    const { result, log } = await callAndLog(w, p, 'get_watchlist', {});
    assert.notEqual(result.isError, true, textOf(result));
    const reqs = apiRequests(log, '/sync/watchlist');
    assert.ok(reqs.length >= 1, `no watchlist request in ${JSON.stringify(log)}`);
    const data = await replay(w.standin, w.tokens.access_token, reqs);
    assert.ok(data.length > 0, 'stand-in watchlist fixture is empty');
    const text = assertCleanText(result);
    assert.deepEqual(linesOf(result), data.map(watchlistLine));
    const sc = result.structuredContent;
    assert.equal(sc.type, 'all');
    assert.equal(sc.sort, 'rank');
    assert.equal(sc.count, data.length);
    assert.equal(sc.items.length, data.length);
    sc.items.forEach((it, i) => assert.equal(it.type, data[i].type, `item ${i} type`));
    // Every kind of entry is in the fixture, so every line shape is checked.
    const kinds = new Set(data.map((d) => d.type));
    for (const k of ['movie', 'show', 'season', 'episode']) {
      assert.ok(kinds.has(k), `watchlist fixture has no ${k}; kinds: ${[...kinds]}`);
    }
    // Pagination: if the stand-in said there is more than one page, all were fetched.
    const pages = new Set(reqs.map((e) => logParams(e).get('page') ?? '1'));
    assert.equal(pages.size, reqs.length, 'a watchlist page was fetched twice');
    assertUnicodeIntact(text, data.flatMap((d) => [d.movie?.title, d.show?.title, d.episode?.title]));
  });

  for (const [type, kind] of [['movies', 'movie'], ['shows', 'show'], ['seasons', 'season'], ['episodes', 'episode']]) {
    test(`get_watchlist: type=${type}`, async () => {
      const { result, log } = await callAndLog(w, p, 'get_watchlist', { type });
      assert.notEqual(result.isError, true, textOf(result));
      const reqs = apiRequests(log, `/sync/watchlist/${type}`);
      assert.ok(reqs.length >= 1, `no /sync/watchlist/${type} request in ${JSON.stringify(log)}`);
      const data = await replay(w.standin, w.tokens.access_token, reqs);
      assert.ok(data.every((d) => d.type === kind), 'stand-in returned other kinds');
      assertCleanText(result);
      assert.deepEqual(linesOf(result), data.map(watchlistLine));
      assert.equal(result.structuredContent.type, type);
      assert.equal(result.structuredContent.count, data.length);
      const tag = kind === 'movie' ? '[M] ' : '[TV] ';
      for (const l of linesOf(result)) assert.ok(l.startsWith(tag), l);
    });
  }

  for (const sort of ['added', 'released', 'title']) {
    test(`get_watchlist: sort=${sort} is passed to Trakt and its order kept`, async () => {
      const { result, log } = await callAndLog(w, p, 'get_watchlist', { sort });
      assert.notEqual(result.isError, true, textOf(result));
      const reqs = apiRequests(log, '/sync/watchlist');
      assert.ok(reqs.length >= 1);
      assert.ok(reqs.every((e) => e.path.includes(`/${sort}`) || logParams(e).get('sort') === sort ||
        logParams(e).get('sort_by') === sort), `sort not sent: ${reqs.map((e) => e.path)}`);
      const data = await replay(w.standin, w.tokens.access_token, reqs);
      assert.deepEqual(linesOf(result), data.map(watchlistLine));
      assert.equal(result.structuredContent.sort, sort);
    });
  }

  test('get_watchlist: limit=3 gives the first 3 entries', async () => {
    const all = await p.callToolResult('get_watchlist', {});
    const { result } = await callAndLog(w, p, 'get_watchlist', { limit: 3 });
    assert.notEqual(result.isError, true, textOf(result));
    assert.deepEqual(linesOf(result), linesOf(all).slice(0, 3));
    assert.equal(result.structuredContent.count, 3);
  });

  test('get_history: default limit 20, exact lines', async () => {
    const { result, log } = await callAndLog(w, p, 'get_history', {});
    assert.notEqual(result.isError, true, textOf(result));
    const reqs = apiRequests(log, '/sync/history');
    assert.equal(reqs.length, 1, `one page expected for 20 items: ${JSON.stringify(reqs)}`);
    const data = (await replay(w.standin, w.tokens.access_token, reqs)).slice(0, 20);
    assert.equal(data.length, 20);
    const text = assertCleanText(result);
    assert.deepEqual(linesOf(result), data.map((d) => historyLine(d, 'UTC')));
    const sc = result.structuredContent;
    assert.equal(sc.count, 20);
    sc.items.forEach((it, i) => {
      assert.equal(it.id, data[i].id);
      assert.equal(Date.parse(it.watched_at), Date.parse(data[i].watched_at));
      assert.equal(it.type, data[i].type);
      assert.equal(it.action, data[i].action);
    });
    assertUnicodeIntact(text, data.flatMap((d) => [d.movie?.title, d.show?.title, d.episode?.title]));
  });

  test('get_history: limit 600 fetches pages of at most 250 and reports progress per page', async () => {
    const token = 'hist-600';
    const { result, log } = await callAndLog(w, p, 'get_history', { limit: 600 },
      { meta: { progressToken: token } });
    assert.notEqual(result.isError, true, textOf(result));
    const reqs = apiRequests(log, '/sync/history');
    assert.ok(reqs.length >= 3, `600 items need >= 3 pages: ${reqs.map((e) => JSON.stringify(e))}`);
    for (const e of reqs) {
      const lim = Number(logParams(e).get('limit'));
      assert.ok(lim >= 1 && lim <= 250, `page limit ${lim} sent explicitly and <= 250`);
    }
    const pages = reqs.map((e) => Number(logParams(e).get('page') ?? 1));
    assert.deepEqual(pages, pages.map((_, i) => i + 1), 'pages 1..n fetched, each once');
    const data = (await replay(w.standin, w.tokens.access_token, reqs)).slice(0, 600);
    assert.equal(data.length, 600, 'stand-in history fixture has >= 600 items by default');
    assertCleanText(result);
    assert.deepEqual(linesOf(result), data.map((d) => historyLine(d, 'UTC')));
    assert.equal(result.structuredContent.count, 600);
    const progress = p.notifications.filter((n) => n.method === 'notifications/progress' &&
      n.params?.progressToken === token);
    assert.ok(progress.length >= reqs.length - 1 && progress.length >= 2,
      `progress per page expected, got ${JSON.stringify(progress)}`);
    for (let i = 1; i < progress.length; i++) {
      assert.ok(progress[i].params.progress > progress[i - 1].params.progress, 'progress increases');
    }
    // Progress notifications for a request come before its response.
    const respIdx = p.messages.findIndex((m) => m.result === result);
    const lastProg = p.messages.lastIndexOf(progress.at(-1));
    assert.ok(lastProg < respIdx, 'progress after the response');
  });

  test('get_history: no progress notifications without a progressToken', async () => {
    const n0 = p.notifications.filter((n) => n.method === 'notifications/progress').length;
    await p.callToolResult('get_history', { limit: 300 });
    const n1 = p.notifications.filter((n) => n.method === 'notifications/progress').length;
    assert.equal(n1, n0);
  });

  test('get_history: type=movies and type=episodes', async () => {
    for (const [type, tag] of [['movies', '[M] '], ['episodes', '[TV] ']]) {
      const { result, log } = await callAndLog(w, p, 'get_history', { type, limit: 30 });
      assert.notEqual(result.isError, true, textOf(result));
      const reqs = apiRequests(log, `/sync/history/${type}`);
      assert.ok(reqs.length >= 1, `no /sync/history/${type} request: ${JSON.stringify(log)}`);
      const data = (await replay(w.standin, w.tokens.access_token, reqs)).slice(0, 30);
      assert.deepEqual(linesOf(result), data.map((d) => historyLine(d, 'UTC')));
      for (const l of linesOf(result)) assert.ok(l.slice(11).startsWith(tag), l);
    }
  });

  test('get_history: start_at/end_at are passed to Trakt', async () => {
    // Take a window from the data itself: between the 10th and 40th newest entries.
    const all = (await p.callToolResult('get_history', { limit: 50 })).structuredContent.items;
    const end_at = all[10].watched_at;
    const start_at = all[40].watched_at;
    const { result, log } = await callAndLog(w, p, 'get_history', { start_at, end_at, limit: 100 });
    assert.notEqual(result.isError, true, textOf(result));
    const reqs = apiRequests(log, '/sync/history');
    const q = logParams(reqs[0]);
    assert.equal(Date.parse(q.get('start_at')), Date.parse(start_at), `start_at in ${JSON.stringify(reqs[0])}`);
    assert.equal(Date.parse(q.get('end_at')), Date.parse(end_at), `end_at in ${JSON.stringify(reqs[0])}`);
    const data = await replay(w.standin, w.tokens.access_token, reqs);
    assert.deepEqual(linesOf(result), data.slice(0, 100).map((d) => historyLine(d, 'UTC')));
    for (const it of result.structuredContent.items) {
      const t = Date.parse(it.watched_at);
      assert.ok(t >= Date.parse(start_at) && t <= Date.parse(end_at), `${it.watched_at} outside window`);
    }
  });

  test('empty results: no lines, count 0, never a null-ish word', async () => {
    await w.standin.config({ history_items: 0 });
    try {
      const r = await p.callToolResult('get_history', {});
      assert.notEqual(r.isError, true, textOf(r));
      assert.equal(r.structuredContent.count, 0);
      assert.deepEqual(r.structuredContent.items, []);
      assert.doesNotMatch(textOf(r), FORBIDDEN_WORDS);
    } finally {
      await w.standin.config({ history_items: 600 });
    }
  });

  test('stdout carried nothing but JSON-RPC the whole session', () => {
    assert.deepEqual(p.badLines, []);
    for (const m of p.messages) assert.equal(m.jsonrpc, '2.0', JSON.stringify(m).slice(0, 200));
  });
});

describe('fixture facts (tests/standin/fixtures.mjs), TZ=UTC', () => {
  let w;
  let p;
  before(async () => {
    w = await world(null, { tz: 'UTC' });
    p = await w.spawn();
  });
  after(async () => { await w?.close(); });

  test('get_watchlist lines: every shape, years and titles left out when unknown', async () => {
    const lines = linesOf(await p.callToolResult('get_watchlist', {}));
    assert.deepEqual(lines, watchlistView('all', 'rank', 'asc').map(watchlistLine));
    assert.equal(lines.length, 30);
    assert.equal(lines[0], '[M] TRON: Legacy (2010)');
    assert.equal(lines[1], '[TV] Breaking Bad (2008)');
    assert.equal(lines[3], '[TV] Breaking Bad (2008) S03');
    assert.equal(lines[4], '[TV] Breaking Bad S04E01 - Box Cutter');
    assert.equal(lines[5], '[M] Amélie (2001)');
    assert.equal(lines[7], '[M] 千と千尋の神隠し (2001)');
    assert.equal(lines[10], '[M] Untitled Wachowski Project');
    assert.equal(lines[12], '[TV] Untitled Sci-Fi Series');
    assert.equal(lines[25], '[TV] Untitled Sci-Fi Series S01E01');
    assert.equal(lines[26], '[TV] 進撃の巨人 (2013)');
  });

  test('get_watchlist sort=title keeps the stand-in order', async () => {
    const lines = linesOf(await p.callToolResult('get_watchlist', { sort: 'title' }));
    assert.deepEqual(lines, watchlistView('all', 'title', 'asc').map(watchlistLine));
  });

  test('get_upcoming lines for a fixed week', async () => {
    // 2026-11-23 is a Monday: the whole weekly schedule, in order.
    const r = await p.callToolResult('get_upcoming', { start_date: '2026-11-23', days: 7 });
    const lines = linesOf(r);
    assert.deepEqual(lines, calendarItems('2026-11-23', 7).map((it) => upcomingLine(it, 'UTC')));
    assert.deepEqual(lines, [
      '2026-11-23 The Leftovers S01E03 - Two Boats and a Helicopter',
      '2026-11-23 True Blood S07E04 - Death is Not the End',
      '2026-11-24 Pokémon S25E10 - The Rainbow and the Pokémon Master!',
      '2026-11-24 Severance S03E01',
      '2026-11-25 進撃の巨人 S04E28 - 人類の夜明け',
      '2026-11-25 Café 🎬 S01E01 - Ouverture',
      '2026-11-26 True Blood S07E05 - Return to Oz',
      '2026-11-26 The Leftovers S01E04 - B.J. and the A.C.',
      "2026-11-27 Pokémon S25E11 - Team Rocket's Café Caper",
      '2026-11-27 The Leftovers S01E05 - Gladys',
      '2026-11-28 Café 🎬 S01E02 - Mise en place',
      '2026-11-29 進撃の巨人 S04E29 - The Final Chapters',
      '2026-11-29 True Blood S07E06 - Karma',
    ]);
    assert.equal(r.structuredContent.count, 13);
    assert.equal(r.structuredContent.start_date, '2026-11-23');
  });

  test('get_history lines: first entries and the untitled episode', async () => {
    const lines = linesOf(await p.callToolResult('get_history', { limit: 40 }));
    assert.deepEqual(lines, historyItems(40).map((d) => historyLine(d, 'UTC')));
    assert.equal(lines[0], '2026-11-20 [M] The Dark Knight (2008)');
    assert.equal(lines[1], '2026-11-20 [TV] Parks and Recreation S02E01 - Pawnee Zoo');
    const cafe = historyItems(600).map((d) => historyLine(d, 'UTC')).filter((l) => l.includes('Café'));
    assert.ok(cafe.length > 0);
    assert.ok(cafe.every((l) => / \[TV\] Café 🎬 S01E01$/.test(l)), cafe.join('\n'));
    const untitledMovie = historyItems(600).find((d) => d.movie?.year === null);
    assert.ok(untitledMovie, 'fixture has a movie without a year');
  });

  test('get_history limit 1000 returns all 600 the stand-in has', async () => {
    const r = await p.callToolResult('get_history', { limit: 1000 });
    assert.notEqual(r.isError, true, textOf(r));
    const lines = linesOf(r);
    assert.equal(lines.length, 600);
    assert.deepEqual(lines, historyItems(600).map((d) => historyLine(d, 'UTC')));
    assert.ok(lines.includes('2026-11-18 [M] Untitled Wachowski Project'), 'movie without a year');
    assert.equal(r.structuredContent.count, 600);
  });
});

for (const tz of ['Pacific/Auckland', 'America/Los_Angeles']) {
  describe(`local dates in TZ=${tz}`, () => {
    let w;
    let p;
    before(async () => {
      w = await world(null, { tz });
      p = await w.spawn();
    });
    after(async () => { await w?.close(); });

    test('get_upcoming shows local air dates', async () => {
      const start = addDays(utcDate(), -1);
      const { result, log } = await callAndLog(w, p, 'get_upcoming', { start_date: start, days: 33 });
      assert.notEqual(result.isError, true, textOf(result));
      const reqs = apiRequests(log, '/calendars/my/shows');
      const data = byFirstAired(await replay(w.standin, w.tokens.access_token, reqs));
      assert.deepEqual(linesOf(result), data.map((it) => upcomingLine(it, tz)));
      result.structuredContent.episodes.forEach((e, i) =>
        assert.equal(e.air_date, localDate(data[i].first_aired, tz)));
      const shifted = data.filter((d) => localDate(d.first_aired, tz) !== localDate(d.first_aired, 'UTC'));
      assert.ok(shifted.length > 0,
        `fixture has no episode whose local date differs from its UTC date in ${tz}`);
    });

    test('get_history shows local watched dates', async () => {
      const { result, log } = await callAndLog(w, p, 'get_history', { limit: 100 });
      assert.notEqual(result.isError, true, textOf(result));
      const data = (await replay(w.standin, w.tokens.access_token, apiRequests(log, '/sync/history'))).slice(0, 100);
      assert.deepEqual(linesOf(result), data.map((d) => historyLine(d, tz)));
    });
  });
}
