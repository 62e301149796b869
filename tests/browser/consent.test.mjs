// The hosted-mode consent page in a real headless browser (Debian's chromium, driven by
// playwright-core), clicked as a person would: with the mouse and with the keyboard. Checks the
// page (accessible structure, who asks for what), Allow and Deny end to end up to a working
// access token, the remembered consent, and the attacks the page must resist: framing
// (clickjacking), a cross-origin form post (CSRF) and a hostile client name (HTML injection).
//
// Processes: the Trakt stand-in (HTTPS, test CA), one `trakt-mcp serve --http` on SQLite, a tiny
// HTTP server of the test playing the client's redirect target (port P) and an attacker's site
// (port Q), and chromium. Everything is stopped in after() and on process exit.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';

import {
  BIN, Standin, binEnv, makeTempDir, requireBinary, withTimeout, waitFor,
} from '../integration/harness.mjs';

const CHROMIUM = process.env.TRAKT_MCP_CHROMIUM ?? '/usr/bin/chromium';
const T_NAV = 20_000;

// ---------------------------------------------------------------------------------------------
// Processes

const procs = new Set();
process.on('exit', () => { for (const p of procs) { try { p.kill('SIGKILL'); } catch { /* gone */ } } });

async function freePort() {
  const srv = net.createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

/** `trakt-mcp serve --http` in hosted mode on SQLite; resolves {url, lines, stop()}. */
async function startHosted(standin) {
  requireBinary();
  const home = await makeTempDir('trakt-mcp-browser-');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = binEnv({
    standin, home,
    extra: {
      TRAKT_WEB_URL: standin.url,
      TRAKT_MCP_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
      TRAKT_MCP_STORE: `sqlite:${path.join(home, 'h.db')}`,
    },
  });
  const proc = spawn(BIN, ['serve', '--http', `127.0.0.1:${port}`, '--public-url', url],
    { env, stdio: ['ignore', 'ignore', 'pipe'] });
  procs.add(proc);
  const lines = [];
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  await withTimeout(new Promise((resolve, reject) => {
    readline.createInterface({ input: proc.stderr }).on('line', (l) => {
      lines.push(l);
      if (/listening on http/.test(l)) resolve();
    });
    exited.then((r) => reject(new Error(`trakt-mcp exited ${JSON.stringify(r)}:\n${lines.join('\n')}`)));
  }), 40_000, 'trakt-mcp serve to listen');
  return {
    url, lines,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        try { await withTimeout(exited, 15_000, 'trakt-mcp to stop'); } catch { proc.kill('SIGKILL'); }
      }
      procs.delete(proc);
    },
  };
}

/**
 * The test's own little web: `/cb` is the client's redirect target (records each query, shows
 * "done"); any other path answers the HTML put in `pages` (the attacker's pages).
 */
async function startWeb() {
  const hits = [];
  const pages = new Map();
  const srv = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    if (u.pathname === '/cb') {
      hits.push(Object.fromEntries(u.searchParams));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html lang="en"><title>done</title><p>done</p></html>');
      return;
    }
    const html = pages.get(u.pathname);
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
  srv.keepAliveTimeout = 1000;
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  return {
    port: srv.address().port, hits, pages,
    async stop() { srv.closeAllConnections(); srv.close(); },
  };
}

// ---------------------------------------------------------------------------------------------
// OAuth helpers

const b64url = (buf) => buf.toString('base64url');

function pkce() {
  const verifier = b64url(crypto.randomBytes(32));
  const challenge = b64url(crypto.createHash('sha256').update(verifier).digest());
  return { verifier, challenge };
}

async function register(server, clientName, redirectUri) {
  const res = await fetch(`${server.url}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: clientName, redirect_uris: [redirectUri], token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
    }),
  });
  const text = await res.text();
  assert.equal(res.status, 201, `POST /register: ${text}`);
  return JSON.parse(text).client_id;
}

function authorizeUrl(server, clientId, redirectUri, { challenge, state }) {
  const u = new URL(`${server.url}/authorize`);
  u.search = new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: redirectUri,
    code_challenge: challenge, code_challenge_method: 'S256', state, resource: `${server.url}/mcp`,
  }).toString();
  return u.toString();
}

async function exchange(server, { code, redirectUri, clientId, verifier }) {
  const res = await fetch(`${server.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId,
      code_verifier: verifier, resource: `${server.url}/mcp`,
    }).toString(),
  });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text), text };
}

