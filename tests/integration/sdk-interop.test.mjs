// Interop with the official MCP TypeScript SDK client: it launches the binary over stdio, lists
// the tools, calls each one; structuredContent is validated against each tool's outputSchema with
// Ajv here (besides whatever the SDK does itself) and the text lines are checked.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  world, requireBinary, requireNodeModules, BIN, waitFor, FORBIDDEN_WORDS,
  upcomingLine, watchlistLine, historyLine, addDays, utcDate, T_CALL, declaredToolNames,
} from './harness.mjs';
import { calendarItems, historyItems, watchlistView } from '../standin/fixtures.mjs';

requireNodeModules();
requireBinary();

const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
const { LATEST_PROTOCOL_VERSION } = await import('@modelcontextprotocol/sdk/types.js');
const { default: Ajv2020 } = await import('ajv/dist/2020.js');
const { default: AjvDraft7 } = await import('ajv');
const { default: addFormats } = await import('ajv-formats');

function makeAjv(schema) {
  const draft7 = typeof schema.$schema === 'string' && schema.$schema.includes('draft-07');
  const ajv = draft7 ? new AjvDraft7({ allErrors: true, strict: false }) : new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}

/** Compiles a tool schema (which must itself be a valid JSON Schema) into a validator. */
function compile(schema, what) {
  const ajv = makeAjv(schema);
  assert.ok(ajv.validateSchema(schema), `${what} is not a valid JSON Schema: ${ajv.errorsText(ajv.errors)}`);
  return ajv.compile(schema);
}

const textLines = (result) => {
  const t = result.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');
  return t === '' ? [] : t.split('\n');
};

