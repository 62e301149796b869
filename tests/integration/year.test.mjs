// get_year_in_review over MCP stdio against the stand-in: the exact lines and figures, computed
// here from the fixture plays (tests/standin/fixtures.mjs, year_fixtures.mjs) by local date;
// structuredContent valid against the outputSchema; the heavy year (3,000 plays of about 3 KB, as
// on Trakt: 9 MB of pages, more than the read cache keeps) read as page 1 then the rest four at a
// time, and asked again answered from the remembered review (one last_activities request), until
// a play is added (mark_watched) or watched_at moves elsewhere; a year without plays; the default
// year; a time zone east of UTC; the arguments' range, no login; and the my_year prompt.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  world, requireBinary, textOf, localDate, historyLine, outputValidator, FORBIDDEN_WORDS,
} from './harness.mjs';
import { historyItems } from '../standin/fixtures.mjs';
import { heavyYearItems, fullPlay } from '../standin/year_fixtures.mjs';

requireBinary();

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];
const n = (x) => x.toLocaleString('en-US');
const counted = (x, one) => `${n(x)} ${one}${x === 1 ? '' : 's'}`;
// C++ std::string order (bytes), for ties.
const byteOrder = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The review of `year` from what the stand-in serves (minimal plays, made full here), by local date in `tz`. */
function oracle(items, year, tz) {
  const plays = items.map(fullPlay).filter((p) => localDate(p.watched_at, tz).startsWith(`${year}-`));
  const r = {
    plays: plays.length, minutes: 0, noRuntime: 0, movies: new Set(), episodes: new Set(), shows: new Map(),
    genres: new Map(), months: new Array(12).fill(0),
  };
  for (const p of plays) {
    r.months[Number(localDate(p.watched_at, tz).slice(5, 7)) - 1] += 1;
    const title = p.type === 'movie' ? p.movie : p.show;
    const runtime = p.type === 'movie' ? p.movie.runtime : (p.episode.runtime || p.show.runtime);
    if (runtime > 0) r.minutes += runtime; else r.noRuntime += 1;
    for (const g of title.genres) if (g.trim()) r.genres.set(g, (r.genres.get(g) ?? 0) + 1);
    if (p.type === 'movie') { r.movies.add(p.movie.ids.trakt); continue; }
    r.episodes.add(p.episode.ids.trakt);
    const s = r.shows.get(p.show.ids.trakt) ?? { show: p.show, episodes: new Set(), plays: 0 };
    s.episodes.add(p.episode.ids.trakt);
    s.plays += 1;
    r.shows.set(p.show.ids.trakt, s);
  }
  r.topShows = [...r.shows.values()].map((s) => ({ title: s.show.title, episodes: s.episodes.size, plays: s.plays }))
    .sort((a, b) => b.episodes - a.episodes || b.plays - a.plays || byteOrder(a.title, b.title)).slice(0, 5);
  r.topGenres = [...r.genres].sort((a, b) => b[1] - a[1] || byteOrder(a[0], b[0])).slice(0, 5);
  const busiest = r.months.indexOf(Math.max(...r.months));
  const byTime = [...plays].sort((a, b) => Date.parse(a.watched_at) - Date.parse(b.watched_at) || a.id - b.id);
  r.hours = Math.round(r.minutes / 60);
  r.lines = plays.length === 0 ? [`No plays in ${year} on Trakt.`] : [
    `${year}: ${counted(plays.length, 'play')}, ${counted(r.hours, 'hour')} · ${counted(r.movies.size, 'movie')}, ${counted(r.episodes.size, 'episode')}`,
    `Top shows: ${r.topShows.map((s) => `${s.title} (${counted(s.episodes, 'episode')})`).join(', ')}`,
    `Top genres: ${r.topGenres.map(([g, c]) => `${g} (${n(c)})`).join(', ')}`,
    `Busiest month: ${MONTHS[busiest]} (${counted(r.months[busiest], 'play')})`,
    `First play: ${historyLine(byTime[0], tz)}; last: ${historyLine(byTime.at(-1), tz)}`,
    ...(r.noRuntime ? [`(No runtime on Trakt for ${counted(r.noRuntime, 'play')}: their time is not counted.)`] : []),
  ];
  r.busiest = { month: busiest + 1, name: MONTHS[busiest], plays: r.months[busiest] };
  r.first = byTime[0];
  r.last = byTime.at(-1);
  return r;
}

