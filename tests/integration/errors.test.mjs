// Errors: bad arguments, upstream failures (429, 5xx, dropped connections, truncated bodies,
// HTML error pages), certificate problems. A tool error is an isError result that says what
// happened; it never kills the server.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  world, requireBinary, textOf, linesOf, FORBIDDEN_WORDS, T_CALL,
} from './harness.mjs';

requireBinary();

async function assertAlive(p) {
  const r = await p.request('ping');
  assert.deepEqual(r.result, {}, `ping after the error: ${JSON.stringify(r)}`);
  assert.equal(p.badLines.length, 0, `non-JSON on stdout: ${p.badLines.join('\n')}`);
}

function assertToolError(result, pattern, what) {
  assert.equal(result.isError, true, `${what}: expected isError, got ${JSON.stringify(result)}`);
  const text = textOf(result);
  assert.ok(text.length > 0, `${what}: empty error text`);
  assert.match(text, pattern, `${what}: error text ${JSON.stringify(text)}`);
  assert.doesNotMatch(text, FORBIDDEN_WORDS, `${what}: ${text}`);
}

describe('bad arguments', () => {
  let w;
  let p;
  before(async () => {
    w = await world(null);
    p = await w.spawn();
  });
  after(async () => { await w?.close(); });

  const cases = [
    ['get_upcoming', { start_date: '2026-13-45' }, /start_date/],
    ['get_upcoming', { start_date: '2026-02-30' }, /start_date/],
    ['get_upcoming', { start_date: 'tomorrow' }, /start_date/],
    ['get_upcoming', { start_date: 20261124 }, /start_date/],
    ['get_upcoming', { days: 0 }, /days/],
    ['get_upcoming', { days: 40 }, /days/],
    ['get_upcoming', { days: 34 }, /days/],
    ['get_upcoming', { days: -1 }, /days/],
    ['get_upcoming', { days: 'seven' }, /days/],
    ['get_upcoming', { days: 2.5 }, /days/],
    ['get_watchlist', { type: 'music' }, /type/],
    ['get_watchlist', { sort: 'popularity' }, /sort/],
    ['get_watchlist', { limit: 0 }, /limit/],
    ['get_watchlist', { limit: -3 }, /limit/],
    ['get_history', { type: 'music' }, /type/],
    ['get_history', { type: 'shows' }, /type/],
    ['get_history', { limit: 0 }, /limit/],
    ['get_history', { limit: 1001 }, /limit/],
    ['get_history', { start_at: 'last week' }, /start_at/],
    ['get_history', { end_at: '2026-99-99T00:00:00Z' }, /end_at/],
  ];
  for (const [tool, args, pattern] of cases) {
    test(`${tool} ${JSON.stringify(args)} -> isError naming the argument`, async () => {
      const n0 = (await w.standin.stats()).requests;
      const r = await p.callTool(tool, args);
      assert.ok(!r.error, `JSON-RPC error instead of an isError result: ${JSON.stringify(r.error)}`);
      assertToolError(r.result, pattern, `${tool} ${JSON.stringify(args)}`);
      assert.equal((await w.standin.stats()).requests, n0, 'no request sent to Trakt for bad input');
    });
  }

  test('boundaries are accepted: days 1 and 33, history limit 1 and 1000', async () => {
    for (const [tool, args] of [
      ['get_upcoming', { days: 1 }], ['get_upcoming', { days: 33 }],
      ['get_history', { limit: 1 }], ['get_history', { limit: 1000 }],
    ]) {
      const r = await p.callToolResult(tool, args);
      assert.notEqual(r.isError, true, `${tool} ${JSON.stringify(args)}: ${textOf(r)}`);
    }
    assert.equal(linesOf(await p.callToolResult('get_history', { limit: 1 })).length, 1);
  });

  test('server still answers after all that', async () => { await assertAlive(p); });
});

