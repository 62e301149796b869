// The MCP App side of trakt-mcp as a host sees it, through the official SDK client against the real
// binary and the stand-in (its image host included, TRAKT_MEDIA_URL): which tools name a ui:// view
// (both eras), the ui:// resources and the poster template, each view's HTML, the poster refs in the
// six tools' structuredContent, and reading posters: a WebP fetched once and kept on disk, not kept when
// Trakt's Cache-Control or TRAKT_MCP_POSTER_CACHE_MB says so, colours when there is no image (none,
// a failing, hung or dead image host, a URL on another host), JSON-RPC errors for unknown titles and
// URIs that are not posters. The stand-in's own modules are the oracle (images.mjs, title_index.mjs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { world, requireBinary, requireNodeModules, BIN, T_CALL, textOf } from './harness.mjs';
import { POSTER_DIR, posterOf, colorsOf } from '../standin/images.mjs';

requireNodeModules();
requireBinary();

const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
const { getToolUiResourceUri, RESOURCE_MIME_TYPE, RESOURCE_URI_META_KEY, McpUiResourceMetaSchema } =
  await import('@modelcontextprotocol/ext-apps/app-bridge');
const { default: Ajv2020 } = await import('ajv/dist/2020.js');
const { default: AjvDraft7 } = await import('ajv');
const { default: addFormats } = await import('ajv-formats');

// The contract: each tool's view (and nothing for any other tool).
const VIEWS = {
  get_up_next: 'up-next', get_upcoming: 'upcoming', get_watchlist: 'watchlist',
  search: 'search', discover: 'discover', get_details: 'details',
};
const viewUri = (view) => `ui://trakt/${view}.html`;
const CONTENT_META = { ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true } };
const POSTER_TEMPLATE = 'trakt://poster/{kind}/{id}';
const POSTER_REF = /^trakt:\/\/poster\/(movie|show)\/(\d+)$/;

// A call of each of the six tools that answers with titles.
const CALLS = [
  ['get_up_next', {}], ['get_upcoming', { start_date: '2026-11-23', days: 7 }], ['get_watchlist', {}],
  ['search', { query: 'heat' }], ['discover', { list: 'trending', type: 'movies' }], ['discover', { list: 'popular', type: 'shows' }],
  ['get_details', { type: 'show', id: 'the-bear' }], ['get_details', { type: 'movie', id: '1234' }],
];

const STATELESS_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** An SDK client on a new binary process with the world's env (plus `extra`), closed after the test. */
async function connect(t, w, extra = {}) {
  const transport = new StdioClientTransport({ command: BIN, args: [], env: w.env(extra), stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d) => { stderr += d.toString(); });
  const client = new Client({ name: 'trakt-mcp-posters-test', version: '1.0.0' }, { capabilities: {} });
  await client.connect(transport, { timeout: T_CALL });
  client.stderrTail = () => stderr.slice(-3000);
  t.after(() => client.close().catch(() => {}));
  return client;
}

const read = (client, uri) => client.readResource({ uri }, { timeout: T_CALL });

/** Runs fn, which must reject with a JSON-RPC error; returns the error. */
async function rpcError(fn) {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  assert.fail('expected a JSON-RPC error');
}

function compile(schema, what) {
  const draft7 = typeof schema.$schema === 'string' && schema.$schema.includes('draft-07');
  const ajv = draft7 ? new AjvDraft7({ allErrors: true, strict: false }) : new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  assert.ok(ajv.validateSchema(schema), `${what} is not a valid JSON Schema: ${ajv.errorsText(ajv.errors)}`);
  return ajv.compile(schema);
}

// Width and height of a WebP from its first chunk (VP8, VP8L or VP8X); fails when it is not one.
function webpSize(b) {
  assert.ok(b.length > 30, `${b.length} bytes`);
  assert.equal(b.toString('latin1', 0, 4), 'RIFF');
  assert.equal(b.readUInt32LE(4) + 8, b.length, 'RIFF size is the size');
  assert.equal(b.toString('latin1', 8, 12), 'WEBP');
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8 ') return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = b.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  assert.equal(chunk, 'VP8X');
  return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
}

