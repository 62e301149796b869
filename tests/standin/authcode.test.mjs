// Self-test of the stand-in's authorization-code flow and per-user state (hosted mode):
// `node --test tests/standin/authcode.test.mjs`. Talks HTTPS to a real stand-in process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SelfTestStandin } from './selftest.mjs';
import { watchlistItems, HISTORY_ID_BASE } from './fixtures.mjs';

const CLIENT_ID = 'standin-client-id';
const CLIENT_SECRET = 'standin-client-secret';
const REDIRECT = 'http://127.0.0.1:9/callback';
const UA = { 'User-Agent': 'standin-test/1.0' };

let main; // the stand-in (SelfTestStandin)
const request = (method, p, opts) => main.request(method, p, opts);

const control = (method, p, body) => request(method, p, { body });
const reset = () => control('POST', '/__standin/reset', {});
const setConfig = (c) => control('POST', '/__standin/config', c);
const stats = async () => (await control('GET', '/__standin/stats')).json;

/** GET /oauth/authorize with the given parameters (no redirect followed); headers default: none (no User-Agent). */
function authorize(params = {}, headers = {}) {
  const q = new URLSearchParams({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT, ...params });
  for (const [k, v] of Object.entries(params)) if (v === undefined) q.delete(k);
  return request('GET', `/oauth/authorize?${q}`, { headers });
}

/** The query of a 302's Location, after checking it goes back to `redirect`. */
function redirectedTo(r, redirect = REDIRECT) {
  assert.equal(r.status, 302, r.text);
  const loc = r.headers.location;
  assert.ok(loc.startsWith(redirect), loc);
  return new URL(loc).searchParams;
}

const exchange = (code, over = {}) => request('POST', '/oauth/token', {
  headers: UA,
  body: { code, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uri: REDIRECT, grant_type: 'authorization_code', ...over },
});

/** Signs in through the authorization-code flow; returns the token response. */
async function signIn(username) {
  if (username) await setConfig({ authorize_as: username });
  const code = redirectedTo(await authorize({ state: 's' })).get('code');
  const r = await exchange(code);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

function client(tok) {
  const headers = () => ({ ...UA, 'trakt-api-key': CLIENT_ID, 'trakt-api-version': '2', Authorization: `Bearer ${tok.access_token}` });
  return {
    tok,
    get: (p) => request('GET', p, { headers: headers() }),
    post: (p, body) => request('POST', p, { headers: headers(), body }),
    del: (p) => request('DELETE', p, { headers: headers() }),
  };
}

before(async () => {
  main = await SelfTestStandin.start('standin-authcode-');
});

after(() => main?.stop());

test('authorize: 302 back to redirect_uri with code and state; no User-Agent needed', async () => {
  await reset();
  const r = await authorize({ state: 'xyz ü&=' }); // no User-Agent at all
  const q = redirectedTo(r);
  assert.match(q.get('code'), /^[0-9a-f]{64}$/);
  assert.equal(q.get('state'), 'xyz ü&=');
  assert.equal(r.headers.location.split('?')[0], REDIRECT);
  // a redirect_uri with a query: appended with &; no state: none sent back
  const withQuery = 'https://app.example/cb?tenant=7';
  const r2 = await authorize({ redirect_uri: withQuery });
  assert.match(r2.headers.location, /^https:\/\/app\.example\/cb\?tenant=7&code=[0-9a-f]{64}$/);
  // /oauth/token keeps the Cloudflare rule
  const noUa = await request('POST', '/oauth/token', { body: { grant_type: 'authorization_code', code: q.get('code') } });
  assert.equal(noUa.status, 403);
  assert.match(noUa.text, /Cloudflare/);
  const s = await stats();
  assert.equal(s.authorizations, 2);
  const logged = s.log.filter((e) => e.path === '/oauth/authorize');
  assert.deepEqual(logged.map((e) => [e.status, e.user]), [[302, 'standin-user'], [302, 'standin-user']]);
});

test('authorize: bad requests are 400 JSON; only GET', async () => {
  await reset();
  const bad = async (params, error) => {
    const r = await authorize(params);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error, error);
  };
  await bad({ client_id: 'nope' }, 'invalid_client');
  await bad({ client_id: undefined }, 'invalid_client');
  await bad({ redirect_uri: undefined }, 'invalid_redirect_uri');
  await bad({ redirect_uri: 'ftp://x/cb' }, 'invalid_redirect_uri');
  await bad({ redirect_uri: '/relative' }, 'invalid_redirect_uri');
  await bad({ response_type: 'token' }, 'unsupported_response_type');
  await bad({ response_type: undefined }, 'invalid_request');
  assert.equal((await request('POST', '/oauth/authorize', { headers: UA, body: {} })).status, 405);
  assert.equal((await stats()).authorizations, 0);
});

