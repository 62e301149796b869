#!/usr/bin/env node
// The comparison server for bench/: trakt-mcp's three tools written the way most published
// Trakt MCP servers are written: the official MCP TypeScript SDK (McpServer +
// StdioServerTransport), zod input schemas, global fetch to TRAKT_API_URL with the Trakt headers,
// the same tokens.json (TRAKT_MCP_HOME), refresh before expiry shared by all calls in flight
// (one promise), and once more after a 401; history follows pagination. Text lines as in
// PRODUCT.md. Not shipped; only the benchmark runs it.
//
// Environment: TRAKT_API_URL, TRAKT_CLIENT_ID, TRAKT_CLIENT_SECRET, TRAKT_MCP_HOME (else
// $XDG_CONFIG_HOME/trakt-mcp, else ~/.config/trakt-mcp), TZ. A test CA for fetch comes from
// NODE_EXTRA_CA_CERTS.

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const VERSION = '1.0.0';
const API = (process.env.TRAKT_API_URL || 'https://api.trakt.tv').replace(/\/+$/, '');
const CLIENT_ID = process.env.TRAKT_CLIENT_ID ?? '';
const CLIENT_SECRET = process.env.TRAKT_CLIENT_SECRET ?? '';
const HOME = process.env.TRAKT_MCP_HOME ||
  path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'trakt-mcp');
const TOKENS_FILE = path.join(HOME, 'tokens.json');
const USER_AGENT = `trakt-mcp-peer/${VERSION}`;
const REFRESH_MARGIN_S = 300;

// ---------------------------------------------------------------------------------------------
// Tokens

let tokens = null;
let refreshing = null; // the one refresh in flight, shared by every caller

async function loadTokens() {
  if (!tokens) {
    try {
      tokens = JSON.parse(await fs.readFile(TOKENS_FILE, 'utf8'));
    } catch {
      throw new Error(`Not logged in (no token file at ${TOKENS_FILE}): run \`trakt-mcp login\`.`);
    }
  }
  return tokens;
}

function expiresSoon(t) {
  return Date.now() / 1000 >= Number(t.created_at) + Number(t.expires_in) - REFRESH_MARGIN_S;
}

async function saveTokens(t) {
  const tmp = `${TOKENS_FILE}.tmp-${process.pid}`;
  const fh = await fs.open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(JSON.stringify(t, null, 2));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, TOKENS_FILE);
}

function refresh() {
  if (!refreshing) {
    refreshing = (async () => {
      const t = await loadTokens();
      const res = await fetch(`${API}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': USER_AGENT },
        body: JSON.stringify({
          refresh_token: t.refresh_token,
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uri: 'urn:ietf:wg:oauth:2.0:oob',
          grant_type: 'refresh_token',
        }),
      });
      if (!res.ok) {
        await res.arrayBuffer().catch(() => {});
        throw new Error(`Trakt refused to refresh the login (HTTP ${res.status}): run \`trakt-mcp login\`.`);
      }
      const fresh = await res.json();
      await saveTokens(fresh);
      tokens = fresh;
    })().finally(() => { refreshing = null; });
  }
  return refreshing;
}

async function accessToken() {
  if (refreshing) await refreshing;
  let t = await loadTokens();
  if (expiresSoon(t)) {
    await refresh();
    t = tokens;
  }
  return t.access_token;
}

// ---------------------------------------------------------------------------------------------
// Trakt API

async function traktGet(pathAndQuery) {
  for (let attempt = 0; ; attempt++) {
    const token = await accessToken();
    const res = await fetch(`${API}${pathAndQuery}`, {
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': USER_AGENT,
        'trakt-api-key': CLIENT_ID,
        'trakt-api-version': '2',
        Authorization: `Bearer ${token}`,
      },
    });
    if (res.status === 401 && attempt === 0) {
      await res.arrayBuffer().catch(() => {});
      if (tokens && tokens.access_token === token) await refresh();
      continue;
    }
    if (res.status === 429 && attempt < 3) {
      await res.arrayBuffer().catch(() => {});
      const wait = Math.min(Number(res.headers.get('retry-after')) || 1, 10);
      await new Promise((r) => setTimeout(r, wait * 1000));
      continue;
    }
    if (!res.ok) {
      await res.arrayBuffer().catch(() => {});
      throw new Error(`Trakt answered HTTP ${res.status} for ${pathAndQuery.split('?')[0]}; try again later.`);
    }
    return { json: await res.json(), headers: res.headers };
  }
}

// ---------------------------------------------------------------------------------------------
// Text

