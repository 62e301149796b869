// The command line: --version, --help, `call`, `status`, unknown commands.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  world, requireBinary, runBin, binEnv, makeTempDir, historyLine, upcomingLine, watchlistLine,
  FORBIDDEN_WORDS, REPO_ROOT, CLIENT_SECRET,
} from './harness.mjs';
import { calendarItems, historyItems, watchlistView } from '../standin/fixtures.mjs';

requireBinary();

const lines = (s) => s.replace(/\n$/, '').split('\n');

test('--version prints "trakt-mcp <version>" and exits 0', async () => {
  const r = await runBin(['--version'], { env: binEnv({}) });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^trakt-mcp \d+\.\d+\.\d+\S*\n?$/);
  const cm = fs.readFileSync(path.join(REPO_ROOT, 'CMakeLists.txt'), 'utf8');
  const m = /project\(\s*trakt-mcp\s+VERSION\s+([0-9.]+)/.exec(cm);
  if (m) assert.equal(r.stdout.trim(), `trakt-mcp ${m[1]}`);
});

test('--help prints usage naming every command and exits 0', async () => {
  const r = await runBin(['--help'], { env: binEnv({}) });
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout + r.stderr;
  for (const word of ['serve', 'login', 'logout', 'status', 'call', '--version']) {
    assert.ok(out.includes(word), `--help does not mention ${word}:\n${out}`);
  }
  assert.ok(r.stdout.length > 0, 'usage on stdout');
});

test('an unknown command exits non-zero with a message on stderr', async () => {
  const r = await runBin(['frobnicate'], { env: binEnv({}) });
  assert.notEqual(r.code, 0);
  assert.ok(r.stderr.length > 0, 'message on stderr');
});

test('serve flags without their value say what they need, exit 2', async () => {
  const cases = [
    [['serve', '--http'], /--http needs \[HOST:\]PORT/],
    [['serve', '--http', '127.0.0.1:0', '--metrics'], /--metrics needs \[HOST:\]PORT/],
    [['serve', '--metrics', '9464'], /--metrics is for serve --http/],
    [['serve', '--http', '8080', '--metrics', 'nine'], /`nine` is not \[HOST:\]PORT/],
  ];
  for (const [args, said] of cases) {
    const r = await runBin(args, { env: binEnv({}) });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, said);
    assert.equal(r.stdout, '');
  }
});

test('TRAKT_MCP_LOG_FORMAT must be text or json', async () => {
  const r = await runBin(['--version'], { env: binEnv({ extra: { TRAKT_MCP_LOG_FORMAT: 'yaml' } }) });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /TRAKT_MCP_LOG_FORMAT is `yaml`; use text or json/);
});

