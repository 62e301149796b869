// Hosted mode in its simplest form: one instance, the embedded SQLite store, no proxy (the
// instance is its own public URL). Two people sign in with the SDK's OAuth client; their data
// stays apart; a Trakt token that expired under 32 concurrent calls is refreshed exactly once.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  preconditions, Standin, sqliteStore, startDirect, signIn, reconnect, callText, closeQuietly, mcpPost,
  seenSecrets, SECRET_KEY,
} from './hosted_harness.mjs';
import { declaredToolNames } from '../integration/harness.mjs';

const HEAT = { type: 'movie', ids: { trakt: 1234 } };
const HEAT_LINE = /Heat \(1995\)/;

let standin, store, inst;
let alice, bob;
const clients = [];

before(async () => {
  preconditions();
  standin = await Standin.start();
  store = await sqliteStore();
  inst = await startDirect({ standin, store, name: 'instance' });
});

after(async () => {
  if (process.env.TRAKT_MCP_HOSTED_DEBUG) console.error(inst?.tail(80));
  for (const c of clients) await closeQuietly(c);
  await inst?.stop();
  await standin?.stop();
});

test('two people sign in with the SDK OAuth client; each sees only their own data', async () => {
  await standin.config({ authorize_queue: ['alice', 'bob'] });
  alice = await signIn(inst.url, standin, { clientName: 'alice-app' });
  clients.push(alice);
  bob = await signIn(inst.url, standin, { clientName: 'bob-app' });
  clients.push(bob);
  assert.equal((await standin.stats()).code_exchanges, 2);
  for (const p of [alice, bob]) {
    assert.equal(p.provider.authorizations, 1);
    assert.equal(p.browser.consentPages, 1);
    const tools = await p.client.listTools();
    assert.deepEqual(tools.tools.map((t) => t.name), declaredToolNames());
    assert.doesNotMatch(await callText(p.client, 'get_watchlist'), HEAT_LINE);
  }
  assert.match(await callText(alice.client, 'add_to_watchlist', { items: [HEAT] }), /Added to your watchlist/);
  assert.match(await callText(alice.client, 'get_watchlist'), HEAT_LINE, 'alice sees her write');
  assert.doesNotMatch(await callText(bob.client, 'get_watchlist'), HEAT_LINE, 'bob does not');
  const log = (await standin.stats()).log;
  assert.deepEqual(log.filter((e) => e.method === 'POST' && e.path === '/sync/watchlist').map((e) => e.user), ['alice']);

  const ping = { jsonrpc: '2.0', id: 3, method: 'ping' };
  const cross = await mcpPost(inst.url, { token: bob.provider.tokens().access_token, sessionId: alice.sessionId, message: ping });
  assert.equal(cross.status, 404, cross.text);
  const own = await mcpPost(inst.url, { token: alice.provider.tokens().access_token, sessionId: alice.sessionId, message: ping });
  assert.equal(own.status, 200, own.text);
});

test('refresh is single-flight: Trakt token expired, 32 concurrent calls on two sessions, 1 refresh', async () => {
  const second = await reconnect(inst.url, alice.provider);
  clients.push(second);
  const sessions = [alice, second];
  for (const s of sessions) assert.match(await callText(s.client, 'get_watchlist'), HEAT_LINE);

  const s0 = await standin.stats();
  const expired = await standin.control('POST', '/__standin/expire', { username: 'alice' });
  assert.ok(expired.expired >= 1, JSON.stringify(expired));
  const calls = [];
  for (const s of sessions) {
    for (let i = 0; i < 16; i++) calls.push(s.client.callTool({ name: i % 2 ? 'get_watchlist' : 'get_history', arguments: {} }));
  }
  let results;
  try {
    results = await Promise.all(calls);
  } catch (e) {
    throw new Error(`${e.message}\n${inst.tail(15)}`);
  }
  for (const r of results) assert.ok(!r.isError, JSON.stringify(r.content));
  const s1 = await standin.stats();
  assert.equal((s1.refreshes_by_user.alice ?? 0) - (s0.refreshes_by_user.alice ?? 0), 1, 'exactly one refresh');
  assert.equal(s1.refresh_attempts - s0.refresh_attempts, 1, 'the old refresh token was not spent twice');
  // And alice is still signed in afterwards.
  assert.match(await callText(alice.client, 'get_watchlist'), HEAT_LINE);
});

test("one person's client never hears the server's log about another", async () => {
  const { LoggingMessageNotificationSchema } = await import('@modelcontextprotocol/sdk/types.js');
  const heard = [];
  alice.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => heard.push(n.params));
  await alice.client.setLoggingLevel('debug');
  await callText(bob.client, 'search', { query: 'Heat' });
  await callText(bob.client, 'get_watchlist');
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(heard, [], 'no log line reaches alice');
  assert.match(inst.stderr, /GET \/search/, 'the server did log bob\'s search');
});

test('the person revokes the app at Trakt: their sign-in ends here too, and only theirs', async () => {
  const r = await standin.control('POST', '/__standin/revoke_user', { username: 'bob' });
  assert.ok(r.revoked >= 1, JSON.stringify(r));
  const bobToken = bob.provider.tokens().access_token;
  const call = await bob.client.callTool({ name: 'get_watchlist', arguments: {} });
  assert.equal(call.isError, true, 'Trakt refuses bob now');
  assert.match(call.content[0].text, /Trakt ended this sign-in.*Reconnect/s);
  // The sign-in is gone on our side: bob's token no longer opens anything; a new sign-in would.
  const after = await mcpPost(inst.url, { token: bobToken });
  assert.equal(after.status, 401, after.text);
  assert.match(after.headers.get('www-authenticate') ?? '', /resource_metadata=/);
  // Alice is untouched.
  assert.doesNotMatch(await callText(alice.client, 'get_watchlist'), /Trakt ended/);
});

test('no secret in the log', () => {
  const text = inst.stderr;
  assert.ok(seenSecrets.size >= 6);
  for (const s of seenSecrets) assert.ok(!text.includes(s), `logged a secret (${s.slice(0, 6)}…)`);
  assert.ok(!text.includes(SECRET_KEY));
  assert.doesNotMatch(text, /\b[0-9a-f]{64}\b/i, 'logged a Trakt token or code');
});
