// Harness for the hosted-mode end-to-end tests (tests/hosted): the Trakt stand-in, N real
// `trakt-mcp serve --http --public-url` instances on one store (SQLite or a PostgreSQL 15 of
// the test's own), HAProxy with the shipped deploy/haproxy/trakt-mcp.cfg, and a sign-in that
// goes through the whole OAuth flow with the SDK's own authProvider, as a real client does
// (the browser is emulated: redirects followed by hand with cookies, the consent form posted).
//
// Every process's stderr is kept (for assertions: which instance holds a session, no secret
// in the logs); everything started is killed when the test process ends.

import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

import {
  BIN, REPO_ROOT, TESTS_DIR, Standin, binEnv, makeTempDir, requireBinary, requireNodeModules,
  withTimeout, waitFor, sleep, T_CALL, T_START,
} from '../integration/harness.mjs';
import { httpsJson } from '../standin/https_json.mjs';

export { Standin, sleep, waitFor, withTimeout, T_CALL, makeTempDir };

export const HAPROXY_CFG = path.join(REPO_ROOT, 'deploy', 'haproxy', 'trakt-mcp.cfg');
export const PG_SCRIPT = path.join(TESTS_DIR, 'store', 'postgres.sh');
export const REDIRECT = 'http://127.0.0.1:1/callback';

// One secret key for every instance of a test process (as a deployment would share one).
export const SECRET_KEY = crypto.randomBytes(32).toString('hex');

const procs = new Set();
const pgDirs = new Set();
function killAll() {
  for (const p of procs) { try { p.kill('SIGKILL'); } catch { /* gone */ } }
  procs.clear();
  for (const d of pgDirs) {
    try { execFileSync('bash', [PG_SCRIPT, 'stop', d], { stdio: 'ignore', timeout: 30_000 }); } catch { /* ignore */ }
  }
  pgDirs.clear();
}
process.on('exit', killAll);

export function preconditions() {
  requireNodeModules();
  requireBinary();
}

/** A TCP port free right now on 127.0.0.1. */
export async function freePort() {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

// ---------------------------------------------------------------------------------------------
// Stores

/** A PostgreSQL 15 of our own (tests/store/postgres.sh): resolves {url, stop()}. */
export async function startPostgres() {
  const dir = await makeTempDir('trakt-mcp-hosted-pg-');
  pgDirs.add(dir);
  await new Promise((resolve, reject) => {
    const p = spawn('bash', [PG_SCRIPT, 'start', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    const t = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`postgres.sh start timed out: ${out}`)); }, 120_000);
    p.on('close', (code) => { clearTimeout(t); if (code === 0) resolve(); else reject(new Error(`postgres.sh start -> ${code}: ${out}`)); });
  });
  const pgctl = (action) => execFileSync('bash', [PG_SCRIPT, action, dir], { stdio: 'ignore', timeout: 60_000 });
  return {
    url: `postgresql://trakt@/trakt_mcp_test?host=${dir}/run`,
    /** The server goes down, its data kept; resume() brings it back. */
    pause() { pgctl('pause'); },
    resume() { pgctl('resume'); },
    /** The server and its backends stop answering (SIGSTOP) without closing anything; thaw() wakes them. */
    freeze() { signalCluster(dir, 'STOP'); },
    thaw() { signalCluster(dir, 'CONT'); },
    async stop() {
      pgDirs.delete(dir);
      try { execFileSync('bash', [PG_SCRIPT, 'stop', dir], { stdio: 'ignore', timeout: 60_000 }); } catch { /* ignore */ }
    },
  };
}

// The postmaster of the cluster in `dir` and its children (the backends), sent one signal.
function signalCluster(dir, signal) {
  const pid = fs.readFileSync(path.join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0].trim();
  let children = '';
  try { children = execFileSync('pgrep', ['-P', pid], { encoding: 'utf8' }); } catch { /* none */ }
  execFileSync('kill', [`-${signal}`, pid, ...children.split('\n').filter(Boolean)]);
}

