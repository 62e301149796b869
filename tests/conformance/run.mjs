// The official MCP checks, run by CTest (tests/conformance/conformance.cmake) under Node 22:
//
//   node run.mjs conformance   @modelcontextprotocol/conformance `server --suite active` against
//                              `trakt-mcp serve --http 127.0.0.1:0`, judged by baseline.yml
//   node run.mjs inspector     the MCP Inspector CLI (v2) on the stdio binary, --protocol-era legacy
//                              and modern: tools/list and one call per tool against the stand-in;
//                              resources/list, resources/templates/list, one resources/read,
//                              prompts/list and one prompts/get
//
// Exits non-zero when anything fails. The binary is TRAKT_MCP_BIN (as for the integration tests).

import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

import { BIN, requireBinary, world, withTimeout, binEnv, makeHome, removeTempDir } from '../integration/harness.mjs';

const execFileP = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const MODULES = path.resolve(HERE, '..', 'node_modules', '@modelcontextprotocol');
const CONFORMANCE = path.join(MODULES, 'conformance', 'dist', 'index.js');
const INSPECTOR = path.join(MODULES, 'inspector', 'clients', 'launcher', 'build', 'index.js');

function requireModule(p) {
  if (!fs.existsSync(p)) throw new Error(`${p} is missing: run \`npm ci --prefix tests\` first`);
}

/** Starts `trakt-mcp serve --http 127.0.0.1:0`; resolves {proc, url, stop()}. */
async function startHttp(env) {
  const proc = spawn(BIN, ['serve', '--http', '127.0.0.1:0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const err = [];
  const rl = readline.createInterface({ input: proc.stderr });
  const url = await withTimeout(new Promise((resolve, reject) => {
    rl.on('line', (line) => {
      err.push(line);
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) resolve(m[1]);
    });
    proc.once('exit', (code) => reject(new Error(`trakt-mcp serve --http exited (${code}): ${err.join('\n')}`)));
  }), 20_000, 'trakt-mcp serve --http to listen');
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    proc, url, stderr: err,
    async stop() {
      proc.kill('SIGTERM');
      const r = await withTimeout(exited, 15_000, 'trakt-mcp serve --http to stop').catch((e) => {
        proc.kill('SIGKILL');
        throw e;
      });
      if (r.code !== 0) throw new Error(`trakt-mcp serve --http exited with ${JSON.stringify(r)}:\n${err.slice(-40).join('\n')}`);
    },
  };
}

async function conformance() {
  requireModule(CONFORMANCE);
  const home = await makeHome(null);
  const server = await startHttp(binEnv({ home, logLevel: 'info' }));
  // The DNS-rebinding scenario needs a localhost URL; ours is 127.0.0.1.
  const args = [CONFORMANCE, 'server', '--url', server.url, '--suite', 'active',
    '--expected-failures', path.join(HERE, 'baseline.yml'), '--timeout', '30000'];
  console.log(`$ node ${args.map((a) => path.relative(process.cwd(), a) || a).join(' ')}`);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = [];
  child.stdout.on('data', (d) => { out.push(d); process.stdout.write(d); });
  child.stderr.on('data', (d) => process.stderr.write(d));
  const code = await withTimeout(new Promise((resolve) => child.once('exit', resolve)), 900_000, 'conformance run');
  await server.stop();
  await removeTempDir(home);
  const text = Buffer.concat(out).toString('utf8');
  const total = text.match(/^Total: .*$/m);
  console.log(`\nconformance summary: ${total ? total[0] : '(none)'}; exit ${code}`);
  if (code !== 0) throw new Error(`conformance suite failed (exit ${code}); see above`);
}

