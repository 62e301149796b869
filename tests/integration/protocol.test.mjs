// MCP over stdio: lifecycle and version negotiation, JSON-RPC errors, batches, concurrency,
// cancellation, exit on EOF, upstream headers and keep-alive, stdout purity.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  world, requireBinary, runBin, binEnv, textOf, linesOf, waitFor, sleep, REPO_ROOT, CLIENT_ID, T_CALL, declaredToolNames,
} from './harness.mjs';

requireBinary();

const VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];

function assertStdoutClean(p) {
  assert.equal(p.badLines.length, 0, `non-JSON lines on stdout:\n${p.badLines.join('\n')}`);
}

async function pingOk(p, timeout) {
  const r = await p.request('ping', undefined, timeout ? { timeout } : {});
  assert.deepEqual(r.result, {}, `ping: ${JSON.stringify(r)}`);
}

/** Number of API requests the stand-in has seen so far. */
async function apiRequests(w) { return (await w.standin.stats()).requests; }

for (const version of VERSIONS) {
  test(`initialize ${version}: negotiated, tools listed and callable`, async (t) => {
    const w = await world(t);
    const p = await w.spawn({ init: false });
    const init = await p.initialize(version);
    assert.equal(init.protocolVersion, version);
    assert.equal(init.serverInfo?.name, 'trakt-mcp');
    assert.match(init.serverInfo?.version ?? '', /^\d+\.\d+\.\d+/);
    assert.ok(init.capabilities?.tools, `capabilities.tools: ${JSON.stringify(init.capabilities)}`);
    const list = await p.request('tools/list', {});
    assert.deepEqual(list.result.tools.map((x) => x.name), declaredToolNames());
    const r = await p.callToolResult('get_watchlist', { type: 'movies' });
    assert.notEqual(r.isError, true, textOf(r));
    assert.equal(linesOf(r).length, 10);
    await pingOk(p);
    assertStdoutClean(p);
    const exit = await p.close();
    assert.equal(exit.code, 0, `exit after stdin closed: ${JSON.stringify(exit)}`);
  });
}

test('initialize with an unknown version: the server offers its newest (2025-11-25)', async (t) => {
  const w = await world(t);
  const p = await w.spawn({ init: false });
  const r = await p.request('initialize', {
    protocolVersion: '1999-01-01', capabilities: {}, clientInfo: { name: 'x', version: '0' },
  });
  if (r.error) {
    // Allowed by the spec only as an error that lists what is supported.
    assert.equal(r.error.code, -32602, JSON.stringify(r.error));
  } else {
    assert.equal(r.result.protocolVersion, '2025-11-25');
  }
});

test('ping before initialize is answered', async (t) => {
  const w = await world(t);
  const p = await w.spawn({ init: false });
  await pingOk(p);
});

test('`serve` is the same as no command', async (t) => {
  const w = await world(t);
  const p = await w.spawn({ args: ['serve'] });
  await pingOk(p);
  assert.equal((await p.close()).code, 0);
});

test('non-JSON line -> -32700 with id null, then the server reads on', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  p.sendRaw('this is not json');
  const err = await p.waitMessage((m) => m.error && m.id === null, T_CALL, '-32700 response');
  assert.equal(err.error.code, -32700);
  assert.equal(err.jsonrpc, '2.0');
  await pingOk(p);
  p.sendRaw('{"jsonrpc":"2.0","id":5,"method":"ping"'); // cut short
  await waitFor(() => p.messages.filter((m) => m.error?.code === -32700).length >= 2,
    { timeout: T_CALL, what: 'second -32700' });
  await pingOk(p);
  assertStdoutClean(p);
});

