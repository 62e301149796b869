// Hosted mode seen from outside, with raw HTTP (every status and header visible): bearer
// challenges, audience binding, PKCE, single-use codes (a second use revokes what the first
// gave), refresh-token rotation with reuse detection, revocation, consent (CSRF cookie, deny),
// rate limits, and no secret in the logs.
// Two instances share one SQLite store but have different public URLs (two resources).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import {
  preconditions, Standin, sqliteStore, startDirect, Browser, register, pkce, authorizeUrl, tokenRequest,
  mcpPost, seenSecrets, noteSecret, SECRET_KEY, REDIRECT,
} from './hosted_harness.mjs';

let standin, store, A, B;
let client; // one registered client at A, reused (registrations are rate limited)
let browser; // a person signed in at A (their browser session is remembered)

before(async () => {
  preconditions();
  standin = await Standin.start();
  store = await sqliteStore();
  A = await startDirect({ standin, store, name: 'instance A' });
  B = await startDirect({ standin, store, name: 'instance B' });
});

after(async () => {
  if (process.env.TRAKT_MCP_HOSTED_DEBUG) for (const i of [A, B]) if (i) console.error(i.tail(60));
  for (const i of [A, B]) await i?.stop();
  await standin?.stop();
});

const challengeOf = (inst) => `resource_metadata="${inst.publicUrl}/.well-known/oauth-protected-resource/mcp"`;

function assertBearer401(r, inst, what) {
  assert.equal(r.status, 401, `${what}: ${r.text}`);
  const h = r.headers.get('www-authenticate') ?? '';
  assert.match(h, /^Bearer /, `${what}: ${h}`);
  assert.ok(h.includes(challengeOf(inst)), `${what}: ${h}`);
}

/** A code for `client` through `browser` (consent remembered after the first time). */
async function code(pk, { clientId = client.client_id, b = browser } = {}) {
  const r = await b.visit(authorizeUrl(A.publicUrl, { clientId, challenge: pk.challenge }));
  assert.ok(r.redirect, `a redirect to the client: ${r.page?.status} ${r.page?.text?.slice(0, 300)}`);
  const c = r.redirect.searchParams.get('code');
  assert.ok(c, `a code: ${r.redirect}`);
  noteSecret(c);
  return c;
}

const exchange = (c, verifier, clientId = client.client_id) => tokenRequest(A.publicUrl, {
  grant_type: 'authorization_code', code: c, redirect_uri: REDIRECT, client_id: clientId, code_verifier: verifier,
  resource: `${A.publicUrl}/mcp`,
});

const refresh = (token) => tokenRequest(A.publicUrl, {
  grant_type: 'refresh_token', refresh_token: token, client_id: client.client_id, resource: `${A.publicUrl}/mcp`,
});

const works = async (token) => (await mcpPost(A.publicUrl, { token })).status === 200;

test('no token, an invalid token: 401 with the resource metadata challenge', async () => {
  assertBearer401(await mcpPost(A.publicUrl, {}), A, 'no token');
  assertBearer401(await mcpPost(A.publicUrl, { token: 'not-a-token-at-all-0123456789' }), A, 'unknown token');
  assertBearer401(await mcpPost(B.publicUrl, {}), B, 'no token at B');
});

test('a Host that is not the public one: 403 (DNS rebinding)', async () => {
  const get = (host) => new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: A.port, path: '/.well-known/oauth-authorization-server', headers: { host }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
  });
  assert.equal(await get('evil.example'), 403);
  assert.equal(await get(`evil.example:${A.port}`), 403);
  assert.equal(await get(new URL(A.publicUrl).host), 200, 'control: the public host');
});

test('sign-in works; the token is bound to its resource: the other instance (other public URL) refuses it', async () => {
  const reg = await register(A.publicUrl, { name: 'security-tests' });
  assert.equal(reg.status, 201, reg.text);
  client = reg.json;
  browser = new Browser(standin);
  const pk = pkce();
  const t = await exchange(await code(pk), pk.verifier);
  assert.equal(t.status, 200, t.text);
  assert.ok(await works(t.json.access_token), 'the token works where it was issued');
  assertBearer401(await mcpPost(B.publicUrl, { token: t.json.access_token }), B, 'token of A at B');
  // A's refresh token at B's /token (same store, other resource): refused.
  const r = await tokenRequest(B.publicUrl, {
    grant_type: 'refresh_token', refresh_token: t.json.refresh_token, client_id: client.client_id,
  });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.error, 'invalid_grant', r.text);
});

