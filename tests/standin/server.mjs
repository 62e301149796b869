#!/usr/bin/env node
// Trakt.tv API stand-in for tests. Node built-ins only. See README.md in this directory.
//
//   node tests/standin/server.mjs --certs DIR [--port 0] [--host 127.0.0.1]
//        [--cert-set main|rogue|wronghost|expired] [--client-id ID] [--client-secret S]
//
// Prints exactly one line to stdout when listening: {"port":N,"url":"https://HOST:N"}.
// Logs go to stderr only when STANDIN_DEBUG=1. Exits on SIGTERM/SIGINT.

import { chartResponse } from './chart_fixtures.mjs';
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import {
  parseDate, calendarItems, calendarMovies, calendarHeaders, historyItems, watchlistView, WATCHLIST_TYPES,
  userSettings, userStats, CLOUDFLARE_403_HTML,
} from './fixtures.mjs';
import { searchResponse } from './search_fixtures.mjs';
import { watchedShows, showProgress } from './upnext_fixtures.mjs';
import { playbackResponse, hiddenResponse, withoutHiddenShows } from './playback.mjs';
import { detailsResponse, summaryView } from './details_fixtures.mjs';
import { titleSummary } from './title_index.mjs';
import { peopleResponse, WATCHED_MOVIES } from './people_fixtures.mjs';
import { freshActivities, bumpActivities } from './activities.mjs';
import { createWriteState, handleWrite, applyWatchlist, applyHistory, ratingsResponse, addedPlays } from './writes.mjs';
import { listsResponse, withListLimits } from './lists.mjs';
import { heavyYearItems, fullPlay, withOverview } from './year_fixtures.mjs';
import { intParam, paginate } from './paging.mjs';
import { withImages, imageResponse } from './images.mjs';

// ------------------------------------------------------------------------------------------
// Arguments
// ------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { certs: null, port: 0, host: '127.0.0.1', certSet: 'main', clientId: 'standin-client-id', clientSecret: 'standin-client-secret' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const take = () => {
      if (i + 1 >= argv.length) die(`missing value for ${a}`);
      return argv[++i];
    };
    switch (a) {
      case '--certs': opts.certs = take(); break;
      case '--port': opts.port = Number(take()); break;
      case '--host': opts.host = take(); break;
      case '--cert-set': opts.certSet = take(); break;
      case '--client-id': opts.clientId = take(); break;
      case '--client-secret': opts.clientSecret = take(); break;
      default: die(`unknown argument ${a}`);
    }
  }
  if (!opts.certs) die('--certs DIR is required');
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) die('bad --port');
  if (!['main', 'rogue', 'wronghost', 'expired'].includes(opts.certSet)) die('bad --cert-set');
  return opts;
}

function die(msg) {
  process.stderr.write(`standin: ${msg}\n`);
  process.exit(2);
}

const DEBUG = process.env.STANDIN_DEBUG === '1';
function debug(...args) {
  if (DEBUG) process.stderr.write(`standin: ${args.join(' ')}\n`);
}

// ------------------------------------------------------------------------------------------
// State
// ------------------------------------------------------------------------------------------

const DEFAULT_CONFIG = Object.freeze({
  delay_ms: 0,
  refresh_expires_in: 86400,
  refresh_delay_ms: 0,
  dead_refresh_style: '401',
  history_items: 600,
  heavy_year: null, // a year (e.g. 2025): 3,000 more plays then (year_fixtures.mjs)
  clock_offset_s: 0,
  device_script: [200],
  device_interval: 5,
  device_expires_in: 600,
  device_user_code: null,
  oauth_requires_user_agent: true,
  drop_writes: 0,
  authorize_as: 'standin-user',
  authorize_queue: [],
  authorize_deny: false,
  code_expires_in: 600,
  code_token_expires_in: 86400,
  // the image host (images.mjs): titles without a poster, failing image GETs, their Cache-Control
  poster_missing: [], // trakt ids (any kind) or "movie-1" / "show-1"
  poster_status: {}, // {"154997": 404, "movie-1": 500}
  image_max_age: 2592000,
  image_cache_control: null, // a string: sent as is instead ("" sends none)
  image_host: null, // a host name: image URLs name it instead of media.trakt.tv (the paths still serve)
});

const DEFAULT_USER = 'standin-user';

let config = structuredClone(DEFAULT_CONFIG);
let faults = [];
let stats = freshStats();
// Per username (the access token's user): /sync/last_activities, moved by the user's writes,
// /__standin/activity and config changes; and what the user wrote (writes.mjs), which only the
// same user's reads see. Created on first use; the default user's always exist.
const activitiesByUser = new Map([[DEFAULT_USER, freshActivities()]]);
let writesByUser = new Map();
function activitiesFor(username) {
  let a = activitiesByUser.get(username);
  if (!a) activitiesByUser.set(username, (a = freshActivities()));
  return a;
}
function writesFor(username) {
  let w = writesByUser.get(username);
  if (!w) writesByUser.set(username, (w = createWriteState()));
  return w;
}
// Moves the activities of every user (fields: none = all). Returns an error string for an unknown field.
function bumpAll(fields) {
  const err = bumpActivities(freshActivities(), fields); // validate first: nothing moves on an error
  if (err) return err;
  for (const a of activitiesByUser.values()) bumpActivities(a, fields);
  return null;
}
let inFlight = 0;