test('wrong JSON-RPC shapes -> -32600', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const cases = [
    [{ jsonrpc: '2.0', id: 'shape-1' }, 'shape-1'], // no method
    [{ jsonrpc: '2.0', id: 'shape-2', method: 42 }, 'shape-2'], // method not a string
    [{ jsonrpc: '1.0', id: 'shape-3', method: 'ping' }, 'shape-3'], // wrong version
  ];
  for (const [msg, id] of cases) {
    p.send(msg);
    const r = await p.waitResponse(id, T_CALL, JSON.stringify(msg));
    assert.equal(r.error?.code, -32600, `${JSON.stringify(msg)} -> ${JSON.stringify(r)}`);
  }
  p.sendRaw('"just a string"');
  const r = await p.waitMessage((m) => m.error?.code === -32600 && m.id === null, T_CALL, '-32600 for a string');
  assert.equal(r.id, null);
  await pingOk(p);
});

test('unknown method -> -32601; unknown tool -> -32602; missing tool name -> -32602', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const r1 = await p.request('no/such/method', {});
  assert.equal(r1.error?.code, -32601, JSON.stringify(r1));
  const r2 = await p.callTool('get_everything', {});
  assert.equal(r2.error?.code, -32602, JSON.stringify(r2));
  const r3 = await p.request('tools/call', { arguments: {} });
  assert.equal(r3.error?.code, -32602, JSON.stringify(r3));
  await pingOk(p);
});

test('notifications get no response (known and unknown)', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  p.notify('notifications/initialized');
  p.notify('notifications/something_new', { x: 1 });
  p.notify('notifications/cancelled', { requestId: 'never-sent' });
  await pingOk(p);
  await sleep(300);
  // Only the two responses (initialize, ping), nothing for the notifications.
  const responses = p.messages.filter((m) => !('method' in m));
  assert.equal(responses.length, 2, JSON.stringify(responses));
});

test('string and large ids are echoed exactly', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  for (const id of ['abc', 'ü-🎬', 9007199254740991, 0, -5]) {
    const r = await p.request('ping', undefined, { id });
    assert.deepEqual(r.id, id);
    assert.deepEqual(r.result, {});
  }
});

test('2025-03-26: a JSON-RPC batch is answered with a batch', async (t) => {
  const w = await world(t);
  const p = await w.spawn({ version: '2025-03-26' });
  p.sendRaw(JSON.stringify([
    { jsonrpc: '2.0', id: 'b1', method: 'ping' },
    { jsonrpc: '2.0', method: 'notifications/something' },
    { jsonrpc: '2.0', id: 'b2', method: 'tools/list' },
  ]));
  const batch = await p.waitMessage((m) => Array.isArray(m), T_CALL, 'batch response');
  const ids = batch.map((m) => m.id).sort();
  assert.deepEqual(ids, ['b1', 'b2']);
  const list = batch.find((m) => m.id === 'b2');
  assert.equal(list.result.tools.length, declaredToolNames().length);
});

test('deeply nested input is refused without killing the server', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const depth = 100_000;
  p.sendRaw(`{"jsonrpc":"2.0","id":"deep","method":"ping","params":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}`);
  const r = await p.waitMessage((m) => m.error && (m.id === 'deep' || m.id === null), T_CALL, 'error for deep nesting');
  assert.ok([-32700, -32600, -32602].includes(r.error.code), JSON.stringify(r.error));
  await pingOk(p);
});

test('a very long line (8 MiB) is answered or refused, and the server reads on', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const big = 'x'.repeat(8 * 1024 * 1024);
  p.sendRaw(`{"jsonrpc":"2.0","id":"big","method":"ping","params":{"pad":"${big}"}}`);
  await p.waitMessage((m) => m.id === 'big' || (m.error && m.id === null), T_CALL, 'answer to the long line');
  await pingOk(p);
});

test('a slow tool call does not delay ping', async (t) => {
  const w = await world(t, { config: { delay_ms: 3000 } });
  const p = await w.spawn();
  const call = p.callToolResult('get_watchlist', {}, { timeout: T_CALL });
  await waitFor(async () => (await apiRequests(w)) >= 1, { what: 'the call to reach the stand-in' });
  const ping = p.request('ping');
  const first = await Promise.race([call.then(() => 'call'), ping.then(() => 'ping')]);
  assert.equal(first, 'ping', 'ping answered before the 3 s tool call');
  const r = await call;
  assert.notEqual(r.isError, true, textOf(r));
  const iPing = p.messages.findIndex((m) => m.result && m.id === 3);
  const iCall = p.messages.findIndex((m) => m.id === 2);
  assert.ok(iPing >= 0 && iPing < iCall, `ping response (${iPing}) before call response (${iCall})`);
});