test('PKCE: a wrong code_verifier is invalid_grant and spends the code', async () => {
  const pk = pkce();
  const c = await code(pk);
  const wrong = await exchange(c, pkce().verifier);
  assert.equal(wrong.status, 400, wrong.text);
  assert.equal(wrong.json.error, 'invalid_grant');
  const right = await exchange(c, pk.verifier);
  assert.equal(right.status, 400, right.text);
  assert.equal(right.json.error, 'invalid_grant', 'the code is spent');
});

test('a code used twice: the second is invalid_grant, and the tokens issued from it are revoked', async () => {
  const pk = pkce();
  const c = await code(pk);
  const first = await exchange(c, pk.verifier);
  assert.equal(first.status, 200, first.text);
  assert.ok(await works(first.json.access_token), 'the first access token works');
  const second = await exchange(c, pk.verifier);
  assert.equal(second.status, 400, second.text);
  assert.equal(second.json.error, 'invalid_grant');
  assert.match(second.json.error_description ?? '', /already used/, second.text);
  assertBearer401(await mcpPost(A.publicUrl, { token: first.json.access_token }), A, 'access token of a code used twice');
  const r = await refresh(first.json.refresh_token);
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.error, 'invalid_grant', 'its refresh token is refused');
  assert.match(A.stderr, /an authorization code was used twice; the tokens issued from it are revoked/);
});

test('/authorize without code_challenge (PKCE): a 400 page naming the error, and no redirect (no open redirector)', async () => {
  const r = await browser.get(authorizeUrl(A.publicUrl, { clientId: client.client_id, omit: ['code_challenge', 'code_challenge_method'], state: 'xyz' }));
  assert.equal(r.status, 400, r.text.slice(0, 200));
  assert.equal(r.location ?? null, null, 'no Location');
  assert.match(r.text, /invalid_request: code_challenge is required \(PKCE\)/);
});

test('/authorize with a redirect_uri not registered: 400 HTML, no redirect', async () => {
  const pk = pkce();
  const r = await browser.get(authorizeUrl(A.publicUrl, { clientId: client.client_id, challenge: pk.challenge, redirectUri: 'http://127.0.0.1:2/evil' }));
  assert.equal(r.status, 400, r.text.slice(0, 200));
  assert.equal(r.location ?? null, null, 'no Location');
  assert.match(r.headers.get('content-type') ?? '', /text\/html/);
});

test('refresh token rotation: reusing an old refresh token revokes the family', async () => {
  const pk = pkce();
  const t1 = (await exchange(await code(pk), pk.verifier)).json;
  const r2 = await refresh(t1.refresh_token);
  assert.equal(r2.status, 200, r2.text);
  const t2 = r2.json;
  assert.notEqual(t2.refresh_token, t1.refresh_token);
  assert.ok(await works(t2.access_token));
  const reuse = await refresh(t1.refresh_token);
  assert.equal(reuse.status, 400, reuse.text);
  assert.equal(reuse.json.error, 'invalid_grant');
  assertBearer401(await mcpPost(A.publicUrl, { token: t2.access_token }), A, 'newer access token after reuse');
  const later = await refresh(t2.refresh_token);
  assert.equal(later.status, 400, later.text);
  assert.equal(later.json.error, 'invalid_grant', 'the newer refresh token died too');
});

test('/revoke of an access token: it gets 401 afterwards', async () => {
  const pk = pkce();
  const t = (await exchange(await code(pk), pk.verifier)).json;
  assert.ok(await works(t.access_token));
  const r = await fetch(`${A.publicUrl}/revoke`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: t.access_token, client_id: client.client_id }).toString(),
  });
  assert.equal(r.status, 200);
  assertBearer401(await mcpPost(A.publicUrl, { token: t.access_token }), A, 'revoked access token');
});

