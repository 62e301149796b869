// Hosted mode as deployed: two trakt-mcp instances on one PostgreSQL store behind HAProxy with
// the shipped configuration (deploy/haproxy/trakt-mcp.cfg). Two people sign in with the SDK's
// own OAuth client through the proxy's URL; their data stays apart; one person's Trakt refresh
// is single-flight across the instances; an instance dies under load and nobody loses a login.
// The tests run in order and build on each other (one world per file).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  preconditions, haproxyAvailable, Standin, startPostgres, startInstance, startHaproxy, freePort,
  signIn, reconnect, callText, closeQuietly, mcpPost, seenSecrets, SECRET_KEY, sleep, waitFor, withTimeout, T_CALL,
} from './hosted_harness.mjs';
import { declaredToolNames } from '../integration/harness.mjs';

const HEAT = { type: 'movie', ids: { trakt: 1234 } }; // known to the stand-in, not on the fixture watchlist
const HEAT_LINE = /Heat \(1995\)/;

let standin, pg, proxy;
const instances = [];
let alice, bob;
const clients = [];

before(async () => {
  preconditions();
  if (!haproxyAvailable()) throw new Error('haproxy is not installed: run scripts/setup (apt-get install haproxy)');
  standin = await Standin.start();
  pg = await startPostgres();
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  for (const n of [1, 2]) {
    // The proxy (127.0.0.1) is trusted to name the client in X-Forwarded-For.
    instances.push(await startInstance({
      standin, store: pg, publicUrl, name: `instance ${n}`, extra: { TRAKT_MCP_TRUSTED_PROXIES: '127.0.0.1' },
    }));
  }
  proxy = await startHaproxy({ port, backends: instances.map((i) => `127.0.0.1:${i.port}`) });
});

after(async () => {
  if (process.env.TRAKT_MCP_HOSTED_DEBUG) for (const i of instances) console.error(i.tail(80));
  for (const c of clients) await closeQuietly(c);
  await proxy?.stop();
  for (const i of instances) await i.stop();
  await standin?.stop();
  await pg?.stop();
});

const instanceOf = (sessionId) => instances.findIndex((i) => i.sessions().includes(sessionId));

function watchlistHas(text) { return HEAT_LINE.test(text); }

test('two people sign in through HAProxy with the SDK OAuth client; each sees only their own data', async () => {
  await standin.config({ authorize_queue: ['alice', 'bob'] });
  alice = await signIn(proxy.url, standin, { clientName: 'alice-app' });
  clients.push(alice);
  bob = await signIn(proxy.url, standin, { clientName: 'bob-app' });
  clients.push(bob);
  for (const p of [alice, bob]) {
    assert.equal(p.provider.authorizations, 1, 'one trip to /authorize');
    assert.equal(p.browser.consentPages, 1, 'the consent page was shown and allowed');
    assert.ok(p.sessionId, 'a legacy session through the proxy');
  }
  const s0 = await standin.stats();
  assert.equal(s0.code_exchanges, 2, 'one Trakt code exchange per person');

  for (const p of [alice, bob]) {
    const tools = await p.client.listTools();
    assert.deepEqual(tools.tools.map((t) => t.name), declaredToolNames());
    assert.ok(!watchlistHas(await callText(p.client, 'get_watchlist')), 'fixture watchlist has no Heat');
  }

  const added = await callText(alice.client, 'add_to_watchlist', { items: [HEAT] });
  assert.match(added, /Added to your watchlist/, added);
  assert.ok(watchlistHas(await callText(alice.client, 'get_watchlist')), 'alice sees what she added');
  assert.ok(!watchlistHas(await callText(bob.client, 'get_watchlist')), 'bob does not see alice\'s write');

  // Who Trakt saw: the write came with alice's Trakt login; bob's reads with his.
  const log = (await standin.stats()).log;
  const writes = log.filter((e) => e.method === 'POST' && e.path === '/sync/watchlist');
  assert.deepEqual(writes.map((e) => e.user), ['alice']);
  const readers = new Set(log.filter((e) => e.path.startsWith('/sync/watchlist') && e.method === 'GET').map((e) => e.user));
  assert.ok(readers.has('alice') && readers.has('bob'), `reads as both: ${[...readers]}`);
  assert.ok(log.filter((e) => e.user).every((e) => ['alice', 'bob'].includes(e.user)), 'no one else');
});

