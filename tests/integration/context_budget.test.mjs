// The context budget: all tools' names, descriptions and input schemas, as an agent's host receives
// them from tools/list through the official SDK client, stay within CONTEXT_BUDGET_BYTES. Fails
// above the budget and prints each tool's share, largest first, so the one that grew is named.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, requireBinary, requireNodeModules, declaredToolNames, BIN, T_CALL } from './harness.mjs';
import { CONTEXT_BUDGET_BYTES, contextBytes, toolContextBytes } from './context_budget.mjs';

requireNodeModules();
requireBinary();

const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');

test('tools/list: every tool\'s name, description and input schema within the context budget', async (t) => {
  const w = await world(t, { login: false });
  const transport = new StdioClientTransport({ command: BIN, args: [], env: w.env(), stderr: 'pipe' });
  const client = new Client({ name: 'trakt-mcp-budget-test', version: '1.0.0' }, { capabilities: {} });
  await client.connect(transport, { timeout: T_CALL });
  t.after(() => client.close().catch(() => {}));
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((x) => x.name), declaredToolNames());
  const total = contextBytes(tools);
  const shares = tools.map((x) => [x.name, toolContextBytes(x)]).sort((a, b) => b[1] - a[1]);
  t.diagnostic(`${tools.length} tools: ${total} bytes of ${CONTEXT_BUDGET_BYTES}; ${shares.map(([n, b]) => `${n} ${b}`).join(', ')}`);
  assert.ok(total <= CONTEXT_BUDGET_BYTES,
    `tools/list costs ${total} bytes, over the budget of ${CONTEXT_BUDGET_BYTES}: ${shares.slice(0, 5).map(([n, b]) => `${n} ${b}`).join(', ')}`);
  // The figure is the one the bench prints: compact JSON, UTF-8, nothing else counted.
  assert.equal(toolContextBytes({ name: 'a', description: 'é', inputSchema: { type: 'object' } }),
    '{"name":"a","description":"é","inputSchema":{"type":"object"}}'.length + 1);
});
