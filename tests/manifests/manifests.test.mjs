// The install manifests in manifests/ agree with each other, with the README's
// "## Add it to your client" section, and with what the real trakt-mcp binary says about itself
// (version, tool names, the environment variables it reads). Also checks the MCP Bundle manifest
// with the pinned mcpb CLI and builds a bundle with manifests/mcpb/pack.sh.
//
//   node --test tests/manifests/
//
// Needs the binary (build/release/bin/trakt-mcp, or TRAKT_MCP_BIN) and the test dependencies
// (npm ci --prefix tests) for the mcpb CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { runtimeNeeds, needsSentence } from '../../scripts/runtime-needs.mjs';

const run = promisify(execFile);

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TESTS_DIR = path.resolve(HERE, '..');
const ROOT = path.resolve(TESTS_DIR, '..');
const MANIFESTS = path.join(ROOT, 'manifests');
const BIN = process.env.TRAKT_MCP_BIN
  ? path.resolve(process.env.TRAKT_MCP_BIN)
  : path.join(ROOT, 'build', 'release', 'bin', 'trakt-mcp');
const MCPB = path.join(TESTS_DIR, 'node_modules', '.bin', 'mcpb');

const COMMAND = '/usr/local/bin/trakt-mcp';
// The same clients through npm: npx installs the package trakt-mcp and runs its binary.
const NPX = { command: 'npx', args: ['-y', 'trakt-mcp'] };
const NPM_PACKAGE = path.join(ROOT, 'packaging', 'npm', 'trakt-mcp', 'package.json');
const ENV_NAMES = ['TRAKT_CLIENT_ID', 'TRAKT_CLIENT_SECRET'];
// The bundle and the registry also offer the read-only switch (an optional setting).
const SWITCH_ENV = 'TRAKT_MCP_READ_ONLY';
const SECRET_ENV = 'TRAKT_CLIENT_SECRET';
const REPO_URL = 'https://github.com/trakt-mcp/trakt-mcp';
const REGISTRY_NAME = 'io.github.trakt-mcp/trakt-mcp';
const SCHEMA_URL = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

const read = (rel) => fs.readFileSync(path.join(MANIFESTS, rel), 'utf8');
const readJson = (rel) => JSON.parse(read(rel));

const JSON_FILES = [
  'claude-desktop.json',
  'cursor-mcp.json',
  'vscode-mcp.json',
  'claude-desktop-npx.json',
  'cursor-mcp-npx.json',
  'vscode-mcp-npx.json',
  'server.json',
  'mcpb/manifest.json',
];

// README subsection heading -> the manifest files whose text its fenced blocks must be, in order
// (the npx form first where there is one).
const README_SNIPPETS = {
  'Claude Desktop': ['claude-desktop-npx.json', 'claude-desktop.json'],
  'Claude Code': ['claude-code-npx.sh', 'claude-code.sh'],
  'VS Code': ['vscode-mcp-npx.json', 'vscode-mcp.json'],
  'Cursor': ['cursor-mcp-npx.json', 'cursor-mcp.json'],
  'MCP Registry': ['server.json'],
  'MCP Bundle': ['mcpb/manifest.json'],
};
// Each npx snippet is its binary snippet with the command (and arguments) of npx.
const NPX_TWINS = {
  'claude-desktop-npx.json': 'claude-desktop.json',
  'cursor-mcp-npx.json': 'cursor-mcp.json',
  'vscode-mcp-npx.json': 'vscode-mcp.json',
};

function requireBinary() {
  if (!fs.existsSync(BIN)) {
    throw new Error(`trakt-mcp binary not found at ${BIN}: build it (cmake --build --preset release) ` +
                    'or set TRAKT_MCP_BIN');
  }
}

function requireMcpb() {
  if (!fs.existsSync(MCPB)) {
    throw new Error(`mcpb CLI not found at ${MCPB}: run \`npm ci --prefix tests\` first`);
  }
}

