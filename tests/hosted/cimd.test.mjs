// Client ID metadata documents end to end: the SDK's OAuth client names itself with an https
// URL (its provider's clientMetadataUrl) instead of registering; the instance reads the
// document from a small HTTPS server of this test (the stand-in's certificate, trusted through
// the test CA), keeps it, and the person signs in and calls a tool; a document that changes its
// name is asked about again. An instance without
// TRAKT_MCP_METADATA_PRIVATE_HOSTS=1 refuses that loopback URL before reaching it (SSRF guard).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';

import {
  preconditions, Standin, sqliteStore, startDirect, signIn, callText, closeQuietly, Browser, pkce, authorizeUrl,
  reconnect, REDIRECT, seenSecrets, SECRET_KEY, tokenRequest, mcpPost,
} from './hosted_harness.mjs';

let standin, store, inst, guarded, docServer, docUrl;
const docRequests = [];
// The document at /oauth/changing.json: its name changes during a test; never to be cached.
let changingName = 'Changing App';
const clients = [];

before(async () => {
  preconditions();
  standin = await Standin.start();
  store = await sqliteStore();
  docServer = https.createServer({
    cert: fs.readFileSync(path.join(standin.certs, 'server.pem')),
    key: fs.readFileSync(path.join(standin.certs, 'server.key')),
  }, (req, res) => {
    docRequests.push({ method: req.method, url: req.url, accept: req.headers.accept, ua: req.headers['user-agent'] });
    if (req.url === '/redirect.json') { res.writeHead(302, { location: '/oauth/client.json' }).end(); return; }
    if (req.url === '/oauth/claude-code.json') {
      // Claude Code's document: loopback URIs without a port; it signs in on the port it got.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        client_id: `https://127.0.0.1:${docServer.address().port}/oauth/claude-code.json`, client_name: 'Claude Code',
        redirect_uris: ['http://localhost/callback', 'http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none',
      }));
      return;
    }
    if (req.url === '/oauth/changing.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({
        client_id: `https://127.0.0.1:${docServer.address().port}/oauth/changing.json`, client_name: changingName,
        redirect_uris: [REDIRECT], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
        token_endpoint_auth_method: 'none',
      }));
      return;
    }
    if (req.url !== '/oauth/client.json') { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=600' });
    res.end(JSON.stringify({
      client_id: docUrl, client_name: 'CIMD Test App', client_uri: `https://127.0.0.1:${docServer.address().port}`,
      redirect_uris: [REDIRECT], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      token_endpoint_auth_method: 'none',
    }));
  });
  docServer.listen(0, '127.0.0.1');
  await once(docServer, 'listening');
  docUrl = `https://127.0.0.1:${docServer.address().port}/oauth/client.json`;
  inst = await startDirect({ standin, store, name: 'instance', extra: { TRAKT_MCP_METADATA_PRIVATE_HOSTS: '1' } });
  guarded = await startDirect({ standin, store, name: 'guarded instance' });
});

after(async () => {
  if (process.env.TRAKT_MCP_HOSTED_DEBUG) for (const i of [inst, guarded]) if (i) console.error(i.tail(60));
  for (const c of clients) await closeQuietly(c);
  await inst?.stop();
  await guarded?.stop();
  await standin?.stop();
  docServer?.close();
});

test('the metadata document is advertised', async () => {
  const r = await fetch(`${inst.url}/.well-known/oauth-authorization-server`);
  assert.equal((await r.json()).client_id_metadata_document_supported, true);
});

