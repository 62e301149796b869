// Soak: one stdio session, 100k mixed messages written without waiting for answers (pings,
// tools/list, lines that are not JSON, unknown methods, invalid requests, notifications, and a
// few thousand tools/call against the stand-in), stdout read all along. Then: every request id
// answered exactly once (none lost, none twice, none invented), one -32700 per bad line, and
// the resident memory (VmRSS) bounded between warm-up and the end.
//
// Then backpressure: thousands of tools/list pipelined while NOT reading stdout for a while,
// measuring VmRSS meanwhile; then reading again and checking every answer arrives.
//
// Sizes scale down for sanitizer builds (TRAKT_MCP_SOAK_SANITIZED=1, set by soak.cmake), whose
// allocator quarantine makes RSS figures meaningless; the id checks stay.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { once } from 'node:events';
import { world, requireBinary, sleep, withTimeout, waitFor } from '../integration/harness.mjs';

requireBinary();

const SANITIZED = process.env.TRAKT_MCP_SOAK_SANITIZED === '1';
const TOTAL = Number(process.env.TRAKT_MCP_SOAK_MESSAGES ?? (SANITIZED ? 20_000 : 100_000));
const RSS_SLACK_MB = SANITIZED ? 512 : 20;
const MB = 1024 * 1024;

function rssBytes(pid) {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+) kB/m.exec(s);
  assert.ok(m, `no VmRSS in /proc/${pid}/status`);
  return Number(m[1]) * 1024;
}
const mb = (b) => (b / MB).toFixed(1);

/** Writes lines to the child's stdin honouring pipe backpressure (never waits for answers). */
async function writeAll(proc, lines, chunk = 2000) {
  for (let i = 0; i < lines.length; i += chunk) {
    const ok = proc.stdin.write(lines.slice(i, i + chunk).join('\n') + '\n');
    if (!ok) await once(proc.stdin, 'drain');
  }
}

/** Counts answers by id (serialized) and null-id errors; checks for duplicates and strangers. */
function answerCounter(p) {
  const c = { byId: new Map(), nullErrors: 0, parseErrors: 0, total: 0, notifications: 0 };
  const listener = (m) => {
    if (Array.isArray(m)) return; // members are delivered one by one as well
    if (!m || typeof m !== 'object') return;
    if ('method' in m) { c.notifications += 1; return; }
    c.total += 1;
    if (m.id === null) {
      c.nullErrors += 1;
      if (m.error?.code === -32700) c.parseErrors += 1;
      return;
    }
    const k = JSON.stringify(m.id);
    c.byId.set(k, (c.byId.get(k) ?? 0) + 1);
  };
  p.listeners.add(listener);
  c.stop = () => p.listeners.delete(listener);
  return c;
}

// The mix, per 100 messages: 55 pings, 8 tools/list, 8 not JSON, 8 unknown methods,
// 5 invalid requests (answered with their id), 10 notifications (no answer), 3 tools/call,
// 3 tools/call with bad arguments (isError, no upstream request).
function buildMix(total, prefix = '') {
  const lines = [];
  const expect = new Map(); // id (serialized) -> kind
  let badLines = 0;
  let toolCalls = 0;
  let n = 0;
  const id = (kind) => {
    n += 1;
    const v = prefix ? `${prefix}${n}` : n % 7 === 0 ? `s-${n}` : n; // strings and integers
    expect.set(JSON.stringify(v), kind);
    return v;
  };
  const tools = [
    ['get_upcoming', { start_date: '2026-11-23', days: 7 }],
    ['get_history', { limit: 20 }],
    ['get_watchlist', { type: 'movies' }],
  ];
  for (let i = 0; i < total; i++) {
    const r = i % 100;
    if (r < 55) lines.push(JSON.stringify({ jsonrpc: '2.0', id: id('ping'), method: 'ping' }));
    else if (r < 63) lines.push(JSON.stringify({ jsonrpc: '2.0', id: id('tools/list'), method: 'tools/list' }));
    else if (r < 71) { lines.push(i % 2 ? `{"jsonrpc":"2.0","id":${i},"method":"ping"` : `not json ${i} ]`); badLines += 1; }
    else if (r < 79) lines.push(JSON.stringify({ jsonrpc: '2.0', id: id('unknown'), method: `no/such/method/${i}` }));
    else if (r < 84) lines.push(JSON.stringify({ jsonrpc: '1.0', id: id('invalid'), method: 'ping' }));
    else if (r < 94) lines.push(JSON.stringify({ jsonrpc: '2.0', method: r % 2 ? 'notifications/initialized' : 'notifications/unknown', params: {} }));
    else if (r < 97) {
      const [name, args] = tools[i % tools.length];
      lines.push(JSON.stringify({ jsonrpc: '2.0', id: id('call'), method: 'tools/call', params: { name, arguments: args } }));
      toolCalls += 1;
    } else {
      lines.push(JSON.stringify({ jsonrpc: '2.0', id: id('bad-args'), method: 'tools/call', params: { name: 'get_history', arguments: { limit: 5000 } } }));
    }
  }
  return { lines, expect, badLines, toolCalls };
}

