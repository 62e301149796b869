// Self-test of the Trakt stand-in: `node --test tests/standin/`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import https from 'node:https';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { calendarItems, historyItem, watchlistItems } from './fixtures.mjs';
import { httpsJson } from './https_json.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLIENT_ID = 'standin-client-id';
const CLIENT_SECRET = 'standin-client-secret';

let certDir;
let ca;
const children = [];
let main; // { port, url, child }
let ctl; // keep-alive agent for control calls

function startServer(extraArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(HERE, 'server.mjs'), '--certs', certDir, ...extraArgs], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const rl = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('stand-in did not start')), 10000);
    rl.once('line', (line) => {
      clearTimeout(timer);
      const info = JSON.parse(line);
      resolve({ ...info, child });
    });
    child.once('exit', (code) => reject(new Error(`stand-in exited early with ${code}`)));
  });
}

function request(server, method, p, { headers = {}, body, agent } = {}) {
  return httpsJson({ port: server.port, agent: agent ?? ctl, servername: 'localhost' }, method, p, { headers, body });
}

const apiHeaders = (token) => ({
  'User-Agent': 'standin-test/1.0',
  'trakt-api-key': CLIENT_ID,
  'trakt-api-version': '2',
  'Content-Type': 'application/json',
  ...(token ? { Authorization: `Bearer ${token}` } : {}),
});

const login = async (body = {}) => (await request(main, 'POST', '/__standin/login', { body })).json;
const stats = async () => (await request(main, 'GET', '/__standin/stats')).json;
const resetStandin = () => request(main, 'POST', '/__standin/reset', { body: {} });
const oauthHeaders = { 'User-Agent': 'standin-test/1.0' };

before(async () => {
  certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'standin-test-'));
  execFileSync('bash', [path.join(HERE, 'make-certs.sh'), certDir], { stdio: 'inherit' });
  ca = fs.readFileSync(path.join(certDir, 'ca.pem'));
  ctl = new https.Agent({ keepAlive: true, ca });
  main = await startServer();
});

after(() => {
  ctl?.destroy();
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  if (certDir) fs.rmSync(certDir, { recursive: true, force: true });
});

