#!/usr/bin/env node
// The `trakt-mcp` command of the npm package: finds the native binary that npm installed for
// this platform (the optional dependency @trakt-mcp/<platform>-<arch>) and runs it with the same
// arguments and the same stdin, stdout and stderr. The binary is the MCP server; this file only
// starts it, so stdout stays a clean MCP pipe: nothing here ever writes to stdout. Signals sent
// to this process go to the binary, and its exit code (or the signal that ended it) becomes
// ours. No dependencies, no install script, nothing downloaded.
'use strict';

const { spawn } = require('node:child_process');
const os = require('node:os');

const SUPPORTED = ['linux-x64', 'linux-arm64', 'darwin-arm64', 'darwin-x64'];
const README = 'https://github.com/trakt-mcp/trakt-mcp#readme';
const platform = `${process.platform}-${process.arch}`;
const pkg = `@trakt-mcp/${platform}`;

function fail(lines) {
  process.stderr.write(lines.map((l) => `trakt-mcp: ${l}\n`).join(''));
  process.exit(1);
}

function binaryPath() {
  if (!SUPPORTED.includes(platform)) {
    fail([
      `no prebuilt binary for this platform (${platform}).`,
      `The npm package carries binaries for ${SUPPORTED.join(', ')}.`,
      `Build trakt-mcp from source instead (see ${README}) and give your client the binary's path.`,
    ]);
  }
  try {
    return require.resolve(`${pkg}/bin/trakt-mcp`);
  } catch (e) {
    if (e.code !== 'MODULE_NOT_FOUND') throw e;
    fail([
      `the binary for this platform (${platform}) is not installed: the package ${pkg} is missing.`,
      `It is an optional dependency of trakt-mcp (binaries exist for ${SUPPORTED.join(', ')}).`,
      'npm leaves optional dependencies out when told to (--no-optional, --omit=optional,',
      'omit=optional in an .npmrc) and when it reuses a package-lock.json written on another',
      'platform: install again without those (npm install trakt-mcp; npx -y trakt-mcp),',
      `or build trakt-mcp from source (see ${README}).`,
    ]);
  }
  return undefined; // not reached
}

const binary = binaryPath();

// Our handlers are in place before the binary starts: a signal that came between the spawn and
// them would end the launcher and leave the binary running. JavaScript runs them only after this
// script, so `child` is always set by then.
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let child;
const forward = (signal) => {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
for (const signal of FORWARDED) process.on(signal, forward);

child = spawn(binary, process.argv.slice(2), { stdio: 'inherit' });

child.on('error', (e) => {
  const lines = [`could not run ${binary}: ${e.message}`];
  if (e.code === 'ENOENT' && process.platform === 'linux') {
    // The file is there (require.resolve found it): what is missing is its loader.
    lines.push('The Linux binaries are built for glibc; musl systems (Alpine) cannot run them.',
      `Build trakt-mcp from source there (see ${README}).`);
  }
  fail(lines);
});

child.on('exit', (code, signal) => {
  if (signal) {
    // End the way the binary ended, so whoever started us sees the same signal.
    for (const s of FORWARDED) process.removeListener(s, forward);
    process.kill(process.pid, signal);
    // A signal Node ignores (SIGPIPE) does not end us: the shell convention instead.
    process.exit(128 + (os.constants.signals[signal] || 0));
  }
  if (code === 127) {
    // The dynamic loader's own message (a missing library, a glibc too old) is already on
    // stderr; say where the binary's needs are listed.
    process.stderr.write(`trakt-mcp: ${binary} could not start (exit 127); ` +
      `what the prebuilt binaries need is in ${README}\n`);
  }
  process.exit(code);
});