/** A SQLite store in a temp dir: resolves {url}. */
export async function sqliteStore() {
  const dir = await makeTempDir('trakt-mcp-hosted-db-');
  return { url: `sqlite:${path.join(dir, 'hosted.db')}`, async stop() {} };
}

// ---------------------------------------------------------------------------------------------
// Instances

export class Instance {
  constructor(proc, name) {
    this.proc = proc;
    this.name = name;
    this.lines = [];
    this.exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  }
  get stderr() { return this.lines.join('\n'); }
  get alive() { return this.proc.exitCode === null && this.proc.signalCode === null; }
  /** Session ids this instance logged as started. */
  sessions() {
    return this.lines.map((l) => /session (\S+) started/.exec(l)?.[1]).filter(Boolean);
  }
  kill(signal = 'SIGKILL') { this.proc.kill(signal); return this.exited; }
  /** The tail of the log and how it ended, for failure messages. */
  tail(n = 40) {
    const state = this.alive ? 'running' : `exited ${this.proc.exitCode ?? this.proc.signalCode}`;
    return `--- ${this.name} (${state}), last ${n} lines:\n${this.lines.slice(-n).join('\n')}`;
  }
  async stop() {
    if (!this.alive) return;
    this.proc.kill('SIGTERM');
    try { await withTimeout(this.exited, 20_000, `${this.name} to stop`); } catch { this.proc.kill('SIGKILL'); }
    procs.delete(this.proc);
  }
}

/**
 * Starts `trakt-mcp serve --http ADDRESS --public-url PUBLIC`. `address` 127.0.0.1:0 lets the
 * system choose (the actual URL is read from the log). Resolves the Instance with .url.
 */
