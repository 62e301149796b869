// Fault injection, client side (stdio): malformed, odd and hostile input from an MCP client, and
// a client that goes away half-way. Each row asserts what the client gets back (exactly one
// answer where JSON-RPC wants one, none where it wants none) AND that the server still answers
// ping and a following good tool call. Extends tests/integration/protocol.test.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  world, requireBinary, sleep, waitFor, withTimeout, readTokens, T_EXIT,
} from '../integration/harness.mjs';
import { assertRecovered, assertToolError, fileMode, tokenLeftovers, now } from './helpers.mjs';

requireBinary();

/** Captures the raw stdout text (numbers JSON.parse would round, e.g. 2^64+1). */
function rawStdout(p) {
  const chunks = [];
  p.proc.stdout.on('data', (d) => chunks.push(d));
  return () => Buffer.concat(chunks).toString('utf8');
}

/**
 * Writes one raw line (string or Buffer, newline added) and returns the messages it produced:
 * waits for `expect` new messages, then a quiet period to catch any extra one.
 */
async function exchange(p, line, expect, { quiet = 300 } = {}) {
  const n0 = p.messages.length;
  const buf = Buffer.isBuffer(line) ? line : Buffer.from(line);
  p.proc.stdin.write(Buffer.concat([buf, Buffer.from('\n')]));
  if (expect > 0) {
    await waitFor(() => p.messages.length >= n0 + expect, { timeout: 15_000, what: `${expect} answer(s) to ${buf.toString('utf8', 0, 120)}` });
  }
  await sleep(quiet);
  return p.messages.slice(n0);
}

function assertError(msg, code, id, what) {
  assert.ok(msg && msg.error, `${what}: expected an error, got ${JSON.stringify(msg)}`);
  assert.equal(msg.error.code, code, `${what}: ${JSON.stringify(msg)}`);
  assert.deepEqual(msg.id, id, `${what}: id ${JSON.stringify(msg)}`);
  assert.equal(typeof msg.error.message, 'string');
  assert.ok(msg.error.message.length > 0);
  assert.equal(msg.jsonrpc, '2.0');
}

test('invalid UTF-8 inside a JSON string -> -32700 (id null), nothing garbled echoed, server reads on', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const raw = rawStdout(p);
  const bad = (s) => Buffer.concat([Buffer.from(s[0]), Buffer.from([0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from(s[1])]);
  for (const line of [
    bad(['{"jsonrpc":"2.0","id":"u1","method":"ping","params":{"x":"', '"}}']),
    bad(['{"jsonrpc":"2.0","id":"u2","method":"tools/call","params":{"name":"get_history","arguments":{"type":"', '"}}}']),
    bad(['{"jsonrpc":"2.0","id":"', '","method":"ping"}']),
  ]) {
    const got = await exchange(p, line, 1);
    assert.equal(got.length, 1, JSON.stringify(got));
    assertError(got[0], -32700, null, 'invalid UTF-8');
  }
  assert.ok(Buffer.from(raw(), 'utf8').toString('utf8') === raw() && !raw().includes('\ufffd'),
    'stdout stays valid UTF-8 without replacement characters');
  await assertRecovered(p);
});

test('ids of every JSON type: string and integer echoed; float, null, bool, object, array -> -32600 (id null)', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  for (const [id, ok] of [
    ['"s-1"', 's-1'], ['""', ''], ['42', 42], ['-7', -7], ['0', 0], ['9007199254740991', 9007199254740991],
  ]) {
    const got = await exchange(p, `{"jsonrpc":"2.0","id":${id},"method":"ping"}`, 1);
    assert.equal(got.length, 1, `id ${id}: ${JSON.stringify(got)}`);
    assert.deepEqual(got[0], { jsonrpc: '2.0', id: ok, result: {} }, `id ${id}`);
  }
  for (const id of ['1.5', '2.0', '1e3', 'null', 'true', 'false', '{"a":1}', '[1]', '[]']) {
    const got = await exchange(p, `{"jsonrpc":"2.0","id":${id},"method":"ping"}`, 1);
    assert.equal(got.length, 1, `id ${id}: ${JSON.stringify(got)}`);
    assertError(got[0], -32600, null, `id ${id}`);
    assert.match(got[0].error.message, /id/, `id ${id}: the message names the id`);
  }
  await assertRecovered(p);
});