const tokensByAccess = new Map(); // access_token -> record
const tokensByRefresh = new Map(); // refresh_token -> record
const devices = new Map(); // device_code -> record
const authCodes = new Map(); // authorization code -> {client_id, redirect_uri, username, created_at, expires_in, used}

function freshStats() {
  return {
    tls_handshakes: 0, connections: 0, requests: 0, by_path: {}, log: [], refreshes: 0,
    refresh_attempts: 0, device_polls: 0, revoked: 0, aborted: 0, last_headers: {}, max_concurrent: 0,
    refreshes_by_user: {}, authorizations: 0, authorizations_denied: 0, code_exchanges: 0, code_exchange_attempts: 0,
  };
}

const nowS = () => Math.floor(Date.now() / 1000) + Number(config.clock_offset_s || 0);
const hex = (n) => crypto.randomBytes(n).toString('hex');

// redirect_uri: the one a pair from an authorization code was issued for; Trakt wants it again
// with every refresh of that pair (null: the device flow's, where any is taken).
function issueTokens({ expires_in = 86400, created_at = nowS(), username = DEFAULT_USER, redirect_uri = null } = {}) {
  const rec = {
    access_token: hex(32), refresh_token: hex(32), expires_in: Number(expires_in), created_at: Number(created_at),
    username: String(username), revoked: false, refresh_used: false, redirect_uri,
  };
  tokensByAccess.set(rec.access_token, rec);
  tokensByRefresh.set(rec.refresh_token, rec);
  return rec;
}

const tokenResponse = (rec) => ({
  access_token: rec.access_token, token_type: 'bearer', expires_in: rec.expires_in,
  refresh_token: rec.refresh_token, scope: 'public', created_at: rec.created_at,
});

const INVALID_GRANT = {
  error: 'invalid_grant',
  error_description: 'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
};
const INVALID_CLIENT = {
  error: 'invalid_client',
  error_description: 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
};
const INVALID_TOKEN = { error: 'invalid_token', error_description: 'The access token is invalid' };

// ------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function alive(res) {
  return !res.destroyed && !res.writableEnded && !(res.socket && res.socket.destroyed);
}

function send(ctx, status, body, headers = {}) {
  const { res } = ctx;
  if (!alive(res)) return;
  let payload;
  const h = { ...headers };
  if (body === null || body === undefined) {
    payload = Buffer.alloc(0);
  } else if (typeof body === 'string' || Buffer.isBuffer(body)) {
    payload = Buffer.from(body);
  } else {
    // extended=images / full: Trakt's images and colors on every movie and show (images.mjs)
    if (ctx.api && status >= 200 && status < 300) body = withImages(body, { extended: ctx.searchParams.get('extended'), path: ctx.path, config });
    payload = Buffer.from(JSON.stringify(body));
  }
  if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json; charset=utf-8';
  h['Content-Length'] = String(payload.length);
  ctx.status = status;
  logEntry(ctx, status);
  res.writeHead(status, h);
  res.end(payload);
}

function logEntry(ctx, status) {
  if (ctx.control || ctx.logged) return;
  ctx.logged = true;
  const e = { method: ctx.method, path: ctx.path, query: ctx.query, status, ms: Date.now() - ctx.t0, t: ctx.t0 };
  if (ctx.user !== undefined) e.user = ctx.user;
  stats.log.push(e);
  if (stats.log.length > 2000) stats.log.splice(0, stats.log.length - 2000);
}

function readBody(req, limit = 1 << 20) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
    req.on('aborted', () => resolve(''));
  });
}

// Parses a JSON (or form-encoded) body. Returns {} for empty, null for unparseable.
function parseBody(req, text) {
  if (!text.trim()) return {};
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    const ct = String(req.headers['content-type'] || '');
    if (ct.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
    return null;
  }
}