describe('trakt-mcp call', () => {
  let w;
  before(async () => { w = await world(null); });
  after(async () => { await w?.close(); });

  test('call get_upcoming --arg start_date=... --arg days=3: text on stdout, exit 0', async () => {
    const r = await w.run(['call', 'get_upcoming', '--arg', 'start_date=2026-11-24', '--arg', 'days=3']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(lines(r.stdout), calendarItems('2026-11-24', 3).map((it) => upcomingLine(it, 'UTC')));
    assert.doesNotMatch(r.stdout, FORBIDDEN_WORDS);
  });

  test('call get_watchlist --arg type=movies (string value)', async () => {
    const r = await w.run(['call', 'get_watchlist', '--arg', 'type=movies']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(lines(r.stdout), watchlistView('movies', 'rank', 'asc').map(watchlistLine));
  });

  test('call get_history --arg limit=25 (JSON number value)', async () => {
    const r = await w.run(['call', 'get_history', '--arg', 'limit=25']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(lines(r.stdout), historyItems(25).map((d) => historyLine(d, 'UTC')));
  });

  test('call get_history in another time zone shows local dates', async () => {
    const env = w.env({ TZ: 'Pacific/Auckland' });
    const r = await w.run(['call', 'get_history', '--arg', 'limit=25'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(lines(r.stdout), historyItems(25).map((d) => historyLine(d, 'Pacific/Auckland')));
  });

  test('call with no arguments uses the defaults', async () => {
    const r = await w.run(['call', 'get_history']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(lines(r.stdout).length, 20);
  });

  test('bad argument: message naming it on stderr, nothing on stdout, exit 1', async () => {
    const r = await w.run(['call', 'get_upcoming', '--arg', 'days=40']);
    assert.equal(r.code, 1, `exit ${r.code}; stdout ${r.stdout}; stderr ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /days/);
  });

  test('unknown tool: non-zero exit, message on stderr', async () => {
    const r = await w.run(['call', 'get_everything']);
    assert.notEqual(r.code, 0);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /get_everything|unknown|tool/i);
  });

  test('call --read-only: a write tool is disabled (exit 1, says why, nothing sent); reads still run', async () => {
    const before = (await w.standin.apiLog()).length;
    const r = await w.run(['call', '--read-only', 'add_to_watchlist', '--arg', 'items=[{"type":"movie","ids":{"trakt":1234}}]']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^add_to_watchlist is disabled: .*--read-only/);
    assert.ok(!(await w.standin.apiLog()).slice(before).some((e) => e.method === 'POST'), 'no write sent');
    const read = await w.run(['call', 'get_stats', '--read-only']);
    assert.equal(read.code, 0, read.stderr);
  });

  test('upstream 500: exit 1, message on stderr mentions 500', async () => {
    await w.standin.fault({ path: '/sync/watchlist', times: 1, status: 500, body: '{}' });
    const r = await w.run(['call', 'get_watchlist']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /500/);
    assert.equal(r.stdout, '');
  });

  test('no secret on stdout or stderr', async () => {
    const r = await w.run(['call', 'get_history', '--arg', 'limit=3']);
    for (const s of [w.tokens.access_token, w.tokens.refresh_token, CLIENT_SECRET]) {
      assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s), 'a secret was printed');
    }
  });
});

test('call when not logged in: exit 1, stderr says trakt-mcp login', async (t) => {
  const w = await world(t, { login: false });
  const r = await w.run(['call', 'get_upcoming']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /trakt-mcp login/);
  assert.equal(r.stdout, '');
});

describe('trakt-mcp status', () => {
  test('logged in: exit 0, says so, shows the expiry and the token file, never secrets', async (t) => {
    const w = await world(t);
    const r = await w.run(['status']);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout + r.stderr;
    assert.ok(out.includes(path.join(w.home, 'tokens.json')), `token file path missing:\n${out}`);
    const exp = new Date((w.tokens.created_at + w.tokens.expires_in) * 1000);
    const ymd = exp.toISOString().slice(0, 10);
    assert.ok(out.includes(ymd) || out.includes(String(exp.getUTCFullYear())), `expiry (${ymd}) missing:\n${out}`);
    assert.match(out, /logged in|expires/i);
    assert.doesNotMatch(out, /not logged in/i);
    for (const s of [w.tokens.access_token, w.tokens.refresh_token, CLIENT_SECRET]) {
      assert.ok(!out.includes(s), `status printed a secret:\n${out}`);
    }
    // Also no prefix of a token (e.g. "5091b4f1...").
    assert.ok(!out.includes(w.tokens.access_token.slice(0, 16)), 'access token prefix printed');
  });

  test('expired token: still exit 0 (a token file exists), says it expired or will refresh', async (t) => {
    const now = Math.floor(Date.now() / 1000);
    const w = await world(t, { login: { expires_in: 3600, created_at: now - 7200 } });
    const r = await w.run(['status']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok((r.stdout + r.stderr).includes('tokens.json'));
  });

  test('not logged in: non-zero exit, says so and how to log in', async (t) => {
    const w = await world(t, { login: false });
    const r = await w.run(['status']);
    assert.notEqual(r.code, 0);
    const out = r.stdout + r.stderr;
    assert.match(out, /not logged in|no token|trakt-mcp login/i, out);
  });

  test('token file found through XDG_CONFIG_HOME when TRAKT_MCP_HOME is unset', async (t) => {
    const w = await world(t);
    const xdg = await makeTempDir('trakt-mcp-it-xdg-');
    fs.mkdirSync(path.join(xdg, 'trakt-mcp'), { recursive: true });
    fs.copyFileSync(path.join(w.home, 'tokens.json'), path.join(xdg, 'trakt-mcp', 'tokens.json'));
    fs.chmodSync(path.join(xdg, 'trakt-mcp', 'tokens.json'), 0o600);
    const env = w.env({ TRAKT_MCP_HOME: undefined, XDG_CONFIG_HOME: xdg });
    const r = await w.run(['status'], { env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok((r.stdout + r.stderr).includes(path.join(xdg, 'trakt-mcp', 'tokens.json')), r.stdout + r.stderr);
    const c = await w.run(['call', 'get_history', '--arg', 'limit=2'], { env });
    assert.equal(c.code, 0, c.stderr);
    assert.equal(lines(c.stdout).length, 2);
  });
});

describe('trakt-mcp login (device code) and logout', () => {
  const tokensFile = (w) => path.join(w.home, 'tokens.json');

  test('login: shows URL and code, polls through "pending", saves tokens 0600; tools work after', async (t) => {
    const w = await world(t, {
      login: false,
      config: { device_interval: 1, device_script: [400, 400, 200], device_user_code: 'A1B2C3D4' },
    });
    const r = await w.run(['login'], { timeout: 90_000 });
    const out = r.stdout + r.stderr;
    assert.equal(r.code, 0, out);
    assert.ok(out.includes('A1B2C3D4'), `user code not shown:\n${out}`);
    assert.ok(out.includes('https://trakt.tv/activate'), `verification URL not shown:\n${out}`);
    assert.ok(fs.existsSync(tokensFile(w)), 'tokens.json not written');
    assert.equal(fs.statSync(tokensFile(w)).mode & 0o777, 0o600, 'tokens.json mode');
    const saved = JSON.parse(fs.readFileSync(tokensFile(w), 'utf8'));
    for (const k of ['access_token', 'refresh_token', 'expires_in', 'created_at']) assert.ok(k in saved, k);
    assert.ok(!out.includes(saved.access_token) && !out.includes(saved.refresh_token), 'login printed a token');
    assert.ok(!out.includes(CLIENT_SECRET), 'login printed the client secret');
    const s = await w.standin.stats();
    assert.equal(s.device_polls, 3, `device polls: ${s.device_polls}`);
    const c = await w.run(['call', 'get_history', '--arg', 'limit=2']);
    assert.equal(c.code, 0, c.stderr);
    assert.deepEqual(lines(c.stdout), historyItems(2).map((d) => historyLine(d, 'UTC')));
    assert.equal((await w.run(['status'])).code, 0);
  });

  test('login: "slow down" (429) is honoured and login still succeeds', async (t) => {
    const w = await world(t, {
      login: false,
      config: { device_interval: 1, device_script: [429, 200] },
    });
    const r = await w.run(['login'], { timeout: 90_000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(fs.existsSync(tokensFile(w)));
    assert.equal((await w.standin.stats()).device_polls, 2);
  });

  test('login denied by the user (418): non-zero exit, says so, no tokens.json', async (t) => {
    const w = await world(t, {
      login: false,
      config: { device_interval: 1, device_script: [400, 418] },
    });
    const r = await w.run(['login'], { timeout: 90_000 });
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, /denied|declined|refused/i);
    assert.ok(!fs.existsSync(tokensFile(w)), 'tokens.json written after a denial');
  });

  test('login code expired (410): non-zero exit, says so, no tokens.json', async (t) => {
    const w = await world(t, {
      login: false,
      config: { device_interval: 1, device_expires_in: 3, device_script: [400] },
    });
    const r = await w.run(['login'], { timeout: 90_000 });
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, /expired/i);
    assert.ok(!fs.existsSync(tokensFile(w)));
  });

  test('logout: revokes at Trakt, deletes tokens.json; status then says not logged in', async (t) => {
    const w = await world(t);
    const r = await w.run(['logout']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(!fs.existsSync(tokensFile(w)), 'tokens.json still there');
    assert.equal((await w.standin.stats()).revoked, 1, 'token revoked at the stand-in');
    for (const s of [w.tokens.access_token, w.tokens.refresh_token, CLIENT_SECRET]) {
      assert.ok(!(r.stdout + r.stderr).includes(s), 'logout printed a secret');
    }
    assert.notEqual((await w.run(['status'])).code, 0);
  });
});
