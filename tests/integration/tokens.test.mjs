// Tokens: refresh before expiry, refresh on 401, one refresh for many calls, the new pair saved
// (0600) before use and reused after a restart, dead refresh tokens, not logged in, no secrets.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  world, requireBinary, textOf, linesOf, readTokens, waitFor, CLIENT_SECRET, T_CALL,
} from './harness.mjs';

requireBinary();

const now = () => Math.floor(Date.now() / 1000);
const ARGS = { limit: 5 };

function fileMode(home) {
  return fs.statSync(path.join(home, 'tokens.json')).mode & 0o777;
}

function assertOk(result, what = 'tool call') {
  assert.notEqual(result.isError, true, `${what} failed: ${textOf(result)}`);
  assert.ok(linesOf(result).length > 0, `${what}: empty text`);
}

function assertLoginHint(result) {
  assert.equal(result.isError, true, `expected isError, got ${JSON.stringify(result)}`);
  assert.match(textOf(result), /trakt-mcp login/, 'tool error says to run `trakt-mcp login`');
}

function assertNoSecrets(text, tokens, where) {
  for (const s of [tokens.access_token, tokens.refresh_token, CLIENT_SECRET].filter(Boolean)) {
    assert.ok(!text.includes(s), `${where} contains a secret (${s.slice(0, 6)}...)`);
  }
}

test('fresh token: no refresh at all', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  assertOk(await p.callToolResult('get_history', ARGS));
  const s = await w.standin.stats();
  assert.equal(s.refresh_attempts, 0);
  assert.deepEqual(await readTokens(w.home), w.tokens, 'tokens.json untouched');
});

test('expired token: refreshed once before the call, new pair saved 0600 and used', async (t) => {
  const w = await world(t, { login: { expires_in: 3600, created_at: now() - 7200 } });
  const p = await w.spawn();
  const r = await p.callToolResult('get_history', ARGS);
  assertOk(r);
  const s = await w.standin.stats();
  assert.equal(s.refreshes, 1, 'exactly one /oauth/token refresh');
  assert.equal(s.refresh_attempts, 1);
  // The API was only ever called with a valid token: no 401 in the log.
  const api = s.log.filter((e) => !e.path.startsWith('/oauth'));
  assert.ok(api.every((e) => e.status === 200), `API statuses: ${api.map((e) => e.status)}`);
  const saved = await readTokens(w.home);
  assert.notEqual(saved.refresh_token, w.tokens.refresh_token, 'new refresh token saved');
  assert.notEqual(saved.access_token, w.tokens.access_token, 'new access token saved');
  for (const k of ['access_token', 'refresh_token', 'expires_in', 'created_at']) {
    assert.ok(k in saved, `tokens.json lacks ${k}: ${Object.keys(saved)}`);
  }
  assert.equal(fileMode(w.home), 0o600, 'tokens.json mode 0600 after the refresh');
  // The old refresh token is dead now; the saved one is the live one.
  assert.equal((await w.standin.refreshAs(w.tokens.refresh_token)).status, 401);
});

test('token within the refresh margin (5 s left) is refreshed before use', async (t) => {
  const w = await world(t, { login: { expires_in: 5, created_at: now() } });
  const p = await w.spawn();
  assertOk(await p.callToolResult('get_history', ARGS));
  const s = await w.standin.stats();
  assert.equal(s.refreshes, 1);
});

test('restart after a refresh uses the saved pair without refreshing again', async (t) => {
  const w = await world(t, { login: { expires_in: 3600, created_at: now() - 7200 } });
  const p1 = await w.spawn();
  assertOk(await p1.callToolResult('get_history', ARGS));
  assert.equal((await p1.close()).code, 0);
  assert.equal((await w.standin.stats()).refreshes, 1);
  const p2 = await w.spawn();
  assertOk(await p2.callToolResult('get_upcoming', {}), 'after restart');
  assertOk(await p2.callToolResult('get_watchlist', {}), 'after restart');
  const s = await w.standin.stats();
  assert.equal(s.refreshes, 1, 'no second refresh after restart');
  assert.equal(s.refresh_attempts, 1);
});