const pad2 = (n) => String(n).padStart(2, '0');
const present = (v) => v !== null && v !== undefined && v !== '';
const withYear = (title, year) => (present(year) ? `${title} (${year})` : title);
const sxe = (s, e) => `S${pad2(s)}E${pad2(e)}`;

function localDate(iso) {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

function episodeText(show, ep) {
  const title = present(ep?.title) ? ` - ${ep.title}` : '';
  return `${show.title} ${sxe(ep.season, ep.number)}${title}`;
}

function watchlistLine(it) {
  switch (it.type) {
    case 'movie': return `[M] ${withYear(it.movie.title, it.movie.year)}`;
    case 'show': return `[TV] ${withYear(it.show.title, it.show.year)}`;
    case 'season': return `[TV] ${withYear(it.show.title, it.show.year)} S${pad2(it.season.number)}`;
    case 'episode': return `[TV] ${episodeText(it.show, it.episode)}`;
    default: return null;
  }
}

function historyLine(it) {
  const day = localDate(it.watched_at);
  if (it.type === 'movie') return `${day} [M] ${withYear(it.movie.title, it.movie.year)}`;
  if (it.type === 'episode') return `${day} [TV] ${episodeText(it.show, it.episode)}`;
  return null;
}

const text = (lines, empty) => ({
  content: [{ type: 'text', text: lines.length ? lines.join('\n') : empty }],
});

async function guarded(fn) {
  try {
    return await fn();
  } catch (e) {
    return { content: [{ type: 'text', text: e?.message ?? String(e) }], isError: true };
  }
}

// ---------------------------------------------------------------------------------------------
// Server and tools

const server = new McpServer({ name: 'trakt-mcp-peer', version: VERSION });
const annotations = { readOnlyHint: true, openWorldHint: true };

server.registerTool('get_upcoming', {
  description: "Episodes of the user's shows airing in a date window.",
  inputSchema: {
    start_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional()
      .describe('First day, YYYY-MM-DD (default: today)'),
    days: z.number().int().min(1).max(33).optional().describe('Number of days, 1..33 (default 7)'),
  },
  annotations,
}, ({ start_date, days }) => guarded(async () => {
  const start = start_date ?? localDate(new Date().toISOString());
  const { json } = await traktGet(`/calendars/my/shows/${start}/${days ?? 7}`);
  const lines = json.map((it) => `${localDate(it.first_aired)} ${episodeText(it.show, it.episode)}`);
  return text(lines, 'Nothing airs in that window.');
}));

server.registerTool('get_watchlist', {
  description: "The user's watchlist.",
  inputSchema: {
    type: z.enum(['all', 'movies', 'shows', 'seasons', 'episodes']).optional(),
    sort: z.enum(['rank', 'added', 'released', 'title']).optional(),
    limit: z.number().int().min(1).optional(),
  },
  annotations,
}, ({ type, sort, limit }) => guarded(async () => {
  const base = `/sync/watchlist/${type ?? 'all'}/${sort ?? 'rank'}`;
  let items = [];
  if (limit === undefined) {
    items = (await traktGet(base)).json;
  } else {
    const per = Math.min(limit, 250);
    for (let page = 1; items.length < limit; page++) {
      const { json, headers } = await traktGet(`${base}?page=${page}&limit=${per}`);
      items.push(...json);
      if (json.length === 0 || page >= Number(headers.get('x-pagination-page-count') ?? 1)) break;
    }
    items = items.slice(0, limit);
  }
  return text(items.map(watchlistLine).filter(Boolean), 'The watchlist is empty.');
}));

server.registerTool('get_history', {
  description: 'What the user watched, newest first.',
  inputSchema: {
    limit: z.number().int().min(1).max(1000).optional(),
    type: z.enum(['all', 'movies', 'episodes']).optional(),
    start_at: z.string().optional(),
    end_at: z.string().optional(),
  },
  annotations,
}, ({ limit, type, start_at, end_at }) => guarded(async () => {
  const want = limit ?? 20;
  const per = Math.min(want, 250);
  const base = type && type !== 'all' ? `/sync/history/${type}` : '/sync/history';
  const items = [];
  for (let page = 1; items.length < want; page++) {
    const q = new URLSearchParams({ page: String(page), limit: String(per) });
    if (start_at) q.set('start_at', start_at);
    if (end_at) q.set('end_at', end_at);
    const { json, headers } = await traktGet(`${base}?${q}`);
    items.push(...json);
    if (json.length === 0 || page >= Number(headers.get('x-pagination-page-count') ?? 1)) break;
  }
  return text(items.slice(0, want).map(historyLine).filter(Boolean), 'No history in that range.');
}));

await server.connect(new StdioServerTransport());