// The requests the stand-in received while `fn` ran.
async function requestsDuring(w, fn) {
  const before = (await w.standin.apiLog()).length;
  const out = await fn();
  return { out, log: (await w.standin.apiLog()).slice(before) };
}

async function review(p, args, opts = {}) {
  const r = await p.request('tools/call', { name: 'get_year_in_review', arguments: args }, opts);
  assert.ok(r.result && !r.result.isError, JSON.stringify(r));
  assert.doesNotMatch(textOf(r.result), FORBIDDEN_WORDS);
  return r.result;
}

function checkStructured(s, want, year) {
  assert.equal(s.year, year);
  assert.equal(s.plays, want.plays);
  assert.equal(s.minutes, want.minutes);
  assert.equal(s.hours, want.hours);
  assert.equal(s.movies, want.movies.size);
  assert.equal(s.episodes, want.episodes.size);
  assert.equal(s.movie_plays + s.episode_plays, want.plays);
  assert.equal(s.no_runtime, want.noRuntime);
  assert.deepEqual(s.plays_by_month, want.months);
  assert.deepEqual(s.top_shows.map((x) => [x.show.title, x.episodes, x.plays]), want.topShows.map((x) => [x.title, x.episodes, x.plays]));
  assert.deepEqual(s.top_genres.map((x) => [x.genre, x.plays]), want.topGenres);
  assert.deepEqual(s.busiest_month, want.busiest);
  assert.equal(s.first_play.id, want.first.id);
  assert.equal(s.last_play.id, want.last.id);
}

test('get_year_in_review: 2026 from the fixture history, exact lines and figures, schema, read-only', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const tool = await p.listedTool('get_year_in_review');
  assert.equal(tool.annotations.readOnlyHint, true);
  assert.deepEqual(Object.keys(tool.inputSchema.properties), ['year']);
  assert.ok(!tool.inputSchema.required?.length, 'year is optional');
  const size = JSON.stringify({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema }).length;
  assert.ok(size <= 420, `get_year_in_review takes ${size} bytes of tools/list (budget 420)`);

  const { out, log } = await requestsDuring(w, () => review(p, { year: 2026 }));
  const want = oracle(historyItems(600), 2026, 'UTC');
  assert.equal(want.plays, 600, 'every fixture play is in 2026');
  assert.equal(textOf(out), want.lines.join('\n'));
  const validate = await outputValidator(tool);
  assert.ok(validate(out.structuredContent), JSON.stringify(validate.errors));
  checkStructured(out.structuredContent, want, 2026);

  const pages = log.filter((e) => e.path === '/sync/history');
  assert.equal(pages.length, 3, '600 plays: 3 pages of 250');
  for (const e of pages) {
    const q = new URLSearchParams(e.query);
    assert.equal(q.get('start_at'), '2026-01-01T00:00:00.000Z');
    assert.equal(q.get('end_at'), '2026-12-31T23:59:59.999Z');
    assert.equal(q.get('extended'), 'full');
    assert.equal(q.get('limit'), '250');
  }
});

// Each play's overview padded like Trakt's: a 250-play page of about 800 KB, 12 of them.
const HEAVY = { heavy_year: 2025, full_overview_bytes: 2000 };
const FULL_YEAR = 'start_at=2025-01-01T00:00:00.000Z&end_at=2025-12-31T23:59:59.999Z&extended=full';

