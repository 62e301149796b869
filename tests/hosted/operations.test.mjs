// What an operator of hosted mode sees, tested against the real thing: one instance on a
// PostgreSQL store of its own with `--metrics` and TRAKT_MCP_LOG_FORMAT=json. /healthz and
// /readyz answer on the MCP address (whatever Host a probe sends); /readyz turns 503 while the
// store is down or hangs (within 5 s) and 200 when it is back. The metrics pass Debian's `promtool check metrics`,
// name no person, and Debian's `prometheus` scrapes them: its query API shows the tool calls,
// HTTP requests, Trakt requests, cache lookups and sessions this test caused. Every stderr line
// is one JSON object, and the lines of a tool call carry its request id and person.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import {
  preconditions, Standin, startPostgres, startDirect, freePort, signIn, callText, closeQuietly, makeTempDir,
  waitFor, withTimeout, T_CALL,
} from './hosted_harness.mjs';

const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';

let standin, pg, instance, metricsPort, person, prometheus;

before(async () => {
  preconditions();
  for (const bin of [PROMETHEUS, PROMTOOL])
    if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run scripts/setup (apt-get install prometheus)`);
  standin = await Standin.start();
  pg = await startPostgres();
  metricsPort = await freePort();
  instance = await startDirect({
    standin, store: pg, name: 'operated',
    extra: { TRAKT_MCP_LOG_FORMAT: 'json', TRAKT_MCP_LOG_LEVEL: 'debug' },
    flags: ['--metrics', `127.0.0.1:${metricsPort}`],
  });
  await standin.config({ authorize_queue: ['alice'] });
  person = await signIn(instance.publicUrl, standin, { clientName: 'operations-test' });
});

after(async () => {
  if (process.env.TRAKT_MCP_HOSTED_DEBUG) console.error(instance?.tail(80));
  if (person) await closeQuietly(person);
  if (prometheus) prometheus.kill('SIGKILL');
  await instance?.stop();
  await standin?.stop();
  await pg?.stop();
});

async function get(url, headers = {}) {
  const r = await fetch(url, { headers });
  return { status: r.status, type: r.headers.get('content-type'), body: await r.text() };
}

const metricsUrl = () => `http://127.0.0.1:${metricsPort}/metrics`;

test('/healthz and /readyz answer probes on the MCP address, whatever their Host', async () => {
  for (const host of [undefined, '10.1.2.3:8080']) {
    const headers = host ? { Host: host } : {};
    const health = await get(`${instance.url}/healthz`, headers);
    assert.equal(health.status, 200);
    assert.equal(health.body, 'ok\n');
    const ready = await get(`${instance.url}/readyz`, headers);
    assert.equal(ready.status, 200, ready.body);
  }
  // The metrics address answers them too.
  assert.equal((await get(`http://127.0.0.1:${metricsPort}/readyz`)).status, 200);
  const post = await fetch(`${instance.url}/healthz`, { method: 'POST' });
  assert.equal(post.status, 405);
});

test('tool calls are logged as JSON lines that carry the request id and the person', async () => {
  const before = instance.lines.length;
  const text = await callText(person.client, 'get_watchlist');
  assert.ok(text.length > 0);
  await callText(person.client, 'search', { query: 'heat' });
  const lines = instance.lines.slice(before);
  assert.ok(lines.length > 0, 'the calls wrote log lines (debug)');
  const records = lines.map((l) => {
    try { return JSON.parse(l); } catch { assert.fail(`not one JSON object: ${l}`); }
  });
  for (const r of records) {
    assert.match(r.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(['debug', 'info', 'notice', 'warning', 'error'].includes(r.level), r.level);
    assert.equal(typeof r.message, 'string');
  }
  const trakt = records.filter((r) => r.logger === 'trakt' && /GET \/sync\/watchlist/.test(r.message));
  assert.ok(trakt.length > 0, `a line about the Trakt request: ${lines.join('\n')}`);
  for (const r of trakt) {
    assert.ok(r.request_id, `request id on ${JSON.stringify(r)}`);
    assert.match(r.person, /^\d+$/, 'the person is their number here, never a name or token');
  }
  // Two calls, two request ids.
  const ids = new Set(records.filter((r) => r.request_id).map((r) => r.request_id));
  assert.ok(ids.size >= 2, `request ids: ${[...ids]}`);
  // Lines outside any call carry none.
  const started = instance.lines.map((l) => JSON.parse(l)).find((r) => /serving many people/.test(r.message));
  assert.ok(started, 'the start-up line is JSON too');
  assert.equal(started.request_id, undefined);
  assert.equal(started.person, undefined);
});

test('the metrics pass promtool, count what happened, and name no person', async () => {
  const m = await get(metricsUrl());
  assert.equal(m.status, 200);
  assert.match(m.type, /^text\/plain; version=0\.0\.4/);
  const checked = (() => {
    try {
      return execFileSync(PROMTOOL, ['check', 'metrics'], { input: m.body, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      assert.fail(`promtool check metrics failed: ${e.stdout}${e.stderr}`);
    }
  })();
  assert.equal(checked.trim(), '', `promtool has remarks: ${checked}`);
  const body = m.body;
  assert.match(body, /^trakt_mcp_tool_calls_total\{tool="get_watchlist",outcome="ok"\} [1-9]/m);
  assert.match(body, /^trakt_mcp_tool_calls_total\{tool="search",outcome="ok"\} 1$/m);
  assert.match(body, /^trakt_mcp_tool_call_duration_seconds_count\{tool="get_watchlist"\} [1-9]/m);
  assert.match(body, /^trakt_mcp_tool_call_duration_seconds_bucket\{tool="search",le="\+Inf"\} 1$/m);
  assert.match(body, /^trakt_mcp_http_requests_total\{method="POST",status="200"\} [1-9]/m);
  assert.match(body, /^trakt_mcp_http_requests_total\{method="POST",status="401"\} [1-9]/m, 'the first, unsigned request');
  assert.match(body, /^trakt_mcp_trakt_requests_total\{status="200"\} [1-9]/m);
  assert.match(body, /^trakt_mcp_cache_lookups_total\{cache="personal",result="miss"\} [1-9]/m);
  assert.match(body, /^trakt_mcp_sessions 1$/m);
  assert.match(body, /^trakt_mcp_store_connections\{state="in_use"\} 0$/m, 'every store connection given back');
  // No identity: no person, user or client label, and nobody's name or number anywhere.
  assert.doesNotMatch(body, /\b(person|user|client|principal|session)="/);
  assert.doesNotMatch(body, /alice/);
});

test('Debian\'s prometheus scrapes the metrics; its API shows the series', async () => {
  const dir = await makeTempDir('trakt-mcp-prometheus-');
  const webPort = await freePort();
  const config = path.join(dir, 'prometheus.yml');
  // The scrape job from deploy/prometheus/prometheus.yml, aimed at this instance.
  const shipped = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'deploy', 'prometheus', 'prometheus.yml'), 'utf8');
  fs.writeFileSync(config, shipped
    .replace(/scrape_interval: \S+/, 'scrape_interval: 1s')
    .replace(/targets: \[.*\]/, `targets: ['127.0.0.1:${metricsPort}']`));
  execFileSync(PROMTOOL, ['check', 'config', config], { stdio: 'pipe' });
  prometheus = spawn(PROMETHEUS, [
    `--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${webPort}`,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  prometheus.stderr.on('data', (d) => { log += d; });
  const query = async (q) => {
    const r = await fetch(`http://127.0.0.1:${webPort}/api/v1/query?query=${encodeURIComponent(q)}`);
    return (await r.json()).data.result;
  };
  const series = async (q) => { try { return await query(q); } catch { return []; } };
  await waitFor(async () => (await series('up{job="trakt-mcp"}')).some((s) => s.value[1] === '1'),
    { timeout: 60_000, what: `prometheus to scrape the instance (log: ${log.slice(-2000)})` });
  const calls = await series('trakt_mcp_tool_calls_total');
  assert.ok(calls.some((s) => s.metric.tool === 'get_watchlist' && s.metric.outcome === 'ok' && Number(s.value[1]) >= 1),
    JSON.stringify(calls));
  for (const name of ['trakt_mcp_http_requests_total', 'trakt_mcp_trakt_requests_total',
    'trakt_mcp_cache_lookups_total', 'trakt_mcp_sessions', 'trakt_mcp_tool_call_duration_seconds_bucket'])
    assert.ok((await series(name)).length > 0, `${name} in prometheus`);
  const p50 = await series('histogram_quantile(0.5, sum by (le) (trakt_mcp_tool_call_duration_seconds_bucket))');
  assert.equal(p50.length, 1, 'a latency quantile can be computed from the histogram');
});

test('/readyz is 503 while the store is down and 200 when it is back; /healthz stays 200', async () => {
  pg.pause();
  try {
    const ready = await withTimeout(get(`${instance.url}/readyz`), T_CALL, '/readyz with the store down');
    assert.equal(ready.status, 503, ready.body);
    assert.match(ready.body, /^not ready: the store/);
    assert.doesNotMatch(ready.body, /trakt_mcp_test\?host|password/, 'no connection details');
    assert.equal((await get(`${instance.url}/healthz`)).status, 200, 'the process itself answers');
  } finally {
    pg.resume();
  }
  await waitFor(async () => (await get(`${instance.url}/readyz`)).status === 200,
    { timeout: 30_000, what: '/readyz to be 200 again' });
});

test('/readyz answers 503 within its bound while the store hangs (SIGSTOPped), and 200 once it wakes', async () => {
  pg.freeze();
  try {
    const started = Date.now();
    const ready = await withTimeout(get(`${instance.url}/readyz`), 30_000, '/readyz with the store hung');
    assert.equal(ready.status, 503, ready.body);
    assert.equal(ready.body, 'not ready: the store did not answer within 5 seconds\n');
    assert.ok(Date.now() - started < 15_000, `answered after ${Date.now() - started} ms`);
    assert.equal((await get(`${instance.url}/healthz`)).status, 200, 'the process itself answers');
  } finally {
    pg.thaw();
  }
  await waitFor(async () => (await get(`${instance.url}/readyz`)).status === 200,
    { timeout: 30_000, what: '/readyz to be 200 again' });
});