// The fixture history, built once per length and frozen (the benchmark reads
// 1000 plays a few hundred times; building them each time made the stand-in,
// not the servers, most of what it measured). Frozen: nothing may edit it.
const historyCache = new Map();
function deepFreeze(o) {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
function historyOf(n) {
  if (!historyCache.has(n)) historyCache.set(n, deepFreeze(historyItems(n)));
  return historyCache.get(n);
}

const heavyYears = new Map();
function heavyYearOf(year) {
  if (!heavyYears.has(year)) heavyYears.set(year, deepFreeze(heavyYearItems(year)));
  return heavyYears.get(year);
}


// ------------------------------------------------------------------------------------------
// Faults
// ------------------------------------------------------------------------------------------

function takeFault(ctx) {
  for (const f of faults) {
    if (f.times === 0) continue;
    if (!ctx.path.startsWith(f.path)) continue;
    if (f.method && f.method.toUpperCase() !== ctx.method) continue;
    if (f.times > 0) f.times -= 1;
    f.hits = (f.hits || 0) + 1;
    return f;
  }
  return null;
}

function rawSocket(sock) {
  return sock && sock._parent && typeof sock._parent.resetAndDestroy === 'function' ? sock._parent : null;
}

async function applyFault(ctx, f) {
  const { req, res } = ctx;
  if (f.delay_ms > 0) await sleep(f.delay_ms);
  if (!alive(res)) return;
  debug('fault', f.action, ctx.method, ctx.path);
  switch (f.action) {
    case 'reset': {
      logEntry(ctx, 0);
      ctx.serverClosed = true;
      const raw = rawSocket(req.socket);
      try {
        if (raw) raw.resetAndDestroy();
        else req.socket.destroy();
      } catch {
        req.socket.destroy();
      }
      return;
    }
    case 'hang':
      logEntry(ctx, 0);
      return; // never answer; the socket stays open until the client gives up
    case 'truncate': {
      const partial = Buffer.from(f.body ?? '[{"id":1,"watched_at":"2026-11-20T21:30:00.000Z","act');
      logEntry(ctx, 200);
      ctx.status = 200;
      ctx.serverClosed = true;
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(partial.length + 4096), ...(f.headers || {}) });
      res.write(partial, () => {
        setTimeout(() => {
          try { req.socket.end(); } catch { /* ignore */ }
          setTimeout(() => req.socket.destroy(), 100);
        }, 20);
      });
      return;
    }
    case 'slow-body': {
      logEntry(ctx, 200);
      ctx.status = 200;
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', ...(f.headers || {}) });
      res.write('[');
      const iv = setInterval(() => {
        if (!alive(res)) { clearInterval(iv); return; }
        res.write(' ');
      }, f.interval_ms > 0 ? f.interval_ms : 500);
      res.on('close', () => clearInterval(iv));
      return;
    }
    case 'respond':
    default: {
      let body = f.body ?? '';
      if (typeof body !== 'string') body = JSON.stringify(body);
      const headers = { ...(f.headers || {}) };
      if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) {
        headers['Content-Type'] = /^\s*[[{]/.test(body) ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
      }
      send(ctx, f.status ?? 429, body, headers);
    }
  }
}

// ------------------------------------------------------------------------------------------
// OAuth
// ------------------------------------------------------------------------------------------

function clientOk(b) {
  return b.client_id === OPTS.clientId && b.client_secret === OPTS.clientSecret;
}