async function inspector() {
  requireModule(INSPECTOR);
  const w = await world(null, {});
  const env = w.env({}, { logLevel: 'warning' });
  const calls = [
    ['tools/list', []],
    ['tools/call', ['--tool-name', 'get_upcoming', '--tool-args-json', '{"days":7}']],
    ['tools/call', ['--tool-name', 'get_watchlist', '--tool-args-json', '{"type":"all"}']],
    ['tools/call', ['--tool-name', 'get_history', '--tool-args-json', '{"limit":5}']],
    ['resources/list', []],
    ['resources/templates/list', []],
    ['resources/read', ['--uri', 'trakt://watchlist']],
    ['prompts/list', []],
    ['prompts/get', ['--prompt-name', 'catch_me_up', '--prompt-args', 'show=Severance']],
  ];
  // What each method's result must hold (the tools/call check is below).
  const expect = {
    'tools/list': (r) => ['get_upcoming', 'get_watchlist', 'get_history'].every((n) => r.tools?.some((t) => t.name === n)),
    'resources/list': (r) => ['trakt://up-next', 'trakt://calendar/week', 'trakt://watchlist', 'trakt://history/recent']
      .every((u) => r.resources?.some((x) => x.uri === u)),
    'resources/templates/list': (r) => ['trakt://movie/{id}', 'trakt://show/{id}']
      .every((u) => r.resourceTemplates?.some((x) => x.uriTemplate === u)),
    'resources/read': (r) => JSON.stringify(r.contents?.map((c) => c.mimeType)) === '["text/plain","application/json"]' &&
      r.contents.every((c) => c.uri === 'trakt://watchlist' && c.text.length > 0),
    'prompts/list': (r) => ['what_to_watch', 'catch_me_up', 'week_ahead'].every((n) => r.prompts?.some((x) => x.name === n)),
    'prompts/get': (r) => /"Severance"/.test(r.messages?.[0]?.content?.text ?? '') &&
      /get_details/.test(r.messages[0].content.text),
  };
  const failures = [];
  try {
    for (const era of ['legacy', 'modern']) {
      for (const [method, extra] of calls) {
        // The Inspector gives the server only the variables named with -e.
        const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
        const args = [INSPECTOR, '--cli', '--protocol-era', era, '--format', 'json', '-q', ...envArgs, BIN, 'serve',
          '--method', method, ...extra];
        const what = `inspector --protocol-era ${era} ${method} ${extra.slice(0, 2).join(' ')}`;
        let stdout = '';
        let stderr = '';
        let code = 0;
        try {
          ({ stdout, stderr } = await execFileP(process.execPath, args, { env: { ...process.env, ...env }, timeout: 120_000 }));
        } catch (e) {
          code = e.code ?? 1;
          stdout = e.stdout ?? '';
          stderr = e.stderr ?? String(e);
        }
        let result;
        try { result = JSON.parse(stdout).result; } catch { result = undefined; }
        const ok = code === 0 && result &&
          (method === 'tools/call'
            ? !result.isError && Array.isArray(result.content) && result.structuredContent !== undefined
            : expect[method](result));
        // The modern era answers with its own result fields.
        const eraOk = era === 'legacy' || method.endsWith('/list') ||
          result?._meta?.['io.modelcontextprotocol/serverInfo']?.name === 'trakt-mcp';
        console.log(`${ok && eraOk ? 'ok  ' : 'FAIL'} ${what}`);
        if (!ok || !eraOk) failures.push(`${what}: exit ${code}\nstdout: ${stdout.slice(0, 2000)}\nstderr: ${stderr.slice(-2000)}`);
      }
    }
  } finally {
    await w.close();
  }
  if (failures.length) throw new Error(failures.join('\n\n'));
}

requireBinary();
const which = process.argv[2];
const run = { conformance, inspector }[which];
if (!run) {
  console.error('usage: node run.mjs conformance|inspector');
  process.exit(2);
}
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`Node ${process.versions.node}: the conformance suite and the Inspector need Node >= 22`);
  process.exit(2);
}
run().then(() => process.exit(0), (e) => {
  console.error(e.stack ?? String(e));
  process.exit(1);
});