function tmpHome(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trakt-mcp-manifests-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// An environment for the binary that never touches the user's own files or Trakt.
function isolatedEnv(home, extra = {}) {
  const env = { ...process.env, TRAKT_MCP_HOME: home, TRAKT_API_URL: 'https://127.0.0.1:9' };
  for (const k of ENV_NAMES) delete env[k];
  return { ...env, ...extra };
}

// --- the README section ------------------------------------------------------------------------

function readmeSection() {
  const text = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = text.indexOf('\n## Add it to your client\n');
  assert.notEqual(start, -1, 'README.md has no "## Add it to your client" section');
  const rest = text.slice(start + 1);
  const end = rest.indexOf('\n## ', 3);
  return { text, section: end === -1 ? rest : rest.slice(0, end + 1) };
}

// The fenced blocks under each "### Heading" of the section: {heading: [{lang, body}, ...]}.
function readmeBlocks(section) {
  const blocks = {};
  const parts = section.split(/^### /m).slice(1);
  for (const part of parts) {
    const heading = part.slice(0, part.indexOf('\n')).trim();
    blocks[heading] = [...part.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], body: m[2] }));
  }
  return blocks;
}

// --- the binary over MCP stdio -----------------------------------------------------------------

async function mcpSession(t, messages, wantIds, env = {}) {
  const home = tmpHome(t);
  const proc = spawn(BIN, [], { env: isolatedEnv(home, env), stdio: ['pipe', 'pipe', 'pipe'] });
  const answers = new Map();
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`no answer to ids ${wantIds} within 10 s; got ${[...answers.keys()]}`));
    }, 10000);
    proc.on('error', (e) => { clearTimeout(timer); reject(e); });
    readline.createInterface({ input: proc.stdout }).on('line', (line) => {
      const msg = JSON.parse(line);
      if (msg.id !== undefined) answers.set(msg.id, msg);
      if (wantIds.every((id) => answers.has(id))) {
        clearTimeout(timer);
        resolve(answers);
      }
    });
  });
  proc.stderr.resume();
  for (const m of messages) proc.stdin.write(JSON.stringify(m) + '\n');
  try {
    return await done;
  } finally {
    proc.stdin.end();
    if (proc.exitCode === null) proc.kill();
  }
}

let serverCache;
async function toolsWith(t, env) {
  requireBinary();
  const answers = await mcpSession(t, [
    { jsonrpc: '2.0', id: 1, method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'manifests-test', version: '1' } } },
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { jsonrpc: '2.0', id: 2, method: 'tools/list' },
  ], [1, 2], env);
  return answers.get(2).result.tools;
}

