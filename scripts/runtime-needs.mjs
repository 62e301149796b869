// What a built trakt-mcp needs on the machine that runs it, read from the binary itself, so
// that what the bundle and the README say is what is true: the libraries in its ELF dynamic
// section (readelf), each named by the Debian package that holds it (dpkg -S), and the newest
// glibc symbol version it uses (objdump). Used by scripts/sync-manifests (which writes the
// sentence) and tests/manifests (which checks it).
import { execFileSync } from 'node:child_process';

// glibc's own libraries: said as "glibc X or later", not as packages.
const GLIBC = /^(libc|libm|libdl|libpthread|librt|libresolv|ld-linux[-\w.]*)\.so/;

function run(cmd, args) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** {arch, glibc, packages}: e.g. {arch: 'x86_64', glibc: '2.36', packages: ['libsqlite3-0', 'libssl3']}. */
export function runtimeNeeds(bin) {
  const dynamic = run('readelf', ['-d', bin]);
  const sonames = [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[(.+?)\]/g)].map((m) => m[1]);
  const packages = new Set();
  for (const soname of sonames.filter((s) => !GLIBC.test(s))) {
    const owners = run('dpkg', ['-S', soname]).split('\n')
      .map((l) => /^([^:]+)(?::[\w-]+)?: (\S+)$/.exec(l))
      .filter((m) => m && m[2].endsWith(`/${soname}`));
    if (owners.length === 0) throw new Error(`no Debian package holds ${soname} (needed by ${bin})`);
    packages.add(owners[0][1]);
  }
  const versions = [...run('objdump', ['-T', bin]).matchAll(/GLIBC_(\d+)\.(\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  versions.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const newest = versions.at(-1);
  const machine = /Machine:\s+(.+)/.exec(run('readelf', ['-h', bin]))?.[1] ?? '';
  const arch = /X86-64/.test(machine) ? 'x86_64' : /AArch64/.test(machine) ? 'arm64' : machine.trim();
  return { arch, glibc: newest ? newest.join('.') : 'any', packages: [...packages].sort() };
}

/** The sentence the bundle's long_description ends with and README's "MCP Bundle" says. */
export function needsSentence({ arch, glibc, packages }) {
  const libs = packages.length ? `; it needs ${packages.join(' and ')} (Debian's package names)` : '';
  return `On Linux ${arch} it needs glibc ${glibc} or later${libs}; Boost and the C++ runtime are linked in.`;
}