// GET /oauth/authorize: the browser step of the authorization-code flow. No page: who signs in is
// config (authorize_queue, then authorize_as); the answer is at once the 302 back to redirect_uri.
async function authorize(ctx) {
  if (ctx.method !== 'GET') return send(ctx, 405, {});
  if (config.delay_ms > 0) await sleep(config.delay_ms);
  const q = ctx.searchParams;
  const bad = (error, error_description) => send(ctx, 400, { error, error_description });
  const redirectUri = q.get('redirect_uri');
  if (q.get('client_id') !== OPTS.clientId) return bad('invalid_client', 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.');
  let u = null;
  try { u = redirectUri ? new URL(redirectUri) : null; } catch { u = null; }
  if (!u || !['http:', 'https:'].includes(u.protocol) || redirectUri.includes('#')) {
    return bad('invalid_redirect_uri', 'The requested redirect uri is malformed or doesn\'t match client redirect URI.');
  }
  if (!q.has('response_type')) return bad('invalid_request', 'The request is missing a required parameter: response_type.');
  if (q.get('response_type') !== 'code') return bad('unsupported_response_type', 'The authorization server does not support this response type.');
  const state = q.get('state');
  const back = (params) => {
    if (state !== null) params.push(['state', state]);
    const qs = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    send(ctx, 302, null, { Location: `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${qs}`, 'Content-Type': 'text/html; charset=utf-8' });
  };
  if (config.authorize_deny) {
    stats.authorizations_denied += 1;
    return back([['error', 'access_denied']]);
  }
  const queue = Array.isArray(config.authorize_queue) ? config.authorize_queue : [];
  const username = String(queue.length ? queue.shift() : (config.authorize_as ?? DEFAULT_USER));
  const code = hex(32);
  authCodes.set(code, { client_id: OPTS.clientId, redirect_uri: redirectUri, username, created_at: nowS(), expires_in: Number(config.code_expires_in ?? 600), used: false });
  stats.authorizations += 1;
  ctx.user = username;
  debug('authorized', username);
  return back([['code', code]]);
}

async function oauth(ctx, body) {
  const p = ctx.path;
  if (p === '/oauth/authorize') return authorize(ctx);
  if (!['/oauth/token', '/oauth/revoke', '/oauth/device/code', '/oauth/device/token'].includes(p)) return send(ctx, 404, {});
  if (ctx.method !== 'POST') return send(ctx, 405, {});
  const b = parseBody(ctx.req, body);
  if (b === null) return send(ctx, 400, { error: 'invalid_request', error_description: 'The request body could not be parsed.' });
  if (config.delay_ms > 0) await sleep(config.delay_ms);

  if (p === '/oauth/token') {
    if (b.grant_type === 'refresh_token') {
      stats.refresh_attempts += 1;
      if (config.refresh_delay_ms > 0) await sleep(config.refresh_delay_ms);
      if (!clientOk(b)) return send(ctx, 401, INVALID_CLIENT);
      const rec = tokensByRefresh.get(String(b.refresh_token ?? ''));
      if (!rec || rec.refresh_used || rec.revoked) {
        if (config.dead_refresh_style === '400-empty') return send(ctx, 400, null);
        return send(ctx, 401, INVALID_GRANT);
      }
      if (rec.redirect_uri !== null && b.redirect_uri !== rec.redirect_uri) return send(ctx, 401, INVALID_GRANT);
      rec.refresh_used = true;
      rec.revoked = true; // the old access token dies with the refresh
      const fresh = issueTokens({ expires_in: config.refresh_expires_in, username: rec.username, redirect_uri: rec.redirect_uri });
      stats.refreshes += 1;
      stats.refreshes_by_user[rec.username] = (stats.refreshes_by_user[rec.username] || 0) + 1;
      ctx.user = rec.username;
      debug('refresh ok for', rec.username);
      return send(ctx, 200, tokenResponse(fresh));
    }
    if (b.grant_type === 'authorization_code') {
      stats.code_exchange_attempts += 1;
      if (!clientOk(b)) return send(ctx, 401, INVALID_CLIENT);
      const c = authCodes.get(String(b.code ?? ''));
      if (!c || c.used || nowS() >= c.created_at + c.expires_in || c.client_id !== b.client_id || c.redirect_uri !== b.redirect_uri) {
        return send(ctx, 401, INVALID_GRANT);
      }
      c.used = true;
      const rec = issueTokens({ expires_in: config.code_token_expires_in ?? 86400, username: c.username, redirect_uri: c.redirect_uri });
      stats.code_exchanges += 1;
      ctx.user = c.username;
      return send(ctx, 200, tokenResponse(rec));
    }
    return send(ctx, 400, { error: 'unsupported_grant_type', error_description: 'The authorization grant type is not supported by the authorization server.' });
  }

  if (p === '/oauth/revoke') {
    const t = String(b.token ?? '');
    const rec = tokensByAccess.get(t) || tokensByRefresh.get(t);
    if (rec && clientOk(b)) {
      rec.revoked = true;
      stats.revoked += 1;
    }
    return send(ctx, 200, {});
  }

  if (p === '/oauth/device/code') {
    if (b.client_id !== OPTS.clientId) return send(ctx, 401, INVALID_CLIENT);
    const rec = {
      device_code: hex(32),
      user_code: config.device_user_code || crypto.randomBytes(4).toString('hex').toUpperCase(),
      created_at: nowS(), expires_in: Number(config.device_expires_in), step: 0, done: false,
    };
    devices.set(rec.device_code, rec);
    return send(ctx, 200, {
      device_code: rec.device_code, user_code: rec.user_code, verification_url: 'https://trakt.tv/activate',
      expires_in: rec.expires_in, interval: Number(config.device_interval),
    });
  }

  // /oauth/device/token
  stats.device_polls += 1;
  const dev = devices.get(String(b.code ?? ''));
  if (!dev) return send(ctx, 404, {});
  if (!clientOk(b)) return send(ctx, 401, INVALID_CLIENT);
  if (dev.done) return send(ctx, 409, {});
  if (nowS() >= dev.created_at + dev.expires_in) return send(ctx, 410, {});
  const script = Array.isArray(config.device_script) && config.device_script.length ? config.device_script : [200];
  const status = Number(script[Math.min(dev.step, script.length - 1)]);
  dev.step += 1;
  if (status === 200) {
    dev.done = true;
    return send(ctx, 200, tokenResponse(issueTokens({ expires_in: config.refresh_expires_in })));
  }
  return send(ctx, status, {});
}

// ------------------------------------------------------------------------------------------
// API
// ------------------------------------------------------------------------------------------

function authUser(req) {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(String(req.headers.authorization || ''));
  if (!m) return null;
  const rec = tokensByAccess.get(m[1]);
  if (!rec || rec.revoked) return null;
  if (!(nowS() < rec.created_at + rec.expires_in)) return null;
  return rec;
}

async function api(ctx) {
  const { req } = ctx;
  if (config.delay_ms > 0) await sleep(config.delay_ms);
  if (!req.headers['user-agent']) return send(ctx, 403, CLOUDFLARE_403_HTML, { 'Content-Type': 'text/html; charset=UTF-8', 'Server': 'cloudflare', 'CF-RAY': '8f0c0ffee0000000-ZRH' });
  if (req.headers['trakt-api-key'] !== OPTS.clientId || req.headers['trakt-api-version'] !== '2') {
    return send(ctx, 403, { error: 'invalid api key' });
  }
  // The public routes (no Authorization needed), then the login check, the writes and the rest.
  const publicRoute = await route(PUBLIC_ROUTES, { ctx, q: ctx.searchParams });
  if (publicRoute !== NEXT) return publicRoute;
  const user = authUser(req);
  if (!user) {
    return send(ctx, 401, INVALID_TOKEN, {
      'WWW-Authenticate': 'Bearer realm="Doorkeeper", error="invalid_token", error_description="The access token is invalid"',
    });
  }
  ctx.user = user.username;
  const writes = writesFor(user.username);
  const activities = activitiesFor(user.username);

  const seg = ctx.path.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  const q = ctx.searchParams;

  // Writes (writes.mjs): POST /sync/{watchlist,history,ratings}[/remove], POST/DELETE /checkin
  const w = handleWrite(writes, {
    method: ctx.method, seg, body: ctx.body === undefined ? {} : parseBody(req, ctx.body), user: user.username,
    now: Date.now() + Number(config.clock_offset_s || 0) * 1000, activities, config, bumpActivities,
  });
  if (w && w.applied && Number(config.drop_writes) > 0) {
    // A write that Trakt carried out but whose answer never arrived: the client cannot know
    // whether it applied (retrying a non-idempotent write would do it twice).
    config.drop_writes = Number(config.drop_writes) - 1;
    logEntry(ctx, 0);
    ctx.serverClosed = true;
    req.socket.destroy();
    return;
  }
  if (w) return send(ctx, w.status, w.body, w.headers);

  const answered = await route(ROUTES, { ctx, seg, q, user, writes, activities });
  if (answered !== NEXT) return answered;
  return send(ctx, 404, {});
}

// ------------------------------------------------------------------------------------------
// API routes: one row an endpoint, tried in order. `path` is a pattern over the decoded path
// segments (`:name` any segment, `:name(a|b)` one of those, `?` optional at the end, `*` any
// path) or a RegExp over the raw path (its groups are `params.groups`); `where(params)` narrows
// it further. `methods` (default GET and HEAD): another method gets 405, or with
// `otherMethods: 'next'` the next row. A handler that answers NEXT passes to the next row too;
// when no row answers: 404.
// ------------------------------------------------------------------------------------------

const NEXT = Symbol('next route');
const GET = ['GET', 'HEAD'];
const ANY = null;

function compilePattern(pattern) {
  if (pattern instanceof RegExp) return (seg, ctx) => {
    const m = pattern.exec(ctx.path);
    return m && { groups: m.slice(1) };
  };
  if (pattern === '*') return () => ({});
  const parts = pattern.split('/').filter(Boolean).map((part) => {
    const m = /^:(\w+)(?:\(([^)]*)\))?(\?)?$/.exec(part);
    if (!m) return { literal: part };
    return { name: m[1], choices: m[2] === undefined ? null : m[2].split('|'), optional: m[3] === '?' };
  });
  const required = parts.filter((p) => !p.optional).length;
  return (seg) => {
    if (seg.length < required || seg.length > parts.length) return null;
    const params = {};
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (i >= seg.length) break; // optional ones left out
      if (part.literal !== undefined) {
        if (seg[i] !== part.literal) return null;
      } else {
        if (part.choices && !part.choices.includes(seg[i])) return null;
        params[part.name] = seg[i];
      }
    }
    return params;
  };
}

