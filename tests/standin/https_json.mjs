// One HTTPS request to a local server (the stand-in, a trakt-mcp under test), its answer read
// whole: {status, headers, text, json, bytes}; json is undefined when the body is not JSON. A body that
// is not a string is sent as JSON. Shared by the stand-in's self-tests, the integration harness
// and the bench, which differ only in how they connect (`connect`: port, agent, ca, ...).

import https from 'node:https';

/**
 * connect: https.request options (port, agent, ca, rejectUnauthorized, servername...); host
 * defaults to 127.0.0.1. timeoutMs: fail when the answer takes longer. onRequest: sees the
 * ClientRequest first (the bench counts the sockets it opens).
 */
export function httpsJson(connect, method, path, { headers = {}, body, timeoutMs, onRequest } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? null : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const h = { ...headers };
    if (payload) {
      const has = (name) => Object.keys(h).some((k) => k.toLowerCase() === name);
      if (!has('content-type')) h['Content-Type'] = 'application/json';
      h['Content-Length'] = payload.length;
    }
    const req = https.request({ host: '127.0.0.1', ...connect, method, path, headers: h, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const text = bytes.toString('utf8');
        let json;
        try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, json, bytes });
      });
      res.on('error', reject);
    });
    onRequest?.(req);
    if (timeoutMs) req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}