test('authorize: deny redirects with access_denied and the state', async () => {
  await reset();
  await setConfig({ authorize_deny: true, authorize_queue: ['alice'] });
  const q = redirectedTo(await authorize({ state: 'S1' }));
  assert.equal(q.get('error'), 'access_denied');
  assert.equal(q.get('state'), 'S1');
  assert.equal(q.get('code'), null);
  const s = await stats();
  assert.equal(s.authorizations, 0);
  assert.equal(s.authorizations_denied, 1);
  assert.deepEqual((await control('GET', '/__standin/config')).json.authorize_queue, ['alice'], 'a denial takes nobody from the queue');
});

test('authorize_queue: each sign-in takes the next user, then authorize_as', async () => {
  await reset();
  await setConfig({ authorize_queue: ['alice', 'bob'], authorize_as: 'carol' });
  const names = [];
  for (let i = 0; i < 3; i++) {
    const tok = await signIn();
    names.push((await client(tok).get('/users/settings')).json.user.username);
  }
  assert.deepEqual(names, ['alice', 'bob', 'carol']);
  assert.deepEqual((await control('GET', '/__standin/config')).json.authorize_queue, []);
  await reset();
  const tok = await signIn();
  assert.equal((await client(tok).get('/users/settings')).json.user.username, 'standin-user');
});

test('code exchange: token pair for the user; single use; wrong redirect_uri, client, unknown, expired', async () => {
  await reset();
  await setConfig({ authorize_as: 'alice', code_token_expires_in: 7200 });
  const code = redirectedTo(await authorize()).get('code');

  const wrongUri = await exchange(code, { redirect_uri: 'http://127.0.0.1:9/other' });
  assert.equal(wrongUri.status, 401);
  assert.equal(wrongUri.json.error, 'invalid_grant');
  const wrongSecret = await exchange(code, { client_secret: 'nope' });
  assert.equal(wrongSecret.status, 401);
  assert.equal(wrongSecret.json.error, 'invalid_client');
  const wrongId = await exchange(code, { client_id: 'nope' });
  assert.equal(wrongId.status, 401);
  assert.equal(wrongId.json.error, 'invalid_client');

  const ok = await exchange(code); // the failures above did not use the code up
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.token_type, 'bearer');
  assert.equal(ok.json.scope, 'public');
  assert.equal(ok.json.expires_in, 7200);
  assert.match(ok.json.access_token, /^[0-9a-f]{64}$/);
  assert.match(ok.json.refresh_token, /^[0-9a-f]{64}$/);
  assert.ok(Math.abs(ok.json.created_at - Date.now() / 1000) < 60);

  const again = await exchange(code);
  assert.equal(again.status, 401);
  assert.equal(again.json.error, 'invalid_grant');
  assert.equal((await exchange('0'.repeat(64))).status, 401);
  assert.equal((await exchange(undefined)).status, 401);

  // the token works on API paths and names the user
  const c = client(ok.json);
  const settings = await c.get('/users/settings');
  assert.equal(settings.status, 200);
  assert.equal(settings.json.user.username, 'alice');
  assert.equal(settings.json.user.ids.slug, 'alice');
  assert.equal((await c.get('/sync/history?limit=1')).status, 200);
  assert.equal((await c.get('/users/alice/stats')).status, 200);

  // expired: 600 s by the stand-in clock
  const late = redirectedTo(await authorize()).get('code');
  await setConfig({ clock_offset_s: 601 });
  const exp = await exchange(late);
  assert.equal(exp.status, 401);
  assert.equal(exp.json.error, 'invalid_grant');
  await setConfig({ clock_offset_s: 0, code_expires_in: 1 });
  const short = redirectedTo(await authorize()).get('code');
  await new Promise((r) => setTimeout(r, 1100));
  assert.equal((await exchange(short)).status, 401);

  const s = await stats();
  assert.equal(s.code_exchanges, 1);
  assert.equal(s.code_exchange_attempts, 9);
  assert.equal(s.log.find((e) => e.path === '/oauth/token' && e.status === 200).user, 'alice');
});

