#!/usr/bin/env node
// trakt-mcp benchmark: measures trakt-mcp and the peer (bench/peer: the same tools on the
// official MCP TypeScript SDK) in one run, against the Trakt stand-in (tests/standin) over real
// TLS on 127.0.0.1. Started by bench/run, which builds, installs, makes certificates and starts
// the stand-in, then passes:
//   BENCH_STANDIN_URL  https://127.0.0.1:PORT of a running stand-in
//   BENCH_CA           the test CA (ca.pem) clients must trust
// Knobs: BENCH_STARTS (30) cold starts, BENCH_PINGS (20000) pings per burst, BENCH_CALLS (200)
// sequential calls, BENCH_ROUNDS (5) rounds of the concurrency and history measures,
// TRAKT_MCP_BIN (build/release/bin/trakt-mcp; map_page is taken from the same folder),
// BENCH_OUT (build/bench/results.json; the recorded history page goes next to it).
// Besides the side-by-side rows, trakt-mcp alone: bench/map_page (our CPU per page, in process),
// get_up_next for 300 watched shows, 5 writes paced at Trakt's limit, and hosted mode (2 instances
// on one SQLite file, through tests/hosted/hosted_harness.mjs and the SDK in tests/node_modules).
// Every figure is a median unless its name says otherwise. Nothing here passes or fails a build:
// the exit status only says whether the benchmark ran.
//
// Mostly self-contained: it imports from tests/ only the HTTPS request helper the stand-in's
// own tests use (tests/standin/https_json.mjs), the context-budget count the budget test uses
// (tests/integration/context_budget.mjs) and, for hosted mode (sign-in through MCP OAuth
// with the official SDK), tests/hosted/hosted_harness.mjs when it is there.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { httpsJson } from '../tests/standin/https_json.mjs';
import { CONTEXT_BUDGET_BYTES, contextBytes } from '../tests/integration/context_budget.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const BIN = path.resolve(process.env.TRAKT_MCP_BIN ?? path.join(REPO, 'build', 'release', 'bin', 'trakt-mcp'));
const PEER = path.join(HERE, 'peer', 'server.mjs');
const MAP_PAGE = path.join(path.dirname(BIN), 'map_page');
const HOSTED_HARNESS = path.join(REPO, 'tests', 'hosted', 'hosted_harness.mjs');
const OUT = path.resolve(process.env.BENCH_OUT ?? path.join(REPO, 'build', 'bench', 'results.json'));
const HISTORY_PAGE = path.join(path.dirname(OUT), 'history-250.json');
const STANDIN_URL = process.env.BENCH_STANDIN_URL;
const CA_FILE = process.env.BENCH_CA;

const intEnv = (k, d) => {
  const v = Number.parseInt(process.env[k] ?? '', 10);
  return Number.isFinite(v) && v > 0 ? v : d;
};
const N_STARTS = intEnv('BENCH_STARTS', 30);
const N_PINGS = intEnv('BENCH_PINGS', 20000);
const PING_BURSTS = 5;
const N_CALLS = intEnv('BENCH_CALLS', 200);
const ROUNDS = intEnv('BENCH_ROUNDS', 5);
// get_history rounds: a call takes milliseconds, and five medians swung by a third between runs.
const HISTORY_ROUNDS = intEnv('BENCH_HISTORY_ROUNDS', 20);
const REPEATS = intEnv('BENCH_REPEATS', 10);
const N_REFRESH = 32;
const UPSTREAM_DELAY_MS = 50;
const REFRESH_DELAY_MS = 50;
const N_WATCHLIST = 50; // get_watchlist asked again, nothing changed
const WATCHED_SHOWS = 300; // up next for a person with this many watched shows
const UPNEXT_LIMITS = [10, 50]; // get_up_next's default, and the most one call lists
const MAP_ITERATIONS_1000 = 100; // map_page --limit 1000 (4 pages a call)
const HOSTED_USER = 'bench-hosted';
// Five titles the stand-in knows and the fixture watchlist lacks, so each write adds one: Heat
// (details fixtures), Thor: The Dark World and Oldboy (MOVIES), The Leftovers and Parks and
// Recreation (SHOWS).
const WRITE_ITEMS = [['movie', 1234], ['movie', 10], ['movie', 513], ['show', 7], ['show', 4]]
  .map(([type, trakt]) => ({ type, ids: { trakt } }));

const CLIENT_ID = 'standin-client-id';
const CLIENT_SECRET = 'standin-client-secret';
const UPCOMING_ARGS = { start_date: '2026-11-23', days: 7 }; // 13 episodes
const UPCOMING_PATH = '/calendars/my/shows/2026-11-23/7';

const T_REQ = 30_000; // any one request (MCP or HTTPS)

if (!STANDIN_URL || !CA_FILE) {
  console.error('bench.mjs: BENCH_STANDIN_URL and BENCH_CA must be set (use bench/run)');
  process.exit(2);
}
for (const [what, f] of [['trakt-mcp binary', BIN], ['peer server', PEER],
  ['peer dependencies', path.join(HERE, 'peer', 'node_modules', '@modelcontextprotocol', 'sdk', 'package.json')]]) {
  if (!fs.existsSync(f)) {
    console.error(`bench.mjs: ${what} not found at ${f} (use bench/run)`);
    process.exit(2);
  }
}
const CA = fs.readFileSync(CA_FILE);
const standinPort = Number(new URL(STANDIN_URL).port);

// ---------------------------------------------------------------------------------------------
// Cleanup: children and temp dirs go away however we end.

const children = new Set();
const tempDirs = new Set();
function cleanup() {
  for (const c of children) { try { c.kill('SIGKILL'); } catch { /* gone */ } }
  children.clear();
  for (const d of tempDirs) { try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* */ } }
  tempDirs.clear();
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { console.error(`bench.mjs: ${sig}, stopping`); cleanup(); process.exit(130); });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function withTimeout(p, ms, what) {
  let timer;
  const t = new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`timed out after ${ms} ms: ${what}`)), ms); });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
const log = (...a) => console.error('bench:', ...a);

// ---------------------------------------------------------------------------------------------
// Statistics

function quantile(xs, q) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
const median = (xs) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---------------------------------------------------------------------------------------------
// HTTPS from the bench itself (stand-in control calls and the floor). Every socket the bench
// opens to the stand-in is counted in `own`, so stand-in connection counters minus `own` are
// the servers' own.

let own = 0;
const seenSockets = new WeakSet();
const controlAgent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: CA });