function routes(rows) {
  return rows.map((row) => ({ methods: GET, ...row, match: compilePattern(row.path) }));
}

async function route(table, r) {
  const { ctx } = r;
  for (const row of table) {
    const params = row.match(r.seg, ctx);
    if (!params || (row.where && !row.where(params))) continue;
    if (row.methods && !row.methods.includes(ctx.method)) {
      if (row.otherMethods === 'next') continue;
      return send(ctx, 405, {});
    }
    const answered = await row.handler({ ...r, params });
    if (answered !== NEXT) return answered;
  }
  return NEXT;
}

const PUBLIC_ROUTES = routes([
  // /search/{types}: public, the client id is enough (no Authorization), as at Trakt
  { path: /^\/search\/([^/]+)$/, handler: ({ ctx, q, params }) => {
    const r = searchResponse(decodeURIComponent(params.groups[0]), q);
    return send(ctx, r.status, r.body, r.headers);
  } },
  // /{movies|shows}/{trending|popular|anticipated}: public charts, like search
  { path: /^\/(movies|shows)\/(trending|popular|anticipated)$/, handler: ({ ctx, q }) => {
    const r = chartResponse(ctx.path.slice(1), q);
    return send(ctx, r.status, r.body, r.headers);
  } },
  // /{movies|shows}/{id}/related|people, /people/{id}/movies|shows: people_fixtures.mjs (before the details row)
  { path: /^\/(movies|shows|people)\/([^/]+)\/(related|people|movies|shows)$/, handler: ({ ctx, q, params }) => {
    const r = peopleResponse(params.groups[0], decodeURIComponent(params.groups[1]), params.groups[2], q);
    return r ? send(ctx, r.status, r.body, r.headers) : NEXT;
  } },
  // /{movies|shows}/{id}: summaries are public at Trakt too; details_fixtures.mjs, else every title
  // some fixture mentions (title_index.mjs), as Trakt knows every title
  { path: /^\/(movies|shows)\/([^/]+)$/, handler: ({ ctx, q, params }) => {
    const details = detailsResponse(ctx.path.split('/').filter(Boolean).map((s) => decodeURIComponent(s)), q, ctx.method);
    if (details?.status === 404) {
      const summary = titleSummary(params.groups[0] === 'movies' ? 'movie' : 'show', decodeURIComponent(params.groups[1]), config);
      if (summary) return send(ctx, 200, summaryView(summary, q.get('extended')));
    }
    return details ? send(ctx, details.status, details.body, details.headers) : NEXT;
  } },
]);

