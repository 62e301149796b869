// Fresh Debian roots for the packaging tests, and commands run inside them.
//
// A root is made by mmdebstrap from Debian's archive (deb.debian.org, with the
// release's -updates and -security suites, as a new installation has them) and
// kept as a tarball under build/debian-roots/, named by suite, UTC date and a
// hash of how it was made: the first run of a day makes it (12-40 s a suite
// here), later runs only unpack it (under 1 s into /dev/shm). apt's package lists
// stay in the tarball; the tests run `apt-get update` anyway, so a root made
// hours ago installs today's packages.
//
// Commands run in `chroot`, inside a mount namespace of their own (unshare):
// /proc is mounted there and goes away with the last process, so nothing stays
// mounted under build/ when a test stops half-way, and removing a root never
// reaches into the host's /proc.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// mmdebstrap's default mirrors: deb.debian.org/debian SUITE and SUITE-updates,
// security.debian.org/debian-security SUITE-security. TRAKT_MCP_DEBIAN_MIRROR
// names another (e.g. http://127.0.0.1:1/debian shows the skip).
export const ARCHIVE = process.env.TRAKT_MCP_DEBIAN_MIRROR || 'deb.debian.org';

// apt's and mmdebstrap's words for "the network or the archive is not there".
const UNREACHABLE = [
  /Temporary failure resolving/i, /Could not resolve/i, /Failed to fetch/i, /Unable to connect/i,
  /Could not connect/i, /Connection (timed out|refused|failed)/i, /Network is unreachable/i,
  /No route to host/i,
];

// Thrown when Debian's archive cannot be reached: the only reason these tests skip.
export class ArchiveUnreachable extends Error {}

export function unreachableIn(text) {
  return UNREACHABLE.some((re) => re.test(text));
}

// null when this host can run the tests (root, the tools); else what is missing.
export function checkHost() {
  if (process.getuid?.() !== 0)
    return 'needs root (mmdebstrap in root mode, chroot, mount namespaces); run scripts/test as root';
  for (const tool of ['mmdebstrap', 'unshare', 'chroot', 'tar']) {
    const r = spawnSync('sh', ['-c', `command -v ${tool}`]);
    if (r.status !== 0) return `${tool} is not installed (scripts/setup installs it)`;
  }
  return null;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  return r;
}

// The cached tarball of a fresh `suite` root, made now if today's is missing.
// Returns { tarball, made: bool, seconds }.
export function rootTarball(cacheDir, suite, { variant = 'apt', include = [] } = {}) {
  const args = [`--variant=${variant}`, '--skip=cleanup/apt/lists', '--format=tar'];
  if (include.length) args.push(`--include=${include.join(',')}`);
  // A mirror of one's own (then without -updates and -security), e.g. a local one.
  const mirror = process.env.TRAKT_MCP_DEBIAN_MIRROR ? [process.env.TRAKT_MCP_DEBIAN_MIRROR] : [];
  args.push(...mirror);
  const key = createHash('sha256').update(JSON.stringify([suite, args])).digest('hex').slice(0, 8);
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  const name = `${suite}-${variant}-${key}`;
  const tarball = path.join(cacheDir, `${name}-${day}.tar`);
  if (fs.existsSync(tarball)) return { tarball, made: false, seconds: 0 };

  fs.mkdirSync(cacheDir, { recursive: true });
  const partial = `${tarball}.${process.pid}.partial`;
  const started = Date.now();
  const options = args.filter((a) => a.startsWith('--'));
  const r = run('mmdebstrap', [...options, suite, partial, ...mirror], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) {
    fs.rmSync(partial, { force: true });
    const out = `${r.stdout}\n${r.stderr}`;
    if (unreachableIn(out)) throw new ArchiveUnreachable(`mmdebstrap ${suite}: cannot reach ${ARCHIVE}:\n${tail(out)}`);
    throw new Error(`mmdebstrap ${suite} failed (exit ${r.status}):\n${tail(out)}`);
  }
  fs.renameSync(partial, tarball);
  // Yesterday's tarballs of the same recipe are not needed any more.
  for (const f of fs.readdirSync(cacheDir))
    if (f.startsWith(`${name}-`) && path.join(cacheDir, f) !== tarball) fs.rmSync(path.join(cacheDir, f), { force: true });
  return { tarball, made: true, seconds: (Date.now() - started) / 1000 };
}

