// `trakt-mcp serve --http`: Streamable HTTP (2025-11-25 sessions) and the stateless 2026-07-28
// revision on the same endpoint, plus 2026-07-28 over stdio. Drives the real binary against the
// Trakt stand-in with plain fetch(), so every status code and header is visible.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import readline from 'node:readline';

import {
  BIN, requireBinary, requireNodeModules, world, withTimeout, waitFor, T_CALL, declaredToolNames,
} from '../integration/harness.mjs';

const STATELESS = '2026-07-28';
const LEGACY = '2025-11-25';
const JSON_AND_SSE = 'application/json, text/event-stream';

/** Starts `trakt-mcp serve --http ADDRESS`; resolves {url, port, stop(), stderr}. */
async function startHttp(env, address = '127.0.0.1:0') {
  requireBinary();
  const proc = spawn(BIN, ['serve', '--http', address], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const lines = [];
  const rl = readline.createInterface({ input: proc.stderr });
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await withTimeout(new Promise((resolve, reject) => {
    rl.on('line', (l) => {
      lines.push(l);
      const m = /listening on (http:\/\/\S+)/.exec(l);
      if (m) resolve(m[1]);
    });
    exited.then((r) => reject(new Error(`serve --http exited ${JSON.stringify(r)}: ${lines.join('\n')}`)));
  }), 20_000, 'serve --http to listen');
  return {
    url, port: Number(new URL(url).port), stderr: lines, proc, exited,
    async stop() {
      proc.kill('SIGTERM');
      const r = await withTimeout(exited, 15_000, 'serve --http to stop on SIGTERM');
      assert.deepEqual(r, { code: 0, signal: null }, `exit after SIGTERM; stderr:\n${lines.slice(-30).join('\n')}`);
    },
  };
}

/** POST one JSON-RPC message; resolves {status, headers, text, json, events}. */
async function post(url, message, headers = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: JSON_AND_SSE, ...headers },
    body: typeof message === 'string' ? message : JSON.stringify(message),
    signal: AbortSignal.timeout(T_CALL),
  });
  return read(res);
}

async function read(res) {
  const text = await res.text();
  const out = { status: res.status, headers: res.headers, text };
  if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    out.events = parseSse(text);
    out.json = out.events.find((m) => 'id' in m && !('method' in m));
  } else {
    try { out.json = text ? JSON.parse(text) : undefined; } catch { out.json = undefined; }
  }
  return out;
}

/** Messages of an SSE body (data lines), in order; comments ignored. */
function parseSse(text) {
  const messages = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    const data = block.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart());
    if (data.length) messages.push(JSON.parse(data.join('\n')));
  }
  return messages;
}

const initialize = (id = 1, protocolVersion = LEGACY, capabilities = {}) => ({
  jsonrpc: '2.0', id, method: 'initialize',
  params: { protocolVersion, capabilities, clientInfo: { name: 'http-tests', version: '1.0.0' } },
});

/** initialize + initialized; resolves the session id. */
async function openSession(url, headers = {}, capabilities = {}) {
  const r = await post(url, initialize(1, LEGACY, capabilities), headers);
  assert.equal(r.status, 200, r.text);
  const sid = r.headers.get('mcp-session-id');
  assert.match(sid ?? '', /^[\x21-\x7e]+$/);
  const n = await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' },
    { ...headers, 'mcp-session-id': sid, 'mcp-protocol-version': LEGACY });
  assert.equal(n.status, 202);
  return sid;
}

const statelessMeta = (extra = {}) => ({
  'io.modelcontextprotocol/protocolVersion': STATELESS,
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'http-tests', version: '1.0.0' },
  ...extra,
});

/** A 2026-07-28 request with the headers that revision requires. */
function stateless(url, id, method, params = {}, { headers = {}, meta = {} } = {}) {
  const h = { 'mcp-protocol-version': STATELESS, 'mcp-method': method };
  if (method === 'tools/call') h['mcp-name'] = params.name;
  Object.assign(h, headers);
  return post(url, { jsonrpc: '2.0', id, method, params: { ...params, _meta: statelessMeta(meta) } }, h);
}

