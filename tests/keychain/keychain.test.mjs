// TRAKT_TOKEN_STORE=keychain: trakt-mcp reads and writes the layout of the
// widespread macOS curl recipe (generic passwords of service "trakt" and
// {"expiresAt": ms} in ~/.config/trakt/config.json), here through a fake
// `security` program on PATH. The real binary runs against the stand-in.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { world, textOf, CLIENT_ID, CLIENT_SECRET } from '../integration/harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

// A home with the recipe's keychain and config.json, seeded from `tokens`.
function keychainWorld(w, tokens, { expiresAtMs, extraConfig = { language: 'en' } } = {}) {
  const home = fs.mkdtempSync(path.join(w.home, 'home-'));
  const keychain = path.join(home, 'keychain');
  const put = (account, value) => {
    fs.mkdirSync(path.join(keychain, 'trakt'), { recursive: true });
    fs.writeFileSync(path.join(keychain, 'trakt', account), value);
  };
  const get = (account) => {
    const f = path.join(keychain, 'trakt', account);
    return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined;
  };
  put('client_id', CLIENT_ID);
  put('client_secret', CLIENT_SECRET);
  put('access_token', tokens.access_token);
  put('refresh_token', tokens.refresh_token);
  const configFile = path.join(home, '.config', 'trakt', 'config.json');
  fs.mkdirSync(path.dirname(configFile), { recursive: true });
  const expiresAt = expiresAtMs ?? (tokens.created_at + tokens.expires_in) * 1000;
  fs.writeFileSync(configFile, JSON.stringify({ ...extraConfig, expiresAt }));
  const env = w.env({
    HOME: home,
    TRAKT_MCP_HOME: undefined,
    TRAKT_TOKEN_STORE: 'keychain',
    FAKE_KEYCHAIN_DIR: keychain,
    PATH: `${HERE}:${process.env.PATH}`,
  }, { clientId: null, clientSecret: null });
  const config = () => JSON.parse(fs.readFileSync(configFile, 'utf8'));
  const argvLog = () => fs.readFileSync(path.join(keychain, 'argv.log'), 'utf8');
  return { home, env, put, get, config, configFile, argvLog };
}

test('keychain: reads the recipe layout, refreshes, writes back the rotated pair and expiresAt', async (t) => {
  const w = await world(t, { login: { created_at: Math.floor(Date.now() / 1000) - 90_000, expires_in: 86_400 } });
  const seed = w.tokens;
  const k = keychainWorld(w, seed);
  const before = await w.standin.stats();

  const r = await w.run(['call', 'get_history', '--arg', 'limit=3'], { env: k.env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 3, r.stdout);

  const after = await w.standin.stats();
  assert.equal(after.refreshes - before.refreshes, 1, 'exactly one refresh');
  const access = k.get('access_token');
  const refresh = k.get('refresh_token');
  assert.notEqual(access, seed.access_token, 'access_token rotated in the keychain');
  assert.notEqual(refresh, seed.refresh_token, 'refresh_token rotated in the keychain');
  const cfg = k.config();
  assert.equal(cfg.language, 'en', 'other config.json keys are kept');
  assert.ok(cfg.expiresAt > Date.now() + 3600_000, `expiresAt in the future: ${cfg.expiresAt}`);
  assert.equal(k.get('client_id'), CLIENT_ID, 'client credentials untouched');

  // The rotated pair is valid at Trakt: a second run uses it without refreshing.
  const r2 = await w.run(['call', 'get_upcoming', '--arg', 'days=1'], { env: k.env });
  assert.equal(r2.code, 0, r2.stderr);
  assert.equal((await w.standin.stats()).refreshes - before.refreshes, 1);
  assert.equal((await w.standin.stats()).last_headers.authorization, `Bearer ${access}`);

  // No secret ever went on `security`'s command line.
  const log = k.argvLog();
  for (const secret of [seed.access_token, seed.refresh_token, access, refresh, CLIENT_SECRET]) {
    assert.ok(!log.includes(secret), 'a secret appeared in argv of security');
  }
});

test('keychain: a refresh made by the recipe is picked up by a running server without another refresh', async (t) => {
  const w = await world(t);
  const k = keychainWorld(w, w.tokens);
  const p = await w.spawn({ env: k.env });
  const first = await p.callToolResult('get_upcoming', { days: 1 });
  assert.ok(!first.isError, textOf(first));

  // The recipe's side logs in anew (its own refresh) and writes the keychain and expiresAt.
  const fresh = await w.standin.login({});
  k.put('access_token', fresh.access_token);
  k.put('refresh_token', fresh.refresh_token);
  fs.writeFileSync(k.configFile, JSON.stringify({ language: 'en', expiresAt: (fresh.created_at + fresh.expires_in) * 1000 + 1 }));
  await w.standin.revoke(w.tokens.access_token);

  const before = await w.standin.stats();
  const second = await p.callToolResult('get_upcoming', { days: 1 });
  assert.ok(!second.isError, textOf(second));
  const after = await w.standin.stats();
  assert.equal(after.refreshes - before.refreshes, 0, 'no refresh: the new pair was read');
  assert.equal(after.last_headers.authorization, `Bearer ${fresh.access_token}`);
});

test('keychain: status names the store and prints no secret; logout removes the tokens only', async (t) => {
  const w = await world(t);
  const k = keychainWorld(w, w.tokens);
  const s = await w.run(['status'], { env: k.env });
  assert.equal(s.code, 0, s.stdout + s.stderr);
  assert.match(s.stdout, /keychain/);
  for (const secret of [w.tokens.access_token, w.tokens.refresh_token, CLIENT_SECRET]) {
    assert.ok(!(s.stdout + s.stderr).includes(secret), 'status printed a secret');
  }

  const out = await w.run(['logout'], { env: k.env });
  assert.equal(out.code, 0, out.stdout + out.stderr);
  assert.equal(k.get('access_token'), undefined);
  assert.equal(k.get('refresh_token'), undefined);
  assert.equal(k.get('client_id'), CLIENT_ID, 'app credentials stay');
  assert.equal(k.config().language, 'en');
  assert.equal(k.config().expiresAt, undefined);
  const s2 = await w.run(['status'], { env: k.env });
  assert.notEqual(s2.code, 0);
  assert.match(s2.stdout, /not logged in/);
});

test('keychain: without a `security` program the tool error says what is missing', async (t) => {
  const w = await world(t);
  const k = keychainWorld(w, w.tokens);
  const env = { ...k.env, PATH: '/nonexistent' , TRAKT_CLIENT_ID: CLIENT_ID, TRAKT_CLIENT_SECRET: CLIENT_SECRET };
  const r = await w.run(['call', 'get_upcoming'], { env });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /security/);
});