describe('upstream failures', () => {
  let w;
  let p;
  before(async () => {
    w = await world(null);
    p = await w.spawn();
  });
  after(async () => { await w?.close(); });

  async function callWithFault(tool, args, fault) {
    await w.standin.reset();
    await w.standin.fault(fault);
    const r = await p.callToolResult(tool, args, { timeout: T_CALL * 2 });
    const s = await w.standin.stats();
    return { r, s, log: s.log.filter((e) => e.path.startsWith(fault.path)) };
  }

  test('429 with Retry-After: 1 -> waits and retries, success', async () => {
    const { r, log } = await callWithFault('get_watchlist', {}, {
      path: '/sync/watchlist', times: 1, status: 429,
      headers: {
        'Retry-After': '1',
        'X-Ratelimit': '{"name":"AUTHED_API_GET_LIMIT","period":300,"limit":1000,"remaining":0,"until":"2030-01-01T00:00:00Z"}',
      },
      body: { error: 'rate limit exceeded' },
    });
    assert.notEqual(r.isError, true, textOf(r));
    assert.equal(linesOf(r).length, 30);
    assert.deepEqual(log.map((e) => e.status), [429, 200]);
  });

  test('429 answered as Cloudflare HTML with Retry-After -> still retried', async () => {
    const { r, log } = await callWithFault('get_upcoming', {}, {
      path: '/calendars', times: 1, status: 429,
      headers: { 'Retry-After': '1', 'Content-Type': 'text/html' },
      body: '<html><body>Too many requests</body></html>',
    });
    assert.notEqual(r.isError, true, textOf(r));
    assert.deepEqual(log.map((e) => e.status), [429, 200]);
  });

  test('429 with a huge Retry-After: the wait is bounded (answer within the call deadline)', async () => {
    const { r, log } = await callWithFault('get_history', { limit: 5 }, {
      path: '/sync/history', times: 1, status: 429, headers: { 'Retry-After': '3600' }, body: '{}',
    });
    // Either a bounded wait then success, or a tool error that says it is rate limited.
    if (r.isError) {
      assert.match(textOf(r), /429|rate|limit|later/i);
    } else {
      assert.equal(linesOf(r).length, 5);
      assert.deepEqual(log.map((e) => e.status), [429, 200]);
    }
    await assertAlive(p);
  });

  for (const status of [502, 503, 504]) {
    test(`a single ${status} -> retried with backoff, success`, async () => {
      const { r, log } = await callWithFault('get_history', { limit: 10 }, {
        path: '/sync/history', times: 1, status, body: '<html>overloaded</html>',
        headers: { 'Content-Type': 'text/html' },
      });
      assert.notEqual(r.isError, true, textOf(r));
      assert.equal(linesOf(r).length, 10);
      assert.deepEqual(log.map((e) => e.status), [status, 200]);
    });
  }

  test('a dropped connection (reset) on a read -> retried, success', async () => {
    const { r, log } = await callWithFault('get_history', { limit: 10 }, {
      path: '/sync/history', times: 1, action: 'reset',
    });
    assert.notEqual(r.isError, true, textOf(r));
    assert.equal(linesOf(r).length, 10);
    assert.ok(log.length >= 2, `retried: ${JSON.stringify(log)}`);
  });

  test('a truncated body -> retried or a tool error, never a crash or half a list', async () => {
    const { r } = await callWithFault('get_history', { limit: 10 }, {
      path: '/sync/history', times: 1, action: 'truncate',
    });
    if (r.isError) {
      assert.ok(textOf(r).length > 0);
    } else {
      assert.equal(linesOf(r).length, 10);
    }
    await assertAlive(p);
  });

  test('a hung response ends in bounded time (timeout, then retry or a tool error)', async () => {
    await w.standin.reset();
    await w.standin.fault({ path: '/sync/history', times: 1, action: 'hang' });
    const r = await p.callToolResult('get_history', { limit: 4 }, { timeout: 150_000 });
    if (r.isError) {
      assert.match(textOf(r), /time|respond|answer/i, textOf(r));
    } else {
      assert.equal(linesOf(r).length, 4);
    }
    await assertAlive(p);
  });

  test('500 -> isError mentioning 500 and what to do; server keeps running', async () => {
    const { r, log } = await callWithFault('get_watchlist', {}, {
      path: '/sync/watchlist', times: 1, status: 500, body: { error: 'server error' },
    });
    assertToolError(r, /500/, '500');
    assert.ok(textOf(r).length > 10, 'says something more than the code');
    assert.equal(log.length, 1, '500 is not retried');
    await assertAlive(p);
    // The next call works again.
    const ok = await p.callToolResult('get_watchlist', {});
    assert.notEqual(ok.isError, true, textOf(ok));
  });

  test('503 every time -> gives up with an isError after bounded retries', async () => {
    const { r, log } = await callWithFault('get_upcoming', {}, {
      path: '/calendars', times: -1, status: 503, body: '',
    });
    assertToolError(r, /503|overloaded|unavailable/i, 'persistent 503');
    assert.ok(log.length >= 2 && log.length <= 10, `attempts: ${log.length}`);
    await w.standin.reset();
    await assertAlive(p);
  });

  test('403 Cloudflare HTML page -> isError mentioning 403, no HTML dumped', async () => {
    const { r } = await callWithFault('get_history', {}, {
      path: '/sync/history', times: 1, status: 403,
      headers: { 'Content-Type': 'text/html; charset=UTF-8', Server: 'cloudflare' },
      body: '<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>blocked</body></html>',
    });
    assertToolError(r, /403/, '403');
    assert.doesNotMatch(textOf(r), /<!DOCTYPE|<html/i, 'raw HTML in the error text');
    await assertAlive(p);
  });

  test('malformed JSON with 200 -> isError, server keeps running', async () => {
    const { r } = await callWithFault('get_watchlist', {}, {
      path: '/sync/watchlist', times: 1, status: 200, body: '{"not": "an array"',
    });
    assert.equal(r.isError, true, textOf(r));
    await assertAlive(p);
  });

  test('404 -> isError mentioning 404', async () => {
    const { r } = await callWithFault('get_upcoming', {}, {
      path: '/calendars', times: 1, status: 404, body: '',
    });
    assertToolError(r, /404/, '404');
    await assertAlive(p);
  });
});