describe('serve --http (loopback, no token)', () => {
  let w;
  let srv;
  before(async () => {
    w = await world(null, {});
    srv = await startHttp(w.env());
  });
  after(async () => {
    await srv?.stop();
    await w?.close();
  });

  test('binds 127.0.0.1 by default and serves only /mcp', async () => {
    assert.match(srv.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const r = await post(srv.url.replace('/mcp', '/other'), initialize());
    assert.equal(r.status, 404);
  });

  test('session lifecycle: initialize mints an id; 400 without it; 404 unknown; DELETE ends it', async () => {
    const sid = await openSession(srv.url);
    const list = await post(srv.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      { 'mcp-session-id': sid, 'mcp-protocol-version': LEGACY });
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.result.tools.map((t) => t.name), declaredToolNames());

    const missing = await post(srv.url, { jsonrpc: '2.0', id: 3, method: 'tools/list' });
    assert.equal(missing.status, 400);
    const unknown = await post(srv.url, { jsonrpc: '2.0', id: 4, method: 'tools/list' }, { 'mcp-session-id': 'nope' });
    assert.equal(unknown.status, 404);

    const del = await fetch(srv.url, { method: 'DELETE', headers: { 'mcp-session-id': sid } });
    assert.equal(del.status, 200);
    const after = await post(srv.url, { jsonrpc: '2.0', id: 5, method: 'tools/list' }, { 'mcp-session-id': sid });
    assert.equal(after.status, 404);
    const again = await fetch(srv.url, { method: 'DELETE', headers: { 'mcp-session-id': sid } });
    assert.equal(again.status, 404);
  });

  test('sessions are independent: one session cannot see another; a failed initialize makes none', async () => {
    const a = await openSession(srv.url);
    const b = await openSession(srv.url);
    assert.notEqual(a, b);
    const bad = await post(srv.url, { jsonrpc: '2.0', id: 1, method: 'initialize', params: {} });
    assert.equal(bad.headers.get('mcp-session-id'), null);
    assert.equal(bad.json.error.code, -32602);
    const twice = await post(srv.url, initialize(9), { 'mcp-session-id': a });
    assert.equal(twice.json.error.code, -32600);
  });

  test('MCP-Protocol-Version: absent is accepted (2025-03-26), unsupported is 400', async () => {
    const sid = await openSession(srv.url);
    const absent = await post(srv.url, { jsonrpc: '2.0', id: 2, method: 'ping' }, { 'mcp-session-id': sid });
    assert.equal(absent.status, 200);
    assert.deepEqual(absent.json.result, {});
    const bad = await post(srv.url, { jsonrpc: '2.0', id: 3, method: 'ping' },
      { 'mcp-session-id': sid, 'mcp-protocol-version': '1999-01-01' });
    assert.equal(bad.status, 400);
  });

  test('notifications and responses get 202 with no body', async () => {
    const sid = await openSession(srv.url);
    const r = await post(srv.url, { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 77 } },
      { 'mcp-session-id': sid });
    assert.equal(r.status, 202);
    assert.equal(r.text, '');
    const resp = await post(srv.url, { jsonrpc: '2.0', id: 'x', result: {} }, { 'mcp-session-id': sid });
    assert.equal(resp.status, 202);
  });

  test('bad bodies: not JSON is 400 -32700; wrong content type 415; nothing acceptable 406', async () => {
    const sid = await openSession(srv.url);
    const notJson = await post(srv.url, '{oops', { 'mcp-session-id': sid });
    assert.equal(notJson.status, 400);
    assert.equal(notJson.json.error.code, -32700);
    const ct = await fetch(srv.url, { method: 'POST', headers: { 'content-type': 'text/plain', 'mcp-session-id': sid }, body: '{}' });
    assert.equal(ct.status, 415);
    const acc = await post(srv.url, { jsonrpc: '2.0', id: 1, method: 'ping' }, { 'mcp-session-id': sid, accept: 'text/html' });
    assert.equal(acc.status, 406);
  });

  test('Host and Origin are checked against DNS rebinding (403)', async () => {
    const { request } = await import('node:http');
    const raw = (headers) => new Promise((resolve, reject) => {
      const body = JSON.stringify(initialize());
      const req = request({ host: '127.0.0.1', port: srv.port, path: '/mcp', method: 'POST',
        headers: { 'content-type': 'application/json', accept: JSON_AND_SSE, 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
      req.on('error', reject);
      req.end(body);
    });
    assert.equal(await raw({ host: 'evil.example.com' }), 403);
    assert.equal(await raw({ host: `evil.example.com:${srv.port}` }), 403);
    assert.equal(await raw({ host: `localhost:${srv.port + 1}` }), 403);
    assert.equal(await raw({ host: `localhost:${srv.port}`, origin: 'http://evil.example.com' }), 403);
    assert.equal(await raw({ host: `127.0.0.1:${srv.port}`, origin: 'null' }), 403);
    assert.equal(await raw({ host: `localhost:${srv.port}`, origin: 'http://localhost:5173' }), 200);
    assert.equal(await raw({ host: `127.0.0.1:${srv.port}`, origin: 'https://127.0.0.1' }), 200);
    assert.equal(await raw({ host: `[::1]:${srv.port}` }), 200);
  });

  test('SSE: progress notifications on the POST stream during a multi-page call, then the answer', async () => {
    const sid = await openSession(srv.url);
    const r = await post(srv.url, {
      jsonrpc: '2.0', id: 7, method: 'tools/call',
      params: { name: 'get_history', arguments: { limit: 600 }, _meta: { progressToken: 'hist' } },
    }, { 'mcp-session-id': sid, 'mcp-protocol-version': LEGACY });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /text\/event-stream/);
    const progress = r.events.filter((m) => m.method === 'notifications/progress');
    assert.ok(progress.length >= 2, `progress per page: ${JSON.stringify(progress)}`);
    for (const p of progress) assert.equal(p.params.progressToken, 'hist');
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i].params.progress > progress[i - 1].params.progress);
    const last = r.events.at(-1);
    assert.equal(last.id, 7, 'the response ends the stream');
    assert.equal(last.result.isError, undefined, JSON.stringify(last.result).slice(0, 500));
    assert.equal(last.result.structuredContent.items.length, 600);
  });

  test('JSON-only clients get application/json for calls (notifications dropped)', async () => {
    const sid = await openSession(srv.url);
    const r = await post(srv.url, {
      jsonrpc: '2.0', id: 8, method: 'tools/call',
      params: { name: 'get_watchlist', arguments: {}, _meta: { progressToken: 1 } },
    }, { 'mcp-session-id': sid, accept: 'application/json' });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /application\/json/);
    assert.equal(r.json.id, 8);
    assert.ok(Array.isArray(r.json.result.content));
  });

  test('GET opens the session stream; logs go there; a second GET is 409; 405 for other methods', async () => {
    const sid = await openSession(srv.url);
    const lvl = await post(srv.url, { jsonrpc: '2.0', id: 2, method: 'logging/setLevel', params: { level: 'debug' } },
      { 'mcp-session-id': sid });
    assert.deepEqual(lvl.json.result, {});
    const ac = new AbortController();
    const stream = await fetch(srv.url, { headers: { accept: 'text/event-stream', 'mcp-session-id': sid }, signal: ac.signal });
    assert.equal(stream.status, 200);
    assert.match(stream.headers.get('content-type'), /text\/event-stream/);
    const second = await fetch(srv.url, { headers: { accept: 'text/event-stream', 'mcp-session-id': sid } });
    assert.equal(second.status, 409);
    await second.body?.cancel();

    // A call logs (debug level: the upstream requests); those lines arrive on the GET stream.
    const reader = stream.body.pipeThrough(new TextDecoderStream()).getReader();
    const call = post(srv.url, { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'get_upcoming', arguments: {} } },
      { 'mcp-session-id': sid });
    let buf = '';
    await withTimeout((async () => {
      while (!/notifications\/message/.test(buf)) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
      }
    })(), T_CALL, 'a log message on the GET stream');
    assert.match(buf, /notifications\/message/);
    const res = await call;
    assert.equal(res.json.id, 3);
    assert.ok(!res.events?.some((m) => m.method === 'notifications/message'), 'logs are not on the POST stream');
    ac.abort();

    const put = await fetch(srv.url, { method: 'PUT', headers: { 'mcp-session-id': sid } });
    assert.equal(put.status, 405);
    const noSession = await fetch(srv.url, { headers: { accept: 'text/event-stream' } });
    assert.equal(noSession.status, 400);
  });

  test('many sessions at once share one upstream connection pool', async () => {
    await w.standin.reset();
    const sids = await Promise.all(Array.from({ length: 8 }, () => openSession(srv.url)));
    const results = await Promise.all(sids.map((sid, i) => post(srv.url,
      { jsonrpc: '2.0', id: i + 1, method: 'tools/call', params: { name: 'get_watchlist', arguments: {} } },
      { 'mcp-session-id': sid })));
    for (const r of results) assert.equal(r.json.result.isError, undefined, JSON.stringify(r.json).slice(0, 300));
    const stats = await w.standin.stats();
    assert.ok(stats.binary_handshakes <= 8, `TLS handshakes: ${stats.binary_handshakes}`);
    // Sequential calls from different sessions reuse pooled connections.
    await w.standin.reset();
    for (const sid of sids.slice(0, 4)) {
      await post(srv.url, { jsonrpc: '2.0', id: 99, method: 'tools/call', params: { name: 'get_watchlist', arguments: {} } },
        { 'mcp-session-id': sid });
    }
    const s2 = await w.standin.stats();
    assert.ok(s2.binary_handshakes <= 1, `sequential calls across sessions: ${s2.binary_handshakes} handshakes`);
  });

  test('a client that hangs up cancels its call: the upstream request is aborted; the session goes on', async () => {
    const sid = await openSession(srv.url);
    await w.standin.reset();
    // Long enough that only a cancellation (not the answer) can end the upstream request in time.
    await w.standin.fault({ path: '/sync/history', delay_ms: 20_000, times: 1 });
    const ac = new AbortController();
    const pending = fetch(srv.url, {
      method: 'POST', signal: ac.signal,
      headers: { 'content-type': 'application/json', accept: JSON_AND_SSE, 'mcp-session-id': sid, 'mcp-protocol-version': LEGACY },
      body: JSON.stringify({ jsonrpc: '2.0', id: 21, method: 'tools/call', params: { name: 'get_history', arguments: {} } }),
    }).then((r) => r.text()).catch(() => 'aborted');
    await waitFor(async () => (await w.standin.stats()).by_path['/sync/history'] >= 1,
      { timeout: T_CALL, what: 'the call to reach the stand-in' });
    ac.abort();
    assert.equal(await pending, 'aborted');
    // As a notifications/cancelled would: the call is cancelled, which closes its upstream request.
    await waitFor(async () => (await w.standin.stats()).aborted >= 1,
      { timeout: 10_000, what: 'the stand-in to see the upstream request aborted' });
    const ping = await post(srv.url, { jsonrpc: '2.0', id: 22, method: 'ping' },
      { 'mcp-session-id': sid, 'mcp-protocol-version': LEGACY });
    assert.equal(ping.status, 200);
    assert.deepEqual(ping.json.result, {});
    await w.standin.reset();
  });

  test('oversized bodies are refused with 413', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(5 * 1024 * 1024) } });
    const r = await fetch(srv.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: JSON_AND_SSE }, body: big })
      .then(read, (e) => ({ status: 'reset', error: e }));
    assert.ok(r.status === 413 || r.status === 'reset', `status ${r.status}`);
  });

  // --- 2026-07-28 over HTTP ---------------------------------------------------------------

  test('2026-07-28: server/discover without a session; no session id minted', async () => {
    const r = await stateless(srv.url, 1, 'server/discover');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('mcp-session-id'), null);
    const res = r.json.result;
    assert.equal(res.resultType, 'complete');
    assert.ok(res.supportedVersions.includes(STATELESS) && res.supportedVersions.includes(LEGACY));
    assert.ok(res.capabilities.tools);
    assert.equal(res._meta['io.modelcontextprotocol/serverInfo'].name, 'trakt-mcp');
  });

  test('2026-07-28: tools/list carries resultType, ttlMs and cacheScope', async () => {
    const r = await stateless(srv.url, 2, 'tools/list');
    assert.equal(r.status, 200);
    const res = r.json.result;
    assert.equal(res.resultType, 'complete');
    assert.ok(Number.isInteger(res.ttlMs) && res.ttlMs > 0);
    assert.ok(['public', 'private'].includes(res.cacheScope));
    assert.equal(res.tools.length, declaredToolNames().length);
  });

  test('2026-07-28: tools/call streams progress and answers with resultType', async () => {
    const r = await stateless(srv.url, 3, 'tools/call', { name: 'get_history', arguments: { limit: 300 } },
      { meta: { progressToken: 'm' } });
    assert.equal(r.status, 200);
    assert.ok(r.events.filter((m) => m.method === 'notifications/progress').length >= 2);
    assert.ok(!r.events.some((m) => m.method === 'notifications/message'), 'no logs without logLevel');
    assert.equal(r.json.result.resultType, 'complete');
    assert.equal(r.json.result.structuredContent.items.length, 300);
  });

  test('2026-07-28: a per-request logLevel brings that call\'s log lines on its own stream', async () => {
    const r = await stateless(srv.url, 31, 'tools/call', { name: 'get_history', arguments: { limit: 5 } },
      { meta: { 'io.modelcontextprotocol/logLevel': 'debug' } });
    assert.equal(r.status, 200, r.text);
    const logs = r.events.filter((m) => m.method === 'notifications/message');
    assert.ok(logs.some((m) => m.params.level === 'debug' && /GET \/sync\/history/.test(m.params.data)),
      `the upstream request is logged to the caller: ${JSON.stringify(logs)}`);
    assert.equal(r.json.result.structuredContent.count, 5);
    // Only lines at or above the level asked for.
    const warn = await stateless(srv.url, 32, 'tools/call', { name: 'get_history', arguments: { limit: 5 } },
      { meta: { 'io.modelcontextprotocol/logLevel': 'warning' } });
    assert.ok(!warn.events.some((m) => m.method === 'notifications/message' && m.params.level === 'debug'));
    const bad = await stateless(srv.url, 33, 'tools/call', { name: 'get_history', arguments: {} },
      { meta: { 'io.modelcontextprotocol/logLevel': 'loud' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, -32602);
    assert.match(bad.json.error.message, /logLevel/);
  });

  test('2026-07-28: errors: -32022 (400), -32602 (400), -32601 (404), -32020 header mismatch (400)', async () => {
    const v = await post(srv.url, { jsonrpc: '2.0', id: 4, method: 'tools/list',
      params: { _meta: statelessMeta({ 'io.modelcontextprotocol/protocolVersion': '1900-01-01' }) } },
    { 'mcp-protocol-version': '1900-01-01', 'mcp-method': 'tools/list' });
    assert.equal(v.status, 400);
    assert.equal(v.json.error.code, -32022);
    assert.equal(v.json.error.data.requested, '1900-01-01');
    assert.ok(v.json.error.data.supported.includes(STATELESS));

    const noMeta = await post(srv.url, { jsonrpc: '2.0', id: 5, method: 'tools/list', params: {} },
      { 'mcp-protocol-version': STATELESS, 'mcp-method': 'tools/list' });
    assert.equal(noMeta.status, 400);
    assert.equal(noMeta.json.error.code, -32602);

    for (const method of ['ping', 'initialize', 'logging/setLevel', 'nope/nothing']) {
      const r = await stateless(srv.url, 6, method);
      assert.equal(r.status, 404, method);
      assert.equal(r.json.error.code, -32601, method);
      assert.equal(r.json.id, 6);
    }

    const mismatch = await stateless(srv.url, 7, 'tools/list', {}, { headers: { 'mcp-method': 'tools/call' } });
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.json.error.code, -32020);
    const wrongVersion = await stateless(srv.url, 8, 'tools/list', {}, { headers: { 'mcp-protocol-version': LEGACY } });
    assert.equal(wrongVersion.json.error.code, -32020);
    const wrongName = await stateless(srv.url, 9, 'tools/call', { name: 'get_history', arguments: {} },
      { headers: { 'mcp-name': 'get_upcoming' } });
    assert.equal(wrongName.json.error.code, -32020);
    const b64 = await stateless(srv.url, 10, 'tools/call', { name: 'get_watchlist', arguments: {} },
      { headers: { 'mcp-name': `=?base64?${Buffer.from('get_watchlist').toString('base64')}?=` } });
    assert.equal(b64.status, 200);
    assert.equal(b64.json.result.resultType, 'complete');
  });

  test('2026-07-28: GET and DELETE are 405', async () => {
    const g = await fetch(srv.url, { headers: { accept: 'text/event-stream', 'mcp-protocol-version': STATELESS } });
    assert.equal(g.status, 405);
    const d = await fetch(srv.url, { method: 'DELETE', headers: { 'mcp-protocol-version': STATELESS } });
    assert.equal(d.status, 405);
  });

  test('2026-07-28: closing the stream cancels the call; the server stays up', async () => {
    await w.standin.fault({ path: '/sync/history', delay_ms: 3000, times: 1 }).catch(() => {});
    const ac = new AbortController();
    const pending = fetch(srv.url, {
      method: 'POST', signal: ac.signal,
      headers: { 'content-type': 'application/json', accept: JSON_AND_SSE, 'mcp-protocol-version': STATELESS,
        'mcp-method': 'tools/call', 'mcp-name': 'get_history' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 11, method: 'tools/call',
        params: { name: 'get_history', arguments: {}, _meta: statelessMeta() } }),
    }).then((r) => r.text()).catch(() => 'aborted');
    setTimeout(() => ac.abort(), 300);
    await pending;
    await w.standin.reset();
    const r = await stateless(srv.url, 12, 'server/discover');
    assert.equal(r.status, 200);
  });
});