const ROUTES = routes([
  { path: '/calendars/my/:kind(shows|movies)/:start_date?/:days?',
    where: ({ start_date }) => !['new', 'premieres', 'finales'].includes(start_date), handler: calendar },
  { path: '/sync/history/:type?/:id?', handler: history },
  { path: '/sync/watchlist/:type?/:sort_by?/:sort_how?', handler: watchlist },
  { path: '/sync/last_activities', handler: ({ ctx, activities }) => send(ctx, 200, activities) },
  { path: '/users/settings', handler: ({ ctx, user }) => send(ctx, 200, withListLimits(userSettings(user.username), config)) },
  // another user's stats: not served here
  { path: '/users/:user/stats', handler: ({ ctx, user, params }) =>
    (params.user !== 'me' && params.user !== user.username ? send(ctx, 404, {}) : send(ctx, 200, userStats())) },
  // up next: upnext_fixtures.mjs
  { path: '/sync/watched/shows', handler: ({ ctx, q }) => send(ctx, 200, watchedShows(config, q)) },
  { path: '/sync/watched/movies', handler: ({ ctx }) => send(ctx, 200, WATCHED_MOVIES) },
  { path: '/shows/:id/progress/watched', otherMethods: 'next', handler: ({ ctx, q, params, writes }) => {
    const progress = showProgress(config, params.id, q, writes ? addedPlays(writes, params.id) : undefined); // null: not a watched show here; later rows (or 404)
    return progress ? send(ctx, 200, progress) : NEXT;
  } },
  // continue watching and hidden shows (stateful): playback.mjs
  { path: '/sync/playback/:type?', methods: ['GET', 'HEAD', 'DELETE'], handler: (r) => {
    const a = playbackResponse({ ...r, method: r.ctx.method, bumpActivities });
    return send(r.ctx, a.status, a.body, a.headers);
  } },
  { path: '/users/hidden/:section/:remove?', methods: ['GET', 'HEAD', 'POST'], handler: (r) => {
    const body = r.ctx.body === undefined ? {} : parseBody(r.ctx.req, r.ctx.body);
    const now = Date.now() + Number(config.clock_offset_s || 0) * 1000;
    const a = hiddenResponse({ ...r, method: r.ctx.method, body, now, bumpActivities });
    return a ? send(r.ctx, a.status, a.body, a.headers) : NEXT;
  } },
  // /sync/ratings[/..], then /movies/{id}, /shows/{id}, /recommendations/{type}: details_fixtures.mjs
  { path: '/sync/ratings/:type?/:rating?', otherMethods: 'next', handler: ({ ctx, seg, q, writes }) => {
    const rated = ratingsResponse(writes, seg, q);
    return rated ? send(ctx, rated.status, rated.body, rated.headers) : NEXT;
  } },
  // personal lists: lists.mjs
  { path: '/users/:user/lists/:list?/:items?/:remove?', methods: ANY, handler: (r) => {
    const a = listsResponse(r, config);
    return a ? send(r.ctx, a.status, a.body, a.headers) : NEXT;
  } },
  { path: '*', methods: ANY, handler: ({ ctx, seg, q }) => {
    const details = detailsResponse(seg, q, ctx.method);
    return details ? send(ctx, details.status, details.body, details.headers) : NEXT;
  } },
]);

// /calendars/my/{shows|movies}[/{start_date}[/{days}]]
function calendar({ ctx, params, writes }) {
  const startStr = params.start_date ?? new Date(nowS() * 1000).toISOString().slice(0, 10);
  const start = parseDate(startStr);
  const days = params.days === undefined ? 7 : (/^\d+$/.test(params.days) ? Number(params.days) : NaN);
  if (start === null) return send(ctx, 400, { error: 'bad_request', error_description: 'start_date must be YYYY-MM-DD' });
  if (!(days >= 1 && days <= 33)) return send(ctx, 400, { error: 'bad_request', error_description: 'days must be between 1 and 33' });
  const items = params.kind === 'movies' ? calendarMovies(start, days) : withoutHiddenShows(writes, calendarItems(start, days));
  return send(ctx, 200, items, calendarHeaders(start, days));
}

// /sync/history[/{type}[/{id}]]
function history({ ctx, q, writes, params }) {
  const { type } = params;
  if (type !== undefined && !['movies', 'shows', 'seasons', 'episodes'].includes(type)) return send(ctx, 404, {});
  let items = historyOf(Math.max(0, intParam(config.history_items, 600)));
  if (config.heavy_year) items = items.concat(heavyYearOf(intParam(config.heavy_year, 2025)));
  items = applyHistory(writes, items);
  if (type === 'movies') items = items.filter((it) => it.type === 'movie');
  else if (type) items = items.filter((it) => it.type === 'episode');
  if (params.id !== undefined) {
    const id = Number(params.id);
    items = items.filter((it) => {
      if (type === 'movies') return it.movie.ids.trakt === id;
      if (type === 'shows') return it.show.ids.trakt === id;
      if (type === 'episodes') return it.episode.ids.trakt === id;
      return false;
    });
  }
  const startAt = q.has('start_at') ? Date.parse(q.get('start_at')) : NaN;
  const endAt = q.has('end_at') ? Date.parse(q.get('end_at')) : NaN;
  if (!Number.isNaN(startAt)) items = items.filter((it) => Date.parse(it.watched_at) >= startAt);
  if (!Number.isNaN(endAt)) items = items.filter((it) => Date.parse(it.watched_at) <= endAt);
  const pg = paginate(items, q, true);
  const full = (q.get('extended') ?? '').split(',').includes('full');
  const overview = intParam(config.full_overview_bytes, 0);
  return send(ctx, 200, full ? pg.items.map((it) => withOverview(fullPlay(it), overview)) : pg.items, pg.headers);
}