export async function startInstance({ standin, store, publicUrl, address = '127.0.0.1:0', name = 'trakt-mcp', extra = {}, flags = [] }) {
  requireBinary();
  const home = await makeTempDir('trakt-mcp-hosted-home-');
  const env = binEnv({
    standin, home,
    extra: {
      TRAKT_WEB_URL: standin.url,
      TRAKT_MCP_SECRET_KEY: SECRET_KEY,
      TRAKT_MCP_STORE: store.url,
      ...extra,
    },
  });
  const args = ['serve', '--http', address];
  if (publicUrl) args.push('--public-url', publicUrl);
  args.push(...flags);
  const proc = spawn(BIN, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  procs.add(proc);
  const inst = new Instance(proc, name);
  const rl = readline.createInterface({ input: proc.stderr, crlfDelay: Infinity });
  inst.url = await withTimeout(new Promise((resolve, reject) => {
    rl.on('line', (l) => {
      inst.lines.push(l);
      const m = /listening on (http:\/\/[0-9.:]+)/.exec(l);
      if (m) resolve(m[1]);
    });
    inst.exited.then((r) => reject(new Error(`${name} exited ${JSON.stringify(r)}:\n${inst.stderr}`)));
  }), T_START * 2, `${name} to listen`);
  inst.port = Number(new URL(inst.url).port);
  inst.publicUrl = publicUrl ?? inst.url;
  return inst;
}

/** One instance that is its own public URL (no proxy). */
export async function startDirect({ standin, store, name, extra, flags }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return startInstance({ standin, store, publicUrl: url, address: `127.0.0.1:${port}`, name, extra, flags });
}

// ---------------------------------------------------------------------------------------------
// HAProxy with the shipped configuration

export function haproxyAvailable() {
  try { execFileSync('haproxy', ['-v'], { stdio: 'ignore' }); return true; } catch { return false; }
}

/**
 * Starts HAProxy (deploy/haproxy/trakt-mcp.cfg) on `port` in front of `backends` (host:port).
 * Resolves {url, proc, lines, stop()} once the frontend answers.
 */
export async function startHaproxy({ port, backends }) {
  const front = `127.0.0.1:${port}`;
  const env = {
    PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/bin',
    TRAKT_MCP_FRONT: front,
    TRAKT_MCP_PUBLIC_HOST: front,
    TRAKT_MCP_BACKEND_1: backends[0],
    TRAKT_MCP_BACKEND_2: backends[1] ?? backends[0],
  };
  const check = spawn('haproxy', ['-c', '-q', '-f', HAPROXY_CFG], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let checkOut = '';
  check.stdout.on('data', (d) => { checkOut += d; });
  check.stderr.on('data', (d) => { checkOut += d; });
  const [code] = await once(check, 'close');
  if (code !== 0) throw new Error(`haproxy -c failed (${code}): ${checkOut}`);

  const proc = spawn('haproxy', ['-db', '-f', HAPROXY_CFG], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  procs.add(proc);
  const lines = [];
  for (const s of [proc.stdout, proc.stderr]) {
    readline.createInterface({ input: s, crlfDelay: Infinity }).on('line', (l) => lines.push(l));
  }
  const exited = new Promise((resolve) => proc.once('exit', (c, sig) => resolve({ code: c, signal: sig })));
  const url = `http://${front}`;
  await waitFor(async () => {
    if (proc.exitCode !== null) throw new Error(`haproxy exited: ${lines.join('\n')}`);
    try {
      const r = await fetch(`${url}/.well-known/oauth-authorization-server`, { signal: AbortSignal.timeout(5000) });
      return r.status === 200;
    } catch { return false; }
  }, { timeout: 30_000, interval: 200, what: 'haproxy to answer' });
  return {
    url, proc, lines, front,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        try { await withTimeout(exited, 10_000, 'haproxy to stop'); } catch { proc.kill('SIGKILL'); }
      }
      procs.delete(proc);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Everything a test saw that must never show in a log

export const seenSecrets = new Set();
export function noteSecret(s) { if (typeof s === 'string' && s.length >= 8) seenSecrets.add(s); }

// ---------------------------------------------------------------------------------------------
// The browser

function ca(standin) { return fs.readFileSync(path.join(standin.certs, 'ca.pem')); }

/** GET over https with the test CA (the stand-in's /oauth/authorize); no redirects followed. */
async function httpsGet(url, caPem) {
  const u = new URL(url);
  const r = await httpsJson({ host: u.hostname, port: u.port, ca: caPem, agent: false }, 'GET', u.pathname + u.search,
    { headers: { 'user-agent': 'Mozilla/5.0 (hosted tests)' }, timeoutMs: 20_000 });
  return { status: r.status, location: r.headers.location, setCookies: [].concat(r.headers['set-cookie'] ?? []), text: r.text };
}

async function httpFetch(url, init = {}) {
  const r = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(T_CALL), ...init });
  return {
    status: r.status,
    location: r.headers.get('location'),
    setCookies: r.headers.getSetCookie?.() ?? [],
    headers: r.headers,
    text: await r.text(),
  };
}

/**
 * A person with a browser: a cookie jar for the server's origin. `visit(url)` follows redirects
 * by hand; on the consent page it clicks `decision` (allow|deny). Resolves {redirect: URL} once
 * a redirect leads to `redirectUri`, or {page} (status, text) when a page stops it.
 */
export class Browser {
  constructor(standin, { decision = 'allow' } = {}) {
    this.standin = standin;
    this.ca = ca(standin);
    this.cookies = new Map();
    this.decision = decision;
    this.consentPages = 0;
  }
  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  keep(setCookies) {
    for (const c of setCookies) {
      const [kv] = c.split(';');
      const i = kv.indexOf('=');
      const k = kv.slice(0, i).trim();
      const v = kv.slice(i + 1).trim();
      this.cookies.set(k, v);
      noteSecret(v);
    }
  }
  async get(url) {
    if (url.startsWith('https://')) return httpsGet(url, this.ca);
    const headers = {};
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    return httpFetch(url, { headers });
  }
  async visit(url, redirectUri = REDIRECT) {
    for (let hop = 0; hop < 12; hop++) {
      if (url.startsWith(redirectUri)) return { redirect: new URL(url) };
      const r = await this.get(url);
      this.keep(r.setCookies);
      if (r.status >= 300 && r.status < 400 && r.location) {
        url = new URL(r.location, url).toString();
        continue;
      }
      const form = /name="request" value="([^"]+)"/.exec(r.text);
      if (r.status !== 200 || !form) return { page: r };
      this.consentPages += 1;
      const action = new URL(/<form[^>]*action="([^"]+)"/.exec(r.text)[1], url).toString();
      const post = await httpFetch(action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader() },
        body: new URLSearchParams({ request: form[1], decision: this.decision }).toString(),
      });
      this.keep(post.setCookies);
      if (post.status < 300 || post.status >= 400 || !post.location) return { page: post };
      url = new URL(post.location, action).toString();
    }
    throw new Error(`too many redirects, last ${url}`);
  }
}

