// get_upcoming type=shows|movies|all over MCP stdio and `trakt-mcp call` against the stand-in:
// exact lines computed from the stand-in's fixtures (episodes by local air date, movies by
// release date, one list for "all"), the default still episodes only, the empty-window sentence,
// a bad type named, and structuredContent valid against the declared outputSchema.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  world, requireBinary, linesOf, textOf, FORBIDDEN_WORDS, upcomingLine, localDate, outputValidator,
} from './harness.mjs';

import { calendarItems, calendarMovies } from '../standin/fixtures.mjs';

requireBinary();

const present = (v) => v !== null && v !== undefined && v !== '';
const movieLine = (it) =>
  `${it.released} [M] ${it.movie.title}${present(it.movie.year) ? ` (${it.movie.year})` : ''}`;

// The "all" list: by date (episodes by local air date); on one day episodes first, in air order.
function allLines(start, days, tz) {
  const rows = [
    ...calendarItems(start, days).map((it, i) => ({ date: localDate(it.first_aired, tz), kind: 0, i, line: upcomingLine(it, tz) })),
    ...calendarMovies(start, days).map((it, i) => ({ date: it.released, kind: 1, i, line: movieLine(it) })),
  ];
  rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || a.kind - b.kind || a.i - b.i);
  return rows.map((r) => r.line);
}

/** Calls get_upcoming and returns {result, paths}: the calendar paths it requested. */
async function call(w, p, args) {
  const before = (await w.standin.apiLog()).length;
  const result = await p.callToolResult('get_upcoming', args);
  const paths = (await w.standin.apiLog()).slice(before).map((e) => e.path).filter((x) => x.startsWith('/calendars/'));
  return { result, paths: paths.sort() };
}

function checkResult(result, validate) {
  assert.notEqual(result.isError, true, textOf(result));
  assert.doesNotMatch(textOf(result), FORBIDDEN_WORDS);
  assert.ok(validate(result.structuredContent), JSON.stringify(validate.errors));
  const s = result.structuredContent;
  assert.equal(s.count, s.episodes.length + s.movies.length);
}