function httpsRequest(agent, method, p, { body, headers = {} } = {}) {
  const countSocket = (req) => req.on('socket', (s) => { if (!seenSockets.has(s)) { seenSockets.add(s); own += 1; } });
  return httpsJson({ port: standinPort, agent, ca: CA, servername: 'localhost' }, method, p,
    { body, headers, timeoutMs: T_REQ, onRequest: countSocket });
}

async function control(method, p, body) {
  const r = await httpsRequest(controlAgent, method, p, { body });
  if (r.status < 200 || r.status >= 300) throw new Error(`stand-in ${method} ${p} -> ${r.status}: ${r.text}`);
  return r.json;
}
const login = (body = {}) => control('POST', '/__standin/login', body);
const config = (cfg) => control('POST', '/__standin/config', cfg);
/** "A change made elsewhere": moves /sync/last_activities, so a cache must re-read. */
const moveActivities = () => control('POST', '/__standin/activity', {});
/** Clears stats, config and faults (tokens stay); the bench's open sockets are not recounted. */
async function reset() { await control('POST', '/__standin/reset', {}); own = 0; }
/** Stand-in stats; `handshakes` / `conns` exclude the bench's own connections. */
async function stats() {
  const s = await control('GET', '/__standin/stats');
  s.handshakes = s.tls_handshakes - own;
  s.conns = s.connections - own;
  return s;
}

// ---------------------------------------------------------------------------------------------
// The servers under test

async function makeHome(tokens) {
  const d = await fsp.mkdtemp(path.join(os.tmpdir(), 'trakt-mcp-bench-home-'));
  tempDirs.add(d);
  const f = path.join(d, 'tokens.json');
  await fsp.writeFile(f, JSON.stringify(tokens, null, 2), { mode: 0o600 });
  await fsp.chmod(f, 0o600);
  return d;
}

function serverEnv(home) {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    TZ: 'UTC',
    LANG: 'C.UTF-8',
    TRAKT_CLIENT_ID: CLIENT_ID,
    TRAKT_CLIENT_SECRET: CLIENT_SECRET,
    TRAKT_API_URL: STANDIN_URL,
    TRAKT_MCP_HOME: home,
    SSL_CERT_FILE: CA_FILE, // trakt-mcp (OpenSSL)
    NODE_EXTRA_CA_CERTS: CA_FILE, // peer (Node fetch)
  };
}

const IMPLS = {
  'trakt-mcp': { cmd: BIN, args: [] },
  peer: { cmd: process.execPath, args: [PEER] },
};
// The spawn floor: `cat` echoes the initialize line back, so its "answer" costs only what
// spawning a process and the pipes cost from Node on this machine.
const SPAWN_FLOOR = { cmd: 'cat', args: [] };

const INIT_PARAMS = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'trakt-mcp-bench', version: '1.0.0' },
};

/** Newline-delimited JSON-RPC over a child's stdio. */
class Client {
  constructor(name, home) {
    const impl = IMPLS[name] ?? (name === 'spawn-floor' ? SPAWN_FLOOR : undefined);
    this.name = name;
    this.t0 = performance.now();
    this.proc = spawn(impl.cmd, impl.args, { env: serverEnv(home), stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(this.proc);
    this.pending = new Map();
    this.nextId = 1;
    this.stderrTail = '';
    this.buf = '';
    this.exited = new Promise((resolve) => {
      this.proc.on('close', (code, signal) => {
        children.delete(this.proc);
        for (const p of this.pending.values()) p.reject(new Error(`${name} exited (${code ?? signal}); stderr: ${this.stderrTail}`));
        this.pending.clear();
        resolve({ code, signal });
      });
      this.proc.on('error', (e) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
        resolve({ code: null, signal: null, error: e });
      });
    });
    this.proc.stdin.on('error', () => { /* EPIPE after exit */ });
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (d) => { this.stderrTail = (this.stderrTail + d).slice(-4000); });
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (d) => this.#onData(d));
  }

  get pid() { return this.proc.pid; }

