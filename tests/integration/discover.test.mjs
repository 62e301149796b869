// discover over MCP stdio against the stand-in's charts: exact lines computed from the fixtures (watchers for
// trending, list counts for anticipated, nothing extra for popular; the Trakt id last), movies and shows, the
// limit as Trakt's page size, no login needed, an unreadable item counted, structuredContent valid against
// the derived outputSchema, and one upstream request for the same question within the hour. With a login the
// titles the user watched are marked "(seen)" (more in people.test.mjs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, requireBinary, textOf, linesOf, FORBIDDEN_WORDS, apiRequests } from './harness.mjs';
import { CHARTS } from '../standin/chart_fixtures.mjs';
import { watchedShows } from '../standin/upnext_fixtures.mjs';

requireBinary();

const { default: Ajv2020 } = await import('ajv/dist/2020.js');

const grouped = (n) => n.toLocaleString('en-US');

// The oracle: a line computed from Trakt's JSON, independently of the binary.
function chartLine(item, kind, watched = new Set()) {
  const t = item[kind] ?? item;
  let s = `${kind === 'movie' ? '[M]' : '[TV]'} ${t.title}`;
  if (t.year != null) s += ` (${t.year})`;
  if (watched.has(t.ids.trakt)) s += ' (seen)';
  if (item.watchers != null) s += ` · ${grouped(item.watchers)} watching`;
  if (item.list_count != null) s += ` · on ${grouped(item.list_count)} ${item.list_count === 1 ? 'list' : 'lists'}`;
  if (t.ids.trakt != null) s += ` · trakt ${t.ids.trakt}`;
  return s;
}

async function call(p, args) {
  const r = await p.request('tools/call', { name: 'discover', arguments: args });
  assert.ok(r.result, JSON.stringify(r));
  return r.result;
}

for (const [list, type] of [['trending', 'shows'], ['popular', 'movies'], ['anticipated', 'movies'], ['popular', 'shows']]) {
  test(`discover: ${list} ${type}, exact lines, no login, valid structuredContent`, async (t) => {
    const w = await world(t, { login: false });
    const p = await w.spawn();
    const tools = (await p.request('tools/list', {})).result.tools;
    const tool = tools.find((x) => x.name === 'discover');
    assert.ok(tool, 'discover is listed');
    assert.equal(tool.annotations.readOnlyHint, true);

    const kind = type === 'movies' ? 'movie' : 'show';
    const all = CHARTS[`${type}/${list}`];
    const limit = all.length;  // the whole chart: its last item cannot be read
    const r = await call(p, { list, type, limit });
    assert.notEqual(r.isError, true, textOf(r));
    const readable = all.slice(0, -1);
    assert.deepEqual(linesOf(r).slice(0, readable.length), readable.map((i) => chartLine(i, kind)));
    assert.match(textOf(r), /\(1 item from Trakt could not be read and was left out\.\)$/);
    assert.doesNotMatch(textOf(r), FORBIDDEN_WORDS);

    const s = r.structuredContent;
    assert.equal(s.count, readable.length);
    const firstIds = (readable[0][kind] ?? readable[0]).ids;
    assert.deepEqual(s.items[0][kind].ids, Object.fromEntries(Object.entries(firstIds).filter(([, v]) => v != null)));
    if (list === 'trending') assert.equal(s.items[0].watchers, readable[0].watchers);
    if (list === 'anticipated') assert.equal(s.items[0].list_count, readable[0].list_count);
    assert.doesNotMatch(JSON.stringify(s), /null/);
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(tool.outputSchema);
    assert.ok(validate(s), JSON.stringify(validate.errors));

    const reqs = apiRequests(await w.standin.apiLog(), `/${type}/${list}`);
    assert.equal(reqs.length, 1, 'one upstream request');
    assert.equal(new URLSearchParams(reqs[0].query).get('limit'), String(limit));
    assert.equal((await w.standin.stats()).last_headers.authorization, undefined, 'no login sent');
  });
}

test('discover: by default 10 trending shows; a second ask within the hour is served from memory', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const first = await call(p, { list: 'trending' });
  assert.notEqual(first.isError, true, textOf(first));
  const served = CHARTS['shows/trending'].slice(0, 10);
  const watched = new Set(watchedShows({}, new URLSearchParams()).map((w) => w.show.ids.trakt));
  const expected = served.filter((i) => i.show).map((i) => chartLine(i, 'show', watched));
  assert.ok(expected.some((l) => l.includes('(seen)')), 'logged in: watched shows marked');
  const skipped = served.length - expected.length;
  if (skipped) expected.push(`(${skipped} item from Trakt could not be read and was left out.)`);
  assert.deepEqual(linesOf(first), expected);
  const again = await call(p, { list: 'trending' });
  assert.deepEqual(linesOf(again), expected);
  assert.equal(apiRequests(await w.standin.apiLog(), '/shows/trending').length, 1, 'the chart is cached');
  assert.equal(apiRequests(await w.standin.apiLog(), '/sync/watched/shows').length, 1, 'so is the watched list');
});

test('discover: a bad list is an isError naming the argument', async (t) => {
  const w = await world(t, { login: false });
  const p = await w.spawn();
  const r = await call(p, { list: 'newest' });
  assert.equal(r.isError, true);
  assert.match(textOf(r), /list/);
});
