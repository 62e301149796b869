// Resources through the official MCP TypeScript SDK client (StdioClientTransport) against the real
// binary and the stand-in: the capability in initialize, resources/list and resources/templates/list,
// every resource read back as the very text and structuredContent of its tool (a resource is a view
// of a tool, never a second implementation), the movie and show templates, an unknown URI and a
// failing read as JSON-RPC errors naming the URI, no login pointing to `trakt-mcp login`; and the
// stateless 2026-07-28 era's caching hints over raw stdio.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { world, requireBinary, requireNodeModules, BIN, T_CALL, textOf, FORBIDDEN_WORDS } from './harness.mjs';

requireNodeModules();
requireBinary();

const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');

// Each resource and the tool call it is defined as (PRODUCT.md, "Resources and prompts").
const RESOURCES = [
  ['trakt://up-next', 'get_up_next', {}],
  ['trakt://calendar/week', 'get_upcoming', { days: 7, type: 'all' }],
  ['trakt://watchlist', 'get_watchlist', {}],
  ['trakt://history/recent', 'get_history', {}],
  ['trakt://continue-watching', 'get_playback', {}],
  ['trakt://lists', 'get_lists', {}],
];
const TEMPLATES = ['trakt://movie/{id}', 'trakt://show/{id}', 'trakt://list/{list}', 'trakt://poster/{kind}/{id}'];
// The MCP App's views are resources too (posters.test.mjs checks them); here only the data resources.
const APP_VIEWS = 6;
const dataResources = (resources) => resources.filter((r) => !r.uri.startsWith('ui://'));

const STATELESS_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
};

async function connect(w) {
  const transport = new StdioClientTransport({ command: BIN, args: [], env: w.env(), stderr: 'pipe' });
  const client = new Client({ name: 'trakt-mcp-resources-test', version: '1.0.0' }, { capabilities: {} });
  await client.connect(transport, { timeout: T_CALL });
  return client;
}

/** The two contents of one read: text/plain and application/json, both for `uri`. */
function split(result, uri) {
  assert.equal(result.contents.length, 2, JSON.stringify(result));
  for (const c of result.contents) assert.equal(c.uri, uri);
  const text = result.contents.find((c) => c.mimeType === 'text/plain');
  const json = result.contents.find((c) => c.mimeType === 'application/json');
  assert.ok(text && json, `one text/plain and one application/json: ${JSON.stringify(result.contents.map((c) => c.mimeType))}`);
  return { text: text.text, structured: JSON.parse(json.text) };
}

/** Runs fn, which must reject with a JSON-RPC error; returns the error. */
async function rpcError(fn) {
  let error;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  assert.ok(error, 'expected a JSON-RPC error');
  return error;
}

