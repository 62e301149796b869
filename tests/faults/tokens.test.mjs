// Fault injection, token side: the refresh endpoint failing in every way, and token files that
// are corrupt, empty, a directory, unreadable or world-readable. The saved login must never be
// lost or replaced by something else; every error says what happened and what to do; the server
// keeps answering and the next good call works (without a restart).
// Extends tests/integration/tokens.test.mjs (dead refresh tokens via the stand-in's own logic).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  world, requireBinary, textOf, readTokens, writeTokens, waitFor,
} from '../integration/harness.mjs';
import {
  assertToolError, assertOkResult, assertRecovered, timed, fileMode, tokenLeftovers, now, SHORT_TIMEOUT_S,
} from './helpers.mjs';

requireBinary();

const EXPIRED = { expires_in: 3600, created_at: now() - 7200 };
const HIST = { limit: 3 };
const tokensFile = (w) => path.join(w.home, 'tokens.json');
const secretsOf = (tok) => [tok.access_token, tok.refresh_token];

// ---------------------------------------------------------------------------------------------
// The refresh endpoint fails: the old pair stays in the file byte-for-byte.

async function refreshFault(t, fault, { env = {}, expect, kind }) {
  const w = await world(t, { login: EXPIRED });
  const before = await fsp.readFile(tokensFile(w));
  await w.standin.fault({ path: '/oauth/token', ...fault });
  const p = await w.spawn({ env: w.env(env) });
  const [r, ms] = await timed(() => p.callToolResult('get_history', HIST, { timeout: 60_000 }));
  const text = assertToolError(r, expect, kind, { secrets: secretsOf(w.tokens) });
  assert.ok(ms < 20_000, `${kind}: ${ms} ms`);
  assert.deepEqual(await fsp.readFile(tokensFile(w)), before, `${kind}: tokens.json changed`);
  assert.equal(fileMode(tokensFile(w)), 0o600);
  assert.deepEqual(tokenLeftovers(w.home), [], 'no temp files');
  // The fault goes away: the same process refreshes with the saved (still valid) refresh token.
  await w.standin.reset();
  await assertRecovered(p);
  const s = await w.standin.stats();
  assert.equal(s.refreshes, 1);
  assert.notEqual((await readTokens(w.home)).refresh_token, w.tokens.refresh_token, 'new pair saved');
  return { w, p, text, ms };
}

test('refresh answered 500 -> "could not refresh", saved login unchanged, try again; file byte-for-byte', async (t) => {
  await refreshFault(t, { times: 1, status: 500, body: { error: 'server_error' } }, {
    kind: 'refresh 500',
    expect: [/refresh/i, /HTTP 500/, /unchanged/i, /try again/i],
  });
});

test('refresh answered 503 every time -> same advice, old pair kept', async (t) => {
  await refreshFault(t, { times: -1, status: 503, body: '' }, {
    kind: 'refresh 503',
    expect: [/refresh/i, /503/, /unchanged/i, /try again/i],
  });
});

test(`refresh that never answers (hang, TRAKT_MCP_TIMEOUT=${SHORT_TIMEOUT_S}) -> timed out, old pair kept, try again`, async (t) => {
  const { ms } = await refreshFault(t, { times: -1, action: 'hang' }, {
    env: { TRAKT_MCP_TIMEOUT: String(SHORT_TIMEOUT_S) },
    kind: 'refresh hang',
    expect: [/refresh/i, /did not answer in time|timed out/i, /unchanged/i, /try again/i],
  });
  assert.ok(ms >= SHORT_TIMEOUT_S * 1000 - 200 && ms < SHORT_TIMEOUT_S * 1000 + 5000, `${ms} ms`);
});

test('refresh connection reset -> could not refresh, old pair kept, try again', async (t) => {
  await refreshFault(t, { times: -1, action: 'reset' }, {
    kind: 'refresh reset',
    expect: [/refresh/i, /unchanged/i, /try again/i],
  });
});

