// The Debian package, installed the way a user installs it, in fresh Debian 12
// (bookworm) and Debian 13 (trixie) roots made by mmdebstrap from Debian's
// archive (debian_root.mjs): `apt-get install ./trakt-mcp_*.deb` inside a chroot,
// so the Depends computed at build time must resolve from the archive; then the
// installed binary answers --version, `status` and an MCP session over stdio,
// the man page, unit and examples are where they belong, and `apt-get remove`
// and `purge` leave nothing of ours behind.
//
// Environment (tests/packaging/packaging.cmake sets it):
//   TRAKT_MCP_DEB_DIR        where the .deb is (packaging.deb_build makes it)
//   TRAKT_MCP_VERSION        the project version the package must carry
//   TRAKT_MCP_ROOTS_DIR      the cache of root tarballs (build/debian-roots)
//   TRAKT_MCP_PACKAGING_WORK where roots are unpacked when /dev/shm has no room (emptied afterwards)
// Skips only when Debian's archive cannot be reached (or when not root).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import {
  ARCHIVE, ArchiveUnreachable, checkHost, inRoot, rootTarball, scratchDir, spawnInRoot, tail, unpackRoot, unreachableIn,
} from './debian_root.mjs';

const version = process.env.TRAKT_MCP_VERSION;
const debDir = process.env.TRAKT_MCP_DEB_DIR;
const cacheDir = process.env.TRAKT_MCP_ROOTS_DIR;
const workDir = process.env.TRAKT_MCP_PACKAGING_WORK;
for (const [k, v] of Object.entries({ TRAKT_MCP_VERSION: version, TRAKT_MCP_DEB_DIR: debDir,
  TRAKT_MCP_ROOTS_DIR: cacheDir, TRAKT_MCP_PACKAGING_WORK: workDir }))
  if (!v) throw new Error(`${k} is not set (run through CTest: tests/packaging/packaging.cmake)`);

const SUITES = [
  { suite: 'bookworm', release: 'Debian 12', libssl: 'libssl3' },
  { suite: 'trixie', release: 'Debian 13', libssl: 'libssl3t64' },  // the 64-bit time_t rename
];
const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive', HOME: '/root' };

function findDeb() {
  const debs = fs.readdirSync(debDir).filter((f) => f.startsWith(`trakt-mcp_${version}-`) && f.endsWith('.deb'));
  assert.equal(debs.length, 1, `one trakt-mcp_${version}-*.deb in ${debDir}, found: ${debs.join(' ') || 'none'}`);
  return path.join(debDir, debs[0]);
}

function ok(r, what) {
  assert.equal(r.status, 0, `${what} exited ${r.status}:\n${tail(`${r.stdout}\n${r.stderr}`)}`);
  return r;
}

// Runs apt-get in the root; an archive that stopped answering skips, not fails.
function apt(t, root, args) {
  const r = inRoot(root, ['apt-get', ...args], { env: APT_ENV });
  if (r.status !== 0 && unreachableIn(`${r.stdout}\n${r.stderr}`))
    throw new ArchiveUnreachable(`apt-get ${args.join(' ')}: cannot reach the archive:\n${tail(r.stderr)}`);
  return ok(r, `apt-get ${args.join(' ')}`);
}

// One MCP session over stdio with the chrooted binary: initialize, initialized,
// tools/list, one tool call; stdin closed at the end, and the exit status.
async function stdioSession(root) {
  const child = spawnInRoot(root, ['trakt-mcp'], { env: { HOME: '/root', TRAKT_CLIENT_ID: 'deb-test-client' } });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const answers = new Map();
  const waiting = new Map();
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    const msg = JSON.parse(line);
    answers.set(msg.id, msg);
    waiting.get(msg.id)?.(msg);
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const ask = (id, method, params) => {
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    return new Promise((resolve, reject) => {
      if (answers.has(id)) return resolve(answers.get(id));
      const timer = setTimeout(() => reject(new Error(`no answer to ${method} in 20 s; stderr:\n${stderr}`)), 20_000);
      waiting.set(id, (m) => { clearTimeout(timer); resolve(m); });
    });
  };
  try {
    const init = await ask(1, 'initialize', {
      protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'deb-test', version: '1' },
    });
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    const list = await ask(2, 'tools/list', {});
    const call = await ask(3, 'tools/call', { name: 'get_watchlist', arguments: {} });
    child.stdin.end();
    const exit = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 10_000))]);
    return { init, list, call, exit, stderr };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