// /sync/watchlist[/{type}[/{sort_by}[/{sort_how}]]]
function watchlist({ ctx, q, writes, params }) {
  const type = params.type ?? 'all';
  if (type !== 'all' && !(type in WATCHLIST_TYPES)) return send(ctx, 404, {});
  const headers = { 'X-Sort-By': 'rank', 'X-Sort-How': 'asc' };
  let sortBy = 'rank';
  let sortHow = 'asc';
  if (params.sort_by !== undefined) {
    sortBy = ['rank', 'added', 'released', 'title'].includes(params.sort_by) ? params.sort_by : 'rank';
    sortHow = params.sort_how === 'desc' ? 'desc' : 'asc';
    headers['X-Applied-Sort-By'] = sortBy;
    headers['X-Applied-Sort-How'] = sortHow;
  }
  const pg = paginate(applyWatchlist(writes, watchlistView(type, sortBy, sortHow), type, sortBy, sortHow), q, false);
  return send(ctx, 200, pg.items, { ...headers, ...pg.headers });
}

// ------------------------------------------------------------------------------------------
// Control API (/__standin/*): never delayed, never faulted, not counted
// ------------------------------------------------------------------------------------------

function control(ctx, body) {
  const p = ctx.path;
  const m = ctx.method;
  const parsed = () => parseBody(ctx.req, body);
  switch (p) {
    case '/__standin/login': {
      if (m !== 'POST') return send(ctx, 405, {});
      const b = parsed();
      if (b === null) return send(ctx, 400, { error: 'bad json' });
      const rec = issueTokens({ expires_in: b.expires_in ?? 86400, created_at: b.created_at ?? nowS(), username: b.username ?? 'standin-user' });
      return send(ctx, 200, tokenResponse(rec));
    }
    case '/__standin/config': {
      if (m === 'GET') return send(ctx, 200, config);
      if (m !== 'POST') return send(ctx, 405, {});
      const b = parsed();
      if (b === null) return send(ctx, 400, { error: 'bad json' });
      config = { ...config, ...b };
      bumpAll(); // the data may have changed: say so, as Trakt would
      return send(ctx, 200, config);
    }
    case '/__standin/faults': {
      if (m === 'GET') return send(ctx, 200, faults);
      if (m === 'DELETE') { faults = []; return send(ctx, 200, {}); }
      if (m !== 'POST') return send(ctx, 405, {});
      const b = parsed();
      if (b === null || typeof b.path !== 'string') return send(ctx, 400, { error: 'path (string prefix) required' });
      const action = b.action ?? 'respond';
      if (!['respond', 'reset', 'hang', 'truncate', 'slow-body'].includes(action)) return send(ctx, 400, { error: `unknown action ${action}` });
      const rule = {
        path: b.path, method: b.method ?? null, times: b.times === undefined ? 1 : Number(b.times), action,
        status: b.status ?? 429, headers: b.headers ?? {}, body: b.body ?? (action === 'truncate' ? undefined : ''),
        delay_ms: Number(b.delay_ms ?? 0), interval_ms: Number(b.interval_ms ?? 500), hits: 0,
      };
      faults.push(rule);
      return send(ctx, 200, rule);
    }
    case '/__standin/activity': {
      // {"fields": ["episodes.watched_at", ...]} (none: all): "a change made elsewhere"
      // ?username= / "username": that user's (GET default: standin-user; POST default: every user)
      if (m === 'GET') return send(ctx, 200, activitiesFor(ctx.searchParams.get('username') ?? DEFAULT_USER));
      if (m !== 'POST') return send(ctx, 405, {});
      const b = parsed();
      if (b === null) return send(ctx, 400, { error: 'bad json' });
      if (b.username !== undefined && b.username !== null) {
        const err = bumpActivities(freshActivities(), b.fields) ?? bumpActivities(activitiesFor(String(b.username)), b.fields);
        if (err) return send(ctx, 400, { error: err });
        return send(ctx, 200, activitiesFor(String(b.username)));
      }
      const err = bumpAll(b.fields);
      if (err) return send(ctx, 400, { error: err });
      return send(ctx, 200, activitiesFor(DEFAULT_USER));
    }
    case '/__standin/expire': {
      // {"username": "alice"} (absent: every user): every live access token of that user is expired
      // (created_at moved into the past); refresh tokens stay as they are.
      if (m !== 'POST') return send(ctx, 405, {});
      const b = parsed();
      if (b === null) return send(ctx, 400, { error: 'bad json' });
      const who = b.username === undefined || b.username === null ? null : String(b.username);
      const now = nowS();
      let expired = 0;
      for (const rec of tokensByAccess.values()) {
        if (who !== null && rec.username !== who) continue;
        if (rec.revoked || !(now < rec.created_at + rec.expires_in)) continue;
        rec.created_at = now - rec.expires_in - 86400;
        expired += 1;
      }
      return send(ctx, 200, { expired });
    }
    case '/__standin/revoke_user': {
      // {"username": "alice"}: the person revoked the app at Trakt (or logged out): every token of
      // theirs, access and refresh, is dead from now on.
      if (m !== 'POST') return send(ctx, 405, {});
      const b = parsed();
      if (b === null || typeof b.username !== 'string') return send(ctx, 400, { error: 'username is required' });
      let revoked = 0;
      for (const rec of tokensByAccess.values()) {
        if (rec.username !== b.username || rec.revoked) continue;
        rec.revoked = true;
        revoked += 1;
      }
      return send(ctx, 200, { revoked });
    }
    case '/__standin/stats':
      if (m !== 'GET') return send(ctx, 405, {});
      return send(ctx, 200, stats);
    case '/__standin/reset':
      if (m !== 'POST') return send(ctx, 405, {});
      faults = [];
      stats = freshStats();
      config = structuredClone(DEFAULT_CONFIG);
      writesByUser = new Map();
      bumpAll(); // forward, never back: a client may hold answers stamped earlier
      return send(ctx, 200, {});
    default:
      return send(ctx, 404, {});
  }
}

