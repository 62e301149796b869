// The npm packages, installed the way a user gets them and driven the way a client drives them:
// scripts/npm-pack packs the launcher `trakt-mcp` and the platform package `@trakt-mcp/linux-x64`
// from the binary under test (TRAKT_MCP_BIN), npm installs both tarballs into an empty prefix,
// and `npx --no-install trakt-mcp` (what `npx -y trakt-mcp` in a client config runs once the
// package is there) is an MCP server over stdio for the official SDK client against the Trakt
// stand-in. Also: arguments, exit codes and signals pass through the launcher; stdout carries
// nothing but the server's messages; the message when no binary exists for the platform; and
// `npx -y trakt-mcp` itself, verbatim, from a local registry serving the two tarballs.
//
//   TRAKT_MCP_BIN=build/release/bin/trakt-mcp node --test --test-force-exit tests/packaging/npm.test.mjs
//
// Needs node, npm and npx on PATH and the test dependencies (npm ci --prefix tests). Nothing
// leaves the machine: see npmEnv below.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';

import {
  BIN, REPO_ROOT, T_CALL, T_START, declaredToolNames, makeTempDir, removeTempDir,
  requireBinary, requireNodeModules, watchlistLine, withTimeout, world,
} from '../integration/harness.mjs';
import { watchlistView } from '../standin/fixtures.mjs';

requireNodeModules();
requireBinary();

const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');

const PLATFORM = `${process.platform}-${process.arch}`;
const SUPPORTED = ['linux-x64', 'linux-arm64', 'darwin-arm64', 'darwin-x64'];
const NPM_PACK = path.join(REPO_ROOT, 'scripts', 'npm-pack');
const SOURCE = path.join(REPO_ROOT, 'packaging', 'npm');
// npm, npx and the binary under ASan: minutes, not seconds, on 2 busy cores.
const T_NPM = 300_000;
// Finding the launcher's child reads /proc (Linux); elsewhere those tests are skipped.
const NEEDS_PROC = { skip: !fs.existsSync('/proc/self/stat') && 'needs /proc' };

const VERSION = /^trakt-mcp (\S+)\n$/.exec(execFileSync(BIN, ['--version'], { encoding: 'utf8' }))?.[1];
assert.ok(VERSION, `${BIN} --version did not say "trakt-mcp X.Y.Z"`);

// Every process this file starts, killed if the run ends early.
const procs = new Set();
process.on('exit', () => { for (const p of procs) try { p.kill('SIGKILL'); } catch { /* gone */ } });

/** Runs a command to its end: {code, signal, stdout, stderr}. */
function run(cmd, args, { cwd, env, timeout = T_NPM, input } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    procs.add(p);
    const out = [];
    const err = [];
    p.stdout.on('data', (d) => out.push(d));
    p.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} did not end within ${timeout} ms; stderr:\n${Buffer.concat(err)}`));
    }, timeout);
    p.on('error', (e) => { clearTimeout(timer); procs.delete(p); reject(e); });
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      procs.delete(p);
      resolve({ code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
    p.stdin.on('error', () => { /* EPIPE: the exit says what happened */ });
    p.stdin.end(input ?? '');
  });
}

const show = (r) => `exit ${r.code} signal ${r.signal}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

// --- an npm that stays on this machine ---------------------------------------------------------
//
// The launcher's other optional dependencies (@trakt-mcp/linux-arm64, -darwin-arm64, -darwin-x64)
// are in no registry, and npm still asks for their manifests (to read their os and cpu). With
// --offline npm looks only in its cache (a fresh, empty one here), gets ENOTCACHED, and skips
// them as the optional dependencies they are: the install takes a second. Without --offline, a
// registry that cannot be reached costs npm's retries with backoff: 7 minutes measured with
// --registry at a closed port. So: --offline, and as a second guard the registry is a local
// server that counts what reaches it (the test asserts nothing did). No user or global
// .npmrc setting of the machine running the tests (a mirror, omit=optional) applies.
const registryHits = [];
let registryServer;
let scratch;

