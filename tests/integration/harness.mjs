// Test harness for trakt-mcp integration tests.
//
// - makes the test PKI once per test process (tests/standin/make-certs.sh) in a temp dir,
// - starts and stops the Trakt stand-in (tests/standin/server.mjs) on a random port and
//   talks to its control API (/__standin/...),
// - makes a fresh TRAKT_MCP_HOME with a tokens.json obtained from /__standin/login,
// - spawns the real binary with a clean environment and speaks newline-delimited JSON-RPC to it,
//   with timeouts everywhere so a hang fails the test instead of blocking the run,
// - computes expected text lines from the stand-in's own data (an independent oracle).
//
// Every wait has a generous deadline: the suite must pass on 2 slow cores.

import { spawn, execFile, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { httpsJson } from '../standin/https_json.mjs';

const execFileP = promisify(execFile);

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const TESTS_DIR = path.resolve(HERE, '..');
export const REPO_ROOT = path.resolve(TESTS_DIR, '..');
export const STANDIN_DIR = path.join(TESTS_DIR, 'standin');

export const BIN = process.env.TRAKT_MCP_BIN
  ? path.resolve(process.env.TRAKT_MCP_BIN)
  : path.join(REPO_ROOT, 'build', 'release', 'bin', 'trakt-mcp');

export const CLIENT_ID = 'standin-client-id';
export const CLIENT_SECRET = 'standin-client-secret';

// Default deadlines (ms). Generous on purpose: slow shared cores, retries with backoff.
export const T_START = 20_000; // a process to come up / answer initialize
export const T_CALL = 45_000; // one tools/call (may include 429 waits and 5xx backoff)
export const T_EXIT = 20_000; // a process to exit after stdin closes

// ---------------------------------------------------------------------------------------------
// Preconditions

/** Throws a clear message when the SDK/Ajv are not installed (tests/node_modules). */
export function requireNodeModules() {
  const p = path.join(TESTS_DIR, 'node_modules', '@modelcontextprotocol', 'sdk', 'package.json');
  if (!fs.existsSync(p)) {
    throw new Error(
      `tests/node_modules is missing (${p} not found): run \`npm ci --prefix tests\` first`);
  }
}

/** Throws a clear message when the binary under test is missing. */
export function requireBinary() {
  if (!fs.existsSync(BIN)) {
    throw new Error(
      `trakt-mcp binary not found at ${BIN}: build it (cmake --build --preset release) ` +
      'or set TRAKT_MCP_BIN');
  }
}

// ---------------------------------------------------------------------------------------------
// Cleanup: every child process and temp dir we make is removed when the test process ends.

const children = new Set();
const tempDirs = new Set();

function killAll() {
  for (const c of children) {
    try { c.kill('SIGKILL'); } catch { /* already gone */ }
  }
  children.clear();
  for (const d of tempDirs) {
    try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* ignore */ }
  }
  tempDirs.clear();
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => { killAll(); process.exit(130); });
}

export async function makeTempDir(prefix = 'trakt-mcp-it-') {
  const d = await fsp.mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.add(d);
  return d;
}

export async function removeTempDir(d) {
  tempDirs.delete(d);
  await fsp.rm(d, { recursive: true, force: true });
}