describe('resources through the official SDK client', () => {
  let w;
  let client;

  before(async () => {
    w = await world(null, { tz: 'UTC' });
    client = await connect(w);
  });
  after(async () => {
    await client?.close().catch(() => {});
    await w?.close();
  });

  test('initialize declares the resources capability (no subscriptions, fixed list)', () => {
    const caps = client.getServerCapabilities();
    assert.deepEqual(caps?.resources, { listChanged: false }, JSON.stringify(caps));
    assert.ok(caps?.tools);
  });

  test('resources/list: the resources, named and described', async () => {
    const { resources: all, nextCursor } = await client.listResources();
    assert.equal(nextCursor, undefined);
    assert.equal(all.length, RESOURCES.length + APP_VIEWS);
    const resources = dataResources(all);
    assert.deepEqual(resources.map((r) => r.uri), RESOURCES.map(([uri]) => uri));
    for (const r of resources) {
      assert.ok(r.name && r.title && r.description, JSON.stringify(r));
      assert.equal(r.mimeType, 'text/plain');
    }
  });

  test('resources/templates/list: movie and show details', async () => {
    const { resourceTemplates } = await client.listResourceTemplates();
    assert.deepEqual(resourceTemplates.map((t) => t.uriTemplate), TEMPLATES);
    for (const t of resourceTemplates) assert.match(t.description, /get_details|get_lists|structuredContent/);
  });

  for (const [uri, tool, args] of RESOURCES) {
    test(`resources/read ${uri} is exactly ${tool} ${JSON.stringify(args)}`, async () => {
      const expected = await client.callTool({ name: tool, arguments: args }, undefined, { timeout: T_CALL });
      assert.notEqual(expected.isError, true, textOf(expected));
      const read = await client.readResource({ uri }, { timeout: T_CALL });
      const { text, structured } = split(read, uri);
      assert.equal(text, textOf(expected));
      assert.deepEqual(structured, expected.structuredContent);
      assert.doesNotMatch(text, FORBIDDEN_WORDS);
    });
  }

  test('a stand-in with data: the resources are not empty', async () => {
    // Guards the equality checks above against two empty answers agreeing.
    for (const uri of ['trakt://watchlist', 'trakt://history/recent', 'trakt://lists']) {
      const { text } = split(await client.readResource({ uri }, { timeout: T_CALL }), uri);
      assert.ok(text.split('\n').length > 1, `${uri}: ${text}`);
    }
  });

  test('templates: trakt://movie/{id} by slug and IMDb id, trakt://show/{id}, as get_details; trakt://list/{list} as get_lists', async () => {
    for (const [uri, type, id] of [
      ['trakt://movie/heat-1995', 'movie', 'heat-1995'],
      ['trakt://movie/tt0113277', 'movie', 'tt0113277'],
      ['trakt://show/severance', 'show', 'severance'],
    ]) {
      const expected = await client.callTool({ name: 'get_details', arguments: { type, id } }, undefined, { timeout: T_CALL });
      assert.notEqual(expected.isError, true, textOf(expected));
      const { text, structured } = split(await client.readResource({ uri }, { timeout: T_CALL }), uri);
      assert.equal(text, textOf(expected));
      assert.deepEqual(structured, expected.structuredContent);
    }
    for (const [uri, list] of [['trakt://list/halloween', 'halloween'], ['trakt://list/4242001', '4242001']]) {
      const expected = await client.callTool({ name: 'get_lists', arguments: { list } }, undefined, { timeout: T_CALL });
      assert.notEqual(expected.isError, true, textOf(expected));
      const { text, structured } = split(await client.readResource({ uri }, { timeout: T_CALL }), uri);
      assert.equal(text, textOf(expected));
      assert.deepEqual(structured, expected.structuredContent);
      assert.equal(structured.count, 12);
    }
    const heat = split(await client.readResource({ uri: 'trakt://movie/heat-1995' }), 'trakt://movie/heat-1995');
    assert.match(heat.text, /^\[M\] Heat \(1995\)$/m);
  });

  test('an unknown URI is -32602 naming it, with the uri in data', async () => {
    for (const uri of ['trakt://nowhere', 'trakt://movie/', 'trakt://movie/a/b', 'https://trakt.tv/movies/heat-1995']) {
      const e = await rpcError(() => client.readResource({ uri }));
      assert.equal(e.code, -32602, e.message);
      assert.ok(e.message.includes(uri), e.message);
      assert.deepEqual(e.data, { uri });
    }
  });

  test('a template read Trakt cannot answer is an error that names the uri and says why', async () => {
    const uri = 'trakt://movie/no-such-movie-1900';
    const e = await rpcError(() => client.readResource({ uri }));
    assert.equal(e.code, -32603, e.message);
    assert.ok(e.message.includes(uri), e.message);
    assert.match(e.message, /no-such-movie-1900/);
    assert.deepEqual(e.data, { uri });
  });

  test('trakt://list/{list} of a list the user does not have: an error naming the uri and the list', async () => {
    const uri = 'trakt://list/nope';
    const e = await rpcError(() => client.readResource({ uri }));
    assert.equal(e.code, -32603, e.message);
    assert.ok(e.message.includes(uri), e.message);
    assert.match(e.message, /no list 'nope'/);
  });
});

test('without a login, reading a resource is an error that says to run `trakt-mcp login`', async (t) => {
  const w = await world(t, { login: false });
  const client = await connect(w);
  try {
    for (const [uri] of RESOURCES) {
      const e = await rpcError(() => client.readResource({ uri }, { timeout: T_CALL }));
      assert.equal(e.code, -32603, `${uri}: ${e.message}`);
      assert.match(e.message, /run `trakt-mcp login`/i);
      assert.deepEqual(e.data, { uri });
    }
    // The lists need no login.
    assert.equal((await client.listResources()).resources.length, RESOURCES.length + APP_VIEWS);
  } finally {
    await client.close().catch(() => {});
  }
});

test('stateless 2026-07-28: lists are public for an hour, reads private and never fresh', async (t) => {
  const w = await world(t);
  const p = await w.spawn({ init: false });
  const discover = await p.request('server/discover', {}, { meta: STATELESS_META });
  assert.deepEqual(discover.result.capabilities.resources, { listChanged: false });
  for (const method of ['resources/list', 'resources/templates/list']) {
    const r = await p.request(method, {}, { meta: STATELESS_META });
    assert.equal(r.result.ttlMs, 3_600_000, JSON.stringify(r));
    assert.equal(r.result.cacheScope, 'public');
    assert.equal(r.result.resultType, 'complete');
  }
  const read = await p.request('resources/read', { uri: 'trakt://watchlist' }, { meta: STATELESS_META });
  assert.equal(read.result.ttlMs, 0, JSON.stringify(read));
  assert.equal(read.result.cacheScope, 'private');
  assert.equal(read.result._meta['io.modelcontextprotocol/serverInfo'].name, 'trakt-mcp');
  assert.deepEqual(read.result.contents.map((c) => c.mimeType), ['text/plain', 'application/json']);
  const tool = await p.callToolResult('get_watchlist', {}, { meta: STATELESS_META });
  assert.equal(read.result.contents[0].text, textOf(tool));
  const missing = await p.request('resources/read', { uri: 'trakt://nowhere' }, { meta: STATELESS_META });
  assert.equal(missing.error.code, -32602);
  assert.deepEqual(missing.error.data, { uri: 'trakt://nowhere' });
  // Subscriptions are not offered in either era.
  const sub = await p.request('resources/subscribe', { uri: 'trakt://watchlist' }, { meta: STATELESS_META });
  assert.equal(sub.error.code, -32601);
});