// Ten movies and a show, all on the stand-in's watchlist: one more than a call may remove unasked.
const ELEVEN = [1, 6, 172, 98, 990003, 16662, 68, 56360, 457176, 372081]
  .map((trakt) => ({ type: 'movie', ids: { trakt } }))
  .concat([{ type: 'show', ids: { slug: 'severance' } }]);

describe('serve --http: the user is asked before a bulk removal (elicitation)', () => {
  let w;
  let srv;
  before(async () => {
    w = await world(null, {});
    srv = await startHttp(w.env());
  });
  after(async () => {
    await srv?.stop();
    await w?.close();
  });
  const removals = async () => (await w.standin.apiLog()).filter((e) => e.method === 'POST' && /\/remove$/.test(e.path));

  test('a 2025-11-25 session (official SDK client): elicitation/create on the call\'s SSE stream, the answer in its own POST', async () => {
    requireNodeModules();
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    const { ElicitRequestSchema } = await import('@modelcontextprotocol/sdk/types.js');
    const client = new Client({ name: 'http-elicitation', version: '1.0.0' }, { capabilities: { elicitation: {} } });
    const asked = [];
    client.setRequestHandler(ElicitRequestSchema, async (req) => {
      asked.push(req.params);
      return { action: 'accept', content: { confirm: true } };
    });
    await client.connect(new StreamableHTTPClientTransport(new URL(srv.url)));
    try {
      const r = await client.callTool({ name: 'remove_from_watchlist', arguments: { items: ELEVEN } }, undefined, { timeout: T_CALL });
      assert.equal(asked.length, 1);
      assert.match(asked[0].message, /remove 11 items from your watchlist/);
      assert.equal(asked[0].requestedSchema.properties.confirm.type, 'boolean');
      assert.notEqual(r.isError, true, JSON.stringify(r.content));
      assert.deepEqual(r.structuredContent.removed, { movies: 10, shows: 1, seasons: 0, episodes: 0 });
      assert.equal((await removals()).length, 1);
    } finally {
      await client.close();
    }
  });

  test('2026-07-28: the question comes back as input_required; the same call with inputResponses runs', async () => {
    const meta = { 'io.modelcontextprotocol/clientCapabilities': { elicitation: {} } };
    const rated = [1234, 6, 172, 372081]; // the stand-in's rated movies, and seven that are not rated
    const items = [...rated, 1, 98, 990003, 16662, 68, 56360, 457176].map((trakt) => ({ type: 'movie', ids: { trakt } }));
    const before = (await removals()).length;
    const first = await stateless(srv.url, 20, 'tools/call', { name: 'remove_rating', arguments: { items } }, { meta });
    assert.equal(first.status, 200, first.text);
    const result = first.json.result;
    assert.equal(result.resultType, 'input_required', first.text);
    assert.equal(result.inputRequests.confirm.method, 'elicitation/create');
    assert.match(result.inputRequests.confirm.params.message, /remove your rating of 11 items/);
    assert.equal((await removals()).length, before, 'nothing removed before the answer');

    const declined = await stateless(srv.url, 21, 'tools/call',
      { name: 'remove_rating', arguments: { items }, inputResponses: { confirm: { action: 'decline' } } }, { meta });
    assert.equal(declined.json.result.isError, true);
    assert.match(declined.json.result.content[0].text, /Nothing was changed/);
    assert.equal((await removals()).length, before, 'declined: nothing removed');

    const accepted = await stateless(srv.url, 22, 'tools/call',
      { name: 'remove_rating', arguments: { items }, inputResponses: { confirm: { action: 'accept', content: { confirm: true } } } },
      { meta });
    assert.equal(accepted.json.result.resultType, 'complete', accepted.text);
    assert.notEqual(accepted.json.result.isError, true, accepted.text);
    assert.equal(accepted.json.result.structuredContent.removed.movies, rated.length);
    assert.equal((await removals()).length, before + 1);
  });

  test('a JSON-only POST cannot carry a question: the call needs "confirm": true instead', async () => {
    const sid = await openSession(srv.url, {}, { elicitation: {} });
    const headers = { 'mcp-session-id': sid, 'mcp-protocol-version': LEGACY, accept: 'application/json' };
    const items = ELEVEN; // removed by the first test already: Trakt counts none, but the rule is the same
    const before = (await removals()).length;
    const r = await post(srv.url, { jsonrpc: '2.0', id: 30, method: 'tools/call', params: { name: 'remove_from_watchlist', arguments: { items } } }, headers);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.result.isError, true);
    assert.match(r.json.result.content[0].text, /"confirm": true/);
    assert.equal((await removals()).length, before);
    const ok = await post(srv.url, { jsonrpc: '2.0', id: 31, method: 'tools/call',
      params: { name: 'remove_from_watchlist', arguments: { items, confirm: true } } }, headers);
    assert.notEqual(ok.json.result.isError, true, ok.text);
    assert.equal((await removals()).length, before + 1);
  });
});