function npmEnv(base = process.env) {
  const env = {};
  for (const [k, v] of Object.entries(base)) if (!/^npm_/i.test(k)) env[k] = v;
  return {
    ...env,
    npm_config_userconfig: path.join(scratch, 'user-npmrc'),
    npm_config_globalconfig: path.join(scratch, 'global-npmrc'),
    npm_config_cache: path.join(scratch, 'npm-cache'),
    npm_config_registry: `http://127.0.0.1:${registryServer.address().port}/`,
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

async function npmInstall(prefix, tarballs, extra = []) {
  fs.mkdirSync(prefix, { recursive: true });
  const r = await run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--offline', ...extra, ...tarballs],
    { env: npmEnv() });
  assert.equal(r.code, 0, `npm install failed:\n${show(r)}`);
  return r;
}

// --- the launcher's child ----------------------------------------------------------------------

/** /proc/PID/stat: {line, ppid, starttime}, or null when there is no such process. */
function procStat(pid) {
  let line;
  try { line = fs.readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { return null; }
  const fields = line.slice(line.lastIndexOf(')') + 2).split(' '); // from field 3, state
  return { line, ppid: Number(fields[1]), starttime: fields[19] };
}

/** The pids whose parent is `pid` (from /proc: no ps needed). */
function childrenOf(pid) {
  return fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e) && procStat(e)?.ppid === pid).map(Number);
}

/**
 * A stdio MCP session with raw lines, so that every byte on stdout is seen: {proc, request(msg),
 * lines (every stdout line), ended (stdout closed), exited ({code, signal})}.
 */