test('a heavy year: 3,000 plays, page 1 then the rest four at a time, then remembered', async (t) => {
  const w = await world(t, { config: { ...HEAVY, delay_ms: 60 } });
  const p = await w.spawn();
  const { out, log } = await requestsDuring(w, () => review(p, { year: 2025 }, { meta: { progressToken: 'year' } }));
  const want = oracle(historyItems(600).concat(heavyYearItems(2025)), 2025, 'UTC');
  assert.equal(want.plays, 3000);
  const progress = p.notifications.filter((m) => m.method === 'notifications/progress' && m.params?.progressToken === 'year');
  assert.deepEqual(progress.map((m) => [m.params.progress, m.params.total]), [[1, 12], [5, 12], [9, 12], [12, 12]]);
  assert.equal(want.busiest.name, 'March');
  assert.equal(textOf(out), want.lines.join('\n'));
  checkStructured(out.structuredContent, want, 2025);
  const validate = await outputValidator(await p.listedTool('get_year_in_review'));
  assert.ok(validate(out.structuredContent), JSON.stringify(validate.errors));

  // Page 1 alone (it tells how many there are), then pages 2-12 four at a time.
  const pages = log.filter((e) => e.path === '/sync/history');
  const page = (e) => Number(new URLSearchParams(e.query).get('page'));
  assert.deepEqual(pages.map(page).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const first = pages.find((e) => page(e) === 1);
  for (const e of pages) if (e !== first) assert.ok(e.t >= first.t + first.ms - 1, `page ${page(e)} waited for page 1`);
  let most = 0;
  for (const e of pages) most = Math.max(most, pages.filter((o) => o.t <= e.t && e.t < o.t + o.ms).length);
  assert.equal(most, 4, 'four pages in flight at once');

  // Asked again: nothing changed, so only last_activities is asked, though the pages were too
  // big to keep (the read cache holds 4 MiB).
  const again = await requestsDuring(w, () => review(p, { year: 2025 }));
  assert.deepEqual(again.log.map((e) => e.path), ['/sync/last_activities']);
  assert.equal(textOf(again.out), textOf(out));
  assert.deepEqual(again.out.structuredContent, out.structuredContent);
  const page1 = await w.standin.api(`/sync/history?${FULL_YEAR}&page=1&limit=250`, w.tokens.access_token);
  const bytes = Buffer.byteLength(page1.text);
  assert.ok(bytes / 250 > 2500 && bytes * 12 > 2 * 4 * 2 ** 20, `a play weighs ${bytes / 250} bytes`);
});

// The year as the stand-in serves it now, by local date in UTC.
async function yearNow(w) {
  const items = await w.standin.apiAll('/sync/history?start_at=2025-01-01T00:00:00.000Z&end_at=2025-12-31T23:59:59.999Z', w.tokens.access_token);
  return oracle(items, 2025, 'UTC');
}

test('the remembered review goes when a play is added or watched_at moves elsewhere', async (t) => {
  const w = await world(t, { config: HEAVY });
  const p = await w.spawn();
  const pagesOf = (log) => log.filter((e) => e.path === '/sync/history').length;
  const first = await review(p, { year: 2025 });
  assert.match(textOf(first), /^2025: 3,000 plays, /);

  // A play in 2025 through the server itself: the write drops the review, and Trakt's watched_at moves.
  const heat = await p.request('tools/call', {
    name: 'mark_watched', arguments: { items: [{ type: 'movie', ids: { trakt: 1234 } }], watched_at: '2025-06-15T20:00:00Z' },
  });
  assert.ok(heat.result && !heat.result.isError, JSON.stringify(heat));
  const after = await requestsDuring(w, () => review(p, { year: 2025 }));
  assert.equal(pagesOf(after.log), 13, '3,001 plays: every page read again');
  const want = await yearNow(w);
  assert.equal(want.plays, 3001);
  assert.equal(textOf(after.out), want.lines.join('\n'));
  checkStructured(after.out.structuredContent, want, 2025);
  assert.equal(after.out.structuredContent.movie_plays, first.structuredContent.movie_plays + 1);
  const kept = await requestsDuring(w, () => review(p, { year: 2025 }));
  assert.deepEqual(kept.log.map((e) => e.path), ['/sync/last_activities'], 'remembered again');
  assert.equal(textOf(kept.out), textOf(after.out));

  // Watched elsewhere (another app): only last_activities says so; the review is not trusted.
  await w.standin.control('POST', '/__standin/activity', { fields: ['episodes.watched_at'] });
  const moved = await requestsDuring(w, () => review(p, { year: 2025 }));
  assert.equal(pagesOf(moved.log), 13);
  assert.equal(textOf(moved.out), textOf(after.out));
  // Another year's review is its own: 2026 is read, 2025 still remembered.
  assert.ok(pagesOf((await requestsDuring(w, () => review(p, { year: 2026 }))).log) > 0);
  const still = await requestsDuring(w, () => review(p, { year: 2025 }));
  assert.deepEqual(still.log.map((e) => e.path), ['/sync/last_activities']);
});

test('a year without plays says so; the default year is this year', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  const tool = await p.listedTool('get_year_in_review');
  const validate = await outputValidator(tool);
  const none = await review(p, { year: 2019 });
  assert.equal(textOf(none), 'No plays in 2019 on Trakt.');
  assert.ok(validate(none.structuredContent), JSON.stringify(validate.errors));
  assert.deepEqual(none.structuredContent, {
    year: 2019, plays: 0, movie_plays: 0, episode_plays: 0, minutes: 0, hours: 0, movies: 0, episodes: 0,
    no_runtime: 0, plays_by_month: [], top_shows: [], top_genres: [],
  });

  const thisYear = new Date().getUTCFullYear();  // TZ=UTC in this world
  const given = await review(p, { year: thisYear });
  const { out, log } = await requestsDuring(w, () => review(p, {}));
  assert.equal(textOf(out), textOf(given));
  assert.equal(out.structuredContent.year, thisYear);
  assert.deepEqual(log.map((e) => e.path), ['/sync/last_activities'], 'the same pages as the year given');
});