for (const [certSet, pattern] of [
  ['rogue', /certificate/i],
  ['expired', /certificate|expired/i],
  ['wronghost', /certificate|host ?name|hostname|127\.0\.0\.1|mismatch/i],
]) {
  test(`untrusted server certificate (${certSet}) -> isError, no request sent, server stays up`, async (t) => {
    const w = await world(t, { standin: { certSet } });
    const p = await w.spawn();
    const r = await p.callToolResult('get_upcoming', {});
    assertToolError(r, pattern, certSet);
    await assertAlive(p);
    const s = await w.standin.stats();
    assert.equal(s.requests, 0, `an HTTP request got through a bad certificate (${certSet})`);
    // A second call fails the same way (no "remembered" trust).
    assertToolError(await p.callToolResult('get_watchlist', {}), pattern, `${certSet} (2nd)`);
    assert.equal((await w.standin.stats()).requests, 0);
  });
}

test('Trakt unreachable (nothing listening) -> isError, server stays up', async (t) => {
  const w = await world(t);
  const url = w.standin.url;
  await w.standin.stop();
  const p = await w.spawn({ env: w.env({ TRAKT_API_URL: url }) });
  const r = await p.callToolResult('get_history', { limit: 3 }, { timeout: T_CALL * 2 });
  assert.equal(r.isError, true, textOf(r));
  assert.doesNotMatch(textOf(r), FORBIDDEN_WORDS);
  await assertAlive(p);
});