  #onData(d) {
    this.buf += d;
    let nl;
    let start = 0;
    while ((nl = this.buf.indexOf('\n', start)) >= 0) {
      const line = this.buf.slice(start, nl);
      start = nl + 1;
      if (line.trim() === '') continue;
      let m;
      try { m = JSON.parse(line); } catch { continue; }
      for (const msg of Array.isArray(m) ? m : [m]) {
        if (msg && 'method' in msg && this.name !== 'spawn-floor') {
          if ('id' in msg && msg.method === 'ping') this.send({ jsonrpc: '2.0', id: msg.id, result: {} });
          continue;
        }
        const p = this.pending.get(msg?.id);
        if (p) { this.pending.delete(msg.id); p.resolve(msg); }
      }
    }
    this.buf = this.buf.slice(start);
  }

  send(obj) { this.proc.stdin.write(JSON.stringify(obj) + '\n'); }

  /** Registers a waiter for `id` (no send). */
  expect(id) {
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  async request(method, params, timeout = T_REQ) {
    const id = this.nextId++;
    const p = this.expect(id);
    this.send({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
    const r = await withTimeout(p, timeout, `${this.name} ${method}; stderr: ${this.stderrTail.slice(-1000)}`)
      .finally(() => this.pending.delete(id));
    return r;
  }

  async callTool(name, args, timeout = T_REQ) {
    const r = await this.request('tools/call', { name, arguments: args }, timeout);
    if (r.error) throw new Error(`${this.name} tools/call ${name}: ${JSON.stringify(r.error)}`);
    return r.result;
  }

  async initialize() {
    const r = await this.request('initialize', INIT_PARAMS);
    if (r.error) throw new Error(`${this.name} initialize: ${JSON.stringify(r.error)}`);
    this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return r.result;
  }

  async close() {
    try { this.proc.stdin.end(); } catch { /* */ }
    try {
      await withTimeout(this.exited, 5000, `${this.name} to exit`);
    } catch {
      this.proc.kill('SIGKILL');
      await withTimeout(this.exited, 5000, `${this.name} to die`).catch(() => {});
    }
  }
}

const textOf = (result) => (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
function lineCount(result) {
  const t = textOf(result);
  return t === '' ? 0 : t.split('\n').length;
}
function mustSucceed(name, tool, result, lines) {
  if (result.isError) throw new Error(`${name} ${tool} -> isError: ${textOf(result)}`);
  if (lines !== undefined && lineCount(result) !== lines) {
    throw new Error(`${name} ${tool}: ${lineCount(result)} lines, expected ${lines}`);
  }
}

function memory(pid) {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number((s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm')) ?? [])[1]);
  // RssAnon: the process's own memory; RssFile: pages of the program and its libraries, shared
  // with every process that maps them (the kernel maps code in 64 KiB runs around each use).
  return { rss_mib: kb('VmRSS') / 1024, hwm_mib: kb('VmHWM') / 1024, anon_mib: kb('RssAnon') / 1024, file_mib: kb('RssFile') / 1024 };
}

// ---------------------------------------------------------------------------------------------
// Measures

/** One cold start: spawn → initialize answered (ms). */
async function coldStart(name, home) {
  const c = new Client(name, home);
  const id = 1;
  const p = c.expect(id);
  c.send({ jsonrpc: '2.0', id, method: 'initialize', params: INIT_PARAMS });
  const r = await withTimeout(p, 20_000, `${name} cold start; stderr: ${c.stderrTail}`);
  const ms = performance.now() - c.t0;
  if (r.error && name !== 'spawn-floor') throw new Error(`${name} initialize: ${JSON.stringify(r.error)}`);
  await c.close();
  return ms;
}

/** Pipelined pings: all sent at once, time until the last answer; round trips per second. */
async function pingBurst(c, n) {
  const first = c.nextId;
  c.nextId += n;
  const waits = [];
  const lines = [];
  for (let i = 0; i < n; i++) {
    waits.push(c.expect(first + i));
    lines.push(`{"jsonrpc":"2.0","id":${first + i},"method":"ping"}\n`);
  }
  const t0 = performance.now();
  c.proc.stdin.write(lines.join(''));
  const rs = await withTimeout(Promise.all(waits), 60_000, `${c.name} ${n} pings`);
  const ms = performance.now() - t0;
  const bad = rs.filter((r) => r.error).length;
  if (bad) throw new Error(`${c.name}: ${bad} pings answered with an error`);
  return n / (ms / 1000);
}

/** The floor: a plain keep-alive HTTPS GET of the same URL from Node, same headers. */
async function floorLatencies(url, accessToken, n) {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: CA });
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'trakt-mcp-bench/1.0.0',
    'trakt-api-key': CLIENT_ID,
    'trakt-api-version': '2',
    authorization: `Bearer ${accessToken}`,
  };
  const lat = [];
  for (let i = 0; i < n + 10; i++) {
    const t0 = performance.now();
    const r = await httpsRequest(agent, 'GET', url, { headers });
    const ms = performance.now() - t0;
    if (r.status !== 200) throw new Error(`floor GET ${url} -> ${r.status}`);
    if (i >= 10) lat.push(ms);
  }
  agent.destroy();
  return lat;
}

/**
 * GETs of `urls`, all at once, as plain keep-alive HTTPS requests from Node with a warm pool of
 * one socket each, bodies read but not parsed: the floor of a burst. Median wall time of `rounds`
 * after one warm-up.
 */
async function concurrentFloor(urls, accessToken, rounds) {
  const agent = new https.Agent({ keepAlive: true, maxSockets: urls.length, ca: CA });
  const headers = {
    'content-type': 'application/json', 'user-agent': 'trakt-mcp-bench/1.0.0',
    'trakt-api-key': CLIENT_ID, 'trakt-api-version': '2', authorization: `Bearer ${accessToken}`,
  };
  const walls = [];
  for (let i = 0; i <= rounds; i++) {
    const t0 = performance.now();
    const rs = await Promise.all(urls.map((url) => httpsRequest(agent, 'GET', url, { headers })));
    const ms = performance.now() - t0;
    if (rs.some((r) => r.status !== 200)) throw new Error(`concurrent floor GETs (${urls[0]} …) failed`);
    if (i > 0) walls.push(ms);
  }
  agent.destroy();
  return median(walls);
}

async function concurrent(c, n) {
  const t0 = performance.now();
  const rs = await Promise.all(Array.from({ length: n }, () => c.callTool('get_upcoming', UPCOMING_ARGS)));
  const ms = performance.now() - t0;
  for (const r of rs) mustSucceed(c.name, 'get_upcoming', r, 13);
  return ms;
}

/** Everything measured on one long-lived process with a valid login. */
async function loadRun(name) {
  const res = { name };
  await reset();
  const tokens = await login({});
  const home = await makeHome(tokens);
  const s0 = await stats();

  const c = new Client(name, home);
  await c.initialize();
  await sleep(300);
  res.mem_idle = memory(c.pid);

  // ping, pipelined
  log(`${name}: ${PING_BURSTS} bursts of ${N_PINGS} pipelined pings`);
  await pingBurst(c, 1000);
  const rates = [];
  for (let i = 0; i < PING_BURSTS; i++) rates.push(await pingBurst(c, N_PINGS));
  res.ping_rates = rates;
  res.ping_per_s = median(rates);

  // sequential tools/call, and the TLS connections they needed (from process start)
  log(`${name}: ${N_CALLS} sequential get_upcoming calls`);
  const lat = [];
  let sample;
  for (let i = 0; i < N_CALLS; i++) {
    const t0 = performance.now();
    const r = await c.callTool('get_upcoming', UPCOMING_ARGS);
    lat.push(performance.now() - t0);
    mustSucceed(name, 'get_upcoming', r, 13);
    sample = sample ?? textOf(r);
  }
  const s1 = await stats();
  res.upcoming_text = sample;
  res.call_p50_ms = median(lat);
  res.call_p99_ms = quantile(lat, 0.99);
  res.seq_tls_handshakes = s1.handshakes - s0.handshakes;
  res.seq_connections = s1.conns - s0.conns;
  res.seq_requests = s1.requests - s0.requests;
  const upstream = (s1.log ?? []).filter((e) => e.path.startsWith('/calendars/'));
  const last = upstream[upstream.length - 1];
  res.upstream_url = last ? last.path + (last.query ? `?${last.query}` : '') : UPCOMING_PATH;

  // the floor for this server's URL
  log(`${name}: floor (${N_CALLS} keep-alive GETs of ${res.upstream_url})`);
  const floor = await floorLatencies(res.upstream_url, tokens.access_token, N_CALLS);
  res.floor_p50_ms = median(floor);
  res.call_minus_floor_ms = res.call_p50_ms - res.floor_p50_ms;

  // concurrency with a slow upstream
  for (const n of [16, 64]) {
    log(`${name}: ${n} concurrent calls, upstream ${UPSTREAM_DELAY_MS} ms, ${ROUNDS} rounds`);
    await reset();
    await config({ delay_ms: UPSTREAM_DELAY_MS });
    await concurrent(c, n); // warm-up: opens the connections
    const walls = [];
    for (let i = 0; i < ROUNDS; i++) walls.push(await concurrent(c, n));
    const s = await stats();
    res[`conc${n}_walls`] = walls;
    res[`conc${n}_ms`] = median(walls);
    res[`conc${n}_max_upstream_concurrent`] = s.max_concurrent;
    res[`conc${n}_new_connections`] = s.conns;
    res[`conc${n}_floor_ms`] = await concurrentFloor(Array(n).fill(res.upstream_url), tokens.access_token, ROUNDS);
  }
  await config({ delay_ms: 0 });

  // history: 1 page vs 4 pages
  log(`${name}: get_history limit 250 vs 1000, ${HISTORY_ROUNDS} rounds`);
  await reset();
  await config({ history_items: 1000 });
  const h = { 250: [], 1000: [] };
  for (let i = 0; i <= HISTORY_ROUNDS; i++) {
    for (const limit of [250, 1000]) {
      // Parsing and mapping big pages is measured here, not trakt-mcp's cache (below).
      await moveActivities();
      const t0 = performance.now();
      const r = await c.callTool('get_history', { limit });
      const ms = performance.now() - t0;
      mustSucceed(name, 'get_history', r, limit);
      if (i > 0) h[limit].push(ms); else res[`history${limit}_text`] = textOf(r);
    }
  }
  const sh = await stats();
  res.history_requests = sh.requests;
  const pages = (sh.log ?? []).filter((e) => e.path.startsWith('/sync/history') && e.status === 200);
  res.history_page_upstream_ms = median(pages.map((e) => e.ms));
  res.history250_ms = median(h[250]);
  res.history1000_ms = median(h[1000]);
  res.history_ratio = res.history1000_ms / res.history250_ms;
  // What any server must wait for: the 4 pages fetched at once.
  res.history1000_floor_ms = await concurrentFloor([1, 2, 3, 4].map((page) => `/sync/history?page=${page}&limit=250`),
    tokens.access_token, HISTORY_ROUNDS);

  const w = await c.callTool('get_watchlist', {});
  mustSucceed(name, 'get_watchlist', w, 30);
  res.watchlist_text = textOf(w);

  // The repeated question: get_history limit 1000 asked again with nothing changed (trakt-mcp
  // checks /sync/last_activities and answers from memory), and after a change elsewhere.
  log(`${name}: get_history limit 1000 repeated, ${REPEATS} times unchanged and ${REPEATS} after a change`);
  await c.callTool('get_history', { limit: 1000 });
  for (const changed of [false, true]) {
    await reset();
    await config({ history_items: 1000 });
    await c.callTool('get_history', { limit: 1000 });
    const before = (await stats()).requests;
    const ms = [];
    for (let i = 0; i < REPEATS; i++) {
      if (changed) await moveActivities();
      const t0 = performance.now();
      const r = await c.callTool('get_history', { limit: 1000 });
      ms.push(performance.now() - t0);
      mustSucceed(name, 'get_history', r, 1000);
    }
    const key = changed ? 'changed' : 'repeat';
    res[`${key}_ms`] = median(ms);
    res[`${key}_requests`] = ((await stats()).requests - before) / REPEATS;
  }

  await sleep(300);
  res.mem_load = memory(c.pid);

  // After the memory reading, so "memory after load" is the same load as before this row.
  Object.assign(res, await watchlistRepeated(c));
  await c.close();
  await reset();
  return res;
}

/**
 * The typical question asked again with nothing changed: get_watchlist {} after one warm-up call,
 * N_WATCHLIST times in a row, activities left alone (trakt-mcp may answer from its cache after
 * one /sync/last_activities; the peer asks Trakt for the watchlist each time).
 */
async function watchlistRepeated(c) {
  log(`${c.name}: get_watchlist asked again, ${N_WATCHLIST} times, nothing changed`);
  await reset();
  mustSucceed(c.name, 'get_watchlist', await c.callTool('get_watchlist', {}), 30);
  const before = (await stats()).requests;
  const ms = [];
  for (let i = 0; i < N_WATCHLIST; i++) {
    const t0 = performance.now();
    const r = await c.callTool('get_watchlist', {});
    ms.push(performance.now() - t0);
    mustSucceed(c.name, 'get_watchlist', r, 30);
  }
  const requests = (await stats()).requests - before;
  return {
    watchlist_repeat_ms: ms,
    watchlist_repeat_p50_ms: median(ms),
    watchlist_repeat_p90_ms: quantile(ms, 0.9),
    watchlist_repeat_requests: requests / N_WATCHLIST,
  };
}

/** 32 concurrent calls on an expired token: how many refreshes reach Trakt. */
async function refreshRun(name) {
  await reset();
  await config({ refresh_delay_ms: REFRESH_DELAY_MS });
  const now = Math.floor(Date.now() / 1000);
  const tokens = await login({ created_at: now - 30 * 86400, expires_in: 86400 });
  const home = await makeHome(tokens);
  const s0 = await stats();
  const c = new Client(name, home);
  await c.initialize();
  const t0 = performance.now();
  const rs = await Promise.all(Array.from({ length: N_REFRESH }, () => c.callTool('get_upcoming', UPCOMING_ARGS)));
  const ms = performance.now() - t0;
  const s1 = await stats();
  await c.close();
  await reset();
  return {
    refreshes: s1.refreshes - s0.refreshes,
    refresh_attempts: s1.refresh_attempts - s0.refresh_attempts,
    refresh_errors: rs.filter((r) => r.isError).length,
    refresh_wall_ms: ms,
  };
}

// ---------------------------------------------------------------------------------------------
// trakt-mcp alone (the peer has no such tool, no in-process entry point, no hosted mode)

/**
 * Up next for a person with WATCHED_SHOWS watched shows (stand-in config `watched_shows`), and 5
 * writes started at once, on one process of its own so the load rows above stay what they were.
 */
async function extrasRun() {
  await reset();
  const home = await makeHome(await login({}));
  const c = new Client('trakt-mcp', home);
  await c.initialize();
  const res = {};
  // What tools/list costs an agent's context (the same count as the budget test).
  const { tools } = (await c.request('tools/list', {})).result;
  res.tools_list_bytes = contextBytes(tools);
  res.tools_listed = tools.length;
  res.tools_list_kb = res.tools_list_bytes / 1000;
  for (const limit of UPNEXT_LIMITS) Object.assign(res, await upNext(c, limit));
  Object.assign(res, await writesAtOnce(c));
  await c.close();
  await reset();
  return res;
}

/**
 * get_up_next {limit}: one warm-up call, then ROUNDS, each after moveActivities() so the read
 * cache cannot hide the work (the watched list and every progress are read again).
 */
async function upNext(c, limit) {
  log(`trakt-mcp: get_up_next limit ${limit}, ${WATCHED_SHOWS} watched shows, ${ROUNDS} rounds`);
  await reset();
  await config({ watched_shows: WATCHED_SHOWS });
  const args = limit === 10 ? {} : { limit }; // 10 is the default: the question as a person asks it
  const ms = [];
  let before = 0;
  let last;
  for (let i = 0; i <= ROUNDS; i++) {
    await moveActivities();
    if (i === 1) before = (await stats()).requests;
    const t0 = performance.now();
    last = await c.callTool('get_up_next', args);
    if (i > 0) ms.push(performance.now() - t0);
    mustSucceed('trakt-mcp', 'get_up_next', last);
  }
  const s = await stats();
  const sc = last.structuredContent ?? {};
  if (sc.watched_shows !== WATCHED_SHOWS) throw new Error(`get_up_next saw ${sc.watched_shows} watched shows, expected ${WATCHED_SHOWS}`);
  if (sc.items?.length !== limit) throw new Error(`get_up_next listed ${sc.items?.length} shows, expected ${limit}`);
  const k = `upnext${limit}`;
  return {
    [`${k}_walls`]: ms,
    [`${k}_ms`]: median(ms),
    [`${k}_requests`]: (s.requests - before) / ROUNDS,
    [`${k}_max_upstream_concurrent`]: s.max_concurrent,
    [`${k}_checked`]: sc.checked,
  };
}

/**
 * 5 add_to_watchlist calls started at once, the stand-in enforcing Trakt's 1 write a second
 * (a write closer than that gets 429): wall time until all 5 answered, and the smallest gap
 * between write arrivals in the stand-in's log (`t`: epoch ms, so ±1 ms).
 */
async function writesAtOnce(c) {
  log(`trakt-mcp: ${WRITE_ITEMS.length} add_to_watchlist calls at once, writes limited to 1 a second`);
  await reset();
  // A read first, so the connection is open and the first write pays no handshake.
  mustSucceed('trakt-mcp', 'get_watchlist', await c.callTool('get_watchlist', {}), 30);
  await config({ enforce_write_limit: true });
  const t0 = performance.now();
  const rs = await Promise.all(WRITE_ITEMS.map((item) => c.callTool('add_to_watchlist', { items: [item] })));
  const ms = performance.now() - t0;
  for (const r of rs) {
    mustSucceed('trakt-mcp', 'add_to_watchlist', r);
    if (!/^Added to your watchlist: 1 (movie|show)\./.test(textOf(r))) throw new Error(`add_to_watchlist: ${textOf(r)}`);
  }
  const writes = (await stats()).log.filter((e) => e.method === 'POST' && e.path === '/sync/watchlist');
  const t = writes.map((e) => e.t).sort((a, b) => a - b);
  const gaps = t.slice(1).map((x, i) => x - t[i]);
  await reset(); // the watchlist and the write limit back to the fixtures for whatever comes next
  return {
    writes_wall_ms: ms,
    writes_requests: writes.length,
    writes_429: writes.filter((e) => e.status === 429).length,
    writes_gaps_ms: gaps,
    writes_min_gap_ms: gaps.length ? Math.min(...gaps) : NaN,
  };
}

/**
 * Our CPU per tools/call get_history, in process (bench/map_page): one 250-item page recorded
 * from the stand-in, replayed through the whole path after the network. Nothing when map_page
 * is not built.
 */
async function mapPageRun() {
  if (!fs.existsSync(MAP_PAGE)) {
    log(`map_page not found at ${MAP_PAGE}: its rows are left out (build the map_page target)`);
    return {};
  }
  await reset();
  await config({ history_items: 1000 });
  const tokens = await login({});
  const r = await httpsRequest(controlAgent, 'GET', '/sync/history?page=1&limit=250', {
    headers: {
      'content-type': 'application/json', 'user-agent': 'trakt-mcp-bench/1.0.0',
      'trakt-api-key': CLIENT_ID, 'trakt-api-version': '2', authorization: `Bearer ${tokens.access_token}`,
    },
  });
  await reset();
  if (r.status !== 200 || !Array.isArray(r.json) || r.json.length !== 250) {
    throw new Error(`recording the history page: ${r.status}, ${r.json?.length} items`);
  }
  await fsp.mkdir(path.dirname(HISTORY_PAGE), { recursive: true });
  await fsp.writeFile(HISTORY_PAGE, r.text);
  const res = {};
  for (const [limit, more] of [[250, []], [1000, ['--iterations', String(MAP_ITERATIONS_1000)]]]) {
    // Three processes, the median of their medians: on a shared (virtual) machine a whole run can
    // land on a slow stretch, which one run alone would report as our cost.
    log(`map_page --limit ${limit} ${more.join(' ')}, 3 runs`.trim());
    const runs = [0, 1, 2].map(() => mapPage(['--limit', String(limit), ...more]));
    for (const m of runs) {
      if (m.limit !== limit || m.pages !== Math.ceil(limit / 250)) throw new Error(`map_page: ${JSON.stringify(m)}`);
    }
    const m = [...runs].sort((a, b) => a.median_ms - b.median_ms)[1];
    res[`map${limit}`] = m;
    res[`map${limit}_runs`] = runs;
    res[`map${limit}_cpu_ms`] = m.median_ms;
  }
  return res;
}

/** Runs map_page on the recorded page; its one JSON line. Non-zero exit: throws. */
function mapPage(args) {
  let out;
  try {
    out = execFileSync(MAP_PAGE, [HISTORY_PAGE, ...args], { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`map_page ${args.join(' ')} failed (${e.status ?? e.signal ?? e.code}): ${String(e.stderr ?? '').slice(-1000)}`);
  }
  const line = out.trim().split('\n').pop();
  try { return JSON.parse(line); } catch { throw new Error(`map_page printed: ${out.slice(0, 500)}`); }
}

/**
 * Hosted mode: 2 `trakt-mcp serve --http` instances sharing one SQLite file (the same public URL,
 * each reached on its own port, so a token from one is good at the other); one person signed in
 * through MCP OAuth with the official SDK, a session on each instance; the Trakt token expired at
 * the stand-in; 16 + 16 concurrent calls. Refreshes reaching the stand-in (1 expected), calls
 * that failed, wall time. Uses tests/hosted/hosted_harness.mjs (and tests/node_modules) on the
 * bench's stand-in; nothing when those are not installed.
 */
async function hostedRun() {
  let h;
  try {
    process.env.TRAKT_MCP_BIN = BIN; // the harness's binary is ours
    h = await import(pathToFileURL(HOSTED_HARNESS).href);
  } catch (e) {
    log(`hosted rows left out: cannot load ${path.relative(REPO, HOSTED_HARNESS)} (npm ci --prefix tests?): ${e.message.split('\n')[0]}`);
    return {};
  }
  log(`hosted: 2 instances on one SQLite file, ${N_REFRESH} concurrent calls on an expired Trakt token`);
  await reset();
  await config({ authorize_as: HOSTED_USER, refresh_delay_ms: REFRESH_DELAY_MS });
  const standin = { url: STANDIN_URL, certs: path.dirname(CA_FILE) }; // what the harness reads of one
  const store = await h.sqliteStore();
  const port = await h.freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const instances = [];
  const sessions = [];
  try {
    // The log level every other server here runs at (the harness's default is debug, for tests).
    const extra = { TRAKT_MCP_LOG_LEVEL: null };
    instances.push(await h.startInstance({ standin, store, publicUrl, address: `127.0.0.1:${port}`, name: 'instance 1', extra }));
    instances.push(await h.startInstance({ standin, store, publicUrl, name: 'instance 2', extra }));
    sessions.push(await h.signIn(instances[0].url, standin, { clientName: 'trakt-mcp-bench' }));
    sessions.push(await h.reconnect(instances[1].url, sessions[0].provider));
    for (const [i, inst] of instances.entries()) {
      if (inst.sessions().length === 0) throw new Error(`hosted: instance ${i + 1} holds no session:\n${inst.tail(20)}`);
    }
    for (const s of sessions) await h.callText(s.client, 'get_watchlist'); // warm: the sign-in is done

    const s0 = await stats();
    const expired = await control('POST', '/__standin/expire', { username: HOSTED_USER });
    if (!(expired.expired >= 1)) throw new Error(`hosted: no live Trakt token to expire: ${JSON.stringify(expired)}`);
    const since = Date.now(); // the stand-in log's clock
    const t0 = performance.now();
    const calls = [];
    for (const s of sessions) {
      for (let i = 0; i < N_REFRESH / 2; i++) {
        calls.push(s.client.callTool({ name: i % 2 ? 'get_watchlist' : 'get_history', arguments: {} }));
      }
    }
    const rs = await withTimeout(Promise.allSettled(calls), 60_000, 'hosted calls');
    const ms = performance.now() - t0;
    const s1 = await stats();
    const failed = rs.filter((r) => r.status === 'rejected' || r.value.isError);
    for (const r of failed.slice(0, 3)) log(`hosted: a call failed: ${r.reason?.message ?? JSON.stringify(r.value.content).slice(0, 300)}`);
    const by = (s, k) => s.refreshes_by_user?.[k] ?? 0;
    return {
      hosted_refreshes: by(s1, HOSTED_USER) - by(s0, HOSTED_USER),
      hosted_refresh_attempts: s1.refresh_attempts - s0.refresh_attempts,
      hosted_errors: failed.length,
      hosted_wall_ms: ms,
      hosted_upstream_401: s1.log.filter((e) => e.t >= since && e.status === 401).length,
    };
  } finally {
    for (const s of sessions) await h.closeQuietly(s);
    for (const inst of instances) await inst.stop();
    await reset();
  }
}

// ---------------------------------------------------------------------------------------------
// Table

const fmtNum = (v, d = 1) => {
  if (v === undefined || v === null || Number.isNaN(v)) return 'n/a';
  if (Math.abs(v) >= 10000) return `${(v / 1000).toFixed(1)} k`;
  return v.toFixed(d);
};

// [key, label, unit, decimals, target text, target predicate (a, b) = (trakt-mcp value, peer value)]
// Targets: PRODUCT.md "Version 2 targets" where it names one, the version 1 targets elsewhere.
const ROWS = [
  ['start_ms', 'start to initialize answered, median', 'ms', 1, '', null],
  ['start_p90_ms', 'start to initialize answered, p90', 'ms', 1, '', null],
  ['spawn_floor_ms', 'spawn floor: `cat` echoing initialize', 'ms', 1, '', null],
  ['start_minus_spawn_floor_ms', 'start median minus spawn floor', 'ms', 1, '≤ 2 ms', (a) => a <= 2],
  ['mem_idle_mib', 'memory idle (VmRSS after initialize)', 'MiB', 1, '≤ 8 MB', (a) => a <= 8],
  ['mem_load_mib', 'memory after load (VmRSS)', 'MiB', 1, '≤ 12 MB', (a) => a <= 12],
  ['tools_list_kb', 'tools/list: names, descriptions, input schemas (all tools)', 'KB', 1, '≤ 28 KB', (a) => a * 1000 <= CONTEXT_BUDGET_BYTES],
  ['mem_load_anon_mib', 'memory after load: its own (RssAnon)', 'MiB', 1, '', null],
  ['mem_load_file_mib', 'memory after load: shared code pages (RssFile)', 'MiB', 1, '', null],
  ['mem_peak_mib', 'memory peak (VmHWM)', 'MiB', 1, '≤ 24 MB', (a) => a <= 24],
  ['ping_per_s', 'ping round trips, pipelined', '/s', 0, '≥ 150 k/s', (a) => a >= 150000],
  ['call_p50_ms', 'tools/call get_upcoming p50, sequential', 'ms', 3, '', null],
  ['call_p99_ms', 'tools/call get_upcoming p99, sequential', 'ms', 3, '', null],
  ['floor_p50_ms', 'floor: keep-alive HTTPS GET p50 (Node)', 'ms', 3, '', null],
  ['call_minus_floor_ms', 'tools/call p50 minus floor', 'ms', 3, '≤ 0.1 ms', (a) => a <= 0.1],
  ['seq_tls_handshakes', `new TLS connections, ${N_CALLS} sequential calls`, '', 0, '≤ 1', (a) => a <= 1],
  ['conc16_ms', '16 concurrent calls, upstream 50 ms', 'ms', 1, '≤ 55 ms', (a) => a <= 55],
  ['conc64_ms', '64 concurrent calls, upstream 50 ms', 'ms', 1, '≤ 150 ms', (a) => a <= 150],
  ['conc16_floor_ms', 'floor: 16 concurrent keep-alive GETs (Node)', 'ms', 1, '', null],
  ['conc64_floor_ms', 'floor: 64 concurrent keep-alive GETs (Node)', 'ms', 1, '', null],
  ['refreshes', `refreshes, ${N_REFRESH} concurrent calls on an expired token`, '', 0, '1', (a) => a === 1],
  ['history250_ms', 'get_history limit 250 (1 page)', 'ms', 1, '', null],
  ['history1000_ms', 'get_history limit 1000 (4 pages)', 'ms', 1, '≤ 0.5 × peer', (a, b) => a <= 0.5 * b],
  ['history1000_floor_ms', 'floor: its 4 pages as concurrent keep-alive GETs (Node)', 'ms', 1, '', null],
  ['history_ratio', 'get_history 1000 ÷ 250', '×', 2, '', null],
  ['map250_cpu_ms', 'our CPU per 250-item page, in process (bench/map_page)', 'ms', 3, '≤ 1 ms', (a) => a <= 1],
  ['map1000_cpu_ms', 'our CPU for get_history 1000 (4 pages), in process', 'ms', 3, '', null],
  ['repeat_requests', 'get_history 1000 asked again, nothing changed: upstream requests', '', 1, '1', (a) => a === 1],
  ['repeat_ms', 'get_history 1000 asked again, nothing changed', 'ms', 1, '', null],
  ['changed_requests', 'get_history 1000 after a change elsewhere: upstream requests', '', 1, '', null],
  ['changed_ms', 'get_history 1000 after a change elsewhere', 'ms', 1, '', null],
  ['watchlist_repeat_requests', `get_watchlist asked again ×${N_WATCHLIST}, nothing changed: upstream requests per call`, '', 2, '1', (a) => a === 1],
  ['watchlist_repeat_p50_ms', `get_watchlist asked again ×${N_WATCHLIST}, nothing changed, p50`, 'ms', 2, '≤ 2 ms', (a) => a <= 2],
  ...UPNEXT_LIMITS.flatMap((l) => {
    const call = `get_up_next limit ${l}${l === 10 ? ' (default)' : ''}, ${WATCHED_SHOWS} watched shows`;
    return [
      [`upnext${l}_requests`, `${call}: upstream requests`, '', 0, '', null],
      [`upnext${l}_ms`, call, 'ms', 1, '', null],
      [`upnext${l}_max_upstream_concurrent`, `${call}: max concurrent upstream requests`, '', 0, '', null],
    ];
  }),
  ['writes_wall_ms', `${WRITE_ITEMS.length} add_to_watchlist at once, until all answered`, 'ms', 0, '', null],
  ['writes_min_gap_ms', `${WRITE_ITEMS.length} add_to_watchlist at once: smallest gap between writes at Trakt`, 'ms', 0, '≥ 1 s', (a) => a >= 1000],
  ['hosted_refreshes', `hosted, 2 instances on one SQLite file: refreshes, ${N_REFRESH} calls, expired token`, '', 0, '1', (a) => a === 1],
  ['hosted_errors', `hosted, 2 instances on one SQLite file: failed calls of ${N_REFRESH}`, '', 0, '0', (a) => a === 0],
  ['hosted_wall_ms', `hosted, 2 instances on one SQLite file: ${N_REFRESH} calls with the refresh`, 'ms', 1, '', null],
];

function table(results) {
  const a = results['trakt-mcp'];
  const b = results.peer;
  const head = ['measure', 'trakt-mcp', 'peer', 'ratio', 'target', 'met'];
  const rows = ROWS.map(([k, label, unit, d, target, ok]) => {
    const u = unit ? ` ${unit}` : '';
    const ratio = (typeof a[k] === 'number' && typeof b[k] === 'number' && b[k] !== 0)
      ? `${(a[k] / b[k]).toFixed(a[k] / b[k] < 0.1 ? 3 : 2)}` : 'n/a';
    const num = (v) => typeof v === 'number' && !Number.isNaN(v);
    const cell = (v) => (num(v) ? fmtNum(v, d) + u : 'n/a'); // no unit after n/a
    // No figure (a measure left out): nothing to judge.
    const met = ok ? (num(a[k]) ? (ok(a[k], b[k]) ? 'yes' : 'NO') : 'n/a') : '';
    return [label, cell(a[k]), cell(b[k]), ratio, target, met];
  });
  const md = [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
  return { rows: rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]]))), md };
}