test('restart after a refresh: `trakt-mcp call` uses the saved pair too', async (t) => {
  const w = await world(t, { login: { expires_in: 3600, created_at: now() - 7200 } });
  const r1 = await w.run(['call', 'get_history', '--arg', 'limit=3']);
  assert.equal(r1.code, 0, r1.stderr);
  const r2 = await w.run(['call', 'get_history', '--arg', 'limit=3']);
  assert.equal(r2.code, 0, r2.stderr);
  assert.equal(r2.stdout, r1.stdout);
  assert.equal((await w.standin.stats()).refreshes, 1);
});

test('the new pair is on disk before the new access token is first used', async (t) => {
  const w = await world(t, { login: { expires_in: 3600, created_at: now() - 7200 } });
  // The first API request after the refresh hangs: look at tokens.json while it is in flight.
  await w.standin.fault({ path: '/sync/history', times: 1, action: 'hang' });
  const p = await w.spawn();
  const id = 'held';
  p.send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'get_history', arguments: ARGS } });
  await waitFor(async () => (await w.standin.stats()).log.some((e) => e.path === '/sync/history'),
    { timeout: T_CALL, what: 'the history request to reach the stand-in' });
  const s = await w.standin.stats();
  assert.equal(s.refreshes, 1);
  const saved = await readTokens(w.home);
  assert.notEqual(saved.refresh_token, w.tokens.refresh_token, 'new refresh token not saved yet');
  assert.equal(s.last_headers.authorization, `Bearer ${saved.access_token}`,
    'the access token in use is the one in tokens.json');
  assert.equal(fileMode(w.home), 0o600);
  p.notify('notifications/cancelled', { requestId: id });
  assert.deepEqual((await p.request('ping')).result, {});
});

test('8 concurrent calls on an expired token: one refresh, all 8 succeed', async (t) => {
  const w = await world(t, {
    login: { expires_in: 3600, created_at: now() - 7200 },
    config: { refresh_delay_ms: 500 },
  });
  const p = await w.spawn();
  const tools = ['get_history', 'get_upcoming', 'get_watchlist'];
  const calls = Array.from({ length: 8 }, (_, i) =>
    p.callToolResult(tools[i % 3], tools[i % 3] === 'get_history' ? ARGS : {}, { timeout: T_CALL * 2 }));
  const results = await Promise.all(calls);
  results.forEach((r, i) => assertOk(r, `call ${i}`));
  const s = await w.standin.stats();
  assert.equal(s.refreshes, 1, 'exactly one refresh for 8 concurrent calls');
  assert.equal(s.refresh_attempts, 1, 'no second refresh attempt with the used-up token');
  assert.equal(fileMode(w.home), 0o600);
  assert.notEqual((await readTokens(w.home)).refresh_token, w.tokens.refresh_token);
});

test('401 from the API while the local token looks valid: refresh once, retry once', async (t) => {
  const w = await world(t);
  // The stand-in's clock jumps 3 days ahead: the token (1 day) is expired there, not here.
  await w.standin.config({ clock_offset_s: 3 * 86400 });
  const p = await w.spawn();
  const r = await p.callToolResult('get_watchlist', {});
  assertOk(r);
  const s = await w.standin.stats();
  assert.equal(s.refreshes, 1);
  // The first request (the cache's /sync/last_activities check) meets the 401; after the one
  // refresh everything succeeds, the watchlist included.
  const api = s.log.filter((e) => e.path.startsWith('/sync/'));
  assert.deepEqual(api.map((e) => e.status), [401, ...api.slice(1).map(() => 200)], 'one 401, then the retry');
  assert.ok(api.some((e) => e.path.startsWith('/sync/watchlist') && e.status === 200));
  assert.notEqual((await readTokens(w.home)).refresh_token, w.tokens.refresh_token);
  // And the next call uses the new token directly.
  assertOk(await p.callToolResult('get_history', ARGS));
  assert.equal((await w.standin.stats()).refreshes, 1);
});