test('consent: the decision without the browser cookie is refused (400); Deny redirects with access_denied', async () => {
  const pk = pkce();
  const fresh = new Browser(standin); // nobody signed in: the consent page is shown
  const page = await fresh.get(authorizeUrl(A.publicUrl, { clientId: client.client_id, challenge: pk.challenge }));
  assert.equal(page.status, 200, page.text.slice(0, 200));
  fresh.keep(page.setCookies);
  const request = /name="request" value="([^"]+)"/.exec(page.text)[1];
  assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  const noCookie = await fetch(`${A.publicUrl}/authorize/decision`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request, decision: 'allow' }).toString(),
  });
  assert.equal(noCookie.status, 400);
  assert.equal(noCookie.headers.get('location'), null);

  const denier = new Browser(standin, { decision: 'deny' });
  const before = (await standin.stats()).authorizations;
  const d = await denier.visit(authorizeUrl(A.publicUrl, { clientId: client.client_id, challenge: pk.challenge, state: 'nope' }));
  assert.ok(d.redirect, `redirected to the client: ${d.page?.status}`);
  assert.equal(d.redirect.searchParams.get('error'), 'access_denied');
  assert.equal(d.redirect.searchParams.get('state'), 'nope');
  assert.equal(d.redirect.searchParams.get('code'), null);
  assert.equal((await standin.stats()).authorizations, before, 'Deny never went on to Trakt');
});

test('one person cannot take every session: past 16, their least recently used idle one ends', async () => {
  const pk = pkce();
  const t = await exchange(await code(pk), pk.verifier);
  assert.equal(t.status, 200, t.text);
  const token = t.json.access_token;
  const ids = [];
  for (let i = 0; i < 17; i++) {
    const r = await mcpPost(A.publicUrl, { token });
    assert.equal(r.status, 200, r.text);
    ids.push(r.headers.get('mcp-session-id'));
  }
  const ping = { jsonrpc: '2.0', id: 9, method: 'ping' };
  assert.equal((await mcpPost(A.publicUrl, { token, sessionId: ids[0], message: ping })).status, 404, 'the oldest ended');
  for (const id of ids.slice(1)) assert.equal((await mcpPost(A.publicUrl, { token, sessionId: id, message: ping })).status, 200);
});