async function serverInfoAndTools(t) {
  if (!serverCache) {
    requireBinary();
    const answers = await mcpSession(t, [
      { jsonrpc: '2.0', id: 1, method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {},
                  clientInfo: { name: 'manifests-test', version: '1' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
    ], [1, 2]);
    assert.ok(answers.get(1).result, `initialize failed: ${JSON.stringify(answers.get(1))}`);
    assert.ok(answers.get(2).result, `tools/list failed: ${JSON.stringify(answers.get(2))}`);
    serverCache = { info: answers.get(1).result.serverInfo, tools: answers.get(2).result.tools };
  }
  return serverCache;
}

async function binaryVersion() {
  requireBinary();
  const { stdout } = await run(BIN, ['--version']);
  const m = /^trakt-mcp (\S+)\s*$/.exec(stdout);
  assert.ok(m, `unexpected --version output: ${JSON.stringify(stdout)}`);
  return m[1];
}

// --- tests -------------------------------------------------------------------------------------

test('every JSON manifest parses', () => {
  for (const f of JSON_FILES) {
    assert.doesNotThrow(() => readJson(f), `${f} is not valid JSON`);
  }
});

test('the client configs launch the same command: the installed binary, or npx -y trakt-mcp', () => {
  const desktop = readJson('claude-desktop.json').mcpServers.trakt;
  const cursor = readJson('cursor-mcp.json').mcpServers.trakt;
  const vscode = readJson('vscode-mcp.json').servers.trakt;
  for (const [name, s] of [['claude-desktop', desktop], ['cursor', cursor], ['vscode', vscode]]) {
    assert.equal(s.command, COMMAND, `${name}: command`);
    assert.deepEqual(s.args ?? [], [], `${name}: args`);
  }
  assert.equal(vscode.type, 'stdio');

  // The npx forms: npx -y trakt-mcp, and otherwise the very same entry.
  for (const [npxFile, file] of Object.entries(NPX_TWINS)) {
    const npx = readJson(npxFile);
    const servers = npx.servers ?? npx.mcpServers;
    assert.deepEqual({ command: servers.trakt.command, args: servers.trakt.args }, NPX, `${npxFile}: command and args`);
    const twin = readJson(file);
    (twin.servers ?? twin.mcpServers).trakt.command = NPX.command;
    (twin.servers ?? twin.mcpServers).trakt.args = NPX.args;
    assert.deepEqual(JSON.parse(JSON.stringify(npx)), twin, `${npxFile} is ${file} with npx as the command`);
  }

  // Claude Code: every `claude mcp add` line (the live one and the commented alternative).
  for (const [file, command] of [['claude-code.sh', COMMAND], ['claude-code-npx.sh', `${NPX.command} ${NPX.args.join(' ')}`]]) {
    const lines = read(file).split('\n').filter((l) => /claude mcp add/.test(l));
    assert.ok(lines.length >= 1, `${file} has no \`claude mcp add\` line`);
    const live = lines.filter((l) => !l.trimStart().startsWith('#'));
    assert.equal(live.length, 1, `${file}: exactly one uncommented \`claude mcp add\``);
    for (const l of lines) {
      assert.match(l, /claude mcp add trakt --scope user /, l);
      assert.ok(l.trimEnd().endsWith(`-- ${command}`), `${file} line does not end with "-- ${command}": ${l}`);
    }
  }
  const addLines = (f) => read(f).split('\n').filter((l) => /claude mcp add/.test(l));
  assert.deepEqual(addLines('claude-code-npx.sh').map((l) => l.replace(`-- ${NPX.command} ${NPX.args.join(' ')}`, `-- ${COMMAND}`)),
                   addLines('claude-code.sh'), 'claude-code-npx.sh adds what claude-code.sh adds, with npx as the command');

  // MCP Bundle: the command is the binary shipped inside the bundle.
  const server = readJson('mcpb/manifest.json').server;
  assert.equal(server.type, 'binary');
  assert.equal(server.entry_point, 'server/trakt-mcp');
  assert.equal(server.mcp_config.command, `\${__dirname}/${server.entry_point}`);
  assert.deepEqual(server.mcp_config.args ?? [], []);

  // MCP Registry: two stdio packages, the bundle and the npm package.
  const pkgs = readJson('server.json').packages;
  assert.deepEqual(pkgs.map((p) => p.registryType), ['mcpb', 'npm']);
  for (const p of pkgs) {
    assert.deepEqual(p.transport, { type: 'stdio' });
    assert.deepEqual(p.packageArguments ?? [], []);
  }
});

test('the README names the same command path as the manifests', () => {
  const { text, section } = readmeSection();
  const paths = new Set(section.match(/\/[\w./-]*\/bin\/trakt-mcp\b/g) ?? []);
  assert.deepEqual([...paths], [COMMAND], 'paths of trakt-mcp in the README section');
  // ...and that is where the README says the install step puts it.
  assert.match(text, /cmake --install build\/release`? copies it\s+to `\/usr\/local\/bin`/);
});

test('the credential variables are exactly TRAKT_CLIENT_ID and TRAKT_CLIENT_SECRET (plus the read-only switch in the bundle and the registry)', () => {
  const sorted = (xs) => [...xs].sort();
  // (The npx snippets are checked equal to these, but for the command.)
  const desktop = readJson('claude-desktop.json').mcpServers.trakt.env;
  const cursor = readJson('cursor-mcp.json').mcpServers.trakt.env;
  const vscodeJson = readJson('vscode-mcp.json');
  const vscode = vscodeJson.servers.trakt.env;
  const bundle = readJson('mcpb/manifest.json');
  const registry = readJson('server.json').packages[0].environmentVariables;
  assert.deepEqual(readJson('server.json').packages[1].environmentVariables, registry,
                   'server.json: the npm package asks for what the bundle asks for');
  const claudeCode = [...read('claude-code.sh').matchAll(/-e ([A-Z_]+)=/g)].map((m) => m[1]);

  assert.deepEqual(sorted(Object.keys(desktop)), ENV_NAMES, 'claude-desktop.json');
  assert.deepEqual(sorted(Object.keys(cursor)), ENV_NAMES, 'cursor-mcp.json');
  assert.deepEqual(sorted(Object.keys(vscode)), ENV_NAMES, 'vscode-mcp.json');
  assert.deepEqual(sorted(Object.keys(bundle.server.mcp_config.env)), sorted([...ENV_NAMES, SWITCH_ENV]), 'mcpb/manifest.json');
  assert.deepEqual(sorted(registry.map((v) => v.name)), sorted([...ENV_NAMES, SWITCH_ENV]), 'server.json');
  assert.deepEqual(sorted(claudeCode), ENV_NAMES, 'claude-code.sh');

  // The snippets hold placeholders, never values.
  for (const env of [desktop, cursor]) {
    for (const v of Object.values(env)) assert.match(v, /^<your Trakt Client (ID|Secret)>$/);
  }
  for (const m of read('claude-code.sh').matchAll(/-e [A-Z_]+=('[^']*'|\S+)/g)) {
    assert.match(m[1], /^'<your Trakt Client (ID|Secret)>'$/);
  }

  // The secret is marked as one wherever the format can say so.
  for (const v of registry) {
    assert.equal(v.isSecret, v.name === SECRET_ENV, `server.json isSecret of ${v.name}`);
    assert.equal(v.isRequired, v.name !== SWITCH_ENV, `server.json isRequired of ${v.name}`);
  }
  const inputs = new Map(vscodeJson.inputs.map((i) => [i.id, i]));
  for (const [name, value] of Object.entries(vscode)) {
    const m = /^\$\{input:([\w-]+)\}$/.exec(value);
    assert.ok(m, `vscode env ${name} is not an \${input:...}`);
    const input = inputs.get(m[1]);
    assert.ok(input, `vscode input ${m[1]} is not declared`);
    assert.equal(input.type, 'promptString');
    assert.equal(input.password === true, name === SECRET_ENV, `vscode input ${m[1]} password`);
  }
  assert.equal(inputs.size, ENV_NAMES.length, 'vscode: one input per variable');
  for (const [name, value] of Object.entries(bundle.server.mcp_config.env)) {
    const m = /^\$\{user_config\.(\w+)\}$/.exec(value);
    assert.ok(m, `mcpb env ${name} is not a \${user_config...}`);
    const field = bundle.user_config[m[1]];
    assert.ok(field, `mcpb user_config.${m[1]} is not declared`);
    if (name === SWITCH_ENV) {
      // A checkbox, off unless the user ticks it.
      assert.deepEqual([field.type, field.required, field.default], ['boolean', false, false], `mcpb user_config.${m[1]}`);
      continue;
    }
    assert.equal(field.type, 'string');
    assert.equal(field.required, true);
    assert.equal(field.sensitive === true, name === SECRET_ENV, `mcpb user_config.${m[1]} sensitive`);
  }
  assert.deepEqual(Object.keys(bundle.user_config).sort(), ['client_id', 'client_secret', 'read_only']);
});

test('the binary reads the credentials from those variables, or from config.json', async (t) => {
  requireBinary();
  const home = tmpHome(t);
  const status = async (env) => {
    // `status` exits 1 when not logged in; its report is what we look at.
    const r = await run(BIN, ['status'], { env }).catch((e) => e);
    return r.stdout;
  };
  const fromEnv = await status(isolatedEnv(home, { TRAKT_CLIENT_ID: 'id', TRAKT_CLIENT_SECRET: 'secret' }));
  assert.match(fromEnv, /Client ID:\s+set \(environment\)/);
  assert.match(fromEnv, /Client secret:\s+set \(environment\)/);

  fs.writeFileSync(path.join(home, 'config.json'),
                   JSON.stringify({ client_id: 'id', client_secret: 'secret' }), { mode: 0o600 });
  const fromFile = await status(isolatedEnv(home));
  assert.match(fromFile, /Client ID:\s+set \(.*config\.json\)/);
  assert.match(fromFile, /Client secret:\s+set \(.*config\.json\)/);

  const { stdout: help } = await run(BIN, ['--help']);
  for (const name of ENV_NAMES) assert.match(help, new RegExp(`\\b${name}\\b`));
});

test('the bundle lists the tools trakt-mcp reports in tools/list', async (t) => {
  const { tools } = await serverInfoAndTools(t);
  const served = tools.map((x) => x.name).sort();
  const listed = readJson('mcpb/manifest.json').tools.map((x) => x.name).sort();
  assert.deepEqual(listed, served, 'the bundle\'s tool list is written by scripts/sync-manifests: run it after adding a tool');
  for (const v1 of ['get_history', 'get_upcoming', 'get_watchlist']) assert.ok(served.includes(v1), v1);
  for (const tool of readJson('mcpb/manifest.json').tools) {
    assert.ok(tool.description && tool.description.length > 0, `${tool.name} has no description`);
  }
});

test('what the bundle says the host needs is what the binary loads (readelf, dpkg -S, objdump)', (t) => {
  if (!fs.existsSync(BIN)) return t.skip(`no binary at ${BIN}`);
  const needs = runtimeNeeds(BIN);
  // The bundle ships the Release binary; a sanitizer build loads its runtimes besides.
  if (needs.packages.some((p) => /^lib(asan|tsan|ubsan|lsan)\d/.test(p)))
    return t.skip(`${BIN} is a sanitizer build (${needs.packages.join(', ')})`);
  assert.ok(needs.packages.includes('libssl3'), `OpenSSL is loaded, not linked in: ${JSON.stringify(needs)}`);
  assert.ok(!needs.packages.some((p) => /boost|libstdc\+\+/.test(p)), `Boost and libstdc++ are linked in: ${JSON.stringify(needs)}`);
  const said = readJson('mcpb/manifest.json').long_description;
  assert.ok(said.endsWith(` ${needsSentence(needs)}`),
    `long_description should end with "${needsSentence(needs)}" (scripts/sync-manifests writes it):\n${said}`);
  assert.doesNotMatch(read('../README.md'), /Boost 1\.81 JSON and URL libraries/, 'README repeats an old claim');
});

test('the bundle\'s read-only setting, as Claude Desktop passes it, hides every tool that changes the account', async (t) => {
  const { tools } = await serverInfoAndTools(t);
  const writes = tools.filter((x) => x.annotations?.readOnlyHint !== true).map((x) => x.name);
  assert.ok(writes.includes('add_to_watchlist') && writes.includes('remove_from_history'), `writes: ${writes}`);
  // MCPB substitutes a boolean user_config as "true" / "false".
  const readOnly = (await toolsWith(t, { [SWITCH_ENV]: 'true' })).map((x) => x.name);
  assert.deepEqual(readOnly, tools.map((x) => x.name).filter((n) => !writes.includes(n)));
  assert.deepEqual((await toolsWith(t, { [SWITCH_ENV]: 'false' })).map((x) => x.name), tools.map((x) => x.name));
});

test('manifest.json and server.json carry the version of trakt-mcp --version', async (t) => {
  const version = await binaryVersion();
  const { info } = await serverInfoAndTools(t);
  assert.equal(info.version, version, 'serverInfo.version');
  const bundle = readJson('mcpb/manifest.json');
  const registry = readJson('server.json');
  assert.equal(bundle.version, version, 'mcpb/manifest.json version');
  assert.equal(registry.version, version, 'server.json version');
  assert.equal(registry.packages[0].version, version, 'server.json package version');
  assert.equal(registry.packages[1].version, version, 'server.json npm package version');
  assert.ok(registry.packages[0].identifier.includes(`/v${version}/trakt-mcp-${version}-`),
            `server.json package identifier is not the v${version} release asset`);
});

test('server.json has the shape the 2025-12-11 registry schema asks for', () => {
  const s = readJson('server.json');
  assert.equal(s.$schema, SCHEMA_URL);
  assert.equal(s.name, REGISTRY_NAME);
  assert.match(s.name, /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/);
  assert.ok(s.description.length >= 1 && s.description.length <= 100, 'description: 1..100 characters');
  assert.ok(s.title.length >= 1 && s.title.length <= 100, 'title: 1..100 characters');
  assert.deepEqual(s.repository, { url: REPO_URL, source: 'github' });
  const allowed = new Set(['$schema', '_meta', 'description', 'icons', 'name', 'packages', 'remotes',
                           'repository', 'title', 'version', 'websiteUrl']);
  for (const k of Object.keys(s)) assert.ok(allowed.has(k), `server.json: unknown field ${k}`);
  assert.equal(s.remotes, undefined, 'stdio only: no remotes');

  const [pkg, npm] = s.packages;
  // The npm package: the launcher of packaging/npm, which names this server (the registry checks
  // package.json's mcpName), from the public npm registry, run with npx.
  const launcher = JSON.parse(fs.readFileSync(NPM_PACKAGE, 'utf8'));
  assert.deepEqual(npm, {
    registryType: 'npm', registryBaseUrl: 'https://registry.npmjs.org', identifier: launcher.name,
    version: npm.version, runtimeHint: 'npx', transport: { type: 'stdio' },
    environmentVariables: pkg.environmentVariables,
  });
  assert.equal(launcher.mcpName, s.name, 'packaging/npm/trakt-mcp/package.json mcpName');
  assert.equal(launcher.name, NPX.args.at(-1), 'the package npx runs');

  // pack.sh fills in packages[0].fileSha256: the bundle comes first.
  assert.equal(pkg.registryType, 'mcpb');
  // The official registry takes MCPB files from GitHub or GitLab releases, with "mcp" in the URL.
  assert.ok(pkg.identifier.startsWith(`${REPO_URL}/releases/download/`), pkg.identifier);
  assert.ok(pkg.identifier.endsWith('.mcpb'), pkg.identifier);
  // The hash of a bundle that does not exist yet cannot be known: pack.sh adds it (see below).
  assert.equal(pkg.fileSha256, undefined, 'server.json must not carry a fileSha256; pack.sh adds the real one');
  for (const v of pkg.environmentVariables) {
    assert.equal(typeof v.description, 'string');
    for (const k of Object.keys(v)) {
      assert.ok(['name', 'description', 'isRequired', 'isSecret', 'format', 'default', 'placeholder',
                 'choices', 'value', 'variables'].includes(k), `environment variable field ${k}`);
    }
  }
});

test('the repository URL is the same everywhere', () => {
  const bundle = readJson('mcpb/manifest.json');
  assert.equal(bundle.repository.url, REPO_URL);
  assert.equal(bundle.homepage, REPO_URL);
  assert.equal(bundle.author.url, REPO_URL);
  assert.equal(readJson('server.json').repository.url, REPO_URL);
  const launcher = JSON.parse(fs.readFileSync(NPM_PACKAGE, 'utf8'));
  assert.equal(launcher.repository.url, `git+${REPO_URL}.git`);
});

test('the README snippets are the manifest files', () => {
  const { section } = readmeSection();
  const blocks = readmeBlocks(section);
  for (const [heading, files] of Object.entries(README_SNIPPETS)) {
    assert.ok(blocks[heading], `README has no "### ${heading}"`);
    assert.equal(blocks[heading].length, files.length, `README "### ${heading}": one fenced block per file (${files})`);
    files.forEach((file, i) => {
      const block = blocks[heading][i];
      if (file.endsWith('.json')) {
        assert.equal(block.lang, 'json', `README "### ${heading}" block language`);
        assert.deepEqual(JSON.parse(block.body), readJson(file), `README "### ${heading}" vs manifests/${file}`);
        assert.equal(block.body, read(file), `README "### ${heading}" is not byte-identical to manifests/${file}`);
      } else {
        assert.equal(block.lang, 'sh', `README "### ${heading}" block language`);
        assert.equal(block.body, read(file), `README "### ${heading}" vs manifests/${file}`);
      }
    });
  }
  // First paragraph: log in once, and where credentials can live instead.
  const intro = section.split(/^### /m)[0];
  assert.match(intro, /`trakt-mcp login`/);
  assert.match(intro, /~\/\.config\/trakt-mcp\/config\.json/);
});

test('mcpb validate accepts manifests/mcpb/manifest.json', async () => {
  requireMcpb();
  const r = await run(MCPB, ['validate', path.join(MANIFESTS, 'mcpb', 'manifest.json')]).catch((e) => e);
  assert.equal(r.code ?? 0, 0, `mcpb validate failed:\n${r.stdout}\n${r.stderr}`);
});

test('pack.sh builds the bundle and the server.json to publish with its real hash', async (t) => {
  requireBinary();
  requireMcpb();
  const out = tmpHome(t);
  const { stdout } = await run(path.join(MANIFESTS, 'mcpb', 'pack.sh'), [BIN, out]);
  const [bundlePath, serverJsonPath] = stdout.trim().split('\n');
  const committed = readJson('server.json');
  assert.equal(path.basename(bundlePath), committed.packages[0].identifier.split('/').pop());

  const published = JSON.parse(fs.readFileSync(serverJsonPath, 'utf8'));
  const sha = createHash('sha256').update(fs.readFileSync(bundlePath)).digest('hex');
  assert.equal(published.packages[0].fileSha256, sha);
  delete published.packages[0].fileSha256;
  assert.deepEqual(published, committed, 'pack.sh changes nothing in server.json but fileSha256');

  // The bundle holds the manifest, narrowed to the one platform it carries (Linux), and the
  // executable where the manifest says.
  const unpacked = path.join(out, 'unpacked');
  await run(MCPB, ['unpack', bundlePath, unpacked]);
  const full = readJson('mcpb/manifest.json');
  assert.deepEqual(full.compatibility.platforms, ['darwin', 'linux']);
  const linuxOnly = structuredClone(full);
  linuxOnly.compatibility.platforms = ['linux'];
  delete linuxOnly.server.mcp_config.platform_overrides;
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(unpacked, 'manifest.json'), 'utf8')), linuxOnly);
  const entry = path.join(unpacked, full.server.entry_point);
  fs.accessSync(entry, fs.constants.X_OK);
  const { stdout: v } = await run(entry, ['--version']);
  assert.equal(v.trim(), `trakt-mcp ${await binaryVersion()}`);
  assert.ok(fs.existsSync(path.join(unpacked, 'server', 'linux-x64', 'trakt-mcp')));

  // Without a binary for this CPU, the entry point says which ones it carries.
  fs.renameSync(path.join(unpacked, 'server', 'linux-x64'), path.join(unpacked, 'server', 'linux-riscv'));
  const refused = await run(entry, ['--version']).then(() => null, (e) => e);
  assert.ok(refused, 'the entry point must fail without a binary');
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /no binary for Linux x64 \(it carries: linux-riscv \)/);
});

test('pack.sh puts each platform\'s binary where the manifest sends that platform', async (t) => {
  requireBinary();
  requireMcpb();
  const out = tmpHome(t);
  // Another CPU's and macOS's binaries stand in as copies: where they go is what is checked.
  const { stdout } = await run(path.join(MANIFESTS, 'mcpb', 'pack.sh'),
    [`linux-x64=${BIN}`, `linux-arm64=${BIN}`, `darwin-arm64=${BIN}`, out]);
  const unpacked = path.join(out, 'unpacked');
  await run(MCPB, ['unpack', stdout.trim().split('\n')[0], unpacked]);
  const m = JSON.parse(fs.readFileSync(path.join(unpacked, 'manifest.json'), 'utf8'));
  assert.deepEqual(m, readJson('mcpb/manifest.json'), 'every platform: the manifest as committed');
  await run(MCPB, ['validate', path.join(unpacked, 'manifest.json')]);
  for (const f of ['server/trakt-mcp', 'server/linux-x64/trakt-mcp', 'server/linux-arm64/trakt-mcp', 'server/darwin/trakt-mcp'])
    fs.accessSync(path.join(unpacked, f), fs.constants.X_OK);
  assert.equal(m.server.mcp_config.platform_overrides.darwin.command, '${__dirname}/server/darwin/trakt-mcp');
});