describe('serve --http with a bearer token', () => {
  let w;
  let srv;
  before(async () => {
    w = await world(null, {});
    srv = await startHttp(w.env({ TRAKT_MCP_HTTP_TOKEN: 's3cret-token' }));
  });
  after(async () => {
    await srv?.stop();
    await w?.close();
  });

  test('every request needs Authorization: Bearer <token> (401 otherwise)', async () => {
    const none = await post(srv.url, initialize());
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /Bearer/);
    const wrong = await post(srv.url, initialize(), { authorization: 'Bearer nope' });
    assert.equal(wrong.status, 401);
    const auth = { authorization: 'Bearer s3cret-token' };
    const sid = await openSession(srv.url, auth);
    const list = await post(srv.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { ...auth, 'mcp-session-id': sid });
    assert.equal(list.status, 200);
    const noAuth = await post(srv.url, { jsonrpc: '2.0', id: 3, method: 'tools/list' }, { 'mcp-session-id': sid });
    assert.equal(noAuth.status, 401);
    assert.ok(!srv.stderr.join('\n').includes('s3cret-token'), 'the token never reaches the log');
  });
});

describe('serve --http refuses to expose itself', () => {
  test('a non-loopback address needs TRAKT_MCP_HTTP_TOKEN', async () => {
    requireBinary();
    const w = await world(null, { login: false });
    try {
      const r = await w.run(['serve', '--http', '0.0.0.0:0'], { timeout: 20_000 });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /TRAKT_MCP_HTTP_TOKEN/);
      const bad = await w.run(['serve', '--http', 'nonsense'], { timeout: 20_000 });
      assert.equal(bad.code, 2);
    } finally {
      await w.close();
    }
  });

  test('with a token it binds any address', async () => {
    const w = await world(null, {});
    const srv = await startHttp(w.env({ TRAKT_MCP_HTTP_TOKEN: 'tok' }), '0.0.0.0:0');
    try {
      const url = srv.url.replace('0.0.0.0', '127.0.0.1');
      const r = await post(url, initialize(), { authorization: 'Bearer tok' });
      assert.equal(r.status, 200);
    } finally {
      await srv.stop();
      await w.close();
    }
  });
});