// ---------------------------------------------------------------------------------------------
// An MCP client as a real one is: the SDK's StreamableHTTPClientTransport with an authProvider

/**
 * The SDK OAuthClientProvider; what it saves is in .store (client, tokens, verifier). With
 * `clientMetadataUrl` the SDK uses that URL as client_id (a client ID metadata document) where
 * the server supports it, instead of registering.
 */
export class Provider {
  constructor({ clientName = 'hosted-tests', browser, store, clientMetadataUrl } = {}) {
    this.clientName = clientName;
    if (clientMetadataUrl) this.clientMetadataUrl = clientMetadataUrl;
    this.browser = browser;
    this.store = store ?? {};
    this.authorizations = 0; // times the SDK sent the person to /authorize
    this.captured = null;
  }
  get redirectUrl() { return REDIRECT; }
  get clientMetadata() {
    return {
      client_name: this.clientName, redirect_uris: [REDIRECT], grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'], token_endpoint_auth_method: 'none',
    };
  }
  clientInformation() { return this.store.client; }
  saveClientInformation(c) { this.store.client = c; }
  tokens() { return this.store.tokens; }
  saveTokens(t) {
    this.store.tokens = t;
    noteSecret(t.access_token);
    noteSecret(t.refresh_token);
  }
  async redirectToAuthorization(url) {
    this.authorizations += 1;
    if (!this.browser) throw new Error(`no browser: this client was not to sign in again (${url})`);
    const r = await this.browser.visit(url.toString());
    if (!r.redirect) throw new Error(`sign-in stopped at a page ${r.page.status}: ${r.page.text.slice(0, 500)}`);
    this.captured = r.redirect;
  }
  saveCodeVerifier(v) { this.store.verifier = v; noteSecret(v); }
  codeVerifier() { return this.store.verifier; }
}

/**
 * Connects an SDK client to `baseUrl`/mcp. With a provider that has tokens: no sign-in. Without:
 * the whole OAuth flow (register, authorize, consent, Trakt, callback, token). Resolves
 * {client, transport, provider, sessionId}.
 */
export async function connect(baseUrl, provider, { name = 'hosted-tests' } = {}) {
  const url = new URL(`${baseUrl}/mcp`);
  let transport = new StreamableHTTPClientTransport(url, { authProvider: provider });
  const client = new Client({ name, version: '1.0.0' });
  try {
    await withTimeout(client.connect(transport), T_CALL, `connect to ${url}`);
  } catch (e) {
    if (!(e instanceof UnauthorizedError)) throw e;
    if (!provider.captured) throw new Error(`unauthorized and no code captured: ${e.message}`);
    const code = provider.captured.searchParams.get('code');
    if (!code) throw new Error(`the sign-in ended without a code: ${provider.captured}`);
    noteSecret(code);
    await withTimeout(transport.finishAuth(code), T_CALL, 'finishAuth');
    provider.captured = null;
    transport = new StreamableHTTPClientTransport(url, { authProvider: provider });
    await withTimeout(client.connect(transport), T_CALL, `connect to ${url} after sign-in`);
  }
  return { client, transport, provider, sessionId: transport.sessionId };
}