// What the package says it needs, as dpkg-shlibdeps found it in the binary:
// the C library, OpenSSL and SQLite; Boost and the C++ runtime are linked in,
// libpq is opened with dlopen only for PostgreSQL stores.
test('the control fields: version from CMake, Depends from the binary', () => {
  const deb = findDeb();
  const field = (name) => {
    const r = spawnSync('dpkg-deb', ['-f', deb, name], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  assert.match(field('Version'), new RegExp(`^${version.replaceAll('.', '\\.')}-\\d+$`));
  const depends = field('Depends').split(/,\s*/).map((d) => d.replace(/\s*\(.*\)$/, ''));
  assert.deepEqual(depends.sort(), ['libc6', 'libsqlite3-0', 'libssl3']);
  assert.equal(field('Recommends'), 'ca-certificates');
  assert.equal(field('Suggests'), 'libpq5');
});

const hostProblem = checkHost();

// CTest marks the test skipped (SKIP_REGULAR_EXPRESSION) on this line, which is
// printed only when something skipped and nothing failed: a skip never hides a
// failure.
let skipped = null;
const skip = (t, why) => { skipped ??= why; t.skip(why); };
process.on('exit', () => {
  if (skipped && !process.exitCode) console.log(`SKIPPED (tests/packaging): ${skipped.split('\n')[0]}`);
});

for (const { suite, release, libssl } of SUITES) {
  test(`the .deb on ${release} (${suite})`, async (t) => {
    if (hostProblem?.startsWith('needs root')) return skip(t, hostProblem);
    assert.equal(hostProblem, null, hostProblem);
    const deb = findDeb();
    const root = path.join(scratchDir(workDir), suite);
    const started = Date.now();
    const lap = (what) => t.diagnostic(`${suite}: ${what} at ${((Date.now() - started) / 1000).toFixed(1)} s`);
    try {
      let made;
      try {
        made = rootTarball(cacheDir, suite);
      } catch (e) {
        if (e instanceof ArchiveUnreachable) return skip(t, `${ARCHIVE} is not reachable: ${e.message}`);
        throw e;
      }
      lap(made.made ? `root made by mmdebstrap (${made.seconds.toFixed(1)} s)` : `root from the cache (${path.basename(made.tarball)})`);
      unpackRoot(made.tarball, root);
      lap('root unpacked');
      fs.copyFileSync(deb, path.join(root, 'tmp', path.basename(deb)));
      const inside = `/tmp/${path.basename(deb)}`;

      // As a user would: the package from a file, its dependencies from the archive.
      try {
        apt(t, root, ['update', '-q']);
        const install = apt(t, root, ['install', '-y', '-q', inside]);
        const added = install.stdout.match(/The following NEW packages will be installed:\n((?:  .*\n)+)/);
        t.diagnostic(`${suite}: apt-get install ./${path.basename(deb)} added: ${added?.[1].trim().split(/\s+/).join(' ')}`);
      } catch (e) {
        if (e instanceof ArchiveUnreachable) return skip(t, e.message);
        throw e;
      }
      lap('installed');

      const status = ok(inRoot(root, ['dpkg-query', '-W', '-f', '${Status} ${Version}', 'trakt-mcp']), 'dpkg-query');
      assert.match(status.stdout, new RegExp(`^install ok installed ${version.replaceAll('.', '\\.')}-\\d+$`));
      // The libssl the Depends resolved to (bookworm: libssl3; trixie: libssl3t64, which Provides libssl3).
      const ssl = inRoot(root, ['dpkg-query', '-W', '-f', '${Status}', libssl]);
      assert.equal(ssl.stdout, 'install ok installed', `${libssl} is what provides libssl.so.3 on ${suite}`);

      await t.test('trakt-mcp --version', () => {
        const r = ok(inRoot(root, ['trakt-mcp', '--version']), 'trakt-mcp --version');
        assert.equal(r.stdout, `trakt-mcp ${version}\n`);
      });

      await t.test('trakt-mcp status: not logged in, exit status 1', () => {
        const r = inRoot(root, ['trakt-mcp', 'status'], { env: { HOME: '/root', TRAKT_CLIENT_ID: 'deb-test-client' } });
        assert.equal(r.status, 1, `status exits 1 when not logged in:\n${r.stdout}${r.stderr}`);
        assert.match(r.stdout, /^Client ID: +set/m);
        assert.match(r.stdout, /^Token store: +file \/root\/\.config\/trakt-mcp\/tokens\.json/m);
        assert.match(r.stdout, /^Login: +not logged in \(run `trakt-mcp login`\)$/m);
      });

      await t.test('an MCP session over stdio', async () => {
        const s = await stdioSession(root);
        assert.equal(s.init.result?.serverInfo?.name, 'trakt-mcp', JSON.stringify(s.init));
        assert.equal(s.init.result.serverInfo.version, version);
        assert.equal(s.init.result.protocolVersion, '2025-11-25');
        const tools = s.list.result?.tools ?? [];
        for (const name of ['get_upcoming', 'get_watchlist', 'get_history'])
          assert.ok(tools.some((tool) => tool.name === name), `tools/list has ${name}`);
        assert.ok(tools.every((tool) => tool.inputSchema?.type === 'object'), 'every tool has an inputSchema');
        assert.equal(s.call.result?.isError, true, JSON.stringify(s.call));
        assert.match(s.call.result.content[0].text, /trakt-mcp login/);
        assert.deepEqual(s.exit, { code: 0, signal: null }, `exits 0 when stdin closes; stderr:\n${s.stderr}`);
      });

      await t.test('man page, systemd unit, examples, copyright', () => {
        const man = zlib.gunzipSync(fs.readFileSync(path.join(root, 'usr/share/man/man1/trakt-mcp.1.gz'))).toString();
        assert.match(man, /^\.TH TRAKT\\-MCP 1 /m);
        assert.match(man, new RegExp(`"trakt\\\\-mcp ${version.replaceAll('.', '\\.')}"`));
        for (const section of ['NAME', 'SYNOPSIS', 'TOOLS', 'ENVIRONMENT', 'FILES', 'EXIT STATUS'])
          assert.match(man, new RegExp(`^\\.SH ${section}$`, 'm'), `the man page has ${section}`);
        assert.match(man, /get_upcoming/);

        const unit = fs.readFileSync(path.join(root, 'lib/systemd/system/trakt-mcp.service'), 'utf8');
        assert.match(unit, /^ExecStart=\/usr\/bin\/trakt-mcp serve --http 127\.0\.0\.1:8080$/m);
        assert.doesNotMatch(unit, /\/usr\/local/);

        const doc = path.join(root, 'usr/share/doc/trakt-mcp');
        for (const f of ['copyright', 'changelog.Debian.gz', 'README.md', 'examples/haproxy.cfg', 'examples/prometheus.yml'])
          assert.ok(fs.existsSync(path.join(doc, f)), `/usr/share/doc/trakt-mcp/${f}`);
        assert.match(fs.readFileSync(path.join(doc, 'examples/haproxy.cfg'), 'utf8'), /backend /);
        assert.match(fs.readFileSync(path.join(doc, 'examples/prometheus.yml'), 'utf8'), /job_name: trakt-mcp/);
        const changelog = zlib.gunzipSync(fs.readFileSync(path.join(doc, 'changelog.Debian.gz'))).toString();
        assert.match(changelog, new RegExp(`^trakt-mcp \\(${version.replaceAll('.', '\\.')}-\\d+\\) `));
      });

      await t.test('apt-get remove and purge leave nothing of ours', () => {
        const files = ok(inRoot(root, ['dpkg', '-L', 'trakt-mcp']), 'dpkg -L').stdout.trim().split('\n');
        assert.ok(files.includes('/usr/bin/trakt-mcp'), files.join('\n'));
        const ours = () => ok(inRoot(root, ['find', '/', '-xdev', '-path', '/proc', '-prune', '-o', '-path', '/tmp', '-prune',
          '-o', '-name', '*trakt-mcp*', '-print']), 'find').stdout.trim();
        assert.match(ours(), /^\/usr\/bin\/trakt-mcp$/m, 'the search for what is ours finds the binary while installed');
        ok(inRoot(root, ['apt-get', 'remove', '-y', '-q', 'trakt-mcp'], { env: APT_ENV }), 'apt-get remove');
        assert.ok(!fs.existsSync(path.join(root, 'usr/bin/trakt-mcp')), 'remove takes the binary');
        ok(inRoot(root, ['apt-get', 'purge', '-y', '-q', 'trakt-mcp'], { env: APT_ENV }), 'apt-get purge');
        const after = inRoot(root, ['dpkg-query', '-W', '-f', '${Status}', 'trakt-mcp']);
        assert.ok(after.status !== 0 || /not-installed/.test(after.stdout), `dpkg still knows trakt-mcp: ${after.stdout}`);
        // Every file the package had is gone; its own folders too.
        const left = files.filter((f) => {
          const p = path.join(root, f);
          if (!fs.existsSync(p)) return false;
          return !fs.statSync(p).isDirectory() || f.includes('trakt-mcp');
        });
        assert.deepEqual(left, [], 'nothing the package installed is left');
        // And nothing named after us anywhere (the .deb we brought in /tmp aside).
        const found = ours();
        assert.equal(found, '', `left behind:\n${found}`);
      });
      lap('done');
    } finally {
      if (!process.env.TRAKT_MCP_KEEP_ROOTS) fs.rmSync(root, { recursive: true, force: true });
    }
  });
}