test('duplicate keys -> exactly one answer, consistent (the last value wins), never two', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  let got = await exchange(p, '{"jsonrpc":"2.0","id":"d1","id":"d2","method":"ping"}', 1);
  assert.equal(got.length, 1, JSON.stringify(got));
  if (got[0].error) assertError(got[0], -32600, null, 'duplicate id');
  else assert.deepEqual(got[0], { jsonrpc: '2.0', id: 'd2', result: {} });
  got = await exchange(p, '{"jsonrpc":"2.0","id":"m1","method":"tools/list","method":"ping"}', 1);
  assert.equal(got.length, 1, JSON.stringify(got));
  if (!got[0].error) assert.deepEqual(got[0].result, {}, 'the last "method" (ping) was run');
  got = await exchange(p,
    '{"jsonrpc":"2.0","id":"a1","method":"tools/call","params":{"name":"get_history","arguments":{"limit":3,"limit":2}}}', 1);
  assert.equal(got.length, 1);
  assert.equal(got[0].result.structuredContent.count, 2, 'the last "limit" (2) was used');
  await assertRecovered(p);
});

test('huge numbers: id 1e400 and 2^64+1 -> -32600, never a rounded id; as arguments -> isError naming the argument', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const raw = rawStdout(p);
  for (const id of ['1e400', '-1e400', '18446744073709551617', '-18446744073709551617', '1' + '0'.repeat(400)]) {
    const got = await exchange(p, `{"jsonrpc":"2.0","id":${id},"method":"ping"}`, 1);
    assert.equal(got.length, 1, `id ${id}: ${JSON.stringify(got)}`);
    assertError(got[0], -32600, null, `id ${id}`);
  }
  assert.doesNotMatch(raw(), /18446744073709552000|1\.8446744073709552e\+?19"?,"result/i, 'a rounded id was echoed');
  for (const v of ['1e400', '18446744073709551617', '-1e400']) {
    const got = await exchange(p,
      `{"jsonrpc":"2.0","id":"n${v}","method":"tools/call","params":{"name":"get_history","arguments":{"limit":${v}}}}`, 1);
    assert.equal(got.length, 1);
    assertToolError(got[0].result, [/limit/, /1 to 1000/], `limit ${v}`);
  }
  assert.equal((await w.standin.stats()).requests, 0, 'no request to Trakt for out-of-range input');
  await assertRecovered(p);
});

test('a second initialize -> -32600 "already initialized" for that id; the session goes on as negotiated', async (t) => {
  const w = await world(t);
  const p = await w.spawn({ version: '2025-06-18' });
  const r = await p.request('initialize', {
    protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'again', version: '2' },
  });
  assertError(r, -32600, r.id, 'second initialize');
  assert.match(r.error.message, /already initialized/i);
  // Still 2025-06-18: a batch is refused as it was before.
  const got = await exchange(p, '[{"jsonrpc":"2.0","id":"b1","method":"ping"}]', 1);
  assert.equal(got.length, 1);
  assert.ok(!Array.isArray(got[0]), 'no batch answer in 2025-06-18');
  assertError(got[0], -32600, null, 'batch in 2025-06-18');
  await assertRecovered(p);
});

test('responses the server never asked for (result and error) -> ignored silently', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  for (const line of [
    '{"jsonrpc":"2.0","id":99,"result":{}}',
    '{"jsonrpc":"2.0","id":"x","error":{"code":-32603,"message":"whatever"}}',
    '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}',
    '{"jsonrpc":"2.0","id":98,"result":{"content":[{"type":"text","text":"spoof"}]}}',
  ]) {
    const got = await exchange(p, line, 0, { quiet: 400 });
    assert.deepEqual(got, [], `answered a response: ${line} -> ${JSON.stringify(got)}`);
  }
  await assertRecovered(p);
});

test('notifications sent with an id -> treated as requests: exactly one error answer with that id', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  for (const [id, method, params] of [
    ['n1', 'notifications/initialized', undefined],
    ['n2', 'notifications/cancelled', { requestId: 'nothing' }],
    [7, 'notifications/progress', { progressToken: 1, progress: 1 }],
  ]) {
    const msg = { jsonrpc: '2.0', id, method };
    if (params) msg.params = params;
    const got = await exchange(p, JSON.stringify(msg), 1);
    assert.equal(got.length, 1, `${method}: ${JSON.stringify(got)}`);
    assert.ok(got[0].error, `${method}: ${JSON.stringify(got[0])}`);
    assert.ok([-32601, -32600].includes(got[0].error.code), JSON.stringify(got[0]));
    assert.deepEqual(got[0].id, id);
  }
  await assertRecovered(p);
});