function checkAnswers(counter, expect, badLines, p) {
  const missing = [];
  const twice = [];
  for (const k of expect.keys()) {
    const got = counter.byId.get(k) ?? 0;
    if (got === 0) missing.push(k);
    if (got > 1) twice.push(k);
  }
  const strangers = [...counter.byId.keys()].filter((k) => !expect.has(k));
  assert.deepEqual(missing.slice(0, 20), [], `${missing.length} requests never answered`);
  assert.deepEqual(twice.slice(0, 20), [], `${twice.length} requests answered more than once`);
  assert.deepEqual(strangers.slice(0, 20), [], 'answers to ids nobody sent');
  assert.equal(counter.parseErrors, badLines, 'one -32700 (id null) per line that is not JSON');
  assert.equal(counter.nullErrors, badLines, 'no other null-id errors');
  assert.equal(p.badLines.length, 0, `non-JSON on stdout: ${p.badLines.slice(0, 3).join('\n')}`);
}

test('300 tools/call pipelined at once: every one answered (connection pool never stalls)', { timeout: 120_000 }, async (t) => {
  const w = await world(t);
  const p = await w.spawn({ env: w.env({}, { logLevel: 'warning' }) });
  const N = 300;
  const counter = answerCounter(p);
  const lines = Array.from({ length: N }, (_, i) => JSON.stringify({
    jsonrpc: '2.0', id: `c-${i}`, method: 'tools/call',
    params: { name: ['get_upcoming', 'get_history', 'get_watchlist'][i % 3], arguments: i % 3 === 1 ? { limit: 20 } : {} },
  }));
  await writeAll(p.proc, lines);
  try {
    await waitFor(() => counter.total >= N, { timeout: 60_000, interval: 20, what: 'answers' });
  } catch {
    const s = await w.standin.stats();
    assert.fail(`only ${counter.total} of ${N} concurrent tools/call answered in 60 s; the stand-in saw ` +
      `${s.requests} API requests on ${s.binary_connections} connections (a request waiting for a ` +
      'connection slot is not woken when a connection is given back to the idle pool?)');
  }
  counter.stop();
  for (let i = 0; i < N; i++) assert.equal(counter.byId.get(JSON.stringify(`c-${i}`)), 1, `c-${i} answered once`);
  const errors = p.messages.filter((m) => m.result?.isError);
  assert.deepEqual(errors.slice(0, 3), [], 'no tool errors');
});

