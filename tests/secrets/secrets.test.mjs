// Secrets: no access token, refresh token, device code or client secret ever appears on stdout,
// stderr or in an MCP message (results, errors, notifications/message), however the binary is
// driven: every path that touches tokens, with TRAKT_MCP_LOG_LEVEL=debug and the MCP client
// asking for debug logs too. Also: tokens.json is 0600 and its folder 0700 after a refresh and
// after a login, whatever they were before and whatever the umask.
//
// Every output is collected and checked at the end of each test against every secret value the
// test has seen (the stand-in's token responses, tokens.json after each step, device codes it
// served) and against any 64-hex-digit run (the stand-in's tokens and device codes look so).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  world, requireBinary, makeTempDir, readTokens, writeTokens, textOf, T_CALL,
} from '../integration/harness.mjs';

requireBinary();

// Distinctive credentials, so a leak of either is unmistakable.
const ID = 'secrets-test-client-id-7d1e';
const SECRET = 'secrets-test-client-SECRET-4b9f2a';
const HEX64 = /[0-9a-f]{64}/i;

class Secrets {
  constructor() {
    this.values = new Set([SECRET]);
    this.outputs = []; // {what, text}
  }
  addTokens(t) {
    if (!t) return;
    for (const k of ['access_token', 'refresh_token', 'device_code']) if (t[k]) this.values.add(String(t[k]));
  }
  async addTokenFile(home) {
    try { this.addTokens(await readTokens(home)); } catch { /* no file (yet) */ }
  }
  add(what, text) { this.outputs.push({ what, text: String(text ?? '') }); }
  addMcp(what, p) {
    this.add(`${what}: stdout messages`, p.messages.map((m) => JSON.stringify(m)).join('\n'));
    this.add(`${what}: stdout non-JSON lines`, p.badLines.join('\n'));
    this.add(`${what}: stderr`, p.stderr);
  }
  addRun(what, r) {
    this.add(`${what}: stdout`, r.stdout);
    this.add(`${what}: stderr`, r.stderr);
  }
  check() {
    assert.ok(this.outputs.length > 0, 'nothing collected');
    for (const { what, text } of this.outputs) {
      for (const v of this.values) {
        assert.ok(!text.includes(v), `${what} contains a secret (${v.slice(0, 6)}...):\n${excerpt(text, v)}`);
      }
      const m = HEX64.exec(text);
      assert.equal(m, null, `${what} contains a 64-hex-digit value (a token or device code?):\n${m && excerpt(text, m[0])}`);
      assert.doesNotMatch(text, /Bearer\s+\S/i, `${what} shows an Authorization header`);
    }
  }
}

function excerpt(text, v) {
  const i = text.indexOf(v);
  return text.slice(Math.max(0, i - 200), i + v.length + 200);
}

function mode(p) { return fs.statSync(p).mode & 0o777; }
const oct = (m) => '0' + m.toString(8);

async function secretsWorld(t, opts = {}) {
  const w = await world(t, { ...opts, standin: { clientId: ID, clientSecret: SECRET, ...(opts.standin ?? {}) } });
  // HOME apart from TRAKT_MCP_HOME: trakt-mcp never tightens the home folder itself.
  w.envS = (extra = {}) => w.env({ HOME: os.tmpdir(), ...extra }, { clientId: ID, clientSecret: SECRET, logLevel: 'debug' });
  w.secrets = new Secrets();
  w.secrets.addTokens(w.tokens);
  // An MCP session logging at debug both ways.
  w.session = async (extra = {}) => {
    const p = await w.spawn({ env: w.envS(extra) });
    const r = await p.request('logging/setLevel', { level: 'debug' });
    assert.deepEqual(r.result, {}, `logging/setLevel: ${JSON.stringify(r)}`);
    return p;
  };
  w.finish = async (what, p) => {
    const exit = await p.close();
    assert.equal(exit.code, 0, `${what}: exit ${JSON.stringify(exit)}; stderr:\n${p.stderr.slice(-2000)}`);
    await w.secrets.addTokenFile(w.home);
    w.secrets.addMcp(what, p);
  };
  return w;
}

function expiredLogin() {
  return { expires_in: 3600, created_at: Math.floor(Date.now() / 1000) - 7200 };
}

