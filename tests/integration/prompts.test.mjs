// Prompts through the official MCP TypeScript SDK client (StdioClientTransport) against the real
// binary: the capability in initialize, prompts/list with each prompt's arguments, prompts/get of
// each prompt whose messages name the tools to call (all of them tools the server lists) and carry
// the arguments, and the errors: an unknown prompt, a missing required argument and a bad one, all
// -32602 naming what is wrong. Prompts need no login: they only write messages.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { world, requireBinary, requireNodeModules, BIN, T_CALL } from './harness.mjs';

requireNodeModules();
requireBinary();

const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');

const PROMPTS = {
  what_to_watch: {
    args: { mood: false, minutes: false },
    tools: ['get_up_next', 'get_watchlist', 'get_recommendations', 'get_details'],
  },
  catch_me_up: { args: { show: true }, tools: ['search', 'get_details', 'get_history'] },
  week_ahead: { args: {}, tools: ['get_upcoming'] },
  my_year: { args: { year: false }, tools: ['get_year_in_review', 'get_stats', 'get_history'] },
};

const textOfMessages = (r) => r.messages.map((m) => {
  assert.equal(m.content.type, 'text', JSON.stringify(m));
  assert.ok(['user', 'assistant'].includes(m.role), m.role);
  return m.content.text;
}).join('\n');

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

