// Builds the test host page for chromium: host_entry.mjs with the official AppBridge bundled in
// by rolldown (tests/node_modules), into memory. Nothing is written to the source tree.

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Resolves {html, js}: the host page and its script. */
export async function buildHost() {
  const { build } = await import('rolldown');
  const out = await fs.mkdtemp(path.join(os.tmpdir(), 'trakt-mcp-app-host-'));
  try {
    await build({
      input: path.join(HERE, 'host_entry.mjs'),
      platform: 'browser',
      logLevel: 'warn',
      output: { file: path.join(out, 'host.js'), format: 'iife' },
    });
    return {
      html: await fs.readFile(path.join(HERE, 'host.html'), 'utf8'),
      js: await fs.readFile(path.join(out, 'host.js'), 'utf8'),
    };
  } finally {
    await fs.rm(out, { recursive: true, force: true });
  }
}
