// The OCI image (scripts/package-oci), run the way a container engine would run
// it, without one (podman's crun cannot set rlimits on these machines):
// `umoci unpack` makes the runtime bundle, and its config.json (made by umoci
// from the image's config) says the user, the command, the environment and the
// working folder; the command runs chrooted into the bundle's rootfs as that
// user, with a volume folder bind-mounted at /var/lib/trakt-mcp, against the
// Trakt stand-in. Checked: it runs as the image's non-root user, /healthz
// answers 200, the OAuth metadata names the public URL, a person signs in
// through OAuth and calls a tool, the SQLite store is made in the volume, and
// SIGTERM ends it cleanly.
//
// CTest runs this file in a network namespace of its own (tests/packaging/
// packaging.cmake: unshare --net, loopback up), so the image's fixed port 8080
// is free whatever else runs on the machine; the stand-in runs there too.
//
// Environment: TRAKT_MCP_OCI_IMAGE (layout:tag), TRAKT_MCP_PACKAGING_WORK.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

import { Standin, signIn, callText, closeQuietly, waitFor, withTimeout } from '../hosted/hosted_harness.mjs';
import { CLIENT_ID, CLIENT_SECRET } from '../integration/harness.mjs';
import { checkHost, inRoot, spawnInRoot, tail } from './debian_root.mjs';

const image = process.env.TRAKT_MCP_OCI_IMAGE;
const workDir = process.env.TRAKT_MCP_PACKAGING_WORK;
if (!image || !workDir) throw new Error('TRAKT_MCP_OCI_IMAGE and TRAKT_MCP_PACKAGING_WORK must be set (tests/packaging/packaging.cmake)');
const layout = image.slice(0, image.lastIndexOf(':'));

const PUBLIC_URL = 'http://127.0.0.1:8080';
// deploy/compose.yaml's health check (the OCI format has no HEALTHCHECK): run in the image here.
const HEALTHCHECK = "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '^HTTP/1.[01] 200' <&3";
const VOLUME = '/var/lib/trakt-mcp';

let skipped = null;
process.on('exit', () => {
  if (skipped && !process.exitCode) console.log(`SKIPPED (tests/packaging): ${skipped}`);
});

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

