// Proves that a client of another make than our test harness signs in and works: the npm package
// mcp-remote, run as a host runs it (the SDK's stdio client on its stdin/stdout), registers at our
// /register (RFC 7591), and chromium, given the URL it hands its browser opener, clicks Allow on our
// consent page, through Trakt (the stand-in) and /callback to mcp-remote's loopback listener; it
// redeems the code (PKCE) and lists the tools and reads the watchlist of the person who signed in.
// Deny instead: mcp-remote gets access_denied and no token. The instance logs no secret.
//
// mcp-remote has its own OAuth provider, callback listener and token store, on the TypeScript
// SDK v2's auth() (bundled). Each mcp-remote gets its own config dir, HOME and browser opener (a
// script recording the URL): no real browser is launched and ~/.mcp-auth is never touched.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import {
  preconditions, Standin, sqliteStore, startDirect, freePort, makeTempDir, waitFor, withTimeout,
  noteSecret, seenSecrets, SECRET_KEY, T_CALL,
} from './hosted_harness.mjs';
import { TESTS_DIR, CLIENT_ID, declaredToolNames, watchlistLine } from '../integration/harness.mjs';

const CHROMIUM = process.env.TRAKT_MCP_CHROMIUM ?? '/usr/bin/chromium';
const MCP_REMOTE_DIR = path.join(TESTS_DIR, 'node_modules', 'mcp-remote');
const MCP_REMOTE = path.join(MCP_REMOTE_DIR, 'dist', 'proxy.js');
// Deadlines, not waits: the ASan build is several times slower, and a sign-in is many hops.
const T_SIGNIN = 240_000;
const T_NAV = 60_000;

const HEAT = { trakt: 1234 }; // Heat (1995) in the stand-in's catalog

let standin, store, inst, chromium;
const remotes = [];
const pids = new Set();
process.on('exit', () => { for (const pid of pids) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } } });

