// Fault injection, upstream side: every way Trakt (or the network in front of it) can fail, one
// test per row. Each asserts the exact outcome a person sees (isError, the cause, what to do, in
// bounded time) AND that the server still answers ping and a following good call afterwards.
// Extends tests/integration/errors.test.mjs (which checks the coarse outcomes) without repeating it.

import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  world, requireBinary, textOf, linesOf, historyLine, watchlistLine, Standin, T_CALL,
} from '../integration/harness.mjs';
import { historyItems, watchlistItems, CLOUDFLARE_403_HTML } from '../standin/fixtures.mjs';
import {
  assertToolError, assertOkResult, assertRecovered, timed, closedPort, miniUpstream,
  resetConnection, tcpSwitch, SHORT_TIMEOUT_S,
} from './helpers.mjs';

requireBinary();

const HIST = { limit: 3 };

// ---------------------------------------------------------------------------------------------
// Faults the stand-in makes, one long-lived binary (default timeouts) for all of them.

describe('stand-in faults (one server process for all rows)', () => {
  let w;
  let p;
  before(async () => {
    w = await world(null);
    p = await w.spawn();
  });
  after(async () => { await w?.close(); });
  beforeEach(async () => { await w.standin.reset(); });

  /** Installs the fault, makes the call, clears the fault; returns {r, ms, log}. */
  async function withFault(fault, tool = 'get_history', args = HIST) {
    await w.standin.fault(fault);
    const [r, ms] = await timed(() => p.callToolResult(tool, args, { timeout: T_CALL * 2 }));
    const s = await w.standin.stats();
    await w.standin.reset();
    return { r, ms, log: s.log.filter((e) => e.path.startsWith(fault.path)) };
  }

  test('truncated body (Content-Length not reached, connection closed), once -> retried, success', async () => {
    const { r, log } = await withFault({ path: '/sync/history', times: 1, action: 'truncate' });
    assertOkResult(r, 'after one truncated body', { lines: 3 });
    assert.equal(log.length, 2, `a read cut short is retried like a dropped connection: ${JSON.stringify(log)}`);
    await assertRecovered(p);
  });

  test('a 200 whose body is garbled JSON, once -> isError; the next call asks Trakt again and succeeds (nothing unreadable is kept)', async () => {
    // The list is cached by last_activities, which does not move here: only a cache that kept the
    // garbled page would answer the second call without reaching /sync/watchlist.
    await w.standin.fault({
      path: '/sync/watchlist', times: 1, action: 'respond', status: 200,
      headers: { 'Content-Type': 'application/json' }, body: '[{"type":"movie","movie":{"title":"He',
    });
    const bad = await p.callToolResult('get_watchlist', {}, { timeout: T_CALL });
    assertToolError(bad, [/not JSON|could not be read/i], 'garbled 200');
    const good = await p.callToolResult('get_watchlist', {}, { timeout: T_CALL });
    const lines = assertOkResult(good, 'the call after the garbled answer');
    assert.deepEqual(lines, watchlistItems().map(watchlistLine).slice(0, lines.length));
    const reached = (await w.standin.stats()).log.filter((e) => e.path.startsWith('/sync/watchlist'));
    assert.equal(reached.length, 2, 'the second call reached Trakt');
    await w.standin.reset();
  });

  test('truncated body every time -> isError that says the answer was cut off and to try again', async () => {
    const { r, ms, log } = await withFault({ path: '/sync/history', times: -1, action: 'truncate' });
    assertToolError(r, [/incomplete|cut off|truncated|partial|closed the connection|dropped/i, /try again/i],
      'persistent truncation');
    assert.ok(log.length >= 1 && log.length <= 4, `attempts ${log.length}`);
    assert.ok(ms < 20_000, `gave up after ${ms} ms`);
    await assertRecovered(p);
  });

  test('Cloudflare HTML 403 -> says Cloudflare blocked it, wait and try again; no HTML', async () => {
    const { r } = await withFault({
      path: '/sync/history', times: 1, status: 403,
      headers: { 'Content-Type': 'text/html; charset=UTF-8', Server: 'cloudflare' },
      body: CLOUDFLARE_403_HTML,
    });
    assertToolError(r, [/Cloudflare/, /HTTP 403/, /try again/i], 'Cloudflare 403');
    await assertRecovered(p);
  });

  test('HTML 429 without X-Ratelimit or Retry-After, once -> waited, retried, success', async () => {
    const { r, log } = await withFault({
      path: '/sync/history', times: 1, status: 429,
      headers: { 'Content-Type': 'text/html' }, body: '<html><body><h1>429 Too Many Requests</h1></body></html>',
    });
    assertOkResult(r, 'after one HTML 429', { lines: 3 });
    assert.deepEqual(log.map((e) => e.status), [429, 200]);
    await assertRecovered(p);
  });

  test('HTML 429 without X-Ratelimit or Retry-After, every time -> isError: rate limited, try again later', async () => {
    const { r, ms, log } = await withFault({
      path: '/sync/history', times: -1, status: 429,
      headers: { 'Content-Type': 'text/html' }, body: '<html><body><h1>429 Too Many Requests</h1></body></html>',
    });
    assertToolError(r, [/rate limit/i, /429/, /try again/i], 'persistent HTML 429');
    assert.ok(log.length >= 2 && log.length <= 4, `attempts ${log.length}`);
    assert.ok(ms < 20_000, `took ${ms} ms`);
    await assertRecovered(p);
  });

  test('429 with Retry-After 3600 (beyond the 20 s bound) -> quick isError that says when to try again', async () => {
    const { r, ms, log } = await withFault({
      path: '/sync/history', times: -1, status: 429,
      headers: {
        'Retry-After': '3600',
        'X-Ratelimit': '{"name":"AUTHED_API_GET_LIMIT","period":300,"limit":1000,"remaining":0,"until":"2030-01-01T00:00:00Z"}',
      },
      body: { error: 'rate limit exceeded' },
    });
    assertToolError(r, [/rate limit/i, /429/, /try again in (3600 seconds|60 minutes|an hour|1 hour)/i],
      'Retry-After 3600');
    assert.equal(log.length, 1, 'no pointless retry when the wait is beyond the bound');
    assert.ok(ms < 5_000, `returned after ${ms} ms (should not sit out any part of an hour)`);
    await assertRecovered(p);
  });

  for (const status of [500, 520, 521, 522]) {
    test(`${status} -> isError: Trakt is having trouble (HTTP ${status}), try again later`, async () => {
      const { r, ms } = await withFault({
        path: '/sync/history', times: 1, status,
        headers: { 'Content-Type': 'text/html' },
        body: `<!DOCTYPE html><html><title>${status}: origin error | Cloudflare</title></html>`,
      });
      if (status === 500) {
        assertToolError(r, [new RegExp(`HTTP ${status}`), /try again/i], String(status));
      } else {
        // 52x are Cloudflare's "origin unreachable": retrying once is fine, an error is fine.
        if (r.isError) assertToolError(r, [new RegExp(`HTTP ${status}`), /try again/i], String(status));
        else assertOkResult(r, `${status} retried`, { lines: 3 });
      }
      assert.ok(ms < 20_000, `${ms} ms`);
      await assertRecovered(p);
    });
  }

  for (const status of [502, 503, 504]) {
    test(`${status} once -> retried after backoff, success`, async () => {
      const { r, log } = await withFault({ path: '/sync/history', times: 1, status, body: '' });
      assertOkResult(r, `after one ${status}`, { lines: 3 });
      assert.deepEqual(log.map((e) => e.status), [status, 200]);
      await assertRecovered(p);
    });

    test(`${status} every time -> 4 attempts (0.5/1/2 s backoff), then isError: try again later`, async () => {
      const { r, ms, log } = await withFault({
        path: '/sync/history', times: -1, status,
        headers: { 'Content-Type': 'text/html' }, body: '<html>Bad gateway</html>',
      });
      assertToolError(r, [new RegExp(`HTTP ${status}`), /try again/i], `persistent ${status}`);
      assert.equal(log.length, 4, `attempts: ${log.length}`);
      assert.ok(ms >= 3_000, `backoff 0.5+1+2 s was waited (${ms} ms)`);
      assert.ok(ms < 20_000, `${ms} ms`);
      await assertRecovered(p);
    });
  }

  test('malformed JSON body with 200 -> isError: not JSON, try again later', async () => {
    const { r } = await withFault({
      path: '/sync/history', times: 1, status: 200, body: '[{"id": 1, "watched_at": "2026-',
      headers: { 'Content-Type': 'application/json' },
    });
    assertToolError(r, [/not JSON/i, /try again/i], 'malformed JSON');
    await assertRecovered(p);
  });

  test('an object where a list belongs -> isError: not the expected list, try again later', async () => {
    const { r } = await withFault({
      path: '/sync/history', times: 1, status: 200, body: { items: historyItems(3) },
    });
    assertToolError(r, [/list/i, /try again/i], 'object instead of array');
    await assertRecovered(p);
  });

  test('history items with fields missing, wrong types, nulls -> good items shown, the rest counted in a note', async () => {
    const good = historyItems(5); // 0 movie, 1 episode, 2 episode, 3 movie, 4 episode
    const noYear = structuredClone(good[3]);
    noYear.movie.year = '2001'; // wrong type: shown without a year
    noYear.movie.ids = null;
    const expectLines = [historyLine(good[0], 'UTC'), historyLine(good[1], 'UTC'),
      historyLine(good[2], 'UTC'), `${historyLine(good[3], 'UTC').replace(/ \(\d{4}\)$/, '')}`,
      historyLine(good[4], 'UTC')];
    const bad = [
      null,
      5,
      'an item',
      [],
      {},
      { ...good[0], watched_at: null },
      (() => { const x = structuredClone(good[0]); delete x.watched_at; return x; })(),
      { ...good[0], movie: null },
      { ...good[1], show: null },
      (() => { const x = structuredClone(good[1]); x.episode.season = '2'; return x; })(),
      (() => { const x = structuredClone(good[1]); x.episode.number = null; return x; })(),
      { ...good[0], type: 'podcast' },
    ];
    const body = [bad[0], good[0], bad[1], bad[2], good[1], bad[3], bad[4], bad[5], good[2], bad[6], bad[7],
      noYear, bad[8], bad[9], bad[10], good[4], bad[11]];
    const { r } = await withFault({ path: '/sync/history', times: 1, status: 200, body }, 'get_history', { limit: 20 });
    const lines = assertOkResult(r, 'partly malformed history');
    assert.deepEqual(lines, [...expectLines,
      `(${bad.length} items from Trakt could not be read and were left out.)`]);
    assert.equal(r.structuredContent?.items?.length ?? r.structuredContent?.count, 5,
      JSON.stringify(r.structuredContent).slice(0, 500));
    await assertRecovered(p);
  });

  test('watchlist items with nulls and wrong types -> good items shown, one left out, noted', async () => {
    const items = watchlistItems().slice(0, 4); // movie, show, movie, season
    const body = [items[0], { ...items[1], show: null }, items[2],
      { ...items[3], season: { number: 'three' } }, { type: 'movie', movie: 'TRON' }];
    const { r } = await withFault({ path: '/sync/watchlist', times: 1, status: 200, body }, 'get_watchlist', {});
    const lines = assertOkResult(r, 'partly malformed watchlist');
    assert.deepEqual(lines, [watchlistLine(items[0]), watchlistLine(items[2]),
      '(3 items from Trakt could not be read and were left out.)']);
    await assertRecovered(p);
  });

  const calendarGood = {
    first_aired: '2026-11-23T20:00:00.000Z',
    episode: { season: 1, number: 2, title: 'Fine', ids: { trakt: 1 } },
    show: { title: 'A Show', year: 2020, ids: { trakt: 2 } },
  };

  test('calendar entries missing first_aired, show or episode -> good entries shown, the rest noted', async () => {
    const body = [calendarGood, { ...calendarGood, first_aired: null, episode: null },
      { ...calendarGood, show: 'A Show' }, { first_aired: '2026-11-24T20:00:00.000Z' },
      { ...calendarGood, first_aired: '2026-11-25T20:00:00.000Z', episode: { ...calendarGood.episode, title: null } }];
    const { r } = await withFault({ path: '/calendars/my/shows', times: 1, status: 200, body },
      'get_upcoming', { start_date: '2026-11-23', days: 7 });
    const lines = assertOkResult(r, 'partly malformed calendar');
    assert.deepEqual(lines, ['2026-11-23 A Show S01E02 - Fine', '2026-11-25 A Show S01E02',
      '(3 items from Trakt could not be read and were left out.)']);
    await assertRecovered(p);
  });

  test('exactly one malformed item -> the note is singular ("1 item ... was left out")', async () => {
    const body = [calendarGood, { ...calendarGood, episode: null }];
    const { r } = await withFault({ path: '/calendars/my/shows', times: 1, status: 200, body },
      'get_upcoming', { start_date: '2026-11-23', days: 7 });
    const lines = assertOkResult(r, 'one malformed calendar entry');
    assert.deepEqual(lines, ['2026-11-23 A Show S01E02 - Fine',
      '(1 item from Trakt could not be read and was left out.)']);
    await assertRecovered(p);
  });

  test('420 account limit (X-Account-Limit, X-Upgrade-URL) -> says the limit and names the upgrade URL', async () => {
    const { r } = await withFault({
      path: '/sync/watchlist', times: 1, status: 420,
      headers: { 'X-Account-Limit': '100', 'X-Upgrade-URL': 'https://trakt.tv/vip/upgrade-here', 'X-VIP-User': 'false' },
      body: '',
    }, 'get_watchlist', {});
    assertToolError(r, [/limit/i, /100/, /https:\/\/trakt\.tv\/vip\/upgrade-here/, /remove|upgrade|VIP/i], '420');
    await assertRecovered(p);
  });

  for (const [hdr, word] of [['X-Account-Locked', /locked/], ['X-Account-Deactivated', /deactivated/]]) {
    test(`423 with ${hdr} -> says the account is ${word.source} and whom to contact`, async () => {
      const { r } = await withFault({
        path: '/sync/watchlist', times: 1, status: 423, headers: { [hdr]: 'true' }, body: '',
      }, 'get_watchlist', {});
      assertToolError(r, [word, /423/, /support@trakt\.tv|https:\/\/trakt\.tv/], `423 ${hdr}`);
      await assertRecovered(p);
    });
  }

  test('426 VIP needed (X-Upgrade-URL) -> says VIP is needed and names the URL', async () => {
    const { r } = await withFault({
      path: '/sync/watchlist', times: 1, status: 426,
      headers: { 'X-Upgrade-URL': 'https://trakt.tv/vip/upgrade-426' }, body: '',
    }, 'get_watchlist', {});
    assertToolError(r, [/VIP/, /426/, /https:\/\/trakt\.tv\/vip\/upgrade-426/], '426');
    await assertRecovered(p);
  });

  for (const status of [400, 404, 422]) {
    test(`${status} -> isError naming the code AND saying what to do`, async () => {
      const { r } = await withFault({ path: '/sync/history', times: 1, status, body: '{}' });
      assertToolError(r, [new RegExp(`HTTP ${status}`), /try again|report|check|update|issue/i], String(status));
      await assertRecovered(p);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Hangs: bounded by TRAKT_MCP_TIMEOUT (2 s here), one binary per row.

for (const [action, name] of [['hang', 'headers that never come'], ['slow-body', 'a body that never ends']]) {
  test(`${name} (${action}) -> isError "did not answer in time" within the TRAKT_MCP_TIMEOUT bound`, async (t) => {
    const w = await world(t);
    const p = await w.spawn({ env: w.env({ TRAKT_MCP_TIMEOUT: String(SHORT_TIMEOUT_S) }) });
    await w.standin.fault({ path: '/sync/history', times: -1, action });
    const [r, ms] = await timed(() => p.callToolResult('get_history', HIST, { timeout: 60_000 }));
    assertToolError(r, [/did not answer in time|timed out/i, /try again/i], action);
    // One timeout, or at most 4 attempts with 0.5/1/2 s backoff.
    assert.ok(ms >= SHORT_TIMEOUT_S * 1000 - 200, `gave up before the timeout (${ms} ms)`);
    assert.ok(ms < 4 * SHORT_TIMEOUT_S * 1000 + 3500 + 3000, `took ${ms} ms`);
    await w.standin.reset();
    await assertRecovered(p);
  });
}

// ---------------------------------------------------------------------------------------------
// Faults a mini upstream makes (the stand-in cannot reset in the middle of a body).

function midBodyReset(res, req) {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': '50000' });
  res.write('[{"id":9007199000,"watched_at":"2026-11-20T21:30:00.000Z","action":"scrob', () => {
    setTimeout(() => resetConnection(req), 30);
  });
}

test('connection reset in the middle of the body, once -> retried, success', async (t) => {
  const w = await world(t);
  const up = await miniUpstream((n, req, res) => { if (n === 1) { midBodyReset(res, req); return true; } return false; });
  t.after(up.close);
  const p = await w.spawn({ env: w.env({ TRAKT_API_URL: up.url }) });
  const r = await p.callToolResult('get_history', HIST);
  assert.deepEqual(linesOf(r), historyItems(3).map((i) => historyLine(i, 'UTC')), textOf(r));
  assert.equal(up.requests.length, 2, 'one retry');
  await assertRecovered(p);
});

test('connection reset in the middle of the body every time -> isError: connection dropped, try again', async (t) => {
  const w = await world(t);
  let failing = true;
  const up = await miniUpstream((n, req, res) => { if (failing) { midBodyReset(res, req); return true; } return false; });
  t.after(up.close);
  const p = await w.spawn({ env: w.env({ TRAKT_API_URL: up.url }) });
  const [r, ms] = await timed(() => p.callToolResult('get_history', HIST));
  assertToolError(r, [/reset|dropped|closed|interrupted|cut off/i, /try again/i], 'mid-body reset');
  assert.doesNotMatch(textOf(r), /handshake/i, 'not a TLS handshake problem: the handshake worked');
  assert.equal(up.requests.length, 4, `attempts ${up.requests.length}`);
  assert.ok(ms < 20_000, `${ms} ms`);
  failing = false;
  await assertRecovered(p);
});

test('connection refused (nothing listening) -> isError: could not reach, refused, check network', async (t) => {
  const w = await world(t);
  const port = await closedPort();
  const p = await w.spawn({ env: w.env({ TRAKT_API_URL: `https://127.0.0.1:${port}` }) });
  const [r, ms] = await timed(() => p.callToolResult('get_history', HIST));
  assertToolError(r, [/Could not reach Trakt/, /refused/i, /check your network|try again/i], 'refused');
  assert.ok(ms < 15_000, `${ms} ms (4 attempts, 3.5 s of backoff at most)`);
  // Something starts listening there: the next call goes through without a restart.
  const up = await miniUpstream(null, { port });
  t.after(up.close);
  await assertRecovered(p);
});

// ---------------------------------------------------------------------------------------------
// TLS: the binary meets a bad certificate, then (through a TCP switch) the good stand-in.

for (const [certSet, host, cause] of [
  ['rogue', '127.0.0.1', /unable to get local issuer certificate|unable to verify the first certificate/],
  ['wronghost', '127.0.0.1', /IP address mismatch|host ?name mismatch/i],
  ['wronghost', 'localhost', /hostname mismatch/i],
  ['expired', '127.0.0.1', /certificate has expired/],
]) {
  test(`TLS ${certSet} certificate via ${host} -> isError naming the cause ("${cause.source}"), no bypass`, async (t) => {
    const w = await world(t); // the good stand-in, with the tokens
    const bad = await Standin.start({ certSet });
    t.after(() => bad.stop());
    const sw = await tcpSwitch(bad.port);
    t.after(sw.close);
    const p = await w.spawn({ env: w.env({ TRAKT_API_URL: `https://${host}:${sw.port}` }) });
    const [r, ms] = await timed(() => p.callToolResult('get_history', HIST));
    assertToolError(r, [cause, /certificate/i, /SSL_CERT_FILE|always verifies/], `${certSet} via ${host}`);
    assert.ok(ms < 10_000, `${ms} ms`);
    assert.equal((await bad.stats()).requests, 0, 'no HTTP request went through the bad certificate');
    sw.switchTo(w.standin.port);
    await assertRecovered(p);
  });
}