describe('get_upcoming with movies (TZ=UTC)', () => {
  let w;
  let p;
  let validate;
  before(async () => {
    w = await world(null, { tz: 'UTC' });
    p = await w.spawn();
    const tool = await p.listedTool('get_upcoming');
    validate = await outputValidator(tool);
  });
  after(async () => { await w?.close(); });

  test('tools/list: type is shows|movies|all, default shows; the outputSchema has movies', async () => {
    const tool = await p.listedTool('get_upcoming');
    const type = tool.inputSchema.properties.type;
    assert.deepEqual(type.enum, ['shows', 'movies', 'all']);
    assert.equal(type.default, 'shows');
    assert.ok(!(tool.inputSchema.required ?? []).includes('type'));
    assert.match(tool.description, /movies/);
    assert.equal(tool.outputSchema.properties.movies.type, 'array');
    assert.ok(tool.outputSchema.required.includes('episodes'));
  });

  test('type=movies: one line per release, year left out when unknown, Unicode intact', async () => {
    const { result, paths } = await call(w, p, { type: 'movies', start_date: '2026-12-01', days: 14 });
    checkResult(result, validate);
    assert.deepEqual(paths, ['/calendars/my/movies/2026-12-01/14']);
    assert.deepEqual(linesOf(result), [
      '2026-12-05 [M] Die Brücke über den Fluss (2026)',
      '2026-12-05 [M] Untitled Pixar Film',
      '2026-12-12 [M] ゴジラ 🦖 続編 (2026)',
    ]);
    assert.deepEqual(linesOf(result), calendarMovies('2026-12-01', 14).map(movieLine));
    const s = result.structuredContent;
    assert.equal(s.type, 'movies');
    assert.equal(s.count, 3);
    assert.deepEqual(s.episodes, []);
    const first = calendarMovies('2026-12-01', 14)[0];
    assert.deepEqual(s.movies[0], { ...first, poster: `trakt://poster/movie/${first.movie.ids.trakt}` });
    assert.equal(s.movies[1].released, '2026-12-05');
    assert.ok(!('year' in s.movies[1].movie), 'an unknown year is left out, not null');
    assert.ok(!('imdb' in s.movies[1].movie.ids));
  });

  test('type=all: episodes and movies in one list by date', async () => {
    const { result, paths } = await call(w, p, { type: 'all', start_date: '2026-12-03', days: 7 });
    checkResult(result, validate);
    assert.deepEqual(paths, ['/calendars/my/movies/2026-12-03/7', '/calendars/my/shows/2026-12-03/7']);
    const lines = linesOf(result);
    assert.deepEqual(lines, allLines('2026-12-03', 7, 'UTC'));
    assert.equal(lines.length, 15);
    // 2026-12-05 is a Saturday: its one airing, then the two releases.
    const sat = lines.indexOf('2026-12-05 Café 🎬 S01E02 - Mise en place');
    assert.deepEqual(lines.slice(sat, sat + 3), [
      '2026-12-05 Café 🎬 S01E02 - Mise en place',
      '2026-12-05 [M] Die Brücke über den Fluss (2026)',
      '2026-12-05 [M] Untitled Pixar Film',
    ]);
    const s = result.structuredContent;
    assert.equal(s.type, 'all');
    assert.equal(s.count, 15);
    assert.equal(s.episodes.length, 13);
    assert.equal(s.movies.length, 2);
  });

  test('no type: episodes only, as before', async () => {
    // type=all above read this very window: move last_activities so it is read again.
    await w.standin.control('POST', '/__standin/activity', {});
    const { result, paths } = await call(w, p, { start_date: '2026-12-03', days: 7 });
    checkResult(result, validate);
    assert.deepEqual(paths, ['/calendars/my/shows/2026-12-03/7']);
    assert.deepEqual(linesOf(result), calendarItems('2026-12-03', 7).map((it) => upcomingLine(it, 'UTC')));
    const s = result.structuredContent;
    assert.equal(s.type, 'shows');
    assert.equal(s.count, 13);
    assert.deepEqual(s.movies, []);
  });

  test('an empty window says what is empty', async () => {
    const { result } = await call(w, p, { type: 'movies', start_date: '2026-12-01', days: 4 });
    checkResult(result, validate);
    assert.equal(textOf(result), 'No movies of yours are released from 2026-12-01 to 2026-12-04.');
    assert.equal(result.structuredContent.count, 0);
    assert.deepEqual(result.structuredContent.movies, []);
  });

  test('a bad type is refused and named', async () => {
    const result = await p.callToolResult('get_upcoming', { type: 'films' });
    assert.equal(result.isError, true);
    assert.equal(textOf(result), 'Invalid argument "type": must be one of shows, movies, all (got "films").');
    assert.doesNotMatch(textOf(result), FORBIDDEN_WORDS);
  });
});

describe('get_upcoming type=all in TZ=Pacific/Auckland', () => {
  let w;
  before(async () => { w = await world(null, { tz: 'Pacific/Auckland' }); });
  after(async () => { await w?.close(); });

  test('episodes sort by their local air date among the movies', async () => {
    const p = await w.spawn();
    const { result } = await call(w, p, { type: 'all', start_date: '2026-12-03', days: 7 });
    assert.notEqual(result.isError, true, textOf(result));
    const lines = linesOf(result);
    assert.deepEqual(lines, allLines('2026-12-03', 7, 'Pacific/Auckland'));
    assert.notDeepEqual(lines, allLines('2026-12-03', 7, 'UTC'), 'the time zone changes the list');
  });

  test('trakt-mcp call get_upcoming --arg type=movies', async () => {
    const r = await w.run(['call', 'get_upcoming', '--arg', 'type=movies', '--arg', 'start_date=2026-12-01',
      '--arg', 'days=14']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), calendarMovies('2026-12-01', 14).map(movieLine));
    const bad = await w.run(['call', 'get_upcoming', '--arg', 'type=films']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr + bad.stdout, /type/);
  });
});