test('2025-03-26 batches: empty -> one -32600; mixed -> answers for requests and bad members only; all notifications -> nothing', async (t) => {
  const w = await world(t);
  const p = await w.spawn({ version: '2025-03-26' });
  let got = await exchange(p, '[]', 1);
  assert.equal(got.length, 1);
  assert.ok(!Array.isArray(got[0]), 'an empty batch gets a single error, not an array');
  assertError(got[0], -32600, null, 'empty batch');

  got = await exchange(p, JSON.stringify([
    { jsonrpc: '2.0', id: 'b1', method: 'ping' },
    { jsonrpc: '2.0', method: 'notifications/whatever' },
    { foo: 1 },
    5,
    { jsonrpc: '2.0', id: 'b2', method: 'nope' },
    { jsonrpc: '2.0', id: 'b3', method: 'tools/call', params: { name: 'get_history', arguments: { limit: 2 } } },
  ]), 1, { quiet: 500 });
  assert.equal(got.length, 1, JSON.stringify(got));
  const batch = got[0];
  assert.ok(Array.isArray(batch), `a batch answer: ${JSON.stringify(batch)}`);
  assert.equal(batch.length, 5, `5 answers (no answer for the notification): ${JSON.stringify(batch)}`);
  const byId = (id) => batch.find((m) => m.id === id);
  assert.deepEqual(byId('b1').result, {});
  assert.equal(byId('b2').error.code, -32601);
  assert.equal(byId('b3').result.structuredContent.count, 2);
  assert.equal(batch.filter((m) => m.id === null && m.error?.code === -32600).length, 2);

  got = await exchange(p, JSON.stringify([
    { jsonrpc: '2.0', method: 'notifications/a' }, { jsonrpc: '2.0', method: 'notifications/b' },
  ]), 0, { quiet: 500 });
  assert.deepEqual(got, [], 'a batch of notifications gets no answer at all');
  await assertRecovered(p);
});