/** Signs a new person in (a new browser, a new client registration); resolves connect()'s result. */
export async function signIn(baseUrl, standin, { clientName = 'hosted-tests', clientMetadataUrl } = {}) {
  const browser = new Browser(standin);
  const provider = new Provider({ clientName, browser, clientMetadataUrl });
  const c = await connect(baseUrl, provider, { name: clientName });
  c.browser = browser;
  return c;
}

/** A new SDK client on the same saved OAuth state (no browser: a sign-in would throw). */
export function reconnect(baseUrl, provider) {
  const again = new Provider({
    clientName: provider.clientName, store: provider.store, clientMetadataUrl: provider.clientMetadataUrl,
  });
  return connect(baseUrl, again);
}

/** tools/call that must succeed (no isError); returns the text. */
export async function callText(client, name, args = {}) {
  const r = await withTimeout(client.callTool({ name, arguments: args }), T_CALL, `tools/call ${name}`);
  if (r.isError) throw new Error(`${name} -> isError: ${JSON.stringify(r.content)}`);
  return r.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

export async function closeQuietly(c) {
  try { await withTimeout(c.client.close(), 10_000, 'client close'); } catch { /* ignore */ }
}

// ---------------------------------------------------------------------------------------------
// Raw OAuth (for the security tests): register, PKCE, authorize, token

export function pkce() {
  const verifier = crypto.randomBytes(32).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  noteSecret(verifier);
  return { verifier, challenge };
}

export async function register(base, { name = 'raw-client', redirectUris = [REDIRECT] } = {}) {
  const r = await fetch(`${base}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: name, redirect_uris: redirectUris, grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'], token_endpoint_auth_method: 'none',
    }),
    signal: AbortSignal.timeout(T_CALL),
  });
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  if (json?.client_secret) noteSecret(json.client_secret);
  return { status: r.status, json, text, headers: r.headers };
}

export function authorizeUrl(base, { clientId, challenge, redirectUri = REDIRECT, state = 'st4te', resource = `${base}/mcp`, omit = [] } = {}) {
  const q = new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: redirectUri,
    code_challenge: challenge ?? '', code_challenge_method: 'S256', state, resource, scope: 'trakt',
  });
  for (const k of omit) q.delete(k);
  return `${base}/authorize?${q}`;
}

export async function tokenRequest(base, form) {
  const r = await fetch(`${base}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(T_CALL),
  });
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  if (json?.access_token) noteSecret(json.access_token);
  if (json?.refresh_token) noteSecret(json.refresh_token);
  return { status: r.status, json, text, headers: r.headers };
}

/** Registers a client, runs the browser to a code, exchanges it; resolves {clientId, tokens, browser, pk}. */
export async function rawSignIn(base, standin, { browser } = {}) {
  const reg = await register(base);
  if (reg.status !== 201) throw new Error(`register -> ${reg.status}: ${reg.text}`);
  const clientId = reg.json.client_id;
  const pk = pkce();
  browser ??= new Browser(standin);
  const r = await browser.visit(authorizeUrl(base, { clientId, challenge: pk.challenge }));
  if (!r.redirect) throw new Error(`authorize stopped at ${r.page.status}: ${r.page.text.slice(0, 300)}`);
  const code = r.redirect.searchParams.get('code');
  if (!code) throw new Error(`no code: ${r.redirect}`);
  noteSecret(code);
  const t = await tokenRequest(base, {
    grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: clientId,
    code_verifier: pk.verifier, resource: `${base}/mcp`,
  });
  if (t.status !== 200) throw new Error(`token -> ${t.status}: ${t.text}`);
  return { clientId, tokens: t.json, browser, pk };
}

/** A raw MCP POST (initialize unless `message` given) with a bearer token. */
export async function mcpPost(base, { token, sessionId, message } = {}) {
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (sessionId) {
    headers['mcp-session-id'] = sessionId;
    headers['mcp-protocol-version'] = '2025-11-25';
  }
  message ??= {
    jsonrpc: '2.0', id: 1, method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  };
  const r = await fetch(`${base}/mcp`, {
    method: 'POST', headers, body: JSON.stringify(message), signal: AbortSignal.timeout(T_CALL),
  });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