test('refresh answered 200 with a body that is not JSON -> old pair kept, try again', async (t) => {
  await refreshFault(t, { times: 1, status: 200, body: '{"access_token": "abc", "refre' }, {
    kind: 'refresh 200 garbage',
    expect: [/token response/i, /not JSON/i, /unchanged/i, /try again/i],
  });
});

test('refresh answered 200 with a token response missing refresh_token -> old pair kept, says what to do', async (t) => {
  await refreshFault(t, {
    times: 1, status: 200,
    body: { access_token: 'a'.repeat(64), token_type: 'bearer', expires_in: 86400, scope: 'public', created_at: now() },
  }, {
    kind: 'refresh 200 incomplete',
    expect: [/refresh_token/, /unchanged|try again|trakt-mcp login/i],
  });
});

for (const [name, fault] of [
  ['400 with an empty body', { status: 400, body: '' }],
  ['401 invalid_grant', {
    status: 401,
    body: { error: 'invalid_grant', error_description: 'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.' },
  }],
]) {
  test(`refresh answered ${name} -> "run trakt-mcp login", the file is kept (not deleted), a new login is picked up live`, async (t) => {
    const w = await world(t, { login: EXPIRED });
    const before = await fsp.readFile(tokensFile(w));
    await w.standin.fault({ path: '/oauth/token', times: -1, ...fault });
    const p = await w.spawn();
    const r = await p.callToolResult('get_history', HIST);
    assertToolError(r, [/expired or was revoked|refused the refresh token/i, /trakt-mcp login/],
      name, { secrets: secretsOf(w.tokens) });
    assert.deepEqual(await fsp.readFile(tokensFile(w)), before, 'tokens.json untouched');
    // The person runs `trakt-mcp login` in a terminal: the running server picks the new pair up.
    await w.standin.reset();
    const fresh = await w.standin.login();
    await sleep10ms();
    await writeTokens(w.home, fresh);
    await assertRecovered(p);
    assert.equal((await w.standin.stats()).refresh_attempts, 0, 'the fresh pair is used as it is');
  });
}

const sleep10ms = () => new Promise((r) => setTimeout(r, 10));

// ---------------------------------------------------------------------------------------------
// The token file itself is broken. Each: a clear message naming the file and what to do, the
// file is not overwritten, the server keeps answering, and fixing the file fixes the next call.

async function brokenFile(t, { make, expect, kind }) {
  const w = await world(t);
  const file = tokensFile(w);
  await fsp.rm(file, { force: true });
  await make(file);
  const snapshot = fs.statSync(file).isFile() ? await fsp.readFile(file) : null;
  const p = await w.spawn();
  const r = await p.callToolResult('get_history', HIST);
  const text = assertToolError(r, [new RegExp(file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), ...expect], kind);
  // A second call says the same (no crash, no half state).
  const r2 = await p.callToolResult('get_upcoming', {});
  assert.equal(textOf(r2), text, `${kind}: second call`);
  if (snapshot) assert.deepEqual(await fsp.readFile(file), snapshot, `${kind}: the file was changed`);
  else assert.ok(fs.statSync(file).isDirectory(), `${kind}: the directory was replaced`);
  assert.equal((await w.standin.stats()).requests, 0, 'no request to Trakt without a usable token');
  // The person fixes it (login writes a fresh file): the running server uses it.
  await fsp.rm(file, { recursive: true, force: true });
  await sleep10ms();
  await writeTokens(w.home, w.tokens);
  await assertRecovered(p);
  return text;
}

test('token file with invalid JSON -> names the file, "not valid JSON", run trakt-mcp login; not overwritten', async (t) => {
  await brokenFile(t, {
    kind: 'corrupt', make: (f) => fsp.writeFile(f, '{"access_token": "abc", oops', { mode: 0o600 }),
    expect: [/not valid JSON/, /trakt-mcp login/],
  });
});