test('Europe/Paris: the year is the local one (window and plays at its edges)', async (t) => {
  const w = await world(t, { tz: 'Europe/Paris', config: { heavy_year: 2025 } });
  const p = await w.spawn();
  const { out, log } = await requestsDuring(w, () => review(p, { year: 2025 }));
  const want = oracle(historyItems(600).concat(heavyYearItems(2025)), 2025, 'Europe/Paris');
  assert.equal(want.first.watched_at, '2024-12-31T23:30:00.000Z', 'New Year in Paris is still 2024 in UTC');
  assert.match(want.lines.at(-2) ?? '', /^First play: 2025-01-01 /);
  assert.equal(textOf(out), want.lines.join('\n'));
  checkStructured(out.structuredContent, want, 2025);
  const q = new URLSearchParams(log.find((e) => e.path === '/sync/history').query);
  assert.equal(q.get('start_at'), '2024-12-31T23:00:00.000Z');
  assert.equal(q.get('end_at'), '2025-12-31T22:59:59.999Z');
});

test('the year argument: its range, and no login', async (t) => {
  const w = await world(t);
  const p = await w.spawn();
  for (const year of [1899, 2101, '2025']) {
    const r = await p.request('tools/call', { name: 'get_year_in_review', arguments: { year } });
    assert.equal(r.result.isError, true, JSON.stringify(r));
    assert.match(textOf(r.result), /year/);
  }
  const cli = await w.run(['call', 'get_year_in_review', '--arg', 'year=2019']);
  assert.equal(cli.code, 0, cli.stderr);
  assert.equal(cli.stdout.trim(), 'No plays in 2019 on Trakt.');

  const nobody = await world(t, { login: false });
  const r = await nobody.run(['call', 'get_year_in_review']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /trakt-mcp login/);
});

test('the stand-in: extended=full adds runtimes and genres; the heavy year pages like Trakt', async (t) => {
  const w = await world(t, { config: { heavy_year: 2025 } });
  const q = 'start_at=2025-01-01T00:00:00.000Z&end_at=2025-12-31T23:59:59.999Z';
  const full = await w.standin.api(`/sync/history?${q}&extended=full&page=12&limit=250`, w.tokens.access_token);
  assert.equal(full.headers['x-pagination-page-count'], '12');
  assert.equal(full.headers['x-pagination-item-count'], '3000');
  assert.equal(full.json.length, 250);
  const ep = full.json.find((x) => x.type === 'episode' && x.show.runtime !== null);
  assert.equal(typeof ep.episode.runtime, 'number');
  assert.ok(ep.show.genres.length > 0 && 'overview' in ep.show && 'aired_episodes' in ep.show, JSON.stringify(ep));
  const plain = await w.standin.api(`/sync/history?${q}&page=12&limit=250`, w.tokens.access_token);
  assert.deepEqual(plain.json.map((x) => x.id), full.json.map((x) => x.id));
  for (const x of plain.json) assert.deepEqual(Object.keys(x[x.type]), x.type === 'movie' ? ['title', 'year', 'ids'] : ['season', 'number', 'title', 'ids']);
});

test('Trakt trouble is an isError that says so, and is not remembered', async (t) => {
  const w = await world(t, { config: { heavy_year: 2025 } });
  const p = await w.spawn();
  await w.standin.fault({ path: '/sync/history', times: 1, action: 'respond', status: 500 });
  const r = await p.request('tools/call', { name: 'get_year_in_review', arguments: { year: 2025 } });
  assert.equal(r.result.isError, true, JSON.stringify(r));
  assert.match(textOf(r.result), /Trakt is having trouble \(HTTP 500/);
  const again = await review(p, { year: 2025 });
  assert.match(textOf(again), /^2025: 3,000 plays, /);
});