test('concurrent tool calls run in parallel upstream', async (t) => {
  const w = await world(t, { config: { delay_ms: 1500 } });
  const p = await w.spawn();
  const calls = [
    p.callToolResult('get_watchlist', {}),
    p.callToolResult('get_upcoming', {}),
    p.callToolResult('get_history', { limit: 5 }),
    p.callToolResult('get_watchlist', { type: 'shows' }),
  ];
  const results = await Promise.all(calls);
  for (const r of results) assert.notEqual(r.isError, true, textOf(r));
  const s = await w.standin.stats();
  assert.ok(s.max_concurrent >= 2, `max concurrent upstream requests: ${s.max_concurrent}`);
});

test('a hung upstream request does not hold up other calls', async (t) => {
  const w = await world(t);
  await w.standin.fault({ path: '/sync/history', times: 1, action: 'hang' });
  const p = await w.spawn();
  const id = 'stuck';
  p.send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'get_history', arguments: { limit: 3 } } });
  await waitFor(async () => (await w.standin.stats()).log.some((e) => e.path === '/sync/history'),
    { what: 'the hung request to reach the stand-in' });
  for (const [name, args] of [['get_watchlist', {}], ['get_upcoming', {}], ['get_watchlist', { type: 'movies' }]]) {
    const r = await p.callToolResult(name, args, { timeout: 20_000 });
    assert.notEqual(r.isError, true, textOf(r));
  }
  assert.deepEqual(p.messages.filter((m) => m.id === id), [], 'the hung call is still pending');
  p.notify('notifications/cancelled', { requestId: id });
  await pingOk(p);
});

test('notifications/cancelled: no response, HTTP request stopped, ping still answered', async (t) => {
  const w = await world(t, { config: { delay_ms: 5000 } });
  const p = await w.spawn();
  const id = 'slow-1';
  p.send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'get_upcoming', arguments: {} } });
  await waitFor(async () => (await apiRequests(w)) >= 1, { what: 'the call to reach the stand-in' });
  p.notify('notifications/cancelled', { requestId: id, reason: 'user gave up' });
  await pingOk(p, 4000);
  await waitFor(async () => (await w.standin.stats()).aborted >= 1,
    { timeout: 20_000, what: 'stand-in to see the HTTP request aborted' });
  // Past the stand-in's delay: an uncancelled call would have been answered by now.
  await sleep(6000);
  const answered = p.messages.filter((m) => m.id === id);
  assert.deepEqual(answered, [], 'a cancelled request got a response');
  // The session is fine afterwards: a new call with no delay works.
  await w.standin.config({ delay_ms: 0 });
  const r = await p.callToolResult('get_history', { limit: 2 });
  assert.notEqual(r.isError, true, textOf(r));
  assertStdoutClean(p);
});

test('stdin closed with a call in flight: the call is answered, then exit 0', async (t) => {
  const w = await world(t, { config: { delay_ms: 2000 } });
  const p = await w.spawn();
  const call = p.callToolResult('get_history', { limit: 3 });
  await waitFor(async () => (await apiRequests(w)) >= 1, { what: 'the call to reach the stand-in' });
  p.proc.stdin.end();
  const r = await call;
  assert.notEqual(r.isError, true, textOf(r));
  assert.equal(linesOf(r).length, 3);
  const exit = await p.close();
  assert.equal(exit.code, 0);
});

test('exit 0 on EOF right after initialize, and with no input at all', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  assert.equal((await p.close()).code, 0);
  const r = await runBin([], { env: w.env(), timeout: 20_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '', 'nothing on stdout without input');
});