test('stdin closed in the middle of a request line (partial line, then EOF) -> exit 0, no crash', async (t) => {
  const w = await world(t);
  const init = JSON.stringify({
    jsonrpc: '2.0', id: 1, method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
  });
  for (const input of [
    '{"jsonrpc":"2.0","id":1,"method":"initia',
    `${init}\n{"jsonrpc":"2.0","method":"notifications/initialized"}\n{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_hi`,
    `${init}\n${Buffer.from([0xe2, 0x82])}`, // EOF inside a UTF-8 sequence
  ]) {
    const r = await w.run([], { input, timeout: T_EXIT });
    assert.equal(r.signal, null, `killed by ${r.signal}: ${r.stderr.slice(-2000)}`);
    assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr.slice(-2000)}`);
    const lines = r.stdout.split('\n').filter(Boolean);
    for (const l of lines) JSON.parse(l); // every stdout line is JSON
    if (input.startsWith(init)) assert.equal(JSON.parse(lines[0]).id, 1, 'initialize was answered');
    assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error|terminate called|Segmentation/);
  }
  // And a whole session still works afterwards, in a new process on the same home.
  const p = await w.spawn();
  await assertRecovered(p);
});

// The client closes its read end of our stdout (destroys the pipe) and keeps stdin open: nobody
// can receive answers any more, so the server finishes what must finish (a token save) and exits
// on its own, with exit code 0 (the client went away; the server did nothing wrong).

/** Resolves {code, signal, ms} when p exits within `ms`, else rejects (stdin is left open). */
async function exitsOnItsOwn(p, ms, what) {
  const t0 = Date.now();
  const exit = await withTimeout(p.exited, ms,
    `${what}: trakt-mcp still running ${ms} ms after stdout was closed (stdin open); stderr tail:\n${p.stderr.slice(-2000)}`);
  return { ...exit, ms: Date.now() - t0 };
}

function assertCleanExit(p, exit, what) {
  assert.equal(exit.signal, null, `${what}: died of ${exit.signal} (SIGPIPE must be ignored); stderr:\n${p.stderr.slice(-2000)}`);
  assert.equal(exit.code, 0, `${what}: exit code ${exit.code}; stderr:\n${p.stderr.slice(-2000)}`);
  assert.equal(p.proc.stdin.writableEnded, false, `${what}: the test closed stdin itself`);
  assert.match(p.stderr, /client closed stdout.*exiting/, `${what}: one warning says why it exits`);
  assert.equal(p.stderr.match(/client closed stdout/g).length, 1, `${what}: the warning is logged once`);
  assert.doesNotMatch(p.stderr, /AddressSanitizer|runtime error|terminate called|Segmentation/);
}

test('stdout closed by the client while idle, stdin still open -> exits promptly, code 0', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  // Nothing is written after this, so no write fails: the server must notice the hang-up itself.
  p.proc.stdout.destroy();
  const exit = await exitsOnItsOwn(p, 5_000, 'idle');
  t.diagnostic(`exited ${exit.ms} ms after stdout was closed`);
  assertCleanExit(p, exit, 'idle');
  // A new client is served normally.
  await assertRecovered(await w.spawn());
});

test('stdout closed by the client while requests keep coming -> no SIGPIPE death, exits on its own, code 0', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  p.proc.stdout.destroy(); // the client stops reading: the server's writes now fail (EPIPE)
  for (let i = 0; i < 20; i++) {
    p.send({ jsonrpc: '2.0', id: `after-${i}`, method: i % 5 === 0 ? 'tools/call' : 'ping',
      params: i % 5 === 0 ? { name: 'get_history', arguments: { limit: 3 } } : undefined });
  }
  const exit = await exitsOnItsOwn(p, 5_000, 'requests after the close');
  assertCleanExit(p, exit, 'requests after the close');
  await assertRecovered(await w.spawn());
});

test('stdout closed while a token refresh is in flight -> the refreshed pair is saved, then the process exits (stdin open)', async (t) => {
  const REFRESH_DELAY_MS = 2_000;
  const w = await world(t, {
    login: { expires_in: 3600, created_at: now() - 7200 }, // expired: the first call refreshes
    config: { refresh_delay_ms: REFRESH_DELAY_MS },
  });
  const file = path.join(w.home, 'tokens.json');
  const old = await readTokens(w.home);
  const p = await w.spawn();
  const call = p.callTool('get_history', { limit: 1 }, { timeout: 30_000 }).then(() => 'answered', (e) => e.message);
  // The refresh request has reached Trakt, which takes REFRESH_DELAY_MS to answer.
  await waitFor(async () => (await w.standin.stats()).refresh_attempts >= 1,
    { timeout: 15_000, interval: 50, what: 'the refresh request to reach the stand-in' });
  const s0 = await w.standin.stats();
  assert.equal(s0.refreshes, 0, 'the refresh is still in flight');
  p.proc.stdout.destroy();

  const exit = await exitsOnItsOwn(p, REFRESH_DELAY_MS + 8_000, 'refresh in flight');
  t.diagnostic(`exited ${exit.ms} ms after stdout was closed (refresh delay ${REFRESH_DELAY_MS} ms)`);
  assertCleanExit(p, exit, 'refresh in flight');
  assert.notEqual(await call, 'answered', 'nobody could have read an answer');

  // Trakt issues the new pair whether or not anyone is still listening; it must be on disk.
  await waitFor(async () => (await w.standin.stats()).refreshes >= 1,
    { timeout: REFRESH_DELAY_MS + 10_000, interval: 50, what: 'the stand-in to issue the new pair' });
  assert.equal((await w.standin.stats()).refreshes, 1, 'Trakt issued exactly one new pair');
  const saved = await readTokens(w.home);
  assert.notEqual(saved.refresh_token, old.refresh_token, 'tokens.json holds the refreshed pair, not the spent one');
  assert.notEqual(saved.access_token, old.access_token);
  assert.equal(fileMode(file), 0o600);
  assert.deepEqual(tokenLeftovers(w.home), [], 'no temp files');
  // The saved pair is the live one: its refresh token is accepted (and the old one is not).
  assert.notEqual((await w.standin.refreshAs(old.refresh_token)).status, 200, 'the old refresh token is spent');
  const r = await w.standin.refreshAs(saved.refresh_token);
  assert.equal(r.status, 200, `the saved refresh token is not accepted: ${r.text}`);
});