// The tools the binary declares, in the order tools/list gives them, read from
// `trakt-mcp --help` (its tool list comes from the same registry). Tests
// compare tools/list against this instead of a hand-kept list, so adding a
// tool edits no test but its own.
let declared;
export function declaredToolNames() {
  if (!declared) {
    const help = execFileSync(BIN, ['--help'], { encoding: 'utf8' });
    const section = help.split(/^Tools:\n/m)[1]?.split(/\n\S/)[0] ?? '';
    declared = [...section.matchAll(/^ {2}([a-z_]+) \{/gm)].map((m) => m[1]);
    if (declared.length === 0) throw new Error(`no tools in trakt-mcp --help:\n${help}`);
  }
  return declared;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Rejects with `what` timed out after ms unless p settles first. */
export function withTimeout(p, ms, what) {
  let timer;
  const t = new Promise((_, rej) => {
    timer = setTimeout(() => rej(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** Polls fn until it returns a truthy value (returned) or the deadline passes (throws). */
export async function waitFor(fn, { timeout = 15_000, interval = 100, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(interval);
  }
}

// ---------------------------------------------------------------------------------------------
// Certificates: once per test process.

let certsPromise;
export function certsDir() {
  if (!certsPromise) {
    certsPromise = (async () => {
      const dir = await makeTempDir('trakt-mcp-it-certs-');
      await execFileP('bash', [path.join(STANDIN_DIR, 'make-certs.sh'), dir], { timeout: 60_000 });
      if (!fs.existsSync(path.join(dir, 'ca.pem'))) throw new Error('make-certs.sh made no ca.pem');
      return dir;
    })();
  }
  return certsPromise;
}

// ---------------------------------------------------------------------------------------------
// The stand-in

export class Standin {
  constructor(proc, info, certs) {
    this.proc = proc;
    this.port = info.port;
    this.url = info.url;
    this.certs = certs;
    this.output = [];
    // Every request the tests make (control and oracle) uses a new connection (agent: false),
    // so the stand-in's connection counters minus `own` are exactly the binary's.
    this.own = 0;
  }

  static async start({ certSet, clientId, clientSecret, extraArgs = [] } = {}) {
    const certs = await certsDir();
    const args = [path.join(STANDIN_DIR, 'server.mjs'), '--certs', certs, '--port', '0'];
    if (certSet) args.push('--cert-set', certSet);
    if (clientId) args.push('--client-id', clientId);
    if (clientSecret) args.push('--client-secret', clientSecret);
    args.push(...extraArgs);
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(proc);
    const out = [];
    proc.stderr.on('data', (d) => out.push(d.toString()));
    const rl = readline.createInterface({ input: proc.stdout });
    const first = new Promise((resolve, reject) => {
      rl.once('line', (line) => {
        try { resolve(JSON.parse(line)); } catch (e) { reject(new Error(`stand-in said: ${line}`)); }
      });
      proc.once('exit', (code) =>
        reject(new Error(`stand-in exited (${code}) before listening: ${out.join('')}`)));
    });
    const info = await withTimeout(first, T_START, 'stand-in to listen');
    rl.on('line', (l) => out.push(l + '\n'));
    const s = new Standin(proc, info, certs);
    s.output = out;
    return s;
  }

  async stop() {
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      this.proc.kill('SIGTERM');
      try {
        await withTimeout(once(this.proc, 'exit'), 5000, 'stand-in to exit');
      } catch {
        this.proc.kill('SIGKILL');
      }
    }
    children.delete(this.proc);
  }

  /** One HTTPS request to the stand-in; resolves {status, headers, text, json}. */
  request(method, p, { body, headers = {} } = {}) {
    this.own += 1;
    return httpsJson({ port: this.port, agent: false, rejectUnauthorized: false }, method, p,
      { headers, body, timeoutMs: 20_000 });
  }

  async control(method, p, body) {
    const r = await this.request(method, p, { body });
    if (r.status < 200 || r.status >= 300) {
      throw new Error(`stand-in ${method} ${p} -> ${r.status}: ${r.text}`);
    }
    return r.json;
  }

  /** Trakt token response for a fresh login. */
  login({ expires_in, created_at } = {}) {
    const body = {};
    if (expires_in !== undefined) body.expires_in = expires_in;
    if (created_at !== undefined) body.created_at = created_at;
    return this.control('POST', '/__standin/login', body);
  }
  config(cfg) { return this.control('POST', '/__standin/config', cfg); }
  fault(f) { return this.control('POST', '/__standin/faults', f); }
  /**
   * The stand-in's stats, plus binary_handshakes / binary_connections: the counters less the
   * connections the tests made themselves (this very request included).
   */
  async stats() {
    const s = await this.control('GET', '/__standin/stats');
    s.binary_handshakes = s.tls_handshakes - this.own;
    s.binary_connections = s.connections - this.own;
    return s;
  }
  /** Clears faults, stats and config (tokens stay valid). */
  async reset() {
    await this.control('POST', '/__standin/reset', {});
    this.own = 0;
  }
  /** Uses up a refresh token (Trakt's are single-use), as another client would. */
  refreshAs(refreshToken, { clientId = CLIENT_ID, clientSecret = CLIENT_SECRET } = {}) {
    return this.request('POST', '/oauth/token', {
      headers: { 'user-agent': 'trakt-mcp-integration-tests/1' },
      body: {
        refresh_token: refreshToken, client_id: clientId, client_secret: clientSecret,
        redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', grant_type: 'refresh_token',
      },
    });
  }
  /** Revokes a token at the stand-in (kills access and refresh token alike). */
  revoke(token) {
    return this.request('POST', '/oauth/revoke', {
      headers: { 'user-agent': 'trakt-mcp-integration-tests/1' },
      body: { token, client_id: CLIENT_ID, client_secret: CLIENT_SECRET },
    });
  }

  /** API requests (not control) from the stand-in's request log. */
  async apiLog() {
    const s = await this.stats();
    return (s.log || []).filter((e) => !String(e.path).startsWith('/__standin'));
  }

  /**
   * A GET on the Trakt API as a well-behaved client would do it (used only to compute
   * expected output; never mixed into tests that count requests or connections).
   */
  async api(p, accessToken) {
    const r = await this.request('GET', p, {
      headers: {
        'user-agent': 'trakt-mcp-integration-tests/1',
        'trakt-api-key': CLIENT_ID,
        'trakt-api-version': '2',
        'content-type': 'application/json',
        authorization: `Bearer ${accessToken}`,
      },
    });
    if (r.status !== 200) throw new Error(`stand-in GET ${p} -> ${r.status}: ${r.text}`);
    return r;
  }

  /** All pages of a paginated endpoint, `limit` per page. */
  async apiAll(p, accessToken, { limit = 250, max = Infinity } = {}) {
    const items = [];
    for (let page = 1; ; page++) {
      const sep = p.includes('?') ? '&' : '?';
      const r = await this.api(`${p}${sep}page=${page}&limit=${limit}`, accessToken);
      items.push(...r.json);
      const count = Number(r.headers['x-pagination-page-count'] ?? 1);
      if (page >= count || items.length >= max || r.json.length === 0) break;
    }
    return items;
  }
}

// ---------------------------------------------------------------------------------------------
// TRAKT_MCP_HOME with tokens.json

export async function makeHome(tokens) {
  const home = await makeTempDir('trakt-mcp-it-home-');
  if (tokens) await writeTokens(home, tokens);
  return home;
}

export async function writeTokens(home, tokens) {
  const file = path.join(home, 'tokens.json');
  await fsp.writeFile(file, JSON.stringify(tokens, null, 2), { mode: 0o600 });
  await fsp.chmod(file, 0o600);
  return file;
}

export async function readTokens(home) {
  return JSON.parse(await fsp.readFile(path.join(home, 'tokens.json'), 'utf8'));
}

// ---------------------------------------------------------------------------------------------
// The binary

/** Clean environment for the binary: nothing from the developer's shell leaks in. */
export function binEnv({ standin, home, tz = 'UTC', extra = {}, clientId = CLIENT_ID, clientSecret = CLIENT_SECRET, logLevel = 'debug' } = {}) {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home ?? os.tmpdir(),
    TZ: tz,
    LANG: 'C.UTF-8',
  };
  if (clientId !== null) env.TRAKT_CLIENT_ID = clientId;
  if (clientSecret !== null) env.TRAKT_CLIENT_SECRET = clientSecret;
  if (standin) {
    env.TRAKT_API_URL = standin.url;
    env.TRAKT_MEDIA_URL = standin.url; // the stand-in is Trakt's image host too (posters): never the real one
    env.SSL_CERT_FILE = path.join(standin.certs, 'ca.pem');
  }
  if (home) env.TRAKT_MCP_HOME = home;
  if (logLevel) env.TRAKT_MCP_LOG_LEVEL = logLevel;
  // Sanitizer builds: keep their settings.
  for (const k of ['ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS', 'TSAN_OPTIONS']) {
    if (process.env[k]) env[k] = process.env[k];
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined || v === null) delete env[k]; else env[k] = v;
  }
  return env;
}

/** Runs the binary once (CLI use); resolves {code, signal, stdout, stderr}. */
export function runBin(args, { env, timeout = T_CALL, input } = {}) {
  requireBinary();
  return new Promise((resolve, reject) => {
    const p = spawn(BIN, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(p);
    const out = [];
    const err = [];
    p.stdout.on('data', (d) => out.push(d));
    p.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`trakt-mcp ${args.join(' ')} did not exit within ${timeout} ms; ` +
        `stdout: ${Buffer.concat(out)} stderr: ${Buffer.concat(err)}`));
    }, timeout);
    p.on('error', (e) => { clearTimeout(timer); reject(e); });
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(p);
      resolve({
        code, signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
    if (input !== undefined) p.stdin.end(input); else p.stdin.end();
  });
}

/**
 * A JSON-RPC client over the binary's stdio (newline-delimited JSON).
 * Keeps every message it got; `request()` resolves with the whole response message.
 */
export class McpProcess {
  constructor(proc) {
    this.proc = proc;
    this.nextId = 1;
    this.pending = new Map();
    this.messages = []; // every parsed message from stdout, in order
    this.notifications = []; // server → client notifications
    this.serverRequests = []; // server → client requests
    this.badLines = []; // stdout lines that are not JSON (a protocol violation)
    this.stderrChunks = [];
    this.listeners = new Set();
    this.spawnError = null;
    this.exited = new Promise((resolve) => {
      const done = (code, signal, why) => {
        children.delete(proc);
        for (const [id, p] of this.pending) {
          p.reject(new Error(`trakt-mcp ${why} (code ${code}, signal ${signal}) before answering id ${id}; stderr:\n${this.stderr}`));
        }
        this.pending.clear();
        resolve({ code, signal });
      };
      proc.on('close', (code, signal) => done(code, signal, 'exited'));
      // A spawn failure (e.g. ETXTBSY while the binary is being relinked) must fail the test,
      // not leave it waiting for a 'close' that never comes.
      proc.on('error', (e) => {
        this.spawnError = e;
        this.stderrChunks.push(Buffer.from(`\n[harness] spawn error: ${e.message}\n`));
        if (proc.pid === undefined) done(null, null, `failed to start: ${e.message}`);
      });
    });
    proc.stderr.on('data', (d) => this.stderrChunks.push(d));
    proc.stdin.on('error', () => { /* EPIPE after exit: reported by the pending rejects */ });
    const rl = readline.createInterface({ input: proc.stdout, crlfDelay: Infinity });
    rl.on('line', (line) => this.#onLine(line));
  }

  static spawn({ env, args = [] } = {}) {
    requireBinary();
    const proc = spawn(BIN, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(proc);
    return new McpProcess(proc);
  }

  get stderr() { return Buffer.concat(this.stderrChunks).toString('utf8'); }

  #onLine(line) {
    if (line.trim() === '') return;
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      this.badLines.push(line);
      return;
    }
    this.messages.push(msg);
    const items = Array.isArray(msg) ? msg : [msg];
    for (const m of items) {
      if (m && typeof m === 'object' && 'method' in m) {
        if ('id' in m) {
          this.serverRequests.push(m);
          // Answer server → client pings so the server never waits on us.
          if (m.method === 'ping') this.send({ jsonrpc: '2.0', id: m.id, result: {} });
        } else {
          this.notifications.push(m);
        }
      } else if (m && typeof m === 'object' && 'id' in m) {
        const key = JSON.stringify(m.id);
        const p = this.pending.get(key);
        if (p) {
          this.pending.delete(key);
          p.resolve(m);
        }
      }
    }
    // Listeners see the raw message (a batch as an array) and then each of its members.
    for (const l of this.listeners) {
      l(msg);
      if (Array.isArray(msg)) for (const m of msg) l(m);
    }
  }

  send(obj) {
    this.sendRaw(JSON.stringify(obj));
  }

  sendRaw(line) {
    this.proc.stdin.write(line.endsWith('\n') ? line : line + '\n');
  }

  /** Waits for the response with this id (sent by someone else, e.g. sendRaw). */
  waitResponse(id, timeout = T_CALL, what) {
    const key = JSON.stringify(id);
    // It may already have arrived.
    for (const m of this.messages.flat()) {
      if (m && typeof m === 'object' && !('method' in m) && JSON.stringify(m.id) === key) {
        return Promise.resolve(m);
      }
    }
    const p = new Promise((resolve, reject) => this.pending.set(key, { resolve, reject }));
    return withTimeout(p, timeout, `${what ?? 'response'} id ${key}; stderr tail:\n${this.stderr.slice(-2000)}`)
      .finally(() => this.pending.delete(key));
  }

  /** Sends a request; resolves with the response message ({result} or {error}). */
  request(method, params, { timeout = T_CALL, id, meta } = {}) {
    const rid = id ?? this.nextId++;
    const msg = { jsonrpc: '2.0', id: rid, method };
    if (params !== undefined || meta) msg.params = { ...(params ?? {}) };
    if (meta) msg.params._meta = meta;
    const key = JSON.stringify(rid);
    const p = new Promise((resolve, reject) => this.pending.set(key, { resolve, reject }));
    this.send(msg);
    return withTimeout(p, timeout, `${method} (id ${key}); stderr tail:\n${this.stderr.slice(-2000)}`)
      .finally(() => this.pending.delete(key));
  }

  notify(method, params) {
    const msg = { jsonrpc: '2.0', method };
    if (params !== undefined) msg.params = params;
    this.send(msg);
  }

  /** initialize + notifications/initialized; returns the initialize result. */
  async initialize(protocolVersion = '2025-11-25', { capabilities = {} } = {}) {
    const r = await this.request('initialize', {
      protocolVersion,
      capabilities,
      clientInfo: { name: 'trakt-mcp-integration-tests', version: '1.0.0' },
    }, { timeout: T_START });
    if (r.error) throw new Error(`initialize failed: ${JSON.stringify(r.error)}`);
    this.notify('notifications/initialized');
    return r.result;
  }

  /** tools/call; resolves with the response message. */
  callTool(name, args = {}, opts = {}) {
    return this.request('tools/call', { name, arguments: args }, opts);
  }

  /** tools/call that must succeed at the JSON-RPC level; returns result. */
  async callToolResult(name, args = {}, opts = {}) {
    const r = await this.callTool(name, args, opts);
    if (r.error) throw new Error(`tools/call ${name} -> JSON-RPC error ${JSON.stringify(r.error)}`);
    if (!r.result) throw new Error(`tools/call ${name} -> no result: ${JSON.stringify(r)}`);
    return r.result;
  }

  /** The tools/list entry of the tool `name`; fails when it is not listed. */
  async listedTool(name) {
    const list = await this.request('tools/list', {});
    const tool = list.result.tools.find((x) => x.name === name);
    if (!tool) throw new Error(`${name} is not listed: ${JSON.stringify(list)}`);
    return tool;
  }

  /** Resolves with the first message (already received or future) matching pred. */
  waitMessage(pred, timeout = T_CALL, what = 'message') {
    const found = this.messages.find(pred) ?? this.messages.flat().find(pred);
    if (found) return Promise.resolve(found);
    let listener;
    const p = new Promise((resolve) => {
      listener = (m) => { if (pred(m)) resolve(m); };
      this.listeners.add(listener);
    });
    return withTimeout(p, timeout, what).finally(() => this.listeners.delete(listener));
  }

  /** Closes stdin and waits for exit; kills it if it does not exit in time. */
  async close(timeout = T_EXIT) {
    try { this.proc.stdin.end(); } catch { /* ignore */ }
    try {
      return await withTimeout(this.exited, timeout, 'trakt-mcp to exit after stdin closed');
    } catch (e) {
      await this.kill();
      throw e;
    }
  }

  /** Kills the process (if still running) and waits (bounded) for it to be gone. */
  async kill() {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
    try {
      return await withTimeout(this.exited, 10_000, 'trakt-mcp to die after SIGKILL');
    } catch {
      return { code: null, signal: 'SIGKILL' };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// One test's world: stand-in + home + tokens + binary.

/**
 * Sets up a stand-in and a home with a fresh login, registers cleanup on `t` (node:test
 * context; pass null and call w.close() yourself for suite-wide worlds). Options: login: false for no tokens.json, or {expires_in, created_at};
 * standin: options for Standin.start; config: stand-in config applied before login.
 */
export async function world(t, { login = {}, standin: sOpts = {}, config, tz = 'UTC' } = {}) {
  const standin = await Standin.start(sOpts);
  const w = { standin, tz, procs: [] };
  // Ends every binary the test started the way a client does (stdin EOF) and checks it exits 0:
  // a crash, a sanitizer report or a leak (asan preset) fails the test that caused it.
  w.close = async () => {
    const problems = [];
    for (const p of w.procs) {
      if (p.proc.exitCode === null && p.proc.signalCode === null && !p.spawnError) {
        try {
          const exit = await p.close(15_000);
          if (exit.code !== 0) {
            problems.push(`trakt-mcp exited with ${JSON.stringify(exit)} after stdin closed; stderr tail:\n${p.stderr.slice(-4000)}`);
          }
        } catch (e) {
          problems.push(`${e.message}; stderr tail:\n${p.stderr.slice(-2000)}`);
        }
      } else if (p.proc.signalCode && p.proc.signalCode !== 'SIGKILL') {
        problems.push(`trakt-mcp died of ${p.proc.signalCode}; stderr tail:\n${p.stderr.slice(-4000)}`);
      }
      await p.kill();
    }
    await standin.stop();
    if (w.home) await removeTempDir(w.home);
    if (problems.length) throw new Error(problems.join('\n\n'));
  };
  if (t) t.after(w.close);
  if (config) await standin.config(config);
  w.tokens = login === false ? null : await standin.login(login);
  w.home = await makeHome(w.tokens);
  w.env = (extra = {}, o = {}) => binEnv({ standin, home: w.home, tz: w.tz, extra, ...o });
  /** Spawns the binary (MCP over stdio), initializes it unless init === false. */
  w.spawn = async ({ init = true, version, args = [], env } = {}) => {
    const p = McpProcess.spawn({ env: env ?? w.env(), args });
    w.procs.push(p);
    if (init) await p.initialize(version);
    return p;
  };
  w.run = (args, o = {}) => runBin(args, { env: o.env ?? w.env(), ...o });
  return w;
}

// ---------------------------------------------------------------------------------------------
// Results

export function textOf(result) {
  assertIsObject(result, 'tools/call result');
  const blocks = (result.content || []).filter((c) => c.type === 'text');
  return blocks.map((b) => b.text).join('\n');
}

export function linesOf(result) {
  const t = textOf(result);
  return t === '' ? [] : t.split('\n');
}

function assertIsObject(v, what) {
  if (!v || typeof v !== 'object') throw new Error(`${what} is not an object: ${JSON.stringify(v)}`);
}

export const FORBIDDEN_WORDS = /\b(null|None|undefined|NaN)\b|\[object Object\]/;

/** An Ajv (JSON Schema 2020-12, all errors) validator for a listed tool's outputSchema. */
export async function outputValidator(tool) {
  const { default: Ajv2020 } = await import('ajv/dist/2020.js');
  return new Ajv2020({ strict: false, allErrors: true }).compile(tool.outputSchema);
}

// ---------------------------------------------------------------------------------------------
// The oracle: expected text lines computed from Trakt JSON, independently of the binary.

/** YYYY-MM-DD of an ISO instant in an IANA time zone. */
export function localDate(iso, tz) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`bad date ${iso}`);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(d);
  const get = (ty) => parts.find((p) => p.type === ty).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** YYYY-MM-DD of a Date in UTC. */
export function utcDate(d = new Date()) {
  return d.toISOString().slice(0, 10);
}

export function addDays(ymd, n) {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return utcDate(d);
}

const pad2 = (n) => String(n).padStart(2, '0');
export const sxe = (season, number) => `S${pad2(season)}E${pad2(number)}`;
const present = (v) => v !== null && v !== undefined && v !== '';
const withYear = (title, year) => (present(year) ? `${title} (${year})` : title);

export function upcomingLine(item, tz) {
  const title = present(item.episode?.title) ? ` - ${item.episode.title}` : '';
  return `${localDate(item.first_aired, tz)} ${item.show.title} ${sxe(item.episode.season, item.episode.number)}${title}`;
}

export function watchlistLine(item) {
  switch (item.type) {
    case 'movie': return `[M] ${withYear(item.movie.title, item.movie.year)}`;
    case 'show': return `[TV] ${withYear(item.show.title, item.show.year)}`;
    case 'season': return `[TV] ${withYear(item.show.title, item.show.year)} S${pad2(item.season.number)}`;
    case 'episode': {
      const t = present(item.episode.title) ? ` - ${item.episode.title}` : '';
      return `[TV] ${item.show.title} ${sxe(item.episode.season, item.episode.number)}${t}`;
    }
    default: throw new Error(`unknown watchlist item type ${item.type}`);
  }
}

export function historyLine(item, tz) {
  const day = localDate(item.watched_at, tz);
  if (item.type === 'movie') return `${day} [M] ${withYear(item.movie.title, item.movie.year)}`;
  const t = present(item.episode.title) ? ` - ${item.episode.title}` : '';
  return `${day} [TV] ${item.show.title} ${sxe(item.episode.season, item.episode.number)}${t}`;
}

/** Sort calendar items the way people read them: by air time (stable). */
export function byFirstAired(items) {
  return items
    .map((it, i) => ({ it, i }))
    .sort((a, b) => (Date.parse(a.it.first_aired) - Date.parse(b.it.first_aired)) || (a.i - b.i))
    .map((x) => x.it);
}

// ---------------------------------------------------------------------------------------------
// The stand-in's request log

/** path?query of a log entry, whatever shape the query is logged in. */
export function logUrl(e) {
  const q = e.query;
  if (q === undefined || q === null || q === '' ||
      (typeof q === 'object' && Object.keys(q).length === 0)) return e.path;
  if (typeof q === 'string') return e.path + (q.startsWith('?') ? q : `?${q}`);
  return `${e.path}?${new URLSearchParams(q).toString()}`;
}

export function logParams(e) {
  const u = logUrl(e);
  const i = u.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : u.slice(i + 1));
}

/**
 * Replays the successful GETs the binary made whose path starts with `prefix` (in order) and
 * returns the concatenated JSON arrays: what Trakt gave the binary, to compute expected output.
 */
export async function replay(standin, accessToken, entries) {
  const out = [];
  for (const e of entries) {
    const r = await standin.api(logUrl(e), accessToken);
    out.push(...r.json);
  }
  return out;
}

/**
 * The binary's successful API requests on a path prefix, from a log snapshot, in page order
 * (the log is in completion order, and pages may be fetched concurrently).
 */
export function apiRequests(log, prefix) {
  const page = (e) => Number(logParams(e).get('page') ?? 1);
  return log
    .filter((e) => e.path.startsWith(prefix) && e.status === 200 && (e.method ?? 'GET') === 'GET')
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.path === b.e.path ? page(a.e) - page(b.e) : 0) || a.i - b.i)
    .map((x) => x.e);
}