async function initializeMcp(server, accessToken) {
  const res = await fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${accessToken}`, 'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({
      jsonrpc: '2.0', id: 1, method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'browser-test', version: '1' } },
    }),
  });
  return { status: res.status, text: await res.text() };
}

// ---------------------------------------------------------------------------------------------

describe('consent page in chromium', () => {
  let chromium;
  let standin;
  let server;
  let web; // redirect target, http://127.0.0.1:P
  let evil; // the attacker's site, another port (and for cross-site, another host name)
  let browser;
  let redirectUri;
  let clientId;
  let allowContext; // the browser of the person who allowed Pocket Agent (signed in, consented)

  const diag = () => `\n--- trakt-mcp stderr (last 30 lines):\n${server?.lines.slice(-30).join('\n')}`;

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} missing: install Debian's chromium (scripts/setup)`);
    try {
      ({ chromium } = await import('playwright-core'));
    } catch (e) {
      throw new Error(`playwright-core missing (${e.message}): run \`npm ci --prefix tests\``);
    }
    standin = await Standin.start();
    [server, web, evil] = await Promise.all([startHosted(standin), startWeb(), startWeb()]);
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true, timeout: 30_000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    redirectUri = `http://127.0.0.1:${web.port}/cb`;
    clientId = await register(server, 'Pocket Agent', redirectUri);
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await Promise.all([server?.stop(), standin?.stop(), web?.stop(), evil?.stop()]);
  });

  // Only the stand-in (Trakt's /oauth/authorize) is HTTPS, with the test CA the browser does not
  // know; trakt-mcp and the test's pages are plain http, so ignoring certificate errors weakens
  // nothing that is under test.
  const newContext = () => browser.newContext({ ignoreHTTPSErrors: true });

  /** Waits until the browser is at the redirect target; resolves its query as an object. */
  async function landed(page) {
    await page.waitForURL((u) => u.origin === `http://127.0.0.1:${web.port}` && u.pathname === '/cb',
      { timeout: T_NAV });
    await assert.doesNotReject(page.getByText('done').waitFor({ timeout: T_NAV }));
    return Object.fromEntries(new URL(page.url()).searchParams);
  }

  it('shows an accessible page naming the client; Allow by keyboard ends with a working token', async () => {
    allowContext = await newContext();
    const page = await allowContext.newPage();
    const { verifier, challenge } = pkce();
    const state = b64url(crypto.randomBytes(12));
    const response = await page.goto(authorizeUrl(server, clientId, redirectUri, { challenge, state }),
      { timeout: T_NAV });
    assert.equal(response.status(), 200, diag());

    // Headers: no framing, no caching.
    const h = response.headers();
    assert.match(h['content-security-policy'] ?? '', /frame-ancestors 'none'/);
    assert.equal(h['x-frame-options'], 'DENY');
    assert.match(h['cache-control'] ?? '', /no-store/);

    // Structure: language, title, one heading.
    assert.match(await page.getAttribute('html', 'lang'), /^[a-z]{2}/);
    assert.ok((await page.title()).trim().length > 0, 'a <title>');
    assert.equal(await page.locator('h1').count(), 1);
    assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);

    // Who asks, where the answer goes, for what.
    await page.getByText('Pocket Agent').first().waitFor({ state: 'visible', timeout: 5000 });
    await page.getByText(`127.0.0.1:${web.port}`).first().waitFor({ state: 'visible', timeout: 5000 });
    const text = await page.locator('body').innerText();
    assert.match(text, /watchlist/i, `explains the access:\n${text}`);
    assert.match(text, /Trakt/);

    // Buttons by role and accessible name.
    const allow = page.getByRole('button', { name: /allow/i });
    const deny = page.getByRole('button', { name: /deny/i });
    assert.equal(await allow.count(), 1);
    assert.equal(await deny.count(), 1);
    await allow.waitFor({ state: 'visible' });
    await deny.waitFor({ state: 'visible' });

    // Keyboard: Tab reaches Allow then Deny; back to Allow; Enter submits.
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Allow', 'first Tab focuses Allow');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Deny', 'second Tab focuses Deny');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(), 'Allow');
    await page.keyboard.press('Enter');

    // Through Trakt (the stand-in approves at once) and back to the client.
    const q = await landed(page);
    assert.ok(q.code, `a code at the redirect target: ${JSON.stringify(q)}`);
    assert.equal(q.state, state);
    assert.equal(q.iss, server.url);
    assert.equal(q.error, undefined);

    const tok = await exchange(server, { code: q.code, redirectUri, clientId, verifier });
    assert.equal(tok.status, 200, tok.text);
    assert.ok(tok.json.access_token, tok.text);
    const mcp = await initializeMcp(server, tok.json.access_token);
    assert.equal(mcp.status, 200, mcp.text);
  });

  it('remembers the consent in the same browser: straight back with a code', async () => {
    const page = await allowContext.newPage();
    const pages = [];
    page.on('response', (r) => { if (new URL(r.url()).pathname === '/authorize') pages.push(r.status()); });
    const { verifier, challenge } = pkce();
    const state = b64url(crypto.randomBytes(12));
    await page.goto(authorizeUrl(server, clientId, redirectUri, { challenge, state }), { timeout: T_NAV });
    const q = await landed(page);
    assert.deepEqual(pages, [302], 'the /authorize answer is the redirect, not a page');
    assert.ok(q.code);
    assert.equal(q.state, state);
    const tok = await exchange(server, { code: q.code, redirectUri, clientId, verifier });
    assert.equal(tok.status, 200, tok.text);
  });

  it('Deny (mouse) ends at the client with access_denied', async () => {
    const context = await newContext();
    try {
      const page = await context.newPage();
      const { challenge } = pkce();
      const state = b64url(crypto.randomBytes(12));
      await page.goto(authorizeUrl(server, clientId, redirectUri, { challenge, state }), { timeout: T_NAV });
      await page.getByRole('button', { name: /deny/i }).click();
      const q = await landed(page);
      assert.equal(q.error, 'access_denied', JSON.stringify(q));
      assert.equal(q.state, state);
      assert.equal(q.code, undefined);
    } finally {
      await context.close();
    }
  });

  it('cannot be framed by another site (clickjacking)', async () => {
    const context = await newContext();
    try {
      const page = await context.newPage();
      const refused = [];
      page.on('console', (m) => { if (/frame-ancestors|X-Frame-Options/i.test(m.text())) refused.push(m.text()); });
      const { challenge } = pkce();
      const target = authorizeUrl(server, clientId, redirectUri, { challenge, state: 'framed' });
      // A control frame (an ordinary page of another origin) shows that framing works at all.
      evil.pages.set('/frame', '<!doctype html><html lang="en"><title>win a prize</title>' +
        `<iframe id="control" src="http://127.0.0.1:${web.port}/cb?control=1" width="400" height="100"></iframe>` +
        `<iframe id="victim" src="${target.replace(/&/g, '&amp;')}" width="600" height="600"></iframe></html>`);
      const served = page.waitForResponse((r) => new URL(r.url()).pathname === '/authorize', { timeout: T_NAV });
      await page.goto(`http://localhost:${evil.port}/frame`, { timeout: T_NAV });
      assert.equal((await served).status(), 200, 'the server answered the framed request');

      const control = await (await page.$('#control')).contentFrame();
      await control.getByText('done').waitFor({ timeout: T_NAV });

      // The victim frame: blocked (chromium's error page, no form, no buttons).
      await waitFor(() => refused.length > 0, { timeout: T_NAV, what: 'chromium to refuse the frame' });
      const frame = await (await page.$('#victim')).contentFrame();
      assert.ok(frame === null || !frame.url().startsWith(server.url), `frame url: ${frame?.url()}`);
      if (frame) {
        // (chromium's own error page has buttons and words of its own: look for ours)
        assert.equal(await frame.locator('form[action="/authorize/decision"], input[name=request]').count(), 0);
        assert.equal(await frame.getByText('Pocket Agent').count(), 0);
        assert.equal(await frame.getByRole('button', { name: /^allow$/i }).count(), 0);
      }
      assert.match(refused.join('\n'), /frame-ancestors 'none'|X-Frame-Options/);
    } finally {
      await context.close();
    }
  });

  it('refuses a decision posted from another site (CSRF)', async () => {
    // The attacker's own browser opens a consent page: a real request value, bound to its cookie.
    const attacker = await newContext();
    const victim = await newContext();
    try {
      const ap = await attacker.newPage();
      await ap.goto(authorizeUrl(server, clientId, redirectUri, { ...pkce(), state: 'attacker' }), { timeout: T_NAV });
      const attackersRequest = await ap.locator('input[name=request]').getAttribute('value');
      assert.ok(attackersRequest);

      // The victim has the consent page open (so this browser holds the nonce cookie).
      const vp = await victim.newPage();
      const { verifier, challenge } = pkce();
      const state = b64url(crypto.randomBytes(12));
      await vp.goto(authorizeUrl(server, clientId, redirectUri, { challenge, state }), { timeout: T_NAV });
      const victimsRequest = await vp.locator('input[name=request]').getAttribute('value');
      assert.ok(victimsRequest);
      assert.ok((await victim.cookies()).some((c) => /nonce/.test(c.name)), 'the victim holds the cookie');

      const hitsBefore = web.hits.length;
      const attack = async (origin, request) => {
        evil.pages.set('/csrf', '<!doctype html><html lang="en"><title>cute cats</title>' +
          `<form method="post" action="${server.url}/authorize/decision">` +
          `<input type="hidden" name="request" value="${request}">` +
          '<input type="hidden" name="decision" value="allow"></form>' +
          '<script>document.forms[0].submit()</script></html>');
        const page = await victim.newPage();
        try {
          const answer = page.waitForResponse((r) => r.url() === `${server.url}/authorize/decision`, { timeout: T_NAV });
          await page.goto(`${origin}/csrf`, { timeout: T_NAV });
          const r = await answer;
          await page.waitForLoadState('load');
          const cookie = (await r.request().allHeaders()).cookie ?? '';
          return { status: r.status(), text: await page.locator('body').innerText(), cookie };
        } finally {
          await page.close();
        }
      };
      const sameSite = `http://127.0.0.1:${evil.port}`; // another origin, same site: the cookie goes along
      const crossSite = `http://localhost:${evil.port}`; // another site: SameSite=Lax keeps the cookie back

      const guessed = await attack(sameSite, b64url(crypto.randomBytes(32)));
      assert.equal(guessed.status, 400, `guessed request value: ${guessed.text}`);
      const foreign = await attack(sameSite, attackersRequest);
      assert.equal(foreign.status, 400, `the attacker's own request value: ${foreign.text}`);
      const stolen = await attack(crossSite, victimsRequest);
      assert.equal(stolen.status, 400, `the victim's own (stolen) request value, cross-site: ${stolen.text}`);
      for (const r of [guessed, foreign, stolen]) assert.match(r.text, /expired/i);
      // Why each failed: same site, the cookie went along but does not fit the request value;
      // cross-site, the browser kept the cookie back.
      assert.match(guessed.cookie, /nonce=/);
      assert.match(foreign.cookie, /nonce=/);
      assert.doesNotMatch(stolen.cookie, /nonce=/);
      assert.equal(web.hits.length, hitsBefore, `nothing reached the redirect target: ${JSON.stringify(web.hits.slice(hitsBefore))}`);

      // The victim's own page still works: the attacks failed for the reasons above only.
      await vp.getByRole('button', { name: /allow/i }).click();
      const q = await landed(vp);
      assert.equal(q.state, state);
      const tok = await exchange(server, { code: q.code, redirectUri, clientId, verifier });
      assert.equal(tok.status, 200, tok.text);
    } finally {
      await attacker.close();
      await victim.close();
    }
  });

  it('shows a hostile client name as text', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">Evil';
    const evilId = await register(server, hostile, redirectUri);
    // The signed-in browser: a new client still needs consent, and Trakt is not asked again.
    const page = await allowContext.newPage();
    const toTrakt = [];
    page.on('request', (r) => { if (r.url().startsWith(standin.url)) toTrakt.push(r.url()); });
    const { verifier, challenge } = pkce();
    const state = b64url(crypto.randomBytes(12));
    const response = await page.goto(authorizeUrl(server, evilId, redirectUri, { challenge, state }), { timeout: T_NAV });
    assert.equal(response.status(), 200, diag());
    const text = await page.locator('body').innerText();
    assert.ok(text.includes(hostile), `the name shown literally:\n${text}`);
    assert.match(text, /Signed in to Trakt as standin-user\./, 'the person by their Trakt username');
    assert.equal(await page.locator('img').count(), 0, 'no element made from the name');
    assert.equal(await page.evaluate(() => typeof window.__pwned), 'undefined');

    await page.getByRole('button', { name: /allow/i }).click();
    const q = await landed(page);
    assert.equal(q.state, state);
    assert.deepEqual(toTrakt, [], 'known person: no second trip to Trakt');
    assert.equal(await page.evaluate(() => typeof window.__pwned), 'undefined');
    const tok = await exchange(server, { code: q.code, redirectUri, clientId: evilId, verifier });
    assert.equal(tok.status, 200, tok.text);
  });
});