describe('official SDK client (StdioClientTransport) against the binary', () => {
  let w;
  let client;
  let transport;
  let stderr = '';
  const validators = {};
  let tools;

  before(async () => {
    w = await world(null, { tz: 'UTC' });
    transport = new StdioClientTransport({ command: BIN, args: [], env: w.env(), stderr: 'pipe' });
    transport.stderr?.on('data', (d) => { stderr += d.toString(); });
    client = new Client({ name: 'trakt-mcp-sdk-interop', version: '1.0.0' }, { capabilities: {} });
    await client.connect(transport, { timeout: T_CALL });
  });
  after(async () => {
    await client?.close().catch(() => {});
    await w?.close();
  });

  test('handshake: server info and tools capability', () => {
    const info = client.getServerVersion();
    assert.equal(info?.name, 'trakt-mcp');
    assert.match(info?.version ?? '', /^\d+\.\d+\.\d+/);
    assert.ok(client.getServerCapabilities()?.tools, JSON.stringify(client.getServerCapabilities()));
    assert.equal(transport.protocolVersion ?? LATEST_PROTOCOL_VERSION, LATEST_PROTOCOL_VERSION);
  });

  test('ping', async () => {
    assert.deepEqual(await client.ping(), {});
  });

  // The tools that change the account (writes.test.mjs covers each); every other tool only reads.
  const WRITES = {
    add_to_watchlist: { destructive: false, idempotent: true },
    remove_from_watchlist: { destructive: true, idempotent: true },
    mark_watched: { destructive: false, idempotent: false },
    remove_from_history: { destructive: true, idempotent: false },
    rate: { destructive: false, idempotent: true },
    remove_rating: { destructive: true, idempotent: true },
    checkin: { destructive: false, idempotent: false },
    cancel_checkin: { destructive: true, idempotent: true },
    remove_playback: { destructive: true, idempotent: true },
    hide_show: { destructive: false, idempotent: true },
    unhide_show: { destructive: false, idempotent: true },
    create_list: { destructive: false, idempotent: false },
    delete_list: { destructive: true, idempotent: true },
    add_to_list: { destructive: false, idempotent: true },
    remove_from_list: { destructive: true, idempotent: true },
  };
  test('tools/list: every declared tool, valid input and output schemas, annotations that tell the truth', async () => {
    ({ tools } = await client.listTools());
    assert.deepEqual(tools.map((t) => t.name), declaredToolNames());
    for (const t of tools) {
      compile(t.inputSchema, `${t.name}.inputSchema`);
      assert.ok(t.outputSchema, `${t.name} has no outputSchema`);
      validators[t.name] = compile(t.outputSchema, `${t.name}.outputSchema`);
      const write = WRITES[t.name];
      assert.equal(t.annotations?.readOnlyHint, !write, t.name);
      assert.equal(t.annotations?.destructiveHint, write ? write.destructive : false, t.name);
      assert.equal(t.annotations?.idempotentHint, write ? write.idempotent : true, t.name);
      assert.equal(t.annotations?.openWorldHint, true);
    }
    assert.deepEqual(tools.filter((t) => !t.annotations.readOnlyHint).map((t) => t.name).sort(), Object.keys(WRITES).sort());
  });

  const expectations = [
    ['get_upcoming', { start_date: '2026-11-23', days: 7 },
      () => calendarItems('2026-11-23', 7).map((it) => upcomingLine(it, 'UTC'))],
    ['get_upcoming', { start_date: addDays(utcDate(), -2), days: 33 },
      (a) => calendarItems(a.start_date, 33).map((it) => upcomingLine(it, 'UTC'))],
    ['get_watchlist', {}, () => watchlistView('all', 'rank', 'asc').map(watchlistLine)],
    ['get_watchlist', { type: 'seasons', sort: 'title' }, () => watchlistView('seasons', 'title', 'asc').map(watchlistLine)],
    ['get_watchlist', { type: 'episodes' }, () => watchlistView('episodes', 'rank', 'asc').map(watchlistLine)],
    ['get_history', {}, () => historyItems(20).map((d) => historyLine(d, 'UTC'))],
    ['get_history', { limit: 300, type: 'movies' },
      () => historyItems(600).filter((d) => d.type === 'movie').slice(0, 300).map((d) => historyLine(d, 'UTC'))],
    ['get_history', { limit: 260, type: 'episodes' },
      () => historyItems(600).filter((d) => d.type === 'episode').slice(0, 260).map((d) => historyLine(d, 'UTC'))],
  ];
  for (const [name, args, expected] of expectations) {
    test(`callTool ${name} ${JSON.stringify(args)}: structuredContent valid (Ajv), text lines exact`, async () => {
      if (!tools) ({ tools } = await client.listTools());
      if (!validators[name]) {
        const t = tools.find((x) => x.name === name);
        validators[name] = compile(t.outputSchema, `${name}.outputSchema`);
      }
      const r = await client.callTool({ name, arguments: args }, undefined, { timeout: T_CALL });
      assert.notEqual(r.isError, true, JSON.stringify(r.content));
      assert.ok(r.structuredContent, 'structuredContent missing');
      const valid = validators[name](r.structuredContent);
      assert.ok(valid, `structuredContent does not match outputSchema: ${JSON.stringify(validators[name].errors, null, 1)}`);
      const lines = textLines(r);
      assert.deepEqual(lines, expected(args));
      assert.equal(r.structuredContent.count, lines.length);
      assert.doesNotMatch(lines.join('\n'), FORBIDDEN_WORDS);
    });
  }

  // Every declared tool once through the SDK, its structuredContent checked against its own
  // outputSchema (the exact lines of each are in its own test file). A new tool must add a row.
  const everyTool = {
    discover: { list: 'trending', type: 'movies', limit: 3 },
    get_details: { type: 'show', id: 'severance' },
    get_history: { limit: 5 },
    get_playback: { type: 'all' },
    get_ratings: { rating: 10 },
    get_people: { type: 'person', id: 'adam-scott', limit: 5 },
    get_recommendations: { type: 'shows', limit: 3 },
    get_related: { type: 'show', id: 'severance', limit: 3 },
    get_stats: {},
    get_up_next: { limit: 3 },
    get_upcoming: { type: 'all', days: 14 },
    get_watchlist: { type: 'movies' },
    get_year_in_review: { year: 2026 },
    search: { query: 'heat', type: 'all' },
    // The writes leave the stand-in as they found it, for the tests after this one: what is added
    // is taken away again (in this order), and the rest name titles Trakt does not have.
    add_to_watchlist: { items: [{ type: 'movie', ids: { trakt: 10 } }, { type: 'movie', ids: { imdb: 'tt0000001' } }] },
    remove_from_watchlist: { items: [{ type: 'movie', ids: { trakt: 10 } }] },
    mark_watched: { items: [{ type: 'movie', ids: { imdb: 'tt0000001' } }] },
    remove_from_history: { history_ids: [1] },
    rate: { items: [{ type: 'movie', ids: { slug: 'thor-the-dark-world-2013' } }], rating: 9 },
    remove_rating: { items: [{ type: 'movie', ids: { slug: 'thor-the-dark-world-2013' } }] },
    checkin: { item: { type: 'movie', ids: { trakt: 10 } }, message: 'Again' },
    cancel_checkin: {},
    remove_playback: { playback_ids: [999999] },
    hide_show: { show: 'severance', where: 'calendar' },
    unhide_show: { show: 'severance', where: 'calendar' },
    get_lists: { list: 'halloween', limit: 5 },
    create_list: { name: 'SDK interop' },
    add_to_list: { list: 'sdk-interop', items: [{ type: 'movie', ids: { trakt: 10 } }, { type: 'movie', ids: { imdb: 'tt0000001' } }] },
    remove_from_list: { list: 'sdk-interop', items: [{ type: 'movie', ids: { trakt: 10 } }] },
    delete_list: { list: 'sdk-interop', confirm: true },
  };
  test('every declared tool through the SDK: structuredContent valid against its outputSchema', async () => {
    if (!tools) ({ tools } = await client.listTools());
    assert.deepEqual(Object.keys(everyTool).sort(), declaredToolNames().slice().sort(),
      'every declared tool has arguments here');
    for (const name of Object.keys(everyTool)) {
      const t = tools.find((x) => x.name === name);
      const validate = validators[t.name] ?? compile(t.outputSchema, `${t.name}.outputSchema`);
      const r = await client.callTool({ name: t.name, arguments: everyTool[t.name] }, undefined, { timeout: T_CALL });
      assert.notEqual(r.isError, true, `${t.name}: ${JSON.stringify(r.content)}`);
      assert.ok(validate(r.structuredContent), `${t.name}: ${JSON.stringify(validate.errors, null, 1)}`);
      assert.ok(textLines(r).length >= 1, `${t.name}: no text`);
      assert.doesNotMatch(textLines(r).join('\n'), FORBIDDEN_WORDS, t.name);
    }
  });

  test('progress notifications reach the SDK onprogress callback (get_history limit 600)', async () => {
    const seen = [];
    const r = await client.callTool({ name: 'get_history', arguments: { limit: 600 } }, undefined, {
      timeout: T_CALL, onprogress: (p) => seen.push(p),
    });
    assert.notEqual(r.isError, true);
    assert.equal(textLines(r).length, 600);
    assert.ok(seen.length >= 2, `progress callbacks: ${JSON.stringify(seen)}`);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i].progress > seen[i - 1].progress);
    assert.ok(validators.get_history?.(r.structuredContent) ?? true);
  });

  test('bad arguments: an isError result (not an exception) naming the argument', async () => {
    const r = await client.callTool({ name: 'get_upcoming', arguments: { days: 40 } });
    assert.equal(r.isError, true);
    assert.match(textLines(r).join('\n'), /days/);
  });

  test('unknown tool: the SDK sees JSON-RPC error -32602', async () => {
    await assert.rejects(client.callTool({ name: 'get_everything', arguments: {} }),
      (e) => e.code === -32602 || /-32602/.test(String(e)));
  });

  test('cancellation through an AbortSignal stops the upstream request', async () => {
    await w.standin.reset();
    await w.standin.config({ delay_ms: 5000 });
    const ac = new AbortController();
    const call = client.callTool({ name: 'get_watchlist', arguments: {} }, undefined, { signal: ac.signal });
    await waitFor(async () => (await w.standin.stats()).requests >= 1, { what: 'call to reach the stand-in' });
    ac.abort('test cancels');
    await assert.rejects(call);
    await waitFor(async () => (await w.standin.stats()).aborted >= 1,
      { timeout: 20_000, what: 'the HTTP request to be aborted' });
    await w.standin.config({ delay_ms: 0 });
    assert.deepEqual(await client.ping(), {});
    const r = await client.callTool({ name: 'get_history', arguments: { limit: 2 } });
    assert.equal(textLines(r).length, 2);
  });

  test('nothing secret in the server stderr', () => {
    assert.ok(!stderr.includes(w.tokens.access_token));
    assert.ok(!stderr.includes(w.tokens.refresh_token));
  });
});

for (const version of ['2025-06-18', '2025-03-26']) {
  test(`SDK client can still talk when the server negotiates down (${version} requested by a raw client)`, async (t) => {
    // The SDK always asks for its newest version; check that the binary's older versions work
    // with the same messages by requesting them directly.
    const w = await world(t);
    const p = await w.spawn({ version });
    const r = await p.callToolResult('get_watchlist', { type: 'movies' });
    assert.deepEqual(textLines(r), watchlistView('movies', 'rank', 'asc').map(watchlistLine));
    if (version !== '2025-03-26') {
      // structuredContent exists from 2025-06-18 on.
      const list = await p.request('tools/list', {});
      const tool = list.result.tools.find((x) => x.name === 'get_watchlist');
      const v = compile(tool.outputSchema, 'get_watchlist.outputSchema');
      assert.ok(v(r.structuredContent), JSON.stringify(v.errors));
    }
  });
}
