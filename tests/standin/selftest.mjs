// What the stand-in's self-tests share (writes.test.mjs, authcode.test.mjs): a stand-in process
// of their own, with a test CA made for it, and plain HTTPS requests to it.
import { spawn, execFileSync } from 'node:child_process';
import https from 'node:https';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

import { httpsJson } from './https_json.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export class SelfTestStandin {
  /** Makes certificates in a temp folder named after `prefix` and starts the stand-in on them. */
  static async start(prefix) {
    const s = new SelfTestStandin();
    s.certDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    execFileSync('bash', [path.join(HERE, 'make-certs.sh'), s.certDir], { stdio: 'ignore' });
    s.agent = new https.Agent({ keepAlive: true, ca: fs.readFileSync(path.join(s.certDir, 'ca.pem')) });
    s.child = spawn(process.execPath, [path.join(HERE, 'server.mjs'), '--certs', s.certDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const started = await new Promise((resolve, reject) => {
      const rl = readline.createInterface({ input: s.child.stdout });
      const timer = setTimeout(() => reject(new Error('stand-in did not start')), 10000);
      rl.once('line', (line) => { clearTimeout(timer); resolve(JSON.parse(line)); });
      s.child.once('exit', (code) => reject(new Error(`stand-in exited early with ${code}`)));
    });
    s.port = started.port;
    s.url = started.url;
    return s;
  }

  /** One request; resolves {status, headers, text, json}. A body that is not a string is sent as JSON. */
  request(method, p, { headers = {}, body } = {}) {
    return httpsJson({ port: this.port, agent: this.agent, servername: 'localhost' }, method, p, { headers, body });
  }

  stop() {
    this.agent?.destroy();
    if (this.child?.exitCode === null) this.child.kill('SIGTERM');
    if (this.certDir) fs.rmSync(this.certDir, { recursive: true, force: true });
  }
}