// Unpacks a root tarball into dir (emptied first).
export function unpackRoot(tarball, dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const r = run('tar', ['--numeric-owner', '-xpf', tarball, '-C', dir]);
  if (r.status !== 0) throw new Error(`unpacking ${tarball}: ${r.stderr}`);
  // The host's resolver, as a machine on this network would have it.
  fs.copyFileSync('/etc/resolv.conf', path.join(dir, 'etc/resolv.conf'));
}

// argv for running `command...` chrooted into root, in a mount namespace of its
// own with /proc mounted; `binds` are [hostDir, dirInRoot] pairs bind-mounted
// first. The environment is only `env` (plus PATH and LANG); `user` ("uid:gid")
// runs it as that user, `cwd` in that folder. Every step execs the next, so the
// child's pid is the command's own.
export function chrootArgv(root, command, { env = {}, binds = [], user, cwd } = {}) {
  const script = [
    'set -e', 'r=$1; shift',
    'mount -t proc proc "$r/proc"',
    ...binds.map(([, inside], i) => `mkdir -p "$r${inside}"; mount --bind "$BIND_${i}" "$r${inside}"`),
    'exec chroot "$@"',
  ].join('\n');
  const vars = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', ...env };
  const as = user ? [`--userspec=${user}`, `--groups=${user.split(':')[1]}`] : [];
  return {
    file: 'unshare',
    args: ['--mount', '--propagation', 'private', '--', 'sh', '-c', script, 'sh', root, ...as, root,
      '/usr/bin/env', '-i', ...(cwd ? ['-C', cwd] : []), ...Object.entries(vars).map(([k, v]) => `${k}=${v}`), ...command],
    env: { ...Object.fromEntries(binds.map(([host], i) => [`BIND_${i}`, host])), PATH: process.env.PATH },
  };
}

// Runs a command in the root to completion: { status, stdout, stderr }.
export function inRoot(root, command, opts = {}) {
  const { file, args, env } = chrootArgv(root, command, opts);
  return run(file, args, { env, input: opts.input ?? '', timeout: opts.timeout ?? 300_000 });
}

// Starts a command in the root with stdin/stdout/stderr as pipes.
export function spawnInRoot(root, command, opts = {}) {
  const { file, args, env } = chrootArgv(root, command, opts);
  return spawn(file, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
}

// A scratch folder for unpacked roots: in RAM (/dev/shm) when it has room, as
// unpacking and deleting half a gigabyte of small files is most of a warm run;
// else under `fallback`. Folders left by test processes that are gone are
// removed first.
export function scratchDir(fallback) {
  const shm = '/dev/shm';
  try {
    const st = fs.statfsSync(shm);
    if (st.bavail * st.bsize > 4 * 2 ** 30) {
      for (const f of fs.readdirSync(shm)) {
        const m = /^trakt-mcp-packaging-(\d+)$/.exec(f);
        if (m && !alive(Number(m[1]))) fs.rmSync(path.join(shm, f), { recursive: true, force: true });
      }
      const dir = path.join(shm, `trakt-mcp-packaging-${process.pid}`);
      fs.mkdirSync(dir, { recursive: true });
      process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
      return dir;
    }
  } catch { /* no /dev/shm */ }
  fs.mkdirSync(fallback, { recursive: true });
  return fallback;
}

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

export function tail(text, lines = 25) {
  return text.trim().split('\n').slice(-lines).join('\n');
}