before(async () => {
  preconditions();
  assert.ok(fs.existsSync(MCP_REMOTE), `${MCP_REMOTE} missing: run \`npm ci --prefix tests\``);
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} missing: install Debian's chromium (scripts/setup)`);
  const { chromium: launcher } = await import('playwright-core');
  standin = await Standin.start();
  store = await sqliteStore();
  inst = await startDirect({ standin, store, name: 'instance' });
  chromium = await launcher.launch({
    executablePath: CHROMIUM, headless: true, timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
});

after(async () => {
  if (process.env.TRAKT_MCP_HOSTED_DEBUG) {
    console.error(inst?.tail(80));
    for (const r of remotes) console.error(`--- ${r.name}:\n${r.lines.join('\n')}`);
  }
  for (const r of remotes) await r.close();
  await chromium?.close().catch(() => {});
  await inst?.stop();
  await standin?.stop();
});

/**
 * Spawns mcp-remote for `${inst.url}/mcp` through the SDK's StdioClientTransport (as a host
 * would) and starts the MCP handshake at once: `connecting` settles when mcp-remote, signed in,
 * answers initialize (or rejects when it gives up). The browser opener is a script that writes
 * the URL to `opened`.
 */
async function startMcpRemote(name) {
  const dir = await makeTempDir('trakt-mcp-mcp-remote-');
  const bin = path.join(dir, 'bin');
  const configDir = path.join(dir, 'config');
  const opened = path.join(dir, 'opened.txt');
  fs.mkdirSync(bin);
  const opener = path.join(bin, 'record-url');
  fs.writeFileSync(opener, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\nexit 0\n`, { mode: 0o755 });
  // mcp-remote asks the `open` package (its own xdg-open, which honours $BROWSER without a
  // desktop), then xdg-open, gio, x-www-browser, sensible-browser: all of them are the recorder.
  for (const n of ['xdg-open', 'gio', 'x-www-browser', 'sensible-browser', 'www-browser']) fs.symlinkSync(opener, path.join(bin, n));

  const callbackPort = await freePort();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [MCP_REMOTE, `${inst.url}/mcp`, String(callbackPort), '--auth-timeout', String(T_SIGNIN / 1000)],
    env: {
      PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      HOME: dir,
      MCP_REMOTE_CONFIG_DIR: configDir,
      BROWSER: opener,
    },
    cwd: dir,
    stderr: 'pipe',
  });
  const r = { name, dir, configDir, opened, callbackPort, transport, lines: [], connectError: null };
  readline.createInterface({ input: transport.stderr, crlfDelay: Infinity }).on('line', (l) => r.lines.push(l));
  r.client = new Client({ name: 'mcp-remote-test-host', version: '1.0.0' });
  r.connecting = r.client.connect(transport, { timeout: T_SIGNIN });
  r.connecting.catch((e) => { r.connectError = e; });
  r.tail = (n = 40) => `--- ${name} stderr, last ${n} lines:\n${r.lines.slice(-n).join('\n')}\n${inst.tail(20)}`;
  r.close = async () => {
    try { await withTimeout(r.client.close(), 10_000, `${name} to close`); } catch { /* below */ }
    if (transport.pid) { try { process.kill(transport.pid, 'SIGKILL'); } catch { /* gone */ } }
  };
  // The pid exists once the transport has spawned, which connect() does first.
  await waitFor(() => transport.pid, { timeout: 10_000, what: `${name} to spawn` });
  pids.add(transport.pid);
  remotes.push(r);
  return r;
}

/** The URL mcp-remote gave its browser opener; fails at once if mcp-remote gives up first. */
async function openedUrl(r) {
  const url = await waitFor(() => {
    if (r.connectError) throw new Error(`${r.name} gave up before opening a browser: ${r.connectError.message}\n${r.tail()}`);
    const text = fs.existsSync(r.opened) ? fs.readFileSync(r.opened, 'utf8') : '';
    return text.endsWith('\n') && text.trim();
  }, { timeout: T_SIGNIN, interval: 100, what: `${r.name} to open the browser` }).catch((e) => {
    throw new Error(`${e.message}\n${r.tail()}`);
  });
  assert.equal(url.split('\n').length, 1, `one browser opened: ${url}`);
  // The URL it also printed for the person to copy is the same sign-in.
  const i = r.lines.findIndex((l) => /Please authorize this client by visiting:/.test(l));
  assert.ok(i >= 0, r.tail());
  const printed = new URL(r.lines[i + 1]);
  const u = new URL(url);
  assert.equal(u.origin + u.pathname, printed.origin + printed.pathname);
  assert.equal(u.searchParams.get('state'), printed.searchParams.get('state'));
  return u;
}

/**
 * Resolves once mcp-remote answered the host's initialize. Fails at once (not at the deadline)
 * when it opens the browser a second time: the first sign-in did not give it a token that works.
 */
async function signedIn(r) {
  let settled = false;
  const again = waitFor(() => {
    if (settled) return true;
    if (fs.readFileSync(r.opened, 'utf8').trim().split('\n').length > 1) {
      throw new Error('mcp-remote sent the person to sign in again: the first sign-in gave it no working token');
    }
    return false;
  }, { timeout: T_SIGNIN, interval: 100, what: 'mcp-remote to connect' });
  again.catch(() => {});
  try {
    await Promise.race([withTimeout(r.connecting, T_SIGNIN, 'mcp-remote to answer initialize after the sign-in'), again]);
  } catch (e) {
    throw new Error(`${e.message}\n${r.tail()}`);
  } finally {
    settled = true;
  }
}

/** Files mcp-remote keeps (client registration, tokens, verifiers): every secret in them. */
function noteStoredSecrets(r) {
  const dir = path.join(r.configDir, 'mcp-remote-v1');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const found = {};
  for (const f of files.filter((x) => x.endsWith('.json'))) {
    let j;
    try { j = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')); } catch { continue; }
    found[f.replace(/^[0-9a-f]{32}_/, '')] = j;
    for (const k of ['access_token', 'refresh_token', 'id_token', 'client_secret', 'code_verifier']) noteSecret(j?.[k]);
    if (typeof j === 'string') noteSecret(j);
  }
  return found;
}

async function noteCookies(context) {
  for (const c of await context.cookies()) noteSecret(c.value);
}

test('mcp-remote signs in through chromium (Allow) and its stdio client calls a tool as that person', async () => {
  // The person who signs in at Trakt is carol; her watchlist has Heat, which nobody else's has.
  const carolToken = (await standin.control('POST', '/__standin/login', { username: 'carol' })).access_token;
  const api = {
    'user-agent': 'trakt-mcp-hosted-tests/1', 'trakt-api-key': CLIENT_ID, 'trakt-api-version': '2',
    authorization: `Bearer ${carolToken}`,
  };
  const added = await standin.request('POST', '/sync/watchlist', { headers: api, body: { movies: [{ ids: HEAT }] } });
  assert.equal(added.status, 201, added.text);
  await standin.config({ authorize_queue: ['carol'] });
  const s0 = await standin.stats();

  const r = await startMcpRemote('mcp-remote (allow)');
  const authUrl = await openedUrl(r);
  assert.equal(authUrl.origin + authUrl.pathname, `${inst.url}/authorize`);
  assert.equal(authUrl.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(authUrl.searchParams.get('code_challenge'));
  assert.equal(authUrl.searchParams.get('redirect_uri'), `http://localhost:${r.callbackPort}/oauth/callback`);
  assert.equal(authUrl.searchParams.get('resource'), `${inst.url}/mcp`);
  // It registered itself (RFC 7591) before sending the person here; that client_id is in the URL.
  const clientId = authUrl.searchParams.get('client_id');
  await waitFor(() => inst.stderr.includes(`registered client ${clientId} (MCP CLI Proxy)`),
    { timeout: T_CALL, what: 'the instance to log the registration' });

  const context = await chromium.newContext({ ignoreHTTPSErrors: true }); // the stand-in's test CA only
  try {
    const page = await context.newPage();
    const hops = [];
    page.on('request', (q) => { if (q.isNavigationRequest()) hops.push(`${q.method()} ${new URL(q.url()).origin}${new URL(q.url()).pathname}`); });
    const consent = await page.goto(authUrl.toString(), { timeout: T_NAV });
    assert.equal(consent.status(), 200, `${await consent.text()}\n${inst.tail()}`);
    // The page names the app that registered and where the answer goes.
    const shown = await page.locator('body').innerText();
    assert.ok(shown.includes('MCP CLI Proxy'), shown);
    assert.ok(shown.includes(`localhost:${r.callbackPort}`), shown);
    await page.getByRole('button', { name: /^allow$/i }).click();

    // Our consent → Trakt → our /callback → mcp-remote's listener, which says so.
    await page.waitForURL((u) => u.origin === `http://localhost:${r.callbackPort}` && u.pathname === '/oauth/callback',
      { timeout: T_NAV }).catch((e) => { throw new Error(`${e.message}\nhops: ${hops.join(' | ')}\n${r.tail()}`); });
    const back = new URL(page.url()).searchParams;
    noteSecret(back.get('code'));
    assert.ok(back.get('code'), `a code, not an error: ${page.url()}`);
    assert.equal(back.get('state'), authUrl.searchParams.get('state'));
    assert.equal(back.get('iss'), inst.url);
    await page.getByText(/Authorization successful/).waitFor({ timeout: T_NAV });
    assert.deepEqual(hops, [
      `GET ${inst.url}/authorize`,
      `POST ${inst.url}/authorize/decision`,
      `GET ${standin.url}/oauth/authorize`,
      `GET ${inst.url}/callback`,
      `GET http://localhost:${r.callbackPort}/oauth/callback`,
    ]);
    await noteCookies(context);
  } finally {
    await context.close();
  }

  // mcp-remote redeems the code, connects, and only then answers the host's initialize.
  await signedIn(r);
  assert.equal(r.client.getServerVersion()?.name, 'trakt-mcp');
  // The session at the instance is the one mcp-remote opened for this host (it names itself).
  const { version } = JSON.parse(fs.readFileSync(path.join(MCP_REMOTE_DIR, 'package.json'), 'utf8'));
  await waitFor(() => inst.stderr.includes(`session started: mcp-remote-test-host (via mcp-remote ${version})`),
    { timeout: T_CALL, what: 'the instance to log the session' });
  const stored = noteStoredSecrets(r);
  assert.equal(stored['client_info.json']?.client_id, clientId, `the registration mcp-remote kept: ${Object.keys(stored)}`);
  assert.ok(stored['tokens.json']?.access_token, `tokens kept: ${Object.keys(stored)}`);
  assert.ok(stored['tokens.json']?.refresh_token, 'a refresh token too');
  const s1 = await standin.stats();
  assert.equal(s1.code_exchanges - s0.code_exchanges, 1, 'one Trakt code redeemed by our /callback');

  const { tools } = await withTimeout(r.client.listTools(), T_CALL, 'tools/list through mcp-remote');
  const names = tools.map((t) => t.name);
  for (const n of ['get_upcoming', 'get_watchlist', 'get_stats']) assert.ok(names.includes(n), `${n} in ${names}`);
  assert.deepEqual(names, declaredToolNames());

  const call = await withTimeout(r.client.callTool({ name: 'get_watchlist', arguments: {} }, undefined, { timeout: T_CALL }),
    T_CALL, 'get_watchlist through mcp-remote');
  assert.notEqual(call.isError, true, JSON.stringify(call.content));
  const text = call.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');
  const expected = (await standin.apiAll('/sync/watchlist', carolToken)).map(watchlistLine);
  assert.ok(expected.includes('[M] Heat (1995)'), 'the oracle has carol\'s own item');
  assert.deepEqual(text.split('\n'), expected);
  const reads = (await standin.stats()).log.filter((e) => e.method === 'GET' && e.path.startsWith('/sync/watchlist') && e.user);
  assert.ok(reads.some((e) => e.user === 'carol'), 'the instance read carol\'s watchlist at Trakt');
});

test('Deny in chromium: mcp-remote gets access_denied, no code, no token, and the host never connects', async () => {
  const s0 = await standin.stats();
  const r = await startMcpRemote('mcp-remote (deny)');
  const authUrl = await openedUrl(r);
  const context = await chromium.newContext({ ignoreHTTPSErrors: true });
  try {
    const page = await context.newPage();
    await page.goto(authUrl.toString(), { timeout: T_NAV });
    await page.getByRole('button', { name: /^deny$/i }).click();
    await page.waitForURL((u) => u.origin === `http://localhost:${r.callbackPort}` && u.pathname === '/oauth/callback',
      { timeout: T_NAV });
    const back = Object.fromEntries(new URL(page.url()).searchParams);
    assert.equal(back.error, 'access_denied', page.url());
    assert.equal(back.code, undefined);
    assert.equal(back.state, authUrl.searchParams.get('state'));
    await page.getByText(/Authorization failed/).waitFor({ timeout: T_NAV });
    await noteCookies(context);
  } finally {
    await context.close();
  }
  // mcp-remote exits; the host's initialize fails with the closed connection (not a deadline).
  await assert.rejects(withTimeout(r.connecting, T_SIGNIN, 'mcp-remote to give up'), /Connection closed/);
  await waitFor(() => inst.stderr.includes(`the person denied client ${authUrl.searchParams.get('client_id')}`),
    { timeout: T_CALL, what: 'the instance to log the denial' });
  assert.ok(r.lines.some((l) => /Authorization failed: access_denied/.test(l)), r.tail());
  const stored = noteStoredSecrets(r);
  assert.equal(stored['tokens.json'], undefined, 'no tokens');
  const s1 = await standin.stats();
  assert.equal(s1.authorizations - s0.authorizations, 0, 'Trakt was never asked');
  assert.equal(s1.code_exchanges - s0.code_exchanges, 0);
});

test('no secret in the log', () => {
  assert.ok(seenSecrets.size >= 5, `secrets seen: ${seenSecrets.size}`);
  for (const s of seenSecrets) assert.ok(!inst.stderr.includes(s), `the instance logged a secret (${s.slice(0, 6)}…)`);
  assert.ok(!inst.stderr.includes(SECRET_KEY));
});