// ------------------------------------------------------------------------------------------
// Server
// ------------------------------------------------------------------------------------------

async function handle(req, res) {
  const url = new URL(req.url, 'https://standin.invalid');
  const ctx = {
    req, res, method: req.method, path: url.pathname, query: url.search.replace(/^\?/, ''),
    searchParams: url.searchParams, t0: Date.now(), control: url.pathname.startsWith('/__standin/'),
    logged: false, status: 0,
  };
  debug(req.method, req.url);

  if (ctx.control) {
    const body = await readBody(req);
    return control(ctx, body);
  }

  stats.requests += 1;
  stats.by_path[ctx.path] = (stats.by_path[ctx.path] || 0) + 1;
  stats.last_headers = { ...req.headers };
  inFlight += 1;
  if (inFlight > stats.max_concurrent) stats.max_concurrent = inFlight;
  let done = false;
  const statsAtStart = stats;
  const finish = () => {
    if (done) return;
    done = true;
    inFlight -= 1;
    if (!res.writableFinished && !ctx.serverClosed && stats === statsAtStart) statsAtStart.aborted += 1;
  };
  res.on('close', finish);

  const body = await readBody(req);
  const f = takeFault(ctx);
  if (f) return applyFault(ctx, f);

  if (ctx.path.startsWith('/images/')) {
    // Trakt's image host (media.trakt.tv): public, no key, no login
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return send(ctx, 405, {});
    const r = imageResponse(ctx.path, config);
    return send(ctx, r.status, r.body, r.headers);
  }
  if (ctx.path.startsWith('/oauth/')) {
    // (a browser always sends a User-Agent to /oauth/authorize: no Cloudflare page there)
    if (config.oauth_requires_user_agent && !req.headers['user-agent'] && ctx.path !== '/oauth/authorize') {
      if (config.delay_ms > 0) await sleep(config.delay_ms);
      return send(ctx, 403, CLOUDFLARE_403_HTML, { 'Content-Type': 'text/html; charset=UTF-8', 'Server': 'cloudflare' });
    }
    return oauth(ctx, body);
  }
  ctx.body = body;
  ctx.api = true;
  return api(ctx);
}

const OPTS = parseArgs(process.argv.slice(2));
const certFiles = {
  main: ['server.pem', 'server.key'],
  rogue: ['rogue-server.pem', 'rogue-server.key'],
  wronghost: ['wronghost-server.pem', 'wronghost-server.key'],
  expired: ['expired-server.pem', 'expired-server.key'],
}[OPTS.certSet];

let tlsOpts;
try {
  tlsOpts = {
    cert: fs.readFileSync(path.join(OPTS.certs, certFiles[0])),
    key: fs.readFileSync(path.join(OPTS.certs, certFiles[1])),
  };
} catch (e) {
  die(`cannot read certificates from ${OPTS.certs}: ${e.message}`);
}

const server = https.createServer(tlsOpts, (req, res) => {
  handle(req, res).catch((e) => {
    debug('handler error', e && e.stack);
    try { if (alive(res) && !res.headersSent) { res.writeHead(500, { 'Content-Type': 'application/json' }); res.end('{}'); } } catch { /* ignore */ }
  });
});
server.keepAliveTimeout = 30000;
server.headersTimeout = 40000;
server.requestTimeout = 0; // hang/slow-body faults must stay open
server.timeout = 0;
server.maxHeadersCount = 200;

const sockets = new Set();
server.on('connection', (sock) => {
  stats.connections += 1;
  sockets.add(sock);
  sock.on('close', () => sockets.delete(sock));
  sock.on('error', () => {});
});
server.on('secureConnection', (tls) => {
  stats.tls_handshakes += 1;
  tls.on('error', () => {});
});
server.on('tlsClientError', (e) => debug('tls client error:', e.code || e.message));
server.on('clientError', (e, sock) => {
  debug('client error:', e.code || e.message);
  try { sock.destroy(); } catch { /* ignore */ }
});

process.stdout.on('error', () => {});
server.listen({ port: OPTS.port, host: OPTS.host, backlog: 1024 }, () => {
  const port = server.address().port;
  const hostForUrl = OPTS.host.includes(':') ? `[${OPTS.host}]` : OPTS.host;
  process.stdout.write(JSON.stringify({ port, url: `https://${hostForUrl}:${port}` }) + '\n');
});
server.on('error', (e) => die(`listen failed: ${e.message}`));

function shutdown() {
  for (const s of sockets) s.destroy();
  server.close();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