test('startup line and good chain verifies', () => {
  assert.match(main.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(main.port > 0);
  execFileSync('openssl', ['verify', '-CAfile', path.join(certDir, 'ca.pem'), path.join(certDir, 'server.pem')]);
});

test('login then calendar, with headers and fixture data', async () => {
  await resetStandin();
  const tok = await login();
  assert.equal(tok.token_type, 'bearer');
  assert.equal(tok.scope, 'public');
  assert.equal(tok.expires_in, 86400);
  assert.match(tok.access_token, /^[0-9a-f]{64}$/);
  assert.match(tok.refresh_token, /^[0-9a-f]{64}$/);
  const r = await request(main, 'GET', '/calendars/my/shows/2026-11-23/7', { headers: apiHeaders(tok.access_token) });
  assert.equal(r.status, 200);
  assert.equal(r.headers['x-start-date'], 'Mon, 23 Nov 2026 00:00:00 GMT');
  assert.equal(r.headers['x-end-date'], 'Sun, 29 Nov 2026 23:59:59 GMT');
  assert.match(r.headers['content-type'], /^application\/json/);
  assert.deepEqual(r.json, calendarItems('2026-11-23', 7));
  assert.equal(r.json.length, 13);
  const first = r.json[0];
  assert.equal(first.first_aired, '2026-11-23T01:00:00.000Z');
  assert.equal(first.show.title, 'The Leftovers');
  assert.equal(first.episode.title, 'Two Boats and a Helicopter');
  assert.ok(r.json.some((it) => it.episode.title === null));
  assert.ok(r.json.some((it) => it.show.year === null));
  for (const t of ['Pokémon', '進撃の巨人', 'Café 🎬']) assert.ok(r.json.some((it) => it.show.title === t), t);
  const sorted = [...r.json].sort((a, b) => (a.first_aired < b.first_aired ? -1 : 1));
  assert.deepEqual(r.json, sorted);

  const bad = await request(main, 'GET', '/calendars/my/shows/2026-11-23/34', { headers: apiHeaders(tok.access_token) });
  assert.equal(bad.status, 400);
  const st = await stats();
  assert.equal(st.last_headers['trakt-api-key'], CLIENT_ID);
  assert.equal(st.last_headers['user-agent'], 'standin-test/1.0');
  assert.equal(st.by_path['/calendars/my/shows/2026-11-23/7'], 1);
});

test('users/settings reports the token user', async () => {
  const tok = await login({ username: 'alice' });
  const r = await request(main, 'GET', '/users/settings', { headers: apiHeaders(tok.access_token) });
  assert.equal(r.status, 200);
  assert.equal(r.json.user.username, 'alice');
  assert.equal(r.json.user.ids.slug, 'alice');
  assert.equal(r.json.account.timezone, 'Europe/Zurich');
  assert.equal(r.json.user.about, null);
});

test('required headers: User-Agent, api key, bearer', async () => {
  const tok = await login();
  const noUa = apiHeaders(tok.access_token);
  delete noUa['User-Agent'];
  const r1 = await request(main, 'GET', '/sync/history', { headers: noUa });
  assert.equal(r1.status, 403);
  assert.match(r1.headers['content-type'], /^text\/html/);
  assert.match(r1.text, /Attention Required! \| Cloudflare/);

  const r2 = await request(main, 'GET', '/sync/history', { headers: { ...apiHeaders(tok.access_token), 'trakt-api-key': 'nope' } });
  assert.equal(r2.status, 403);
  assert.deepEqual(r2.json, { error: 'invalid api key' });

  const r3 = await request(main, 'GET', '/sync/history', { headers: { ...apiHeaders(tok.access_token), 'trakt-api-version': '1' } });
  assert.equal(r3.status, 403);

  const r4 = await request(main, 'GET', '/sync/history', { headers: apiHeaders() });
  assert.equal(r4.status, 401);
  assert.equal(r4.json.error, 'invalid_token');

  const r5 = await request(main, 'GET', '/nope', { headers: apiHeaders(tok.access_token) });
  assert.equal(r5.status, 404);
  assert.deepEqual(r5.json, {});
  const r6 = await request(main, 'POST', '/sync/last_activities', { headers: apiHeaders(tok.access_token), body: {} });
  assert.equal(r6.status, 405);
});

test('expired token gives 401; clock_offset_s moves the clock', async () => {
  const now = Math.floor(Date.now() / 1000);
  const old = await login({ created_at: now - 90000, expires_in: 86400 });
  const r = await request(main, 'GET', '/sync/history', { headers: apiHeaders(old.access_token) });
  assert.equal(r.status, 401);
  assert.deepEqual(r.json, { error: 'invalid_token', error_description: 'The access token is invalid' });

  const fresh = await login({ expires_in: 3600 });
  assert.equal((await request(main, 'GET', '/sync/history', { headers: apiHeaders(fresh.access_token) })).status, 200);
  await request(main, 'POST', '/__standin/config', { body: { clock_offset_s: 3600 } });
  assert.equal((await request(main, 'GET', '/sync/history', { headers: apiHeaders(fresh.access_token) })).status, 401);
  await resetStandin();
  assert.equal((await request(main, 'GET', '/sync/history', { headers: apiHeaders(fresh.access_token) })).status, 200);
});

test('refresh tokens are single use; old access token dies; 400-empty style', async () => {
  await resetStandin();
  const tok = await login();
  const body = { refresh_token: tok.refresh_token, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', grant_type: 'refresh_token' };
  const r1 = await request(main, 'POST', '/oauth/token', { headers: oauthHeaders, body });
  assert.equal(r1.status, 200);
  assert.equal(r1.json.token_type, 'bearer');
  assert.notEqual(r1.json.access_token, tok.access_token);
  assert.equal((await request(main, 'GET', '/sync/history', { headers: apiHeaders(tok.access_token) })).status, 401);
  assert.equal((await request(main, 'GET', '/sync/history', { headers: apiHeaders(r1.json.access_token) })).status, 200);

  const r2 = await request(main, 'POST', '/oauth/token', { headers: oauthHeaders, body });
  assert.equal(r2.status, 401);
  assert.equal(r2.json.error, 'invalid_grant');

  await request(main, 'POST', '/__standin/config', { body: { dead_refresh_style: '400-empty' } });
  const r3 = await request(main, 'POST', '/oauth/token', { headers: oauthHeaders, body });
  assert.equal(r3.status, 400);
  assert.equal(r3.text, '');

  const r4 = await request(main, 'POST', '/oauth/token', { headers: oauthHeaders, body: { ...body, refresh_token: r1.json.refresh_token, client_secret: 'wrong' } });
  assert.equal(r4.status, 401);
  assert.equal(r4.json.error, 'invalid_client');

  const st = await stats();
  assert.equal(st.refreshes, 1);
  assert.equal(st.refresh_attempts, 4);
});

test('revoke kills the access token', async () => {
  await resetStandin();
  const tok = await login();
  const r = await request(main, 'POST', '/oauth/revoke', { headers: oauthHeaders, body: { token: tok.access_token, client_id: CLIENT_ID, client_secret: CLIENT_SECRET } });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, {});
  assert.equal((await request(main, 'GET', '/sync/history', { headers: apiHeaders(tok.access_token) })).status, 401);
  assert.equal((await stats()).revoked, 1);
});

test('device flow follows device_script', async () => {
  await resetStandin();
  await request(main, 'POST', '/__standin/config', { body: { device_script: [400, 429, 200], device_interval: 1 } });
  const c = await request(main, 'POST', '/oauth/device/code', { headers: oauthHeaders, body: { client_id: CLIENT_ID } });
  assert.equal(c.status, 200);
  assert.match(c.json.user_code, /^[0-9A-F]{8}$/);
  assert.equal(c.json.verification_url, 'https://trakt.tv/activate');
  assert.equal(c.json.interval, 1);
  assert.equal(c.json.expires_in, 600);
  const poll = (code) => request(main, 'POST', '/oauth/device/token', { headers: oauthHeaders, body: { code, client_id: CLIENT_ID, client_secret: CLIENT_SECRET } });
  const p1 = await poll(c.json.device_code);
  assert.equal(p1.status, 400);
  assert.deepEqual(p1.json, {});
  assert.equal((await poll(c.json.device_code)).status, 429);
  const p3 = await poll(c.json.device_code);
  assert.equal(p3.status, 200);
  assert.match(p3.json.access_token, /^[0-9a-f]{64}$/);
  assert.equal((await poll(c.json.device_code)).status, 409);
  assert.equal((await poll('unknown')).status, 404);
  assert.equal((await stats()).device_polls, 5);
  assert.equal((await request(main, 'GET', '/users/settings', { headers: apiHeaders(p3.json.access_token) })).status, 200);
});

test('history pagination, clamp, type filter, date filter', async () => {
  await resetStandin();
  const tok = await login();
  const h = apiHeaders(tok.access_token);
  const d = await request(main, 'GET', '/sync/history', { headers: h });
  assert.equal(d.status, 200);
  assert.equal(d.json.length, 10);
  assert.equal(d.headers['x-pagination-page'], '1');
  assert.equal(d.headers['x-pagination-limit'], '10');
  assert.equal(d.headers['x-pagination-page-count'], '60');
  assert.equal(d.headers['x-pagination-item-count'], '600');
  assert.deepEqual(d.json[0], historyItem(0));
  assert.equal(d.json[0].watched_at, '2026-11-20T21:30:00.000Z');
  assert.equal(d.json[1].watched_at, '2026-11-20T16:30:00.000Z');

  const big = await request(main, 'GET', '/sync/history?limit=1000&extended=full', { headers: h });
  assert.equal(big.headers['x-pagination-limit'], '250');
  assert.equal(big.headers['x-pagination-page-count'], '3');
  assert.equal(big.json.length, 250);
  const p3 = await request(main, 'GET', '/sync/history?limit=1000&page=3', { headers: h });
  assert.equal(p3.json.length, 100);
  assert.deepEqual(p3.json[99], historyItem(599));
  const p4 = await request(main, 'GET', '/sync/history?limit=250&page=4', { headers: h });
  assert.deepEqual(p4.json, []);
  assert.equal(p4.headers['x-pagination-page'], '4');

  const all = [...big.json, ...(await request(main, 'GET', '/sync/history?limit=250&page=2', { headers: h })).json, ...p3.json];
  assert.equal(new Set(all.map((x) => x.id)).size, 600);
  assert.ok(all.some((x) => x.type === 'movie' && x.movie.year === null));
  assert.ok(all.some((x) => x.type === 'episode' && x.episode.title === null));
  assert.ok(all.some((x) => x.type === 'episode' && x.episode.ids.imdb === null));

  const movies = await request(main, 'GET', '/sync/history/movies?limit=250', { headers: h });
  assert.equal(movies.headers['x-pagination-item-count'], '240');
  assert.ok(movies.json.every((x) => x.type === 'movie'));
  const eps = await request(main, 'GET', '/sync/history/episodes?limit=5', { headers: h });
  assert.equal(eps.headers['x-pagination-item-count'], '360');

  const win = await request(main, 'GET', `/sync/history?limit=250&start_at=${encodeURIComponent('2026-11-19T21:30:00.000Z')}&end_at=${encodeURIComponent('2026-11-20T21:30:00.000Z')}`, { headers: h });
  assert.equal(win.json.length, 5); // i = 0..4 inclusive of 24h / 5h
  assert.equal((await request(main, 'GET', '/sync/history/bogus', { headers: h })).status, 404);

  await request(main, 'POST', '/__standin/config', { body: { history_items: 7 } });
  const seven = await request(main, 'GET', '/sync/history?limit=5&page=2', { headers: h });
  assert.equal(seven.json.length, 2);
  assert.equal(seven.headers['x-pagination-page-count'], '2');
});

test('watchlist: all items without pagination, paging on demand, sorting', async () => {
  await resetStandin();
  const tok = await login();
  const h = apiHeaders(tok.access_token);
  const r = await request(main, 'GET', '/sync/watchlist', { headers: h });
  assert.equal(r.status, 200);
  assert.equal(r.json.length, 30);
  assert.deepEqual(r.json, watchlistItems());
  assert.equal(r.headers['x-pagination-page'], undefined);
  assert.equal(r.headers['x-sort-by'], 'rank');
  assert.equal(r.headers['x-sort-how'], 'asc');
  const counts = {};
  for (const it of r.json) counts[it.type] = (counts[it.type] || 0) + 1;
  assert.deepEqual(counts, { movie: 10, show: 8, season: 5, episode: 7 });

  for (const [type, n] of [['movies', 10], ['shows', 8], ['seasons', 5], ['episodes', 7], ['all', 30]]) {
    const t = await request(main, 'GET', `/sync/watchlist/${type}`, { headers: h });
    assert.equal(t.json.length, n, type);
  }
  const paged = await request(main, 'GET', '/sync/watchlist/all?page=2', { headers: h });
  assert.equal(paged.json.length, 10);
  assert.equal(paged.headers['x-pagination-page'], '2');
  assert.equal(paged.headers['x-pagination-limit'], '10');
  assert.equal(paged.headers['x-pagination-page-count'], '3');
  assert.equal(paged.headers['x-pagination-item-count'], '30');

  const s = await request(main, 'GET', '/sync/watchlist/movies/added/desc', { headers: h });
  assert.equal(s.headers['x-applied-sort-by'], 'added');
  assert.equal(s.headers['x-applied-sort-how'], 'desc');
  const added = s.json.map((x) => x.listed_at);
  assert.deepEqual(added, [...added].sort().reverse());
  const fallback = await request(main, 'GET', '/sync/watchlist/movies/imdb_rating', { headers: h });
  assert.equal(fallback.headers['x-applied-sort-by'], 'rank');
  assert.equal((await request(main, 'GET', '/sync/watchlist/lists', { headers: h })).status, 404);
});

test('faults: respond, reset, truncate, hang + aborted', async () => {
  await resetStandin();
  const tok = await login();
  const h = apiHeaders(tok.access_token);
  await request(main, 'POST', '/__standin/faults', { body: { path: '/sync/history', times: 2, status: 429, headers: { 'Retry-After': '1' }, body: '{"error":"slow down"}' } });
  const a = await request(main, 'GET', '/sync/history', { headers: h });
  assert.equal(a.status, 429);
  assert.equal(a.headers['retry-after'], '1');
  assert.deepEqual(a.json, { error: 'slow down' });
  assert.equal((await request(main, 'GET', '/sync/history?page=2', { headers: h })).status, 429);
  assert.equal((await request(main, 'GET', '/sync/history', { headers: h })).status, 200);

  await request(main, 'POST', '/__standin/faults', { body: { path: '/oauth/token', action: 'reset' } });
  const fresh = () => new https.Agent({ keepAlive: false, ca });
  await assert.rejects(request(main, 'POST', '/oauth/token', { headers: oauthHeaders, body: {}, agent: fresh() }), (e) => ['ECONNRESET', 'EPIPE'].includes(e.code) || /socket hang up/.test(e.message));

  await request(main, 'POST', '/__standin/faults', { body: { path: '/sync/watchlist', action: 'truncate' } });
  await assert.rejects(request(main, 'GET', '/sync/watchlist', { headers: h, agent: fresh() }));

  await request(main, 'POST', '/__standin/faults', { body: { path: '/users/settings', action: 'hang' } });
  const agent = fresh();
  const hung = new Promise((resolve) => {
    const req = https.request({ host: '127.0.0.1', port: main.port, path: '/users/settings', headers: h, agent, servername: 'localhost' }, () => resolve('answered'));
    req.on('error', () => resolve('error'));
    setTimeout(() => { req.destroy(); }, 300);
    req.end();
  });
  assert.equal(await hung, 'error');
  await new Promise((r) => setTimeout(r, 100));
  const st = await stats();
  assert.equal(st.aborted, 1);
  assert.equal(st.by_path['/users/settings'], 1);

  await request(main, 'DELETE', '/__standin/faults');
  assert.equal((await request(main, 'GET', '/users/settings', { headers: h })).status, 200);
});

test('keep-alive: 5 sequential requests use one TLS handshake', async () => {
  const tok = await login();
  await resetStandin();
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca });
  for (let i = 0; i < 5; i++) {
    const r = await request(main, 'GET', `/sync/history?page=${i + 1}`, { headers: apiHeaders(tok.access_token), agent });
    assert.equal(r.status, 200);
  }
  const st = (await request(main, 'GET', '/__standin/stats', { agent })).json;
  agent.destroy();
  assert.equal(st.tls_handshakes, 1);
  assert.equal(st.connections, 1);
  assert.equal(st.requests, 5);
  assert.equal(st.by_path['/sync/history'], 5);
  assert.equal(st.log.length, 5);
  assert.equal(st.log[4].query, 'page=5');
  assert.equal(st.log[4].status, 200);
});