describe('no secret in any output', () => {
  test('fresh token: every tool, structured results and debug logs', async (t) => {
    const w = await secretsWorld(t);
    const p = await w.session();
    for (const [name, args] of [['get_upcoming', {}], ['get_history', { limit: 30 }], ['get_watchlist', {}]]) {
      const r = await p.callToolResult(name, args);
      assert.notEqual(r.isError, true, `${name}: ${textOf(r)}`);
    }
    assert.ok(p.notifications.some((n) => n.method === 'notifications/message' && n.params?.level === 'debug'),
      'the client got debug log notifications (else this test proves little)');
    await w.finish('fresh', p);
    w.secrets.check();
  });

  test('expired token: refreshed before use; files 0600 / 0700 afterwards', async (t) => {
    const w = await secretsWorld(t, { login: expiredLogin() });
    // Loosen what the binary must tighten.
    await fsp.chmod(w.home, 0o755);
    await fsp.chmod(path.join(w.home, 'tokens.json'), 0o644);
    const p = await w.session();
    const r = await p.callToolResult('get_history', { limit: 5 });
    assert.notEqual(r.isError, true, textOf(r));
    await w.finish('expired', p);
    const after = await readTokens(w.home);
    assert.notEqual(after.access_token, w.tokens.access_token, 'the token was refreshed');
    assert.equal(oct(mode(path.join(w.home, 'tokens.json'))), '0600', 'tokens.json after a refresh');
    assert.equal(oct(mode(w.home)), '0700', 'the token folder after a refresh');
    const s = await w.standin.stats();
    assert.ok(s.refreshes >= 1, 'a refresh happened');
    w.secrets.check();
  });

  test('401 from Trakt: refreshed once and retried', async (t) => {
    const w = await secretsWorld(t);
    await w.standin.fault({ path: '/sync/history', times: 1, action: 'respond', status: 401,
      body: { error: 'invalid_token', error_description: 'The access token is invalid' } });
    const p = await w.session();
    const r = await p.callToolResult('get_history', { limit: 5 });
    assert.notEqual(r.isError, true, textOf(r));
    await w.finish('401', p);
    assert.equal(oct(mode(path.join(w.home, 'tokens.json'))), '0600');
    assert.equal(oct(mode(w.home)), '0700');
    w.secrets.check();
  });

  test('dead refresh token (used elsewhere, 401 and 400-empty styles)', async (t) => {
    const w = await secretsWorld(t, { login: expiredLogin() });
    const burned = await w.standin.refreshAs(w.tokens.refresh_token, { clientId: ID, clientSecret: SECRET });
    assert.equal(burned.status, 200);
    w.secrets.addTokens(burned.json);
    const p = await w.session();
    const r = await p.callToolResult('get_upcoming', {});
    assert.equal(r.isError, true);
    assert.match(textOf(r), /trakt-mcp login/);
    await w.standin.config({ dead_refresh_style: '400-empty' });
    const r2 = await p.callToolResult('get_watchlist', {});
    assert.equal(r2.isError, true);
    await w.finish('dead refresh', p);
    // The CLI too.
    const c = await w.run(['call', 'get_history'], { env: w.envS() });
    assert.equal(c.code, 1);
    w.secrets.addRun('dead refresh: call', c);
    w.secrets.check();
  });

  test('429 (waited, and too long to wait), 500, 503, dropped connection', async (t) => {
    const w = await secretsWorld(t);
    const p = await w.session();
    await w.standin.fault({ path: '/sync/history', times: 1, status: 429, headers: { 'Retry-After': '1' } });
    assert.notEqual((await p.callToolResult('get_history', { limit: 3 })).isError, true);
    await w.standin.fault({ path: '/sync/watchlist', times: 1, status: 429, headers: { 'Retry-After': '3600' } });
    assert.equal((await p.callToolResult('get_watchlist', {})).isError, true);
    await w.standin.fault({ path: '/calendars', times: 1, status: 500, body: { error: 'boom' } });
    assert.equal((await p.callToolResult('get_upcoming', {})).isError, true);
    await w.standin.fault({ path: '/calendars', times: 1, status: 503 });
    assert.notEqual((await p.callToolResult('get_upcoming', {})).isError, true);
    await w.standin.fault({ path: '/sync/history', times: 1, action: 'reset' });
    await p.callToolResult('get_history', { limit: 3 });
    await w.finish('429/5xx', p);
    w.secrets.check();
  });

  test('untrusted certificate (rogue CA)', async (t) => {
    const w = await secretsWorld(t, { standin: { certSet: 'rogue' } });
    const p = await w.session();
    const r = await p.callToolResult('get_history', {});
    assert.equal(r.isError, true);
    assert.match(textOf(r), /certificate/i);
    await w.finish('rogue CA', p);
    const c = await w.run(['status'], { env: w.envS() });
    w.secrets.addRun('rogue CA: status', c);
    w.secrets.check();
  });

  test('login (device flow, polls pending and slow-down first): files 0600 / 0700, then status and logout', async (t) => {
    const w = await secretsWorld(t, { login: false, config: { device_interval: 1, device_script: [400, 429, 200] } });
    // A folder that does not exist yet, under a permissive umask's parent.
    const base = await makeTempDir('trakt-mcp-secrets-xdg-');
    await fsp.chmod(base, 0o755);
    const xdg = path.join(base, 'config');
    const env = w.envS({ TRAKT_MCP_HOME: null, XDG_CONFIG_HOME: xdg });
    const login = await w.run(['login'], { env, timeout: 60_000 });
    w.secrets.addRun('login', login);
    assert.equal(login.code, 0, `login failed: ${login.stderr}`);
    const dir = path.join(xdg, 'trakt-mcp');
    const tokens = await readTokens(dir);
    w.secrets.addTokens(tokens);
    assert.equal(oct(mode(path.join(dir, 'tokens.json'))), '0600', 'tokens.json after login');
    assert.equal(oct(mode(dir)), '0700', 'the token folder after login');

    const status = await w.run(['status'], { env });
    w.secrets.addRun('status', status);
    assert.equal(status.code, 0, status.stderr);
    const call = await w.run(['call', 'get_history', '--arg', 'limit=2'], { env });
    w.secrets.addRun('call after login', call);
    assert.equal(call.code, 0, call.stderr);
    const logout = await w.run(['logout'], { env });
    w.secrets.addRun('logout', logout);
    assert.equal(logout.code, 0, logout.stderr);
    assert.ok(!fs.existsSync(path.join(dir, 'tokens.json')), 'logout deletes tokens.json');
    const status2 = await w.run(['status'], { env });
    w.secrets.addRun('status after logout', status2);
    w.secrets.check();
  });

  test('login whose device code is known: approved, denied, expired, unknown', async (t) => {
    const w = await secretsWorld(t, { login: false });
    const issued = await w.standin.login(); // a real token pair the fault hands out
    w.secrets.addTokens(issued);
    const deviceCode = 'a1b2c3d4'.repeat(8);
    w.secrets.values.add(deviceCode);
    const codeBody = { device_code: deviceCode, user_code: 'SEEME123', verification_url: 'https://trakt.tv/activate', expires_in: 30, interval: 1 };
    for (const [what, status, body] of [['approved', 200, issued], ['denied', 418, {}], ['expired', 410, {}], ['unknown', 404, {}], ['odd', 422, { error: deviceCode }]]) {
      await w.standin.fault({ path: '/oauth/device/code', times: 1, status: 200, body: codeBody });
      await w.standin.fault({ path: '/oauth/device/token', times: 1, status, body });
      const home = await makeTempDir('trakt-mcp-secrets-home-');
      const r = await w.run(['login'], { env: w.envS({ TRAKT_MCP_HOME: home }), timeout: 60_000 });
      w.secrets.addRun(`login ${what}`, r);
      assert.equal(r.code, status === 200 ? 0 : 1, `login ${what}: ${r.stderr}`);
      assert.match(r.stderr + r.stdout, /SEEME123/, 'the user code is shown (it is meant to be)');
      // The echo of the device code in the 422 body is Trakt's text: the binary must not pass it on.
      await w.secrets.addTokenFile(home);
      await w.standin.reset();
    }
    w.secrets.check();
  });

  test('call with bad arguments, unknown tools, no credentials', async (t) => {
    const w = await secretsWorld(t);
    for (const args of [
      ['call', 'get_history', '--arg', 'limit=5000'],
      ['call', 'get_upcoming', '--arg', 'days=x', '--arg', 'start_date=2026-02-30'],
      ['call', 'get_watchlist', '--arg', `type=${SECRET}`],
      ['call', 'no_such_tool'],
      ['call', 'get_history', '--arg'],
      ['call'],
    ]) {
      const r = await w.run(args, { env: w.envS() });
      assert.notEqual(r.code, 0, `${args.join(' ')} should fail`);
      // The one secret the user typed in themselves may be echoed back; drop that case from the check.
      if (args.some((a) => a.includes(SECRET))) continue;
      w.secrets.addRun(args.join(' '), r);
    }
    const noSecret = await w.run(['call', 'get_history'], { env: w.env({}, { clientId: ID, clientSecret: null, logLevel: 'debug' }) });
    w.secrets.addRun('call without secret', noSecret);
    w.secrets.check();
  });
});