describe('2026-07-28 over stdio', () => {
  test('stateless (2026-07-28) requests without initialize; server/discover; the legacy era still works in its own process', async (t) => {
    const w = await world(t, {});
    const p = await w.spawn({ init: false });
    const d = await p.request('server/discover', {}, { meta: statelessMeta() });
    assert.equal(d.result.resultType, 'complete');
    assert.ok(d.result.supportedVersions.includes(STATELESS));
    const l = await p.request('tools/list', {}, { meta: statelessMeta() });
    assert.equal(l.result.tools.length, declaredToolNames().length);
    assert.ok(l.result.ttlMs > 0);
    const c = await p.request('tools/call', { name: 'get_history', arguments: { limit: 300 } },
      { meta: statelessMeta({ progressToken: 's' }) });
    assert.equal(c.result.resultType, 'complete');
    assert.equal(c.result.structuredContent.items.length, 300);
    assert.ok(p.notifications.filter((n) => n.method === 'notifications/progress').length >= 2);
    const v = await p.request('tools/list', {}, { meta: statelessMeta({ 'io.modelcontextprotocol/protocolVersion': '2099-01-01' }) });
    assert.equal(v.error.code, -32022);
    assert.deepEqual(v.error.data.requested, '2099-01-01');
    const ping = await p.request('ping', {}, { meta: statelessMeta() });
    assert.equal(ping.error.code, -32601);
    // Without the stateless _meta and before initialize it is still the legacy error.
    const legacy = await p.request('tools/list');
    assert.equal(legacy.error.code, -32600);

    const q = await w.spawn({ version: LEGACY });
    const ll = await q.request('tools/list');
    assert.equal(ll.result.resultType, undefined);
    assert.equal(ll.result.tools.length, declaredToolNames().length);
  });
});