test('the OCI image serves hosted mode as its non-root user', async (t) => {
  const problem = checkHost();
  if (problem?.startsWith('needs root')) { skipped = problem; return t.skip(problem); }
  assert.equal(problem, null, problem);
  if (!fs.existsSync(layout)) {
    // packaging.oci_build skips (exit 75) only when Debian's archive is not reachable.
    skipped = `no image at ${layout}: packaging.oci_build could not reach Debian's archive`;
    return t.skip(skipped);
  }

  // The runtime bundle, as a container engine would make it.
  const bundle = path.join(workDir, 'oci-bundle');
  fs.rmSync(bundle, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  const unpack = spawnSync('umoci', ['unpack', '--image', image, bundle], { encoding: 'utf8' });
  assert.equal(unpack.status, 0, `umoci unpack: ${unpack.stderr}`);
  cleanups.push(() => fs.rmSync(bundle, { recursive: true, force: true }));
  const spec = JSON.parse(fs.readFileSync(path.join(bundle, 'config.json'), 'utf8'));
  const { user, args, env, cwd } = spec.process;
  const rootfs = path.join(bundle, spec.root.path);

  await t.test('image config: non-root user, entry point, volume, health check', () => {
    assert.deepEqual(user, { uid: 10001, gid: 10001 });
    assert.deepEqual(args, ['/usr/bin/trakt-mcp', 'serve', '--http', '0.0.0.0:8080']);
    assert.ok(env.includes(`TRAKT_MCP_HOME=${VOLUME}`), env.join(' '));
    assert.equal(cwd, VOLUME);
    assert.ok(spec.mounts.some((m) => m.destination === VOLUME), 'the volume is a mount of the bundle');
    assert.equal(spec.annotations['io.trakt-mcp.healthcheck.http'], 'GET:8080/healthz');
    assert.equal(spec.annotations['org.opencontainers.image.exposedPorts'], '8080/tcp');
    assert.match(fs.readFileSync(path.join(rootfs, 'etc/passwd'), 'utf8'), /^trakt-mcp:x:10001:10001:/m);
    // Nothing of apt's lists or the documentation in the image.
    assert.deepEqual(fs.readdirSync(path.join(rootfs, 'var/lib/apt/lists')).filter((f) => f !== 'partial' && f !== 'lock'), []);
    assert.ok(!fs.existsSync(path.join(rootfs, 'usr/share/man/man1/trakt-mcp.1.gz')));
  });

  // The volume: a host folder owned by the image's user, as `docker run -v` would give it.
  const volume = fs.mkdtempSync(path.join(workDir, 'oci-volume-'));
  fs.chownSync(volume, user.uid, user.gid);
  fs.chmodSync(volume, 0o700);
  cleanups.push(() => fs.rmSync(volume, { recursive: true, force: true }));

  const standin = await Standin.start();
  cleanups.push(() => standin.stop());
  // The stand-in's CA, readable by the image's user (the stand-in's own folder is root's, 0700).
  const caDir = fs.mkdtempSync(path.join(workDir, 'oci-ca-'));
  fs.chmodSync(caDir, 0o755);
  fs.copyFileSync(path.join(standin.certs, 'ca.pem'), path.join(caDir, 'ca.pem'));
  fs.chmodSync(path.join(caDir, 'ca.pem'), 0o644);
  cleanups.push(() => fs.rmSync(caDir, { recursive: true, force: true }));
  const secretKey = crypto.randomBytes(32).toString('hex');
  const runEnv = {
    ...Object.fromEntries(env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])),
    // What a deployment passes (docker run -e ...), pointed at the stand-in.
    TRAKT_CLIENT_ID: CLIENT_ID,
    TRAKT_CLIENT_SECRET: CLIENT_SECRET,
    TRAKT_API_URL: standin.url,
    TRAKT_WEB_URL: standin.url,
    SSL_CERT_FILE: '/run/standin/ca.pem',
    TRAKT_MCP_PUBLIC_URL: PUBLIC_URL,
    TRAKT_MCP_SECRET_KEY: secretKey,
    TRAKT_MCP_LOG_LEVEL: 'debug',
  };
  const child = spawnInRoot(rootfs, args, {
    env: runEnv, user: `${user.uid}:${user.gid}`, cwd,
    binds: [[volume, VOLUME], [caDir, '/run/standin']],
  });
  const lines = [];
  readline.createInterface({ input: child.stderr }).on('line', (l) => lines.push(l));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  cleanups.push(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
  const log = () => tail(lines.join('\n'), 40);

  await t.test('GET /healthz answers 200', async () => {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`the entry point exited ${child.exitCode}:\n${log()}`);
      try {
        const r = await fetch(`${PUBLIC_URL}/healthz`, { signal: AbortSignal.timeout(2000) });
        return r.status === 200;
      } catch { return false; }
    }, { timeout: 20_000, interval: 100, what: 'GET /healthz' });
  });

  await t.test("compose.yaml's health check passes inside the image", () => {
    const compose = fs.readFileSync(new URL('../../deploy/compose.yaml', import.meta.url), 'utf8');
    assert.ok(compose.includes(JSON.stringify(HEALTHCHECK).slice(1, -1)), 'deploy/compose.yaml has this health check');
    const r = inRoot(rootfs, ['bash', '-c', HEALTHCHECK], { user: `${user.uid}:${user.gid}`, timeout: 10_000 });
    assert.equal(r.status, 0, `health check: ${r.stdout}${r.stderr}`);
  });

  await t.test('runs as the image user, not root', () => {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    assert.match(status, /^Name:\ttrakt-mcp$/m);
    assert.match(status, /^Uid:\t10001\t10001\t10001\t10001$/m);
    assert.match(status, /^Gid:\t10001\t10001\t10001\t10001$/m);
  });

  await t.test('OAuth metadata for the public URL', async () => {
    const r = await fetch(`${PUBLIC_URL}/.well-known/oauth-authorization-server`);
    assert.equal(r.status, 200);
    const meta = await r.json();
    assert.equal(meta.issuer, PUBLIC_URL);
    assert.equal(meta.authorization_endpoint, `${PUBLIC_URL}/authorize`);
    const pr = await fetch(`${PUBLIC_URL}/.well-known/oauth-protected-resource/mcp`);
    assert.equal(pr.status, 200);
    assert.equal((await pr.json()).resource, `${PUBLIC_URL}/mcp`);
  });

  await t.test('a person signs in through OAuth and calls a tool', async () => {
    let c;
    try {
      c = await signIn(PUBLIC_URL, standin, { clientName: 'oci-test' });
    } catch (e) {
      throw new Error(`${e.message.slice(0, 300)}\n${log()}`);
    }
    try {
      const text = await callText(c.client, 'get_watchlist');
      assert.ok(text.length > 0);
    } finally {
      await closeQuietly(c);
    }
  });

  await t.test('the SQLite store is in the volume, owned by the image user', () => {
    const db = path.join(volume, 'hosted.db');
    assert.ok(fs.existsSync(db), `hosted.db in the volume; it has: ${fs.readdirSync(volume).join(' ')}\n${log()}`);
    assert.equal(fs.statSync(db).uid, 10001);
  });

  await t.test('SIGTERM stops it cleanly', async () => {
    child.kill('SIGTERM');
    const r = await withTimeout(exited, 30_000, 'the entry point to stop');
    assert.deepEqual(r, { code: 0, signal: null }, log());
  });
});