test('upstream headers: User-Agent trakt-mcp/<version>, trakt-api-key, trakt-api-version, Bearer', async (t) => {
  const w = await world(t);
  const v = await runBin(['--version'], { env: binEnv({}) });
  const version = v.stdout.trim().replace(/^trakt-mcp\s+/, '');
  const p = await w.spawn();
  for (const tool of ['get_upcoming', 'get_watchlist', 'get_history']) {
    await p.callToolResult(tool, {});
    const h = (await w.standin.stats()).last_headers;
    assert.equal(h['user-agent'], `trakt-mcp/${version}`, `${tool}: ${JSON.stringify(h)}`);
    assert.equal(h['trakt-api-key'], CLIENT_ID);
    assert.equal(h['trakt-api-version'], '2');
    assert.equal(h.authorization, `Bearer ${w.tokens.access_token}`);
  }
  // The project version is the CMake one.
  const cm = fs.readFileSync(path.join(REPO_ROOT, 'CMakeLists.txt'), 'utf8');
  const m = /project\(\s*trakt-mcp\s+VERSION\s+([0-9.]+)/.exec(cm);
  if (m) assert.equal(version, m[1]);
});

test('keep-alive: 10 sequential tool calls use one TLS connection', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const tools = [['get_upcoming', {}], ['get_watchlist', {}], ['get_history', { limit: 5 }]];
  for (let i = 0; i < 10; i++) {
    const [name, args] = tools[i % 3];
    const r = await p.callToolResult(name, args);
    assert.notEqual(r.isError, true, textOf(r));
  }
  const s = await w.standin.stats();
  assert.ok(s.requests >= 10, `API requests: ${s.requests}`);
  assert.equal(s.binary_handshakes, 1, `TLS handshakes by the binary: ${s.binary_handshakes}`);
  assert.equal(s.binary_connections, 1, `TCP connections by the binary: ${s.binary_connections}`);
});

// HttpsOptions: warm_idle 4, surplus_idle_timeout 1 s. A burst's connections
// serve the next burst at once; 1 s after the last one, all but 4 are closed
// (each holds TLS state), so the burst after that opens the rest again.
test('keep-alive: a burst reuses the last burst\'s connections; 1 s later only 4 are kept', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  await w.standin.config({ delay_ms: 100 });
  const burst = async (round) => {
    const days = Array.from({ length: 12 }, (_, i) => `2026-0${1 + (round % 9)}-${String(10 + i).padStart(2, '0')}`);
    const rs = await Promise.all(days.map((d) => p.callToolResult('get_upcoming', { start_date: d, days: 1 })));
    for (const r of rs) assert.notEqual(r.isError, true, textOf(r));
    return (await w.standin.stats()).binary_handshakes;
  };
  const first = await burst(0);
  assert.ok(first > 4, `the burst needed several connections: ${first}`);
  assert.equal(await burst(1), first, 'a burst right after reuses every connection');
  await new Promise((r) => setTimeout(r, 1600));
  const third = await burst(2);
  assert.equal(third - first, first - 4, `after 1 s idle only 4 connections were kept (${first} -> ${third})`);
});

test('logging: if advertised, logging/setLevel is accepted and logs never reach stdout as text', async (t) => {
  const w = await world(t);
  const p = await w.spawn({ init: false });
  const init = await p.initialize();
  if (init.capabilities?.logging) {
    const r = await p.request('logging/setLevel', { level: 'debug' });
    assert.deepEqual(r.result, {}, JSON.stringify(r));
    await p.callToolResult('get_history', { limit: 2 });
    for (const n of p.notifications.filter((x) => x.method === 'notifications/message')) {
      assert.ok(['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'].includes(n.params?.level), JSON.stringify(n));
      assert.ok(!JSON.stringify(n).includes(w.tokens.access_token), 'token in a log message');
    }
  } else {
    t.diagnostic('server does not advertise logging');
  }
  assertStdoutClean(p);
  await p.close();
  assert.ok(!p.stderr.includes(w.tokens.access_token), 'access token in stderr');
  assert.ok(!p.stderr.includes(w.tokens.refresh_token), 'refresh token in stderr');
});