test('token file half-written (a cut-off token response) -> same advice; not overwritten', async (t) => {
  const w0 = await world(t);
  const half = JSON.stringify(w0.tokens).slice(0, 60);
  await brokenFile(t, {
    kind: 'half', make: (f) => fsp.writeFile(f, half, { mode: 0o600 }),
    expect: [/not valid JSON|incomplete/i, /trakt-mcp login/],
  });
});

test('token file empty -> says it is empty (or not valid JSON), run trakt-mcp login; not overwritten', async (t) => {
  await brokenFile(t, {
    kind: 'empty', make: (f) => fsp.writeFile(f, '', { mode: 0o600 }),
    expect: [/empty|not valid JSON/i, /trakt-mcp login/],
  });
});

test('token file valid JSON of the wrong shape -> names the missing field, run trakt-mcp login', async (t) => {
  await brokenFile(t, {
    kind: 'wrong shape', make: (f) => fsp.writeFile(f, '{"access_token": 5, "refresh_token": null}', { mode: 0o600 }),
    expect: [/access_token/, /trakt-mcp login/],
  });
});

test('token file is a directory -> "not a regular file", move it away and log in; left alone', async (t) => {
  await brokenFile(t, {
    kind: 'directory', make: (f) => fsp.mkdir(f, { mode: 0o700 }),
    expect: [/not a regular file/, /trakt-mcp login/],
  });
});

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
test('token file unreadable (mode 000) -> "cannot be read (Permission denied)"',
  { skip: isRoot ? 'running as root: root reads mode-000 files, so this row cannot happen' : false },
  async (t) => {
    await brokenFile(t, {
      kind: 'unreadable', make: async (f) => { await fsp.writeFile(f, '{}'); await fsp.chmod(f, 0o000); },
      expect: [/cannot be read/, /Permission denied/],
    });
  });

test('token file world-readable (0644) -> tightened to 0600 in place with a warning; content untouched; call works', async (t) => {
  const w = await world(t);
  const file = tokensFile(w);
  await fsp.chmod(file, 0o644);
  const before = await fsp.readFile(file);
  const p = await w.spawn();
  await p.request('logging/setLevel', { level: 'warning' });
  const r = await p.callToolResult('get_history', HIST);
  assertOkResult(r, 'call with a 0644 token file', { lines: 3 });
  assert.deepEqual(await fsp.readFile(file), before, 'content not rewritten');
  assert.equal(fileMode(file), 0o600, 'mode tightened to 0600');
  // The person is told, on stderr and (as they asked for logging) over MCP.
  assert.match(p.stderr, /readable by other users.*0644.*0600/s, p.stderr.slice(-2000));
  assert.match(p.stderr, /trakt-mcp logout.*trakt-mcp login/s);
  const note = await waitFor(() => p.notifications.find((n) => n.method === 'notifications/message' &&
    /0644/.test(JSON.stringify(n.params))), { timeout: 5000, what: 'a notifications/message about the mode' });
  assert.equal(note.params.level, 'warning');
  for (const s of secretsOf(w.tokens)) assert.ok(!p.stderr.includes(s), 'a secret in the log');
  await assertRecovered(p);
});

test('stale temp files of an earlier crash (tokens.json.tmp-<dead pid>) do not pile up', async (t) => {
  const w = await world(t, { login: EXPIRED });
  const stale = path.join(w.home, 'tokens.json.tmp-999999');
  await fsp.writeFile(stale, '{"access_token":"half', { mode: 0o600 });
  const p = await w.spawn();
  assertOkResult(await p.callToolResult('get_history', HIST), 'call with a refresh', { lines: 3 });
  assert.equal((await w.standin.stats()).refreshes, 1, 'a save happened');
  assert.deepEqual(tokenLeftovers(w.home), [], `leftover temp files after a successful save: ${tokenLeftovers(w.home)}`);
  await assertRecovered(p);
});

