// Shared helpers for the fault-injection suite (tests/faults). Builds on the integration harness
// (tests/integration/harness.mjs), which it imports and never changes.
//
// - assertToolError: the exact outcome a person sees (isError, the cause, what to do, no null-ish
//   words, no HTML, no secrets),
// - assertRecovered: the server still answers ping AND a following good tool call,
// - miniUpstream: a tiny HTTPS server with the stand-in's test certificate, for faults the stand-in
//   cannot make (a connection reset in the middle of a body),
// - small file and process helpers (modes, temp files, CPU time from /proc).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import {
  textOf, linesOf, FORBIDDEN_WORDS, CLIENT_SECRET, certsDir, withTimeout,
} from '../integration/harness.mjs';
import { historyItems } from '../standin/fixtures.mjs';
import { freshActivities } from '../standin/activities.mjs';

export const now = () => Math.floor(Date.now() / 1000);

/** TRAKT_MCP_TIMEOUT for tests that hang the upstream on purpose (seconds). */
export const SHORT_TIMEOUT_S = 2;

/**
 * A tool error as a person sees it: isError true, non-empty text matching every pattern in
 * `mustMatch` (the cause, and what to do), nothing null-ish, no raw HTML, no secret.
 */
export function assertToolError(result, mustMatch, what, { secrets = [] } = {}) {
  assert.ok(result && typeof result === 'object', `${what}: no result`);
  assert.equal(result.isError, true, `${what}: expected isError, got ${JSON.stringify(result).slice(0, 2000)}`);
  const text = textOf(result);
  assert.ok(text.length > 0, `${what}: empty error text`);
  for (const re of [].concat(mustMatch)) {
    assert.match(text, re, `${what}: error text ${JSON.stringify(text)} should match ${re}`);
  }
  assert.doesNotMatch(text, FORBIDDEN_WORDS, `${what}: null-ish word in ${JSON.stringify(text)}`);
  assert.doesNotMatch(text, /<!DOCTYPE|<html|<body/i, `${what}: raw HTML in ${JSON.stringify(text)}`);
  for (const s of [CLIENT_SECRET, ...secrets].filter(Boolean)) {
    assert.ok(!text.includes(s), `${what}: the error text contains a secret (${s.slice(0, 6)}...)`);
  }
  return text;
}

/** What every "what to do" part of an upstream error looks like. */
export const ADVICE = /try again|check|run `trakt-mcp login`|upgrade|support|remove|point SSL_CERT_FILE/i;

export function assertOkResult(result, what, { lines } = {}) {
  assert.ok(result && typeof result === 'object', `${what}: no result`);
  assert.notEqual(result.isError, true, `${what}: ${textOf(result)}`);
  const got = linesOf(result);
  if (lines !== undefined) assert.equal(got.length, lines, `${what}: ${got.length} lines:\n${got.join('\n')}`);
  assert.doesNotMatch(textOf(result), FORBIDDEN_WORDS, what);
  return got;
}

/**
 * The server is still fine: ping answered, stdout clean, and a following good call (by default
 * get_history limit 3 against whatever upstream is configured) succeeds.
 */
export async function assertRecovered(p, { tool = 'get_history', args = { limit: 3 }, lines = 3, timeout } = {}) {
  const ping = await p.request('ping', undefined, { timeout: 10_000 });
  assert.deepEqual(ping.result, {}, `ping after the fault: ${JSON.stringify(ping)}`);
  assert.equal(p.badLines.length, 0, `non-JSON on stdout: ${p.badLines.join('\n')}`);
  const r = await p.callToolResult(tool, args, timeout ? { timeout } : {});
  assertOkResult(r, `good ${tool} call after the fault`, { lines });
  assert.equal(p.proc.exitCode, null, 'the server is still running');
}

/** Runs fn and returns [value, elapsed ms]. */
export async function timed(fn) {
  const t0 = Date.now();
  const v = await fn();
  return [v, Date.now() - t0];
}

export function fileMode(file) {
  return fs.statSync(file).mode & 0o777;
}

/** Files in `dir` other than tokens.json that look like leftovers of a token write. */
export function tokenLeftovers(dir) {
  return fs.readdirSync(dir).filter((f) => f !== 'tokens.json' && /tokens|\.tmp/.test(f));
}