test("bob's token with alice's MCP-Session-Id: 404, through the proxy and at the instance itself", async () => {
  const bobToken = bob.provider.tokens().access_token;
  const aliceToken = alice.provider.tokens().access_token;
  const ping = { jsonrpc: '2.0', id: 7, method: 'ping' };
  const viaProxy = await mcpPost(proxy.url, { token: bobToken, sessionId: alice.sessionId, message: ping });
  assert.equal(viaProxy.status, 404, viaProxy.text);
  const at = instanceOf(alice.sessionId);
  assert.ok(at >= 0, 'an instance logged alice\'s session');
  const direct = instances[at];
  const other = await mcpPost(direct.url, { token: bobToken, sessionId: alice.sessionId, message: ping });
  assert.equal(other.status, 404, other.text);
  const own = await mcpPost(direct.url, { token: aliceToken, sessionId: alice.sessionId, message: ping });
  assert.equal(own.status, 200, `control: alice's own token reaches her session: ${own.text}`);
});

test('stateless 2026-07-28 requests go to any instance, each as its own person', async () => {
  const marks = instances.map((i) => i.lines.length);
  const meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': { name: 'stateless', version: '1' },
  };
  const call = async (who, id) => {
    const r = await fetch(`${proxy.url}/mcp`, {
      method: 'POST',
      headers: {
        // JSON only (a tools/call may otherwise answer as an SSE stream).
        'content-type': 'application/json', accept: 'application/json',
        authorization: `Bearer ${who.provider.tokens().access_token}`,
        'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'get_watchlist',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'get_watchlist', arguments: {}, _meta: meta } }),
      signal: AbortSignal.timeout(T_CALL),
    });
    const text = await r.text();
    assert.equal(r.status, 200, text);
    const result = JSON.parse(text).result;
    assert.notEqual(result.isError, true, text);
    return result.content[0].text;
  };
  for (let i = 0; i < 6; i++) {
    assert.match(await call(alice, i), HEAT_LINE, 'alice sees her watchlist');
    assert.doesNotMatch(await call(bob, 100 + i), HEAT_LINE, 'bob sees his');
  }
  // Round robin: both instances answered some (each question asks Trakt what changed).
  instances.forEach((inst, n) => {
    const asked = inst.lines.slice(marks[n]).filter((l) => l.includes('/sync/last_activities')).length;
    assert.ok(asked > 0, `instance ${n + 1} served stateless requests too:\n${inst.tail(20)}`);
  });
});

test('refresh is single-flight across instances: alice on both, Trakt token expired, 32 calls, 1 refresh', async () => {
  // A second session for alice on the other instance (round robin; no new sign-in).
  const first = instanceOf(alice.sessionId);
  let second;
  for (let i = 0; i < 8 && !second; i++) {
    const c = await reconnect(proxy.url, alice.provider);
    clients.push(c);
    if (instanceOf(c.sessionId) === 1 - first) second = c;
  }
  assert.ok(second, 'alice got a session on each instance');
  const sessions = [alice, second];
  // Warm both (the caches now hold alice's watchlist).
  for (const s of sessions) assert.ok(watchlistHas(await callText(s.client, 'get_watchlist')));

  const s0 = await standin.stats();
  const expired = await standin.control('POST', '/__standin/expire', { username: 'alice' });
  assert.ok(expired.expired >= 1, `alice had a live Trakt token: ${JSON.stringify(expired)}`);

  const calls = [];
  for (const s of sessions) {
    for (let i = 0; i < 16; i++) {
      calls.push(s.client.callTool({ name: i % 2 ? 'get_watchlist' : 'get_history', arguments: {} }));
    }
  }
  let results;
  try {
    results = await Promise.all(calls);
  } catch (e) {
    throw new Error(`${e.message}\n${instances.map((i) => i.tail(15)).join('\n')}`);
  }
  for (const r of results) assert.ok(!r.isError, JSON.stringify(r.content));
  for (const i of instances) assert.ok(i.alive, i.tail(30));
  for (const [k, r] of results.entries()) {
    if (k % 2) assert.match(r.content[0].text, HEAT_LINE, 'alice\'s own watchlist');
  }

  const s1 = await standin.stats();
  const delta = (o, n, k) => (n[k] ?? 0) - (o[k] ?? 0);
  assert.equal((s1.refreshes_by_user.alice ?? 0) - (s0.refreshes_by_user.alice ?? 0), 1, 'exactly one refresh of alice');
  assert.equal(delta(s0, s1, 'refresh_attempts'), 1, 'no instance spent the old refresh token again');
  assert.equal(s1.refreshes_by_user.bob ?? 0, 0);
  const after401 = s1.log.filter((e) => e.t >= Math.max(...s0.log.map((x) => x.t)) && e.status === 401);
  assert.ok(after401.length >= 1, 'Trakt refused the expired token at least once (the refresh was needed)');
  // Both instances served the calls.
  for (const s of sessions) assert.ok(instanceOf(s.sessionId) >= 0);
});