test(`soak: ${TOTAL} mixed messages pipelined over one session`, { timeout: 240_000 }, async (t) => {
  const w = await world(t);
  const p = await w.spawn({ env: w.env({}, { logLevel: 'warning' }) });
  const pid = p.proc.pid;

  // Warm-up: every tool once for real, then some of everything, so lazily built things
  // (TLS context, connection pool, schemas) exist before the first measurement.
  for (const [name, args] of [['get_upcoming', {}], ['get_history', { limit: 20 }], ['get_watchlist', {}]]) {
    const r = await p.callTool(name, args);
    assert.ok(r.result && !r.result.isError, `warm-up ${name}: ${JSON.stringify(r).slice(0, 500)}`);
  }
  {
    const warm = buildMix(5000, 'warm-');
    const c = answerCounter(p);
    await writeAll(p.proc, warm.lines);
    await waitFor(() => c.total >= warm.expect.size + warm.badLines, { timeout: 60_000, what: 'warm-up answers' });
    c.stop();
  }
  await sleep(200);
  const rssStart = rssBytes(pid);

  const { lines, expect, badLines, toolCalls } = buildMix(TOTAL);
  const counter = answerCounter(p);
  const want = expect.size + badLines;
  const t0 = process.hrtime.bigint();
  await writeAll(p.proc, lines);
  let rssPeak = rssStart;
  const peakTimer = setInterval(() => { try { rssPeak = Math.max(rssPeak, rssBytes(pid)); } catch { /* gone */ } }, 50);
  try {
    await waitFor(() => counter.total >= want, { timeout: 180_000, interval: 20, what: `${want} answers (have ${counter.total})` });
  } finally {
    clearInterval(peakTimer);
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  await sleep(300); // anything answered twice would arrive now
  const rssEnd = rssBytes(pid);
  counter.stop();

  checkAnswers(counter, expect, badLines, p);
  const stats = await w.standin.stats();
  console.log(`# soak: ${TOTAL} messages (${expect.size} requests, ${badLines} bad lines, ${toolCalls} upstream tools/call) ` +
    `in ${secs.toFixed(2)} s = ${Math.round(TOTAL / secs)} msg/s; stand-in saw ${stats.requests} API requests on ${stats.binary_connections} connections`);
  console.log(`# soak: VmRSS start ${mb(rssStart)} MB, peak ${mb(rssPeak)} MB, end ${mb(rssEnd)} MB (bound: start + ${RSS_SLACK_MB} MB)`);
  assert.ok(rssEnd < rssStart + RSS_SLACK_MB * MB,
    `VmRSS grew from ${mb(rssStart)} MB to ${mb(rssEnd)} MB over the soak (bound +${RSS_SLACK_MB} MB)`);

  // The session is still healthy.
  const r = await p.request('ping');
  assert.deepEqual(r.result, {});
});

test('backpressure: pipelined requests while stdout is not read', { timeout: 180_000 }, async (t) => {
  const w = await world(t);
  const p = await w.spawn({ env: w.env({}, { logLevel: 'warning' }) });
  const pid = p.proc.pid;
  await p.request('tools/list');
  await sleep(100);
  const rssStart = rssBytes(pid);

  // One tools/list answer is a few kB; N of them are far more than the pipe holds (64 kB).
  const sample = JSON.stringify((await p.request('tools/list')).result).length + 40;
  const N = SANITIZED ? 2000 : 8000;
  const unreadBytes = sample * N;
  const counter = answerCounter(p);
  p.proc.stdout.pause();
  const payload = Array.from({ length: N }, (_, i) =>
    JSON.stringify({ jsonrpc: '2.0', id: `bp-${i}`, method: 'tools/list' })).join('\n') + '\n';
  p.proc.stdin.write(payload); // not awaited: the server may refuse to read while we do not
  // Let the server read what it will and queue what it must.
  let rssPaused = rssStart;
  const end = Date.now() + 4000;
  while (Date.now() < end) {
    await sleep(100);
    rssPaused = Math.max(rssPaused, rssBytes(pid));
  }
  const stdinPending = p.proc.stdin.writableLength;
  console.log(`# backpressure: ${N} tools/list (~${mb(unreadBytes)} MB of answers) while stdout unread: ` +
    `VmRSS ${mb(rssStart)} MB -> ${mb(rssPaused)} MB (+${mb(rssPaused - rssStart)} MB); ` +
    `${mb(stdinPending)} MB of our requests still unread by the server`);
  if (stdinPending === 0) {
    console.log('# backpressure: the server read every request while its output was blocked: ' +
      'its answers are queued in memory without limit (see tests/soak/README.md)');
  }

  p.proc.stdout.resume();
  await withTimeout(waitFor(() => counter.total >= N, { timeout: 120_000, interval: 20, what: `${N} answers` }), 125_000, 'answers after resuming');
  await sleep(200);
  const rssAfter = rssBytes(pid);
  counter.stop();
  for (let i = 0; i < N; i++) assert.equal(counter.byId.get(JSON.stringify(`bp-${i}`)), 1, `bp-${i} answered once`);
  console.log(`# backpressure: all ${N} answered after reading resumed; VmRSS then ${mb(rssAfter)} MB`);

  // Generous: queued output may cost memory, but not more than a few times its own size.
  const bound = SANITIZED ? 1024 * MB : 4 * unreadBytes + 64 * MB;
  assert.ok(rssPaused - rssStart < bound,
    `VmRSS grew by ${mb(rssPaused - rssStart)} MB while ${mb(unreadBytes)} MB of answers were unread (bound ${mb(bound)} MB)`);
  const r = await p.request('ping');
  assert.deepEqual(r.result, {});
});
