// The host's MCP side, in Node: the official SDK Client speaking to the real binary over stdio
// (`trakt-mcp serve`), as a desktop host does. The host page in chromium sends every MCP request
// here (page.exposeFunction); each one is kept in `calls` so tests can see what the view asked.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { BIN, requireBinary } from '../../integration/harness.mjs';

export const UI_EXTENSION = 'io.modelcontextprotocol/ui';

/** Starts the binary with `env`; resolves {client, forward(method, params), calls, stderr(), close()}. */
export async function connectBinary(env) {
  requireBinary();
  const transport = new StdioClientTransport({ command: BIN, args: ['serve'], env, stderr: 'pipe' });
  const err = [];
  transport.stderr?.on('data', (d) => err.push(d));
  // A host that renders MCP Apps says so (SEP-1724 extensions), as Claude and Goose do.
  const client = new Client({ name: 'trakt-mcp-app-host-test', version: '1.0.0' },
    { capabilities: { extensions: { [UI_EXTENSION]: { mimeTypes: ['text/html;profile=mcp-app'] } } } });
  await client.connect(transport);

  const calls = [];
  const handlers = {
    'tools/list': (p) => client.listTools(p),
    'tools/call': (p) => client.callTool(p),
    'resources/read': (p) => client.readResource(p),
    'resources/list': (p) => client.listResources(p),
  };
  async function forward(method, params) {
    const entry = { method, params };
    calls.push(entry);
    const handler = handlers[method];
    if (!handler) throw new Error(`the test host does not forward ${method}`);
    try {
      entry.result = await handler(params);
      return entry.result;
    } catch (e) {
      entry.error = e.message;
      throw e;
    }
  }
  return {
    client, forward, calls,
    stderr: () => Buffer.concat(err).toString('utf8'),
    close: () => client.close(),
  };
}