/** The one content of a poster read that is an image: its bytes (checked to be a WebP). */
function posterBytes(result, uri) {
  assert.equal(result.contents.length, 1, JSON.stringify(result).slice(0, 500));
  const [c] = result.contents;
  assert.equal(c.uri, uri);
  assert.equal(c.mimeType, 'image/webp', JSON.stringify(c).slice(0, 300));
  assert.equal(typeof c.blob, 'string');
  const bytes = Buffer.from(c.blob, 'base64');
  assert.equal(bytes.toString('base64'), c.blob, 'blob is plain base64');
  assert.ok(webpSize(bytes).width > 0);
  return bytes;
}

/** The colours of a poster read that has no image. */
function posterColours(result, uri) {
  assert.equal(result.contents.length, 1, JSON.stringify(result).slice(0, 500));
  const [c] = result.contents;
  assert.equal(c.uri, uri);
  assert.equal(c.mimeType, 'application/json', JSON.stringify(c).slice(0, 300));
  assert.equal(c.blob, undefined);
  const body = JSON.parse(c.text);
  assert.deepEqual(Object.keys(body), ['colors']);
  for (const colour of body.colors) assert.match(colour, /^#[0-9a-f]{6}$/);
  return body.colors;
}

/**
 * The stand-in's poster file for a title: what its image host serves. Every title the fixtures name
 * has a file of its own, <kind>-<trakt id>.webp (checked here, not only in the stand-in's self-test).
 */
function standinPoster(kind, id) {
  assert.equal(posterOf(kind, id).file, `${kind}-${id}.webp`, `${kind} ${id} has a poster of its own`);
  return fs.readFileSync(path.join(POSTER_DIR, posterOf(kind, id).file));
}

/** The binary's requests so far: image GETs and summary GETs of one title. */
async function requests(w, kind, id) {
  const log = await w.standin.apiLog();
  return {
    images: log.filter((e) => e.path.startsWith('/images/')),
    summaries: log.filter((e) => e.path === `/${kind}s/${id}`),
  };
}

const posterFiles = (home) => {
  const dir = path.join(home, 'posters');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

/**
 * Every place structuredContent holds a movie or show, with the poster ref it must carry there: an
 * object with a `movie` / `show` title (the poster of the movie, else of the show: an episode's is
 * its show's), and get_details' top level ({type, ids}). Also every poster ref anywhere, to see that
 * there are none elsewhere.
 */
function posterSpots(sc, tool) {
  const spots = [];
  const refs = [];
  const isTitle = (x) => x && typeof x === 'object' && x.ids && Number.isInteger(x.ids.trakt);
  const walk = (v, where) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${where}[${i}]`));
    if (!v || typeof v !== 'object') return;
    const title = isTitle(v.movie) ? ['movie', v.movie] : isTitle(v.show) ? ['show', v.show] : null;
    if (title) spots.push({ where, object: v, want: `trakt://poster/${title[0]}/${title[1].ids.trakt}` });
    for (const [k, x] of Object.entries(v)) {
      // (get_details' colors.poster is Trakt's colour list, not a ref)
      if (typeof x === 'string' && (k === 'poster' || x.includes('trakt://poster'))) refs.push({ where: `${where}.${k}`, ref: x });
      walk(x, `${where}.${k}`);
    }
  };
  if (tool === 'get_details') spots.push({ where: '$', object: sc, want: `trakt://poster/${sc.type}/${sc.ids.trakt}` });
  walk(sc, '$');
  return { spots, refs };
}

// ---------------------------------------------------------------------------------------------
// Tools and views

function checkToolMeta(tools) {
  const named = {};
  for (const t of tools) {
    const view = VIEWS[t.name];
    if (!view) {
      assert.equal(t._meta, undefined, `${t.name} names no view: ${JSON.stringify(t._meta)}`);
      continue;
    }
    const uri = viewUri(view);
    assert.deepEqual(t._meta, { ui: { resourceUri: uri }, [RESOURCE_URI_META_KEY]: uri }, t.name);
    assert.equal(getToolUiResourceUri(t), uri, `${t.name}: as ext-apps' host bridge reads it`);
    named[t.name] = uri;
  }
  assert.deepEqual(Object.keys(named).sort(), Object.keys(VIEWS).sort(), 'exactly the six tools have a view');
}

test('tools/list: exactly the six tools name their ui:// view, nested and flat; the others have no _meta', async (t) => {
  const w = await world(t);
  const client = await connect(t, w);
  const { tools } = await client.listTools();
  assert.ok(tools.length > 6);
  checkToolMeta(tools);
});

test('stateless 2026-07-28: the same _meta on tools/list, the same views and poster template listed and read', async (t) => {
  const w = await world(t);
  const p = await w.spawn({ init: false });
  const list = await p.request('tools/list', {}, { meta: STATELESS_META });
  assert.ok(list.result, JSON.stringify(list));
  checkToolMeta(list.result.tools);
  const resources = await p.request('resources/list', {}, { meta: STATELESS_META });
  const ui = resources.result.resources.filter((r) => r.uri.startsWith('ui://'));
  assert.deepEqual(ui.map((r) => r.uri).sort(), Object.values(VIEWS).map(viewUri).sort());
  const templates = await p.request('resources/templates/list', {}, { meta: STATELESS_META });
  assert.ok(templates.result.resourceTemplates.some((x) => x.uriTemplate === POSTER_TEMPLATE));
  const view = await p.request('resources/read', { uri: viewUri('search') }, { meta: STATELESS_META });
  assert.equal(view.result.contents[0].mimeType, RESOURCE_MIME_TYPE);
  assert.match(view.result.contents[0].text, /<html\b[^>]*\sdata-view="search"/);
  const poster = await p.request('resources/read', { uri: 'trakt://poster/show/190412' }, { meta: STATELESS_META });
  assert.ok(poster.result, JSON.stringify(poster));
  assert.ok(posterBytes(poster.result, 'trakt://poster/show/190412').equals(standinPoster('show', 190412)));
});

test('resources/list has the six ui:// views (mcp-app HTML, no domains, a border); templates have the poster', async (t) => {
  const w = await world(t);
  const client = await connect(t, w);
  const { resources } = await client.listResources();
  const ui = resources.filter((r) => r.uri.startsWith('ui://'));
  assert.deepEqual(ui.map((r) => r.uri).sort(), Object.values(VIEWS).map(viewUri).sort());
  for (const r of ui) {
    assert.equal(r.mimeType, RESOURCE_MIME_TYPE, r.uri);
    assert.deepEqual(r._meta, CONTENT_META, r.uri);
    assert.ok(McpUiResourceMetaSchema.safeParse(r._meta.ui).success, r.uri);
  }
  const { resourceTemplates } = await client.listResourceTemplates();
  const poster = resourceTemplates.find((x) => x.uriTemplate === POSTER_TEMPLATE);
  assert.ok(poster, JSON.stringify(resourceTemplates.map((x) => x.uriTemplate)));
  assert.equal(poster.mimeType, 'image/webp');
});

test('resources/read of each view: one mcp-app HTML content naming its view, sandbox meta, nothing loaded from the web', async (t) => {
  const w = await world(t);
  const client = await connect(t, w);
  const pages = new Set();
  for (const view of Object.values(VIEWS)) {
    const uri = viewUri(view);
    const r = await read(client, uri);
    assert.equal(r.contents.length, 1, uri);
    const [c] = r.contents;
    assert.equal(c.uri, uri);
    assert.equal(c.mimeType, RESOURCE_MIME_TYPE, uri);
    assert.deepEqual(c._meta, CONTENT_META, uri);
    assert.ok(McpUiResourceMetaSchema.safeParse(c._meta.ui).success, uri);
    const html = c.text;
    assert.equal(typeof html, 'string');
    assert.match(html, /^\s*<!doctype html>/i, uri);
    const tag = /<html\b[^>]*>/i.exec(html);
    assert.ok(tag, `${uri}: an <html> tag`);
    assert.match(tag[0], new RegExp(`\\sdata-view="${view}"`), `${uri}: ${tag[0]}`);
    assert.ok(!html.includes('__TRAKT_VIEW__'), `${uri}: the placeholder is filled`);
    // The sandbox allows no origin (connectDomains/resourceDomains []): the page must load nothing by URL.
    assert.doesNotMatch(html, /\b(?:src|href|srcset|action|data)\s*=\s*["']?\s*(?:https?:)?\/\//i, uri);
    assert.doesNotMatch(html, /url\(\s*["']?\s*(?:https?:)?\/\//i, uri);
    assert.doesNotMatch(html, /@import\s+(?:url\()?\s*["']?\s*(?:https?:)?\/\//i, uri);
    assert.doesNotMatch(html, /\b(?:import|fetch)\s*\(?\s*["'`]\s*(?:https?:)?\/\//i, uri);
    const urls = html.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    assert.deepEqual(urls.filter((u) => !u.startsWith('http://www.w3.org/')), [], `${uri}: no web addresses at all`);
    pages.add(html.replace(`data-view="${view}"`, ''));
  }
  assert.equal(pages.size, 1, 'one page, only the view differs');
});

test('the six tools: poster refs beside each movie and show, valid against the outputSchema, never in the text', async (t) => {
  const w = await world(t);
  const client = await connect(t, w);
  const { tools } = await client.listTools();
  const validators = {};
  const allRefs = new Set();
  for (const [name, args] of CALLS) {
    const tool = tools.find((x) => x.name === name);
    validators[name] ??= compile(tool.outputSchema, `${name}.outputSchema`);
    const r = await client.callTool({ name, arguments: args }, undefined, { timeout: T_CALL });
    const what = `${name} ${JSON.stringify(args)}`;
    assert.notEqual(r.isError, true, `${what}: ${JSON.stringify(r.content)}`);
    const sc = r.structuredContent;
    assert.ok(validators[name](sc), `${what}: ${JSON.stringify(validators[name].errors, null, 1)}`);
    const { spots, refs } = posterSpots(sc, name);
    assert.ok(spots.length > 0, `${what} has titles`);
    for (const s of spots) assert.equal(s.object.poster, s.want, `${what} at ${s.where}`);
    assert.equal(refs.length, spots.length, `${what}: poster refs only beside titles: ${JSON.stringify(refs.map((x) => x.where))}`);
    for (const { where, ref } of refs) {
      assert.match(where, /\.poster$/, `${what}: ${ref} at ${where}`);
      assert.match(ref, POSTER_REF);
      allRefs.add(ref);
    }
    const text = textOf(r);
    assert.ok(text.length > 0);
    for (const word of ['trakt://poster', 'media.trakt.tv', '.webp']) assert.ok(!text.includes(word), `${what}: "${word}" in the text`);
  }
  // Every poster they name reads as the stand-in's image of that title (each fixture title has a
  // summary and a poster of its own), and no two titles read the same picture.
  assert.ok(allRefs.size >= 25, `${allRefs.size} posters`);
  const wornBy = new Map();
  for (const ref of allRefs) {
    const [, kind, id] = POSTER_REF.exec(ref);
    const bytes = posterBytes(await read(client, ref), ref);
    assert.ok(bytes.equals(standinPoster(kind, Number(id))), `${ref} is its title's poster`);
    const key = bytes.toString('base64');
    assert.equal(wornBy.get(key), undefined, `${ref} reads the same picture as ${wornBy.get(key)}`);
    wornBy.set(key, ref);
  }
});

// ---------------------------------------------------------------------------------------------
// Reading posters

test('a poster is fetched once: a second read and a new process take it from <home>/posters', async (t) => {
  const w = await world(t);
  const uri = 'trakt://poster/show/190412'; // The Bear
  const first = await connect(t, w);
  const bytes = posterBytes(await read(first, uri), uri);
  assert.ok(bytes.equals(standinPoster('show', 190412)));
  assert.deepEqual(webpSize(bytes), { width: 120, height: 180 });
  assert.ok(posterBytes(await read(first, uri), uri).equals(bytes));
  let seen = await requests(w, 'show', 190412);
  assert.equal(seen.images.length, 1, JSON.stringify(seen.images));
  assert.equal(seen.images[0].method, 'GET');
  assert.match(seen.images[0].path, /^\/images\/shows\/000\/190\/412\/posters\//);
  assert.equal(seen.summaries.length, 1, JSON.stringify(seen.summaries));
  assert.deepEqual(new URLSearchParams(seen.summaries[0].query).get('extended').split(',').sort(), ['full', 'images']);
  const files = posterFiles(w.home);
  assert.equal(files.length, 1, JSON.stringify(files));
  assert.match(files[0], /^show-190412\./);
  assert.ok(fs.readFileSync(path.join(w.home, 'posters', files[0])).equals(bytes), 'the file is the image');

  await first.close();
  const second = await connect(t, w);
  assert.ok(posterBytes(await read(second, uri), uri).equals(bytes));
  seen = await requests(w, 'show', 190412);
  assert.equal(seen.images.length, 1, 'no image request from the new process');
  assert.equal(seen.summaries.length, 1, 'nor a summary request');
  // The movie with the same trakt id is another poster.
  const movie = posterBytes(await read(second, 'trakt://poster/movie/1'), 'trakt://poster/movie/1');
  assert.ok(movie.equals(standinPoster('movie', 1)));
  assert.ok(!movie.equals(standinPoster('show', 1)), 'the fixture draws them apart');
  assert.equal(posterFiles(w.home).length, 2);
});

test('Cache-Control: no-store keeps nothing on disk; a new process fetches again', async (t) => {
  const w = await world(t, { config: { image_cache_control: 'no-store' } });
  const uri = 'trakt://poster/show/4'; // Parks and Recreation
  const first = await connect(t, w);
  const bytes = posterBytes(await read(first, uri), uri);
  assert.ok(bytes.equals(standinPoster('show', 4)));
  assert.deepEqual(posterFiles(w.home), []);
  await first.close();
  const second = await connect(t, w);
  posterBytes(await read(second, uri), uri);
  assert.equal((await requests(w, 'show', 4)).images.length, 2);
  assert.deepEqual(posterFiles(w.home), []);
});

test('TRAKT_MCP_POSTER_CACHE_MB=0: posters are read but nothing is kept on disk', async (t) => {
  const w = await world(t);
  const uri = 'trakt://poster/show/2'; // The Walking Dead
  const client = await connect(t, w, { TRAKT_MCP_POSTER_CACHE_MB: '0' });
  assert.ok(posterBytes(await read(client, uri), uri).equals(standinPoster('show', 2)));
  assert.ok(posterBytes(await read(client, uri), uri).equals(standinPoster('show', 2)));
  assert.equal((await requests(w, 'show', 2)).images.length, 2, 'not kept, so fetched again');
  assert.deepEqual(posterFiles(w.home), []);
});

test('no image: Trakt\'s colours of the title ({"colors": [...]}) when the image 404s or the title has no poster', async (t) => {
  const w = await world(t, { config: { poster_status: { 'show-154997': 404 }, poster_missing: ['movie-1234'] } });
  const client = await connect(t, w);
  const sev = 'trakt://poster/show/154997';
  assert.deepEqual(posterColours(await read(client, sev), sev), colorsOf('show', 154997).poster);
  assert.equal(colorsOf('show', 154997).poster.length, 2);
  const seen = await requests(w, 'show', 154997);
  assert.deepEqual(seen.images.map((e) => e.status), [404], 'it asked, and was told 404');
  const heat = 'trakt://poster/movie/1234';
  assert.deepEqual(posterColours(await read(client, heat), heat), []);
  assert.equal((await requests(w, 'movie', 1234)).images.length, 1, 'nothing to ask for Heat: the one image request is Severance\'s');
  assert.deepEqual(posterFiles(w.home), []);
});

test('unknown titles and URIs that are not posters are JSON-RPC errors that say so', async (t) => {
  const w = await world(t);
  const client = await connect(t, w);
  const unknown = await rpcError(() => read(client, 'trakt://poster/movie/424242'));
  assert.match(unknown.message, /not found|found nothing/i, unknown.message);
  assert.match(unknown.message, /424242/);
  assert.equal(unknown.code, -32602, 'no such title: "Resource not found", as for an unknown URI');
  for (const uri of ['trakt://poster/person/1', 'trakt://poster/show/abc', 'trakt://poster/movie/-1']) {
    const e = await rpcError(() => read(client, uri));
    assert.equal(e.code, -32602, `${uri}: ${e.message}`);
    assert.match(e.message, /trakt:\/\/poster\/movie\/<trakt id>/, `${uri}: ${e.message}`);
    assert.match(e.message, /trakt:\/\/poster\/show\/<trakt id>/, `${uri}: ${e.message}`);
  }
  const log = await w.standin.apiLog();
  assert.deepEqual(log.map((e) => e.path), ['/movies/424242'], 'only the unknown title was looked up');
  // Still serving.
  assert.equal((await client.callTool({ name: 'get_watchlist', arguments: {} })).isError, undefined);
});

test('an image URL on another host than media.trakt.tv is never fetched: colours instead', async (t) => {
  for (const host of ['evil.example', 'media.trakt.tv.evil.example', 'https://evil.example', 'media.trakt.tv@evil.example']) {
    await t.test(host, async (st) => {
      const w = await world(st, { config: { image_host: host } });
      const client = await connect(st, w);
      const uri = 'trakt://poster/show/190412';
      assert.deepEqual(posterColours(await read(client, uri), uri), colorsOf('show', 190412).poster);
      const seen = await requests(w, 'show', 190412);
      assert.equal(seen.summaries.length, 1);
      assert.deepEqual(seen.images, [], 'no image request');
    });
  }
});

test('a failing, hung or dead image host: colours, and the server keeps answering', async (t) => {
  await t.test('500', async (st) => {
    const w = await world(st, { config: { poster_status: { 'show-190412': 500 } } });
    const client = await connect(st, w);
    const uri = 'trakt://poster/show/190412';
    assert.deepEqual(posterColours(await read(client, uri), uri), colorsOf('show', 190412).poster);
    assert.equal((await requests(w, 'show', 190412)).images.length, 1);
    // Drawn again at once (a host re-renders): the colours, and the failing image is not asked again.
    assert.deepEqual(posterColours(await read(client, uri), uri), colorsOf('show', 190412).poster);
    assert.equal((await requests(w, 'show', 190412)).images.length, 1);
    assert.deepEqual(posterFiles(w.home), []);
    assert.equal((await client.callTool({ name: 'get_watchlist', arguments: {} })).isError, undefined);
  });

  await t.test('hung', async (st) => {
    const w = await world(st);
    await w.standin.fault({ path: '/images/', action: 'hang', times: -1 });
    const client = await connect(st, w, { TRAKT_MCP_TIMEOUT: '3' });
    const uri = 'trakt://poster/show/190412';
    const started = Date.now();
    const pending = read(client, uri);
    // While the image host hangs, other questions are answered.
    await new Promise((r) => setTimeout(r, 300));
    const other = await client.callTool({ name: 'get_watchlist', arguments: {} }, undefined, { timeout: T_CALL });
    assert.equal(other.isError, undefined);
    const tookOther = Date.now() - started;
    assert.deepEqual(posterColours(await pending, uri), colorsOf('show', 190412).poster);
    assert.ok(tookOther < 2500, `the watchlist waited for the hung image (${tookOther} ms)`);
    assert.ok(Date.now() - started >= 2500, 'the image was waited for, up to the timeout');
    assert.equal((await client.callTool({ name: 'get_watchlist', arguments: {} })).isError, undefined);
  });

  await t.test('dead (nothing listening)', async (st) => {
    const w = await world(st);
    const closed = await new Promise((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
    });
    const client = await connect(st, w, { TRAKT_MEDIA_URL: `https://127.0.0.1:${closed}` });
    const uri = 'trakt://poster/movie/1234';
    assert.deepEqual(posterColours(await read(client, uri), uri), colorsOf('movie', 1234).poster);
    assert.deepEqual((await requests(w, 'movie', 1234)).images, []);
    assert.equal((await client.callTool({ name: 'get_watchlist', arguments: {} })).isError, undefined);
  });
});