test('the SDK client signs in with its metadata document URL, no registration, one GET', async () => {
  await standin.config({ authorize_queue: ['alice', 'bob'] });
  const alice = await signIn(inst.url, standin, { clientName: 'cimd-app', clientMetadataUrl: docUrl });
  clients.push(alice);
  assert.equal(alice.provider.store.client.client_id, docUrl);
  assert.ok(alice.provider.store.tokens?.access_token, 'tokens');
  assert.equal(alice.browser.consentPages, 1);
  await callText(alice.client, 'get_watchlist');

  assert.doesNotMatch(inst.stderr, /registered client/, 'no /register');
  assert.match(inst.stderr, /read client metadata document https:\/\/127\.0\.0\.1:\d+\/oauth\/client\.json \(CIMD Test App\)/);
  assert.equal(docRequests.length, 1, JSON.stringify(docRequests));
  assert.equal(docRequests[0].method, 'GET');
  assert.equal(docRequests[0].accept, 'application/json');
  assert.match(docRequests[0].ua, /^trakt-mcp\//);

  // A second person, a second sign-in: the kept copy (max-age 600), no second GET.
  const bob = await signIn(inst.url, standin, { clientName: 'cimd-app', clientMetadataUrl: docUrl });
  clients.push(bob);
  await callText(bob.client, 'get_watchlist');
  assert.equal(docRequests.length, 1, 'the document was kept');

  // A new connection on the saved state: no sign-in at all.
  const again = await reconnect(inst.url, alice.provider);
  clients.push(again);
  await callText(again.client, 'get_watchlist');
});

test('signs in the way Claude Code does: port-less loopback URIs in the document, a port in the request', async () => {
  await standin.config({ authorize_queue: ['alice'] });
  const claudeDoc = `https://127.0.0.1:${docServer.address().port}/oauth/claude-code.json`;
  const onPort = 'http://localhost:49554/callback';
  const pk = pkce();
  const browser = new Browser(standin);
  const r = await browser.visit(authorizeUrl(inst.url, { clientId: claudeDoc, challenge: pk.challenge, redirectUri: onPort }), onPort);
  assert.ok(r.redirect, `stopped at a page: ${r.page?.status} ${r.page?.text?.slice(0, 300)}`);
  assert.equal(r.redirect.origin + r.redirect.pathname, 'http://localhost:49554/callback');
  const code = r.redirect.searchParams.get('code');
  assert.ok(code);
  const t = await tokenRequest(inst.url, {
    grant_type: 'authorization_code', code, redirect_uri: onPort, client_id: claudeDoc,
    code_verifier: pk.verifier, resource: `${inst.url}/mcp`,
  });
  assert.equal(t.status, 200, t.text);
  const init = await mcpPost(inst.url, { token: t.json.access_token });
  assert.equal(init.status, 200, init.text);
  const sessionId = init.headers.get('mcp-session-id');
  const call = await mcpPost(inst.url, {
    token: t.json.access_token, sessionId,
    message: { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_watchlist', arguments: {} } },
  });
  assert.equal(call.status, 200, call.text);
  assert.doesNotMatch(call.text, /"isError":true/);

  // The same document, another path or https on that port: refused with a page, never a redirect.
  for (const wrong of ['http://localhost:49554/other', 'https://localhost:49554/callback']) {
    const page = await new Browser(standin).get(authorizeUrl(inst.url, { clientId: claudeDoc, challenge: pk.challenge, redirectUri: wrong }));
    assert.equal(page.status, 400, wrong);
    assert.match(page.text, /not one the app registered/);
  }
});

test('the consent page names the document host', async () => {
  const browser = new Browser(standin);
  const r = await browser.get(authorizeUrl(inst.url, { clientId: docUrl, challenge: pkce().challenge }));
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, /CIMD Test App/);
  assert.ok(r.text.includes(`<strong>127.0.0.1:${docServer.address().port}</strong>`), r.text);
});

// The server keeps a document at least 5 minutes whatever its Cache-Control says (a floor
// against fetching on every request), and this test does not wait: it ends the kept copy's
// life in the store itself, as the passing of time would.
function expireKeptCopy(clientId) {
  const file = store.url.slice('sqlite:'.length);
  try {
    execFileSync('sqlite3', ['-cmd', '.timeout 10000', file,
      `UPDATE clients SET expires_at = 0 WHERE id = '${clientId.replaceAll("'", "''")}'`], { stdio: 'pipe' });
  } catch (e) {
    throw new Error(`sqlite3 (the command-line shell, see scripts/setup) could not age the copy: ${e.message}`);
  }
}

test('a consent is asked for again when the document changes its name, and is remembered for the new one', async () => {
  const changingUrl = `https://127.0.0.1:${docServer.address().port}/oauth/changing.json`;
  const fetches = () => docRequests.filter((r) => r.url === '/oauth/changing.json').length;
  const browser = new Browser(standin);
  const authorizeOnce = async () => {
    const r = await browser.visit(authorizeUrl(inst.url, { clientId: changingUrl, challenge: pkce().challenge }));
    assert.ok(r.redirect?.searchParams.get('code'), `a code: ${r.page?.status} ${r.page?.text?.slice(0, 300)}`);
  };

  await authorizeOnce();
  assert.equal(browser.consentPages, 1, 'asked the first time');
  await authorizeOnce();
  assert.equal(browser.consentPages, 1, 'remembered: straight back with a code');
  assert.equal(fetches(), 1, 'the kept copy served the second time');

  // Read again unchanged: still remembered.
  expireKeptCopy(changingUrl);
  await authorizeOnce();
  assert.equal(fetches(), 2, 'read again');
  assert.equal(browser.consentPages, 1, 'the same document: still remembered');

  // Read again under another name: the consent page again, naming it.
  changingName = 'Renamed App';
  expireKeptCopy(changingUrl);
  const page = await browser.get(authorizeUrl(inst.url, { clientId: changingUrl, challenge: pkce().challenge }));
  assert.equal(page.status, 200, page.text.slice(0, 300));
  assert.match(page.text, /name="request"/, 'the consent form');
  assert.match(page.text, /Renamed App/);
  assert.equal(fetches(), 3, 'read again');
  await authorizeOnce();
  assert.equal(browser.consentPages, 2, 'asked again after the change');
  await authorizeOnce();
  assert.equal(browser.consentPages, 2, 'the new consent is remembered');
});

test('a document that is missing or redirects is a page naming why; the redirect is not followed', async () => {
  const origin = `https://127.0.0.1:${docServer.address().port}`;
  for (const [url, why] of [[`${origin}/missing.json`, /answered HTTP 404/], [`${origin}/redirect.json`, /redirect \(HTTP 302\)/]]) {
    const before = docRequests.length;
    const r = await fetch(authorizeUrl(inst.url, { clientId: url, challenge: pkce().challenge }), { redirect: 'manual' });
    const text = await r.text();
    assert.equal(r.status, 400, text);
    assert.equal(r.headers.get('location'), null);
    assert.match(text, why);
    assert.equal(docRequests.length, before + 1, 'one GET, no redirect followed');
  }
});

test('without TRAKT_MCP_METADATA_PRIVATE_HOSTS a loopback document URL is refused before any GET', async () => {
  const before = docRequests.length;
  const r = await fetch(authorizeUrl(guarded.url, { clientId: docUrl, challenge: pkce().challenge }), { redirect: 'manual' });
  const text = await r.text();
  assert.equal(r.status, 400, text);
  assert.equal(r.headers.get('location'), null);
  assert.match(r.headers.get('content-type') ?? '', /text\/html/);
  assert.ok(text.includes(`client metadata document at ${docUrl} could not be read`), text);
  assert.match(text, /loopback or private address/);
  assert.equal(docRequests.length, before, 'the guarded instance never reached the URL');
});

test('no secret in the log', () => {
  for (const i of [inst, guarded]) {
    for (const s of seenSecrets) assert.ok(!i.stderr.includes(s), `${i.name} logged a secret (${s.slice(0, 6)}…)`);
    assert.ok(!i.stderr.includes(SECRET_KEY));
  }
});