test('Trakt tokens sealed under another TRAKT_MCP_SECRET_KEY: that person is signed out, asked to sign in again', async () => {
  const { startInstance } = await import('./hosted_harness.mjs');
  const crypto = await import('node:crypto');
  // C serves A's public URL from the same store, but with another key (a misconfigured instance).
  const C = await startInstance({
    standin, store, publicUrl: A.publicUrl, name: 'instance C',
    extra: { TRAKT_MCP_SECRET_KEY: crypto.randomBytes(32).toString('hex') },
  });
  try {
    await standin.config({ authorize_as: 'carol' });
    const carol = new Browser(standin);
    const pk = pkce();
    const t = await exchange(await code(pk, { b: carol }), pk.verifier);
    assert.equal(t.status, 200, t.text);
    assert.ok(await works(t.json.access_token), 'her token works at A');
    // At C (same Host as A: C accepts A's public host), through node:http to set Host.
    const atC = await new Promise((resolve, reject) => {
      const body = JSON.stringify({
        jsonrpc: '2.0', id: 1, method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
      });
      const req = http.request({
        host: '127.0.0.1', port: C.port, method: 'POST', path: '/mcp',
        headers: {
          host: new URL(A.publicUrl).host, authorization: `Bearer ${t.json.access_token}`,
          'content-type': 'application/json', accept: 'application/json, text/event-stream',
          'content-length': Buffer.byteLength(body),
        },
      }, (res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    assert.equal(atC.status, 401, atC.text);
    assert.match(atC.headers['www-authenticate'] ?? '', /sign in again/);
    assert.match(C.stderr, /do not open with TRAKT_MCP_SECRET_KEY/);
    // Forgotten in the store: A refuses her token now too, and a new sign-in goes to Trakt again.
    assert.equal((await mcpPost(A.publicUrl, { token: t.json.access_token })).status, 401);
    // And C still stops cleanly (nothing of hers is left half-made in it).
    await C.stop();
    assert.deepEqual(await C.exited, { code: 0, signal: null }, C.tail(20));
  } finally {
    await standin.config({ authorize_as: 'standin-user' });
    await C.stop();
  }
});

test('/register hammered: some 429', async () => {
  const statuses = [];
  for (let i = 0; i < 15; i++) statuses.push((await register(A.publicUrl, { name: `hammer-${i}` })).status);
  assert.ok(statuses.includes(429), statuses.join(' '));
  assert.ok(statuses.every((s) => s === 201 || s === 429), statuses.join(' '));
});

test('/token hammered from one client: some 429 with Retry-After', async () => {
  const results = [];
  for (let i = 0; i < 40; i++) {
    results.push(await tokenRequest(A.publicUrl, { grant_type: 'refresh_token', refresh_token: `nope-${i}-0123456789`, client_id: client.client_id }));
  }
  const limited = results.filter((r) => r.status === 429);
  assert.ok(limited.length > 0, results.map((r) => r.status).join(' '));
  assert.ok(Number(limited[0].headers.get('retry-after')) > 0);
  assert.ok(results.every((r) => r.status === 400 || r.status === 429), results.map((r) => r.status).join(' '));
});

test('no secret in the logs (tokens, codes, verifiers, cookies, the secret key, Trakt tokens)', () => {
  assert.ok(seenSecrets.size >= 15, `collected ${seenSecrets.size}`);
  for (const inst of [A, B]) {
    const text = inst.stderr;
    assert.ok(text.length > 0);
    for (const s of seenSecrets) assert.ok(!text.includes(s), `${inst.name} logged a secret (${s.slice(0, 6)}…)`);
    assert.ok(!text.includes(SECRET_KEY), `${inst.name} logged TRAKT_MCP_SECRET_KEY`);
    // The stand-in's Trakt tokens and codes are 64 hex characters; nothing the server logs is.
    assert.doesNotMatch(text, /\b[0-9a-f]{64}\b/i, `${inst.name} logged a Trakt token or code`);
  }
});


test('start-up refuses a missing or malformed TRAKT_MCP_SECRET_KEY, a bad store or public URL, saying what to do', async () => {
  const { runBin, binEnv, makeTempDir } = await import('../integration/harness.mjs');
  const home = await makeTempDir('trakt-mcp-hosted-start-');
  const base = binEnv({ standin, home, extra: { TRAKT_WEB_URL: standin.url, TRAKT_MCP_STORE: store.url } });
  const start = (env, publicUrl = 'http://127.0.0.1:9') =>
    runBin(['serve', '--http', '127.0.0.1:0', '--public-url', publicUrl], { env, timeout: 20_000 });

  const missing = await start({ ...base, TRAKT_MCP_SECRET_KEY: '' });
  assert.equal(missing.code, 2, missing.stderr);
  assert.match(missing.stderr, /TRAKT_MCP_SECRET_KEY is not set.*openssl rand -hex 32/s);

  const bad = 'not-a-key-0123456789';
  const malformed = await start({ ...base, TRAKT_MCP_SECRET_KEY: bad });
  assert.equal(malformed.code, 2, malformed.stderr);
  assert.match(malformed.stderr, /TRAKT_MCP_SECRET_KEY/);
  assert.ok(!malformed.stderr.includes(bad), 'the key text is never echoed');

  const pgPassword = 'hunter2-secret';
  const store_ = await start({ ...base, TRAKT_MCP_SECRET_KEY: SECRET_KEY,
    TRAKT_MCP_STORE: `postgresql://trakt:${pgPassword}@127.0.0.1:1/none?connect_timeout=2` });
  assert.equal(store_.code, 1, store_.stderr);
  assert.match(store_.stderr, /TRAKT_MCP_STORE/);
  assert.ok(!store_.stderr.includes(pgPassword), 'the store password is never printed');

  const plain = await start({ ...base, TRAKT_MCP_SECRET_KEY: SECRET_KEY }, 'http://trakt.example.com');
  assert.equal(plain.code, 2, plain.stderr);
  assert.match(plain.stderr, /must use https/);
});