// /token for a made-up client from `forwardedFor` (401 invalid_client, or 429 once limited).
async function tokenStatus(base, forwardedFor) {
  const r = await fetch(`${base}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor },
    body: 'grant_type=refresh_token&refresh_token=made-up&client_id=made-up',
    signal: AbortSignal.timeout(T_CALL),
  });
  await r.text();
  return r.status;
}

test('rate limits count clients behind the proxy, and a client cannot pose as many', async () => {
  // At an instance from 127.0.0.1 (the trusted proxy's address): each forwarded client has its own budget.
  const direct = [];
  for (let i = 0; i < 40; i++) direct.push(await tokenStatus(instances[1].url.replace(/\/mcp$/, ''), `198.51.100.${i}`));
  assert.ok(direct.every((s) => s === 401), `40 clients, one request each: never limited (${direct.join(' ')})`);
  // Through HAProxy, a client that writes its own X-Forwarded-For: the proxy appends the real
  // address, which is what counts, so 80 requests (40 per instance) run into the limit.
  const proxied = [];
  for (let i = 0; i < 80; i++) proxied.push(await tokenStatus(proxy.url, `203.0.113.${i}`));
  assert.ok(proxied.includes(429), `one client posing as 80: limited (${proxied.join(' ')})`);
});

test('an instance dies under load: new sessions go to the other; no login is lost', async () => {
  for (const i of instances) assert.ok(i.alive, `both instances up before the kill: ${i.tail(30)}`);
  const s0 = await standin.stats();
  let stop = false;
  const outcomes = []; // {t, ok, error}
  const loop = (async () => {
    while (!stop) {
      const t = Date.now();
      let c;
      // A call in flight on the instance that dies may never be answered (its
      // stream is cut; the client waits for its own timeout): give each one
      // 8 s, and count it as failed.
      const once = async () => {
        c = await reconnect(proxy.url, bob.provider);
        return callText(c.client, 'get_watchlist');
      };
      const call = once();
      try {
        const text = await withTimeout(call, 8_000, 'one call under load');
        outcomes.push({ t, ok: !watchlistHas(text) });
      } catch (e) {
        outcomes.push({ t, ok: false, error: String(e?.message ?? e) });
      } finally {
        // Closed when it is done, also if that is after its 8 s.
        call.catch(() => {}).finally(() => { if (c) closeQuietly(c); });
      }
    }
  })();
  try {
    await waitFor(() => outcomes.filter((o) => o.ok).length >= 3, { timeout: 60_000, what: 'load to run' });
    const killedAt = Date.now();
    await instances[0].kill('SIGKILL');
    const survivorSessions = instances[1].sessions().length;
    // Within a few seconds, calls succeed again (and keep succeeding).
    await waitFor(() => {
      const later = outcomes.filter((o) => o.t > killedAt + 500);
      return later.length >= 6 && later.slice(-5).every((o) => o.ok);
    }, { timeout: 45_000, what: `calls to succeed after the kill: ${JSON.stringify(outcomes.slice(-8))}` });
    const firstOk = outcomes.find((o) => o.t > killedAt && o.ok);
    assert.ok(firstOk && firstOk.t - killedAt < 10_000, `working again within 10 s: ${JSON.stringify(outcomes)}`);
    assert.ok(instances[1].sessions().length > survivorSessions, 'the survivor took the new sessions');
  } finally {
    stop = true;
    await loop;
  }

  // Both logins survive: new SDK clients with the saved OAuth state, no new sign-in.
  const a = await reconnect(proxy.url, alice.provider);
  clients.push(a);
  assert.ok(watchlistHas(await callText(a.client, 'get_watchlist')), 'alice, still herself');
  const b = await reconnect(proxy.url, bob.provider);
  clients.push(b);
  assert.ok(!watchlistHas(await callText(b.client, 'get_watchlist')), 'bob, still himself');
  assert.equal(a.provider.authorizations + b.provider.authorizations, 0, 'no one was sent to sign in');
  const s1 = await standin.stats();
  assert.equal(s1.code_exchanges, s0.code_exchanges, 'no new Trakt sign-in');
});

test('no secret in any log', async () => {
  const logs = [...instances.map((i) => [i.name, i.stderr]), ['haproxy', proxy.lines.join('\n')]];
  assert.ok(seenSecrets.size >= 6, `collected secrets: ${seenSecrets.size}`);
  for (const [name, text] of logs) {
    if (name !== 'haproxy') assert.ok(text.length > 0, `${name} logged something`);
    for (const s of seenSecrets) assert.ok(!text.includes(s), `${name} logged a secret (${s.slice(0, 6)}…)`);
    assert.ok(!text.includes(SECRET_KEY), `${name} logged TRAKT_MCP_SECRET_KEY`);
    // The stand-in's Trakt tokens and codes are 64 hex characters (the server's own are base64url).
    assert.doesNotMatch(text, /\b[0-9a-f]{64}\b/i, `${name} logged a Trakt token or code`);
  }
});