test('per-user state: a write shows up in the writer\'s reads only', async () => {
  await reset();
  const alice = client(await signIn('alice'));
  const bob = client(await signIn('bob'));
  const heat = { movies: [{ ids: { trakt: 1234 } }] };
  const aliceActBefore = (await alice.get('/sync/last_activities')).json;
  const bobActBefore = (await bob.get('/sync/last_activities')).json;

  const added = await alice.post('/sync/watchlist', heat);
  assert.equal(added.status, 201);
  assert.equal(added.json.added.movies, 1);
  assert.equal(added.json.list.item_count, 31);
  const onList = (r) => r.json.some((it) => it.type === 'movie' && it.movie.ids.trakt === 1234);
  assert.ok(onList(await alice.get('/sync/watchlist')));
  assert.ok(onList(await alice.get('/sync/watchlist/movies')));
  const bobList = await bob.get('/sync/watchlist');
  assert.ok(!onList(bobList));
  assert.deepEqual(bobList.json, watchlistItems());
  // bob removing it changes nothing of alice's
  const rm = await bob.post('/sync/watchlist/remove', heat);
  assert.equal(rm.status, 200);
  assert.equal(rm.json.deleted.movies, 0);
  assert.ok(onList(await alice.get('/sync/watchlist')));
  // bob adds it for himself: added, not existing
  assert.equal((await bob.post('/sync/watchlist', heat)).json.added.movies, 1);

  // history, ratings and check-ins too
  assert.equal((await alice.post('/sync/history', heat)).status, 201);
  const played = (r) => r.json.some((it) => it.id > HISTORY_ID_BASE);
  assert.ok(played(await alice.get('/sync/history?limit=5')));
  assert.ok(!played(await bob.get('/sync/history?limit=5')));
  assert.equal((await alice.post('/sync/ratings', { movies: [{ ids: { trakt: 1234 }, rating: 3 }] })).status, 201);
  const heatRating = async (c) => (await c.get('/sync/ratings/movies')).json.find((it) => it.movie.ids.trakt === 1234).rating;
  assert.equal(await heatRating(alice), 3);
  assert.equal(await heatRating(bob), 9);
  const movie = { movie: { ids: { trakt: 1234 } } };
  assert.equal((await alice.post('/checkin', movie)).status, 201);
  assert.equal((await alice.post('/checkin', movie)).status, 409);
  assert.equal((await bob.post('/checkin', movie)).status, 201, 'alice\'s check-in does not block bob');

  // last_activities: the writer's moved; bob's moved only by his own writes
  const aliceAct = (await alice.get('/sync/last_activities')).json;
  assert.ok(aliceAct.movies.rated_at > aliceActBefore.movies.rated_at);
  const bobAct = (await bob.get('/sync/last_activities')).json;
  assert.equal(bobAct.movies.rated_at, bobActBefore.movies.rated_at);
  assert.deepEqual((await control('GET', '/__standin/activity?username=alice')).json, aliceAct);
  // a change made elsewhere for one user, or (no username) for all
  const one = (await control('POST', '/__standin/activity', { username: 'bob', fields: ['shows.hidden_at'] })).json;
  assert.ok(one.shows.hidden_at > bobAct.shows.hidden_at);
  assert.equal((await alice.get('/sync/last_activities')).json.all, aliceAct.all);
  await control('POST', '/__standin/activity', { fields: ['shows.hidden_at'] });
  assert.ok((await alice.get('/sync/last_activities')).json.all > aliceAct.all);
  assert.equal((await control('POST', '/__standin/activity', { username: 'bob', fields: ['nope.x'] })).status, 400);

  // the log names the user of every request made with a valid token
  const log = (await stats()).log.filter((e) => e.path.startsWith('/sync/'));
  assert.ok(log.length > 10);
  for (const e of log) assert.ok(e.user === 'alice' || e.user === 'bob', JSON.stringify(e));
  assert.equal((await stats()).log.filter((e) => e.path === '/sync/watchlist/remove')[0].user, 'bob');

  // reset clears every user's writes
  await reset();
  assert.deepEqual((await alice.get('/sync/watchlist')).json, watchlistItems());
  assert.deepEqual((await bob.get('/sync/watchlist')).json, watchlistItems());
});