test('64 concurrent connections', async () => {
  const tok = await login();
  await resetStandin();
  await request(main, 'POST', '/__standin/config', { body: { delay_ms: 200 } });
  const agents = Array.from({ length: 64 }, () => new https.Agent({ keepAlive: false, ca }));
  const rs = await Promise.all(agents.map((agent) => request(main, 'GET', '/sync/watchlist', { headers: apiHeaders(tok.access_token), agent })));
  assert.ok(rs.every((r) => r.status === 200 && r.json.length === 30));
  const st = await stats();
  assert.equal(st.requests, 64);
  assert.ok(st.max_concurrent >= 32, `max_concurrent ${st.max_concurrent}`);
  await resetStandin();
});

test('rogue, wronghost and expired cert sets are rejected with the test CA', async () => {
  for (const set of ['rogue', 'wronghost', 'expired']) {
    const s = await startServer(['--cert-set', set]);
    const agent = new https.Agent({ keepAlive: false, ca });
    await assert.rejects(request(s, 'GET', '/__standin/stats', { agent }), (e) => {
      const expect = { rogue: /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|unable to (get|verify)/i, wronghost: /ERR_TLS_CERT_ALTNAME_INVALID|altnames/i, expired: /CERT_HAS_EXPIRED|expired/i }[set];
      return expect.test(`${e.code} ${e.message}`);
    }, set);
    s.child.kill('SIGTERM');
  }
});