function rawSession(cmd, args, { cwd, env }) {
  const proc = spawn(cmd, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  procs.add(proc);
  const s = { proc, lines: [], stderr: '', pending: new Map() };
  proc.stderr.on('data', (d) => { s.stderr += d; });
  proc.stdin.on('error', () => {});
  s.ended = once(proc.stdout, 'end');
  s.exited = new Promise((resolve) => proc.on('close', (code, signal) => { procs.delete(proc); resolve({ code, signal }); }));
  const rl = readline.createInterface({ input: proc.stdout, crlfDelay: Infinity });
  s.firstLine = once(rl, 'line').then(([line]) => line);
  rl.on('line', (line) => {
    s.lines.push(line);
    try {
      const m = JSON.parse(line);
      s.pending.get(m.id)?.(m);
    } catch { /* asserted by the tests: every line must parse */ }
  });
  s.request = (msg) => {
    const answer = new Promise((resolve) => s.pending.set(msg.id, resolve));
    proc.stdin.write(JSON.stringify(msg) + '\n');
    return withTimeout(answer, T_CALL, `answer to ${msg.method} (stderr: ${s.stderr})`);
  };
  s.notify = (msg) => proc.stdin.write(JSON.stringify(msg) + '\n');
  s.initialize = async () => {
    const r = await s.request({ jsonrpc: '2.0', id: 1, method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'npm-test', version: '1' } } });
    s.notify({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return r;
  };
  return s;
}

// -----------------------------------------------------------------------------------------------

describe('npm: npx trakt-mcp from the packed tarballs', () => {
  let w;
  let launcherTgz;
  let platformTgz;
  let prefix; // both packages installed
  let bare; // the launcher alone (--omit=optional)
  let launcherBin; // prefix/node_modules/.bin/trakt-mcp

  const npxEnv = (extra = {}) => npmEnv(w.env(extra));

  before(async () => {
    assert.ok(SUPPORTED.includes(PLATFORM), `these tests pack the binary for this machine, ${PLATFORM}`);
    scratch = await makeTempDir('trakt-mcp-npm-');
    fs.writeFileSync(path.join(scratch, 'user-npmrc'), '');
    fs.writeFileSync(path.join(scratch, 'global-npmrc'), '');
    registryServer = http.createServer((req, res) => {
      registryHits.push(`${req.method} ${req.url}`);
      res.writeHead(404).end();
    });
    registryServer.listen(0, '127.0.0.1');
    await once(registryServer, 'listening');

    const packed = await run(NPM_PACK, ['--out', path.join(scratch, 'pack'), BIN], { env: npmEnv() });
    assert.equal(packed.code, 0, `scripts/npm-pack failed:\n${show(packed)}`);
    const tarballs = packed.stdout.trim().split('\n');
    assert.equal(tarballs.length, 2, `npm-pack printed ${JSON.stringify(packed.stdout)}`);
    [launcherTgz, platformTgz] = tarballs;
    assert.equal(path.basename(launcherTgz), `trakt-mcp-${VERSION}.tgz`);
    assert.equal(path.basename(platformTgz), `trakt-mcp-${PLATFORM}-${VERSION}.tgz`);

    prefix = path.join(scratch, 'prefix');
    await npmInstall(prefix, [platformTgz, launcherTgz]);
    bare = path.join(scratch, 'bare');
    await npmInstall(bare, [launcherTgz], ['--omit=optional']);
    launcherBin = path.join(prefix, 'node_modules', '.bin', 'trakt-mcp');

    w = await world(null, { tz: 'UTC' });
  });

  after(async () => {
    await w?.close();
    registryServer?.close();
    if (scratch) await removeTempDir(scratch);
  });

  test('the packages: versions from the binary, no install scripts, the binary itself, executable', () => {
    const read = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
    const launcher = read(path.join(prefix, 'node_modules', 'trakt-mcp', 'package.json'));
    assert.equal(launcher.version, VERSION);
    assert.deepEqual(launcher.bin, { 'trakt-mcp': 'bin/trakt-mcp.js' });
    assert.deepEqual(launcher.optionalDependencies,
      Object.fromEntries(SUPPORTED.map((p) => [`@trakt-mcp/${p}`, VERSION])));
    assert.equal(launcher.dependencies, undefined, 'the launcher depends on nothing');
    assert.equal(launcher.scripts, undefined, 'no install scripts');
    assert.equal(launcher.engines.node, '>=18');

    const [os, cpu] = PLATFORM.split('-');
    const platformDir = path.join(prefix, 'node_modules', '@trakt-mcp', PLATFORM);
    const platform = read(path.join(platformDir, 'package.json'));
    assert.equal(platform.name, `@trakt-mcp/${PLATFORM}`);
    assert.equal(platform.version, VERSION);
    assert.deepEqual([platform.os, platform.cpu], [[os], [cpu]]);
    assert.equal(platform.scripts, undefined, 'no install scripts');
    assert.equal(platform.preferUnplugged, true);
    const installed = path.join(platformDir, 'bin', 'trakt-mcp');
    assert.equal(fs.statSync(installed).mode & 0o777, 0o755);
    const sha = (p) => createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    assert.equal(sha(installed), sha(BIN), 'the installed binary is the one packed');

    // Only this platform's package got installed; the other three were skipped.
    assert.deepEqual(fs.readdirSync(path.join(prefix, 'node_modules', '@trakt-mcp')), [PLATFORM]);

    // The version is written by npm-pack, never kept in the committed files.
    for (const f of ['trakt-mcp/package.json', 'platform/package.json']) {
      const committed = read(path.join(SOURCE, f));
      assert.equal(committed.version, '0.0.0-source', `packaging/npm/${f}`);
      for (const v of Object.values(committed.optionalDependencies ?? {})) assert.equal(v, '0.0.0-source');
    }
  });

  test('npx trakt-mcp --version: the binary\'s answer on stdout, exit 0', async () => {
    const r = await run('npx', ['--no-install', 'trakt-mcp', '--version'], { cwd: prefix, env: npxEnv() });
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stdout, `trakt-mcp ${VERSION}\n`);
  });

  test('exit codes and arguments pass through: call nosuchtool exits 2, a bad value is quoted back intact', async () => {
    const unknown = await run('npx', ['--no-install', 'trakt-mcp', 'call', 'nosuchtool'], { cwd: prefix, env: npxEnv() });
    assert.equal(unknown.code, 2, show(unknown));
    assert.equal(unknown.stdout, '');
    assert.match(unknown.stderr, /unknown tool `nosuchtool`/);

    // One argument with a space and quotes: a launcher that splits or drops it changes the message.
    const bad = await run('npx', ['--no-install', 'trakt-mcp', 'call', 'get_watchlist', '--arg', 'type=tv "shows" $HOME'],
      { cwd: prefix, env: npxEnv() });
    assert.equal(bad.code, 1, show(bad));
    assert.match(bad.stdout + bad.stderr, /Invalid argument "type".*\(got "tv \\"shows\\" \$HOME"\)/, show(bad));

    const movies = await run('npx', ['--no-install', 'trakt-mcp', 'call', 'get_watchlist', '--arg', 'type=movies'],
      { cwd: prefix, env: npxEnv() });
    assert.equal(movies.code, 0, show(movies));
    assert.deepEqual(movies.stdout.trimEnd().split('\n'), watchlistView('movies', 'rank', 'asc').map(watchlistLine));
  });

  test('the official SDK client over stdio through npx: initialize, tools/list, get_watchlist', async () => {
    const transport = new StdioClientTransport({
      command: 'npx', args: ['--no-install', 'trakt-mcp'], cwd: prefix, env: npxEnv(), stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (d) => { stderr += d; });
    const client = new Client({ name: 'trakt-mcp-npm-test', version: '1.0.0' }, { capabilities: {} });
    const errors = [];
    client.onerror = (e) => errors.push(e);
    try {
      await client.connect(transport, { timeout: T_CALL });
      const info = client.getServerVersion();
      assert.deepEqual([info?.name, info?.version], ['trakt-mcp', VERSION]);
      assert.ok(client.getServerCapabilities()?.tools);

      const { tools } = await client.listTools(undefined, { timeout: T_CALL });
      assert.deepEqual(tools.map((t) => t.name), declaredToolNames());

      const result = await client.callTool({ name: 'get_watchlist', arguments: {} }, undefined, { timeout: T_CALL });
      assert.notEqual(result.isError, true, JSON.stringify(result));
      const text = result.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');
      assert.deepEqual(text.split('\n'), watchlistView('all', 'rank', 'asc').map(watchlistLine));
    } catch (e) {
      e.message += `\nserver stderr:\n${stderr}`;
      throw e;
    } finally {
      await client.close().catch(() => {});
    }
    assert.deepEqual(errors.map(String), [], `the SDK client saw errors (a stdout line that is not a message?)\n${stderr}`);
  });

  test('stdout is the server\'s messages only, arguments reach the server, exit 0 when stdin closes', async () => {
    const s = rawSession('npx', ['--no-install', 'trakt-mcp', 'serve', '--read-only'], { cwd: prefix, env: npxEnv() });
    const init = await s.initialize();
    assert.equal(init.result?.serverInfo?.version, VERSION, JSON.stringify(init));
    const list = await s.request({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    const names = list.result.tools.map((t) => t.name);
    // --read-only reached the binary: only the reading tools, in the declared order.
    assert.ok(list.result.tools.every((t) => t.annotations?.readOnlyHint === true), names.join(' '));
    assert.ok(names.length > 0 && names.length < declaredToolNames().length, names.join(' '));
    assert.deepEqual(names, declaredToolNames().filter((n) => names.includes(n)));
    const call = await s.request({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'get_watchlist', arguments: { type: 'shows' } } });
    assert.deepEqual(call.result.content[0].text.split('\n'), watchlistView('shows', 'rank', 'asc').map(watchlistLine));

    s.proc.stdin.end();
    const exit = await withTimeout(s.exited, T_START, `npx to exit after stdin closed (stderr: ${s.stderr})`);
    assert.deepEqual(exit, { code: 0, signal: null }, s.stderr);
    for (const line of s.lines) {
      let m;
      assert.doesNotThrow(() => { m = JSON.parse(line); }, `not a JSON-RPC message on stdout: ${JSON.stringify(line)}`);
      assert.equal(m.jsonrpc, '2.0', `not a JSON-RPC message on stdout: ${line}`);
    }
    assert.deepEqual(s.lines.map((l) => JSON.parse(l).id).filter((id) => id !== undefined), [1, 2, 3]);
  });

  // The launcher as a client starts it (npx runs node_modules/.bin/trakt-mcp): a signal to it
  // reaches the binary, and the launcher ends only once the binary has, the same way.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
    test(`${signal} to the launcher reaches the binary; the launcher ends as the binary does`, NEEDS_PROC, async () => {
      const direct = rawSession(BIN, [], { env: w.env() });
      await direct.initialize();
      direct.proc.kill(signal);
      const expected = await withTimeout(direct.exited, T_START, `trakt-mcp to end on ${signal}`);

      const s = rawSession(launcherBin, [], { env: w.env() });
      await s.initialize();
      const [child] = childrenOf(s.proc.pid);
      assert.ok(child, 'the launcher has a child process');
      assert.equal(fs.realpathSync(`/proc/${child}/exe`),
        fs.realpathSync(path.join(prefix, 'node_modules', '@trakt-mcp', PLATFORM, 'bin', 'trakt-mcp')));
      // When the launcher's exit is reported, the binary has ended and been reaped by it.
      // (The same process: pids are reused, so compare its start time too.)
      const started = procStat(child).starttime;
      let childLeft;
      s.proc.once('exit', () => { childLeft = procStat(child); });
      s.proc.kill(signal);
      const exit = await withTimeout(s.exited, T_START, `the launcher to end on ${signal}`);
      await withTimeout(s.ended, T_START, 'the binary to close stdout');
      assert.ok(childLeft?.starttime !== started, `the launcher ended before the binary: ${childLeft?.line}`);
      assert.deepEqual(exit, expected, `launcher ${JSON.stringify(exit)}, binary alone ${JSON.stringify(expected)}\n${s.stderr}`);
    });
  }

  // trakt-mcp dies of these signals, so the test above would also pass with a launcher that let
  // them kill it and left the binary behind (on machines whose init ends orphans). A stand-in
  // binary that exits with its own code per signal tells forwarding apart: the launcher, found
  // without its platform package (the --omit=optional prefix), resolves this one through
  // NODE_PATH, as it would resolve the real one.
  test('signals are forwarded: a binary that handles them decides how the launcher ends', async () => {
    const fakeRoot = path.join(scratch, 'fake-modules');
    const fake = path.join(fakeRoot, '@trakt-mcp', PLATFORM, 'bin', 'trakt-mcp');
    fs.mkdirSync(path.dirname(fake), { recursive: true });
    fs.writeFileSync(fake, [
      `#!${process.execPath}`,
      "const codes = { SIGTERM: 71, SIGINT: 72, SIGHUP: 73 };",
      "for (const [s, c] of Object.entries(codes)) process.on(s, () => process.exit(c));",
      "process.stdout.write(JSON.stringify(process.argv.slice(2)) + '\\n');",
      '// Runs until its stdin closes, so it cannot outlive the test whatever the launcher does.',
      "process.stdin.on('end', () => process.exit(0)).resume();",
      '',
    ].join('\n'), { mode: 0o755 });
    const bareBin = path.join(bare, 'node_modules', '.bin', 'trakt-mcp');
    const args = ['serve', 'two words', '--arg', 'q="x" $HOME'];
    for (const [signal, code] of [['SIGTERM', 71], ['SIGINT', 72], ['SIGHUP', 73]]) {
      const s = rawSession(bareBin, args, { env: { ...npxEnv(), NODE_PATH: fakeRoot } });
      const line = await withTimeout(s.firstLine, T_START, `the stand-in binary to start (stderr: ${s.stderr})`);
      assert.deepEqual(JSON.parse(line), args, 'the arguments, each intact');
      s.proc.kill(signal);
      const exit = await withTimeout(s.exited, T_START, `the launcher to end on ${signal}`);
      assert.deepEqual(exit, { code, signal: null }, `${signal}: ${s.stderr}`);
    }
  });

  test('a binary killed by a signal: the launcher ends by the same signal', NEEDS_PROC, async () => {
    const s = rawSession(launcherBin, [], { env: w.env() });
    await s.initialize();
    const [child] = childrenOf(s.proc.pid);
    assert.ok(child, 'the launcher has a child process');
    process.kill(child, 'SIGKILL');
    const exit = await withTimeout(s.exited, T_START, 'the launcher to end');
    assert.deepEqual(exit, { code: null, signal: 'SIGKILL' }, s.stderr);
  });

  test('no binary installed (--omit=optional): a message on stderr that says what to do, exit 1, stdout empty', async () => {
    assert.ok(!fs.existsSync(path.join(bare, 'node_modules', '@trakt-mcp')), 'the platform package was left out');
    const r = await run('npx', ['--no-install', 'trakt-mcp', '--version'], { cwd: bare, env: npxEnv() });
    assert.equal(r.code, 1, show(r));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`not installed: the package @trakt-mcp/${PLATFORM} is missing`));
    assert.match(r.stderr, /linux-x64, linux-arm64, darwin-arm64, darwin-x64/);
    assert.match(r.stderr, /--omit=optional/);
    assert.match(r.stderr, /npm install trakt-mcp/);
    assert.match(r.stderr, /from source \(see https:\/\/github\.com\/trakt-mcp\/trakt-mcp#readme\)/);
  });

  test('a binary that cannot start (its loader is missing, as a glibc binary on musl): a message, exit 1', async () => {
    const fakeRoot = path.join(scratch, 'loaderless-modules');
    const fake = path.join(fakeRoot, '@trakt-mcp', PLATFORM, 'bin', 'trakt-mcp');
    fs.mkdirSync(path.dirname(fake), { recursive: true });
    fs.writeFileSync(fake, '#!/nonexistent/ld-linux.so\n', { mode: 0o755 });
    const r = await run(path.join(bare, 'node_modules', '.bin', 'trakt-mcp'), ['--version'],
      { env: { ...npxEnv(), NODE_PATH: fakeRoot } });
    assert.equal(r.code, 1, show(r));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`could not run ${fake.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: spawn .*ENOENT`));
    if (process.platform === 'linux') assert.match(r.stderr, /built for glibc; musl systems \(Alpine\) cannot run them/);
  });

  test('a platform without a binary: the message names it and the supported ones, exit 1, stdout empty', async () => {
    // Node as it is on FreeBSD, for the launcher only (npx itself would not run that way).
    const fake = path.join(scratch, 'freebsd.cjs');
    fs.writeFileSync(fake, "Object.defineProperty(process, 'platform', { value: 'freebsd' });\n");
    const launcherJs = path.join(prefix, 'node_modules', 'trakt-mcp', 'bin', 'trakt-mcp.js');
    const r = await run(process.execPath, ['--require', fake, launcherJs, '--version'], { env: npxEnv() });
    assert.equal(r.code, 1, show(r));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`no prebuilt binary for this platform \\(freebsd-${process.arch}\\)`));
    assert.match(r.stderr, /linux-x64, linux-arm64, darwin-arm64, darwin-x64/);
    assert.match(r.stderr, /Build trakt-mcp from source/);
  });

  // What a client config runs, verbatim: `npx -y trakt-mcp`, from a registry. Here a local one
  // that serves the two packed packages as the npm registry would (packument, tarball) and 404
  // for the three platform packages that exist only where the release workflow publishes them.
  test('npx -y trakt-mcp from a registry: installs this platform\'s package only, serves MCP', async () => {
    const served = [];
    const packages = new Map();
    const registry = http.createServer((req, res) => {
      served.push(`${req.method} ${decodeURIComponent(req.url)}`);
      const name = decodeURIComponent(req.url.slice(1));
      const tarball = [...packages.values()].find((p) => req.url === new URL(p.tarballUrl).pathname);
      if (tarball) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarball.bytes);
      } else if (packages.has(name)) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packages.get(name).packument));
      } else {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
      }
    });
    registry.listen(0, '127.0.0.1');
    await once(registry, 'listening');
    try {
      const base = `http://127.0.0.1:${registry.address().port}`;
      for (const [tgz, dir] of [[launcherTgz, 'trakt-mcp'], [platformTgz, PLATFORM]]) {
        const manifest = JSON.parse(fs.readFileSync(path.join(path.dirname(tgz), dir, 'package.json'), 'utf8'));
        const bytes = fs.readFileSync(tgz);
        const tarballUrl = `${base}/${manifest.name}/-/${path.basename(tgz)}`;
        const integrity = `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
        const shasum = createHash('sha1').update(bytes).digest('hex');
        packages.set(manifest.name, {
          bytes, tarballUrl,
          packument: {
            name: manifest.name, 'dist-tags': { latest: manifest.version },
            versions: { [manifest.version]: { ...manifest, dist: { tarball: tarballUrl, integrity, shasum } } },
          },
        });
      }
      const cwd = path.join(scratch, 'elsewhere'); // no node_modules, no package.json
      fs.mkdirSync(cwd, { recursive: true });
      const env = { ...npxEnv(), npm_config_offline: 'false', npm_config_registry: `${base}/`,
                    npm_config_cache: path.join(scratch, 'npx-cache') };

      const version = await run('npx', ['-y', 'trakt-mcp', '--version'], { cwd, env });
      assert.equal(version.code, 0, show(version));
      assert.equal(version.stdout, `trakt-mcp ${VERSION}\n`);
      // (npm may ask for a packument more than once: compare the set of requests.)
      const packuments = ['GET /trakt-mcp', ...SUPPORTED.map((p) => `GET /@trakt-mcp/${p}`)];
      assert.deepEqual([...new Set(served)].filter((r) => !packuments.includes(r)).sort(), [
        `GET /@trakt-mcp/${PLATFORM}/-/${path.basename(platformTgz)}`, `GET /trakt-mcp/-/${path.basename(launcherTgz)}`,
      ].sort(), 'npm downloaded the launcher and this platform\'s package, nothing else');
      assert.ok(served.includes('GET /trakt-mcp') && served.includes(`GET /@trakt-mcp/${PLATFORM}`), served.join('\n'));

      const s = rawSession('npx', ['-y', 'trakt-mcp'], { cwd, env });
      const init = await s.initialize();
      assert.equal(init.result?.serverInfo?.version, VERSION, JSON.stringify(init));
      const call = await s.request({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_watchlist', arguments: {} } });
      assert.deepEqual(call.result.content[0].text.split('\n'), watchlistView('all', 'rank', 'asc').map(watchlistLine));
      s.proc.stdin.end();
      assert.deepEqual(await withTimeout(s.exited, T_START, `npx to exit (stderr: ${s.stderr})`), { code: 0, signal: null }, s.stderr);
      for (const line of s.lines) assert.equal(JSON.parse(line).jsonrpc, '2.0', line);
    } finally {
      registry.close();
    }
  });

  test('nothing reached a registry', () => {
    assert.deepEqual(registryHits, []);
  });
});