/** A port nothing listens on (bound once, then closed). */
export async function closedPort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

/** utime + stime of a process in clock ticks (Linux /proc), or null when unavailable. */
export function cpuTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields after "pid (comm) ": state=0 ... utime=11 stime=12
    return Number(rest[11]) + Number(rest[12]);
  } catch {
    return null;
  }
}

/**
 * A tiny Trakt-like HTTPS upstream (stand-in's test certificate, trusted through the same CA)
 * for faults the stand-in cannot produce. `plan` is called per request with (n, req, res, sock)
 * (n counts from 1) and returns true when it handled the request; otherwise a good paginated
 * history answer is sent (fixtures.historyItems, honouring ?limit).
 */
export async function miniUpstream(plan, { port = 0 } = {}) {
  const certs = await certsDir();
  const srv = https.createServer({
    key: await fsp.readFile(path.join(certs, 'server.key')),
    cert: await fsp.readFile(path.join(certs, 'server.pem')),
  });
  const m = { requests: [], activity_checks: 0, sockets: new Set() };
  srv.on('connection', (s) => { m.sockets.add(s); s.on('close', () => m.sockets.delete(s)); });
  srv.on('request', (req, res) => {
    // The cache's check before each question: answered as Trakt would, and kept out of
    // `requests` and `plan`, which are about the list a test breaks.
    if (req.url === '/sync/last_activities') {
      m.activity_checks += 1;
      const body = JSON.stringify(freshActivities());
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    const n = m.requests.length + 1;
    m.requests.push({ method: req.method, url: req.url });
    if (plan && plan(n, req, res)) return;
    const u = new URL(req.url, 'https://x');
    const limit = Math.max(1, Math.min(250, Number(u.searchParams.get('limit') ?? 10)));
    const body = JSON.stringify(historyItems(limit));
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'X-Pagination-Page': '1', 'X-Pagination-Limit': String(limit),
      'X-Pagination-Page-Count': '1', 'X-Pagination-Item-Count': String(limit),
    });
    res.end(body);
  });
  await new Promise((r) => srv.listen(port, '127.0.0.1', r));
  m.port = srv.address().port;
  m.url = `https://127.0.0.1:${m.port}`;
  m.close = async () => {
    for (const s of m.sockets) s.destroy();
    await withTimeout(new Promise((r) => srv.close(r)), 5000, 'mini upstream to close').catch(() => {});
  };
  return m;
}

/** Sends a TCP RST on the connection under an HTTPS request (falls back to destroy). */
export function resetConnection(req) {
  const tlsSock = req.socket;
  const raw = tlsSock && tlsSock._parent && typeof tlsSock._parent.resetAndDestroy === 'function'
    ? tlsSock._parent : (typeof tlsSock?.resetAndDestroy === 'function' ? tlsSock : null);
  try {
    if (raw) raw.resetAndDestroy(); else tlsSock.destroy();
  } catch {
    tlsSock.destroy();
  }
}

/**
 * A plain TCP forwarder on 127.0.0.1 whose target port can be switched between calls: lets one
 * running binary (fixed TRAKT_API_URL) meet a bad-certificate server first and a good one after.
 * New connections go to the current target; switching closes the open ones.
 */
export async function tcpSwitch(targetPort) {
  const conns = new Set();
  const sw = { target: targetPort, connections: 0 };
  const srv = net.createServer((c) => {
    sw.connections += 1;
    const up = net.connect(sw.target, '127.0.0.1');
    conns.add(c); conns.add(up);
    const done = () => { c.destroy(); up.destroy(); conns.delete(c); conns.delete(up); };
    c.on('error', done); up.on('error', done);
    c.on('close', done); up.on('close', done);
    c.pipe(up); up.pipe(c);
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  sw.port = srv.address().port;
  sw.switchTo = (port) => {
    sw.target = port;
    for (const s of conns) s.destroy();
    conns.clear();
  };
  sw.close = async () => {
    for (const s of conns) s.destroy();
    await withTimeout(new Promise((r) => srv.close(r)), 5000, 'tcp switch to close').catch(() => {});
  };
  return sw;
}