// ---------------------------------------------------------------------------------------------
// Main

function machine() {
  let cpu = 'unknown';
  try { cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m) ?? [])[1] ?? cpu; } catch { /* */ }
  let version = 'unknown';
  try { version = execFileSync(BIN, ['--version'], { encoding: 'utf8', timeout: 5000 }).trim(); } catch { /* */ }
  let nproc = os.availableParallelism?.() ?? os.cpus().length;
  try { nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()); } catch { /* */ }
  return {
    nproc, cpu, kernel: os.release(), node: process.version, trakt_mcp: version,
    memory_gib: +(os.totalmem() / 2 ** 30).toFixed(1), date: new Date().toISOString(),
    loadavg_at_start: os.loadavg().map((x) => +x.toFixed(2)),
  };
}

async function main() {
  const t0 = performance.now();
  const info = machine();
  log(`machine: ${info.nproc} cores (nproc), ${info.cpu}; ${info.trakt_mcp}; node ${info.node}`);

  // Cold starts, interleaved so both see the same machine conditions.
  await reset();
  const home = await makeHome(await login({}));
  log(`cold starts: ${N_STARTS} each, interleaved`);
  const startNames = [...Object.keys(IMPLS), 'spawn-floor'];
  const starts = Object.fromEntries(startNames.map((n) => [n, []]));
  for (const name of startNames) await coldStart(name, home); // warm the page cache
  for (let i = 0; i < N_STARTS; i++) {
    for (const name of startNames) starts[name].push(await coldStart(name, home));
  }
  const spawnFloor = median(starts['spawn-floor']);

  const results = {};
  for (const name of Object.keys(IMPLS)) {
    const r = await loadRun(name);
    Object.assign(r, await refreshRun(name));
    r.start_ms = median(starts[name]);
    r.start_p90_ms = quantile(starts[name], 0.9);
    r.spawn_floor_ms = spawnFloor;
    r.start_minus_spawn_floor_ms = r.start_ms - spawnFloor;
    r.starts_ms = starts[name];
    r.mem_idle_mib = r.mem_idle.rss_mib;
    r.mem_load_mib = r.mem_load.rss_mib;
    r.mem_load_anon_mib = r.mem_load.anon_mib;
    r.mem_load_file_mib = r.mem_load.file_mib;
    r.mem_peak_mib = r.mem_load.hwm_mib;
    results[name] = r;
  }
  // trakt-mcp alone, after both load runs (the peer cannot do these: its rows say n/a).
  const ours = results['trakt-mcp'];
  Object.assign(ours, await extrasRun());
  Object.assign(ours, await mapPageRun());
  Object.assign(ours, await hostedRun());

  // The peer must give the same text, or the comparison means nothing.
  const same = {};
  for (const k of ['upcoming_text', 'history250_text', 'history1000_text', 'watchlist_text']) {
    same[k.replace('_text', '')] = results['trakt-mcp'][k] === results.peer[k];
  }
  for (const r of Object.values(results)) {
    for (const k of ['upcoming_text', 'history250_text', 'history1000_text', 'watchlist_text']) delete r[k];
  }

  info.loadavg_at_end = os.loadavg().map((x) => +x.toFixed(2));
  const t = table(results);
  const out = {
    machine: info,
    settings: {
      cold_starts: N_STARTS, ping_bursts: PING_BURSTS, pings_per_burst: N_PINGS,
      sequential_calls: N_CALLS, rounds: ROUNDS, history_rounds: HISTORY_ROUNDS, upstream_delay_ms: UPSTREAM_DELAY_MS,
      refresh_calls: N_REFRESH, refresh_delay_ms: REFRESH_DELAY_MS,
      upcoming_args: UPCOMING_ARGS, history_items: 1000, history_repeats: REPEATS,
      watchlist_repeats: N_WATCHLIST, watched_shows: WATCHED_SHOWS, up_next_limits: UPNEXT_LIMITS,
      write_items: WRITE_ITEMS, write_limit_enforced: true, map_page: MAP_PAGE, history_page: HISTORY_PAGE,
      map_page_iterations_1000: MAP_ITERATIONS_1000, hosted_store: 'sqlite, 2 instances', hosted_calls: N_REFRESH,
      ratio: 'trakt-mcp ÷ peer', statistic: 'median unless named p90/p99',
    },
    same_text_as_peer: same,
    table: t.rows,
    results,
    duration_s: +((performance.now() - t0) / 1000).toFixed(1),
  };
  await fsp.mkdir(path.dirname(OUT), { recursive: true });
  await fsp.writeFile(OUT, JSON.stringify(out, null, 2) + '\n');

  const a = results['trakt-mcp'];
  const b = results.peer;
  console.log(`trakt-mcp benchmark: ${info.nproc} cores (nproc), ${info.cpu}, ${info.kernel}, node ${info.node}, ${info.trakt_mcp}; ` +
    `load average ${info.loadavg_at_start[0]} at start, ${info.loadavg_at_end[0]} at end`);
  console.log(`medians; N = ${N_STARTS} cold starts, ${PING_BURSTS}×${N_PINGS} pings, ${N_CALLS} sequential calls, ` +
    `${ROUNDS} rounds of concurrency/history/up next, ${N_WATCHLIST} repeated get_watchlist calls; ratio = trakt-mcp ÷ peer\n`);
  console.log(t.md);
  console.log('');
  console.log(`upstream URL: trakt-mcp ${a.upstream_url}, peer ${b.upstream_url}`);
  console.log(`upstream connections: ${N_CALLS} sequential calls trakt-mcp ${a.seq_connections} / peer ${b.seq_connections}; ` +
    `max concurrent upstream requests with 64 calls: trakt-mcp ${a.conc64_max_upstream_concurrent} / peer ${b.conc64_max_upstream_concurrent}` +
    ` (new connections ${a.conc64_new_connections} / ${b.conc64_new_connections}); with 16: ` +
    `${a.conc16_max_upstream_concurrent} / ${b.conc16_max_upstream_concurrent}`);
  console.log(`refresh: attempts trakt-mcp ${a.refresh_attempts} / peer ${b.refresh_attempts}, tool errors ${a.refresh_errors} / ${b.refresh_errors}; ` +
    `history requests (${HISTORY_ROUNDS + 1}×(1+4) pages expected ${(HISTORY_ROUNDS + 1) * 5}): ${a.history_requests} / ${b.history_requests}, ` +
    `stand-in time per page ${fmtNum(a.history_page_upstream_ms, 1)} / ${fmtNum(b.history_page_upstream_ms, 1)} ms`);
  console.log(`repeated questions, upstream requests per call (trakt-mcp / peer): get_history 1000 ${fmtNum(a.repeat_requests, 1)} / ` +
    `${fmtNum(b.repeat_requests, 1)}, get_watchlist ${fmtNum(a.watchlist_repeat_requests, 2)} / ${fmtNum(b.watchlist_repeat_requests, 2)} ` +
    `(get_watchlist p90 ${fmtNum(a.watchlist_repeat_p90_ms, 2)} / ${fmtNum(b.watchlist_repeat_p90_ms, 2)} ms)`);
  if (a.map250) {
    const m = (x) => `median ${fmtNum(x.median_ms, 3)}, p90 ${fmtNum(x.p90_ms, 3)}, min ${fmtNum(x.min_ms, 3)} ms CPU over ${x.iterations}`;
    console.log(`map_page (trakt-mcp in process, ${path.relative(process.cwd(), HISTORY_PAGE) || HISTORY_PAGE}, ${a.map250.page_bytes} bytes a page): ` +
      `limit 250 ${m(a.map250)}, answer ${a.map250.answer_bytes} bytes; limit 1000 ${m(a.map1000)}, answer ${a.map1000.answer_bytes} bytes`);
  } else {
    console.log(`map_page: not run (${MAP_PAGE} not found)`);
  }
  console.log(`up next, ${WATCHED_SHOWS} watched shows (trakt-mcp; activities moved before each call): ` +
    UPNEXT_LIMITS.map((l) => `limit ${l}: ${a[`upnext${l}_checked`]} shows checked, ${fmtNum(a[`upnext${l}_requests`], 0)} requests, ` +
      `at most ${a[`upnext${l}_max_upstream_concurrent`]} at once`).join('; '));
  console.log(`writes (trakt-mcp, stand-in enforcing 1 a second): ${a.writes_requests} write requests for ${WRITE_ITEMS.length} calls, ` +
    `${a.writes_429} answered 429, gaps ${a.writes_gaps_ms.join(', ')} ms, all answered after ${fmtNum(a.writes_wall_ms, 0)} ms`);
  console.log(a.hosted_refreshes === undefined ? 'hosted: not run (tests/node_modules or the hosted harness missing)'
    : `hosted (trakt-mcp serve --http ×2, one SQLite file): refresh attempts ${a.hosted_refresh_attempts}, ` +
      `401s from the stand-in during the calls ${a.hosted_upstream_401}, failed calls ${a.hosted_errors} of ${N_REFRESH}`);
  console.log(`same text as peer: ${Object.entries(same).map(([k, v]) => `${k} ${v ? 'yes' : 'NO'}`).join(', ')}`);
  console.log(`results: ${path.relative(process.cwd(), OUT) || OUT} (${out.duration_s} s)`);
}

const watchdog = setTimeout(() => {
  console.error('bench.mjs: overall time limit (BENCH_TIMEOUT_S) reached, stopping');
  cleanup();
  process.exit(3);
}, intEnv('BENCH_TIMEOUT_S', 900) * 1000);

main().then(() => {
  clearTimeout(watchdog);
  controlAgent.destroy();
  cleanup();
  process.exit(0);
}, (e) => {
  console.error(`bench.mjs: ${e?.stack ?? e}`);
  cleanup();
  process.exit(1);
});