test('expire: one user\'s access tokens die, refresh works and counts per user', async () => {
  await reset();
  const a1 = await signIn('dora');
  const a2 = (await control('POST', '/__standin/login', { username: 'dora' })).json;
  const b = await signIn('erin');
  const exp = await control('POST', '/__standin/expire', { username: 'dora' });
  assert.equal(exp.status, 200);
  assert.deepEqual(exp.json, { expired: 2 });
  for (const t of [a1, a2]) {
    const r = await client(t).get('/users/settings');
    assert.equal(r.status, 401);
    assert.equal(r.json.error, 'invalid_token');
  }
  assert.equal((await client(b).get('/users/settings')).status, 200, 'erin is untouched');

  const refresh = (t) => request('POST', '/oauth/token', {
    headers: UA,
    body: { refresh_token: t.refresh_token, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uri: REDIRECT, grant_type: 'refresh_token' },
  });
  const r = await refresh(a1);
  assert.equal(r.status, 200, r.text);
  const fresh = client(r.json);
  assert.equal((await fresh.get('/users/settings')).json.user.username, 'dora');
  assert.equal((await refresh(a1)).status, 401, 'still single use');
  let s = await stats();
  assert.equal(s.refreshes, 1);
  assert.deepEqual(s.refreshes_by_user, { dora: 1 });

  // no username: every user; only live tokens count
  const all = (await control('POST', '/__standin/expire', {})).json; // dora's fresh one, erin's (and earlier tests')
  assert.ok(all.expired >= 2, JSON.stringify(all));
  assert.deepEqual((await control('POST', '/__standin/expire', {})).json, { expired: 0 }, 'only live tokens count');
  assert.equal((await fresh.get('/users/settings')).status, 401);
  assert.equal((await client(b).get('/users/settings')).status, 401);
  assert.equal((await refresh(b)).status, 200);
  assert.equal((await refresh(a2)).status, 200);
  s = await stats();
  assert.equal(s.refreshes, 3);
  assert.deepEqual(s.refreshes_by_user, { dora: 2, erin: 1 });
  assert.equal((await control('GET', '/__standin/expire')).status, 405);
});

test('revoke_user: every pair of that person dies (API 401, refresh refused); others untouched', async () => {
  const f = await signIn('fay');
  const g = await signIn('gus');
  const r = await control('POST', '/__standin/revoke_user', { username: 'fay' });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { revoked: 1 });
  assert.equal((await client(f).get('/users/settings')).status, 401);
  const refresh = await request('POST', '/oauth/token', {
    headers: UA,
    body: { refresh_token: f.refresh_token, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uri: REDIRECT, grant_type: 'refresh_token' },
  });
  assert.equal(refresh.status, 401);
  assert.equal((await client(g).get('/users/settings')).status, 200, 'gus is untouched');
  assert.equal((await control('POST', '/__standin/revoke_user', {})).status, 400, 'username is required');
});