describe('prompts through the official SDK client', () => {
  let w;
  let client;
  let toolNames;

  before(async () => {
    // No login: prompts are only text.
    w = await world(null, { login: false });
    const transport = new StdioClientTransport({ command: BIN, args: [], env: w.env(), stderr: 'pipe' });
    client = new Client({ name: 'trakt-mcp-prompts-test', version: '1.0.0' }, { capabilities: {} });
    await client.connect(transport, { timeout: T_CALL });
    toolNames = (await client.listTools()).tools.map((t) => t.name);
  });
  after(async () => {
    await client?.close().catch(() => {});
    await w?.close();
  });

  test('initialize declares the prompts capability', () => {
    assert.deepEqual(client.getServerCapabilities()?.prompts, { listChanged: false });
  });

  test('prompts/list: the prompts and their arguments', async () => {
    const { prompts, nextCursor } = await client.listPrompts();
    assert.equal(nextCursor, undefined);
    assert.deepEqual(prompts.map((p) => p.name), Object.keys(PROMPTS));
    for (const p of prompts) {
      assert.ok(p.title && p.description, JSON.stringify(p));
      const declared = Object.fromEntries((p.arguments ?? []).map((a) => [a.name, a.required]));
      assert.deepEqual(declared, PROMPTS[p.name].args, p.name);
      for (const a of p.arguments ?? []) assert.ok(a.description, `${p.name}.${a.name}`);
    }
  });

  test('what_to_watch {mood, minutes}: names its tools and carries both', async () => {
    const r = await client.getPrompt({ name: 'what_to_watch', arguments: { mood: 'something light', minutes: '45' } });
    const text = textOfMessages(r);
    for (const tool of PROMPTS.what_to_watch.tools) assert.ok(text.includes(tool), `${tool} in:\n${text}`);
    assert.match(text, /something light/);
    assert.match(text, /\b45 minutes\b/);
    assert.ok(r.description);
  });

  test('what_to_watch {}: no arguments needed, none invented', async () => {
    const text = textOfMessages(await client.getPrompt({ name: 'what_to_watch' }));
    for (const tool of PROMPTS.what_to_watch.tools) assert.ok(text.includes(tool), tool);
    assert.doesNotMatch(text, /minutes|mood/i);
  });

  test('catch_me_up {show}: names its tools and the show', async () => {
    const text = textOfMessages(await client.getPrompt({ name: 'catch_me_up', arguments: { show: 'Severance' } }));
    for (const tool of PROMPTS.catch_me_up.tools) assert.ok(text.includes(tool), `${tool} in:\n${text}`);
    assert.match(text, /"Severance"/);
  });

  test('week_ahead {}: names get_upcoming with the week', async () => {
    const text = textOfMessages(await client.getPrompt({ name: 'week_ahead', arguments: {} }));
    assert.match(text, /get_upcoming with days 7 and type all/);
  });

  test('my_year {year}: names get_year_in_review with the year; {} means this year', async () => {
    const r = await client.getPrompt({ name: 'my_year', arguments: { year: '2025' } });
    const text = textOfMessages(r);
    for (const tool of PROMPTS.my_year.tools) assert.ok(text.includes(tool), `${tool} in:\n${text}`);
    assert.match(text, /get_year_in_review with year 2025/);
    assert.match(r.description, /2025/);
    const plain = textOfMessages(await client.getPrompt({ name: 'my_year', arguments: {} }));
    assert.match(plain, /this year/);
    assert.match(plain, /get_year_in_review:/);
    assert.doesNotMatch(plain, /with year/);
  });

  test('every tool a prompt names is a tool the server lists', async () => {
    for (const [name, { tools }] of Object.entries(PROMPTS)) {
      const args = name === 'catch_me_up' ? { show: 'Severance' } : {};
      const text = textOfMessages(await client.getPrompt({ name, arguments: args }));
      const named = [...text.matchAll(/\b(get_[a-z_]+|search)\b/g)].map((m) => m[1]);
      assert.deepEqual([...new Set(named)].sort(), [...tools].sort(), `${name}:\n${text}`);
      for (const tool of named) assert.ok(toolNames.includes(tool), `${name} names ${tool}, which tools/list lacks`);
    }
  });

  test('errors are -32602 naming the prompt or the argument', async () => {
    let e = await rpcError(() => client.getPrompt({ name: 'what_to_eat' }));
    assert.equal(e.code, -32602);
    assert.match(e.message, /what_to_eat/);

    e = await rpcError(() => client.getPrompt({ name: 'catch_me_up', arguments: {} }));
    assert.equal(e.code, -32602);
    assert.match(e.message, /"show"/);

    e = await rpcError(() => client.getPrompt({ name: 'catch_me_up', arguments: { show: '' } }));
    assert.equal(e.code, -32602);
    assert.match(e.message, /"show"/);

    e = await rpcError(() => client.getPrompt({ name: 'what_to_watch', arguments: { minutes: 'a while' } }));
    assert.equal(e.code, -32602);
    assert.match(e.message, /"minutes"/);
    assert.match(e.message, /a while/);

    e = await rpcError(() => client.getPrompt({ name: 'week_ahead', arguments: { days: '3' } }));
    assert.equal(e.code, -32602);
    assert.match(e.message, /"days"/);

    e = await rpcError(() => client.getPrompt({ name: 'my_year', arguments: { year: 'last year' } }));
    assert.equal(e.code, -32602);
    assert.match(e.message, /"year"/);
    assert.match(e.message, /last year/);
  });
});

test('stateless 2026-07-28: prompts in server/discover, prompts/list cacheable, prompts/get answered', async (t) => {
  const w = await world(t, { login: false });
  const p = await w.spawn({ init: false });
  const meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  const discover = await p.request('server/discover', {}, { meta });
  assert.deepEqual(discover.result.capabilities.prompts, { listChanged: false });
  const list = await p.request('prompts/list', {}, { meta });
  assert.deepEqual(list.result.prompts.map((x) => x.name), Object.keys(PROMPTS));
  assert.equal(list.result.ttlMs, 3_600_000);
  assert.equal(list.result.cacheScope, 'public');
  const got = await p.request('prompts/get', { name: 'catch_me_up', arguments: { show: 'Breaking Bad' } }, { meta });
  assert.equal(got.result.resultType, 'complete');
  assert.match(got.result.messages[0].content.text, /"Breaking Bad"/);
  const missing = await p.request('prompts/get', { name: 'nope' }, { meta });
  assert.equal(missing.error.code, -32602);
  assert.match(missing.error.message, /nope/);
});