test('8 concurrent calls all getting 401: still one refresh', async (t) => {
  const w = await world(t, { config: { refresh_delay_ms: 300 } });
  await w.standin.config({ clock_offset_s: 3 * 86400 });
  const p = await w.spawn();
  const results = await Promise.all(Array.from({ length: 8 }, () =>
    p.callToolResult('get_history', ARGS, { timeout: T_CALL * 2 })));
  results.forEach((r, i) => assertOk(r, `call ${i}`));
  const s = await w.standin.stats();
  assert.equal(s.refreshes, 1, `refreshes: ${s.refreshes}, attempts: ${s.refresh_attempts}`);
});

test('401 again after the refresh: an error, no loop', async (t) => {
  const w = await world(t);
  await w.standin.fault({ path: '/sync/watchlist', times: 5, action: 'respond', status: 401,
    body: { error: 'invalid_token', error_description: 'The access token is invalid' } });
  const p = await w.spawn();
  const r = await p.callToolResult('get_watchlist', {});
  assert.equal(r.isError, true, textOf(r));
  const s = await w.standin.stats();
  assert.ok(s.refresh_attempts <= 1, `refresh attempts: ${s.refresh_attempts}`);
  const wl = s.log.filter((e) => e.path.startsWith('/sync/watchlist'));
  assert.ok(wl.length <= 2, `watchlist tried ${wl.length} times`);
  assert.ok((await p.request('ping')).result, 'server still answers');
});

for (const style of ['401', '400-empty']) {
  test(`dead refresh token (${style}): tool error says trakt-mcp login, server stays up`, async (t) => {
    const w = await world(t, {
      login: { expires_in: 3600, created_at: now() - 7200 },
      config: { dead_refresh_style: style },
    });
    // Another client used the refresh token first: it is dead now.
    assert.equal((await w.standin.refreshAs(w.tokens.refresh_token)).status, 200);
    const p = await w.spawn();
    const r = await p.callToolResult('get_upcoming', {});
    assertLoginHint(r);
    assert.ok((await p.request('ping')).result, 'ping after the error');
    const r2 = await p.callToolResult('get_history', ARGS);
    assertLoginHint(r2);
    assert.ok((await p.request('ping')).result, 'ping after the second error');
    assert.equal(p.badLines.length, 0, `stdout not JSON: ${p.badLines}`);
  });
}

test('revoked token (401 on the API and on the refresh): trakt-mcp login', async (t) => {
  const w = await world(t);
  assert.equal((await w.standin.revoke(w.tokens.access_token)).status, 200);
  const p = await w.spawn();
  assertLoginHint(await p.callToolResult('get_watchlist', {}));
  assert.ok((await p.request('ping')).result);
});

test('not logged in (no tokens.json): tool error says trakt-mcp login', async (t) => {
  const w = await world(t, { login: false });
  const p = await w.spawn();
  for (const tool of ['get_upcoming', 'get_watchlist', 'get_history']) {
    assertLoginHint(await p.callToolResult(tool, {}));
  }
  assert.ok((await p.request('ping')).result);
  const s = await w.standin.stats();
  assert.equal(s.requests, 0, 'no request to Trakt without a token');
});

test('tokens.json written after a refresh is a Trakt token response and nothing else leaks', async (t) => {
  const w = await world(t, { login: { expires_in: 3600, created_at: now() - 7200 } });
  const p = await w.spawn();
  assertOk(await p.callToolResult('get_history', ARGS));
  const saved = await readTokens(w.home);
  assert.equal(typeof saved.access_token, 'string');
  assert.equal(typeof saved.refresh_token, 'string');
  assert.equal(typeof saved.expires_in, 'number');
  assert.equal(typeof saved.created_at, 'number');
  assert.ok(saved.created_at >= now() - 600, 'created_at of the new token');
  // No leftovers of the atomic write in the home directory.
  const files = fs.readdirSync(w.home).filter((f) => f !== 'tokens.json');
  assert.deepEqual(files.filter((f) => /tokens/.test(f)), [], `leftover files: ${files}`);
  await p.close();
  assertNoSecrets(p.stderr, w.tokens, 'stderr (debug log)');
  assertNoSecrets(p.stderr, saved, 'stderr (debug log)');
  for (const m of p.messages) assertNoSecrets(JSON.stringify(m), saved, 'an MCP message');
});
